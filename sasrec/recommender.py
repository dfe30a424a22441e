"""The product's view of a SASRec checkpoint: everything in catalog (IMDb id) space.

A `.npz` serving copy (sasrec.api.export_numpy) is scored with NumPy, so the bot and the CLI never import
torch; a `.pt` training checkpoint still works and loads torch.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable

from sasrec.paths import SERVING_CHECKPOINT

logger = logging.getLogger(__name__)


def _build_ml1m_map() -> dict[str, str] | None:
    from sasrec.catalog_map import ML1M_DIR, build_catalog_map

    try:
        logger.warning("checkpoint has no catalog map: building it from %s", ML1M_DIR)
        return build_catalog_map(ML1M_DIR / "movies.dat", ML1M_DIR / "sas_to_original_items.txt").mapping
    except OSError:
        return None


def load_scorer(checkpoint: str | Path):
    """NumPy for `.npz`, torch for anything else (a training checkpoint)."""
    if Path(checkpoint).suffix == ".npz":
        from sasrec.inference import NumpySASRec

        return NumpySASRec(checkpoint)
    from sasrec.api import load

    return load(checkpoint)


class CatalogRecommender:
    """Works with a checkpoint trained in IMDb id space (`id_space == "imdb"`, e.g. from the bot's
    history) or with one that carries a `catalog_map` (e.g. the shipped ML-1M model). Items that
    have no IMDb id are never returned; unknown IMDb ids in inputs are ignored. Inference only
    reads the model, so concurrent calls from threads (asyncio.to_thread) are safe.
    """

    def __init__(self, checkpoint: str | Path = SERVING_CHECKPOINT) -> None:
        self.model = load_scorer(checkpoint)
        self.path = Path(checkpoint)
        cmap = self.model.catalog_map
        if not cmap and self.model.meta.get("id_space") == "ml1m-sasrec":
            cmap = _build_ml1m_map()  # a checkpoint saved mid-training carries no map yet
        if cmap:
            pairs = [(i, cmap.get(raw)) for i, raw in enumerate(self.model.item_map) if i]
        elif self.model.meta.get("id_space") == "imdb":
            pairs = [(i, raw) for i, raw in enumerate(self.model.item_map) if i]
        else:
            raise ValueError(f"{checkpoint}: no catalog_map and not in IMDb id space")
        self._to_imdb: dict[int, str] = {i: imdb for i, imdb in pairs if imdb}
        self._to_id: dict[str, int] = {imdb: i for i, imdb in self._to_imdb.items()}
        self._mapped_ids: list[int] = sorted(self._to_imdb)
        logger.info("%s: %d of %d items have an IMDb id", checkpoint, len(self._to_id), self.model.num_items)

    def __len__(self) -> int:
        return len(self._to_id)

    def known(self, imdb_ids: Iterable[str]) -> list[str]:
        """The ids (in the given order) that the model can use or recommend."""
        return [i for i in imdb_ids if i in self._to_id]

    def rank(
        self,
        history_imdb_ids: list[str],
        k: int,
        exclude: Iterable[str] = (),
        allowed: Iterable[str] | None = None,
    ) -> list[tuple[str, float]]:
        """Top-k (IMDb id, score) for a history given oldest first.

        History items and `exclude` are never returned; `allowed` restricts the candidates.
        Returns [] if no history item is known to the model (the caller falls back).
        """
        hist = [self._to_id[i] for i in history_imdb_ids if i in self._to_id]
        if not hist or k <= 0:
            return []
        cand = self._mapped_ids if allowed is None else [self._to_id[i] for i in allowed if i in self._to_id]
        if not cand:
            return []
        drop = [self._to_id[i] for i in exclude if i in self._to_id]
        recs = self.model.recommend(hist, k, exclude=drop, allowed=cand)
        return [(self._to_imdb[i], s) for i, s in recs]
