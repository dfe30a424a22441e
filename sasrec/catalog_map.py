"""Map ML-1M (SASRec id space) items to the product catalog's IMDb ids.

ML-1M has no IMDb ids, so we match on title + year: MovieLens titles put the article last
("Usual Suspects, The (1995)") and carry alternative titles in parentheses
("City of Lost Children, The (Cité des enfants perdus, La) (1995)"); the catalog
(bokeh-sampledata's `movies.db`, table `omdb`) has "The Usual Suspects", 1995. Both sides are
normalised (lowercase, accents folded, punctuation removed, article moved back to the front) and
years may differ by one (release vs festival year).

    python -m sasrec.catalog_map [--attach sasrec/checkpoints/ml1m.pt]   # prints coverage
"""
from __future__ import annotations

import importlib.resources
import json
import logging
import re
import sqlite3
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sasrec.data import DEFAULT_DATA_DIR

logger = logging.getLogger(__name__)

ML1M_DIR = DEFAULT_DATA_DIR / "ml-1m"
ARTICLES = (
    "the", "a", "an", "la", "le", "les", "l'", "il", "el", "los", "las", "lo", "das", "der", "die", "den", "det", "i", "gli", "un", "une",
)
_YEAR = re.compile(r"\s*\((\d{4})\)\s*$")
_PAREN = re.compile(r"\s*\(([^()]*)\)")


def catalog_db_path() -> Path:
    """`bokeh_sampledata/_data/movies.db` inside the installed package."""
    return Path(str(importlib.resources.files("bokeh_sampledata").joinpath("_data/movies.db")))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _article_to_front(title: str) -> str:
    """'Usual Suspects, The' -> 'The Usual Suspects'; "Homme, L'" -> "L'Homme"."""
    m = re.match(r"^(.*),\s*([A-Za-z']+)$", title.strip())
    if m and m.group(2).lower() in ARTICLES:
        art = m.group(2)
        return f"{art}{m.group(1)}" if art.endswith("'") else f"{art} {m.group(1)}"
    return title.strip()


def normalise_title(title: str) -> str:
    """Lowercase, accents folded, '&' -> 'and', punctuation removed, article in front."""
    t = _fold(_article_to_front(title)).lower().replace("&", " and ")
    t = re.sub(r"[^a-z0-9]+", " ", t)
    return " ".join(t.split())


def _strip_article(norm: str) -> str:
    head, _, rest = norm.partition(" ")
    return rest if head in ARTICLES and rest else norm


def split_ml_title(raw: str) -> tuple[list[str], int | None]:
    """'City of Lost Children, The (Cité des enfants perdus, La) (1995)' -> (titles, 1995)."""
    year = None
    m = _YEAR.search(raw)
    if m:
        year = int(m.group(1))
        raw = raw[: m.start()]
    alts = [a.strip() for a in _PAREN.findall(raw)]
    main = _PAREN.sub("", raw).strip()
    titles = [main] + [re.sub(r"^(a\.k\.a\.|aka)\s+", "", a, flags=re.I) for a in alts if a]
    return [t for t in titles if t], year


def read_ml_movies(path: str | Path) -> dict[str, tuple[list[str], int | None]]:
    """movies.dat with `|` or `::` separators (ISO-8859-1): original id -> (titles, year)."""
    out = {}
    for line in Path(path).read_text(encoding="latin-1").splitlines():
        parts = line.split("::") if "::" in line else line.split("|")
        if len(parts) >= 2:
            out[parts[0].strip()] = split_ml_title(parts[1])
    return out


def read_sas_map(path: str | Path) -> dict[str, str]:
    """sas_to_original_items.txt: sas id -> original MovieLens id."""
    out = {}
    for line in Path(path).read_text().splitlines():
        p = line.split()
        if len(p) >= 2:
            out[p[0]] = p[1]
    return out


def load_catalog(db_path: str | Path | None = None) -> list[tuple[str, str, int | None, int]]:
    """(imdbID, Title, Year, imdbVotes) rows of the catalog."""
    con = sqlite3.connect(f"file:{db_path or catalog_db_path()}?mode=ro", uri=True)
    try:
        rows = con.execute("SELECT imdbID, Title, Year, COALESCE(imdbVotes, 0) FROM omdb").fetchall()
    finally:
        con.close()
    return [(r[0], r[1] or "", r[2], int(r[3] or 0)) for r in rows if r[0]]


@dataclass
class CatalogMap:
    mapping: dict[str, str]  # sas item id -> IMDb id
    total_items: int
    coverage: dict[str, float] = field(default_factory=dict)


def build_catalog_map(
    movies_path: str | Path = ML1M_DIR / "movies.dat",
    sas_map_path: str | Path = ML1M_DIR / "sas_to_original_items.txt",
    db_path: str | Path | None = None,
    sequences: list[list[int]] | None = None,
) -> CatalogMap:
    """Title/year match. Exact normalised title first, then the article-free form; exact year
    beats ±1; among ties the most-voted catalog entry wins. Each IMDb id is used at most once."""
    index: dict[str, list[tuple[str, int | None, int]]] = {}
    loose: dict[str, list[tuple[str, int | None, int]]] = {}
    for imdb, title, year, votes in load_catalog(db_path):
        n = normalise_title(title)
        index.setdefault(n, []).append((imdb, year, votes))
        loose.setdefault(_strip_article(n), []).append((imdb, year, votes))

    def pick(cands: list[tuple[str, int | None, int]], year: int | None) -> str | None:
        ok = [(abs(y - year) if (y is not None and year is not None) else 9, -v, i) for i, y, v in cands
              if year is None or y is None or abs(y - year) <= 1]
        ok = [c for c in ok if c[0] <= 1 or year is None]
        return min(ok)[2] if ok else None

    movies = read_ml_movies(movies_path)
    sas = read_sas_map(sas_map_path)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for sas_id, orig in sorted(sas.items(), key=lambda kv: int(kv[0])):
        if orig not in movies:
            continue
        titles, year = movies[orig]
        hit = None
        for t in titles:
            n = normalise_title(t)
            hit = pick(index.get(n, []), year) or pick(loose.get(_strip_article(n), []), year)
            if hit and hit not in used:
                break
            hit = None
        if hit:
            mapping[sas_id] = hit
            used.add(hit)
    cmap = CatalogMap(mapping, len(sas))
    cmap.coverage = coverage(cmap, sequences)
    logger.info("catalog map: %s", cmap.coverage)
    return cmap


def coverage(cmap: CatalogMap, sequences: list[list[int]] | None) -> dict[str, float]:
    out: dict[str, float] = {
        "mapped_items": len(cmap.mapping),
        "total_items": cmap.total_items,
        "item_share": round(len(cmap.mapping) / max(cmap.total_items, 1), 4),
    }
    if sequences is not None:
        total = sum(len(s) for s in sequences)
        hit = sum(1 for s in sequences for i in s if str(i) in cmap.mapping)
        out.update({"interactions": total, "mapped_interactions": hit, "interaction_share": round(hit / max(total, 1), 4)})
    return out


def attach(checkpoint: str | Path, cmap: CatalogMap) -> None:
    """Store the map in an existing ML-1M checkpoint (weights untouched) for product serving."""
    import torch

    blob = torch.load(Path(checkpoint), map_location="cpu", weights_only=True)
    blob["catalog_map"] = dict(cmap.mapping)
    blob.setdefault("extra", {})["catalog_map_coverage"] = dict(cmap.coverage)
    tmp = Path(str(checkpoint) + ".tmp")
    torch.save(blob, tmp)
    tmp.replace(checkpoint)


def main(argv: list[str] | None = None) -> None:
    import argparse

    from sasrec.data import read_sequences

    ap = argparse.ArgumentParser(description="Build the ML-1M -> IMDb id map and print its coverage.")
    ap.add_argument("--data", default=str(ML1M_DIR), help="folder with movies.dat, sas_to_original_items.txt, sequences.txt")
    ap.add_argument("--attach", default=None, help="also store the map in this checkpoint")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    folder = Path(args.data)
    seqs = read_sequences(folder / "sequences.txt").sequences
    cmap = build_catalog_map(folder / "movies.dat", folder / "sas_to_original_items.txt", sequences=seqs)
    if args.attach:
        attach(args.attach, cmap)
    print(json.dumps(cmap.coverage, indent=2))


if __name__ == "__main__":
    main()
