"""IMDb catalog build and search at full size, on synthetic files in IMDb's exact dataset format.

Generates (in a temp folder, deleted afterwards) title.basics with ~1M movies plus other title types,
title.principals with ~20M rows, title.akas with ~1.5M rows (some KR / ko), name.basics, title.crew and
title.ratings with a long-tailed numVotes, all gzip'd with `\\N` nulls. Then measures, on this machine:
  - the build (`build_imdb_catalog`, default options) in a child process: wall time and peak RSS (ru_maxrss);
  - the catalog file size;
  - filtered search latency (SQLiteCatalog.search with the query shapes the retriever sends) on a ~60k-film
    catalog (the default --min-votes 5000) and on a ~300k-film one (--min-votes 100).

Run: python benchmarks/catalog_scale.py [--scale 0.01]   (writes benchmarks/results/catalog_scale.json at 1.0)
"""
from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.catalog.sqlite import SQLiteCatalog  # noqa: E402
from core.models import Filters, SearchQuery  # noqa: E402

GENRES = ["Drama", "Comedy", "Action", "Thriller", "Romance", "Crime", "Horror", "Documentary", "Adventure",
          "Sci-Fi", "Mystery", "Family", "Fantasy", "Animation", "Biography", "History", "Music", "War", "Western",
          "Sport", "Musical"]
CATEGORIES = ["actor", "actress", "actor", "actress", "self", "director", "writer", "producer", "composer",
              "cinematographer", "editor"]
REGIONS = ["US", "GB", "FR", "DE", "JP", "KR", "IN", "ES", "IT", "BR", "\\N"]
SYLLABLES = ["ka", "ri", "mo", "tan", "el", "sun", "vor", "li", "des", "ga", "no", "ber", "shi", "ra", "ton", "mi"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def _write(path: Path, header: str, rows) -> int:
    n = 0
    with gzip.open(path, "wt", encoding="utf-8", compresslevel=1, newline="\n") as f:
        f.write(header + "\n")
        batch: list[str] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 50_000:
                f.write("\n".join(batch) + "\n")
                n += len(batch)
                batch = []
        if batch:
            f.write("\n".join(batch) + "\n")
            n += len(batch)
    return n


def generate(folder: Path, scale: float, seed: int = 7) -> dict:
    """Files shaped like the real ones. Votes: 60k films >= 5000, 240k more >= 100, the rest below."""
    rng = random.Random(seed)
    movies = int(1_000_000 * scale)
    others = int(500_000 * scale)  # tvSeries, tvEpisode, short, video, tvMovie
    names = int(3_000_000 * scale)
    popular, known = int(60_000 * scale), int(300_000 * scale)
    titles = [f"tt{10_000_000 + i}" for i in range(movies + others)]
    counts: dict[str, int] = {}
    t = time.perf_counter()

    def basics():
        for i, tid in enumerate(titles):
            kind = "movie" if i < movies else rng.choice(["tvSeries", "tvEpisode", "short", "video", "tvMovie"])
            title = f"{_word(rng)} {_word(rng)}"
            year = str(rng.randint(1915, 2026)) if rng.random() > 0.02 else "\\N"
            runtime = str(rng.randint(60, 200)) if rng.random() > 0.1 else "\\N"
            genres = ",".join(rng.sample(GENRES, rng.randint(1, 3)))
            yield f"{tid}\t{kind}\t{title}\t{title}\t0\t{year}\t\\N\t{runtime}\t{genres}"

    counts["title.basics"] = _write(folder / "title.basics.tsv.gz", "tconst\ttitleType\tprimaryTitle\toriginalTitle\t"
                                    "isAdult\tstartYear\tendYear\truntimeMinutes\tgenres", basics())

    def ratings():
        for i, tid in enumerate(titles):
            if i < popular:
                votes = int(10 ** rng.uniform(3.7, 6.4))
            elif i < known:
                votes = int(10 ** rng.uniform(2.0, 3.69))
            else:
                votes = int(10 ** rng.uniform(0.7, 1.99))
            yield f"{tid}\t{rng.uniform(3, 9.3):.1f}\t{votes}"

    counts["title.ratings"] = _write(folder / "title.ratings.tsv.gz", "tconst\taverageRating\tnumVotes", ratings())

    def person() -> str:
        """A long tail as on IMDb: the busiest person has ~1,000 credits among ~20M (id ~ N * u^1.5)."""
        return f"nm{1_000_000 + int(names * rng.random() ** 1.5)}"

    def crew():
        for tid in titles:
            yield f"{tid}\t{person()}\t{person()}"

    counts["title.crew"] = _write(folder / "title.crew.tsv.gz", "tconst\tdirectors\twriters", crew())

    per_title = max(1, round(20_000_000 * scale / len(titles)))

    def principals():
        for tid in titles:
            for k in range(1, per_title + 1):
                category = CATEGORIES[(k - 1) % len(CATEGORIES)]
                yield f"{tid}\t{k}\t{person()}\t{category}\t\\N\t\\N"

    counts["title.principals"] = _write(folder / "title.principals.tsv.gz",
                                        "tconst\tordering\tnconst\tcategory\tjob\tcharacters", principals())

    def name_rows():
        for i in range(names):
            yield f"nm{1_000_000 + i}\t{_word(rng)} {_word(rng)}\t\\N\t\\N\tactor\t\\N"

    counts["name.basics"] = _write(folder / "name.basics.tsv.gz", "nconst\tprimaryName\tbirthYear\tdeathYear\t"
                                   "primaryProfession\tknownForTitles", name_rows())
    akas_total = int(1_500_000 * scale)

    def akas():
        for j in range(akas_total):
            tid = titles[j % movies]
            region = rng.choice(REGIONS)
            lang = "ko" if region == "KR" and rng.random() < 0.5 else "\\N"
            title = f"영화 {_word(rng)}" if region == "KR" else f"{_word(rng)} {_word(rng)}"
            yield f"{tid}\t{j // movies + 1}\t{title}\t{region}\t{lang}\t\\N\t\\N\t0"

    counts["title.akas"] = _write(folder / "title.akas.tsv.gz", "titleId\tordering\ttitle\tregion\tlanguage\ttypes\t"
                                  "attributes\tisOriginalTitle", akas())
    return {"rows": counts, "seconds": round(time.perf_counter() - t, 1),
            "bytes_gz": sum(p.stat().st_size for p in folder.glob("*.gz"))}


def build(folder: Path, dest: Path, min_votes: int) -> dict:
    """The build in a child process, so its peak memory is measured alone."""
    code = ("import sys; from pathlib import Path; from core.catalog.imdb import ImdbOptions, build_imdb_catalog;"
            f"print(build_imdb_catalog(Path(sys.argv[1]), Path(sys.argv[2]), ImdbOptions(min_votes={min_votes})))")
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code, str(dest), str(folder)], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    seconds = time.perf_counter() - t
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far (Linux: KiB)
    return {"films": int(out.stdout.strip().splitlines()[-1]), "min_votes": min_votes,
            "build_s": round(seconds, 1), "peak_rss_mib": round(max(peak_kib, before) / 1024, 1),
            "file_mib": round(dest.stat().st_size / 2**20, 1)}


async def search_latency(dest: Path, rounds: int = 40) -> dict:
    cat = await SQLiteCatalog.open(dest)
    vocab = await cat.vocabulary()
    directors = [d for d, _ in sorted(vocab.directors.items(), key=lambda kv: -kv[1])[:20]]
    actors = [a for a, _ in sorted(vocab.actors.items(), key=lambda kv: -kv[1])[:20]]
    queries = []
    for i in range(rounds):
        queries += [
            ("genre+decade", Filters(genres=[GENRES[i % 10]], year_min=1990 + i % 3 * 10, year_max=1999 + i % 3 * 10)),
            ("director", Filters(directors=[directors[i % len(directors)]])),
            ("actor+genre", Filters(actors=[actors[i % len(actors)]], genres=["Drama", "Comedy"])),
            ("runtime+exclude", Filters(genres=[GENRES[i % 12]], max_runtime=100, exclude_genres=["Horror"])),
            ("text", Filters(text=_word(random.Random(i)))),
            ("popular (no filter)", Filters()),
        ]
    await cat.search(SearchQuery(filters=queries[0][1], limit=200))  # warm the genre bits
    times: dict[str, list[float]] = {}
    for name, f in queries:
        t = time.perf_counter()
        await cat.search(SearchQuery(filters=f, limit=200))
        times.setdefault(name, []).append((time.perf_counter() - t) * 1000)
    await cat.close()
    every = [x for v in times.values() for x in v]
    return {"p50_ms": round(statistics.median(every), 2), "p95_ms": round(sorted(every)[int(0.95 * len(every))], 2),
            "by_query_p50_ms": {k: round(statistics.median(v), 2) for k, v in times.items()}, "n": len(every)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="moviebot-imdb-scale-"))
    try:
        (folder / "files").mkdir()
        files = generate(folder / "files", args.scale)
        print("generated", json.dumps(files), flush=True)
        default = build(folder / "files", folder / "catalog-60k.sqlite3", 5000)
        print("built", json.dumps(default), flush=True)
        wide = build(folder / "files", folder / "catalog-300k.sqlite3", 100)
        print("built", json.dumps(wide), flush=True)
        result = {
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
                        "loadavg_at_end": [round(x, 2) for x in os.getloadavg()]},
            "scale": args.scale, "generated": files,
            "build_default": default, "build_300k": wide,
            "search_60k": asyncio.run(search_latency(folder / "catalog-60k.sqlite3")),
            "search_300k": asyncio.run(search_latency(folder / "catalog-300k.sqlite3")),
            "targets": {"build_s": 1200, "peak_rss_mib": 2048, "search_p50_ms": 10},
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(json.dumps(result, indent=2))
    if args.scale == 1.0:
        (ROOT / "benchmarks" / "results" / "catalog_scale.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
