"""The product's view of SASRec: personal scores in catalog (IMDb) id space, computed off the event loop."""
from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Iterable, Protocol

log = logging.getLogger(__name__)


class SequentialRanker(Protocol):
    def known(self, imdb_ids: list[str]) -> list[str]: ...

    def rank(self, history_imdb_ids: list[str], k: int, exclude: Iterable[str] = (),
             allowed: Iterable[str] | None = None) -> list[tuple[str, float]]: ...


def load_sequential(path: Path | None) -> SequentialRanker | None:
    """The shipped checkpoint when present; None (profile similarity instead) when absent or broken."""
    if path is None or not Path(path).is_file():
        log.info("SASRec: no checkpoint at %s, personal ranking uses profile similarity", path)
        return None
    try:
        from sasrec.api import CatalogRecommender

        ranker = CatalogRecommender(path)
    except Exception:
        log.exception("SASRec: checkpoint %s could not be loaded; using profile similarity", path)
        return None
    log.info("SASRec: loaded %s", path)
    return ranker


async def rank_async(ranker: SequentialRanker, history: list[str], k: int, exclude: Iterable[str] = (),
                     allowed: Iterable[str] | None = None) -> list[tuple[str, float]]:
    """Inference is CPU-bound: run it in a worker thread so the bot keeps answering meanwhile."""
    return await asyncio.to_thread(ranker.rank, list(reversed(history)), k, list(exclude),
                                   None if allowed is None else list(allowed))
