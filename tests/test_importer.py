"""History import from Letterboxd and IMDb exports written in their real formats (tests/fixtures/import/)."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace
from unittest.mock import AsyncMock

import discord
import pytest

from bot.factory import create_bot
from core.catalog.imdb import ImdbOptions, build_imdb_catalog
from core.catalog.sqlite import SQLiteCatalog
from core.errors import FileTooLarge, UnsafeArchive, UnsupportedFile
from core.history.service import HistoryService
from core.history.sqlite import SQLiteHistoryStore
from core.importer import MAX_UPLOAD_BYTES, import_history, read_export
from core.models import InteractionKind
from core.services import build_services

try:
    from tests.bot_fixtures import USER_ID, FakeInteraction, set_bot_user
except ImportError:  # pytest "prepend" import mode puts tests/ itself on sys.path
    from bot_fixtures import USER_ID, FakeInteraction, set_bot_user

FIXTURES = Path(__file__).parent / "fixtures" / "import"
LETTERBOXD = FIXTURES / "letterboxd"
IMDB_RATINGS = FIXTURES / "imdb" / "ratings.csv"
EXPECTED = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
L, W, N = InteractionKind.LIKED, InteractionKind.WATCHED, InteractionKind.NOT_INTERESTED


def letterboxd_zip() -> bytes:
    """The export zip as Letterboxd lays it out: every CSV of the fixture folder, likes/ as a folder."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for path in sorted(LETTERBOXD.rglob("*.csv")):
            z.write(path, path.relative_to(LETTERBOXD).as_posix())
    return buf.getvalue()


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


async def kinds(services, user: str) -> dict[str, set[InteractionKind]]:
    out: dict[str, set[InteractionKind]] = {}
    for i in await services.store.recent(user, 10_000):
        out.setdefault(i.movie_id, set()).add(i.kind)
    return out


def rate(expected: dict[str, str | None], stored: set[str]) -> tuple[float, set[str]]:
    """(share of the fixture's catalog films that were matched, ids stored that the fixture never named)."""
    in_catalog = {i for i in expected.values() if i}
    return len(in_catalog & stored) / len(in_catalog), stored - in_catalog


# ---------------------------------------------------------------- Letterboxd


async def test_letterboxd_zip_matches_the_fixture_and_maps_ratings(services):
    report = await import_history(services.history, "u", letterboxd_zip(), "letterboxd-u-2024.zip")
    stored = await kinds(services, "u")
    match_rate, wrong = rate(EXPECTED["letterboxd"], set(stored))
    print(f"\nLetterboxd fixture: {match_rate:.1%} of the catalog films matched, {len(wrong)} wrong")
    assert match_rate >= 0.95 and not wrong  # a wrong match is worse than a miss
    assert sorted(report.files) == ["likes/films.csv", "ratings.csv", "watched.csv"]  # not diary, watchlist, profile
    assert report.source == "letterboxd" and report.malformed == 3 and report.duplicates == 1
    assert report.imported == len(stored) == report.matched and report.already_had == 0
    assert sum(report.by_kind.values()) == report.imported
    not_in_catalog = {k for k, v in EXPECTED["letterboxd"].items() if v is None}
    assert not_in_catalog <= {u.label for u in report.unmatched}
    # Letterboxd rows carry no IMDb id: an unmatched title is "no match found", never claimed "not in catalog"
    assert {u.reason for u in report.unmatched} <= {"no match found", "ambiguous"}
    assert stored["tt0114369"] == {W}  # "Se7en" (1995) is the catalog's "Seven"
    assert len(report.unmatched) == report.films - report.matched

    # ratings, likes and plain watched rows -> kinds, one record per film (the strongest signal)
    assert all(len(k) == 1 for k in stored.values())
    assert stored["tt0353969"] == {L}  # Memories of Murder: 5 stars
    assert stored["tt0113277"] == {L}  # Heat: in likes/films.csv
    assert stored["tt0078748"] == {L}  # Alien: liked, no rating
    assert stored["tt0133093"] == {W}  # The Matrix: 3.5 stars
    assert stored["tt0316654"] == {N}  # Spider-Man 2: 1.5 stars
    assert stored["tt0443453"] == {N}  # Borat (long Letterboxd title): 2 stars
    assert stored["tt0320193"] == {N}  # Oasis, a year off: 0.5 stars
    assert stored["tt0110912"] == {W}  # Pulp Fiction: watched only
    # Korean titles through the Korean title table; the year picks the film
    assert stored["tt1706620"] == {W}  # 설국열차 -> Snowpiercer
    assert stored["tt0468492"] == {L}  # 괴물 (2006), 4 stars -> The Host 2006, not 2013
    assert "tt1517260" not in stored
    assert "tt0084472" not in stored  # Parasite (2019) is not the catalog's Parasite (1982)
    assert "tt0034583" not in stored and "tt0052357" not in stored  # watchlist and diary-only films

    # the export's dates are kept: the oldest entry is the first film logged
    history = await services.store.recent("u", 10_000)
    assert history[-1].movie_id == "tt0113277"
    assert history[-1].created_at == datetime(2019, 3, 2, 12, tzinfo=timezone.utc)
    assert all(i.source == "import" for i in history)


async def test_importing_the_same_file_twice_stores_nothing_twice(services):
    first = await import_history(services.history, "u", letterboxd_zip(), "export.zip")
    before = [(i.movie_id, i.kind, i.created_at) for i in await services.store.recent("u", 10_000)]
    again = await import_history(services.history, "u", letterboxd_zip(), "export.zip")
    after = [(i.movie_id, i.kind, i.created_at) for i in await services.store.recent("u", 10_000)]
    assert again.imported == 0 and again.already_had == first.imported > 40
    assert after == before
    # the single CSVs after the zip: still nothing new (the stores dedupe (user, movie, kind))
    watched = await import_history(services.history, "u", (LETTERBOXD / "watched.csv").read_bytes(), "watched.csv")
    assert watched.imported == sum(1 for _, k, _ in before if k != W)  # films the zip filed as liked/not interested
    assert len({(m, k) for m, k, _ in after}) == len(after)


async def test_single_letterboxd_csvs_kinds_from_header_and_list(services):
    watched = await import_history(services.history, "w", (LETTERBOXD / "watched.csv").read_bytes(), "watched.csv")
    assert set(watched.by_kind) == {"liked", "watched", "not_interested"}
    assert watched.imported == watched.by_kind["watched"] > 40 and watched.malformed == 2
    assert watched.assumed_watched == ["watched.csv"] and "imported as watched" in watched.summary()
    # likes/films.csv alone has watched.csv's columns: nothing in it says "liked", whatever its name
    likes = await import_history(services.history, "l", (LETTERBOXD / "likes" / "films.csv").read_bytes(),
                                 "films.csv")
    assert likes.by_kind["watched"] == likes.imported == 3 and [u.title for u in likes.unmatched] == ["Spirited Away"]
    assert likes.assumed_watched == ["films.csv"]
    assert "films.csv has no rating column, so its films were imported as watched" in likes.summary()
    assert "films.csv에는 평점 열이 없어서" in likes.summary("ko")
    # the same file where the export's zip layout puts likes: liked, and nothing assumed
    zipped = await import_history(services.history, "z", zip_of({
        "letterboxd-z/likes/films.csv": (LETTERBOXD / "likes" / "films.csv").read_bytes()}), "export.zip")
    assert zipped.by_kind["liked"] == zipped.imported == 3 and zipped.assumed_watched == []
    assert "assumed" not in zipped.summary() and "rating column" not in zipped.summary()
    ratings = await import_history(services.history, "r", (LETTERBOXD / "ratings.csv").read_bytes(), "ratings.csv")
    assert ratings.by_kind == {"liked": 6, "watched": 3, "not_interested": 3} and ratings.malformed == 1
    assert ratings.assumed_watched == [] and "1 malformed row skipped." in ratings.summary()
    with pytest.raises(UnsupportedFile, match="watchlist"):
        await import_history(services.history, "x", (LETTERBOXD / "watchlist.csv").read_bytes(), "watchlist.csv")


async def test_ambiguous_titles_are_never_guessed(services):
    csv = ("Date,Name,Year,Letterboxd URI\n2020-01-01,Titanic,,https://boxd.it/a1\n"
           "2020-01-02,Oldboy,,https://boxd.it/a2\n2020-01-03,Psycho,1960,https://boxd.it/a3\n"
           "2020-01-04,the matrix,2000,https://boxd.it/a4\n2020-01-05,STAR WARS: EPISODE IV - A NEW HOPE,1977,x\n")
    report = await import_history(services.history, "a", csv.encode(), "watched.csv")
    assert {(u.title, u.reason) for u in report.unmatched} == {("Titanic", "ambiguous"), ("Oldboy", "ambiguous")}
    assert "Titanic — ambiguous: several films fit equally" in report.unmatched_text()
    assert set(await kinds(services, "a")) == {"tt0054215", "tt0133093", "tt0076759"}  # 1960, ±1 year, punctuation


async def test_korean_title_through_the_catalog_aliases(tmp_path):
    """An IMDb-built catalog has localized aliases: 기생충 is no Korean-table title, only an alias there."""
    dest = tmp_path / "catalog.sqlite3"
    build_imdb_catalog(dest, Path(__file__).parent / "fixtures" / "imdb", ImdbOptions(min_votes=1000))
    catalog = await SQLiteCatalog.open(dest)
    store = await SQLiteHistoryStore.open(tmp_path / "history.sqlite3")
    try:
        csv = "Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,기생충,2019,https://boxd.it/hTha,5\n"
        report = await import_history(HistoryService(store, catalog), "k", csv.encode(), "ratings.csv")
        assert report.imported == 1 and not report.unmatched
        assert [(i.movie_id, i.kind) for i in await store.recent("k")] == [("tt6751668", L)]
    finally:
        await store.close()
        await catalog.close()


# ---------------------------------------------------------------- IMDb


async def test_imdb_ratings_by_id_with_kinds(services):
    report = await import_history(services.history, "i", IMDB_RATINGS.read_bytes(), "ratings.csv")
    stored = await kinds(services, "i")
    match_rate, wrong = rate(EXPECTED["imdb"], set(stored))
    print(f"\nIMDb fixture: {match_rate:.1%} of the catalog films matched")
    assert match_rate == 1.0 and not wrong
    assert report.source == "imdb" and report.malformed == 1 and report.duplicates == 1
    assert {(u.imdb_id, u.reason) for u in report.unmatched} == {("tt0903747", "not a film"),
                                                                  ("tt6751668", "not in catalog")}
    assert stored["tt0353969"] == {L}  # 10, Korean title: matched by its id
    assert stored["tt0133093"] == {L}  # 8
    assert stored["tt1375666"] == {W}  # 7
    assert stored["tt0468492"] == {W}  # 6
    assert stored["tt0116282"] == {N}  # 4
    assert stored["tt0083658"] == {N}  # 1
    assert stored["tt0364569"] == {L} and stored["tt1321511"] == {N}  # both Oldboys, each by its id
    when = {i.movie_id: i.created_at for i in await services.store.recent("i")}
    assert when["tt0353969"] == datetime(2022, 1, 3, 12, tzinfo=timezone.utc)


async def test_format_comes_from_the_header_not_the_name(services):
    imdb = await import_history(services.history, "h", IMDB_RATINGS.read_bytes(), "watched.csv")
    assert imdb.source == "imdb" and imdb.imported == 17
    lb = await import_history(services.history, "h2", (LETTERBOXD / "ratings.csv").read_bytes(), "export.txt")
    assert lb.source == "letterboxd" and lb.by_kind["liked"] == 6


# ---------------------------------------------------------------- guards


@pytest.mark.parametrize("data, error, words", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64, UnsupportedFile, "not a text file"),
    (b"title,rating\nHeat,5\n", UnsupportedFile, "not a Letterboxd or IMDb export"),
    (b"", UnsupportedFile, "empty"),
    (b"PK\x03\x04 this is no zip at all", UnsupportedFile, "cannot be read"),
    (zip_of({"notes.txt": b"hello"}), UnsupportedFile, "no watched.csv"),
    (b"x" * (MAX_UPLOAD_BYTES + 1), FileTooLarge, "limit is 5 MB"),
])
async def test_wrong_files_get_one_clear_line_and_store_nothing(services, data, error, words):
    with pytest.raises(error, match=words) as info:
        await import_history(services.history, "g", data, "upload.csv")
    assert "\n" not in str(info.value) and info.value.ko  # one line, and a Korean one for the bot
    assert await services.store.recent("g") == []


def test_zip_bombs_are_refused_before_reading():
    zeros = b"\0" * (60 * 1024 * 1024)
    with pytest.raises(UnsafeArchive, match="uncompressed"):  # 60 MB in a zip of ~60 KB
        read_export(zip_of({"watched.csv": zeros}))
    with pytest.raises(UnsafeArchive, match="compressed more than"):  # under the total, 1000:1
        read_export(zip_of({"watched.csv": b"Date,Name,Year,Letterboxd URI\n" + b" " * (8 * 1024 * 1024)}))
    with pytest.raises(UnsafeArchive, match="files inside"):
        read_export(zip_of({f"lists/list-{i}.csv": b"" for i in range(1001)}))


@pytest.mark.parametrize("name", ["../watched.csv", "export/../../watched.csv", "/etc/watched.csv",
                                  "C:/Users/x/watched.csv", "..\\ratings.csv"])
def test_zip_path_tricks_are_refused(tmp_path, name):
    before = sorted(Path.cwd().parent.iterdir())
    with pytest.raises(UnsafeArchive, match="outside the archive"):
        read_export(zip_of({name: (LETTERBOXD / "watched.csv").read_bytes()}))
    assert sorted(Path.cwd().parent.iterdir()) == before  # nothing is ever extracted


def test_malformed_rows_are_skipped_and_counted():
    csv = ("Date,Name,Year,Letterboxd URI,Rating\n2020-01-01,Heat,1995,x,4\n"
           "not a date,Alien,1979,x,4\n2020-01-02,,1979,x,4\n2020-01-03,Jaws,1975,x,4.2\n"
           "2020-01-04,Fargo,1996,x\n2020-01-05,Up,2009,x,3,extra\n\n2020-01-06,Zodiac,2007,x,\n")
    parsed = read_export(csv.encode(), "ratings.csv")
    assert [e.title for e in parsed.entries] == ["Heat", "Zodiac"] and parsed.malformed == 5
    assert [e.kind for e in parsed.entries] == [L, W]  # a blank rating is a plain watch


# ---------------------------------------------------------------- profile, CLI, bot


async def test_import_evicts_the_profile_and_the_next_profile_uses_it(services):
    profiles = services.recommender.profiles
    assert (await services.recommender.profile("p")).is_empty
    evictions = profiles._evictions
    await import_history(services.history, "p", IMDB_RATINGS.read_bytes(), "ratings.csv")
    assert profiles._evictions == evictions + 1 and "p" not in profiles._cache
    profile = await services.recommender.profile("p")
    assert "tt0353969" in profile.liked and "Bong Joon-ho" in profile.directors


def cli(args: list[str], tmp_path: Path, catalog_db: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("LLM_BASE_URL", "LLM_API_KEY", "MOVIEBOT_LOG_LEVEL")}
    env.update({"MOVIEBOT_DATA_DIR": str(tmp_path), "CATALOG_PATH": str(catalog_db), "SASREC_CHECKPOINT": "none"})
    return subprocess.run([sys.executable, "-m", "moviebot", *args], env=env, capture_output=True, text=True,
                          timeout=180, stdin=subprocess.DEVNULL)


def test_cli_import_is_quiet_and_lists_the_unmatched(tmp_path, catalog_db):
    out = cli(["import", "--user", "c", str(IMDB_RATINGS)], tmp_path, catalog_db)
    assert out.returncode == 0 and out.stderr == ""
    assert out.stdout.startswith("Imported 17 of 19 films") and "2 not matched" in out.stdout
    assert "  Breaking Bad (2008) tt0903747 — not a film" in out.stdout.splitlines()
    again = cli(["import", "--user", "c", "--json", str(IMDB_RATINGS)], tmp_path, catalog_db)
    report = json.loads(again.stdout)
    assert again.returncode == 0 and report["imported"] == 0 and report["already_had"] == 17
    bad = cli(["import", "--user", "c", str(Path(__file__))], tmp_path, catalog_db)
    assert bad.returncode == 1 and "not a Letterboxd or IMDb export" in bad.stderr and "Traceback" not in bad.stderr


@pytest.fixture
async def bot_and_services(make_settings):
    services = await build_services(make_settings())
    bot = create_bot(services)
    await bot.setup_hook()
    set_bot_user(bot)
    yield bot, services
    await bot.close_services()


def attachment(data: bytes, filename: str, size: int | None = None) -> SimpleNamespace:
    """The parts of discord.Attachment the command uses."""
    return SimpleNamespace(filename=filename, size=len(data) if size is None else size,
                           read=AsyncMock(return_value=data))


async def test_bot_import_replies_ephemerally_with_counts_and_the_unmatched_file(bot_and_services):
    bot, services = bot_and_services
    cog = bot.get_cog("HistoryCog")
    interaction = FakeInteraction(bot, USER_ID)
    await cog.import_command.callback(cog, interaction, attachment(letterboxd_zip(), "letterboxd.zip"))
    assert interaction.calls[0] == ("defer", {"ephemeral": True, "thinking": True})
    reply = interaction.messages("followup")[-1]
    assert reply.ephemeral and reply.content.startswith("📥 Imported 51 of 57 films")
    assert "6 not matched" in reply.content and "attached" in reply.content
    sent = interaction.followup.send.call_args.kwargs["file"]
    assert isinstance(sent, discord.File) and sent.filename == "unmatched.txt"
    listing = sent.fp.read().decode()
    assert "Spirited Away (2001) — no match found" in listing and len(listing.splitlines()) == 6
    assert len(await services.store.recent(str(USER_ID), 10_000)) == 51

    korean = FakeInteraction(bot, USER_ID)
    korean.locale = discord.Locale.korean
    await cog.import_command.callback(cog, korean, attachment(IMDB_RATINGS.read_bytes(), "ratings.csv"))
    text = korean.messages("followup")[-1].content
    assert "19편 중" in text and "이미 기록에 있었어요" in text and "첨부" in text
    listing = korean.followup.send.call_args.kwargs["file"].fp.read().decode()
    assert listing == "Breaking Bad (2008) tt0903747 — 영화가 아님\n기생충 (2019) tt6751668 — 카탈로그에 없음\n"


async def test_bot_import_refuses_big_and_wrong_files_without_storing(bot_and_services):
    bot, services = bot_and_services
    cog = bot.get_cog("HistoryCog")
    big = attachment(b"", "export.zip", size=MAX_UPLOAD_BYTES + 1)
    interaction = FakeInteraction(bot, USER_ID)
    await cog.import_command.callback(cog, interaction, big)
    big.read.assert_not_called()  # refused before the download
    msg = interaction.messages()[-1]
    assert msg.ephemeral and "limit is 5 MB" in msg.content

    wrong = FakeInteraction(bot, USER_ID)
    wrong.locale = discord.Locale.korean
    await cog.import_command.callback(cog, wrong, attachment(b"\x89PNG\r\n\x1a\n\x00\x00", "cat.png"))
    msg = wrong.messages()[-1]
    assert msg.ephemeral and "텍스트 파일이 아니에요" in msg.content
    assert await services.store.recent(str(USER_ID)) == []


def test_close_spellings_never_cross_sequel_numbers_or_years():
    from core.importer import TitleMatcher
    from core.understand.titles import TitleIndex

    index = TitleIndex.build([("tt3", "Paranormal Activity 3", 2011, 1.0), ("tt9", "Birdman", 2014, 1.0),
                              ("tt7", "The Shawshank Redemption", 1994, 1.0)])
    matcher = TitleMatcher(index)
    assert matcher.match("Paranormal Activity 2", 2010) == (None, "no match found")
    assert matcher.match("Paranormal Activity II", 2011)[0] is None  # another instalment, in any form
    assert matcher.match("Paranormal Activity III", 2011)[0] == "tt3"  # the same instalment, as a Roman numeral
    assert matcher.match("Paranormal Activty 3", 2011)[0] == "tt3"  # a typo, same instalment
    assert matcher.match("The Shawshank Redemtion", 1995)[0] == "tt7"  # a typo, a year off
    assert matcher.match("Birdman or (The Unexpected Virtue of Ignorance)", 2014)[0] == "tt9"
    assert matcher.match("Birdman or (The Unexpected Virtue of Ignorance)", 2013)[0] is None  # subtitles: same year


def test_zip_folders_that_are_not_history_are_ignored():
    watched = (LETTERBOXD / "watched.csv").read_bytes()
    parsed = read_export(zip_of({"letterboxd-me/watched.csv": watched, "letterboxd-me/deleted/watched.csv": watched,
                                 "letterboxd-me/lists/ratings.csv": b"Letterboxd list export v7\nDate,Name\n",
                                 "__MACOSX/letterboxd-me/._watched.csv": b"\x00\x05\x16\x07"}))
    assert parsed.files == ["letterboxd-me/watched.csv"] and parsed.duplicates == 1


async def test_title_lookup_for_catalogs_without_a_title_list(services):
    """Elasticsearch catalogs have no title list: exact folded titles and aliases through find_titles."""
    from core.importer import _find_titles

    cat = services.catalog
    assert await _find_titles(cat, "psycho", 1960) == ("tt0054215", "no match found")  # the reason counts if None
    assert (await _find_titles(cat, "Oldboy", None)) == (None, "ambiguous")
    assert (await _find_titles(cat, "괴물", 2006))[0] == "tt0468492"
    assert (await _find_titles(cat, "Parasite", 2019)) == (None, "no match found")
    assert (await _find_titles(cat, "The Matrix", 2000))[0] == "tt0133093"


def test_site_spellings_fold_to_the_catalog_title():
    """Letterboxd and IMDb spell some titles their own way; each class of difference, both directions."""
    from core.importer import TitleMatcher
    from core.understand.titles import TitleIndex

    index = TitleIndex.build([
        ("tt0114369", "Seven", 1995, 1.0), ("tt5", "M3GAN", 2022, 1.0),
        ("tt0240772", "Ocean's Eleven", 2001, 1.0), ("tt0054135", "Ocean's 11", 1960, 1.0),
        ("tt7", "Rocky II", 1979, 1.0), ("tt8", "Twenty One Pilots", 2015, 1.0),
        ("tt1", "Harold and Kumar Go to White Castle", 2004, 1.0), ("tt2", "Fast & Furious", 2009, 1.0),
        ("tt4", "Star Wars: Episode V – The Empire Strikes Back", 1980, 1.0), ("tt6", "Léon", 1994, 1.0),
        ("tt9", "The Lord of the Rings: The Two Towers", 2002, 1.0),
        ("tt10", "Saw - Part 2", 2005, 1.0), ("tt11", "Hostel - Part 2", 2005, 1.0)])
    m = TitleMatcher(index)
    assert m.match("Se7en", 1995)[0] == "tt0114369"  # a digit standing for a letter
    assert m.match("Megan", 2022)[0] == "tt5"  # ... on the catalog's side
    assert m.match("Ocean's 11", 2001)[0] == "tt0240772" and m.match("Ocean's Eleven", 1960)[0] == "tt0054135"
    assert m.match("Rocky 2", 1979)[0] == "tt7" and m.match("21 Pilots", 2015)[0] == "tt8"
    assert m.match("Harold & Kumar Go to White Castle", 2004)[0] == "tt1"
    assert m.match("Fast and Furious", 2009)[0] == "tt2"
    assert m.match("The Empire Strikes Back", 1980)[0] == "tt4"  # the catalog's subtitle is the export's title
    assert m.match("Léon: The Professional", 1994)[0] == "tt6"  # the export's title before its subtitle
    assert m.match("Two Towers", 2002)[0] == "tt9"
    # never across years, never on a part that names no film, never a guess between two
    assert m.match("Se7en", 1999) == (None, "no match found")
    assert m.match("The Empire Strikes Back", 1997)[0] is None
    assert m.match("Part 2", 2005)[0] is None and m.match("Part II", 2005)[0] is None
    assert m.match("Sevan", 1995)[0] is None  # only a digit stands for a letter; a letter is a letter


async def test_site_spellings_against_the_catalog_and_reasons_that_are_known(services):
    csv = ("Date,Name,Year,Letterboxd URI\n2020-01-01,Se7en,1995,x\n2020-01-02,Ocean's 11,2001,x\n"
           "2020-01-03,Fast and Furious,2009,x\n2020-01-04,The Empire Strikes Back,1980,x\n"
           "2020-01-05,A Film Nobody Made,2001,x\n")
    report = await import_history(services.history, "s", csv.encode(), "watched.csv")
    assert set(await kinds(services, "s")) == {"tt0114369", "tt0240772", "tt1013752", "tt0080684"}
    assert [(u.title, u.reason) for u in report.unmatched] == [("A Film Nobody Made", "no match found")]
    assert "A Film Nobody Made (2001) — no match found" in report.unmatched_text()
    assert "일치하는 영화를 찾지 못함" in report.unmatched_text("ko")
