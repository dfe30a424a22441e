"""The one place that wires the services together from Settings."""
from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.catalog.base import Catalog
from core.catalog.sqlite import SQLiteCatalog
from core.config import Settings
from core.errors import StoreUnavailable
from core.history.base import HistoryStore
from core.history.service import HistoryService
from core.history.sqlite import SQLiteHistoryStore
from core.personal.base import PersonalStore
from core.personal.sqlite import SQLitePersonalStore
from core.sequential import SequentialRanker

if TYPE_CHECKING:
    from core.digest import Digest
    from core.pipeline import Recommender
    from core.shelf import Shelf

log = logging.getLogger(__name__)


async def open_catalog(settings: Settings) -> Catalog:
    if settings.catalog_backend == "elasticsearch":
        from core.catalog.elastic import open_elasticsearch_catalog

        try:
            return await open_elasticsearch_catalog(settings)
        except StoreUnavailable as exc:
            if not settings.catalog_fallback_to_sqlite:
                raise
            log.error("Elasticsearch catalog unavailable (%s): falling back to the embedded SQLite catalog", exc)
    else:
        log.info("catalog: embedded SQLite at %s", settings.catalog_db)
    return await SQLiteCatalog.open(settings.catalog_db)


async def open_history_store(settings: Settings) -> HistoryStore:
    if settings.history_backend == "dynamodb":
        from core.history.dynamo import open_dynamodb_history

        return await open_dynamodb_history(settings)
    log.info("history: embedded SQLite at %s", settings.history_db)
    return await SQLiteHistoryStore.open(settings.history_db)


async def open_personal_store(settings: Settings) -> PersonalStore:
    """Digest subscriptions and shown films live beside the history, on the same backend."""
    if settings.history_backend == "dynamodb":
        from core.personal.dynamo import open_dynamodb_personal

        return await open_dynamodb_personal(settings)
    return await SQLitePersonalStore.open(settings.data_dir / "personal.sqlite3")


@dataclass
class Services:
    settings: Settings
    catalog: Catalog
    store: HistoryStore
    history: HistoryService
    recommender: "Recommender"
    personal: PersonalStore | None = None
    shelf: "Shelf | None" = None
    digest: "Digest | None" = None

    async def close(self) -> None:
        if self.personal is not None:
            await self.personal.close()
        await self.store.close()
        await self.catalog.close()


async def build_services(settings: Settings | None = None, sequential: SequentialRanker | None = None,
                         warm: bool = True) -> Services:
    """The sequential model comes from outside (moviebot.wiring loads SASRec): core never imports torch."""
    settings = settings or Settings()
    opened: list = []
    try:  # whatever opened before a failure gets closed: an open aiosqlite thread would keep the process alive
        # History first: a damaged history file must stop start-up (StoreDamaged) in seconds, before any
        # catalog build; the bot and the CLI word that error, nothing here rewrites the file.
        store = await open_history_store(settings)
        opened.append(store)
        catalog = await open_catalog(settings)
        opened.append(catalog)
        # Imported late: a damaged store fails before the pipeline's imports.
        from core.pipeline import Recommender

        recommender = await Recommender.create(settings, catalog, store, sequential, warm=warm)
        personal = await open_personal_store(settings)
        opened.append(personal)
    except BaseException:
        for resource in reversed(opened):
            await resource.close()
        raise
    from core.digest import Digest
    from core.shelf import Shelf

    history = HistoryService(store, catalog, on_forget=[recommender.profiles.evict],
                             titles=recommender.offline.titles, erase=[personal.delete_user])
    shelf = Shelf(recommender, personal)
    return Services(settings=settings, catalog=catalog, store=store, history=history, recommender=recommender,
                    personal=personal, shelf=shelf,
                    digest=Digest(shelf, personal, busy=lambda: recommender.in_flight > 0))
