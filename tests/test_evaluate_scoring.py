"""The eval scorer's pure checks (benchmarks/eval_scoring.py) on hand-made replies: each must be able to fail."""
from __future__ import annotations

from benchmarks.eval_scoring import (hard_violations, honest_note_ok, invented_constraints, near_identical,
                                     parsed_checks, question_ok, schema_problems)
from core.models import Filters, Movie, Pick, Reply
from core.moods import moods

BEN_HUR = Movie(id="tt0052618", title="Ben-Hur", year=1959, runtime=212, genres=["Adventure", "Drama"],
                directors=["William Wyler"], cast=["Charlton Heston", "Jack Hawkins", "Stephen Boyd", "Hugh Griffith"])
FARGO = Movie(id="tt0116282", title="Fargo", year=1996, runtime=98, genres=["Crime", "Thriller"],
              directors=["Joel Coen", "Ethan Coen"], cast=["Frances McDormand", "William H. Macy", "Steve Buscemi"])


def reply(**kw) -> Reply:
    return Reply(**kw)


# --- invented constraints ---------------------------------------------------------------------------------------

def test_nothing_set_nothing_invented():
    assert invented_constraints({"no_constraint": True}, Filters()) == []


def test_field_without_expect_key_is_invented():
    got = invented_constraints({"genres_any": ["Comedy"]}, Filters(genres=["Comedy"], max_runtime=100))
    assert got == ["max_runtime=100"]


def test_implied_and_allowed_fields_are_not_invented():
    e = {"director_any": ["Joel Coen", "Ethan Coen"], "runtime_max": 120, "allow": ["moods", "acclaimed"]}
    f = Filters(directors=["Joel Coen"], max_runtime=120, moods=["light"], acclaimed=True)
    assert invented_constraints(e, f) == []


def test_a_genre_for_a_person_who_never_made_it_was_asked_for_but_nothing_else():
    e = {"honest": "genre_for_person"}  # "a wes anderson horror movie?"
    f = Filters(directors=["Wes Anderson"], genres=["Horror"])
    assert invented_constraints(e, f) == []
    assert invented_constraints(e, f.model_copy(update={"max_runtime": 90})) == ["max_runtime=90"]


def test_false_and_genre_mode_and_ignored_are_not_constraints():
    f = Filters(acclaimed=False, genre_mode="all", ignored=["year_min=99999"])
    assert invented_constraints({}, f) == []


def test_polite_phrase_read_as_person_counts_twice():
    e = {"allow": ["moods"], "forbid": ["Peter Askin"]}
    got = invented_constraints(e, Filters(directors=["Peter Askin"], moods=["light"]))
    assert got == ["directors=['Peter Askin']", "forbidden:Peter Askin"]


def test_forbid_is_case_insensitive_and_searches_every_field():
    e = {"genres_any": ["Thriller"], "allow": ["moods"], "forbid": ["SCARY"]}
    assert invented_constraints(e, Filters(genres=["Thriller"], moods=["scary"])) == ["forbidden:SCARY"]
    assert invented_constraints(e, Filters(genres=["Thriller"], moods=["exciting"])) == []


def test_mood_may_bring_its_own_exclusions_but_no_others():
    mood = next(m for m in moods().values() if m.exclude)
    e = {"mood": mood.id}
    assert invented_constraints(e, Filters(moods=[mood.id], exclude_genres=list(mood.exclude))) == []
    extra = next(g for g in ("Documentary", "Musical", "Western", "Romance") if g not in mood.exclude)
    got = invented_constraints(e, Filters(moods=[mood.id], exclude_genres=[*mood.exclude, extra]))
    assert len(got) == 1 and got[0].startswith("exclude_genres=")


# --- honest notes -------------------------------------------------------------------------------------------------

def test_year_note_must_name_the_catalog_end():
    e = {"genres_any": ["Thriller"], "honest": "year"}
    assert not honest_note_ok(e, reply(relaxed=["Nothing matched every constraint, so I dropped the years."]))
    assert honest_note_ok(e, reply(relaxed=["The catalog ends in 2014: showing thrillers up to then."]))
    assert honest_note_ok(e, reply(message="카탈로그는 2014년까지예요."))
    assert honest_note_ok(e, reply(message="The catalog's films start in 1940, so it has none from 1920–1929."))


def test_topic_note_english_and_korean():
    e = {"honest": "topic"}
    assert honest_note_ok(e, reply(relaxed=["I can't search by plot in this catalog."]))
    assert honest_note_ok(e, reply(relaxed=["이 카탈로그에서는 줄거리로 찾을 수 없어요."]))
    assert not honest_note_ok(e, reply(message="5 picks — Drama"))


def test_person_note_says_not_found():
    e = {"honest": "person"}
    assert honest_note_ok(e, reply(relaxed=["I couldn't find anyone called Zorblax in the catalog."]))
    assert honest_note_ok(e, reply(relaxed=["그런 이름은 찾지 못했어요."]))
    assert not honest_note_ok(e, reply(message="5 picks — Comedy", relaxed=[]))


def test_title_note_names_the_title_or_says_missing():
    e = {"similar_to": ["Dune"], "honest": "title"}
    assert honest_note_ok(e, reply(relaxed=["The only Dune in the catalog is the 1984 film."]))
    assert honest_note_ok(e, reply(relaxed=["That film is not found in the catalog."]))
    assert not honest_note_ok(e, reply(relaxed=["Nothing matched, so I dropped the genres."]))


def test_genre_for_person_note_names_the_person():
    e = {"director": "Wes Anderson", "genres_any": ["Horror"], "honest": "genre_for_person"}
    assert honest_note_ok(e, reply(relaxed=["Wes Anderson made no horror film; here are his others."]))
    assert honest_note_ok(e, reply(relaxed=["웨스 앤더슨 is not here"]), {"Wes Anderson": ["웨스 앤더슨"]})
    assert not honest_note_ok(e, reply(relaxed=["Nothing matched every constraint, so I dropped the genres."]))
    assert not honest_note_ok(e, reply())


# --- movie questions ----------------------------------------------------------------------------------------------

def q(asks: str) -> dict:
    return {"intent": "question", "question": {"title": "Ben-Hur", "year": 1959, "asks": asks}}


def test_question_answered_from_the_row():
    assert question_ok(q("director"), reply(intent="other", message="Ben-Hur (1959) was directed by William Wyler."),
                       BEN_HUR) == ["intent other"]
    ok = Reply.model_construct(intent="question", message="Ben-Hur (1959) was directed by William Wyler.", picks=[])
    assert question_ok(q("director"), ok, BEN_HUR) == []
    wrong = Reply.model_construct(intent="question", message="Ben-Hur was directed by Fred Niblo.", picks=[])
    assert question_ok(q("director"), wrong, BEN_HUR) == ["answer lacks director"]


def test_question_cast_year_runtime():
    def ans(text: str) -> Reply:
        return Reply.model_construct(intent="question", message=text, picks=[])
    assert question_ok(q("cast"), ans("Charlton Heston and Stephen Boyd"), BEN_HUR) == []
    assert question_ok(q("cast"), ans("Hugh Griffith"), BEN_HUR) == ["answer lacks cast"]  # 4th by prominence
    assert question_ok(q("year"), ans("It came out in 1959."), BEN_HUR) == []
    assert question_ok(q("year"), ans("It came out in 19590."), BEN_HUR) == ["answer lacks year"]
    assert question_ok(q("runtime"), ans("212 minutes"), BEN_HUR) == []
    assert question_ok(q("runtime"), ans("3.5 hours"), BEN_HUR) == ["answer lacks runtime"]


def test_question_with_picks_fails_and_korean_names_count():
    with_picks = Reply.model_construct(intent="question", message="윌리엄 와일러 감독이에요.",
                                       picks=[Pick(movie=FARGO, reason="x")])
    assert question_ok(q("director"), with_picks, BEN_HUR, {"William Wyler": ["윌리엄 와일러"]}) == ["picks shown"]


# --- near-identical lists -----------------------------------------------------------------------------------------

def test_near_identical_needs_different_expectations_and_four_shared():
    a = ({"expect": {"genres_any": ["Comedy"]}}, ["1", "2", "3", "4", "5"])
    b = ({"expect": {"genres_any": ["Horror"]}}, ["1", "2", "3", "4", "9"])
    c = ({"expect": {"genres_any": ["Horror"]}}, ["1", "2", "3", "8", "9"])
    same = ({"expect": {"genres_any": ["Comedy"], "allow": ["moods"]}}, ["1", "2", "3", "4", "5"])
    assert near_identical([a, b]) == [(0, 1)]
    assert near_identical([a, c]) == []  # 3 of 5
    assert near_identical([a, same]) == []  # paraphrases: allow only accounts
    assert near_identical([a, ({"expect": {"genres_any": ["Horror"]}}, [])]) == []


def test_near_identical_looks_at_the_first_five_only():
    a = ({"expect": {"mood": "scary"}}, ["1", "2", "3", "x", "y", "4"])
    b = ({"expect": {"mood": "light"}}, ["1", "2", "3", "4", "5"])
    assert near_identical([a, b]) == []


# --- parsed and hard ----------------------------------------------------------------------------------------------

def test_parsed_runtime_slack_and_canonical_titles():
    e = {"runtime_max": 120, "similar_to": ["The Big Lebowski"], "director_any": ["Joel Coen", "Ethan Coen"]}
    f = Filters(max_runtime=110, similar_to=["big lebowski"], directors=["Ethan Coen"])
    canon = {"big lebowski": "The Big Lebowski"}
    assert parsed_checks(e, f, "recommend", lambda t: canon.get(t, t)) == {
        "runtime_max": True, "similar_to": True, "director_any": True}
    assert parsed_checks(e, f, "recommend")["similar_to"] is False
    assert parsed_checks(e, Filters(max_runtime=131), "recommend")["runtime_max"] is False


def test_hard_new_keys():
    assert hard_violations({"director_any": ["Joel Coen", "Ethan Coen"], "genres_all": ["Crime", "Thriller"]},
                           FARGO) == []
    assert hard_violations({"genres_all": ["Crime", "Comedy"]}, FARGO) == ["genres_all"]
    assert hard_violations({"exclude_titles": ["fargo"]}, FARGO) == ["excluded title"]
    assert hard_violations({"exclude_people": ["Steve Buscemi"]}, FARGO) == ["excluded person"]
    assert hard_violations({"exclude_people": ["Joel Coen"]}, FARGO) == ["excluded person"]
    assert hard_violations({"director_any": ["Stanley Kubrick"]}, FARGO) == ["director_any"]


def test_schema_problems_catch_typos_in_the_set():
    good = {"id": "d1", "category": "people", "expect": {"actor": "Tom Hanks", "allow": ["moods"], "honest": "year"}}
    assert schema_problems(good) == []
    bad = {"id": "d2", "category": "names", "expect": {"actors": "Tom Hanks", "allow": ["mood"], "mood": "cozy"}}
    assert schema_problems(bad) == ["unknown expect key actors", "unknown allow field mood", "unknown category names",
                                    "unknown mood cozy"]


def test_names_match_whole_words_and_hangul_with_particles():
    e = {"actor": "Tom Hanks", "genres_any": ["Horror"], "honest": "genre_for_person"}
    assert not honest_note_ok(e, reply(relaxed=["Thanks! Nothing matched, so I dropped the genres."]))
    assert honest_note_ok(e, reply(relaxed=["Hanks never made a horror film."]))
    assert honest_note_ok(e, reply(relaxed=["톰 행크스가 나온 공포 영화는 없어요."]), {"Tom Hanks": ["톰행크스"]})


def test_a_latin_name_with_a_korean_particle_is_that_name():
    e = {"actor": "Tom Hanks", "genres_any": ["Horror"], "honest": "genre_for_person"}
    assert honest_note_ok(e, reply(relaxed=["Tom Hanks는 공포 영화를 찍은 적이 없어요."]))
    assert not honest_note_ok(e, reply(relaxed=["Hanksy는 없어요."]))
