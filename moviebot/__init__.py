"""The entry package: the terminal app and the wiring that joins core, bot and sasrec.

`core` knows nothing of Discord or torch; this package is the only one that imports all three.
"""
