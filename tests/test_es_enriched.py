"""The current-catalog fields on Elasticsearch: localized titles searchable, TMDB fields round-trip, the Korean
analyzer only with the nori plugin; the same answers as the SQLite catalog built from the same films."""
from __future__ import annotations

from core.catalog.build import build_catalog_from_movies
from core.catalog.elastic import ElasticsearchCatalog, analysis_for, index_catalog, make_client
from core.catalog.sqlite import SQLiteCatalog
from core.config import Settings
from core.models import Movie

try:
    from tests.es_stub import EsStub
except ImportError:  # pytest "prepend" import mode
    from es_stub import EsStub

FILMS = [
    Movie(id="tt6751668", title="Parasite", year=2019, genres=["Comedy", "Drama", "Thriller"],
          directors=["Bong Joon Ho"], cast=["Song Kang-ho"], aliases=["기생충"], title_ko="기생충",
          overview="All unemployed, Ki-taek's family takes peculiar interest in the wealthy Parks.",
          overview_ko="전원백수로 살 길 막막한 기택 가족.", poster_path="/p.jpg", keywords=["class differences"],
          imdb_rating=8.5, imdb_votes=950000),
    Movie(id="tt0364569", title="Oldboy", year=2003, genres=["Action", "Drama"], directors=["Park Chan-wook"],
          aliases=["올드보이"], title_ko="올드 보이"),
    Movie(id="tt1375666", title="Inception", year=2010, genres=["Action", "Sci-Fi"], directors=["Christopher Nolan"]),
]


def test_korean_analyzer_only_with_nori():
    assert analysis_for([])["analyzer"]["korean"] == {"type": "standard"}
    assert analysis_for(["analysis-icu", "analysis-nori"])["analyzer"]["korean"]["tokenizer"] == "nori_tokenizer"
    assert analysis_for([])["analyzer"]["folding"]  # the rest of the analysis is kept


async def test_localized_titles_and_tmdb_fields_on_elasticsearch_match_sqlite(tmp_path):
    sqlite_path = tmp_path / "c.sqlite3"
    build_catalog_from_movies(sqlite_path, FILMS)
    with EsStub() as stub:
        settings = Settings(_env_file=None, elasticsearch_url=stub.url, elasticsearch_index="movies")
        es = make_client(settings)
        try:
            await index_catalog(es, FILMS, "movies", progress=False)
        finally:
            await es.close()
        assert stub.requests_to("GET", "_cat/plugins")  # asked; the stub has no nori: standard analyzer
        created = next(r for r in stub.requests if r.method == "PUT" and r.path.strip("/").startswith("movies"))
        assert created.body["settings"]["analysis"]["analyzer"]["korean"] == {"type": "standard"}
        es_cat = ElasticsearchCatalog(make_client(settings), "movies")
        sql_cat = await SQLiteCatalog.open(sqlite_path)
        try:
            for title in ("기생충", "올드보이", "Parasite", "parasite", "Inception"):
                got = [m.id for m in await es_cat.find_titles(title)]
                assert got == [m.id for m in await sql_cat.find_titles(title)] and got, title
            parasite = (await es_cat.get_many(["tt6751668"]))["tt6751668"]
            assert parasite.overview_ko.startswith("전원백수") and parasite.poster_url.endswith("/p.jpg")
            assert parasite.keywords == ["class differences"] and parasite.title_ko == "기생충"
        finally:
            await es_cat.close()
            await sql_cat.close()
