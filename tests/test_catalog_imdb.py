"""IMDb dataset build from fixture files in the exact TSV format (no network)."""
import asyncio
from pathlib import Path

import pytest

from core.catalog.imdb import ImdbFormatError, ImdbOptions, build_imdb_catalog, read_imdb
from core.catalog.sqlite import SQLiteCatalog

FIXTURES = Path(__file__).parent / "fixtures" / "imdb"


def test_read_keeps_movies_above_threshold_with_billing_order():
    movies = {m.id: m for m in read_imdb(FIXTURES, ImdbOptions(min_votes=1000))}
    assert "tt0903747" not in movies and "tt0959621" not in movies  # tvSeries / tvEpisode
    assert "tt9999901" not in movies  # 40 votes
    assert "tt9999902" not in movies  # tvMovie only by option
    parasite = movies["tt6751668"]
    assert parasite.directors == ["Bong Joon Ho"]
    assert parasite.cast == ["Song Kang-ho", "Choi Woo-sik", "Park So-dam"]  # billing, not alphabetical
    assert parasite.imdb_votes == 950000 and parasite.imdb_rating == 8.5 and parasite.year == 2019
    assert parasite.aliases == ["기생충"]
    with_tv = read_imdb(FIXTURES, ImdbOptions(min_votes=1000, title_types=frozenset({"movie", "tvMovie"})))
    assert "tt9999902" in {m.id for m in with_tv}


def test_catalog_finds_korean_aliases_and_keeps_old_file_on_failure(tmp_path):
    dest = tmp_path / "catalog.sqlite3"
    assert build_imdb_catalog(dest, FIXTURES, ImdbOptions(min_votes=1000)) == 9

    async def check():
        cat = await SQLiteCatalog.open(dest)
        try:
            assert [m.id for m in await cat.find_titles("기생충")] == ["tt6751668"]
            assert [m.id for m in await cat.find_titles("올드보이")] == ["tt0364569"]
            assert [m.id for m in await cat.find_titles("Parasite", 2019)] == ["tt6751668"]
            m = (await cat.get_many(["tt1375666"]))["tt1375666"]
            assert m.imdb_votes == 2600000
        finally:
            await cat.close()
    asyncio.run(check())
    before = dest.read_bytes()
    with pytest.raises(ImdbFormatError):
        build_imdb_catalog(dest, tmp_path)  # no files there
    assert dest.read_bytes() == before
