"""`moviebot catalog enrich --tmdb`: overviews, posters, keywords and Korean titles from TMDB, into the catalog.

Offline by design: this runs as a command, never on the request path; the bot reads what it stored.
Per film: GET /find/{imdb_id}?external_source=imdb_id, then GET /movie/{id}?append_to_response=keywords,translations.
Bounded concurrency (TMDB allows about 50 requests/s; 8 in flight stay well below), 429s wait for Retry-After,
other failures back off and are retried on the next run. Results are committed in small batches, so an
interrupted run continues where it stopped: films with a row (found or not found) are skipped.
"""
from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import httpx

from core.catalog import derived, enrichment
from core.catalog.enrichment import Enrichment
from core.config import Settings
from core.errors import MovieBotError

log = logging.getLogger(__name__)

ATTRIBUTION = "This product uses the TMDB API but is not endorsed or certified by TMDB."
MAX_ATTEMPTS = 5
MAX_RETRY_AFTER_S = 30.0
BATCH = 25


class TmdbError(MovieBotError):
    """TMDB refused us as a whole (bad key, no key): stop the run with one clear line."""


@dataclass
class EnrichReport:
    checked: int = 0
    found: int = 0
    not_found: int = 0
    failed: int = 0  # left for the next run
    retried_429: int = 0
    remaining: int = 0  # films still without TMDB data after this run
    seconds: float = 0.0


def _auth(settings: Settings) -> tuple[dict[str, str], dict[str, str]]:
    """(headers, query params): a v4 read-access token as a bearer, else the v3 key as api_key."""
    if settings.tmdb_read_token is not None:
        return {"Authorization": f"Bearer {settings.tmdb_read_token.get_secret_value()}"}, {}
    if settings.tmdb_api_key is not None:
        return {}, {"api_key": settings.tmdb_api_key.get_secret_value()}
    raise TmdbError("set TMDB_API_KEY or TMDB_READ_TOKEN (in the environment or .env) to enrich from TMDB")


class TmdbClient:
    def __init__(self, settings: Settings, client: httpx.AsyncClient | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        headers, self.params = _auth(settings)
        self.client = client or httpx.AsyncClient(base_url=settings.tmdb_base_url.rstrip("/") + "/",
                                                  headers={"Accept": "application/json", **headers},
                                                  timeout=settings.tmdb_timeout_s)
        self.sleep = sleep
        self.retried_429 = 0

    async def get(self, path: str, **params: str) -> dict | None:
        """The JSON body, or None for a 404. Raises TmdbError for 401/403, httpx errors after MAX_ATTEMPTS."""
        for attempt in range(MAX_ATTEMPTS):
            try:
                r = await self.client.get(path, params={**self.params, **params})
            except httpx.TransportError:
                if attempt == MAX_ATTEMPTS - 1:
                    raise
                await self.sleep(0.5 * 2 ** attempt)
                continue
            if r.status_code == 200:
                return r.json()
            if r.status_code == 404:
                return None
            if r.status_code in (401, 403):
                raise TmdbError(f"TMDB refused the credentials (HTTP {r.status_code}): check TMDB_API_KEY / "
                                "TMDB_READ_TOKEN")
            if r.status_code == 429 or r.status_code >= 500:
                if r.status_code == 429:
                    self.retried_429 += 1
                try:
                    wait = float(r.headers.get("Retry-After", ""))
                except ValueError:
                    wait = 0.5 * 2 ** attempt
                await self.sleep(min(max(wait, 0.0), MAX_RETRY_AFTER_S))
                continue
            r.raise_for_status()
        raise httpx.HTTPError(f"{path}: still failing after {MAX_ATTEMPTS} attempts")

    async def close(self) -> None:
        await self.client.aclose()


def _translation(details: dict, language: str) -> dict:
    lang, _, region = language.partition("-")
    items = [t for t in (details.get("translations") or {}).get("translations") or []
             if isinstance(t, dict) and t.get("iso_639_1") == lang]
    best = next((t for t in items if t.get("iso_3166_1") == region), items[0] if items else {})
    return best.get("data") or {}


async def fetch_one(tmdb: TmdbClient, imdb_id: str, language: str) -> Enrichment:
    now = datetime.now(timezone.utc).isoformat(timespec="seconds")
    found = await tmdb.get(f"find/{imdb_id}", external_source="imdb_id")
    results = (found or {}).get("movie_results") or []
    if not results or not isinstance(results[0], dict) or not results[0].get("id"):
        return Enrichment(imdb_id, "not_found", now)
    tmdb_id = int(results[0]["id"])
    details = await tmdb.get(f"movie/{tmdb_id}", append_to_response="keywords,translations", language="en-US")
    if details is None:
        return Enrichment(imdb_id, "not_found", now, tmdb_id=tmdb_id)
    local = _translation(details, language)
    keywords = [k["name"] for k in (details.get("keywords") or {}).get("keywords") or []
                if isinstance(k, dict) and isinstance(k.get("name"), str)]
    return Enrichment(imdb_id, "ok", now, tmdb_id=tmdb_id, overview=(details.get("overview") or None),
                      overview_ko=(local.get("overview") or None), title_ko=(local.get("title") or None),
                      poster_path=details.get("poster_path") or None, keywords=keywords[:20])


def pending(db: sqlite3.Connection, limit: int | None) -> list[str]:
    """Films without TMDB data, best known first (those are the ones users see)."""
    db.execute(enrichment.TABLE)
    sql = ("SELECT id FROM movies WHERE id NOT IN (SELECT movie_id FROM enrichment) ORDER BY quality DESC"
           + (" LIMIT ?" if limit else ""))
    return [r[0] for r in db.execute(sql, [limit] if limit else [])]


async def enrich_catalog(catalog: Path, settings: Settings, limit: int | None = None, language: str = "ko-KR",
                         on_progress: Callable[[int, int], None] | None = None,
                         client: TmdbClient | None = None) -> EnrichReport:
    """Fetch TMDB data for up to `limit` films not yet enriched and store it in `catalog`."""
    started = time.perf_counter()
    tmdb = client or TmdbClient(settings)
    db = sqlite3.connect(catalog, timeout=30)  # readers (a running bot) keep reading: short write transactions
    report = EnrichReport()
    try:
        todo = pending(db, limit)
        db.commit()
        gate = asyncio.Semaphore(max(1, settings.tmdb_concurrency))
        batch: list[Enrichment] = []

        async def one(imdb_id: str) -> Enrichment | None:
            async with gate:
                try:
                    return await fetch_one(tmdb, imdb_id, language)
                except TmdbError:
                    raise
                except (httpx.HTTPError, ValueError) as exc:  # network, 5xx after retries, a body that is not JSON
                    log.warning("TMDB: %s failed (%s); it is retried on the next run", imdb_id, exc)
                    return None

        tasks = [asyncio.ensure_future(one(i)) for i in todo]
        try:
            for done in asyncio.as_completed(tasks):
                item = await done
                report.checked += 1
                if item is None:
                    report.failed += 1
                else:
                    report.found += item.status == "ok"
                    report.not_found += item.status == "not_found"
                    batch.append(item)
                if len(batch) >= BATCH:
                    enrichment.store(db, batch)
                    db.commit()
                    batch = []
                if on_progress:
                    on_progress(report.checked, len(todo))
        finally:
            for t in tasks:
                t.cancel()
            if batch:  # what arrived before an error or Ctrl-C is kept
                enrichment.store(db, batch)
                db.commit()
        report.remaining = len(pending(db, None))
        derived.store_title_index(db)  # with the Korean titles this run added
        db.commit()
    finally:
        db.close()
        if client is None:
            await tmdb.close()
        report.retried_429 = tmdb.retried_429
        report.seconds = round(time.perf_counter() - started, 2)
    return report
