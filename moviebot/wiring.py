"""Wires core's services with the shipped SASRec model: the one place that knows both."""
from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Iterable

from core.config import Settings
from core.sequential import SequentialRanker
from core.services import Services
from core.services import build_services as build_core_services

log = logging.getLogger(__name__)


def load_sasrec(path: Path | None) -> SequentialRanker | None:
    """The checkpoint when present; None (profile similarity instead) when absent or broken."""
    if path is None or not Path(path).is_file():
        log.info("SASRec: no checkpoint at %s, personal ranking uses profile similarity", path)
        return None
    try:
        from sasrec.recommender import CatalogRecommender

        ranker = CatalogRecommender(path)
    except Exception:
        log.exception("SASRec: checkpoint %s could not be loaded; using profile similarity", path)
        return None
    log.info("SASRec: loaded %s", path)
    return ranker


class LazySASRec:
    """The checkpoint loaded on first use, so that a command that never scores (history, liked) never loads it.
    A checkpoint that fails to load behaves as no model: profile similarity, as with `load_sasrec`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()  # rank() runs in worker threads
        self._loaded = False
        self._model: SequentialRanker | None = None

    def _get(self) -> SequentialRanker | None:
        with self._lock:
            if not self._loaded:
                self._model, self._loaded = load_sasrec(self.path), True
        return self._model

    def known(self, imdb_ids: list[str]) -> list[str]:
        model = self._get()
        return model.known(imdb_ids) if model else []

    def rank(self, history_imdb_ids: list[str], k: int, exclude: Iterable[str] = (),
             allowed: Iterable[str] | None = None) -> list[tuple[str, float]]:
        model = self._get()
        return model.rank(history_imdb_ids, k, exclude, allowed) if model else []

    def rank_many(self, histories: list[list[str]], k: int,
                  excludes: list[Iterable[str]] | None = None) -> list[list[tuple[str, float]]]:
        model = self._get()
        return model.rank_many(histories, k, excludes) if model else [[] for _ in histories]  # type: ignore[attr-defined]

    def neighbours(self, imdb_ids: list[str], k: int, exclude: Iterable[str] = ()) -> list[tuple[str, float]]:
        model = self._get()
        return model.neighbours(imdb_ids, k, exclude) if model else []

    def nearest(self, imdb_id: str, among: list[str], min_cosine: float = 0.3) -> str | None:
        model = self._get()
        return model.nearest(imdb_id, among, min_cosine) if model else None  # type: ignore[attr-defined]


async def build_services(settings: Settings | None = None, warm: bool = True) -> Services:
    """`warm`: load the model and the name and title indexes now (the bot: its first answer is not slower);
    the CLI passes False and pays only for what its one command uses."""
    settings = settings or Settings()
    path = settings.sasrec_checkpoint
    sequential = load_sasrec(path) if warm or path is None else LazySASRec(path)
    return await build_core_services(settings, sequential=sequential, warm=warm)
