"""History import: a Letterboxd or IMDb export becomes watched / liked / not-interested history.

Supported files (the format is read from the CSV header, never trusted from the file name):

* Letterboxd: the export zip, or its ``watched.csv``, ``ratings.csv`` or ``likes/films.csv`` alone
  (columns ``Date, Name, Year, Letterboxd URI`` and, for ratings, ``Rating`` on a 0.5–5 scale).
  ``diary.csv`` and ``reviews.csv`` also work alone (they carry ``Rating``); in a zip only the three files
  above are read, because the diary repeats what watched.csv and ratings.csv already say.
* IMDb: ``ratings.csv`` from "Your ratings" → Export (``Const`` tt-id, ``Your Rating`` 1–10, ``Date Rated``,
  ``Title``, ``Year``, ``Title Type``, ...; older exports without ``Original Title`` work too).

Kinds (one record per film; when a film appears in several files the strongest signal wins:
liked > not interested > watched):

=====================  ==============  =====================  =========
source                 liked           not interested         watched
=====================  ==============  =====================  =========
Letterboxd rating      4 – 5 ★         0.5 – 2 ★              2.5 – 3.5 ★
IMDb rating            8 – 10          1 – 4                  5 – 7
Letterboxd like        always          —                      —
watched.csv, no rating —               —                      always
=====================  ==============  =====================  =========

Letterboxd's watched.csv, likes/films.csv and watchlist.csv share one header (``Date, Name, Year, Letterboxd
URI``), so the columns cannot tell them apart. In the export zip the layout does: ``likes/films.csv`` is liked,
``watched.csv`` watched. A lone CSV without a rating column is imported as watched, the weaker claim, and the
report says so (``assumed_watched``); its file name never turns it into likes. A file named like a watchlist is
still refused, since films someone wants to see are not films they saw.

Matching, never guessing: the IMDb id first (catalog ids are IMDb ids); then the title and year against
catalog titles, catalog aliases and the Korean title table, folded (case, accents, punctuation, a leading
or trailing article), the year within ±1; then a close spelling (rapidfuzz ≥ 90) or a subtitle one side
lacks ("Birdman or (The Unexpected Virtue of Ignorance)" → Birdman) for the same year, with the same sequel
numbers ("Part 2" never becomes "Part 3"). Before the close spellings, the export's own spellings are folded
the same way on both sides: numbers as words or numerals ("Ocean's Eleven" / "Ocean's 11", "Part II" / "Part 2"),
"&" or "and", a stylised digit inside a word ("Se7en" / "Seven", "M3GAN"), and a title or subtitle on either
side of ":" or " - " in the same year. Two different films equally close count as unmatched ("ambiguous"),
never as either. "not in catalog" is said only when it is known (an IMDb id the catalog lacks: catalog ids are
IMDb ids); a title nothing matched is "no match found".

The original dates become ``created_at`` (12:00 UTC that day, plus a second per earlier film that day), so the
history keeps its order and imported films sit behind what was logged since. The stores' (user, movie, kind)
identity makes a second import of the same file store nothing.

Guards: 5 MB per upload; a zip is read in memory only (never extracted), refused when it has too many members,
more than 50 MB uncompressed, a member compressed more than 100:1, encrypted members, or absolute / ``..`` /
drive paths. Rows that cannot be read are skipped and counted.
"""
from __future__ import annotations

import asyncio
import csv
import io
import logging
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import PurePosixPath
from typing import Literal

from pydantic import BaseModel
from rapidfuzz import fuzz, process

from core.catalog.base import Catalog
from core.errors import FileTooLarge, ImportFileError, UnsafeArchive, UnsupportedFile
from core.history.service import HistoryService
from core.messages import text, word
from core.models import Interaction, InteractionKind
from core.text import is_hangul, title_key
from core.understand.titles import Title, TitleIndex, korean_titles

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024  # all members together, as declared and as actually read
MAX_RATIO = 100  # CSV text compresses 3-10:1; a bomb compresses 1000:1
RATIO_MIN_BYTES = 64 * 1024  # tiny members may compress oddly: the ratio is checked above this size
MAX_MEMBERS = 1000  # a real export has ~10 files plus one per list
MAX_ROWS = 100_000  # far beyond any real history; bounds the work one upload can cause
FUZZY_CUTOFF = 90.0
LOOKUPS_IN_FLIGHT = 8  # catalogs without a title list (Elasticsearch) answer one title query per film
SUBTITLE_MIN_CHARS = 5  # "Birdman" may stand for "Birdman or (...)"; "Up" may not stand for "Up in the Air"

W, L, N = InteractionKind.WATCHED, InteractionKind.LIKED, InteractionKind.NOT_INTERESTED
STRENGTH = {W: 1, N: 2, L: 3}  # when files disagree about a film, the strongest signal wins


@dataclass(frozen=True)
class Scale:
    low: float
    high: float
    step: float
    liked_from: float
    rejected_upto: float

    def kind(self, rating: float) -> InteractionKind:
        return L if rating >= self.liked_from else N if rating <= self.rejected_upto else W

    def valid(self, rating: float) -> bool:
        return self.low <= rating <= self.high and abs(rating / self.step - round(rating / self.step)) < 1e-9


SCALES = {"letterboxd": Scale(0.5, 5.0, 0.5, liked_from=4.0, rejected_upto=2.0),
          "imdb": Scale(1, 10, 1, liked_from=8, rejected_upto=4)}
LETTERBOXD_COLUMNS = ("Date", "Name", "Year", "Letterboxd URI")
IMDB_COLUMNS = ("Const", "Your Rating")
# Zip members read from a Letterboxd export (a row without a rating: watched, or liked in likes/films.csv).
ZIP_MEMBERS = ("watched.csv", "ratings.csv", "likes/films.csv")
# IMDb "Title Type" words (English and localized) that are never a film: no title fallback for them.
NOT_FILM_TYPES = ("series", "serie", "episode", "game", "podcast")
# Zip folders never read: deleted and orphaned entries, the user's lists (a list may be called "ratings"),
# macOS resource forks.
SKIP_DIRS = frozenset({"deleted", "orphaned", "lists", "__macosx"})
# Sequel markers: a close spelling must not turn "Part 2" into "Part 3".
_NUMBER = re.compile(r"^(\d+|i{1,3}|iv|vi{0,3}|ix|x)$")
_IMDB_ID = re.compile(r"tt\d{7,10}")
_ARTICLE = re.compile(r"^(the|a|an) ")
# Spellings that differ between Letterboxd/IMDb and the catalog, folded alike on both sides (see _loose_key).
_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
          "seventeen eighteen nineteen").split()
_TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), 2)}
_ROMAN = {"ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11, "xii": 12}
_STYLISED = re.compile(r"^[a-z]+\d[a-z]+$")  # a digit standing for a letter: "se7en", "m3gan"
_STYLISED_IN = re.compile(r"(?:^| )[a-z]+\d[a-z]+(?= |$)")  # ... somewhere in a key
_LOOSE_WORDS = re.compile(r"\b(?:and|" + "|".join([*_UNITS, *_TENS, *_ROMAN]) + r")\b")  # what _loose_key changes
_SEPARATOR = re.compile(r"\s*:\s+|\s+[-–—]\s+")  # "Title: Subtitle", "Title - Subtitle"
_GENERIC_PARTS = frozenset({"part", "episode", "chapter", "vol", "volume", "the", "and"})  # "Part 2" names no film
PART_MIN_CHARS = 3  # a separated title part shorter than this ("It") is not matched on its own

Reason = Literal["not in catalog", "no match found", "ambiguous", "not a film"]
NO_MATCH: Reason = "no match found"


# ---------------------------------------------------------------- the report


class Unmatched(BaseModel):
    title: str
    year: int | None = None
    imdb_id: str | None = None
    reason: Reason = NO_MATCH

    @property
    def label(self) -> str:
        return f"{self.title} ({self.year})" if self.year else self.title


class ImportReport(BaseModel):
    source: str  # "letterboxd", "imdb"
    files: list[str] = []  # the CSVs read (zip member paths or the upload's name)
    rows: int = 0  # data rows read
    films: int = 0  # distinct films named in the export
    matched: int = 0  # of those, found in the catalog
    imported: int = 0  # history records added now
    already_had: int = 0  # matched films whose record was already in the history
    by_kind: dict[str, int] = {}  # imported records per kind
    unmatched: list[Unmatched] = []
    malformed: int = 0  # rows skipped because they could not be read
    duplicates: int = 0  # rows naming a film the same file already named
    assumed_watched: list[str] = []  # lone CSVs without a rating column, imported as watched (see the docstring)

    @property
    def match_rate(self) -> float:
        return self.matched / self.films if self.films else 1.0

    def unmatched_text(self, language: str = "en") -> str:
        """The unmatched list as a plain text file: one film per line, with why."""
        return "".join(f"{u.label}{f' {u.imdb_id}' if u.imdb_id else ''} — {word(u.reason, language)}\n"
                       for u in self.unmatched)

    def summary(self, language: str = "en") -> str:
        """One short paragraph in the user's language: what was imported, what was not (core/messages.py)."""
        kinds = ", ".join(f"{word(k, language)} {n}" for k, n in self.by_kind.items() if n)
        parts = [text("import_done", language, imported=self.imported, n=self.films,
                      kinds=f" ({kinds})" if kinds else "")]
        for key, n in (("import_already", self.already_had), ("import_unmatched", len(self.unmatched)),
                       ("import_malformed", self.malformed)):
            if n:
                parts.append(text(key, language, n=n))
        if self.assumed_watched:
            parts.append(text("import_assumed_watched", language, name=", ".join(self.assumed_watched)))
        return " ".join(parts)


# ---------------------------------------------------------------- reading the file


@dataclass
class Entry:
    """One readable row: a film, what the row says about it, and when."""

    title: str
    year: int | None
    imdb_id: str | None
    kind: InteractionKind
    day: date | None
    order: int  # position in the export: keeps same-day order
    film_type: str = ""  # IMDb "Title Type"

    @property
    def key(self) -> tuple:
        return ("id", self.imdb_id) if self.imdb_id else ("title", title_key(self.title), self.year)


@dataclass
class Parsed:
    source: str
    files: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    rows: int = 0
    malformed: int = 0
    duplicates: int = 0
    assumed_watched: list[str] = field(default_factory=list)  # lone rating-less CSVs taken as watched


def read_export(data: bytes, name: str = "") -> Parsed:
    """The upload's bytes -> rows, or an ImportFileError that says what is wrong. Pure and synchronous."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise too_large(len(data))
    if not data.strip():
        raise UnsupportedFile("import_empty")
    in_zip = data[:2] == b"PK"
    members = _zip_members(data) if in_zip else [(name or "upload.csv", data)]
    parsed: Parsed | None = None
    for path, raw in members:
        parsed = _parse_csv(path, raw, parsed, in_zip)
    assert parsed is not None
    return parsed


def too_large(size: int) -> FileTooLarge:
    return FileTooLarge("import_too_large", size=f"{size / 1024 / 1024:.1f}", limit=MAX_UPLOAD_BYTES // (1024 * 1024))


def _unsafe(what: str) -> UnsafeArchive:
    return UnsafeArchive("import_unsafe_zip", what=what)


def _unsafe_path(name: str) -> bool:
    p = name.replace("\\", "/")
    return p.startswith("/") or re.match(r"^[A-Za-z]:", p) is not None or ".." in p.split("/") or "\x00" in p


def _zip_members(data: bytes) -> list[tuple[str, bytes]]:
    """The export CSVs inside a zip, read in memory after the bomb and path checks."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise UnsupportedFile("import_bad_zip", detail=str(exc)[:120]) from None
    with zf:
        if len(infos) > MAX_MEMBERS:
            raise _unsafe(f"{len(infos)} files inside (at most {MAX_MEMBERS})")
        if sum(i.file_size for i in infos) > MAX_UNZIPPED_BYTES:
            raise _unsafe(f"more than {MAX_UNZIPPED_BYTES // 1024 // 1024} MB uncompressed")
        for info in infos:
            if _unsafe_path(info.filename):
                raise _unsafe(f"a file path that points outside the archive ({info.filename[:80]!r})")
            if info.file_size > RATIO_MIN_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise _unsafe(f"{info.filename[:80]!r} is compressed more than {MAX_RATIO}:1")
        wanted = [i for i in infos if any(_is_member(i.filename, suffix) for suffix in ZIP_MEMBERS)]
        if not wanted:
            raise UnsupportedFile("import_no_members")
        budget = MAX_UNZIPPED_BYTES
        out = []
        for info in wanted:
            if info.flag_bits & 0x1:
                raise _unsafe(f"{info.filename[:80]!r} is encrypted")
            try:
                with zf.open(info) as f:  # bounded read: declared sizes can lie
                    raw = f.read(min(budget, info.file_size) + 1)
            except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, OSError) as exc:
                raise UnsupportedFile("import_bad_member", name=info.filename[:80], detail=str(exc)[:120]) from None
            if len(raw) > info.file_size or len(raw) > budget:
                raise _unsafe(f"{info.filename[:80]!r} is larger than it says")
            budget -= len(raw)
            out.append((info.filename, raw))
        return out


def _is_member(path: str, suffix: str) -> bool:
    parts = PurePosixPath(path.replace("\\", "/")).parts
    if any(p.lower() in SKIP_DIRS or p.startswith("._") for p in parts):
        return False
    want = tuple(suffix.split("/"))
    # the export's own layout, possibly inside one top folder a user zipped it in
    return parts[-len(want):] == want and len(parts) <= len(want) + 1


def _decode(raw: bytes, path: str) -> str:
    if b"\x00" in raw[:4096]:
        raise UnsupportedFile("import_not_text", name=path[:80])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")  # older IMDb exports


def _parse_csv(path: str, raw: bytes, parsed: Parsed | None, in_zip: bool = False) -> Parsed:
    text = _decode(raw, path)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip().lstrip("\ufeff") for h in next(reader)]
    except (StopIteration, csv.Error):
        header = []
    if all(c in header for c in LETTERBOXD_COLUMNS):
        source = "letterboxd"
    elif all(c in header for c in IMDB_COLUMNS):
        source = "imdb"
    else:
        shown = ", ".join(header[:6])[:120] or "none"
        raise UnsupportedFile("import_not_export", name=path[:80], columns=shown)
    if parsed is None:
        parsed = Parsed(source=source)
    elif source not in parsed.source.split("+"):
        parsed.source += "+" + source
    parsed.files.append(path)
    plain_kind = _plain_kind(path, in_zip) if source == "letterboxd" else W
    col = {name: i for i, name in enumerate(header)}
    plain_rows = 0
    seen: set[tuple] = set()
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error:  # an unreadable line (NUL, huge field): skip it, keep reading
            parsed.rows += 1
            parsed.malformed += 1
            continue
        if not any(cell.strip() for cell in record):
            continue  # blank line
        parsed.rows += 1
        if parsed.rows > MAX_ROWS:
            raise ImportFileError("import_too_many_rows", limit=f"{MAX_ROWS:,}")
        row = dict(zip(header, record)) if len(record) == len(header) else None
        entry = None if row is None else (
            _letterboxd_row(row, "Rating" in col, plain_kind, len(parsed.entries)) if source == "letterboxd"
            else _imdb_row(row, len(parsed.entries)))
        if entry is None:
            parsed.malformed += 1
            continue
        if entry.key in seen:
            parsed.duplicates += 1
        seen.add(entry.key)
        parsed.entries.append(entry)
        plain_rows += source == "letterboxd" and "Rating" not in col
    if plain_rows and not in_zip and "Watched Date" not in col:  # a diary always means watched: nothing assumed
        parsed.assumed_watched.append(PurePosixPath(path.replace("\\", "/")).name[:80])
    return parsed


def _plain_kind(path: str, in_zip: bool) -> InteractionKind:
    """A Letterboxd list without ratings: liked where the export's zip layout says likes/films.csv, else watched.

    The three lists share one header, so a lone CSV says nothing about which it is: it counts as watched (the
    weaker claim, reported as assumed), never as liked because of its name."""
    p = path.replace("\\", "/").lower()
    if "watchlist" in p:
        raise UnsupportedFile("import_watchlist", name=path[:80])
    return L if in_zip and _is_member(path, "likes/films.csv") else W


def _day(value: str) -> date | None:
    value = value.strip()
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _year(value: str) -> tuple[int | None, bool]:
    """(year, ok). A blank year is allowed (Letterboxd has films without one)."""
    value = value.strip()
    if not value:
        return None, True
    if re.fullmatch(r"\d{4}", value) and 1870 <= int(value) <= 2100:
        return int(value), True
    return None, False


def _rating(value: str, scale: Scale) -> tuple[float | None, bool]:
    value = value.strip()
    if not value:
        return None, True
    try:
        number = float(value)
    except ValueError:
        return None, False
    return (number, True) if scale.valid(number) else (None, False)


def _letterboxd_row(row: dict[str, str], rated: bool, plain: InteractionKind, order: int) -> Entry | None:
    title = " ".join(row["Name"].split())
    year, year_ok = _year(row["Year"])
    day = _day(row["Date"])
    rating, rating_ok = _rating(row.get("Rating", ""), SCALES["letterboxd"]) if rated else (None, True)
    if not title or not year_ok or day is None or not rating_ok:
        return None
    kind = SCALES["letterboxd"].kind(rating) if rating is not None else plain
    return Entry(title, year, None, kind, day, order)


def _imdb_row(row: dict[str, str], order: int) -> Entry | None:
    imdb_id = row["Const"].strip()
    rating, rating_ok = _rating(row["Your Rating"], SCALES["imdb"])
    year, year_ok = _year(row.get("Year", ""))
    day = _day(row["Date Rated"]) if "Date Rated" in row else None
    if not _IMDB_ID.fullmatch(imdb_id) or rating is None or not rating_ok or not year_ok or \
            ("Date Rated" in row and day is None):
        return None
    title = " ".join((row.get("Title") or row.get("Original Title") or imdb_id).split())
    return Entry(title, year, imdb_id, SCALES["imdb"].kind(rating), day, order, row.get("Title Type", ""))


# ---------------------------------------------------------------- matching


@dataclass
class TitleMatcher:
    """Title + year -> one catalog film id, or why not. Synchronous over in-memory indexes."""

    titles: TitleIndex  # with the catalog's aliases ("기생충" for Parasite) under their own keys
    _by_year: dict[int, tuple[list[str], list[Title]]] | None = None
    _by_prefix: dict[tuple[int, str], list[Title]] | None = None
    _by_loose: dict[str, list[Title]] | None = None  # _loose_key of the article-free key -> films
    _by_part: dict[str, list[Title]] | None = None  # _loose_key of each part around ":" / " - " -> films
    _stylised: dict[int, list[tuple[re.Pattern[str], Title]]] | None = None  # year -> catalog "Se7en"-like titles

    def match(self, title: str, year: int | None) -> tuple[str | None, Reason]:
        names = [title]
        if is_hangul(title):
            english = korean_titles().get(re.sub(r"\s+", "", title))
            names += [english] if english else []
        for name in names:
            key = title_key(name)
            if not key:
                continue
            bare = _ARTICLE.sub("", key)
            for films in (self._exact(key), self._exact(bare) + self._bare(bare)):
                found, ambiguous = _pick(films, year)
                if found or ambiguous:
                    return found, "ambiguous" if ambiguous else NO_MATCH
        if is_hangul(title):
            return None, NO_MATCH
        found, ambiguous = self._spelling(title, year)
        if found or ambiguous or year is None:
            return found, "ambiguous" if ambiguous else NO_MATCH
        found, ambiguous = self._close(title_key(title), year)
        return found, "ambiguous" if ambiguous else NO_MATCH

    def _spelling(self, title: str, year: int | None) -> tuple[str | None, bool]:
        """The same title spelled the other site's way: numbers, "&", a stylised digit, or one part of a
        "Title: Subtitle" on either side (that last one only in the same year)."""
        if self._by_loose is None:
            self._index_spellings()
        assert self._by_loose is not None and self._by_part is not None and self._stylised is not None
        key = _ARTICLE.sub("", title_key(title))
        found, ambiguous = _pick(self._by_loose.get(_loose_key(key), []), year)
        if found or ambiguous or year is None:
            return found, ambiguous
        films: list[Title] = []
        if _STYLISED_IN.search(key):  # "se7en": the digit stands for any one letter
            pattern = _stylised_pattern(key)
            for y in (year - 1, year, year + 1):
                keys, titles = self._year_keys(y)
                films += [t for k, t in zip(keys, titles) if pattern.fullmatch(_ARTICLE.sub("", k))]
        loose = _loose_key(key)
        films += [t for pattern, t in self._stylised.get(year, []) if pattern.fullmatch(key)]  # the other way
        parts = {_loose_key(_ARTICLE.sub("", title_key(p))) for p in _parts(title)}
        for k in parts | {loose}:  # this title, or one part of it, is one part of a catalog title, same year
            films += [t for t in self._by_part.get(k, []) if t.year == year]
        for k in parts:  # one part of this title is a whole catalog title, same year
            films += [t for t in self._by_loose.get(k, []) if t.year == year]
        ids = list(dict.fromkeys(t.id for t in films))
        return (ids[0], False) if len(ids) == 1 else (None, len(ids) > 1)

    def _year_keys(self, year: int) -> tuple[list[str], list[Title]]:
        if self._by_year is None:
            self._index_years()
        assert self._by_year is not None
        return self._by_year.get(year, ([], []))

    def _index_spellings(self) -> None:
        by_loose: dict[str, list[Title]] = defaultdict(list)
        by_part: dict[str, list[Title]] = defaultdict(list)
        stylised: dict[int, list[tuple[re.Pattern[str], Title]]] = defaultdict(list)
        for k, films in self.titles.by_key.items():
            bare = _ARTICLE.sub("", k)
            by_loose[_loose_key(bare)] += films
            if _STYLISED_IN.search(bare):
                pattern = _stylised_pattern(bare)
                for t in films:
                    if t.year:
                        stylised[t.year].append((pattern, t))
            for t in films:
                for part in _parts(t.title):
                    by_part[_loose_key(_ARTICLE.sub("", title_key(part)))].append(t)
        self._by_loose, self._by_part, self._stylised = dict(by_loose), dict(by_part), dict(stylised)

    def _exact(self, key: str) -> list[Title]:
        return self.titles.by_key.get(key, []) + self.titles.by_key.get(key.replace(" ", ""), []) \
            if is_hangul(key) else self.titles.by_key.get(key, [])

    def _bare(self, key: str) -> list[Title]:
        return self.titles.by_bare_key.get(key, [])

    def _close(self, key: str, year: int) -> tuple[str | None, bool]:
        """A close spelling within ±1 year, or a subtitle one side lacks in the same year."""
        if self._by_year is None:
            self._index_years()
        assert self._by_year is not None and self._by_prefix is not None
        scored: list[tuple[float, int, Title]] = []
        for y in (year - 1, year, year + 1):
            keys, films = self._by_year.get(y, ([], []))
            for choice, score, i in process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF,
                                                    limit=None):
                if _numbers(choice) == _numbers(key):  # close, but not another instalment
                    scored.append((score, abs(y - year), films[i]))
        # the catalog's title with a subtitle the export lacks, or the other way round
        words = key.split()
        shorter = [" ".join(words[:n]) for n in range(1, len(words))]
        for k in [key] + [p for p in shorter if len(p) >= SUBTITLE_MIN_CHARS]:
            for t in self._by_prefix.get((year, k), []) if k == key else self._same_year(year, k):
                scored.append((FUZZY_CUTOFF, 0, t))
        if not scored:
            return None, False
        best = max((s, -d) for s, d, _ in scored)
        ids = {t.id for s, d, t in scored if (s, -d) == best}
        return (ids.pop(), False) if len(ids) == 1 else (None, True)

    def _same_year(self, year: int, key: str) -> list[Title]:
        return [t for t in self.titles.by_key.get(key, []) if t.year == year]

    def _index_years(self) -> None:
        """Per year: the keys for rapidfuzz (one C call per year), and every word-prefix for subtitles."""
        by_year: dict[int, tuple[list[str], list[Title]]] = {}
        by_prefix: dict[tuple[int, str], list[Title]] = defaultdict(list)
        for k, films in self.titles.by_key.items():
            words = k.split()
            prefixes = [p for p in (" ".join(words[:n]) for n in range(1, len(words))) if len(p) >= SUBTITLE_MIN_CHARS]
            for t in films:
                if t.year:
                    keys, titles = by_year.setdefault(t.year, ([], []))
                    keys.append(k)
                    titles.append(t)
                    for p in prefixes:
                        by_prefix[(t.year, p)].append(t)
        self._by_year, self._by_prefix = by_year, dict(by_prefix)


def _numbers(key: str) -> list[str]:
    return [w for w in key.split() if _NUMBER.match(w)]


def _loose_key(key: str) -> str:
    """A folded title key with the spellings sites disagree on made equal: numbers as numerals ("eleven", "xi"
    -> "11", "twenty one" -> "21"), "and" dropped ("&" is already gone in folding)."""
    if not _LOOSE_WORDS.search(key):
        return key  # most titles: nothing to change
    out: list[str] = []
    for w in key.split():
        if w == "and":
            continue
        number = _UNITS.index(w) if w in _UNITS else _TENS.get(w, _ROMAN.get(w))
        if number is not None and number < 10 and out and out[-1].isdigit() and int(out[-1]) in _TENS.values() \
                and w in _UNITS:
            out[-1] = str(int(out[-1]) + number)  # "twenty one" -> 21
            continue
        out.append(str(number) if number is not None else w)
    return " ".join(out)


def _stylised_pattern(key: str) -> re.Pattern[str]:
    """"se7en" -> se[a-z]en: a digit between letters may stand for one letter; every other word is literal."""
    words = [re.escape(w) if not _STYLISED.match(w) else re.sub(r"\d", "[a-z]", w) for w in key.split()]
    return re.compile(" ".join(words))


def _parts(title: str) -> list[str]:
    """The parts of "Title: Subtitle" or "Title - Subtitle" long enough to name a film alone; none if unsplit."""
    if ":" not in title and " -" not in title and " –" not in title and " —" not in title:
        return []  # most titles: no regex needed (this runs once per catalog title)
    split = _SEPARATOR.split(title)
    if len(split) < 2:
        return []
    return [p for p in split if len(title_key(p)) >= PART_MIN_CHARS
            and any(len(w) >= 3 and not w.isdigit() and w not in _GENERIC_PARTS and w not in _ROMAN
                    for w in title_key(p).split())]


def _pick(films: list[Title], year: int | None) -> tuple[str | None, bool]:
    """(the one film, ambiguous?): the same year first, then ±1; two different films there -> ambiguous."""
    tiers = [films] if year is None else [[t for t in films if t.year == year],
                                          [t for t in films if t.year and abs(t.year - year) == 1]]
    for tier in tiers:
        ids = list(dict.fromkeys(t.id for t in tier))
        if len(ids) == 1:
            return ids[0], False
        if len(ids) > 1:
            return None, True
    return None, False


async def _catalog_matcher(catalog: Catalog, history: HistoryService) -> TitleMatcher | None:
    """The shared title index (catalog titles plus their localized aliases), or None for catalogs without one."""
    index = await history.titles() if history.titles else None
    if index is None and hasattr(catalog, "titles"):
        index = TitleIndex.build(await catalog.titles())
        if hasattr(catalog, "aliases"):
            index.add_aliases(await catalog.aliases())
    return TitleMatcher(index) if index is not None else None


async def _find_titles(catalog: Catalog, title: str, year: int | None) -> tuple[str | None, Reason]:
    """Catalogs without a title list (Elasticsearch): exact folded title or alias through find_titles."""
    names = [title] + ([korean_titles()[k]] if is_hangul(title) and
                       (k := re.sub(r"\s+", "", title)) in korean_titles() else [])
    for name in names:
        key = title_key(name)
        hits = await catalog.find_titles(name, year=year, limit=10)
        films = [Title(m.id, m.title, m.year, 0.0) for m in hits
                 if key in {title_key(m.title), *(title_key(a) for a in m.aliases)}]
        found, ambiguous = _pick(films, year)
        if found or ambiguous:
            return found, "ambiguous" if ambiguous else NO_MATCH
    return None, NO_MATCH


def _is_film(film_type: str) -> bool:
    folded = film_type.lower()
    return not any(word in folded for word in NOT_FILM_TYPES)


# ---------------------------------------------------------------- the import


async def import_history(history: HistoryService, user_id: str, data: bytes, name: str = "",
                         source: str = "import") -> ImportReport:
    """Read, match and store an export for `user_id`; ImportFileError before anything is stored if unreadable."""
    parsed = await asyncio.to_thread(read_export, data, name)
    catalog = history.catalog
    films: dict[tuple, list[Entry]] = {}
    for e in parsed.entries:
        films.setdefault(e.key, []).append(e)
    ids = sorted({k[1] for k in films if k[0] == "id"})
    known = await catalog.get_many(ids) if ids else {}
    resolved: dict[tuple, str | None] = {}
    reasons: dict[tuple, Reason] = {}
    fallback: list[tuple] = []
    for key, entries in films.items():
        first = entries[0]
        if key[0] == "id" and key[1] in known:
            resolved[key] = key[1]
        elif key[0] == "id" and not _is_film(first.film_type):
            resolved[key], reasons[key] = None, "not a film"
        else:
            fallback.append(key)
    matcher = await _catalog_matcher(catalog, history)
    if matcher is not None:
        pairs = [(films[k][0].title, films[k][0].year) for k in fallback]
        found = await asyncio.to_thread(lambda: [matcher.match(t, y) for t, y in pairs])
    else:
        lookups = asyncio.Semaphore(LOOKUPS_IN_FLIGHT)

        async def lookup(key: tuple) -> tuple[str | None, Reason]:
            async with lookups:
                return await _find_titles(catalog, films[key][0].title, films[key][0].year)

        found = list(await asyncio.gather(*(lookup(k) for k in fallback)))
    for key, (movie_id, reason) in zip(fallback, found):
        # catalog ids are IMDb ids: an id the catalog lacks, with no title match either, is known to be missing
        resolved[key], reasons[key] = movie_id, "not in catalog" if key[0] == "id" and reason == NO_MATCH else reason

    # one record per catalog film: the strongest kind, the earliest date
    per_movie: dict[str, tuple[InteractionKind, date | None, int]] = {}
    unmatched: list[Unmatched] = []
    for key, entries in films.items():
        movie_id = resolved[key]
        if movie_id is None:
            e = entries[0]
            unmatched.append(Unmatched(title=e.title, year=e.year, imdb_id=e.imdb_id, reason=reasons[key]))
            continue
        kind = max((e.kind for e in entries), key=STRENGTH.__getitem__)
        days = [e.day for e in entries if e.day]
        order = min(e.order for e in entries)
        if movie_id in per_movie:
            old_kind, old_day, old_order = per_movie[movie_id]
            kind = max(kind, old_kind, key=STRENGTH.__getitem__)
            days += [old_day] if old_day else []
            order = min(order, old_order)
        per_movie[movie_id] = (kind, min(days) if days else None, order)

    report = ImportReport(source=parsed.source, files=parsed.files, rows=parsed.rows, films=len(films),
                          matched=len(films) - len(unmatched), unmatched=unmatched, malformed=parsed.malformed,
                          duplicates=parsed.duplicates, by_kind={k.value: 0 for k in (L, W, N)},
                          assumed_watched=parsed.assumed_watched)
    now = datetime.now(timezone.utc)
    same_day: dict[date, int] = defaultdict(int)
    for movie_id, (kind, day, _) in sorted(per_movie.items(), key=lambda kv: (kv[1][1] or date.max, kv[1][2])):
        if day is None:
            when = now
        else:
            when = datetime.combine(day, time(12), tzinfo=timezone.utc) + timedelta(seconds=same_day[day])
            same_day[day] += 1
        added = await history.store.add(Interaction(user_id=user_id, movie_id=movie_id, kind=kind, source=source,
                                                    created_at=min(when, now)))
        if added:
            report.imported += 1
            report.by_kind[kind.value] += 1
        else:
            report.already_had += 1
    history.changed(user_id)
    log.info("import for a user: %d rows, %d films, %d imported, %d unmatched, %d malformed",
             report.rows, report.films, report.imported, len(report.unmatched), report.malformed)
    return report
