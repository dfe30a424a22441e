"""History import: time for a synthetic Letterboxd export of 5,000 watched films, and the match rates on the test fixtures.

    python benchmarks/importer.py [--rows 5000]

The synthetic export is a real-format zip (watched.csv, ratings.csv, likes/films.csv): 90% of the rows are catalog
films drawn at random, a fifth of those spelled the way exports differ from the catalog (case, punctuation, a
year off by one), 10% are films the catalog lacks (they take the slow, fuzzy path). Times are for the whole
import on the embedded SQLite stores: reading and checking the file, matching, storing, evicting the profile.
Writes benchmarks/results/importer.json.
"""
from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.config import Settings  # noqa: E402
from core.importer import import_history, read_export  # noqa: E402
from core.services import Services, build_services  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "import"


def variant(title: str, rng: random.Random) -> str:
    """How an export may spell a catalog title: other case, punctuation dropped or swapped."""
    kind = rng.randrange(3)
    if kind == 0:
        return title.upper()
    if kind == 1:
        return title.replace(":", "").replace("–", "-").replace("'", "’")
    return title.replace(" ", "  ").replace(",", "")


def synthetic_export(titles: list[tuple[str, str, int | None]], rows: int, seed: int = 0
                     ) -> tuple[bytes, dict[str, str | None]]:
    """(zip bytes, {"Name (Year)": intended catalog id or None})."""
    rng = random.Random(seed)
    n_catalog = rows * 9 // 10
    picked = rng.sample([t for t in titles if t[2]], n_catalog)
    truth: dict[str, str | None] = {}
    films = []
    for movie_id, title, year in picked:
        assert year is not None
        if rng.random() < 0.2:
            title, year = (variant(title, rng), year) if rng.random() < 0.5 else (title, year + rng.choice((-1, 1)))
        films.append((title, year))
        truth.setdefault(f"{title} ({year})", movie_id)
    for i in range(rows - n_catalog):
        title, year = f"Nonexistent Feature {i} {rng.choice(['Returns', 'Rising', 'Redux'])}", 2015 + i % 10
        films.append((title, year))
        truth[f"{title} ({year})"] = None
    rng.shuffle(films)
    start = date(2015, 1, 1)

    def write(rows_: list[list[str]], header: list[str]) -> bytes:
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(header)
        w.writerows(rows_)
        return buf.getvalue().encode("utf-8")

    header = ["Date", "Name", "Year", "Letterboxd URI"]
    watched = [[(start + timedelta(hours=8 * i)).isoformat()[:10], t, str(y), f"https://boxd.it/s{i:05d}"]
               for i, (t, y) in enumerate(films)]
    ratings = [r + [str(rng.choice([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]))] for r in rng.sample(watched, rows * 2 // 5)]
    likes = rng.sample(watched, rows // 10)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("watched.csv", write(watched, header))
        z.writestr("ratings.csv", write(ratings, header + ["Rating"]))
        z.writestr("likes/films.csv", write(likes, header))
    return out.getvalue(), truth


def fixture_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted((FIXTURES / "letterboxd").rglob("*.csv")):
            z.write(path, path.relative_to(FIXTURES / "letterboxd").as_posix())
    return out.getvalue()


async def stored_ids(s: Services, user: str) -> set[str]:
    return {i.movie_id for i in await s.store.recent(user, 100_000)}


def rates(truth: dict[str, str | None], stored: set[str]) -> dict:
    in_catalog = {v for v in truth.values() if v}
    return {"catalog_films": len(in_catalog), "matched": len(in_catalog & stored),
            "match_rate": round(len(in_catalog & stored) / len(in_catalog), 4),
            "wrong_matches": len(stored - in_catalog)}


async def main(rows: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        catalog = ROOT / "data" / "catalog.sqlite3"
        settings = Settings(_env_file=None, data_dir=Path(tmp), catalog_path=catalog if catalog.exists() else None,
                            llm_base_url=None, llm_api_key=None, sasrec_checkpoint=None, catalog_backend="sqlite",
                            history_backend="sqlite")
        s = await build_services(settings)
        try:
            titles = [(i, t, y) for i, t, y, _ in await s.catalog.titles()]  # type: ignore[attr-defined]
            data, truth = synthetic_export(titles, rows)
            t = time.perf_counter()
            parsed = read_export(data, "export.zip")
            parse_ms = (time.perf_counter() - t) * 1000

            t = time.perf_counter()
            cold = await import_history(s.history, "bench-cold", data, "export.zip")
            cold_ms = (time.perf_counter() - t) * 1000  # includes building the shared title index
            warm = []
            for k in range(3):
                t = time.perf_counter()
                report = await import_history(s.history, f"bench-{k}", data, "export.zip")
                warm.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            again = await import_history(s.history, "bench-0", data, "export.zip")
            again_ms = (time.perf_counter() - t) * 1000
            synthetic = rates(truth, await stored_ids(s, "bench-0"))

            expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
            await import_history(s.history, "fixture-lb", fixture_zip(), "letterboxd.zip")
            await import_history(s.history, "fixture-imdb", (FIXTURES / "imdb" / "ratings.csv").read_bytes(),
                                 "ratings.csv")
            fixtures = {"letterboxd": rates(expected["letterboxd"], await stored_ids(s, "fixture-lb")),
                        "imdb": rates(expected["imdb"], await stored_ids(s, "fixture-imdb"))}
        finally:
            await s.close()
    warm_ms = statistics.median(warm)
    return {
        "synthetic_export": {
            "rows": parsed.rows, "zip_bytes": len(data), "films": report.films,
            "parse_ms": round(parse_ms, 1),
            "import_ms_cold": round(cold_ms, 1), "import_ms": round(warm_ms, 1),
            "rows_per_s": round(parsed.rows / (warm_ms / 1000)),
            "reimport_ms": round(again_ms, 1), "reimport_imported": again.imported,
            "imported": report.imported, "by_kind": report.by_kind, "unmatched": len(report.unmatched),
            "ambiguous": sum(u.reason == "ambiguous" for u in report.unmatched),
            "cold_imported": cold.imported, **synthetic,
        },
        "fixtures": fixtures,
    }


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5000, help="films in watched.csv (ratings and likes add 50%%)")
    ap.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "importer.json")
    args = ap.parse_args()
    res = asyncio.run(main(args.rows))
    doc = {
        "note": ("Whole import (read + zip checks + match + store + profile eviction) on the embedded SQLite stores "
                 "and the 17,470-film catalog; import_ms is the median of 3 warm runs, each for a new user; "
                 "import_ms_cold also builds the title index. Match rates count the catalog films the export "
                 "names; wrong_matches are films stored that the export did not mean."),
        "measured_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()},
        "results": res,
    }
    syn = res["synthetic_export"]
    print(f"synthetic export of {syn['films']} films ({syn['rows']} rows in 3 files): import {syn['import_ms']:.0f} ms ({syn['rows_per_s']} rows/s), cold "
          f"{syn['import_ms_cold']:.0f} ms, re-import {syn['reimport_ms']:.0f} ms storing {syn['reimport_imported']}; "
          f"match {syn['match_rate']:.1%} of {syn['catalog_films']} catalog films, {syn['wrong_matches']} wrong, "
          f"{syn['ambiguous']} ambiguous")
    for name, r in res["fixtures"].items():
        print(f"fixture {name}: {r['matched']}/{r['catalog_films']} = {r['match_rate']:.1%}, "
              f"{r['wrong_matches']} wrong")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
