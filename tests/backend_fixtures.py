"""Shared fixtures for the backend conformance suites (imported by the test modules, not a conftest).

* `moto_endpoint`: moto's server mode on loopback (a real HTTP endpoint boto3 talks to).
* `es_target`: the ES stub (tests/es_stub.py), or a real cluster when ELASTICSEARCH_URL is set,
  loaded once per session with `index_catalog` (the real client, bulk + alias swap).
* `sqlite_catalog_path`: a SQLite catalog built from the very same movies.
* `conformance_movies()`: ~300 real catalog films (Bong Joon-ho, Park Chan-wook, Tom Hanks,
  Steven Spielberg, plus a fixed random sample).
"""
from __future__ import annotations

import asyncio
import os
import random
import socket
import uuid
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

from core.catalog.build import build_catalog_from_movies, quality_scores, read_source
from core.config import Settings
from core.models import Movie

try:
    from tests.es_stub import EsStub
except ImportError:  # pytest "prepend" import mode puts tests/ itself on sys.path
    from es_stub import EsStub

PEOPLE = ("Bong Joon-ho", "Park Chan-wook", "Tom Hanks", "Steven Spielberg")


def free_port() -> int:
    """A loopback port nobody listens on (bound then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@lru_cache(maxsize=1)
def conformance_movies() -> tuple[Movie, ...]:
    movies = sorted(read_source(), key=lambda m: m.id)
    chosen = [m for m in movies if any(p in m.directors or p in m.cast for p in PEOPLE)]
    ids = {m.id for m in chosen}
    rest = [m for m in movies if m.id not in ids]
    chosen += random.Random(20261128).sample(rest, 300 - len(chosen))
    return tuple(chosen)


def movie_quality() -> dict[str, float]:
    return quality_scores(list(conformance_movies()))


# ------------------------------------------------------------------------------------ DynamoDB
@pytest.fixture(scope="session")
def moto_endpoint():
    from moto.server import ThreadedMotoServer

    with pytest.MonkeyPatch.context() as mp:
        for k, v in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                     "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": "us-east-1"}.items():
            mp.setenv(k, v)
        server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        server.start()
        host, port = server.get_host_and_port()
        try:
            yield f"http://{host}:{port}"
        finally:
            server.stop()


def dynamo_settings(endpoint: str, table: str | None = None, **extra) -> Settings:
    return Settings(_env_file=None, DYNAMODB_ENDPOINT_URL=endpoint, DYNAMODB_TABLE=table or f"history-{uuid.uuid4().hex[:12]}",
                    AWS_REGION="us-east-1", HISTORY_BACKEND="dynamodb", **extra)


# ------------------------------------------------------------------------------------ catalog
@dataclass
class EsTarget:
    url: str
    alias: str
    api_key: str | None
    stub: EsStub | None  # None: a real cluster
    indexed: dict

    def settings(self, **extra) -> Settings:
        kw = {"ELASTICSEARCH_URL": self.url, "ELASTICSEARCH_INDEX": self.alias, "CATALOG_BACKEND": "elasticsearch",
              "ELASTICSEARCH_TIMEOUT_S": 5.0, **extra}
        if self.api_key:
            kw["ELASTICSEARCH_API_KEY"] = self.api_key
        return Settings(_env_file=None, **kw)


def run_sync(coro):
    """Run a coroutine to completion on a private loop in a worker thread (session fixtures may be
    set up from inside a running test loop)."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


async def _index(settings: Settings, alias: str) -> dict:
    from core.catalog.elastic import index_catalog, make_client

    es = make_client(settings)
    try:
        return await index_catalog(es, list(conformance_movies()), alias, progress=False)
    finally:
        await es.close()


async def _drop(settings: Settings, alias: str) -> None:
    from core.catalog.elastic import make_client

    es = make_client(settings)
    try:
        names = list((await es.indices.get_alias(name=alias)).body)
        for name in names:
            await es.indices.delete(index=name)
    finally:
        await es.close()


@pytest.fixture(scope="session")
def es_target():
    url = os.environ.get("ELASTICSEARCH_URL")
    stub = None
    if not url:
        stub = EsStub()
        stub.start()
        url = stub.url
    alias = f"moviebot-conformance-{uuid.uuid4().hex[:8]}"
    target = EsTarget(url=url, alias=alias, api_key=os.environ.get("ELASTICSEARCH_API_KEY"), stub=stub,
                      indexed={})
    target.indexed = run_sync(_index(target.settings(), alias))
    try:
        yield target
    finally:
        if stub is not None:
            stub.stop()
        else:
            run_sync(_drop(target.settings(), alias))


@pytest.fixture(scope="session")
def sqlite_catalog_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("catalog") / "catalog.sqlite3"
    build_catalog_from_movies(path, list(conformance_movies()))
    return path
