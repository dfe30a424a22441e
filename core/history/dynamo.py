"""DynamoDB history store: the same `HistoryStore` contract as the SQLite backend, for many workers.

Table design (created by `create_table`, `moviebot history create-table`; PAY_PER_REQUEST):

    PK  user_id (S)                       one partition (item collection) per user
    SK  sk (S) = "{movie_id}#{kind}"      deterministic: (user, movie, kind) is the identity
    attributes: movie_id (S), kind (S), source (S), created_at (S, ISO 8601 with offset)

* `add` is a conditional PutItem (`attribute_not_exists(sk)`): a re-add is a no-op that reports
  False and keeps the original record, exactly like SQLite's INSERT OR IGNORE.
* `remove` is DeleteItem with ReturnValues=ALL_OLD: True iff something was there.
* `recent` Queries the user's partition page by page (LastEvaluatedKey) and sorts by created_at
  client-side, newest first. A user's history is small (hundreds of items), so this is simple and
  cheap; a user with a very long history would want a GSI (user_id, created_at) queried with
  ScanIndexForward=False and a Limit instead.
* `delete_user` Queries the keys page by page and deletes them with `batch_writer`.
* `export` Scans the table page by page and yields it sorted by (user_id, created_at): oldest
  first per user (it holds the table in memory: it is for training and migration, not serving).

boto3 is synchronous: every call runs in a worker thread (`asyncio.to_thread`) so the event loop
never blocks. Throttling and transient errors are retried by botocore ("standard" mode); what is
left (endpoint down, throttled after retries, missing table, no credentials) raises
`StoreUnavailable` with a clear message. Nothing is swallowed.
"""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timezone
from typing import Any, AsyncIterator, Callable

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from core.config import Settings
from core.errors import StoreUnavailable
from core.models import Interaction, InteractionKind

log = logging.getLogger(__name__)

def sort_key(movie_id: str, kind: InteractionKind | str) -> str:
    return f"{movie_id}#{InteractionKind(kind).value}"


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _item(i: Interaction) -> dict[str, Any]:
    return {"user_id": {"S": i.user_id}, "sk": {"S": sort_key(i.movie_id, i.kind)},
            "movie_id": {"S": i.movie_id}, "kind": {"S": i.kind.value}, "source": {"S": i.source},
            "created_at": {"S": _aware(i.created_at).isoformat()}}


def _interaction(item: dict[str, Any]) -> Interaction:
    return Interaction(user_id=item["user_id"]["S"], movie_id=item["movie_id"]["S"],
                       kind=InteractionKind(item["kind"]["S"]), source=item["source"]["S"],
                       created_at=_aware(datetime.fromisoformat(item["created_at"]["S"])))


def make_client(settings: Settings):
    config = Config(
        retries={"max_attempts": settings.dynamodb_max_attempts, "mode": "standard"},
        connect_timeout=settings.dynamodb_connect_timeout_s,
        read_timeout=settings.dynamodb_read_timeout_s,
    )
    return boto3.session.Session().client("dynamodb", region_name=settings.aws_region,
                                          endpoint_url=settings.dynamodb_endpoint_url, config=config)


def _unavailable(table: str, what: str, exc: Exception) -> StoreUnavailable:
    if isinstance(exc, ClientError):
        code = exc.response.get("Error", {}).get("Code", "")
        if code == "ResourceNotFoundException":
            msg = f"DynamoDB table {table!r} does not exist: run `moviebot history create-table`"
        elif code in ("ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"):
            msg = f"DynamoDB throttled {what} on {table!r} after retries ({code})"
        else:
            msg = f"DynamoDB {what} on {table!r} failed: {code}: {exc.response.get('Error', {}).get('Message', exc)}"
    else:
        msg = f"DynamoDB unreachable during {what} on {table!r}: {type(exc).__name__}: {exc}"
    log.error(msg)
    return StoreUnavailable(msg)


class DynamoDBHistoryStore:
    def __init__(self, client, table: str, page_size: int | None = None):
        self._client = client
        self.table = table
        self.page_size = page_size  # Query/Scan Limit per page (None = DynamoDB's 1 MB pages)

    def _table(self):
        """A boto3 Table resource (for batch_writer) on the client's endpoint and config. Resources
        are not thread-safe, so each worker-thread call builds its own (delete_user is rare)."""
        meta = self._client.meta
        return boto3.session.Session().resource("dynamodb", region_name=meta.region_name,
                                                endpoint_url=meta.endpoint_url, config=meta.config).Table(self.table)

    async def _run(self, what: str, fn: Callable[[], Any]) -> Any:
        try:
            return await asyncio.to_thread(fn)
        except (ClientError, BotoCoreError) as exc:
            raise _unavailable(self.table, what, exc) from exc

    def _pages(self, op: str, **kwargs: Any):
        """Every page of a Query/Scan, following LastEvaluatedKey (runs in the worker thread)."""
        call = getattr(self._client, op)
        if self.page_size:
            kwargs["Limit"] = self.page_size
        while True:
            page = call(TableName=self.table, **kwargs)
            yield page
            if "LastEvaluatedKey" not in page:
                return
            kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

    def _user_items(self, user_id: str, **kwargs: Any) -> list[dict]:
        return [item for page in self._pages("query", KeyConditionExpression="user_id = :u",
                                             ExpressionAttributeValues={":u": {"S": user_id}}, **kwargs)
                for item in page.get("Items", [])]

    async def add(self, interaction: Interaction) -> bool:
        def put() -> bool:
            try:
                self._client.put_item(TableName=self.table, Item=_item(interaction),
                                      ConditionExpression="attribute_not_exists(sk)")
                return True
            except ClientError as exc:
                if exc.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
                    return False
                raise

        return await self._run("add", put)

    async def remove(self, user_id: str, movie_id: str, kind: InteractionKind) -> bool:
        res = await self._run("remove", lambda: self._client.delete_item(
            TableName=self.table, Key={"user_id": {"S": user_id}, "sk": {"S": sort_key(movie_id, kind)}},
            ReturnValues="ALL_OLD"))
        return bool(res.get("Attributes"))

    async def recent(self, user_id: str, limit: int = 500) -> list[Interaction]:
        items = await self._run("recent", lambda: self._user_items(user_id))
        rows = sorted((_interaction(i) for i in items), key=lambda r: r.created_at, reverse=True)
        return rows[: max(0, limit)]

    async def delete_user(self, user_id: str) -> int:
        def delete() -> int:
            keys = self._user_items(user_id, ProjectionExpression="user_id, sk")
            if keys:
                with self._table().batch_writer() as batch:
                    for k in keys:
                        batch.delete_item(Key={"user_id": k["user_id"]["S"], "sk": k["sk"]["S"]})
            return len(keys)

        return await self._run("delete_user", delete)

    async def export(self) -> AsyncIterator[Interaction]:
        items = await self._run("export", lambda: [i for p in self._pages("scan") for i in p.get("Items", [])])
        for row in sorted((_interaction(i) for i in items), key=lambda r: (r.user_id, r.created_at)):
            yield row

    async def count(self) -> int:
        """Items in the table (a paginated COUNT scan): for migration checks."""
        pages = await self._run("count", lambda: [p["Count"] for p in self._pages("scan", Select="COUNT")])
        return sum(pages)

    async def close(self) -> None:
        await asyncio.to_thread(self._client.close)


async def open_dynamodb_history(settings: Settings, page_size: int | None = None) -> DynamoDBHistoryStore:
    """Connect and check the table exists (DescribeTable); StoreUnavailable, in bounded time, if not."""
    store = DynamoDBHistoryStore(make_client(settings), settings.dynamodb_table, page_size=page_size)
    try:
        await store._run("connect", lambda: store._client.describe_table(TableName=settings.dynamodb_table))
    except StoreUnavailable:
        await store.close()
        raise
    log.info("history: DynamoDB table %r (%s)", settings.dynamodb_table,
             settings.dynamodb_endpoint_url or settings.aws_region)
    return store


def create_table(settings: Settings, wait: bool = True) -> bool:
    """Create the history table (PAY_PER_REQUEST) and wait until it is ACTIVE. False if it existed."""
    client = make_client(settings)
    try:
        client.create_table(
            TableName=settings.dynamodb_table, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "user_id", "AttributeType": "S"},
                                  {"AttributeName": "sk", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "user_id", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
        )
        if wait:
            client.get_waiter("table_exists").wait(TableName=settings.dynamodb_table,
                                                   WaiterConfig={"Delay": 1, "MaxAttempts": 60})
        return True
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") == "ResourceInUseException":
            return False
        raise _unavailable(settings.dynamodb_table, "create-table", exc) from exc
    except BotoCoreError as exc:
        raise _unavailable(settings.dynamodb_table, "create-table", exc) from exc
    finally:
        client.close()
