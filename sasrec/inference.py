"""SASRec scoring in NumPy, from weights exported by `sasrec.api.export_numpy`.

Why: serving one user needs one forward pass over at most `maxlen` items, which NumPy does in about
2 ms (100 items, this CPU), while importing torch costs more than a second of every CLI start and ~750 MB of install. Training
and evaluation stay in torch (sasrec.model); this module mirrors `SASRec.get_predictions` for a single,
unpadded history, and tests/test_sasrec_numpy.py checks that both give the same scores.

The .npz holds the state_dict tensors under their torch names plus `meta`: UTF-8 JSON bytes with the config,
item_map, catalog_map and id_space. It loads with allow_pickle=False, so a checkpoint can never run code.
"""
from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Iterable

import numpy as np


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray, eps: float = 1e-5) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = x.var(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


def _erf(x: np.ndarray) -> np.ndarray:
    """erf to within 1.5e-7 (Abramowitz & Stegun 7.1.26), vectorised: NumPy has no erf, and calling math.erf
    per element was most of the time of a forward pass."""
    t = 1.0 / (1.0 + 0.3275911 * np.abs(x))
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    return np.sign(x) * (1.0 - poly * np.exp(-x * x))


def _gelu(x: np.ndarray) -> np.ndarray:
    """Exact (erf) GELU, as torch's nn.GELU() default."""
    return 0.5 * x * (1.0 + _erf(x / math.sqrt(2.0)))


class NumpySASRec:
    """The product's scoring model: same interface as `sasrec.api.SASRecModel` where the product uses it."""

    def __init__(self, path: str | Path) -> None:
        with np.load(Path(path), allow_pickle=False) as z:
            self.w = {k: z[k].astype(np.float32) for k in z.files if k != "meta"}
            self.meta: dict = json.loads(bytes(z["meta"]).decode("utf-8"))
        cfg = self.meta["config"]
        self.num_items: int = int(cfg["num_items"])
        self.maxlen: int = int(cfg["maxlen"])
        self.dim: int = int(cfg["dim"])
        self.heads: int = int(cfg["heads"])
        self.layers: int = int(cfg["layers"])
        self.item_map: list[str] = list(self.meta.get("item_map") or [""] + [str(i) for i in range(1, self.num_items + 1)])
        self.catalog_map: dict[str, str] | None = self.meta.get("catalog_map")

    def _block(self, i: int, x: np.ndarray, last_only: bool) -> np.ndarray:
        p, w = f"blocks.{i}.", self.w
        n, d, h = x.shape[0], self.dim, self.heads
        qkv = _layer_norm(x, w[p + "ln_attn.weight"], w[p + "ln_attn.bias"]) @ w[p + "qkv.weight"].T + w[p + "qkv.bias"]
        q, k, v = qkv[:, :d], qkv[:, d:2 * d], qkv[:, 2 * d:]
        rows = np.arange(n)
        if last_only:
            q, x, rows = q[-1:], x[-1:], rows[-1:]
        hd = d // h
        q = q.reshape(-1, h, hd).transpose(1, 0, 2)
        k = k.reshape(n, h, hd).transpose(1, 0, 2)
        v = v.reshape(n, h, hd).transpose(1, 0, 2)
        att = q @ k.transpose(0, 2, 1) / math.sqrt(hd)
        att = np.where(np.arange(n)[None, None, :] <= rows[None, :, None], att, -np.inf)  # causal
        att = np.exp(att - att.max(-1, keepdims=True))
        att /= att.sum(-1, keepdims=True)
        a = (att @ v).transpose(1, 0, 2).reshape(-1, d)
        x = x + a @ w[p + "proj.weight"].T + w[p + "proj.bias"]
        f = _layer_norm(x, w[p + "ln_ffn.weight"], w[p + "ln_ffn.bias"])
        f = _gelu(f @ w[p + "ffn.0.weight"].T + w[p + "ffn.0.bias"]) @ w[p + "ffn.3.weight"].T + w[p + "ffn.3.bias"]
        return x + f

    def get_predictions(self, history: list[int]) -> np.ndarray:
        """[num_items + 1] next-item scores for one oldest-first history; column 0 (padding) is -inf."""
        seq = np.asarray([i for i in history if i][-self.maxlen:] or [0], dtype=np.int64)
        n = len(seq)
        emb = self.w["item_emb.weight"]
        x = emb[seq] * math.sqrt(self.dim) + self.w["pos_emb.weight"][np.arange(n - 1, -1, -1)]
        x = x * (seq != 0)[:, None]
        for i in range(self.layers):
            x = self._block(i, x, last_only=i == self.layers - 1)
        h = _layer_norm(x[-1], self.w["final_ln.weight"], self.w["final_ln.bias"])
        scores = emb @ h
        scores[0] = -np.inf
        return scores

    def score(self, histories: list[list[int]]) -> np.ndarray:
        """[len(histories), num_items + 1]: `get_predictions` for each (as SASRecModel.score, as an array)."""
        return np.stack([self.get_predictions(h) for h in histories]) if histories else np.empty((0, self.num_items + 1))

    @property
    def item_embeddings(self) -> np.ndarray:
        return self.w["item_emb.weight"]

    def recommend(self, history: list[int], k: int, exclude: Iterable[int] = (),
                  allowed: Iterable[int] | None = None) -> list[tuple[int, float]]:
        """Top-k (item, score), never an item of `history` or `exclude`; only `allowed` if given."""
        s = self.get_predictions(list(history))
        if allowed is not None:
            keep = np.zeros_like(s, dtype=bool)
            ids = [i for i in allowed if 0 < i <= self.num_items]
            keep[ids] = True
            s = np.where(keep, s, -np.inf)
        drop = [i for i in (*history, *exclude) if 0 < i <= self.num_items]
        s[drop] = -np.inf
        s[0] = -np.inf
        n = int(np.isfinite(s).sum())
        k = min(k, n)
        if k <= 0:
            return []
        top = np.argpartition(-s, k - 1)[:k]
        top = top[np.argsort(-s[top], kind="stable")]
        return [(int(i), float(s[i])) for i in top]
