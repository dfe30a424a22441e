"""CLI commands for the scale-out backends, as two typer apps the main CLI mounts:

    moviebot catalog index --to elasticsearch         bulk-load the catalog, then swap the alias
    moviebot history create-table                     create the DynamoDB history table
    moviebot history migrate --from sqlite --to dynamodb   copy every interaction, then verify counts

`catalog_app` / `history_app` are the typer apps; the command functions (`catalog_index`,
`history_create_table`, `history_migrate`) can also be registered on existing typer groups.
"""
from __future__ import annotations

import asyncio
from collections import Counter
from typing import Annotated

import typer

from core.config import Settings
from core.errors import MovieBotError
from core.safety import redact_urls_in

catalog_app = typer.Typer(help="Catalog backends (Elasticsearch indexing).", no_args_is_help=True)
history_app = typer.Typer(help="History backends (DynamoDB table, migration).", no_args_is_help=True)


@catalog_app.callback()
def _catalog_group() -> None:
    """Catalog backends (keeps `index` a subcommand even while it is the group's only command)."""


def _fail(message: str) -> None:
    typer.secho(f"error: {message}", fg=typer.colors.RED, err=True)
    raise typer.Exit(1)


def _target(value: str, allowed: tuple[str, ...], option: str) -> str:
    if value.lower() not in allowed:
        _fail(f"{option} {value!r} is not supported (choose: {', '.join(allowed)})")
    return value.lower()


# ----------------------------------------------------------------------------------- catalog
async def index_elasticsearch(settings: Settings, progress: bool = True) -> dict:
    from core.catalog.build import read_source
    from core.catalog.elastic import index_catalog, make_client

    movies = await asyncio.to_thread(read_source)
    es = make_client(settings)
    try:
        return await index_catalog(es, movies, settings.elasticsearch_index, progress=progress)
    finally:
        await es.close()


@catalog_app.command("index")
def catalog_index(
    to: Annotated[str, typer.Option("--to", help="Target backend.")] = "elasticsearch",
    progress: Annotated[bool, typer.Option("--progress/--no-progress")] = True,
) -> None:
    """Load every catalog movie into a fresh Elasticsearch index and atomically point the alias at it."""
    _target(to, ("elasticsearch",), "--to")
    settings = Settings()
    try:
        result = asyncio.run(index_elasticsearch(settings, progress=progress))
    except (MovieBotError, Exception) as exc:  # elasticsearch errors are not MovieBotErrors
        _fail(redact_urls_in(f"indexing into {settings.elasticsearch_url} failed: {exc}"))  # no credentials shown
    typer.echo(f"indexed {result['indexed']} movies into {result['index']}; alias {result['alias']!r} now points "
               f"at it (previous: {', '.join(result['previous']) or 'none'}, deleted)")


# ----------------------------------------------------------------------------------- history
@history_app.command("create-table")
def history_create_table() -> None:
    """Create the DynamoDB history table and its personal table (digests, shown films) if they do not exist."""
    from core.history.dynamo import create_table
    from core.personal.dynamo import create_table as create_personal_table, table_name

    settings = Settings()
    try:
        created = create_table(settings)
        personal = create_personal_table(settings)
    except MovieBotError as exc:
        _fail(str(exc))
    where = settings.dynamodb_endpoint_url or settings.aws_region
    typer.echo(f"table {settings.dynamodb_table!r} {'created' if created else 'already exists'} ({where})")
    typer.echo(f"table {table_name(settings)!r} {'created' if personal else 'already exists'} ({where})")


async def migrate_sqlite_to_dynamodb(settings: Settings, concurrency: int = 16) -> dict:
    """Copy every interaction; return {"source", "copied", "already_there", "target", "per_user", "mismatches"}."""
    from core.history.dynamo import open_dynamodb_history
    from core.history.sqlite import SQLiteHistoryStore

    src = await SQLiteHistoryStore.open(settings.history_db)
    try:
        dst = await open_dynamodb_history(settings)
    except BaseException:  # an open aiosqlite connection would keep the process alive after the error
        await src.close()
        raise
    try:
        source_counts: Counter[str] = Counter()
        copied = 0
        sem = asyncio.Semaphore(concurrency)

        async def copy(i) -> bool:
            async with sem:
                return await dst.add(i)

        pending: list = []
        async for interaction in src.export():
            source_counts[interaction.user_id] += 1
            pending.append(copy(interaction))
            if len(pending) >= 500:
                copied += sum(await asyncio.gather(*pending))
                pending = []
        copied += sum(await asyncio.gather(*pending))
        target_counts: Counter[str] = Counter()
        async for interaction in dst.export():
            target_counts[interaction.user_id] += 1
        mismatches = {u: (n, target_counts.get(u, 0)) for u, n in source_counts.items()
                      if target_counts.get(u, 0) != n}
        mismatches.update({u: (0, n) for u, n in target_counts.items() if u not in source_counts})
        return {"source": sum(source_counts.values()), "copied": copied,
                "already_there": sum(source_counts.values()) - copied, "target": sum(target_counts.values()),
                "users": len(source_counts), "mismatches": mismatches}
    finally:
        await src.close()
        await dst.close()


@history_app.command("migrate")
def history_migrate(
    from_: Annotated[str, typer.Option("--from", help="Source backend.")] = "sqlite",
    to: Annotated[str, typer.Option("--to", help="Target backend.")] = "dynamodb",
) -> None:
    """Copy every interaction from SQLite to DynamoDB (idempotent), then verify counts per user and in total."""
    _target(from_, ("sqlite",), "--from")
    _target(to, ("dynamodb",), "--to")
    settings = Settings()
    try:
        r = asyncio.run(migrate_sqlite_to_dynamodb(settings))
    except MovieBotError as exc:
        _fail(str(exc))
    typer.echo(f"source (sqlite {settings.history_db}): {r['source']} interactions, {r['users']} users")
    typer.echo(f"copied {r['copied']} new, {r['already_there']} already present")
    typer.echo(f"target (dynamodb {settings.dynamodb_table}): {r['target']} interactions")
    if r["mismatches"] or r["source"] != r["target"]:
        for user, (want, got) in sorted(r["mismatches"].items())[:20]:
            typer.secho(f"  user {user}: sqlite {want} != dynamodb {got}", fg=typer.colors.RED, err=True)
        _fail(f"verification failed: {len(r['mismatches'])} users differ (total {r['source']} vs {r['target']})")
    typer.echo(f"verified: every user's count matches ({r['users']} users, {r['target']} interactions)")
