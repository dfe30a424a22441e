"""Public API: load a checkpoint, score histories, recommend; and the product's IMDb-id wrapper.

A checkpoint is `torch.save` of a plain dict (tensors, str, int, float, list, dict only), so it
loads with `weights_only=True`:
    format, config (SASRecConfig), state_dict, item_map (contiguous id -> raw id string),
    fingerprint (sha256 of the training sequences), metrics, train (TrainConfig),
    id_space ("ml1m" | "imdb" | ...), catalog_map ({raw id -> IMDb id}) or None.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Iterable

import torch

from sasrec.model import SASRec, SASRecConfig, left_pad
from sasrec.paths import TRAINING_CHECKPOINT

logger = logging.getLogger(__name__)

FORMAT = "sasrec-checkpoint/1"
DEFAULT_CHECKPOINT = TRAINING_CHECKPOINT


class SASRecModel:
    """A trained SASRec with its metadata. Scores live in the training data's id space."""

    def __init__(self, net: SASRec, meta: dict) -> None:
        self.net = net.eval()
        self.meta = meta
        self.item_map: list[str] = list(meta.get("item_map") or [""] + [str(i) for i in range(1, net.config.num_items + 1)])
        self.catalog_map: dict[str, str] | None = meta.get("catalog_map")
        self.device = next(net.parameters()).device

    @property
    def config(self) -> SASRecConfig:
        return self.net.config

    @property
    def num_items(self) -> int:
        return self.net.config.num_items

    @property
    def maxlen(self) -> int:
        return self.net.config.maxlen

    @property
    def metrics(self) -> dict:
        return dict(self.meta.get("metrics") or {})

    @property
    def fingerprint(self) -> str:
        return str(self.meta.get("fingerprint", ""))

    def score(self, histories: list[list[int]], batch_size: int = 128) -> torch.Tensor:
        """[batch, num_items + 1] next-item scores; column 0 (padding) is -inf.

        Histories are oldest-first item ids; only the newest `maxlen` are used. Input items are
        NOT masked here (the caller decides); `recommend` does mask them.
        """
        if len(histories) <= batch_size:
            with torch.inference_mode():
                return self.net.get_predictions(left_pad(histories, self.maxlen, self.device)).float()
        # Many users: batch histories of similar length, since padding costs quadratic attention time
        # (about 3x more users/s on ML-1M than batching in input order).
        order = sorted(range(len(histories)), key=lambda i: min(len(histories[i]), self.maxlen))
        out = torch.empty(len(histories), self.num_items + 1)
        with torch.inference_mode():
            for start in range(0, len(order), batch_size):
                idx = order[start:start + batch_size]
                batch = left_pad([histories[i] for i in idx], self.maxlen, self.device)
                out[torch.as_tensor(idx)] = self.net.get_predictions(batch).float().cpu()
        return out

    def recommend(
        self,
        history: list[int],
        k: int,
        exclude: Iterable[int] = (),
        allowed: Iterable[int] | None = None,
    ) -> list[tuple[int, float]]:
        """Top-k (item, score), never an item of `history` or `exclude`; only `allowed` if given."""
        with torch.inference_mode():
            s = self.score([list(history)])[0]
            if allowed is not None:
                keep = torch.zeros_like(s, dtype=torch.bool)
                ids = [i for i in allowed if 0 < i <= self.num_items]
                if ids:
                    keep[torch.as_tensor(ids, dtype=torch.long)] = True
                s = s.masked_fill(~keep, float("-inf"))
            drop = [i for i in (*history, *exclude) if 0 < i <= self.num_items]
            if drop:
                s[torch.as_tensor(drop, dtype=torch.long)] = float("-inf")
            s[0] = float("-inf")
            n = int(torch.isfinite(s).sum())
            top = torch.topk(s, min(k, n))
            return [(int(i), float(v)) for v, i in zip(top.values, top.indices)]


def save_checkpoint(
    path: str | Path,
    net: SASRec,
    item_map: list[str],
    fingerprint: str,
    metrics: dict | None = None,
    train_config: dict | None = None,
    id_space: str = "raw",
    catalog_map: dict[str, str] | None = None,
    extra: dict | None = None,
) -> Path:
    """Write the checkpoint atomically (temp file + rename), so a crash never leaves half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    blob = {
        "format": FORMAT,
        "config": net.config.to_dict(),
        "state_dict": {k: v.detach().cpu().clone() for k, v in net.state_dict().items()},
        "item_map": list(item_map),
        "fingerprint": fingerprint,
        "metrics": dict(metrics or {}),
        "train": dict(train_config or {}),
        "id_space": id_space,
        "catalog_map": dict(catalog_map) if catalog_map else None,
        "extra": dict(extra or {}),
    }
    tmp = path.with_suffix(path.suffix + ".tmp")
    torch.save(blob, tmp)
    tmp.replace(path)
    return path


def load_raw(path: str | Path) -> dict:
    return torch.load(Path(path), map_location="cpu", weights_only=True)


def load(path: str | Path = DEFAULT_CHECKPOINT, device: str | torch.device = "cpu") -> SASRecModel:
    """Load a checkpoint written by `save_checkpoint` (weights_only-safe)."""
    blob = load_raw(path)
    net = SASRec(SASRecConfig(**blob["config"]))
    net.load_state_dict(blob["state_dict"])
    net.to(device).eval()
    meta = {k: v for k, v in blob.items() if k != "state_dict"}
    return SASRecModel(net, meta)


def export_numpy(checkpoint: str | Path, out: str | Path | None = None) -> Path:
    """Write the serving copy of a checkpoint (`.npz`, read by sasrec.inference without torch), atomically."""
    import json

    import numpy as np

    blob = load_raw(checkpoint)
    out = Path(out) if out else Path(checkpoint).with_suffix(".npz")
    meta = {k: blob.get(k) for k in ("format", "config", "item_map", "fingerprint", "metrics", "id_space",
                                     "catalog_map")}
    arrays = {k: v.float().numpy() for k, v in blob["state_dict"].items()}
    tmp = out.with_name(out.name + ".tmp.npz")
    np.savez(tmp, meta=np.frombuffer(json.dumps(meta).encode("utf-8"), dtype=np.uint8), **arrays)
    tmp.replace(out)
    return out
