"""Histories built from the shared MovieLens-1M data, mapped to the catalog's IMDb ids (for the shelf and digest
benchmarks). The data is read where it lies (../shared/data, or --data); nothing of it is copied into the repo.

The shared ML-1M copy has sequences only, no ratings, so every film in a sequence counts as liked.
"""
from __future__ import annotations

from pathlib import Path

from sasrec.api import load_raw
from sasrec.data import DEFAULT_DATA_DIR

ROOT = Path(__file__).resolve().parent.parent
CHECKPOINT = ROOT / "sasrec" / "checkpoints" / "ml1m.pt"  # its catalog map; the product serves the .npz copy
SERVING = ROOT / "sasrec" / "checkpoints" / "ml1m.npz"


def ml1m_histories(data_dir: Path = DEFAULT_DATA_DIR, checkpoint: Path = CHECKPOINT) -> list[list[str | None]]:
    """One list per ML-1M user, oldest first: the catalog id of each film, or None where the film has none.
    The mapping (ML-1M -> IMDb, by title and year) is the one stored in the shipped SASRec checkpoint."""
    cmap: dict[str, str] = load_raw(checkpoint)["catalog_map"] or {}
    lines = (Path(data_dir) / "ml-1m" / "sequences.txt").read_text().splitlines()
    return [[cmap.get(tok) for tok in line.split()] for line in lines if line.strip()]


def popularity(histories: list[list[str]]) -> list[str]:
    """Catalog ids by how many histories hold them, most first (the popularity shelf)."""
    counts: dict[str, int] = {}
    for h in histories:
        for movie_id in set(h):
            counts[movie_id] = counts.get(movie_id, 0) + 1
    return sorted(counts, key=lambda m: (-counts[m], m))
