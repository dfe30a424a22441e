"""The product's view of SASRec: personal scores in catalog (IMDb) id space, computed off the event loop."""
from __future__ import annotations

import asyncio
import logging
from typing import Iterable, Protocol

log = logging.getLogger(__name__)


class SequentialRanker(Protocol):
    def known(self, imdb_ids: list[str]) -> list[str]: ...

    def rank(self, history_imdb_ids: list[str], k: int, exclude: Iterable[str] = (),
             allowed: Iterable[str] | None = None) -> list[tuple[str, float]]: ...

    def neighbours(self, imdb_ids: list[str], k: int, exclude: Iterable[str] = ()) -> list[tuple[str, float]]: ...


async def rank_async(ranker: SequentialRanker, history: list[str], k: int, exclude: Iterable[str] = (),
                     allowed: Iterable[str] | None = None) -> list[tuple[str, float]]:
    """Inference is CPU-bound: run it in a worker thread so the bot keeps answering meanwhile."""
    return await asyncio.to_thread(ranker.rank, list(reversed(history)), k, list(exclude),
                                   None if allowed is None else list(allowed))
