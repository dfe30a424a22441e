"""`moviebot`: the terminal front end (chat, ask, history, catalog) and the entry to the bot and SASRec tools."""
from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from core import korean
from core.config import Settings
from core.errors import AmbiguousTitle, BadRequest, MovieBotError
from core.models import InteractionKind, Reply

if TYPE_CHECKING:  # the stores and the pipeline load only for commands that use them (`--help` does not)
    from core.services import Services

app = typer.Typer(help="moviebot: personalised movie recommendations with reasons.", no_args_is_help=True)
catalog_app = typer.Typer(help="The movie catalog.", no_args_is_help=True)
app.add_typer(catalog_app, name="catalog")
console = Console()
err = Console(stderr=True)
log = logging.getLogger(__name__)
User = Annotated[str, typer.Option("--user", "-u", help="Your user id.")]


class _OneLine(logging.Formatter):
    """Quiet mode: one line per warning or error, no traceback; -v brings the details back."""

    def format(self, record: logging.LogRecord) -> str:
        return f"moviebot: {record.levelname.lower()}: {record.getMessage()}"


_state = {"verbose": False}


@app.callback()
def main(verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log details (and tracebacks).")] = False
         ) -> None:
    """Quiet on success: warnings only, one line each, unless -v or MOVIEBOT_LOG_LEVEL asks for more."""
    _state["verbose"] = verbose
    level = "DEBUG" if verbose else os.environ.get("MOVIEBOT_LOG_LEVEL", "WARNING").upper()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s") if verbose
                         else _OneLine())
    logging.basicConfig(level=level, handlers=[handler], force=True)
    for out in (console, err):  # piped or redirected: lines as written, never cut at 80 columns mid-sentence
        out.soft_wrap = not out.is_terminal
    for noisy in ("httpx", "httpcore", "openai", "aiosqlite", "botocore", "urllib3", "elastic_transport",
                  "discord", "asyncio"):  # -v is about moviebot: libraries say what went wrong, not every step
        logging.getLogger(noisy).setLevel(logging.WARNING if verbose else logging.ERROR)


class _BuildNotice:
    """The first run (or one after an upgrade) builds the catalog: one line says so, a bar moves on a terminal."""

    def __init__(self) -> None:
        self.bar: _progress | None = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            err.print("Building the movie catalog from the bundled snapshot (once; 10–20 s)…", soft_wrap=True)
            self.bar = _progress().__enter__()
        self.bar("catalog", done, total)

    def close(self) -> None:
        if self.bar:
            self.bar.__exit__()


def run(coro_fn) -> None:
    """Build the services, run one coroutine, close them. Every failure ends in one line and exit 1."""
    from core.catalog.build import build_progress
    from moviebot.wiring import build_services

    async def go():
        notice = _BuildNotice()
        build_progress.set(notice)
        try:
            services = await build_services(Settings(), warm=False)
        finally:
            notice.close()
        try:
            return await coro_fn(services)
        finally:
            await services.close()

    try:
        asyncio.run(go())
    except MovieBotError as exc:
        err.print(f"[red]error:[/red] {escape(str(exc))}")
        raise typer.Exit(1)
    except ValidationError as exc:  # names the settings, never their (possibly secret) values
        fields = ", ".join(str(e["loc"][0]) for e in exc.errors() if e.get("loc"))
        err.print(f"[red]error:[/red] invalid settings: {escape(fields)} (see .env.example)")
        raise typer.Exit(2)
    except KeyboardInterrupt:
        raise typer.Exit(130)
    except Exception as exc:
        if _state["verbose"]:
            raise
        err.print(f"[red]error:[/red] {escape(type(exc).__name__)}: {escape(str(exc)[:300])} (run with -v for details)")
        raise typer.Exit(1)


def print_reply(reply: Reply, chat: bool = False) -> None:
    # user and model text is data, never rich markup: a request containing "[/bold]" must print, not crash
    console.print(f"[bold]{escape(_for_terminal(reply.message, reply.language, chat))}[/bold]")
    if reply.fallback:
        console.print(f"[dim]{escape(reply.fallback)}[/dim]")
    for note in reply.relaxed:
        console.print(f"[yellow]• {escape(note)}[/yellow]")
    if reply.intent == "recommend" and reply.profile_summary:
        console.print(f"[dim]{escape(_for_terminal(reply.profile_summary, reply.language, chat))}[/dim]")
    ko = reply.language == "ko"
    for i, p in enumerate(reply.picks, 1):
        m = p.movie
        if ko:  # the Hangul title, genres and names the Korean reasons use
            hangul = korean.display_title(m)
            label = f"《{hangul}》 {m.label}" if hangul != m.title else m.label
            facts = " · ".join(x for x in ["/".join(map(korean.genre, m.genres[:3])),
                                           ", ".join(map(korean.name, m.directors[:2])),
                                           f"{m.runtime}분" if m.runtime else "",
                                           f"평론가 {m.critic_score}" if m.critic_score is not None else ""] if x)
        else:
            label = m.label
            facts = " · ".join(x for x in ["/".join(m.genres[:3]), ", ".join(m.directors[:2]),
                                           f"{m.runtime} min" if m.runtime else "",
                                           f"critics {m.critic_score}" if m.critic_score is not None else ""] if x)
        console.print(f"[bold cyan]{i}. {escape(label)}[/bold cyan] [dim]{escape(m.id)}[/dim]\n"
                      f"   {escape(facts)}\n   → {escape(p.reason)}")


def _for_terminal(line: str, language: str, chat: bool) -> str:
    """Core's help and no-history lines are worded for Discord (react 👀/❤️, reply to my answer, /import); a
    terminal can do neither, so it gets the lines that say what works here."""
    from core.messages import text

    for lang in dict.fromkeys((language, "en", "ko")):
        if line == text("help", lang):
            return CHAT_HELP if chat else text("help_terminal", lang)
        if line == text("no_context", lang):  # "then reply to my answer": here the next chat line is the reply
            return text("no_context_terminal", lang)
        if line == text("profile_empty", lang):
            how = "/liked TITLE, /watched TITLE" if chat else "moviebot liked TITLE, moviebot watched TITLE"
            return text("profile_empty_terminal", lang, how=how)
    return line


@app.command()
def ask(request: str, user: User = "cli", as_json: Annotated[bool, typer.Option("--json")] = False,
        count: Annotated[Optional[int], typer.Option("--count", "-n", min=1, max=10)] = None) -> None:
    """Answer one request."""

    if not request.strip() and not as_json:  # nothing asked: what the terminal can do, not the Discord help
        from core.messages import text

        console.print(text("help_terminal"), markup=False)
        return

    async def go(s: Services):
        reply = await s.recommender.recommend(user, request, count=count)
        if as_json:
            print(reply.model_dump_json(indent=2))
        else:
            print_reply(reply)

    run(go)


@app.command()
def night(request: Annotated[str, typer.Argument(help="What the group feels like (optional).")] = "",
          users: Annotated[str, typer.Option("--users", help="Comma-separated user ids, 2 to 10.")] = "",
          count: Annotated[Optional[int], typer.Option("--count", "-n", min=1, max=10)] = None,
          as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Movie night: picks for a group (--users a,b,c), each with a reason naming whom it fits."""
    from core.group import GroupRecommender

    async def go(s: Services):
        reply = await GroupRecommender(s.recommender).recommend(users.split(","), request, count=count)
        if as_json:
            print(reply.model_dump_json(indent=2))
        else:
            print_reply(reply)

    run(go)


def _log_title(kind: InteractionKind):
    def command(title: str, user: User = "cli") -> None:
        async def go(s: Services):
            try:
                movie = await s.history.resolve_title(title)
            except AmbiguousTitle as exc:
                movie = _choose(exc)
            await s.history.log(user, movie.id, kind, source="cli")
            console.print(f"{escape(_logged(kind, movie.label, title))} [dim]{movie.id}[/dim]")

        run(go)

    command.__doc__ = f"Log a movie as {kind.value.replace('_', ' ')} (by title, e.g. \"The Host (2006)\")."
    return command


def _logged(kind: InteractionKind, label: str, typed: str) -> str:
    """"Logged not interested: Heat (1995)" (never the internal not_interested), in the language typed."""
    from core.messages import text, word
    from core.text import is_hangul

    language = "ko" if is_hangul(typed) else "en"
    return text("logged", language, kind=word(kind.value, language), title=label)


def _choose(exc: AmbiguousTitle):
    """Several films share the title: a numbered choice in a terminal (asked again until it is one of them),
    the list and an exit elsewhere."""
    if not sys.stdin.isatty():
        raise exc
    for i, m in enumerate(exc.choices, 1):
        console.print(f"  {i}. {escape(m.label)} — {escape(', '.join(m.directors[:1]) or '?')} [dim]{m.id}[/dim]")
    while True:
        pick = typer.prompt("Which one? (number)", type=int)
        if 1 <= pick <= len(exc.choices):
            return exc.choices[pick - 1]
        console.print(f"Type a number from 1 to {len(exc.choices)}.")


app.command("watched")(_log_title(InteractionKind.WATCHED))
app.command("liked")(_log_title(InteractionKind.LIKED))
app.command("not-interested")(_log_title(InteractionKind.NOT_INTERESTED))


@app.command("import")
def import_file(file: Annotated[Path, typer.Argument(help="A Letterboxd export (.zip or its CSVs) or IMDb ratings.csv.")],
                user: User = "cli", as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Import your Letterboxd or IMDb history (the mapping of ratings is in the README)."""
    from core.importer import MAX_UPLOAD_BYTES, import_history, too_large

    async def go(s: Services):
        try:
            size = file.stat().st_size
            if size > MAX_UPLOAD_BYTES:  # refused before reading it
                raise too_large(size)
            data = file.read_bytes()
        except OSError as exc:
            raise BadRequest(f"cannot read {file}: {exc.strerror or exc}") from None
        report = await import_history(s.history, user, data, file.name, source="import")
        if as_json:
            print(report.model_dump_json(indent=2))
            return
        console.print(report.summary(), markup=False, soft_wrap=True)
        for line in report.unmatched_text().splitlines():
            console.print(f"  {line}", markup=False, soft_wrap=True)

    run(go)


history_app = typer.Typer(help="Your history (no subcommand), and history-store tools.")
app.add_typer(history_app, name="history")


@history_app.callback(invoke_without_command=True)
def history(ctx: typer.Context, user: User = "cli") -> None:
    """Show your history, newest first."""
    if ctx.invoked_subcommand is not None:
        return

    async def go(s: Services):
        entries = await s.history.entries(user)
        if not entries:
            console.print("No history yet.")
            return
        table = Table("when", "kind", "movie", "id")
        for e in entries:
            table.add_row(e.interaction.created_at.strftime("%Y-%m-%d %H:%M"), _logged_kind(e.interaction.kind),
                          e.movie.label if e.movie else "?", e.interaction.movie_id)
        console.print(table)

    run(go)


@history_app.command("repair")
def history_repair() -> None:
    """Move a damaged history file aside (kept as .bak) and start a fresh one with every readable row."""
    from core.history.repair import repair_history

    path = Settings().history_db
    if not path.exists():
        console.print(f"No history file at {path}; nothing to repair.", markup=False)
        return
    try:
        result = repair_history(path)
    except OSError as exc:
        err.print(f"error: cannot repair {path}: {exc}", style="red", markup=False)
        raise typer.Exit(1)
    if result.problem is None:
        console.print(f"{path} is sound; nothing to repair.", markup=False)
        return
    console.print(f"{path} was damaged ({result.problem}).\nMoved it to {result.backup}; "
                  f"{result.salvaged} readable records copied into a fresh {path.name}.", markup=False)


@app.command()
def profile(user: User = "cli", as_json: Annotated[bool, typer.Option("--json", help="The raw profile.")] = False
            ) -> None:
    """Show the taste profile behind your picks."""

    async def go(s: Services):
        p = await s.recommender.profile(user)
        if as_json:
            print(p.model_dump_json(indent=2, exclude={"excluded"}))
            return
        if p.is_empty:  # nothing watched or liked: the summary line would be core's Discord hint
            console.print(f"No history yet for {user}: log films with `moviebot liked --user {user} TITLE` or "
                          f"`moviebot watched --user {user} TITLE`, or `moviebot import --user {user} FILE`.",
                          markup=False)
            if p.excluded:
                console.print(f"{len(p.excluded)} marked not interested: never recommended again.", markup=False)
            return
        console.print(p.text, markup=False)
        for name, weights in (("Genres", p.genres), ("Directors", p.directors), ("Actors", p.actors),
                              ("Decades", p.decades), ("Countries", p.countries)):
            if weights:  # strongest first, each relative to the strongest (1.00)
                console.print(f"  {name + ':':<11}" + " · ".join(f"{k} {v:.2f}" for k, v in list(weights.items())[:6]),
                              markup=False)
        console.print(f"{len(p.liked)} liked · {len(p.watched)} watched (liked included) · "
                      f"{len(p.excluded)} never recommended again", markup=False)

    run(go)


def _deleted(n: int) -> str:
    return f"Deleted {n} record{'' if n == 1 else 's'}."


@app.command()
def forget(user: User = "cli", yes: Annotated[bool, typer.Option("--yes", "-y")] = False) -> None:
    """Delete all of a user's history."""
    if not yes and not typer.confirm(f"Delete all history of {user}?"):
        raise typer.Exit(1)

    async def go(s: Services):
        console.print(_deleted(await s.history.forget(user)))

    run(go)


CHAT_COMMANDS = "/watched TITLE · /liked TITLE · /nope TITLE · /history · /profile · /forget · /new · /help · /quit"
CHAT_HELP = ("Type a request, then follow up: more · older · not horror · more like #2 · why #3? · 다른 거\n"
             f"Or: {CHAT_COMMANDS}")


@app.command()
def chat(user: User = "cli") -> None:
    """Interactive chat as USER."""

    async def go(s: Services):
        console.print(f"[bold]moviebot[/bold] — chatting as {user!r}. {CHAT_HELP}")
        kinds = {"/watched": InteractionKind.WATCHED, "/liked": InteractionKind.LIKED,
                 "/nope": InteractionKind.NOT_INTERESTED}
        conversation = f"chat-{time.monotonic_ns()}"
        while True:
            try:
                line = (await asyncio.to_thread(input, "> ")).strip()
            except (EOFError, KeyboardInterrupt):
                return
            command, _, arg = line.partition(" ")
            try:
                if command in ("/quit", "/exit"):
                    return
                if command in kinds:
                    movie = await s.history.log_title(user, arg, kinds[command], source="chat")
                    console.print(_logged(kinds[command], movie.label, arg), markup=False)
                elif command == "/history":
                    entries = await s.history.entries(user, 20)
                    if not entries:
                        console.print("No history yet: /liked TITLE or /watched TITLE logs a film.", markup=False)
                    for e in entries:
                        console.print(f"{_logged_kind(e.interaction.kind):>14}  {e.movie.label if e.movie else '?'}",
                                      markup=False)
                elif command == "/profile":
                    p = await s.recommender.profile(user)
                    console.print(p.text if not p.is_empty else
                                  "No history yet: /liked TITLE or /watched TITLE logs a film, and your taste "
                                  "profile grows from them.", markup=False)
                elif command == "/forget":  # confirmed, as in `moviebot forget` and on Discord
                    if await _confirm(f"Delete all history of {user}? [y/N] "):
                        console.print(_deleted(await s.history.forget(user)))
                        conversation = f"chat-{time.monotonic_ns()}"  # the forgotten thread ends with it
                    else:
                        console.print("Nothing deleted.")
                elif command == "/help" or not line:
                    console.print(CHAT_HELP)
                elif command == "/new":  # start over: the next line is a new request
                    conversation = f"chat-{time.monotonic_ns()}"
                elif command.startswith("/") and len(command) > 1:  # a mistyped command is no movie request
                    console.print(f"Unknown command {command}. Commands: {CHAT_COMMANDS}", markup=False)
                else:  # each line may follow up on the previous answer ("older", "not horror", "why #2?")
                    print_reply(await s.recommender.recommend(user, line, conversation=conversation, follow_up=True),
                                chat=True)
            except MovieBotError as exc:
                console.print(f"[red]{escape(str(exc))}[/red]")

    run(go)


def _logged_kind(kind: InteractionKind) -> str:
    from core.messages import word

    return word(kind.value)


async def _confirm(question: str) -> bool:
    """y/yes (or 네/예) to go ahead; anything else, or the end of input, keeps things as they are."""
    try:
        answer = (await asyncio.to_thread(input, question)).strip().lower()
    except (EOFError, KeyboardInterrupt):
        return False
    return answer in ("y", "yes", "네", "예", "ㅇ")


@catalog_app.command("build")
def catalog_build(
    force: Annotated[bool, typer.Option("--force")] = False,
    source: Annotated[str, typer.Option("--source", help="bokeh (bundled snapshot) or imdb (IMDb datasets).")] = "bokeh",
    directory: Annotated[Path | None, typer.Option("--dir", help="Folder with the IMDb .tsv(.gz) files.")] = None,
    download: Annotated[bool, typer.Option("--download", help="IMDb: fetch the daily files first (IMDB_DATASETS_URL).")
                        ] = False,
    min_votes: Annotated[int, typer.Option("--min-votes", help="IMDb: keep films with at least this many votes.")] = 5000,
    tv_movies: Annotated[bool, typer.Option("--tv-movies", help="IMDb: keep tvMovie titles too.")] = False,
) -> None:
    """Build the SQLite catalog: from the bundled snapshot, or (--source imdb --dir DIR) from IMDb's datasets."""
    from core.atomic import build_lock
    from core.catalog.build import build_catalog
    from core.catalog.imdb import ImdbFormatError, ImdbOptions, build_imdb_catalog

    settings = Settings()
    if source == "imdb":
        if download:
            from core.catalog.download import DownloadError, download_imdb

            directory = directory or settings.data_dir / "imdb"
            try:
                with _progress() as bar:
                    download_imdb(settings.imdb_datasets_url, directory, bar)
            except DownloadError as e:
                console.print(f"Download failed: {escape(str(e))}", markup=True)
                raise typer.Exit(1) from None
        if directory is None:
            console.print("--source imdb needs --dir DIR (the folder holding the IMDb .tsv.gz files) or --download.")
            raise typer.Exit(2)
        types = frozenset({"movie", "tvMovie"} if tv_movies else {"movie"})
        opts = ImdbOptions(min_votes=min_votes, title_types=types, progress=sys.stderr.isatty())
        try:
            with build_lock(settings.catalog_db):  # re-running replaces the file atomically; ids stay tt-ids
                n = build_imdb_catalog(settings.catalog_db, directory, opts)
        except ImdbFormatError as e:
            console.print(f"Catalog not built: {e}")
            raise typer.Exit(1) from None
        console.print(f"Built {n} movies into {settings.catalog_db}.")
        return
    if source != "bokeh":
        console.print(f"Unknown --source {source!r}: use bokeh or imdb.")
        raise typer.Exit(2)
    if settings.catalog_db.exists() and not force:
        console.print(f"{settings.catalog_db} exists (use --force to rebuild).")
        return
    with build_lock(settings.catalog_db):  # one builder at a time, also against a bot starting up
        console.print(f"Built {build_catalog(settings.catalog_db)} movies into {settings.catalog_db}.")


class _progress:
    """A rich progress bar on a terminal, nothing otherwise (the CLI stays quiet when piped)."""

    def __enter__(self):
        from rich.progress import Progress

        self.bar = Progress(console=Console(stderr=True), transient=True) if sys.stderr.isatty() else None
        self.tasks: dict[str, object] = {}
        if self.bar:
            self.bar.start()
        return self

    def __call__(self, name: str, done: int, total: int | None) -> None:
        if self.bar is None:
            return
        if name not in self.tasks:
            self.tasks[name] = self.bar.add_task(name, total=total)
        self.bar.update(self.tasks[name], completed=done)  # type: ignore[arg-type]

    def __exit__(self, *exc) -> None:
        if self.bar:
            self.bar.stop()


@catalog_app.command("enrich")
def catalog_enrich(
    tmdb: Annotated[bool, typer.Option("--tmdb", help="Fetch from TMDB (TMDB_API_KEY or TMDB_READ_TOKEN).")] = False,
    limit: Annotated[Optional[int], typer.Option("--limit", help="At most this many films this run.")] = None,
    language: Annotated[str, typer.Option("--language", help="The localized title/overview to store.")] = "ko-KR",
) -> None:
    """Add overviews, posters, keywords and Korean titles to the SQLite catalog (resumable; re-run to continue)."""
    from core.catalog.ensure import ensure_catalog
    from core.catalog.tmdb import TmdbError, enrich_catalog

    if not tmdb:
        console.print("Say where from: --tmdb (the only source so far).")
        raise typer.Exit(2)
    settings = Settings()
    ensure_catalog(settings.catalog_db)
    try:
        with _progress() as bar:
            report = asyncio.run(enrich_catalog(settings.catalog_db, settings, limit, language,
                                                lambda done, total: bar("TMDB", done, total)))
    except TmdbError as e:
        console.print(f"Not enriched: {escape(str(e))}")
        raise typer.Exit(1) from None
    console.print(f"TMDB: {report.found} enriched, {report.not_found} not on TMDB, {report.failed} failed "
                  f"(retried next run); {report.remaining} films left; {report.seconds:.0f} s. "
                  "Restart the bot to show the new data.", markup=False)


@catalog_app.command("search")
def catalog_search(
    text: Annotated[Optional[str], typer.Argument()] = None,
    director: Annotated[Optional[list[str]], typer.Option()] = None,
    actor: Annotated[Optional[list[str]], typer.Option()] = None,
    genre: Annotated[Optional[list[str]], typer.Option()] = None,
    all_genres: Annotated[bool, typer.Option("--all-genres")] = False,
    exclude_genre: Annotated[Optional[list[str]], typer.Option()] = None,
    year_min: Optional[int] = None, year_max: Optional[int] = None,
    country: Annotated[Optional[list[str]], typer.Option()] = None,
    language: Annotated[Optional[list[str]], typer.Option()] = None,
    max_runtime: Optional[int] = None, min_critic: Optional[int] = None,
    limit: int = 10, as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Search the catalog with structured filters."""
    from core.models import Filters, SearchQuery

    f = Filters(directors=director or [], actors=actor or [], genres=genre or [],
                genre_mode="all" if all_genres else "any", exclude_genres=exclude_genre or [],
                year_min=year_min, year_max=year_max, countries=country or [], languages=language or [],
                max_runtime=max_runtime, min_critic_score=min_critic, text=text)

    async def go(s: Services):
        results = await s.catalog.search(SearchQuery(filters=f, limit=limit))
        if as_json:
            print(json.dumps([c.model_dump(mode="json") for c in results], ensure_ascii=False, indent=2))
            return
        table = Table("id", "movie", "genres", "director", "critics", "score")
        for c in results:
            m = c.movie
            table.add_row(m.id, m.label, "/".join(m.genres[:3]), ", ".join(m.directors[:2]),
                          str(m.critic_score or "-"), f"{c.score:.2f}")
        console.print(table)

    run(go)


@app.command()
def bot(sync: Annotated[bool, typer.Option("--sync", help="Sync slash commands, then run.")] = False,
        guild: Annotated[Optional[int], typer.Option(help="With --sync: sync to this guild only (instant).")] = None
        ) -> None:
    """Run the Discord bot (needs DISCORD_TOKEN)."""
    from bot.runner import run_bot
    from moviebot.wiring import build_services

    for handler in logging.getLogger().handlers:  # a service's log wants times; the bot adds no handler of its own
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))

    raise typer.Exit(run_bot(build_services, sync=sync, guild=guild))


def _mount() -> None:
    """Sub-apps owned by other modules: the backends' catalog/history tools and SASRec training."""
    from moviebot import backends_cli, personal_cli
    from sasrec.cli import app as sasrec_app

    app.command("foryou")(personal_cli.foryou)
    app.add_typer(personal_cli.digest_app, name="digest")

    catalog_app.registered_commands += backends_cli.catalog_app.registered_commands
    history_app.registered_commands += backends_cli.history_app.registered_commands
    app.add_typer(sasrec_app, name="sasrec", help="Train and evaluate the SASRec sequential recommender.")


_mount()

def entry() -> None:
    """The `moviebot` command: `-v`/`--verbose` works after the command too (`moviebot ask -v "..."`), as users
    type it; typer alone only takes it before."""
    args = sys.argv[1:]
    flags = [a for a in args if a in ("-v", "--verbose")]
    if flags and "--" not in args:
        sys.argv[1:] = flags[:1] + [a for a in args if a not in ("-v", "--verbose")]
    app()


if __name__ == "__main__":
    entry()
