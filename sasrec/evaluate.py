"""Leave-one-out evaluation, exactly the benchmark protocol of ../shared/data/README.md.

- validation: input = training items (all but the last two), target = second-to-last item;
- test: input = every item except the last (the model keeps the newest `maxlen`), target = last;
- full ranking over all items; every item the user had before the target is excluded (score
  -inf), and so is column 0 (padding); NDCG@10 / HR@10 averaged over all evaluated users;
- sampled protocol: the target against 100 random items outside the user's sequence (fixed seed).
"""
from __future__ import annotations

import logging
import math
from dataclasses import asdict, dataclass

import numpy as np
import torch

from sasrec.model import SASRec, left_pad

logger = logging.getLogger(__name__)


@dataclass
class Metrics:
    ndcg: float
    hr: float
    users: int
    k: int = 10

    def as_dict(self, prefix: str = "") -> dict[str, float]:
        return {f"{prefix}ndcg@{self.k}": self.ndcg, f"{prefix}hr@{self.k}": self.hr, f"{prefix}users": self.users}


def split_inputs(sequences: list[list[int]], split: str) -> tuple[list[list[int]], list[int]]:
    """(inputs, targets) for 'val' or 'test'. Users with fewer than 3 items cannot be split and are skipped."""
    if split not in ("val", "test"):
        raise ValueError(f"split must be 'val' or 'test', not {split!r}")
    cut = 2 if split == "val" else 1
    inputs, targets = [], []
    for s in sequences:
        if len(s) < 3:
            continue
        inputs.append(s[:-cut])
        targets.append(s[-cut])
    return inputs, targets


def _ranks_to_metrics(ranks: torch.Tensor, k: int) -> Metrics:
    hit = ranks < k
    ndcg = torch.where(hit, 1.0 / torch.log2(ranks.double() + 2.0), torch.zeros((), dtype=torch.double))
    n = int(ranks.numel())
    return Metrics(float(ndcg.sum() / max(n, 1)), float(hit.double().sum() / max(n, 1)), n, k)


@torch.inference_mode()
def full_ranking(
    model: SASRec,
    sequences: list[list[int]],
    split: str = "test",
    k: int = 10,
    batch_size: int = 128,
) -> Metrics:
    """Rank the target among all items (inputs excluded)."""
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    inputs, targets = split_inputs(sequences, split)
    ranks = []
    maxlen = model.config.maxlen
    for start in range(0, len(inputs), batch_size):
        inp = inputs[start : start + batch_size]
        tgt = torch.as_tensor(targets[start : start + batch_size], device=device)
        scores = model.get_predictions(left_pad(inp, maxlen, device)).float()
        seen = left_pad(inp, 10**9, device)  # the whole prefix, not only the newest maxlen
        scores.scatter_(1, seen, float("-inf"))
        target_scores = scores.gather(1, tgt[:, None])
        ranks.append((scores > target_scores).sum(1).cpu())
    model.train(was_training)
    return _ranks_to_metrics(torch.cat(ranks) if ranks else torch.zeros(0, dtype=torch.long), k)


def sample_negatives(
    sequences: list[list[int]], num_items: int, n: int = 100, seed: int = 42
) -> np.ndarray:
    """[users, n] items (1..num_items) outside each user's whole sequence, from a fixed-seed RNG."""
    rng = np.random.default_rng(seed)
    out = np.zeros((len(sequences), n), dtype=np.int64)
    for u, s in enumerate(sequences):
        seen = set(s)
        if num_items - len(seen) < n:
            raise ValueError("not enough unseen items to sample from")
        picked: list[int] = []
        chosen: set[int] = set()
        while len(picked) < n:
            for i in rng.integers(1, num_items + 1, size=2 * n).tolist():
                if i not in seen and i not in chosen:
                    chosen.add(i)
                    picked.append(i)
                    if len(picked) == n:
                        break
        out[u] = picked
    return out


@torch.inference_mode()
def sampled_ranking(
    model: SASRec,
    sequences: list[list[int]],
    split: str = "test",
    n_negatives: int = 100,
    seed: int = 42,
    k: int = 10,
    batch_size: int = 128,
) -> Metrics:
    """Classic SASRec-paper protocol: rank the target among itself + 100 sampled unseen items."""
    was_training = model.training
    model.eval()
    device = next(model.parameters()).device
    kept = [s for s in sequences if len(s) >= 3]
    inputs, targets = split_inputs(kept, split)
    negatives = torch.as_tensor(sample_negatives(kept, model.config.num_items, n_negatives, seed))
    ranks = []
    for start in range(0, len(inputs), batch_size):
        inp = inputs[start : start + batch_size]
        tgt = torch.as_tensor(targets[start : start + batch_size])[:, None]
        cand = torch.cat([tgt, negatives[start : start + batch_size]], 1).to(device)
        scores = model.get_predictions(left_pad(inp, model.config.maxlen, device)).float().gather(1, cand)
        ranks.append((scores[:, 1:] > scores[:, :1]).sum(1).cpu())
    model.train(was_training)
    return _ranks_to_metrics(torch.cat(ranks), k)


def evaluate_all(model: SASRec, sequences: list[list[int]], k: int = 10, seed: int = 42) -> dict[str, float]:
    """Validation + test, full and sampled-100, as one flat dict."""
    out: dict[str, float] = {}
    out.update(full_ranking(model, sequences, "val", k).as_dict("val_"))
    out.update(full_ranking(model, sequences, "test", k).as_dict("test_"))
    out.update(sampled_ranking(model, sequences, "val", seed=seed, k=k).as_dict("val_sampled100_"))
    out.update(sampled_ranking(model, sequences, "test", seed=seed, k=k).as_dict("test_sampled100_"))
    return out


def popularity_baseline(sequences: list[list[int]], num_items: int, split: str = "test", k: int = 10) -> Metrics:
    """Most-popular (counted on training items only) with the same exclusion rule: a sanity floor."""
    counts = torch.zeros(num_items + 1)
    for s in sequences:
        for i in s[:-2]:
            counts[i] += 1
    counts[0] = -math.inf
    inputs, targets = split_inputs(sequences, split)
    scores = counts.expand(len(inputs), -1).clone()
    scores.scatter_(1, left_pad(inputs, 10**9), float("-inf"))
    tgt = torch.as_tensor(targets)[:, None]
    return _ranks_to_metrics((scores > scores.gather(1, tgt)).sum(1), k)


def metrics_dict(m: Metrics) -> dict:
    return asdict(m)
