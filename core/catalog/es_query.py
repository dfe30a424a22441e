"""Pure translation of catalog requests into Elasticsearch query DSL (no I/O: unit-testable).

The semantics are those of the SQLite catalog (core/catalog/sqlite.py), field by field:

* names, genres, countries, primary languages are matched on `*_keys` keyword fields that hold
  `core.text.squash(value)` (case, accents, hyphens and spacing folded away), exactly like the
  SQLite `name_key`/`value_key` columns; directors/actors also match on `*_last_keys` (last name);
* free text: every folded word must appear in the title, the people or the tags (SQLite FTS5
  `"w1" "w2"`), i.e. `multi_match` `cross_fields` with `operator: and` over the pre-folded
  `*_folded` fields, weighted title 10 / people 2 / tags 1 like SQLite's bm25 weights;
* ranking: `function_score` = quality (`field_value_factor`) + 0.15 per asked-for genre the film
  has (genre_mode "any"), plus the scaled text relevance when there is free text.
"""
from __future__ import annotations

from typing import Any

from core.models import SearchQuery
from core.text import fold, squash, title_key

GENRE_BONUS = 0.15  # same as the SQLite backend
TEXT_WEIGHT = 0.01  # SQLite uses 0.05 * FTS5 bm25; per-field Lucene BM25 runs ~5x larger here
TEXT_FIELDS = ["title_folded^10", "people_folded^2", "tags_folded^1"]


def _keys(values: list[str]) -> list[str]:
    return sorted({k for k in (squash(v) for v in values) if k})


def _person_filter(role: str, names: list[str]) -> dict:
    keys = _keys(names)
    return {"bool": {"should": [{"terms": {f"{role}_keys": keys}}, {"terms": {f"{role}_last_keys": keys}}],
                     "minimum_should_match": 1}}


def build_bool(query: SearchQuery) -> dict[str, Any]:
    """The `bool` part: filter = hard constraints, should = free text, must_not = exclusions."""
    f = query.filters
    filters: list[dict] = []
    must_not: list[dict] = []
    should: list[dict] = []
    if f.directors:
        filters.append(_person_filter("director", f.directors))
    if f.actors:
        filters.append(_person_filter("actor", f.actors))
    genres = _keys(f.genres)
    if genres and f.genre_mode == "all":
        filters += [{"term": {"genre_keys": g}} for g in genres]
    elif genres:
        filters.append({"terms": {"genre_keys": genres}})
    if f.exclude_genres:
        must_not.append({"terms": {"genre_keys": _keys(f.exclude_genres)}})
    if f.countries:
        filters.append({"terms": {"country_keys": _keys(f.countries)}})
    if f.languages:
        filters.append({"terms": {"primary_language_keys": _keys(f.languages)}})
    years: dict[str, int] = {}
    if f.year_min is not None:
        years["gte"] = f.year_min
    if f.year_max is not None:
        years["lte"] = f.year_max
    if years:
        filters.append({"range": {"year": years}})
    if f.max_runtime is not None:  # a missing runtime never satisfies a range (SQL: runtime IS NOT NULL)
        filters.append({"range": {"runtime": {"lte": f.max_runtime}}})
    if f.min_runtime is not None:
        filters.append({"range": {"runtime": {"gte": f.min_runtime}}})
    if f.oscar == "won":
        filters.append({"range": {"oscars": {"gt": 0}}})
    elif f.oscar == "nominated":
        filters.append({"term": {"oscar_nominated": True}})
    if f.min_critic_score is not None:  # critic_score = COALESCE(metacritic, critics_meter), set at index time
        filters.append({"range": {"critic_score": {"gte": f.min_critic_score}}})
    if f.exclude_titles:
        keys = sorted({k for k in (title_key(t) for t in f.exclude_titles) if k})
        if keys:
            must_not.append({"terms": {"title_key": keys}})
    if query.exclude_ids:
        must_not.append({"terms": {"id": sorted(set(query.exclude_ids))}})
    text = fold(f.text or "")
    body: dict[str, Any] = {"filter": filters}
    if text:
        # The clause demands every word (operator and), so minimum_should_match=1 keeps free text a
        # hard constraint, as in SQLite, while its relevance is the only scoring part of the bool.
        should.append({"multi_match": {"query": text, "type": "cross_fields", "operator": "and",
                                       "fields": TEXT_FIELDS, "boost": TEXT_WEIGHT}})
        body["should"] = should
        body["minimum_should_match"] = 1
    if must_not:
        body["must_not"] = must_not
    return {"bool": body}


def build_search_body(query: SearchQuery) -> dict[str, Any]:
    """The whole `_search` request body for `Catalog.search`."""
    f = query.filters
    functions: list[dict] = [{"field_value_factor": {"field": "quality", "factor": 1.0, "missing": 0}}]
    if f.genres and f.genre_mode == "any":
        functions += [{"filter": {"term": {"genre_keys": g}}, "weight": GENRE_BONUS} for g in _keys(f.genres)]
    has_text = bool(fold(f.text or ""))
    return {
        "size": max(0, query.limit),
        "track_total_hits": False,
        "query": {"function_score": {
            "query": build_bool(query),
            "functions": functions,
            "score_mode": "sum",
            # Without text the bool query only filters (score 0): the functions are the score.
            "boost_mode": "sum" if has_text else "replace",
        }},
        "sort": [{"_score": "desc"}, {"id": "asc"}],
    }


def build_title_body(title: str, year: int | None = None, limit: int = 5) -> dict[str, Any] | None:
    """`find_titles`: exact folded title (or localized alias) first, then prefix, then contains; popular first.

    Scores: exact = 2 + 1 + quality, prefix = 1 + quality, contains = quality (quality < 1).
    """
    key = title_key(title)
    if not key:
        return None
    wild = key.replace("\\", "\\\\").replace("*", "\\*").replace("?", "\\?")
    filters: list[dict] = [{"bool": {"should": [{"term": {"title_key": key}}, {"prefix": {"title_key": key}},
                                                {"wildcard": {"title_key": f"*{wild}*"}},
                                                {"term": {"alias_keys": key}}, {"prefix": {"alias_keys": key}},
                                                {"wildcard": {"alias_keys": f"*{wild}*"}}],
                                     "minimum_should_match": 1}}]
    if year:
        filters.append({"range": {"year": {"gte": year - 1, "lte": year + 1}}})
    return {
        "size": limit,
        "track_total_hits": False,
        "query": {"function_score": {
            "query": {"bool": {"filter": filters}},
            "functions": [{"filter": {"bool": {"should": [{"term": {"title_key": key}},
                                                          {"term": {"alias_keys": key}}]}}, "weight": 2},
                          {"filter": {"bool": {"should": [{"prefix": {"title_key": key}},
                                                          {"prefix": {"alias_keys": key}}]}}, "weight": 1},
                          {"field_value_factor": {"field": "quality", "factor": 1.0, "missing": 0}}],
            "score_mode": "sum",
            "boost_mode": "replace",
        }},
        "sort": [{"_score": "desc"}, {"id": "asc"}],
    }


VOCAB_FIELDS = {"directors": "directors.raw", "actors": "cast.raw", "genres": "genres.raw",
                "countries": "countries.raw", "languages": "languages.raw"}


def build_vocab_body(field: str, after: dict | None = None, page: int = 1000) -> dict[str, Any]:
    """One page of a composite aggregation over a keyword field (paginate with `after_key`)."""
    composite: dict[str, Any] = {"size": page, "sources": [{"v": {"terms": {"field": field}}}]}
    if after:
        composite["after"] = after
    return {"size": 0, "track_total_hits": False, "aggs": {"vocab": {"composite": composite}}}
