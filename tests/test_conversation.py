from core.conversation import Conversations, apply, continues, detect, header, merge, why
from core.models import Filters, Movie, Pick
from core.pipeline import describe_filters


def movies():
    return [Movie(id="tt1", title="Big", year=1988, runtime=104),
            Movie(id="tt2", title="Splash", year=1984, runtime=111),
            Movie(id="tt3", title="Forrest Gump", year=1994, runtime=142)]


def picks(ms=None):
    return [Pick(movie=m, reason="r") for m in (movies() if ms is None else ms)]


def test_detect_both_languages():
    assert detect("more").kind == "more"
    assert detect("다른 거").kind == "more"
    assert detect("another 5").kind == "more"
    assert detect("older").kind == "older"
    assert detect("더 최근 거").kind == "newer"
    assert (d := detect("more like #2")).kind == "like_pick" and d.pick == 2
    assert (d := detect("2번 같은 거")).kind == "like_pick" and d.pick == 2
    assert (d := detect("like the second one")).kind == "like_pick" and d.pick == 2
    assert (d := detect("why #3?")).kind == "why_pick" and d.pick == 3
    assert (d := detect("3번 왜?")).kind == "why_pick" and d.pick == 3
    assert detect("not horror").kind == "refine"
    assert (d := detect("another 3")).kind == "more" and d.pick == 3
    assert (d := detect("3개 더")).kind == "more" and d.pick == 3
    assert detect("older movies with Tom Hanks").kind == "older"  # only counts when there is a conversation


def test_detect_the_phrasings_people_type():
    cases = {"more": ["show me more", "more please", "any others?", "what else?", "next", "give me 3 more",
                      "다른 거 추천해줘", "더 없어?", "딴 거", "5개 더", "또"],
             "older": ["older ones", "something older", "옛날 거", "예전 영화로"],
             "newer": ["more recent ones", "newer ones please", "최신작으로", "더 최근 걸로"],
             "shorter": ["shorter ones", "짧은 걸로"], "longer": ["longer ones", "더 긴 거"]}
    for kind, texts in cases.items():
        for text in texts:
            assert detect(text).kind == kind, text
    picks_ = {"like the 3rd one": ("like_pick", 3), "similar to #1": ("like_pick", 1),
              "something like the first": ("like_pick", 1), "1번이랑 비슷한 거": ("like_pick", 1),
              "두번째 같은 거": ("like_pick", 2), "why number 2": ("why_pick", 2),
              "why did you pick #2?": ("why_pick", 2), "explain #4": ("why_pick", 4),
              "2번 왜 추천했어?": ("why_pick", 2), "3번은 왜?": ("why_pick", 3), "why the last one?": ("why_pick", -1),
              "give me 3 more": ("more", 3), "movies like 2001: A Space Odyssey": ("refine", None)}
    for text, (kind, number) in picks_.items():
        d = detect(text)
        assert (d.kind, d.pick) == (kind, number), text


def test_continues_tells_a_change_from_a_new_request():
    for text in ("not horror", "with Meg Ryan instead", "in Korean", "한국 영화로", "공포 말고", "only 90s",
                 "90년대 걸로", "no musicals please"):
        assert continues(text), text
    for text in ("a horror movie", "봉준호 감독 영화 추천해줘", "recommend me something with Tom Cruise",
                 "볼만한 스릴러"):
        assert not continues(text), text


def test_follow_ups_change_only_what_was_asked():
    conv = Conversations()
    base = Filters(actors=["Tom Hanks"], genres=["Comedy"])
    conv.put("u", "c", base, picks(), "en")
    s = conv.get("u", "c")
    older = apply(s, detect("older"))
    assert older.year_max == 1983 and older.actors == ["Tom Hanks"] and older.genres == ["Comedy"]
    newer = apply(s, detect("newer"))
    assert newer.year_min == 1995 and newer.actors == ["Tom Hanks"]
    shorter = apply(s, detect("shorter"))
    assert shorter.max_runtime == 103 and shorter.genres == ["Comedy"]
    like = apply(s, detect("like the second one"))
    assert like.similar_to == ["Splash"] and like.actors == ["Tom Hanks"]
    refine = apply(s, detect("not horror"), Filters(exclude_genres=["Horror"]))
    assert refine.exclude_genres == ["Horror"] and refine.genres == ["Comedy"] and refine.actors == ["Tom Hanks"]
    without = merge(base, Filters(exclude_people=["Tom Hanks"]))
    assert without.actors == [] and without.exclude_people == ["Tom Hanks"] and without.genres == ["Comedy"]
    instead = merge(base, Filters(actors=["Meg Ryan"]))
    assert instead.actors == ["Meg Ryan"] and instead.genres == ["Comedy"]
    text = header(base, older, lambda f: describe_filters(f, "en"), "en")
    assert text.startswith("still: ") and "now: " in text and "Tom Hanks" in text.split("now:")[0]


def test_ttl_and_lru_and_accumulated_shown():
    now = [0.0]
    conv = Conversations(ttl_s=10, max_entries=2, clock=lambda: now[0])
    conv.put("u", "c", Filters(), picks(movies()[:1]), "en")
    conv.put("u", "c", Filters(), picks(movies()[1:]), "en")
    assert [m.id for m in conv.get("u", "c").shown] == ["tt1", "tt2", "tt3"]
    assert [m.id for m in conv.get("u", "c").last] == ["tt2", "tt3"]
    conv.put("u", "c", Filters(), picks(movies()[:1]), "en", keep_shown=False)  # a new request starts over
    assert [m.id for m in conv.get("u", "c").shown] == ["tt1"]
    conv.put("v", "c", Filters(), [], "en")
    conv.put("w", "c", Filters(), [], "en")
    assert conv.get("u", "c") is None  # evicted, bounded
    now[0] = 11
    assert conv.get("w", "c") is None  # expired


def test_why_uses_catalog_and_history_facts():
    pick = Movie(id="tt9", title="Heat", year=1995, directors=["Michael Mann"], cast=["Al Pacino"], runtime=170)
    liked = [Movie(id="tt8", title="Collateral", year=2004, directors=["Michael Mann"])]
    text = why(pick, liked)
    assert "Michael Mann" in text and "Collateral" in text and "170 min" in text
    assert "Collateral" not in why(pick, [])
    ko = why(pick, liked, "ko")  # Hangul where the project knows it (core/data/names_ko.json), as written otherwise
    assert "감독: 마이클 만" in ko and "Michael Mann" not in ko and "《Collateral》과 같은 마이클 만" in ko
