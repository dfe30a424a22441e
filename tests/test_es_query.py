"""Unit tests of the pure Elasticsearch query builder (no cluster, no stub)."""
from __future__ import annotations

import json

from core.catalog.es_query import (GENRE_BONUS, TEXT_FIELDS, build_bool, build_search_body, build_title_body,
                                   build_vocab_body)
from core.models import Filters, SearchQuery


def body(limit: int = 50, exclude_ids: list[str] | None = None, **filters) -> dict:
    return build_search_body(SearchQuery(filters=Filters(**filters), limit=limit, exclude_ids=exclude_ids or []))


def bool_of(b: dict) -> dict:
    return b["query"]["function_score"]["query"]["bool"]


def test_empty_query_ranks_by_quality_only():
    b = body(limit=7)
    assert b["size"] == 7
    fs = b["query"]["function_score"]
    assert fs["functions"] == [{"field_value_factor": {"field": "quality", "factor": 1.0, "missing": 0}}]
    assert fs["boost_mode"] == "replace" and fs["score_mode"] == "sum"
    assert bool_of(b) == {"filter": []}
    assert b["sort"] == [{"_score": "desc"}, {"id": "asc"}]


def test_people_are_folded_and_match_full_or_last_name():
    b = bool_of(body(directors=["Bong Joon-ho", "BONG JOON HO"], actors=["Song Kang-ho"]))
    director, actor = b["filter"]
    assert director == {"bool": {"should": [{"terms": {"director_keys": ["bongjoonho"]}},
                                            {"terms": {"director_last_keys": ["bongjoonho"]}}],
                                 "minimum_should_match": 1}}
    assert actor["bool"]["should"][0] == {"terms": {"actor_keys": ["songkangho"]}}


def test_genres_any_gets_a_bonus_per_matching_genre():
    b = body(genres=["Crime", "Sci-Fi"])
    assert bool_of(b)["filter"] == [{"terms": {"genre_keys": ["crime", "scifi"]}}]
    bonus = b["query"]["function_score"]["functions"][1:]
    assert bonus == [{"filter": {"term": {"genre_keys": g}}, "weight": GENRE_BONUS} for g in ("crime", "scifi")]


def test_genres_all_is_one_term_filter_per_genre_and_no_bonus():
    b = body(genres=["Crime", "Thriller"], genre_mode="all")
    assert bool_of(b)["filter"] == [{"term": {"genre_keys": "crime"}}, {"term": {"genre_keys": "thriller"}}]
    assert len(b["query"]["function_score"]["functions"]) == 1


def test_ranges_and_exclusions():
    b = bool_of(body(year_min=1990, year_max=1999, max_runtime=120, min_critic_score=70, exclude_genres=["Horror"],
                     exclude_titles=["Host, The", "Oldboy"], countries=["South Korea"], languages=["Korean"],
                     exclude_ids=["tt2", "tt1", "tt2"]))
    assert {"range": {"year": {"gte": 1990, "lte": 1999}}} in b["filter"]
    assert {"range": {"runtime": {"lte": 120}}} in b["filter"]
    assert {"range": {"critic_score": {"gte": 70}}} in b["filter"]
    assert {"terms": {"country_keys": ["southkorea"]}} in b["filter"]
    assert {"terms": {"primary_language_keys": ["korean"]}} in b["filter"]
    assert b["must_not"] == [{"terms": {"genre_keys": ["horror"]}}, {"terms": {"title_key": ["oldboy", "the host"]}},
                             {"terms": {"id": ["tt1", "tt2"]}}]
    assert "should" not in b


def test_only_year_min():
    assert bool_of(body(year_min=2000))["filter"] == [{"range": {"year": {"gte": 2000}}}]


def test_free_text_is_a_required_should_and_adds_relevance():
    b = body(text="  Joon-ho  MEMORIES ", year_min=2000)
    bq = bool_of(b)
    (mm,) = bq["should"]
    assert bq["minimum_should_match"] == 1
    assert mm["multi_match"]["query"] == "joon ho memories"
    assert mm["multi_match"]["operator"] == "and" and mm["multi_match"]["type"] == "cross_fields"
    assert mm["multi_match"]["fields"] == TEXT_FIELDS
    assert b["query"]["function_score"]["boost_mode"] == "sum"


def test_punctuation_only_text_is_no_text():
    b = body(text=" -- ")
    assert "should" not in bool_of(b) and b["query"]["function_score"]["boost_mode"] == "replace"


def test_body_is_json_serialisable_and_deterministic():
    q = dict(directors=["Park Chan-wook"], genres=["Thriller", "Drama"], text="revenge", exclude_ids=["b", "a"])
    assert json.dumps(body(**q), sort_keys=True) == json.dumps(body(**q), sort_keys=True)


def test_title_body_orders_exact_then_prefix_then_contains():
    b = build_title_body("Host, The", year=2006, limit=3)
    fs = b["query"]["function_score"]
    should = fs["query"]["bool"]["filter"][0]["bool"]["should"]
    assert should == [{"term": {"title_key": "the host"}}, {"prefix": {"title_key": "the host"}},
                      {"wildcard": {"title_key": "*the host*"}}, {"term": {"alias_keys": "the host"}},
                      {"prefix": {"alias_keys": "the host"}}, {"wildcard": {"alias_keys": "*the host*"}}]
    assert fs["query"]["bool"]["filter"][1] == {"range": {"year": {"gte": 2005, "lte": 2007}}}
    assert [f.get("weight") for f in fs["functions"]] == [2, 1, None]
    assert b["size"] == 3 and build_title_body("?!") is None


def test_vocab_body_paginates_a_composite_aggregation():
    b = build_vocab_body("directors.raw", after={"v": "Bong Joon-ho"}, page=100)
    comp = b["aggs"]["vocab"]["composite"]
    assert b["size"] == 0 and comp["size"] == 100 and comp["after"] == {"v": "Bong Joon-ho"}
    assert comp["sources"] == [{"v": {"terms": {"field": "directors.raw"}}}]


def test_build_bool_is_reused_by_search_body():
    q = SearchQuery(filters=Filters(actors=["Tom Hanks"]))
    assert build_bool(q) == build_search_body(q)["query"]["function_score"]["query"]
