"""Shared fixtures: one real catalog built once per test session, fresh stores per test."""
from __future__ import annotations

from pathlib import Path

import pytest
import pytest_asyncio

from core.catalog.build import build_catalog
from core.catalog.sqlite import SQLiteCatalog
from core.config import Settings
from core.services import build_services
from core.understand.reader import OfflineUnderstander


@pytest.fixture(scope="session")
def catalog_db(tmp_path_factory) -> Path:
    """The full 17k-film catalog, built from the bundled snapshot exactly as a fresh install does."""
    path = tmp_path_factory.mktemp("catalog") / "catalog.sqlite3"
    build_catalog(path)
    return path


@pytest.fixture
def make_settings(tmp_path, catalog_db):
    """Settings on embedded defaults in a temp dir; no LLM, no SASRec unless a test asks for them."""

    def make(**overrides) -> Settings:
        values = dict(data_dir=tmp_path, catalog_path=catalog_db, llm_base_url=None, llm_api_key=None,
                      sasrec_checkpoint=None, catalog_backend="sqlite", history_backend="sqlite")
        values.update(overrides)
        return Settings(_env_file=None, **values)

    return make


@pytest.fixture
async def services(make_settings):
    s = await build_services(make_settings())
    yield s
    await s.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def reader(catalog_db):
    """The offline reader on the real catalog, once per test module."""
    catalog = await SQLiteCatalog.open(catalog_db)
    yield OfflineUnderstander(catalog)
    await catalog.close()


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def read(reader):
    """`await read(text)` -> Understanding."""
    return reader.understand


@pytest.fixture
def chat(services):
    """One user's conversation: sends the turns in order and returns the last reply."""
    async def run(turns: list[str]):
        reply = None
        for t in turns:
            reply = await services.recommender.recommend("u1", t, conversation="c1", follow_up=True)
        return reply
    return run
