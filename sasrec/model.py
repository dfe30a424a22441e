"""SASRec: causal self-attention over a user's item sequence (Kang & McAuley, 2018).

Conventions that the rest of the package relies on:
- sequences are LEFT-padded with 0, the newest item sits in the last column;
- item id 0 is padding; its embedding row is zero and never trained;
- positions are counted back from the newest item (newest = 0), so the same history gives
  the same scores whatever the padding length (this equals classic SASRec's slot positions
  for a fixed maxlen, but does not depend on it);
- Pre-LN blocks: LayerNorm is applied to the full block input before attention and FFN;
- scores are dot products with the shared item embedding table.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

import torch
import torch.nn.functional as F
from torch import nn

logger = logging.getLogger(__name__)


@dataclass
class SASRecConfig:
    num_items: int
    maxlen: int = 200
    dim: int = 64
    layers: int = 2
    heads: int = 1
    dropout: float = 0.2

    def to_dict(self) -> dict:
        return asdict(self)


class _Block(nn.Module):
    """Pre-LN transformer block: x + Attn(LN(x)), then x + FFN(LN(x))."""

    def __init__(self, dim: int, heads: int, dropout: float) -> None:
        super().__init__()
        if dim % heads:
            raise ValueError(f"dim {dim} is not divisible by heads {heads}")
        self.heads = heads
        self.dropout = dropout
        self.ln_attn = nn.LayerNorm(dim)
        self.qkv = nn.Linear(dim, 3 * dim)
        self.proj = nn.Linear(dim, dim)
        self.ln_ffn = nn.LayerNorm(dim)
        self.ffn = nn.Sequential(
            nn.Linear(dim, dim), nn.GELU(), nn.Dropout(dropout), nn.Linear(dim, dim)
        )
        self.drop = nn.Dropout(dropout)

    def forward(self, x: torch.Tensor, attn_mask: torch.Tensor, last_only: bool = False) -> torch.Tensor:
        """`last_only`: compute the output of the newest position only (inference: keys and values
        still come from every position, but queries, attention rows and FFN shrink to one)."""
        b, n, d = x.shape
        q, k, v = self.qkv(self.ln_attn(x)).split(d, dim=-1)
        if last_only:
            q, x, attn_mask = q[:, -1:], x[:, -1:], attn_mask[:, :, -1:]
        q = q.reshape(b, -1, self.heads, d // self.heads).transpose(1, 2)
        k, v = (t.reshape(b, n, self.heads, d // self.heads).transpose(1, 2) for t in (k, v))
        if attn_mask.dtype != q.dtype:  # bf16 autocast
            attn_mask = attn_mask.to(q.dtype)
        # no dropout on the attention matrix: it is [B, heads, L, L] and dominates CPU time
        a = F.scaled_dot_product_attention(q, k, v, attn_mask=attn_mask)
        x = x + self.drop(self.proj(a.transpose(1, 2).reshape(b, -1, d)))
        return x + self.drop(self.ffn(self.ln_ffn(x)))


class SASRec(nn.Module):
    def __init__(self, config: SASRecConfig) -> None:
        super().__init__()
        self.config = config
        c = config
        self.item_emb = nn.Embedding(c.num_items + 1, c.dim, padding_idx=0)
        self.pos_emb = nn.Embedding(c.maxlen, c.dim)
        self.emb_drop = nn.Dropout(c.dropout)
        self.blocks = nn.ModuleList(_Block(c.dim, c.heads, c.dropout) for _ in range(c.layers))
        self.final_ln = nn.LayerNorm(c.dim)
        self._init_weights()

    def _init_weights(self) -> None:
        for name, p in self.named_parameters():
            if p.dim() > 1:
                nn.init.normal_(p, std=0.02)
            elif name.endswith("bias"):
                nn.init.zeros_(p)
        self.zero_padding_row()

    @torch.no_grad()
    def zero_padding_row(self) -> None:
        """Row 0 is padding: keep it exactly zero (after init and after every optimizer step)."""
        self.item_emb.weight[0].zero_()

    @staticmethod
    def attention_mask(seq: torch.Tensor) -> torch.Tensor:
        """Additive float mask [B, 1, L, L]: 0 = may attend (causal AND key is not padding), -inf = not.

        The diagonal is always allowed so that all-padding query rows have at least one key
        (no NaN from a softmax over nothing); real positions never see padding keys because
        padding only ever precedes them. Built once per forward (a bool mask would be converted
        again inside every attention call).
        """
        n = seq.size(1)
        causal = torch.ones(n, n, dtype=torch.bool, device=seq.device).tril()
        keys = (seq != 0)[:, None, None, :]
        eye = torch.eye(n, dtype=torch.bool, device=seq.device)
        allowed = (causal & keys) | eye
        return torch.zeros(allowed.shape, device=seq.device).masked_fill_(~allowed, float("-inf"))

    def hidden(self, seq: torch.Tensor, last_only: bool = False) -> torch.Tensor:
        """[B, L] left-padded item ids -> [B, L, dim] hidden states (one per position).

        With `last_only`, returns [B, 1, dim] for the newest position, skipping the last block's
        work for earlier positions (about 2x faster scoring, same numbers).
        """
        n = seq.size(1)
        if n > self.config.maxlen:
            seq = seq[:, -self.config.maxlen :]
            n = self.config.maxlen
        pos = torch.arange(n - 1, -1, -1, device=seq.device)  # newest item = position 0
        valid = (seq != 0).unsqueeze(-1).to(self.item_emb.weight.dtype)
        x = self.item_emb(seq) * (self.config.dim**0.5) + self.pos_emb(pos)
        x = self.emb_drop(x) * valid
        mask = self.attention_mask(seq)
        for i, block in enumerate(self.blocks):
            last = last_only and i == len(self.blocks) - 1
            x = block(x, mask, last_only=last) * (valid[:, -1:] if last else valid)
        return self.final_ln(x)

    def logits(self, h: torch.Tensor) -> torch.Tensor:
        """Scores over real items 1..N (column j = item j+1); padding is never a class."""
        return h @ self.item_emb.weight[1:].T

    def forward(self, seq: torch.Tensor) -> torch.Tensor:
        return self.hidden(seq)

    def get_predictions(self, seq: torch.Tensor) -> torch.Tensor:
        """[B, L] -> [B, num_items + 1] scores for the next item after the last position.

        Column 0 (padding) is -inf so that it can never be recommended.
        """
        h = self.hidden(seq, last_only=True)[:, -1]
        scores = h @ self.item_emb.weight.T
        scores[:, 0] = float("-inf")
        return scores

    score = get_predictions


def left_pad(histories: list[list[int]], maxlen: int, device: torch.device | str = "cpu") -> torch.Tensor:
    """Newest `maxlen` items of each history, left-padded with 0 to the longest kept length."""
    kept = [h[-maxlen:] if maxlen > 0 else [] for h in histories]
    width = max(1, max((len(h) for h in kept), default=1))
    out = torch.zeros(len(kept), width, dtype=torch.long)
    for i, h in enumerate(kept):
        if h:
            out[i, width - len(h) :] = torch.as_tensor(h, dtype=torch.long)
    return out.to(device)
