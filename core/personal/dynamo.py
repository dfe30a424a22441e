"""DynamoDB personal store: the same contract as SQLite, for many workers (the scale path).

Table (created by `create_table`, `moviebot history create-table`; PAY_PER_REQUEST):

    PK user_id (S)   SK sk (S): "sub" for the subscription, "shown#{stamp}#{movie_id}" per film shown
    GSI "due": due_pk (S) HASH, next_at (S) RANGE. Only an active subscription carries due_pk, so the index is
    sparse and `due` is one Query (next_at <= now) whatever the number of users or shown records.
    shown records carry `expires` (epoch seconds) for DynamoDB TTL; reads filter by time anyway.

One index partition holds every due subscription: fine to hundreds of thousands of users; beyond that, spread
due_pk over a few shards ("due#0".."due#7") and query each.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime
from typing import Any, Callable

from botocore.exceptions import BotoCoreError, ClientError

from core.config import Settings
from core.errors import StoreUnavailable
from core.history.dynamo import make_client
from core.personal.base import Subscription, parse_stamp, stamp
from core.personal.sqlite import KEEP_SHOWN

log = logging.getLogger(__name__)
SUB, SHOWN, DUE = "sub", "shown#", "due"


def table_name(settings: Settings) -> str:
    return f"{settings.dynamodb_table}-personal"


def _item(sub: Subscription) -> dict[str, Any]:
    item: dict[str, Any] = {"user_id": {"S": sub.user_id}, "sk": {"S": SUB}, "cadence": {"S": sub.cadence},
                            "target": {"S": sub.target}, "language": {"S": sub.language},
                            "next_at": {"S": stamp(sub.next_at)}, "active": {"BOOL": sub.active},
                            "created_at": {"S": stamp(sub.created_at)}}
    for key in ("channel_id", "guild_id", "note"):
        if (value := getattr(sub, key)) is not None:
            item[key] = {"S": value}
    if sub.active:
        item["due_pk"] = {"S": DUE}
    return item


def _sub(item: dict[str, Any]) -> Subscription:
    opt = lambda k: item[k]["S"] if k in item else None  # noqa: E731
    return Subscription(user_id=item["user_id"]["S"], cadence=item["cadence"]["S"], target=item["target"]["S"],
                        channel_id=opt("channel_id"), guild_id=opt("guild_id"), language=item["language"]["S"],
                        next_at=parse_stamp(item["next_at"]["S"]), active=item["active"]["BOOL"], note=opt("note"),
                        created_at=parse_stamp(item["created_at"]["S"]))


class DynamoDBPersonalStore:
    def __init__(self, client: Any, table: str):
        self._client = client
        self.table = table

    async def _run(self, what: str, fn: Callable[[], Any]) -> Any:
        try:
            return await asyncio.to_thread(fn)
        except (ClientError, BotoCoreError) as exc:
            log.error("DynamoDB %s on %r failed: %s", what, self.table, exc)
            raise StoreUnavailable(f"DynamoDB {what} on {self.table!r} failed: {exc}") from exc

    def _query(self, **kwargs: Any) -> list[dict]:
        items: list[dict] = []
        while True:
            page = self._client.query(TableName=self.table, **kwargs)
            items += page.get("Items", [])
            if "LastEvaluatedKey" not in page or ("Limit" in kwargs and len(items) >= kwargs["Limit"]):
                return items
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    async def put(self, sub: Subscription) -> None:
        await self._run("put", lambda: self._client.put_item(TableName=self.table, Item=_item(sub)))

    async def get(self, user_id: str) -> Subscription | None:
        res = await self._run("get", lambda: self._client.get_item(
            TableName=self.table, Key={"user_id": {"S": user_id}, "sk": {"S": SUB}}, ConsistentRead=True))
        return _sub(res["Item"]) if "Item" in res else None

    async def delete(self, user_id: str) -> bool:
        res = await self._run("delete", lambda: self._client.delete_item(
            TableName=self.table, Key={"user_id": {"S": user_id}, "sk": {"S": SUB}}, ReturnValues="ALL_OLD"))
        return bool(res.get("Attributes"))

    async def due(self, now: datetime, limit: int = 200) -> list[Subscription]:
        items = await self._run("due", lambda: self._query(
            IndexName="due", KeyConditionExpression="due_pk = :d AND next_at <= :now",
            ExpressionAttributeValues={":d": {"S": DUE}, ":now": {"S": stamp(now)}}, Limit=limit))
        subs = sorted((_sub(i) for i in items), key=lambda s: (s.next_at, s.user_id))
        return [s for s in subs if s.active][:limit]

    async def record_shown(self, user_id: str, movie_ids: list[str], at: datetime) -> None:
        await self._run("record_shown", lambda: self._write_shown(user_id, movie_ids, at))

    def _write_shown(self, user_id: str, movie_ids: list[str], at: datetime) -> None:
        expires = str(int((at + KEEP_SHOWN).timestamp()))
        for start in range(0, len(movie_ids), 25):
            self._client.batch_write_item(RequestItems={self.table: [
                {"PutRequest": {"Item": {"user_id": {"S": user_id}, "sk": {"S": f"{SHOWN}{stamp(at)}#{m}"},
                                         "expires": {"N": expires}}}} for m in movie_ids[start:start + 25]]})

    async def settle(self, changes: list[tuple[Subscription, Subscription, list[str]]], at: datetime) -> int:
        def write() -> int:
            applied = 0
            for old, new, shown in changes:
                try:
                    self._client.put_item(TableName=self.table, Item=_item(new),
                                          ConditionExpression="next_at = :old AND active = :on",
                                          ExpressionAttributeValues={":old": {"S": stamp(old.next_at)},
                                                                     ":on": {"BOOL": True}})
                except ClientError as exc:
                    if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                        continue  # opted out, forgotten or changed during the post
                    raise
                applied += 1
                self._write_shown(old.user_id, shown, at)
            return applied

        return await self._run("settle", write)

    async def shown_since(self, user_id: str, since: datetime) -> list[str]:
        items = await self._run("shown_since", lambda: self._query(
            KeyConditionExpression="user_id = :u AND sk BETWEEN :a AND :b", ScanIndexForward=False,
            ExpressionAttributeValues={":u": {"S": user_id}, ":a": {"S": f"{SHOWN}{stamp(since)}"},
                                       ":b": {"S": f"{SHOWN}~"}}))
        return list(dict.fromkeys(i["sk"]["S"].rsplit("#", 1)[1] for i in items))

    async def delete_user(self, user_id: str) -> int:
        def delete() -> int:
            keys = self._query(KeyConditionExpression="user_id = :u", ProjectionExpression="user_id, sk",
                               ExpressionAttributeValues={":u": {"S": user_id}})
            for start in range(0, len(keys), 25):
                self._client.batch_write_item(RequestItems={self.table: [
                    {"DeleteRequest": {"Key": k}} for k in keys[start:start + 25]]})
            return len(keys)

        return await self._run("delete_user", delete)

    async def close(self) -> None:
        await asyncio.to_thread(self._client.close)


async def open_dynamodb_personal(settings: Settings) -> DynamoDBPersonalStore:
    store = DynamoDBPersonalStore(make_client(settings), table_name(settings))
    try:
        await store._run("connect", lambda: store._client.describe_table(TableName=store.table))
    except StoreUnavailable as exc:
        await store.close()
        raise StoreUnavailable(f"{exc} (run `moviebot history create-table` to create it)") from exc
    return store


def create_table(settings: Settings, wait: bool = True) -> bool:
    """Create the personal table with its sparse "due" index; False if it existed."""
    client = make_client(settings)
    name = table_name(settings)
    try:
        client.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": a, "AttributeType": "S"}
                                  for a in ("user_id", "sk", "due_pk", "next_at")],
            KeySchema=[{"AttributeName": "user_id", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            GlobalSecondaryIndexes=[{"IndexName": "due", "Projection": {"ProjectionType": "ALL"},
                                     "KeySchema": [{"AttributeName": "due_pk", "KeyType": "HASH"},
                                                   {"AttributeName": "next_at", "KeyType": "RANGE"}]}])
        if wait:
            client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        return True
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "ResourceInUseException":
            return False
        raise StoreUnavailable(f"DynamoDB create-table {name!r} failed: {exc}") from exc
    except BotoCoreError as exc:
        raise StoreUnavailable(f"DynamoDB create-table {name!r} failed: {exc}") from exc
    finally:
        client.close()
