"""The offline reader: what a request asks for, from the catalog's names and titles plus word lists.

The reader's vocabularies live beside it as data files (`data/`), so a new nickname, Korean rendering, topic proxy
or negation cue is a line of JSON, not a code change.
"""
