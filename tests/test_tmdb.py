"""IMDb fixture catalog + TMDB enrichment from a local stub server (documented shapes, 429, unknown titles,
an outage mid-run), then the product answering from it. No network."""
from __future__ import annotations

import gzip
import os
import subprocess
import sys
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from core.catalog.download import DownloadError, download_imdb
from core.catalog.imdb import FILES, ImdbOptions, build_imdb_catalog
from core.catalog.sqlite import SQLiteCatalog
from core.catalog.tmdb import TmdbClient, TmdbError, enrich_catalog
from core.config import Settings
from core.services import build_services

try:
    from tests.tmdb_stub import TmdbStub
except ImportError:  # pytest "prepend" import mode
    from tmdb_stub import TmdbStub

FIXTURES = Path(__file__).parent / "fixtures" / "imdb"
KEY = "test-key-0123456789"


@pytest.fixture
def imdb_catalog(tmp_path) -> Path:
    dest = tmp_path / "catalog.sqlite3"
    assert build_imdb_catalog(dest, FIXTURES, ImdbOptions(min_votes=1000)) == 9
    return dest


def settings_for(stub: TmdbStub, tmp_path: Path, catalog: Path, **extra) -> Settings:
    return Settings(_env_file=None, data_dir=tmp_path, catalog_path=catalog, tmdb_api_key=KEY, tmdb_base_url=stub.url,
                    llm_base_url=None, llm_api_key=None, sasrec_checkpoint=None, **extra)


async def no_wait(_s: float) -> None:
    return None


async def test_enrich_stores_overviews_posters_keywords_and_korean_titles(imdb_catalog, tmp_path):
    with TmdbStub(KEY, rate_limit_first=2) as stub:
        report = await enrich_catalog(imdb_catalog, settings_for(stub, tmp_path, imdb_catalog))
    assert (report.found, report.not_found, report.failed, report.remaining) == (4, 5, 0, 0)
    assert report.retried_429 == 2  # answered after Retry-After, not dropped
    cat = await SQLiteCatalog.open(imdb_catalog)
    try:
        movies = await cat.get_many(["tt6751668", "tt0816692", "tt0110912"])
        parasite = movies["tt6751668"]
        assert parasite.overview.startswith("All unemployed") and parasite.overview_ko.startswith("전원백수")
        assert parasite.title_ko == "기생충" and "class differences" in parasite.keywords
        assert parasite.poster_url == "https://image.tmdb.org/t/p/w342/7IiTTgloJzvGI1TAYymCfbfl3vT.jpg"
        assert movies["tt0816692"].overview is None and movies["tt0816692"].poster_url is None  # not on TMDB
        assert [m.id for m in await cat.find_titles("인셉션")] == ["tt1375666"]
        stored = await cat.stored_title_index()  # the stored index has the carried-over Korean titles too
        assert stored is not None and stored.match("인셉션").best.id == "tt1375666"  # a TMDB Korean title is an alias
        assert "tt1375666" in dict(await cat.aliases())
    finally:
        await cat.close()


async def test_enrich_resumes_after_an_outage_and_never_refetches(imdb_catalog, tmp_path):
    with TmdbStub(KEY, rate_limit_first=0) as stub:
        settings = settings_for(stub, tmp_path, imdb_catalog, tmdb_concurrency=1)
        stub.fail_after = 5  # TMDB goes down mid-run
        waits: list[float] = []

        async def fake_sleep(s: float) -> None:  # the backoff is recorded, not slept (it was 90 s of this test)
            waits.append(s)

        client = TmdbClient(settings, sleep=fake_sleep)
        first = await enrich_catalog(imdb_catalog, settings, client=client)
        assert first.failed > 0 and first.remaining == first.failed
        assert waits[:4] == [0.5, 1.0, 2.0, 4.0]  # exponential backoff before a film is left for the next run
        before = len(stub.requests)
        stub.fail_after = None
        second = await enrich_catalog(imdb_catalog, settings, client=client)
        await client.close()
        asked = [r.split("?")[0] for r in stub.requests[before:]]
    assert second.remaining == 0 and first.found + second.found == 4
    assert len(asked) == len(set(asked))  # nothing fetched twice
    assert second.checked == first.failed  # only what failed was asked again


async def test_bad_key_stops_with_one_clear_line_and_no_secret(imdb_catalog, tmp_path):
    with TmdbStub("another-key") as stub:
        with pytest.raises(TmdbError) as err:
            await enrich_catalog(imdb_catalog, settings_for(stub, tmp_path, imdb_catalog))
    assert "HTTP 401" in str(err.value) and KEY not in str(err.value)
    with pytest.raises(TmdbError, match="TMDB_API_KEY or TMDB_READ_TOKEN"):
        await enrich_catalog(imdb_catalog, Settings(_env_file=None, tmdb_api_key=None, tmdb_read_token=None))


async def test_read_token_is_sent_as_a_bearer(imdb_catalog, tmp_path):
    with TmdbStub(KEY) as stub:
        s = Settings(_env_file=None, tmdb_read_token=KEY, tmdb_api_key=None, tmdb_base_url=stub.url)
        report = await enrich_catalog(imdb_catalog, s, limit=2)
        assert all("api_key" not in r for r in stub.requests)
    assert report.found + report.not_found == 2


async def test_a_rebuild_from_newer_files_keeps_the_tmdb_data(imdb_catalog, tmp_path):
    with TmdbStub(KEY) as stub:
        await enrich_catalog(imdb_catalog, settings_for(stub, tmp_path, imdb_catalog))
    build_imdb_catalog(imdb_catalog, FIXTURES, ImdbOptions(min_votes=1000))  # "newer files": the same, rebuilt
    cat = await SQLiteCatalog.open(imdb_catalog)
    try:
        assert (await cat.get_many(["tt0364569"]))["tt0364569"].title_ko == "올드보이"
        assert [m.id for m in await cat.find_titles("인셉션")] == ["tt1375666"]
    finally:
        await cat.close()


async def test_the_product_answers_from_the_current_catalog(imdb_catalog, tmp_path):
    """Build from IMDb files, enrich from TMDB, then ask in Korean: Parasite is found by its Korean title and by
    its director, and its poster and overview reach the pick."""
    with TmdbStub(KEY) as stub:
        settings = settings_for(stub, tmp_path, imdb_catalog)
        await enrich_catalog(imdb_catalog, settings)
    services = await build_services(settings)
    try:
        like = await services.recommender.recommend("u", "기생충 같은 영화")
        assert like.filters.similar_to == ["Parasite"], like.filters
        assert like.picks and all("Bong Joon Ho" in p.movie.directors for p in like.picks[:2])
        assert any("기생충" in p.reason for p in like.picks)
        by = await services.recommender.recommend("u", "봉준호 감독 영화")
        assert by.filters.directors == ["Bong Joon Ho"], by.filters
        picked = {p.movie.id: p.movie for p in by.picks}
        assert "tt6751668" in picked and picked["tt6751668"].poster_path and picked["tt6751668"].overview_ko
        assert all("Bong Joon Ho" in m.directors for m in picked.values())
    finally:
        await services.close()


def test_cli_enrich_reports_in_one_line(imdb_catalog, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TMDB_", "LLM_"))}
    env.update({"MOVIEBOT_DATA_DIR": str(tmp_path), "CATALOG_PATH": str(imdb_catalog), "SASREC_CHECKPOINT": "none"})
    with TmdbStub(KEY) as stub:
        out = subprocess.run([sys.executable, "-m", "moviebot", "catalog", "enrich", "--tmdb", "--limit", "3"],
                             env={**env, "TMDB_API_KEY": KEY, "TMDB_BASE_URL": stub.url}, capture_output=True,
                             text=True, timeout=120)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    assert "films left" in out.stdout and KEY not in out.stdout
    missing = subprocess.run([sys.executable, "-m", "moviebot", "catalog", "enrich", "--tmdb"], env=env,
                             capture_output=True, text=True, timeout=120)
    assert missing.returncode == 1 and "TMDB_API_KEY" in missing.stdout + missing.stderr
    assert "Traceback" not in missing.stderr


# ------------------------------------------------------------------ IMDb --download

class _Files(SimpleHTTPRequestHandler):
    broken: set[str] = set()

    def log_message(self, *args):
        pass

    def do_GET(self):
        name = self.path.strip("/")
        if name in self.broken:
            self.send_response(500)
            self.end_headers()
            return
        return super().do_GET()


@pytest.fixture
def dataset_server(tmp_path):
    """IMDb's datasets site in miniature: the fixture files, gzip'd, served over HTTP with Last-Modified."""
    site = tmp_path / "site"
    site.mkdir()
    for name in FILES:
        src = next(FIXTURES.glob(f"{name}.tsv*"))
        data = src.read_bytes() if src.suffix == ".gz" else gzip.compress(src.read_bytes())
        (site / f"{name}.tsv.gz").write_bytes(data)
    handler = type("Files", (_Files,), {"broken": set()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/", site, handler
    server.shutdown()
    server.server_close()


def test_download_fetches_the_six_files_then_skips_unchanged_ones(dataset_server, tmp_path):
    url, site, _ = dataset_server
    cache = tmp_path / "cache"
    paths = download_imdb(url, cache)
    assert sorted(p.name for p in paths) == sorted(f"{n}.tsv.gz" for n in FILES)
    assert build_imdb_catalog(tmp_path / "c.sqlite3", cache, ImdbOptions(min_votes=1000)) == 9
    stamps = {p.name: p.stat().st_mtime_ns for p in paths}
    download_imdb(url, cache)  # If-Modified-Since: 304, nothing rewritten
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.gz")} == stamps


def test_download_errors_are_one_line_and_leave_no_partial_file(dataset_server, tmp_path):
    url, site, handler = dataset_server
    handler.broken.add("title.crew.tsv.gz")
    with pytest.raises(DownloadError, match="title.crew.tsv.gz: HTTP 500"):
        download_imdb(url, tmp_path / "a")
    handler.broken.clear()
    (site / "title.akas.tsv.gz").write_bytes((site / "title.akas.tsv.gz").read_bytes()[:40])  # truncated gzip
    with pytest.raises(DownloadError, match="title.akas.tsv.gz is not a complete gzip file"):
        download_imdb(url, tmp_path / "b")
    assert not list((tmp_path / "b").glob("*.part")) and not (tmp_path / "b" / "title.akas.tsv.gz").exists()
    with pytest.raises(DownloadError, match="ConnectError"):
        download_imdb("http://127.0.0.1:9/", tmp_path / "c", timeout_s=2)


def test_cli_build_download_end_to_end(dataset_server, tmp_path):
    url, _, _ = dataset_server
    env = {**{k: v for k, v in os.environ.items() if not k.startswith(("TMDB_", "LLM_"))},
           "MOVIEBOT_DATA_DIR": str(tmp_path), "CATALOG_PATH": str(tmp_path / "cat.sqlite3"),
           "IMDB_DATASETS_URL": url, "SASREC_CHECKPOINT": "none"}
    out = subprocess.run([sys.executable, "-m", "moviebot", "catalog", "build", "--source", "imdb", "--download",
                          "--min-votes", "1000"], env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    assert "Built 9 movies" in out.stdout and (tmp_path / "imdb" / "title.basics.tsv.gz").exists()
