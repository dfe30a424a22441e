"""Build `core/data/pick_prior.json`: per film (IMDb id), what makes people pick it for a broad request.

- `box_office`: worldwide gross in $M from the bundled snapshot's Rotten Tomatoes table (bokeh-sampledata, CC0):
  how many people went to see it, on an absolute scale the review counts lack.
- `redial`: how often recommenders suggested it in `benchmarks/eval/redial_train_dev.jsonl`, dialogues from the
  ReDial dataset's training split (Li et al., 2018, CC BY 4.0); its test split is never read.

Keyed by IMDb id, so an IMDb-built catalog uses the same file. Rebuild after changing either source:

    python3 benchmarks/pick_prior.py
"""
from __future__ import annotations

import asyncio
import json
import sqlite3
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

from core.config import Settings  # noqa: E402
from moviebot.wiring import build_services  # noqa: E402
from redial_recall import DATA, resolve  # noqa: E402
from sasrec.catalog_map import catalog_db_path  # noqa: E402

OUT = ROOT / "core" / "data" / "pick_prior.json"


def box_office() -> dict[str, float]:
    with sqlite3.connect(catalog_db_path()) as db:
        rows = db.execute("SELECT o.imdbID, t.BoxOffice FROM omdb o JOIN tomatoes t ON t.ID = o.ID "
                          "WHERE t.BoxOffice > 0").fetchall()
    return {imdb: round(gross / 1e6, 2) for imdb, gross in rows if imdb}


async def redial_counts() -> Counter[str]:
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines() if line.strip()]
    counts: Counter[str] = Counter()
    with tempfile.TemporaryDirectory() as tmp:
        services = await build_services(Settings(_env_file=None, data_dir=Path(tmp), llm_base_url=None,
                                                 catalog_path=ROOT / "data" / "catalog.sqlite3", llm_api_key=None))
        cache: dict[str, str | None] = {}
        try:
            for r in rows:
                for label in dict.fromkeys([r["first_suggestion"], *r.get("all_suggestions", [])]):
                    if movie_id := await resolve(services.catalog, label, cache):
                        counts[movie_id] += 1
        finally:
            await services.close()
    return counts


def main() -> None:
    gross, counts = box_office(), asyncio.run(redial_counts())
    films = {i: {k: v for k, v in (("box_office", gross.get(i)), ("redial", counts.get(i))) if v}
             for i in sorted(set(gross) | set(counts))}
    doc = ("What people pick, per IMDb id: box_office = worldwide gross in $M (bokeh-sampledata, CC0); redial = "
           "times suggested in ReDial training-split dialogues (CC BY 4.0). Built by benchmarks/pick_prior.py.")
    OUT.write_text(json.dumps({"_doc": doc, "films": films}, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    print(json.dumps({"films": len(films), "box_office": len(gross), "redial": len(counts)}))


if __name__ == "__main__":
    main()
