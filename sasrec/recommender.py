"""The product's view of a SASRec checkpoint: everything in catalog (IMDb id) space.

A `.npz` serving copy (sasrec.api.export_numpy) is scored with NumPy, so the bot and the CLI never import
torch; a `.pt` training checkpoint still works and loads torch.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable

import numpy as np

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
        self._unit: np.ndarray | None = None  # unit-length item embeddings, on first use (`_unit_embeddings`)
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

    # ---- many users at once, and "people who watched X also watched this" (digests, the "for you" shelf)
    def _scores(self, histories: list[list[int]]) -> np.ndarray:
        s = self.model.score(histories)
        return s if isinstance(s, np.ndarray) else s.numpy()

    def _embeddings(self) -> np.ndarray:
        model = self.model
        return model.item_embeddings if hasattr(model, "item_embeddings") else model.net.item_emb.weight.detach().numpy()

    def rank_many(self, histories: list[list[str]], k: int,
                  excludes: list[Iterable[str]] | None = None) -> list[list[tuple[str, float]]]:
        """`rank` for many histories (oldest first) in one worker-thread call, with the mask of films the catalog
        lacks built once per batch (digests: 10,000 prepared in 44 s, benchmarks/results/digest.json)."""
        out: list[list[tuple[str, float]]] = [[] for _ in histories]
        hists = [[self._to_id[i] for i in h if i in self._to_id] for h in histories]
        rows = [n for n, h in enumerate(hists) if h]
        if not rows or k <= 0:
            return out
        unmapped = np.ones(self.model.num_items + 1, dtype=bool)
        unmapped[self._mapped_ids] = False
        scores = self._scores([hists[n] for n in rows])
        scores[:, unmapped] = -np.inf
        for row, n in enumerate(rows):
            s = scores[row]
            s[hists[n] + [self._to_id[i] for i in (excludes[n] if excludes else ()) if i in self._to_id]] = -np.inf
            top_k = min(k, int(np.isfinite(s).sum()))
            if top_k <= 0:
                continue
            top = np.argpartition(-s, top_k - 1)[:top_k]
            top = top[np.argsort(-s[top], kind="stable")]
            out[n] = [(self._to_imdb[int(i)], float(s[i])) for i in top]
        return out

    def _unit_embeddings(self) -> np.ndarray:
        """Item embeddings scaled to unit length, computed once: cosine is then one matrix product."""
        if self._unit is None:
            emb = self._embeddings().astype(np.float32)
            self._unit = emb / (np.linalg.norm(emb, axis=1, keepdims=True) + 1e-8)
        return self._unit

    def neighbours(self, imdb_ids: list[str], k: int, exclude: Iterable[str] = ()) -> list[tuple[str, float]]:
        """The k films whose item embeddings are closest (cosine) to the mean of the given films'.

        "Like X" read through the people who liked X: two films watched by the same people get close embeddings.
        Unlike `rank` (what comes next after X), this is not pulled towards the most-watched films: for Heat the
        next films are Jurassic Park and Speed, the neighbours Ronin, The Negotiator and The Fugitive."""
        seeds = [self._to_id[i] for i in imdb_ids if i in self._to_id]
        if not seeds or k <= 0:
            return []
        unit = self._unit_embeddings()
        target = unit[seeds].mean(axis=0)
        ids = np.asarray(self._mapped_ids)
        sims = unit[ids] @ target / (np.linalg.norm(target) + 1e-8)
        skip = set(seeds) | {self._to_id[i] for i in exclude if i in self._to_id}
        order = np.argsort(-sims, kind="stable")
        out = [(self._to_imdb[int(ids[j])], float(sims[j])) for j in order[:k + len(skip)] if int(ids[j]) not in skip]
        return out[:k]

    def nearest(self, imdb_id: str, among: list[str], min_cosine: float = 0.3) -> str | None:
        """The film of `among` whose learned item embedding is closest to `imdb_id`'s, if close enough.

        SASRec learns item embeddings from what people watch next to what: two films with close embeddings are
        watched by the same people. That is the ground for "people who watched X also watched this"."""
        item = self._to_id.get(imdb_id)
        anchors = [(a, self._to_id[a]) for a in among if a in self._to_id and a != imdb_id]
        if item is None or not anchors:
            return None
        unit = self._unit_embeddings()
        sims = unit[[i for _, i in anchors]] @ unit[item]
        best = int(np.argmax(sims))
        return anchors[best][0] if float(sims[best]) >= min_cosine else None
