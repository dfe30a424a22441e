"""Elasticsearch catalog: the same `Catalog` contract as the SQLite backend, for a shared cluster.

Index layout (one document per film, `_id` = IMDb id), see `MAPPINGS`:

* the Movie fields as stored (`_source` rebuilds the `Movie`), names/genres/countries/languages as
  `text` with the `folding` analyzer plus a `raw` keyword subfield (exact values, vocabulary aggs);
* `*_keys` / `*_last_keys` keyword fields holding `core.text.squash(value)`: the exact, fully folded
  keys the filters match on, identical to the SQLite `name_key`/`last_key`/`value_key` columns, so
  "Bong Joon-ho", "bong joonho" and "BONG JOON HO" match the same films on both backends;
* `title_folded` / `people_folded` / `tags_folded`: `core.text.fold()`ed text for free-text search
  (the SQLite FTS5 columns), `title_key` for title lookup and exclusion;
* integer `year`, `runtime`, `metacritic`, `critics_meter`, `critic_score` (= COALESCE(metacritic,
  critics_meter)), `reviews`, and the `quality` prior (double) that `function_score` ranks by.

Re-indexing (`index_catalog`) writes a fresh timestamped index, then moves the alias atomically and
deletes the old index: readers never see a half-built index.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from typing import Any, Iterable

from elasticsearch import ApiError, AsyncElasticsearch, NotFoundError, TransportError
from elasticsearch.helpers import async_streaming_bulk

from core.catalog.base import Vocabulary
from core.catalog.build import oscar_nominated, quality_scores
from core.catalog.es_query import VOCAB_FIELDS, build_search_body, build_title_body, build_vocab_body
from core.config import Settings
from core.errors import StoreUnavailable
from core.models import Candidate, Movie, SearchQuery
from core.safety import redact_url
from core.text import fold, squash, title_key

log = logging.getLogger(__name__)

MAX_RETRIES = 2

ANALYSIS: dict[str, Any] = {
    "char_filter": {
        # "Joon-ho" -> "Joonho" inside words, like core.text.squash (the *_keys fields are exact anyway).
        "join_hyphens": {"type": "pattern_replace", "pattern": "(?<=\\p{L})[-\u2010\u2011](?=\\p{L})",
                         "replacement": ""},
    },
    "analyzer": {
        "folding": {"type": "custom", "tokenizer": "standard", "char_filter": ["join_hyphens"],
                    "filter": ["lowercase", "asciifolding"]},
    },
}

_TEXT_RAW = {"type": "text", "analyzer": "folding", "fields": {"raw": {"type": "keyword"}}}
_KOREAN = {"type": "text", "analyzer": "korean"}  # nori when the cluster has it (analysis_for), else standard
_FOLDED = {"type": "text", "analyzer": "folding"}
_KEY = {"type": "keyword"}
_INT = {"type": "integer"}

MAPPINGS: dict[str, Any] = {
    "dynamic": False,
    "properties": {
        "id": _KEY, "title": _TEXT_RAW, "title_key": _KEY,
        "title_folded": _FOLDED, "people_folded": _FOLDED, "tags_folded": _FOLDED,
        "year": _INT, "runtime": _INT, "metacritic": _INT, "critics_meter": _INT, "critic_score": _INT,
        "reviews": _INT, "oscars": _INT, "quality": {"type": "double"},
        "awards": {"type": "text", "index": False},
        "genres": _TEXT_RAW, "directors": _TEXT_RAW, "cast": _TEXT_RAW, "countries": _TEXT_RAW,
        "languages": _TEXT_RAW,
        "director_keys": _KEY, "director_last_keys": _KEY, "actor_keys": _KEY, "actor_last_keys": _KEY,
        "genre_keys": _KEY, "country_keys": _KEY, "language_keys": _KEY, "primary_language_keys": _KEY,
        "oscar_nominated": {"type": "boolean"},
        # IMDb akas and TMDB enrichment: localized titles (searchable in any language), overviews, keywords
        "aliases": {**_TEXT_RAW, "fields": {"raw": {"type": "keyword"}, "ko": _KOREAN}}, "alias_keys": _KEY,
        "title_ko": _KOREAN, "overview": {"type": "text", "analyzer": "folding"}, "overview_ko": _KOREAN,
        "keywords": _TEXT_RAW, "poster_path": {"type": "keyword", "index": False},
        "imdb_rating": {"type": "float"}, "imdb_votes": {"type": "integer"},
    },
}


def analysis_for(plugins: list[str]) -> dict[str, Any]:
    """The index analysis: Korean text through `nori` only when the cluster has the analysis-nori plugin."""
    korean = ({"type": "custom", "tokenizer": "nori_tokenizer", "filter": ["lowercase"]}
              if "analysis-nori" in plugins else {"type": "standard"})
    return {**ANALYSIS, "analyzer": {**ANALYSIS["analyzer"], "korean": korean}}


async def cluster_plugins(es: AsyncElasticsearch) -> list[str]:
    """Installed plugin names; [] when the cluster will not say (then the standard analyzer is used)."""
    try:
        rows: Any = (await es.cat.plugins(format="json")).body
        return sorted({str(r.get("component")) for r in rows if isinstance(r, dict)})
    except Exception as exc:  # an older cluster, a restricted user: the index still works without nori
        log.info("could not list Elasticsearch plugins (%s): no Korean analyzer", exc)
        return []


def _last(name: str) -> str:
    parts = name.split()
    return squash(parts[-1]) if parts else ""


def movie_document(m: Movie, quality: float) -> dict[str, Any]:
    """What gets indexed for one film (the same derived keys the SQLite build writes)."""
    return {
        **m.model_dump(mode="json"),
        "title_key": title_key(m.title),
        "title_folded": fold(" ".join([m.title, *m.aliases, *([m.title_ko] if m.title_ko else [])])),
        "alias_keys": sorted({k for a in [*m.aliases, *([m.title_ko] if m.title_ko else [])]
                              for k in (title_key(a), title_key(a).replace(" ", "")) if k}),
        "people_folded": fold(" ".join(m.directors + m.cast)),
        "tags_folded": fold(" ".join(m.genres + m.countries)),
        "critic_score": m.critic_score,
        "quality": quality,
        "oscar_nominated": oscar_nominated(m),
        "director_keys": [squash(n) for n in m.directors],
        "director_last_keys": [_last(n) for n in m.directors],
        "actor_keys": [squash(n) for n in m.cast],
        "actor_last_keys": [_last(n) for n in m.cast],
        "genre_keys": [squash(g) for g in m.genres],
        "country_keys": [squash(c) for c in m.countries],
        "language_keys": [squash(lang) for lang in m.languages],
        "primary_language_keys": [squash(lang) for lang in m.languages[:1]],
    }


def make_client(settings: Settings, max_retries: int = MAX_RETRIES) -> AsyncElasticsearch:
    if not settings.elasticsearch_url:
        raise StoreUnavailable("Elasticsearch catalog selected but ELASTICSEARCH_URL is not set")
    api_key = settings.elasticsearch_api_key.get_secret_value() if settings.elasticsearch_api_key else None
    return AsyncElasticsearch(
        settings.elasticsearch_url, api_key=api_key, request_timeout=settings.elasticsearch_timeout_s,
        retry_on_timeout=True, max_retries=max_retries,
    )


def _describe(exc: BaseException) -> str:
    if isinstance(exc, ApiError):
        return f"HTTP {exc.meta.status}: {exc.message}"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


class ElasticsearchCatalog:
    def __init__(self, es: AsyncElasticsearch, index: str, timeout_s: float = 5.0,
                 max_retries: int = MAX_RETRIES):
        self.es = es
        self.index = index
        # Each attempt is bounded by request_timeout; this bounds the whole call, retries included.
        self._deadline = timeout_s * (max_retries + 1) + 1.0
        self._vocab: Vocabulary | None = None

    async def _call(self, what: str, coro, deadline: float | None = None) -> Any:
        try:
            return await asyncio.wait_for(coro, deadline or self._deadline)
        except NotFoundError as exc:
            msg = (f"Elasticsearch index/alias {self.index!r} not found during {what}: "
                   f"run `moviebot catalog index --to elasticsearch`")
            log.error(msg)
            raise StoreUnavailable(msg) from exc
        except (ApiError, TransportError, asyncio.TimeoutError, OSError) as exc:
            msg = f"Elasticsearch catalog unavailable during {what}: {_describe(exc)}"
            log.error(msg)
            raise StoreUnavailable(msg) from exc

    async def search(self, query: SearchQuery) -> list[Candidate]:
        if query.limit <= 0:
            return []
        res = await self._call("search", self.es.search(index=self.index, **build_search_body(query)))
        return [Candidate(movie=Movie.model_validate(h["_source"]), score=float(_score(h)), source="catalog")
                for h in res["hits"]["hits"]]

    async def get_many(self, ids: list[str]) -> dict[str, Movie]:
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        res = await self._call("mget", self.es.mget(index=self.index, ids=ids))
        return {d["_id"]: Movie.model_validate(d["_source"]) for d in res["docs"] if d.get("found")}

    async def find_titles(self, title: str, year: int | None = None, limit: int = 5) -> list[Movie]:
        body = build_title_body(title, year, limit)
        if body is None or limit <= 0:
            return []
        res = await self._call("title lookup", self.es.search(index=self.index, **body))
        return [Movie.model_validate(h["_source"]) for h in res["hits"]["hits"]]

    async def vocabulary(self) -> Vocabulary:
        if self._vocab is None:
            v = Vocabulary()
            for name, field in VOCAB_FIELDS.items():
                target: dict[str, int] = getattr(v, name)
                after = None
                while True:
                    res = await self._call("vocabulary", self.es.search(index=self.index,
                                                                        **build_vocab_body(field, after)))
                    agg = res["aggregations"]["vocab"]
                    for b in agg["buckets"]:
                        target[b["key"]["v"]] = b["doc_count"]
                    after = agg.get("after_key")
                    if not agg["buckets"] or not after:
                        break
            self._vocab = v
        return self._vocab

    async def count(self) -> int:
        return int((await self._call("count", self.es.count(index=self.index)))["count"])

    async def close(self) -> None:
        await self.es.close()


def _score(hit: dict) -> float:
    if hit.get("_score") is not None:
        return hit["_score"]
    return (hit.get("sort") or [0.0])[0]


async def open_elasticsearch_catalog(settings: Settings) -> ElasticsearchCatalog:
    """Connect and check that the catalog alias answers; StoreUnavailable (bounded time) if not."""
    es = make_client(settings)
    catalog = ElasticsearchCatalog(es, settings.elasticsearch_index, settings.elasticsearch_timeout_s)
    try:
        # One attempt, no retries: an unreachable cluster fails within ELASTICSEARCH_TIMEOUT_S.
        probe = es.options(request_timeout=settings.elasticsearch_timeout_s, max_retries=0)
        n = await catalog._call("connect", probe.count(index=settings.elasticsearch_index),
                                deadline=settings.elasticsearch_timeout_s + 1.0)
    except BaseException:
        await es.close()
        raise
    log.info("catalog: Elasticsearch %s alias %r (%d movies)", redact_url(settings.elasticsearch_url),
             settings.elasticsearch_index, n["count"])
    return catalog


# ------------------------------------------------------------------------------------------ indexing
def new_index_name(alias: str) -> str:
    return f"{alias}-{datetime.now(timezone.utc).strftime('%Y%m%d%H%M%S%f')}"


async def _current_indices(es: AsyncElasticsearch, alias: str) -> tuple[list[str], bool]:
    """(indices the alias points at, whether `alias` is instead a concrete index)."""
    try:
        return sorted((await es.indices.get_alias(name=alias)).body), False
    except NotFoundError:
        pass
    return [], bool(await es.indices.exists(index=alias))


async def index_catalog(es: AsyncElasticsearch, movies: Iterable[Movie], index_alias: str,
                        progress: bool = True, chunk_size: int = 500) -> dict[str, Any]:
    """Bulk-load `movies` into a fresh index, then atomically point `index_alias` at it.

    Returns {"index", "alias", "indexed", "previous"}. On failure the new index is deleted and the
    alias keeps serving the previous one.
    """
    movies = list(movies)
    scores = quality_scores(movies)
    index = new_index_name(index_alias)
    analysis = analysis_for(await cluster_plugins(es))
    await es.indices.create(index=index, settings={"number_of_shards": 1, "refresh_interval": "-1",
                                                   "analysis": analysis}, mappings=MAPPINGS)
    indexed, failed = 0, []
    try:
        actions = ({"_op_type": "index", "_index": index, "_id": m.id, "_source": movie_document(m, scores[m.id])}
                   for m in movies)
        bar = None
        if progress:
            from tqdm import tqdm

            bar = tqdm(total=len(movies), unit="movie", desc=f"indexing {index}")
        async for ok, item in async_streaming_bulk(es, actions, chunk_size=chunk_size, raise_on_error=False,
                                                   max_retries=3):
            if ok:
                indexed += 1
            else:
                failed.append(item)
            if bar is not None:
                bar.update(1)
        if bar is not None:
            bar.close()
        if failed:
            raise StoreUnavailable(f"{len(failed)} documents failed to index, e.g. {failed[0]}")
        await es.indices.put_settings(index=index, settings={"index": {"refresh_interval": "1s"}})
        await es.indices.refresh(index=index)
        n = int((await es.count(index=index))["count"])
        if n != len(movies):
            raise StoreUnavailable(f"index {index} holds {n} documents, expected {len(movies)}")
        previous, concrete = await _current_indices(es, index_alias)
        actions_: list[dict] = [{"remove": {"index": old, "alias": index_alias}} for old in previous]
        if concrete:  # a plain index squatting the alias name: replace it in the same atomic step
            actions_.append({"remove_index": {"index": index_alias}})
        actions_.append({"add": {"index": index, "alias": index_alias}})
        await es.indices.update_aliases(actions=actions_)
    except BaseException:
        log.error("indexing into %s failed: deleting it, alias %r unchanged", index, index_alias)
        try:
            await es.indices.delete(index=index)
        except Exception:  # pragma: no cover - best effort cleanup
            pass
        raise
    for old in previous:
        if old != index:
            await es.indices.delete(index=old)
    log.info("alias %r -> %s (%d movies; previous %s)", index_alias, index, indexed, previous or "none")
    return {"index": index, "alias": index_alias, "indexed": indexed, "previous": previous + (
        [index_alias] if concrete else [])}
