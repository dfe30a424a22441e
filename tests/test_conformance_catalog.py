"""One behaviour, every backend: the Catalog contract on SQLite and on Elasticsearch.

Elasticsearch is the ES stub (tests/es_stub.py, which evaluates the query DSL over the bulk-loaded
documents), or a real cluster when ELASTICSEARCH_URL is set (see docs/scale.md). Both backends hold
the same ~300 real films. Expected results come from a pure-Python oracle of the SQLite semantics
over those films; Elasticsearch is also compared with the SQLite reference (order and scores).
"""
from __future__ import annotations

import asyncio
import time

import pytest

from core.catalog.base import Catalog
from core.catalog.elastic import ElasticsearchCatalog, index_catalog, make_client, open_elasticsearch_catalog
from core.catalog.sqlite import SQLiteCatalog
from core.errors import StoreUnavailable
from core.models import Filters, SearchQuery
from core.text import fold, squash, title_key

try:
    from tests.backend_fixtures import (conformance_movies, es_target, free_port, movie_quality,  # noqa: F401
                                        sqlite_catalog_path)
except ImportError:
    from backend_fixtures import (conformance_movies, es_target, free_port, movie_quality,  # noqa: F401
                                  sqlite_catalog_path)


@pytest.fixture(params=["sqlite", "elasticsearch"])
async def catalog(request, sqlite_catalog_path):
    if request.param == "sqlite":
        c = await SQLiteCatalog.open(sqlite_catalog_path)
    else:
        c = await open_elasticsearch_catalog(request.getfixturevalue("es_target").settings())
    yield c
    await c.close()


@pytest.fixture
async def reference(sqlite_catalog_path):
    c = await SQLiteCatalog.open(sqlite_catalog_path)
    yield c
    await c.close()


# ------------------------------------------------------------------------------ the oracle
def _person(names: list[str], query: list[str]) -> bool:
    keys = {squash(q) for q in query}
    return any(squash(n) in keys or (n.split() and squash(n.split()[-1]) in keys) for n in names)


def matches(m, q: SearchQuery) -> bool:
    f = q.filters
    genres = {squash(g) for g in m.genres}
    if f.directors and not _person(m.directors, f.directors):
        return False
    if f.actors and not _person(m.cast, f.actors):
        return False
    want = {squash(g) for g in f.genres}
    if want and not (want <= genres if f.genre_mode == "all" else want & genres):
        return False
    if genres & {squash(g) for g in f.exclude_genres}:
        return False
    if f.countries and not {squash(c) for c in m.countries} & {squash(c) for c in f.countries}:
        return False
    if f.languages and not {squash(c) for c in m.languages[:1]} & {squash(c) for c in f.languages}:
        return False  # the primary (first-listed) language
    if f.year_min is not None and (m.year is None or m.year < f.year_min):
        return False
    if f.year_max is not None and (m.year is None or m.year > f.year_max):
        return False
    if f.max_runtime is not None and (m.runtime is None or m.runtime > f.max_runtime):
        return False
    if f.min_runtime is not None and (m.runtime is None or m.runtime < f.min_runtime):
        return False
    if f.oscar == "won" and not m.oscars:
        return False
    if f.oscar == "nominated" and not (m.oscars or "Oscar" in (m.awards or "")):
        return False
    if f.min_critic_score is not None and (m.critic_score is None or m.critic_score < f.min_critic_score):
        return False
    if title_key(m.title) in {title_key(t) for t in f.exclude_titles}:
        return False
    if m.id in q.exclude_ids:
        return False
    words = fold(f.text or "").split()
    if words:
        bag = set(fold(m.title).split()) | set(fold(" ".join(m.directors + m.cast)).split()) | set(
            fold(" ".join(m.genres + m.countries)).split())
        return all(w in bag for w in words)
    return True


def oracle_score(m, q: SearchQuery) -> float:
    f = q.filters
    bonus = 0.0
    if f.genres and f.genre_mode == "any":
        bonus = 0.15 * len({squash(g) for g in m.genres} & {squash(g) for g in f.genres})
    return movie_quality()[m.id] + bonus


def Q(limit: int = 50, exclude_ids: list[str] | None = None, **filters) -> SearchQuery:
    return SearchQuery(filters=Filters(**filters), limit=limit, exclude_ids=exclude_ids or [])


QUERIES = {
    "director": Q(directors=["Bong Joon-ho"]),
    "director-squashed": Q(directors=["bong joonho"]),
    "director-spaced-caps": Q(directors=["BONG JOON HO"]),
    "director-last-name": Q(directors=["spielberg"]),
    "two-directors": Q(directors=["Park Chan-wook", "Bong Joon-ho"]),
    "actor-years": Q(actors=["Tom Hanks"], year_min=1990, year_max=2005),
    "actor-last-name-no-comedy": Q(actors=["hanks"], exclude_genres=["comedy"]),
    "genres-any": Q(genres=["Crime", "Thriller"], limit=25),
    "genres-all": Q(genres=["crime", "thriller"], genre_mode="all"),
    "country-language": Q(countries=["south korea"], languages=["KOREAN"]),
    "runtime-critics": Q(max_runtime=100, min_critic_score=80),
    "long-films": Q(min_runtime=170, limit=20),
    "runtime-band": Q(min_runtime=90, max_runtime=95, genres=["Comedy"]),
    "primary-language": Q(languages=["Spanish"]),
    "oscar-won-drama": Q(oscar="won", genres=["Drama"], limit=30),
    "oscar-nominated-western": Q(oscar="nominated", genres=["Western"]),
    "exclusions": Q(directors=["Park Chan-wook"], exclude_titles=["oldboy"], exclude_ids=["tt0451094"]),
    "everything": Q(limit=10),
    "director-genre-any": Q(directors=["Steven Spielberg"], genres=["Sci-Fi", "Adventure"]),
    "text-title": Q(text="oldboy"),
    "text-person": Q(text="joon-ho"),
    "text-mixed": Q(text="hanks drama"),
    "text-with-filters": Q(text="war", year_min=1990),
    "nothing": Q(directors=["Nobody Atall"]),
}
TEXT = {k for k, q in QUERIES.items() if q.filters.text}


@pytest.mark.parametrize("name", list(QUERIES))
async def test_search_matches_the_oracle(catalog, name):
    q = QUERIES[name]
    got = await catalog.search(q)
    ids = [c.movie.id for c in got]
    assert len(ids) == len(set(ids))
    movies = {m.id: m for m in conformance_movies()}
    expected = [m for m in movies.values() if matches(m, q)]
    assert all(matches(movies[i], q) for i in ids), "a result violates a hard filter"
    if len(expected) <= q.limit:
        assert set(ids) == {m.id for m in expected}
    else:
        assert len(ids) == q.limit
    if name not in TEXT and got:  # ranking is fully specified: quality + genre bonus, best first
        # Scores are backend-specific up to a constant (e.g. a bonus every result gets): compare the
        # ranking they induce, i.e. each score minus the oracle's, which must be the same for all.
        want = sorted((oracle_score(m, q) for m in expected), reverse=True)[: q.limit]
        shift = got[0].score - want[0]
        assert [c.score - shift for c in got] == pytest.approx(want, rel=1e-5, abs=1e-6)
        assert all(c.score - shift == pytest.approx(oracle_score(movies[c.movie.id], q), rel=1e-5, abs=1e-6)
                   for c in got)
    assert name == "nothing" or ids, "the query should find something in the fixture catalog"


# Free-text relevance is engine-specific (FTS5 bm25 vs Lucene BM25): the top result is compared only
# where it is well-defined (a distinctive title, or quality-only ranking); the sets always.
WELL_DEFINED = {"text-title", "genres-any", "director-genre-any", "actor-years", "everything"}


@pytest.mark.parametrize("name", sorted(TEXT | WELL_DEFINED))
async def test_search_agrees_with_sqlite(catalog, reference, name):
    q = QUERIES[name]
    got, ref = await catalog.search(q), await reference.search(q)
    assert {c.movie.id for c in got} == {c.movie.id for c in ref}
    if name in WELL_DEFINED:
        assert got[0].movie == ref[0].movie


async def test_folded_spellings_agree(catalog):
    sets = [{c.movie.id for c in await catalog.search(QUERIES[k])}
            for k in ("director", "director-squashed", "director-spaced-caps")]
    assert sets[0] == sets[1] == sets[2] and len(sets[0]) >= 5


async def test_search_limit_and_exclude_ids(catalog):
    top = await catalog.search(Q(limit=5))
    assert len(top) == 5
    rest = await catalog.search(Q(limit=5, exclude_ids=[c.movie.id for c in top]))
    assert not {c.movie.id for c in top} & {c.movie.id for c in rest}
    assert rest[0].score <= top[-1].score


@pytest.mark.parametrize("title,year,expected", [
    ("Oldboy", None, "tt0364569"),
    ("the host", None, None),
    ("Host, The", 2006, None),
    ("saving private", None, "tt0120815"),
    ("private ryan", None, "tt0120815"),
    ("jurassic", None, None),
    ("zzz no such film", None, None),
])
async def test_find_titles(catalog, reference, title, year, expected):
    got = await catalog.find_titles(title, year=year, limit=5)
    ref = await reference.find_titles(title, year=year, limit=5)
    assert [m.id for m in got] == [m.id for m in ref]
    if expected:
        assert got[0].id == expected
    key = title_key(title)
    assert all(key in title_key(m.title) for m in got)
    if year:
        assert all(m.year is not None and abs(m.year - year) <= 1 for m in got)


async def test_get_many_and_count(catalog):
    movies = {m.id: m for m in conformance_movies()}
    ids = list(movies)[:40] + ["tt0000000"]
    got = await catalog.get_many(ids)
    assert set(got) == set(ids[:40])
    assert all(got[i] == movies[i] for i in got)  # the whole Movie round-trips
    assert await catalog.get_many([]) == {}
    assert await catalog.count() == len(movies)


async def test_vocabulary(catalog, reference):
    v, ref = await catalog.vocabulary(), await reference.vocabulary()
    movies = conformance_movies()
    assert v.directors["Bong Joon-ho"] == sum("Bong Joon-ho" in m.directors for m in movies) >= 5
    assert v.actors["Tom Hanks"] == sum("Tom Hanks" in m.cast for m in movies) >= 40
    for name in ("directors", "actors", "genres", "countries", "languages"):
        assert getattr(v, name) == getattr(ref, name), name
    assert await catalog.vocabulary() is v  # cached


async def test_protocol(catalog):
    assert isinstance(catalog, Catalog)


# ------------------------------------------------------------------ Elasticsearch specifics
def _stub(es_target):
    if es_target.stub is None:
        pytest.skip("inspects the requests the ES stub recorded (a real cluster is in use)")
    return es_target.stub


def test_es_bulk_mapping_and_alias_swap(es_target):
    stub = _stub(es_target)
    index = es_target.indexed["index"]
    create = [r for r in stub.requests if r.method == "PUT" and r.path == f"/{index}"]
    assert len(create) == 1
    props = create[0].body["mappings"]["properties"]
    for f in ("directors", "cast", "genres", "countries", "languages", "title"):
        assert props[f]["fields"]["raw"]["type"] == "keyword"
    for f in ("director_keys", "actor_last_keys", "genre_keys", "title_key", "id"):
        assert props[f]["type"] == "keyword"
    assert props["year"]["type"] == "integer" and props["quality"]["type"] == "double"
    assert "folding" in create[0].body["settings"]["analysis"]["analyzer"]
    bulk_ids = [ln for r in stub.requests_to("PUT", "/_bulk") + stub.requests_to("POST", "/_bulk") for ln in r.body
                if f'"_index":"{index}"' in ln.replace(" ", "")]
    assert len(bulk_ids) == len(conformance_movies())
    aliases = [r for r in stub.requests if r.path == "/_aliases"]
    assert aliases and {"add": {"index": index, "alias": es_target.alias}} in aliases[-1].body["actions"]


async def test_es_reindex_swaps_the_alias_atomically(es_target):
    stub = _stub(es_target)
    settings = es_target.settings()
    alias = es_target.alias + "-swap"
    es = make_client(settings)
    try:
        first = await index_catalog(es, list(conformance_movies())[:50], alias, progress=False)
        second = await index_catalog(es, list(conformance_movies())[:60], alias, progress=False)
    finally:
        await es.close()
    assert second["previous"] == [first["index"]] and second["indexed"] == 60
    swap = [r for r in stub.requests if r.path == "/_aliases"][-1].body["actions"]
    assert swap == [{"remove": {"index": first["index"], "alias": alias}},
                    {"add": {"index": second["index"], "alias": alias}}]  # one atomic request
    assert first["index"] not in stub.engine.indices  # the old index is gone
    assert stub.engine.aliases[alias] == {second["index"]}
    cat = await open_elasticsearch_catalog(es_target.settings(ELASTICSEARCH_INDEX=alias))
    assert await cat.count() == 60
    await cat.close()


async def test_es_unreachable_is_store_unavailable_within_timeout():
    from core.config import Settings

    settings = Settings(_env_file=None, ELASTICSEARCH_URL=f"http://127.0.0.1:{free_port()}", ELASTICSEARCH_TIMEOUT_S=1.0)
    started = time.perf_counter()
    with pytest.raises(StoreUnavailable, match="unavailable"):
        await open_elasticsearch_catalog(settings)
    assert time.perf_counter() - started < 5
    with pytest.raises(StoreUnavailable, match="ELASTICSEARCH_URL"):
        await open_elasticsearch_catalog(Settings(_env_file=None, ELASTICSEARCH_URL=None))


async def test_es_missing_alias_and_erroring_cluster(es_target):
    stub = _stub(es_target)
    with pytest.raises(StoreUnavailable, match="catalog index"):
        await open_elasticsearch_catalog(es_target.settings(ELASTICSEARCH_INDEX="no-such-alias"))
    cat = await open_elasticsearch_catalog(es_target.settings(ELASTICSEARCH_TIMEOUT_S=1.0))
    assert isinstance(cat, ElasticsearchCatalog)
    stub.fail_with = 503
    try:
        started = time.perf_counter()
        with pytest.raises(StoreUnavailable, match="503"):
            await cat.search(Q(directors=["Bong Joon-ho"]))
        assert time.perf_counter() - started < 10
    finally:
        stub.fail_with = None
        await cat.close()
    await asyncio.sleep(0)


def test_cli_index_to_elasticsearch(es_target, monkeypatch):
    from typer.testing import CliRunner

    import core.catalog.build
    from moviebot.backends_cli import catalog_app

    stub = _stub(es_target)
    monkeypatch.setattr(core.catalog.build, "read_source", lambda path=None: list(conformance_movies())[:120])
    env = {"ELASTICSEARCH_URL": es_target.url, "ELASTICSEARCH_INDEX": "cli-alias"}
    runner = CliRunner()
    for _ in range(2):
        res = runner.invoke(catalog_app, ["index", "--to", "elasticsearch", "--no-progress"], env=env)
        assert res.exit_code == 0, res.output
        assert "indexed 120 movies" in res.output and "alias 'cli-alias'" in res.output
    assert len(stub.engine.aliases["cli-alias"]) == 1
    assert len([i for i in stub.engine.indices if i.startswith("cli-alias-")]) == 1
    res = runner.invoke(catalog_app, ["index", "--to", "solr"], env=env)
    assert res.exit_code == 1
    res = runner.invoke(catalog_app, ["index"], env={**env, "ELASTICSEARCH_URL": f"http://127.0.0.1:{free_port()}",
                                                     "ELASTICSEARCH_TIMEOUT_S": "1"})
    assert res.exit_code == 1 and "failed" in res.output


async def test_services_wiring_falls_back_to_sqlite(sqlite_catalog_path):
    from core.config import Settings
    from core.services import open_catalog

    down = dict(_env_file=None, CATALOG_BACKEND="elasticsearch", CATALOG_PATH=str(sqlite_catalog_path),
                ELASTICSEARCH_URL=f"http://127.0.0.1:{free_port()}", ELASTICSEARCH_TIMEOUT_S=1.0)
    cat = await open_catalog(Settings(**down, CATALOG_FALLBACK_TO_SQLITE=True))
    assert isinstance(cat, SQLiteCatalog)
    await cat.close()
    with pytest.raises(StoreUnavailable):
        await open_catalog(Settings(**down, CATALOG_FALLBACK_TO_SQLITE=False))


async def test_services_wiring_opens_elasticsearch(es_target):
    from core.services import open_catalog

    cat = await open_catalog(es_target.settings())
    assert isinstance(cat, ElasticsearchCatalog) and await cat.count() == len(conformance_movies())
    await cat.close()
