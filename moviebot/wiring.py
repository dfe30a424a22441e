"""Wires core's services with the shipped SASRec model: the one place that knows both."""
from __future__ import annotations

import logging
from pathlib import Path

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
        from sasrec.api import CatalogRecommender

        ranker = CatalogRecommender(path)
    except Exception:
        log.exception("SASRec: checkpoint %s could not be loaded; using profile similarity", path)
        return None
    log.info("SASRec: loaded %s", path)
    return ranker


async def build_services(settings: Settings | None = None) -> Services:
    settings = settings or Settings()
    return await build_core_services(settings, sequential=load_sasrec(settings.sasrec_checkpoint))
