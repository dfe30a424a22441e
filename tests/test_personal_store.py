"""The personal store contract (digest subscriptions, shown films) on SQLite and DynamoDB (moto server)."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta, timezone

import pytest

from core.personal import PersonalStore, Subscription
from core.personal.dynamo import create_table, open_dynamodb_personal
from core.personal.sqlite import SQLitePersonalStore

try:
    from tests.backend_fixtures import dynamo_settings, moto_endpoint  # noqa: F401
except ImportError:
    from backend_fixtures import dynamo_settings, moto_endpoint  # noqa: F401

T0 = datetime(2026, 1, 5, 9, tzinfo=timezone.utc)


@pytest.fixture(params=["sqlite", "dynamodb"])
async def store(request, tmp_path):
    if request.param == "sqlite":
        s = await SQLitePersonalStore.open(tmp_path / "personal.sqlite3")
    else:
        settings = dynamo_settings(request.getfixturevalue("moto_endpoint"))
        assert await asyncio.to_thread(create_table, settings)
        assert not await asyncio.to_thread(create_table, settings)  # a second create is a no-op
        s = await open_dynamodb_personal(settings)
    yield s
    await s.close()


def sub(user: str, hours: float, **kw) -> Subscription:
    return Subscription(user_id=user, cadence=kw.pop("cadence", "daily"), target=kw.pop("target", "dm"),
                        next_at=T0 + timedelta(hours=hours), created_at=T0, **kw)


async def test_protocol(store):
    assert isinstance(store, PersonalStore)


async def test_put_get_replace_delete(store):
    assert await store.get("u1") is None
    s = sub("u1", 2, target="channel", channel_id="42", guild_id="7", language="ko")
    await store.put(s)
    assert await store.get("u1") == s
    await store.put(s.model_copy(update={"cadence": "weekly", "channel_id": None, "guild_id": None,
                                         "target": "dm"}))
    got = await store.get("u1")
    assert got is not None and got.cadence == "weekly" and got.channel_id is None and got.target == "dm"
    assert await store.delete("u1") is True
    assert await store.delete("u1") is False
    assert await store.get("u1") is None


async def test_due_is_earliest_first_active_only_and_limited(store):
    for i, hours in enumerate([5, 1, 3, 2, 30]):
        await store.put(sub(f"u{i}", hours))
    await store.put(sub("off", 0, active=False, note="dm_closed"))
    due = await store.due(T0 + timedelta(hours=4))
    assert [s.user_id for s in due] == ["u1", "u3", "u2"]
    assert [s.user_id for s in await store.due(T0 + timedelta(hours=4), limit=2)] == ["u1", "u3"]
    await store.put(due[0].model_copy(update={"next_at": T0 + timedelta(days=1)}))  # delivered: moves on
    assert [s.user_id for s in await store.due(T0 + timedelta(hours=4))] == ["u3", "u2"]
    off = await store.get("off")
    assert off is not None and not off.active and off.note == "dm_closed"


async def test_shown_since_newest_first_once_each(store):
    await store.record_shown("u1", ["tt1", "tt2"], T0)
    await store.record_shown("u1", ["tt3", "tt1"], T0 + timedelta(days=10))
    await store.record_shown("u2", ["tt9"], T0)
    assert await store.shown_since("u1", T0) == ["tt3", "tt1", "tt2"]
    assert await store.shown_since("u1", T0 + timedelta(days=1)) == ["tt3", "tt1"]
    assert await store.shown_since("u1", T0 + timedelta(days=11)) == []
    assert await store.shown_since("nobody", T0) == []


async def test_delete_user_takes_everything_and_spares_others(store):
    await store.put(sub("u1", 1))
    await store.put(sub("u2", 1))
    await store.record_shown("u1", [f"tt{i}" for i in range(30)], T0)  # more than one DynamoDB batch
    await store.record_shown("u2", ["tt1"], T0)
    assert await store.delete_user("u1") == 31
    assert await store.get("u1") is None and await store.shown_since("u1", T0) == []
    assert await store.get("u2") is not None and await store.shown_since("u2", T0) == ["tt1"]
    assert [s.user_id for s in await store.due(T0 + timedelta(hours=2))] == ["u2"]


async def test_cli_create_table_makes_the_personal_table_too(moto_endpoint):
    from typer.testing import CliRunner

    from core.errors import StoreUnavailable
    from moviebot.backends_cli import history_app

    settings = dynamo_settings(moto_endpoint)
    with pytest.raises(StoreUnavailable, match="create-table"):
        await open_dynamodb_personal(settings)
    env = {"DYNAMODB_ENDPOINT_URL": moto_endpoint, "DYNAMODB_TABLE": settings.dynamodb_table,
           "AWS_REGION": "us-east-1"}
    res = await asyncio.to_thread(CliRunner().invoke, history_app, ["create-table"], env=env)
    assert res.exit_code == 0 and f"{settings.dynamodb_table}-personal' created" in res.output, res.output
    store = await open_dynamodb_personal(settings)
    await store.put(sub("u1", 1))
    assert (await store.get("u1")) is not None
    await store.close()


async def test_settle_applies_only_to_unchanged_subscriptions(store):
    a, b, c = sub("a", 1), sub("b", 1), sub("c", 1)
    for s in (a, b, c):
        await store.put(s)
    await store.delete("b")  # opted out during the post
    await store.put(c.model_copy(update={"next_at": T0 + timedelta(hours=5)}))  # re-subscribed meanwhile
    later = T0 + timedelta(days=1, hours=1)
    changes = [(a, a.model_copy(update={"next_at": later}), ["tt1", "tt2"]),
               (b, b.model_copy(update={"next_at": later}), ["tt3"]),
               (c, c.model_copy(update={"active": False, "note": "dm_closed"}), ["tt4"])]
    assert await store.settle(changes, T0 + timedelta(hours=1)) == 1
    assert (await store.get("a")).next_at == later
    assert await store.shown_since("a", T0) == ["tt1", "tt2"] or await store.shown_since("a", T0) == ["tt2", "tt1"]
    assert await store.get("b") is None and await store.shown_since("b", T0) == []  # nothing recorded after it
    got_c = await store.get("c")
    assert got_c.active and got_c.next_at == T0 + timedelta(hours=5) and await store.shown_since("c", T0) == []


async def test_forget_leaves_no_trace_of_the_user_on_disk(tmp_path):
    path = tmp_path / "personal.sqlite3"
    store = await SQLitePersonalStore.open(path)
    user = "forget-me-7f3a9c"
    await store.put(sub(user, 1, target="channel", channel_id="42"))
    await store.record_shown(user, ["tt0353969"], T0)
    await store.put(sub("someone-else", 1))
    assert await store.delete_user(user) == 2
    try:  # read while the bot still runs: the WAL must not keep old copies of the deleted rows either
        on_disk = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("personal.sqlite3"))
        assert user.encode() not in on_disk
    finally:
        await store.close()
