"""Readers that turn interaction logs into per-user item sequences with contiguous ids 1..N.

Every reader returns a `SequenceData`; id 0 is reserved for padding. `item_map[i]` is the raw id
(as a string) of contiguous item i, with `item_map[0] == ""`.
"""
from __future__ import annotations

import hashlib
import logging
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from core.history.base import HistoryStore

logger = logging.getLogger(__name__)

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = (REPO_ROOT / ".." / "shared" / "data").resolve()
DEFAULT_ML1M = DEFAULT_DATA_DIR / "ml-1m" / "sequences.txt"
DEFAULT_ML100K = DEFAULT_DATA_DIR / "ml-100k" / "ml-100k.inter"

#: history kinds that count as a positive, sequential signal
POSITIVE_KINDS = ("watched", "liked")


@dataclass
class SequenceData:
    sequences: list[list[int]]  # one per user, oldest first, ids in 1..num_items
    num_items: int
    item_map: list[str]  # contiguous id -> raw id; item_map[0] == "" (padding)
    user_ids: list[str] = field(default_factory=list)

    @property
    def num_interactions(self) -> int:
        return sum(len(s) for s in self.sequences)

    def fingerprint(self) -> str:
        return fingerprint(self.sequences)

    def raw_to_id(self) -> dict[str, int]:
        return {raw: i for i, raw in enumerate(self.item_map) if i}


def fingerprint(sequences: Iterable[list[int]]) -> str:
    """sha256 over the sequences, so a checkpoint can say exactly which data it was trained on."""
    h = hashlib.sha256()
    for s in sequences:
        h.update(" ".join(map(str, s)).encode())
        h.update(b"\n")
    return h.hexdigest()


def training_split(sequences: list[list[int]]) -> list[list[int]]:
    """Leave-one-out training part: all but the last two items (validation and test targets)."""
    return [s[:-2] for s in sequences]


def _from_user_events(events: dict[str, list[tuple]], keep_ids: bool = False) -> SequenceData:
    """events: user -> [(sort_key, raw_item)]. Stable sort, so ties keep file order."""
    raw_to_id: dict[str, int] = {}
    item_map = [""]
    if keep_ids:  # raw ids are already contiguous integers 1..N: keep them as they are
        n = max((int(r) for ev in events.values() for _, r in ev), default=0)
        item_map = [""] + [str(i) for i in range(1, n + 1)]
        raw_to_id = {str(i): i for i in range(1, n + 1)}
    users, seqs = [], []
    for user, ev in events.items():
        ev.sort(key=lambda t: t[0])
        seq = []
        for _, raw in ev:
            if raw not in raw_to_id:
                raw_to_id[raw] = len(item_map)
                item_map.append(raw)
            seq.append(raw_to_id[raw])
        users.append(user)
        seqs.append(seq)
    return SequenceData(seqs, len(item_map) - 1, item_map, users)


def read_sequences(path: str | Path) -> SequenceData:
    """One user per line, item ids separated by spaces, oldest first (SASRec `ml-1m.txt` style).

    Integer ids that already form 1..N are kept unchanged so that results match the published
    id space; anything else is remapped.
    """
    lines = [ln.split() for ln in Path(path).read_text().splitlines() if ln.strip()]
    raw = {tok for ln in lines for tok in ln}
    contiguous = all(t.isdigit() for t in raw) and {int(t) for t in raw} == set(range(1, len(raw) + 1))
    events = {str(u): [(i, tok) for i, tok in enumerate(ln)] for u, ln in enumerate(lines)}
    return _from_user_events(events, keep_ids=contiguous)


def read_user_item(path: str | Path) -> SequenceData:
    """Classic `user item` per line (file order = time order), as in the original SASRec repo."""
    events: dict[str, list[tuple]] = defaultdict(list)
    with open(path) as f:
        for n, line in enumerate(f):
            parts = line.split()
            if len(parts) >= 2:
                events[parts[0]].append((n, parts[1]))
    return _from_user_events(events)


def read_movielens(path: str | Path) -> SequenceData:
    """MovieLens `ratings.dat` (`u::i::r::t`) or `ratings.csv` (header userId,movieId,rating,timestamp)."""
    events: dict[str, list[tuple]] = defaultdict(list)
    path = Path(path)
    with open(path, encoding="latin-1") as f:
        if path.suffix == ".csv":
            header = f.readline().strip().split(",")
            iu, ii, it = header.index("userId"), header.index("movieId"), header.index("timestamp")
            for n, line in enumerate(f):
                p = line.rstrip("\n").split(",")
                events[p[iu]].append(((float(p[it]), n), p[ii]))
        else:
            for n, line in enumerate(f):
                p = line.strip().split("::")
                if len(p) >= 4:
                    events[p[0]].append(((float(p[3]), n), p[1]))
    return _from_user_events(events)


def read_recbole(path: str | Path) -> SequenceData:
    """RecBole atomic `.inter` file: tab-separated, header like `user_id:token item_id:token ... timestamp:float`."""
    events: dict[str, list[tuple]] = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        header = [h.split(":")[0] for h in f.readline().rstrip("\n").split("\t")]
        iu, ii = header.index("user_id"), header.index("item_id")
        it = header.index("timestamp") if "timestamp" in header else None
        for n, line in enumerate(f):
            p = line.rstrip("\n").split("\t")
            if len(p) < len(header):
                continue
            key = (float(p[it]), n) if it is not None else (0.0, n)
            events[p[iu]].append((key, p[ii]))
    return _from_user_events(events)


def load_data(path: str | Path) -> SequenceData:
    """Pick a reader from the file name/extension."""
    path = Path(path)
    if path.is_dir():
        for name in ("sequences.txt", "ratings.dat", "ratings.csv"):
            if (path / name).exists():
                return load_data(path / name)
        inters = sorted(path.glob("*.inter"))
        if inters:
            return read_recbole(inters[0])
        raise FileNotFoundError(f"no known interaction file in {path}")
    name = path.name
    if path.suffix == ".inter":
        data = read_recbole(path)
    elif name.startswith("ratings") or path.suffix == ".dat" or path.suffix == ".csv":
        data = read_movielens(path)
    else:
        with open(path) as f:
            first = [f.readline().split() for _ in range(5)]
        if all(len(p) == 2 for p in first if p) and not name.startswith("sequences"):
            data = read_user_item(path)
        else:
            data = read_sequences(path)
    logger.info("%s: %d users, %d items, %d interactions", path, len(data.sequences), data.num_items, data.num_interactions)
    return data


async def read_history_store(store: "HistoryStore", min_length: int = 1) -> SequenceData:
    """The bot's own history (watched + liked events) as sequences in IMDb id space.

    A movie that is both watched and liked counts once, at its first event. Returns the id map
    (contiguous id -> IMDb id) in `item_map`.
    """
    events: dict[str, list[tuple]] = defaultdict(list)
    seen: dict[str, set[str]] = defaultdict(set)
    n = 0
    async for it in store.export():
        kind = getattr(it.kind, "value", it.kind)
        if kind not in POSITIVE_KINDS or it.movie_id in seen[it.user_id]:
            continue
        seen[it.user_id].add(it.movie_id)
        events[it.user_id].append(((it.created_at.timestamp(), n), it.movie_id))
        n += 1
    data = _from_user_events(events)
    keep = [(u, s) for u, s in zip(data.user_ids, data.sequences) if len(s) >= min_length]
    data.user_ids = [u for u, _ in keep]
    data.sequences = [s for _, s in keep]
    return data


def merge(base: SequenceData, extra: SequenceData) -> SequenceData:
    """Append `extra`'s users to `base`, unifying the raw-id spaces (base ids stay as they are)."""
    raw_to_id = base.raw_to_id()
    item_map = list(base.item_map)
    seqs = [list(s) for s in base.sequences]
    users = list(base.user_ids) or [str(i) for i in range(len(seqs))]
    for user, s in zip(extra.user_ids or [f"x{i}" for i in range(len(extra.sequences))], extra.sequences):
        out = []
        for i in s:
            raw = extra.item_map[i]
            if raw not in raw_to_id:
                raw_to_id[raw] = len(item_map)
                item_map.append(raw)
            out.append(raw_to_id[raw])
        seqs.append(out)
        users.append(f"history:{user}")
    return SequenceData(seqs, len(item_map) - 1, item_map, users)


def remap(data: SequenceData, mapping: dict[str, str] | None = None, item_map: list[str] | None = None) -> SequenceData:
    """Re-express `data` in another raw-id space.

    `mapping` translates raw ids (e.g. ML-1M sas id -> IMDb id; unmapped items are dropped);
    `item_map` fixes the target contiguous ids (e.g. a checkpoint's), else they are assigned anew.
    Users left with no items are dropped.
    """
    target = {raw: i for i, raw in enumerate(item_map) if i} if item_map is not None else {}
    out_map = list(item_map) if item_map is not None else [""]
    users, seqs = [], []
    for u, s in zip(data.user_ids or [str(i) for i in range(len(data.sequences))], data.sequences):
        out = []
        for i in s:
            raw = data.item_map[i]
            raw = mapping.get(raw) if mapping is not None else raw
            if raw is None:
                continue
            if raw not in target:
                if item_map is not None:
                    continue
                target[raw] = len(out_map)
                out_map.append(raw)
            out.append(target[raw])
        if out:
            users.append(u)
            seqs.append(out)
    return SequenceData(seqs, len(out_map) - 1, out_map, users)
