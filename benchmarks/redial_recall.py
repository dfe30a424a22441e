"""Top-5 recall of the first film a person suggested, on recommendation dialogues from ReDial's *training* split.

ReDial (Li et al., 2018, "Towards Deep Conversational Recommendations", CC BY 4.0): crowd workers, one seeking
films and one recommending. `benchmarks/eval/redial_train_dev.jsonl` holds dialogues of its training split only
(see benchmarks/eval/README.md); its test split is held out and never read. Per dialogue: the seeker's messages
before the recommender first named a film, the films the seeker said they liked there, and that first suggestion.

The request sent is the seeker's messages joined, as one Discord message; a fresh user per dialogue. Scored:
  recall@5        the first suggestion is among the 5 picks (over all dialogues, and over those whose suggestion
                  is in the catalog at all: the embedded one ends in 2014, ReDial runs to 2018);
  with history    the same after logging the seeker's liked films (those in the catalog) as liked;
  popularity      the floor: the 5 films suggested most often in the other half of the dialogues (2-fold).

The product's prior of what people pick (core/data/pick_prior.json) counts suggestions in these same dialogues, so
each dialogue is scored with the counts of the other half only (2-fold), never its own.

    python3 benchmarks/redial_recall.py [--limit N] [--out benchmarks/results/redial_recall.json]
"""
from __future__ import annotations

import argparse
import asyncio
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

import core.retrieve as retrieve  # noqa: E402
from core.config import Settings  # noqa: E402
from core.models import InteractionKind  # noqa: E402
from moviebot.wiring import build_services  # noqa: E402

DATA = ROOT / "benchmarks" / "eval" / "redial_train_dev.jsonl"
OUT = ROOT / "benchmarks" / "results" / "redial_recall.json"
_TITLE = re.compile(r"^(.*?)\s*(?:\((\d{4})\))?\s*$")


def split_title(label: str) -> tuple[str, int | None]:
    """ "Notting Hill ", "The Heat  (2013)" -> (title, year or None)."""
    m = _TITLE.match(" ".join(label.split()))
    title, year = (m.group(1), m.group(2)) if m else (label.strip(), None)
    return title.strip(), int(year) if year else None


async def resolve(catalog, label: str, cache: dict[str, str | None]) -> str | None:
    """The catalog id of a ReDial film label, matched on title and year (±1); None when the catalog lacks it."""
    if label not in cache:
        title, year = split_title(label)
        hits = await catalog.find_titles(title, year=year, limit=3) if title else []
        exact = [m for m in hits if m.title.casefold() == title.casefold()] or hits[:1]
        cache[label] = exact[0].id if exact and (year is None or abs((exact[0].year or 0) - year) <= 1) else None
    return cache[label]


def fold_priors(rows: list[dict], ids: list[str | None]) -> list[dict[str, dict[str, float]]]:
    """The shipped prior with its dialogue counts replaced by those of the other half (even/odd rows)."""
    full = retrieve.pick_prior()
    out = []
    for fold in (0, 1):
        counts = Counter(i for j, r in enumerate(rows) if j % 2 != fold
                         for i in dict.fromkeys([ids[j], *r["_all_ids"]]) if i)
        prior = {k: {"box_office": v["box_office"]} for k, v in full.items() if "box_office" in v}
        for movie_id, n in counts.items():
            prior.setdefault(movie_id, {})["redial"] = n
        out.append(prior)
    return out


def popularity_floor(rows: list[dict], ids: list[str | None]) -> float:
    """2-fold: the 5 most-suggested catalog films of one half, scored on the other half."""
    hits = 0
    halves = [list(range(0, len(rows), 2)), list(range(1, len(rows), 2))]
    for train, test in (halves, halves[::-1]):
        counts = Counter(i for j in train for i in rows[j]["_all_ids"] if i)
        top = {i for i, _ in counts.most_common(5)}
        hits += sum(1 for j in test if ids[j] in top)
    return round(100.0 * hits / max(len(rows), 1), 1)


async def main(limit: int | None) -> dict:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r.get("seeker")][:limit]
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp), catalog_path=ROOT / "data" / "catalog.sqlite3",
                            llm_base_url=None, llm_api_key=None)
        services = await build_services(settings)
        cache: dict[str, str | None] = {}
        try:
            ids = [await resolve(services.catalog, r["first_suggestion"], cache) for r in rows]
            for r in rows:
                r["_all_ids"] = [await resolve(services.catalog, t, cache) for t in r.get("all_suggestions", [])]
            priors = fold_priors(rows, ids)
            shipped = retrieve.pick_prior
            plain = hist = 0
            kinds: Counter = Counter()
            misses = []
            for i, (r, want) in enumerate(zip(rows, ids)):
                retrieve.pick_prior = lambda: priors[i % 2]  # type: ignore[assignment]  # noqa: E731
                text = " ".join(r["seeker"])
                reply = await services.recommender.recommend(f"redial-{i}", text, count=5)
                got = [p.movie.id for p in reply.picks]
                plain += want in got
                kind = "like_x" if reply.filters.similar_to else "other"
                kinds[kind] += 1
                kinds[kind + "_hits"] += want in got
                for label in r.get("seeker_liked", []):
                    if liked := await resolve(services.catalog, label, cache):
                        await services.history.log(f"redial-h-{i}", liked, InteractionKind.LIKED)
                reply_h = await services.recommender.recommend(f"redial-h-{i}", text, count=5)
                hist += want in [p.movie.id for p in reply_h.picks]
                if want and want not in got and len(misses) < 40:
                    misses.append({"conv": r["conv"], "text": text[:200], "first_suggestion": r["first_suggestion"],
                                   "picks": [p.movie.label for p in reply.picks]})
        finally:
            retrieve.pick_prior = shipped  # type: ignore[assignment]
            await services.close()
    n, covered = len(rows), sum(1 for i in ids if i)
    pct = lambda a, b: round(100.0 * a / b, 1) if b else 0.0  # noqa: E731
    return {
        "data": "ReDial training split (CC BY 4.0), first suggestion per dialogue; test split held out",
        "dialogues": n, "suggestion_in_catalog": covered,
        "recall_at_5_pct": pct(plain, n), "recall_at_5_in_catalog_pct": pct(plain, covered),
        "recall_at_5_with_history_pct": pct(hist, n),
        "popularity_floor_pct": popularity_floor(rows, ids),
        "by_kind": {k: {"dialogues": kinds[k], "recall_at_5_pct": pct(kinds[k + "_hits"], kinds[k])}
                    for k in ("like_x", "other")},
        "misses_sample": misses,
    }


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--limit", type=int)
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    result = asyncio.run(main(args.limit))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: v for k, v in result.items() if k != "misses_sample"}, indent=1))
