"""Follow-ups that move a person between roles or only add a bound, through the recommender (offline)."""
from __future__ import annotations

import pytest

from core.conversation import continues, only_bounds, switch_roles
from core.models import Filters
from moviebot.wiring import build_services


def test_only_bounds_continue_even_with_fresh_words():
    assert continues("something under 90 minutes", Filters(max_runtime=90))
    assert continues("anything from before 1980", Filters(year_max=1979))
    assert not continues("something with horror", Filters(genres=["Horror"]))
    assert not only_bounds(Filters())


@pytest.mark.parametrize("text, role", [
    ("just the ones she directed", "directors"),
    ("only films he made himself", "directors"),
    ("본인이 감독한 것만", "directors"),
])
def test_switch_an_actor_to_director(text, role):
    prev = Filters(actors=["Jodie Foster"], genres=["Drama"])
    out = switch_roles(text, prev)
    assert out is not None and out.directors == ["Jodie Foster"] and out.actors == [] and out.genres == ["Drama"]


def test_switch_a_director_to_actor_and_no_switch_without_a_cue():
    prev = Filters(directors=["Woody Allen"])
    assert switch_roles("only the ones he acted in", prev).actors == ["Woody Allen"]
    assert switch_roles("only comedies", prev) is None


async def test_role_switch_and_a_bare_bound_through_the_recommender(make_settings):
    services = await build_services(make_settings())
    try:
        rec = services.recommender
        await rec.recommend("u1", "robert redford dramas", conversation="c1", follow_up=True)
        r = await rec.recommend("u1", "only the ones he directed himself", conversation="c1", follow_up=True)
        assert r.filters.directors == ["Robert Redford"] and r.filters.actors == [] and r.picks
        assert all("Robert Redford" in p.movie.directors for p in r.picks)
        await rec.recommend("u2", "war dramas", conversation="c2", follow_up=True)
        r = await rec.recommend("u2", "hmm, something under 110 min", conversation="c2", follow_up=True)
        assert set(r.filters.genres) == {"War", "Drama"} and r.filters.genre_mode == "all"
        assert r.filters.max_runtime == 110 and all(p.movie.runtime <= 110 for p in r.picks)
    finally:
        await services.close()
