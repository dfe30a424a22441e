"""Korean as a Korean writes it: particles chosen by the final sound, Hangul titles, names and labels.

Every check runs on real output: the message table filled with words of each kind, the offline pipeline on
Korean requests and follow-ups, a movie night, import messages, and an IMDb-built catalog whose only Hangul
title for a film is its Korean aka.
"""
from __future__ import annotations

import gzip
import re
import shutil
import string
from pathlib import Path

import pytest

from bot.cogs.movienight import TEXT as NIGHT_TEXT
from core import korean
from core.catalog.imdb import ImdbOptions, build_imdb_catalog
from core.errors import FileTooLarge, UnsafeArchive, UnsupportedFile
from core.group import GroupRecommender
from core.importer import ImportReport, Unmatched
from core.messages import MESSAGES, WORDS, text
from core.models import Filters, InteractionKind, Movie, Reply
from core.pipeline import describe_filters
from core.poll import PollResult, announcement
from core.services import build_services

# words of every kind a field can hold: consonant, vowel and ㄹ endings, closing brackets, Latin, digits
SAMPLES = ["《살인의 추억》", "《마더》", "《괴물》", "“송강호”", "봉준호", "톰 행크스", "연도 조건", "Tom Hanks",
           "Oldboy", "JSA", "watched.csv", "2006", "3", "《괴물》(2006)"]


GLUED = re.compile(r"\{\w+\}([”’\"'》」』)]*)(을\(를\)|은\(는\)|와\(과\)|이\(가\)|\(으\)로)")
PAIRS = {"을(를)": ("을", "를"), "은(는)": ("은", "는"), "와(과)": ("과", "와"), "이(가)": ("이", "가")}


def fields(template: str) -> list[str]:
    return [f for _, f, _, _ in string.Formatter().parse(template) if f]


def korean_templates() -> dict[str, str]:
    out = {f"messages.{k}": v["ko"] for k, v in MESSAGES.items()}
    out.update({f"words.{k}": v["ko"] for k, v in WORDS.items()})
    out.update({f"movienight.{k}": v for k, v in NIGHT_TEXT["ko"].items()})
    return out


@pytest.mark.parametrize("word,final", [
    ("책", "C"), ("영화", ""), ("괴물", "ㄹ"), ("《살인의 추억》", "C"), ("《마더》", ""), ("“송강호”", ""),
    ("《괴물》(2006)", "ㄹ"), ("2006", "C"), ("2002", ""), ("2003", "C"), ("1", "ㄹ"), ("Tom", "C"), ("Hanks", ""),
    ("Paul", "ㄹ"), ("Stone", "C"), ("King", "C"), ("Oldboy", ""), ("JSA", ""), ("SF", ""), ("MCU", ""),
    ("HAL", "ㄹ"), ("", ""), ("?!", ""),
])
def test_final_sound_of_the_word_before_a_particle(word, final):
    assert korean.final_consonant(word) == final


def test_markers_resolve_against_the_substituted_word():
    assert korean.resolve("《괴물》을(를) 봤어요") == "《괴물》을 봤어요"
    assert korean.resolve("《마더》을(를) 봤어요") == "《마더》를 봤어요"
    assert korean.resolve("서울(으)로, 집(으)로, 학교(으)로") == "서울로, 집으로, 학교로"
    assert korean.resolve("송강호이(가) · 봉준호은(는) · 배우과(와)") == "송강호가 · 봉준호는 · 배우와"
    assert korean.resolve("괴물(이)에요 · 마더(이)에요") == "괴물이에요 · 마더예요"
    assert korean.resolve("Tom Hanks와(과) Meg Ryan와(과)") == "Tom Hanks와 Meg Ryan과"
    assert korean.resolve("no particle (이)가 here") == "no particle (이)가 here"  # no word before the marker
    assert korean.particle("서울", "으로/로") == "서울로" and korean.particle("책", "을/를") == "책을"


@pytest.mark.parametrize("name,template", sorted(korean_templates().items()))
def test_every_korean_template_reads_without_pairs(name, template):
    """Filled with each sample word, no template leaves a pair notation, and a particle glued to a field is a
    marker (resolved per word), never a fixed form that is wrong for half the words."""
    assert not re.search(r"\}(?:을|를|이|가|은|는|과|와|로|으로)(?![가-힣(])", template), name
    for sample in SAMPLES:
        values = {f: sample for f in fields(template)}
        filled = korean.resolve(template.format(**values)) if name.startswith("movienight.") else (
            text(name.split(".", 1)[1], "ko", **values) if name.startswith("messages.") else template)
        assert korean.unresolved(filled) == [], (name, sample, filled)
        for closers, marker in GLUED.findall(template):
            final = korean.final_consonant(sample)
            want = ("로" if final in ("", "ㄹ") else "으로") if marker == "(으)로" else \
                PAIRS[marker][0 if final else 1]
            assert sample + closers + want in filled, (name, sample, filled)


def test_relaxed_and_unknown_person_read_as_korean():
    assert text("relaxed", "ko", what="연도 조건, 제외 장르 조건") == "조건에 맞는 영화가 없어 연도 조건, 제외 장르 조건을 풀었어요."
    assert text("relaxed", "ko", what="평점 조건, 오스카 조건") == "조건에 맞는 영화가 없어 평점 조건, 오스카 조건을 풀었어요."
    assert text("unknown_person", "ko", name="Tom Hardy").startswith("“Tom Hardy”를")
    assert text("why_shared", "ko", title="《괴물》", who="송강호") == "좋아하신 《괴물》과 같은 송강호"
    assert text("why_shared", "ko", title="《마더》", who="봉준호") == "좋아하신 《마더》와 같은 봉준호"


async def test_understanding_notes_in_korean(services):
    u = await services.recommender.offline.understand("톰 행크스 나오는 영화 봉준호 감독 영화 김철수 감독 영화")
    assert any("“김철수”라는 감독이나 배우" in n for n in u.notes), u.notes
    u = await services.recommender.offline.understand("오성민 감독 영화")  # only a missing person: the note is the answer
    assert u.intent == "other" and "“오성민”이라는 감독이나 배우" in u.answer, u.answer


def test_korean_header_has_no_english_labels():
    f = Filters(year_min=1990, year_max=1999, countries=["South Korea"], languages=["French"],
                genres=["Crime"], directors=["Bong Joon-ho"])
    assert describe_filters(f, "ko") == "봉준호 감독 · 범죄 · 1990–1999년 · 한국 · 언어: 프랑스어"
    assert describe_filters(f, "en") == "directed by Bong Joon-ho · Crime · 1990–1999 · South Korea · in French"


async def test_every_catalog_country_and_common_language_has_a_korean_name(services):
    vocab = await services.catalog.vocabulary()
    assert [c for c in vocab.countries if korean.country(c) == c] == []
    common = [lang for lang, n in vocab.languages.items() if n >= 2]
    assert [lang for lang in common if korean.language(lang) == lang] == []


def test_display_title_prefers_tmdb_then_hangul_akas_then_the_table():
    assert korean.display_title(Movie(id="a", title="Oppenheimer", aliases=["Oppenheimer", "오펜하이머"])) == "오펜하이머"
    assert korean.display_title(Movie(id="b", title="The Host", title_ko="괴물 (2006)", aliases=["괴물"])) == "괴물 (2006)"
    assert korean.display_title(Movie(id="c", title="The Host")) == "괴물"  # core/data/titles_ko.json
    assert korean.display_title(Movie(id="d", title="Barry Lyndon")) == "Barry Lyndon"


def reply_texts(reply: Reply) -> list[str]:
    return [reply.message, reply.profile_summary, reply.fallback, *reply.relaxed, *(p.reason for p in reply.picks)]


def check_korean(texts: list[str], movies: list[Movie]) -> None:
    for t in texts:
        assert korean.unresolved(t) == [], t
        assert korean.untranslated(t, movies) == [], t


KOREAN_REQUESTS = ["봉준호 감독 범죄 스릴러 추천해줘", "송강호 나오는 영화", "90년대 한국 영화", "프랑스어 로맨스 영화",
                   "살인의 추억 같은 영화", "2시간 안 되는 코미디", "톰 행크스 나오는 90년대 코미디",
                   "1900년 이전 한국 전쟁 영화 평점 99 이상", "아카데미 수상한 전쟁 영화", "기분 좋아지는 영화"]


async def test_korean_requests_and_follow_ups_end_to_end(services):
    for title in ("Memories of Murder", "Mother", "The Departed"):
        movie = (await services.catalog.find_titles(title, limit=1))[0]
        await services.history.log("k", movie.id, InteractionKind.LIKED)
    rec = services.recommender
    _, history = await rec.profiles.get("k")
    relaxed = 0
    for i, request in enumerate(KOREAN_REQUESTS):
        reply = await rec.recommend("k", request, conversation=f"c{i}")
        assert reply.language == "ko" and reply.picks, request
        relaxed += bool(reply.relaxed)
        check_korean(reply_texts(reply), [p.movie for p in reply.picks] + list(history.values()))
        if request == "아카데미 수상한 전쟁 영화":  # an award, not a person: the header names nobody in Latin
            assert not reply.filters.actors and reply.filters.oscar == "won", reply.filters
        if request == "90년대 한국 영화":
            assert reply.message.startswith("1990–1999년 · 한국 — "), reply.message
        for follow in ("다른 거", "더 예전 거", "공포 말고", "2번 왜?", "1번 같은 거"):
            more = await rec.recommend("k", follow, conversation=f"c{i}", follow_up=True)
            check_korean(reply_texts(more), [p.movie for p in more.picks + reply.picks] + list(history.values()))
    assert relaxed  # the impossible request was relaxed, so the relax note was checked too
    why = await rec.recommend("k", "봉준호 감독 영화", conversation="w")
    answer = await rec.recommend("k", "1번 왜?", conversation="w")
    assert answer.message.startswith(f"《{korean.display_title(why.picks[0].movie)}》")
    assert "감독: 봉준호" in answer.message


async def test_movie_night_and_vote_in_korean(services):
    for user, title in (("ann", "The Host"), ("bob", "Oldboy")):
        movie = [m for m in await services.catalog.find_titles(title, limit=3) if m.year in (2006, 2003)][0]
        await services.history.log(user, movie.id, InteractionKind.LIKED)
    group = GroupRecommender(services.recommender)
    reply = await group.recommend(["ann", "bob", "cy"], "한국 스릴러", names={"ann": "앤", "bob": "밥", "cy": "씨"})
    assert reply.picks and reply.language == "ko"
    check_korean(reply_texts(reply) + reply.labels(), [p.movie for p in reply.picks])
    labels = reply.labels()
    for result in (PollResult(winner=0, counts=[2, 2, 0], tie=True, tied=[0, 1], voters=["ann"]),
                   PollResult(winner=None, counts=[0, 0, 0])):
        check_korean([announcement(result, labels, reply.names, "ko")], [p.movie for p in reply.picks])
    for label in labels:
        line = korean.resolve(NIGHT_TEXT["ko"]["logged"].format(who="@앤", title=label))
        assert korean.unresolved(line) == [] and re.search(r"》\(\d{4}\)[을를] ", line), line


def test_import_messages_in_korean():
    report = ImportReport(source="letterboxd", films=12, imported=9, already_had=2, malformed=1, by_kind={"liked": 3, "watched": 6},
                          unmatched=[Unmatched(title="Nope", year=1999)])
    texts = [report.summary("ko"), report.unmatched_text("ko"),
             FileTooLarge("import_too_large", size=12, limit=10).text("ko"),
             UnsupportedFile("import_not_text", name="사진.png").text("ko"),
             UnsupportedFile("import_not_export", name="list.csv", columns="a, b").text("ko"),
             UnsupportedFile("import_watchlist", name="watchlist.csv").text("ko"),
             UnsafeArchive("import_unsafe_zip", what="../x").text("ko")]
    for t in texts:
        assert korean.unresolved(t) == [], t
    assert "사진.png는" in texts[3] and "list.csv는" in texts[4]


OPPENHEIMER = {
    "title.basics": "tt15398776\tmovie\tOppenheimer\tOppenheimer\t0\t2023\t\\N\t180\tBiography,Drama,History",
    "title.ratings": "tt15398776\t8.3\t800000",
    "title.crew": "tt15398776\tnm0634240\t\\N",
    "title.principals": "tt15398776\t1\tnm0614165\tactor\t\\N\t\\N",
    "name.basics": "nm0614165\tCillian Murphy\t\\N\t\\N\tactor\t\\N",
    "title.akas": "tt15398776\t1\tOppenheimer\tUS\ten\timdbDisplay\t\\N\t0\n"
                  "tt15398776\t2\t오펜하이머\tKR\t\\N\timdbDisplay\t\\N\t0",
}


async def test_imdb_korean_akas_reach_every_korean_surface(tmp_path, make_settings):
    """With an IMDb-built catalog, a film whose only Hangul title is its KR aka shows as 《오펜하이머》 in the
    profile line and the reasons (the title table has no entry for it)."""
    src = Path(__file__).parent / "fixtures" / "imdb"
    imdb = tmp_path / "imdb"
    imdb.mkdir()
    for f in src.iterdir():
        body = gzip.decompress(f.read_bytes()).decode() if f.suffix == ".gz" else f.read_text(encoding="utf-8")
        name = f.name.removesuffix(".gz").removesuffix(".tsv")
        extra = OPPENHEIMER.get(name, "")
        (imdb / f"{name}.tsv").write_text(body.rstrip("\n") + ("\n" + extra if extra else "") + "\n", encoding="utf-8")
    path = tmp_path / "imdb-catalog.sqlite3"
    build_imdb_catalog(path, imdb, ImdbOptions(min_votes=1000))
    assert korean.title("Oppenheimer") == "Oppenheimer"  # not in the project's table: only the aka knows it
    services = await build_services(make_settings(catalog_path=path, data_dir=tmp_path / "data"))
    try:
        oppenheimer = (await services.catalog.get_many(["tt15398776"]))["tt15398776"]
        assert korean.display_title(oppenheimer) == "오펜하이머"
        await services.history.log("o", oppenheimer.id, InteractionKind.LIKED)
        reply = await services.recommender.recommend("o", "놀란 감독 영화 추천해줘")
        assert reply.picks
        assert "《오펜하이머》" in reply.profile_summary
        assert any("《오펜하이머》" in p.reason for p in reply.picks)
        _, history = await services.recommender.profiles.get("o")
        check_korean(reply_texts(reply), [p.movie for p in reply.picks] + list(history.values()))
    finally:
        await services.close()
    shutil.rmtree(imdb)
