"""One behaviour, every backend: the HistoryStore contract on SQLite and on DynamoDB (moto server)."""
from __future__ import annotations

import asyncio
import time
from datetime import datetime, timedelta, timezone

import pytest

from core.errors import StoreUnavailable
from core.history.base import HistoryStore
from core.history.dynamo import create_table, open_dynamodb_history
from core.history.sqlite import SQLiteHistoryStore
from core.models import Interaction, InteractionKind

try:
    from tests.backend_fixtures import dynamo_settings, free_port, moto_endpoint  # noqa: F401
except ImportError:
    from backend_fixtures import dynamo_settings, free_port, moto_endpoint  # noqa: F401

T0 = datetime(2025, 1, 1, tzinfo=timezone.utc)
W, L, N = InteractionKind.WATCHED, InteractionKind.LIKED, InteractionKind.NOT_INTERESTED


def ev(user: str, movie: str, kind: InteractionKind = W, minutes: int = 0, source: str = "test") -> Interaction:
    return Interaction(user_id=user, movie_id=movie, kind=kind, source=source,
                       created_at=T0 + timedelta(minutes=minutes))


@pytest.fixture(params=["sqlite", "dynamodb"])
async def store(request, tmp_path):
    if request.param == "sqlite":
        s = await SQLiteHistoryStore.open(tmp_path / "history.sqlite3")
    else:
        settings = dynamo_settings(request.getfixturevalue("moto_endpoint"))
        assert await asyncio.to_thread(create_table, settings)
        # A small page size makes every Query/Scan paginate (LastEvaluatedKey) in these tests.
        s = await open_dynamodb_history(settings, page_size=7)
    yield s
    await s.close()


def keys(rows: list[Interaction]) -> list[tuple[str, str, str]]:
    return [(r.user_id, r.movie_id, r.kind.value) for r in rows]


async def test_protocol(store):
    assert isinstance(store, HistoryStore)


async def test_add_is_idempotent_and_keeps_the_first_record(store):
    assert await store.add(ev("u1", "tt1", W, 1, source="reaction")) is True
    assert await store.add(ev("u1", "tt1", W, 5, source="button")) is False
    assert await store.add(ev("u1", "tt1", L, 2)) is True  # another kind is another record
    rows = await store.recent("u1")
    assert keys(rows) == [("u1", "tt1", "liked"), ("u1", "tt1", "watched")]
    watched = rows[1]
    assert watched.source == "reaction" and watched.created_at == T0 + timedelta(minutes=1)


async def test_remove_reports_whether_something_went(store):
    await store.add(ev("u1", "tt1", W))
    await store.add(ev("u1", "tt1", L))
    assert await store.remove("u1", "tt1", W) is True
    assert await store.remove("u1", "tt1", W) is False
    assert await store.remove("u1", "tt404", W) is False
    assert keys(await store.recent("u1")) == [("u1", "tt1", "liked")]


async def test_recent_newest_first_with_limit_across_pages(store):
    # 130 records, inserted out of time order: the store must sort, and (DynamoDB) page 7 at a time.
    order = list(range(130))
    order = order[::2] + order[1::2]
    await asyncio.gather(*(store.add(ev("u1", f"tt{i:04d}", W, i)) for i in order))
    await store.add(ev("u2", "tt9999", W, 999))
    rows = await store.recent("u1")
    assert [r.movie_id for r in rows] == [f"tt{i:04d}" for i in reversed(range(130))]
    assert [r.movie_id for r in await store.recent("u1", limit=3)] == ["tt0129", "tt0128", "tt0127"]
    assert await store.recent("nobody") == []
    assert all(r.created_at.tzinfo is not None for r in rows)


async def test_delete_user_counts_and_spares_others(store):
    for i in range(23):
        await store.add(ev("u1", f"tt{i}", W, i))
    await store.add(ev("u1", "tt0", L, 50))
    await store.add(ev("u2", "tt0", W, 1))
    assert await store.delete_user("u1") == 24
    assert await store.recent("u1") == []
    assert keys(await store.recent("u2")) == [("u2", "tt0", "watched")]
    assert await store.delete_user("u1") == 0


async def test_export_is_oldest_first_per_user(store):
    data = [ev("bob", "tt3", W, 30), ev("alice", "tt2", L, 20), ev("bob", "tt1", N, 10),
            ev("alice", "tt9", W, 5), ev("carol", "tt7", W, 1), ev("alice", "tt2", W, 25)]
    for d in data:
        await store.add(d)
    got = [r async for r in store.export()]
    assert keys(got) == [("alice", "tt9", "watched"), ("alice", "tt2", "liked"), ("alice", "tt2", "watched"),
                         ("bob", "tt1", "not_interested"), ("bob", "tt3", "watched"), ("carol", "tt7", "watched")]
    assert [r.created_at for r in got][:3] == [T0 + timedelta(minutes=m) for m in (5, 20, 25)]


async def test_concurrent_adds_lose_nothing(store):
    results = await asyncio.gather(*(store.add(ev(f"u{i % 4}", f"tt{i}", W, i)) for i in range(200)))
    assert all(results)
    dup = await asyncio.gather(*(store.add(ev("u9", "tt1", L, i)) for i in range(20)))
    assert sum(dup) == 1  # exactly one of twenty racing identical adds is "new"
    total = sum([len(await store.recent(f"u{u}", limit=1000)) for u in range(4)])
    assert total == 200
    assert len([r async for r in store.export()]) == 201


@pytest.mark.parametrize("backend", ["sqlite", "dynamodb"])
async def test_unreachable_raises_store_unavailable_quickly(backend, tmp_path, moto_endpoint):
    started = time.perf_counter()
    with pytest.raises(StoreUnavailable) as err:
        if backend == "sqlite":
            blocker = tmp_path / "a-file"
            blocker.write_text("not a directory")
            await SQLiteHistoryStore.open(blocker / "history.sqlite3")
        else:
            settings = dynamo_settings(f"http://127.0.0.1:{free_port()}", DYNAMODB_MAX_ATTEMPTS=2,
                                       DYNAMODB_CONNECT_TIMEOUT_S=1.0, DYNAMODB_READ_TIMEOUT_S=1.0)
            await open_dynamodb_history(settings)
    assert time.perf_counter() - started < 10
    if backend == "dynamodb":
        assert "unreachable" in str(err.value)


# ------------------------------------------------------------------ DynamoDB-only failure modes
async def test_dynamodb_missing_table_is_a_clear_error(moto_endpoint):
    with pytest.raises(StoreUnavailable, match="create-table"):
        await open_dynamodb_history(dynamo_settings(moto_endpoint, "no-such-table"))


async def test_dynamodb_create_table_is_idempotent(moto_endpoint):
    settings = dynamo_settings(moto_endpoint)
    assert await asyncio.to_thread(create_table, settings) is True
    assert await asyncio.to_thread(create_table, settings) is False


async def test_dynamodb_throttling_after_retries_is_not_swallowed(moto_endpoint):
    from botocore.stub import Stubber

    settings = dynamo_settings(moto_endpoint)
    await asyncio.to_thread(create_table, settings)
    store = await open_dynamodb_history(settings)
    with Stubber(store._client) as stub:
        stub.add_client_error("put_item", service_error_code="ProvisionedThroughputExceededException",
                              http_status_code=400)
        stub.add_client_error("query", service_error_code="InternalServerError", http_status_code=500)
        with pytest.raises(StoreUnavailable, match="throttled"):
            await store.add(ev("u1", "tt1"))
        with pytest.raises(StoreUnavailable, match="InternalServerError"):
            await store.recent("u1")
    await store.close()


async def test_dynamodb_table_design(moto_endpoint):
    settings = dynamo_settings(moto_endpoint)
    await asyncio.to_thread(create_table, settings)
    store = await open_dynamodb_history(settings)
    await store.add(ev("u1", "tt0353969", L, 3, source="reaction"))
    item = (await asyncio.to_thread(store._client.scan, TableName=settings.dynamodb_table))["Items"][0]
    assert item["user_id"] == {"S": "u1"} and item["sk"] == {"S": "tt0353969#liked"}
    assert item["created_at"]["S"].startswith("2025-01-01T00:03:00") and item["source"] == {"S": "reaction"}
    desc = await asyncio.to_thread(store._client.describe_table, TableName=settings.dynamodb_table)
    assert desc["Table"]["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert await store.count() == 1
    await store.close()


# ------------------------------------------------------------------ CLI: create-table + migrate
def test_cli_create_table_and_migrate_sqlite_to_dynamodb(moto_endpoint, tmp_path):
    from typer.testing import CliRunner

    from moviebot.backends_cli import history_app

    async def seed() -> None:
        src = await SQLiteHistoryStore.open(tmp_path / "history.sqlite3")
        for u in range(5):
            for i in range(u * 7 + 1):
                await src.add(ev(f"user{u}", f"tt{i}", [W, L, N][i % 3], i))
        await src.close()

    asyncio.run(seed())
    env = {"HISTORY_PATH": str(tmp_path / "history.sqlite3"), "DYNAMODB_ENDPOINT_URL": moto_endpoint,
           "DYNAMODB_TABLE": "migrate-test", "AWS_REGION": "us-east-1"}
    runner = CliRunner()
    res = runner.invoke(history_app, ["create-table"], env=env)
    assert res.exit_code == 0 and "created" in res.output, res.output
    res = runner.invoke(history_app, ["migrate", "--from", "sqlite", "--to", "dynamodb"], env=env)
    assert res.exit_code == 0, res.output
    assert "source (sqlite" in res.output and "75 interactions, 5 users" in res.output
    assert "verified" in res.output
    res = runner.invoke(history_app, ["migrate", "--from", "sqlite", "--to", "dynamodb"], env=env)
    assert res.exit_code == 0 and "copied 0 new, 75 already present" in res.output, res.output

    async def extra() -> None:  # an interaction only DynamoDB has: verification must now fail
        dst = await open_dynamodb_history(dynamo_settings(moto_endpoint, "migrate-test"))
        await dst.add(ev("intruder", "tt1"))
        await dst.close()

    asyncio.run(extra())
    res = runner.invoke(history_app, ["migrate"], env=env)
    assert res.exit_code == 1 and "verification failed" in res.output
    res = runner.invoke(history_app, ["migrate", "--to", "postgres"], env=env)
    assert res.exit_code == 1


async def test_services_wiring_opens_dynamodb(moto_endpoint):
    from core.history.dynamo import DynamoDBHistoryStore
    from core.services import open_history_store

    settings = dynamo_settings(moto_endpoint)
    await asyncio.to_thread(create_table, settings)
    store = await open_history_store(settings)
    assert isinstance(store, DynamoDBHistoryStore)
    await store.close()
    with pytest.raises(StoreUnavailable):
        await open_history_store(dynamo_settings(f"http://127.0.0.1:{free_port()}", DYNAMODB_MAX_ATTEMPTS=1))
