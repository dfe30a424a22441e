"""Pure builders: Reply/Movie/TasteProfile -> Discord text and embeds, always inside Discord's limits.

Nothing here talks to Discord or to a store; everything truncates with "…" instead of failing.
"""
from __future__ import annotations

import re
from typing import Iterable, Mapping, Sequence

import discord

from core import korean
from core.catalog import reliability
from core.messages import text as msg
from core.safety import clean
from core.models import Filters, InteractionKind, Movie, Pick, Reply, TasteProfile

# Discord limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits)
CONTENT_MAX = 2000
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
FIELDS_MAX = 25
EMBED_TOTAL_MAX = 6000

ELLIPSIS = "…"
MOVIE_COLOUR = discord.Colour(0xE5A00D)
INFO_COLOUR = discord.Colour.blurple()

IMDB_ID_RE = re.compile(r"\btt\d{5,10}\b")
_IMDB_URL_RE = re.compile(r"imdb\.com/title/(tt\d{5,10})")

KIND_EMOJI = {
    InteractionKind.WATCHED: "👀",
    InteractionKind.LIKED: "❤️",
    InteractionKind.NOT_INTERESTED: "👎",
}

_LABELS = {
    "en": {
        "genres": "Genres", "director": "Director", "directors": "Directors", "cast": "Top cast",
        "runtime": "Runtime", "critic": "Critic score", "minutes": "{n} min",
        "legend": "👀 watched · ❤️ liked · 👎 not interested",
        "understood": "Understood", "relaxed": "Relaxed", "profile": "Your taste",
    },
    "ko": {
        "genres": "장르", "director": "감독", "directors": "감독", "cast": "주요 출연",
        "runtime": "상영 시간", "critic": "평론가 점수", "minutes": "{n}분",
        "legend": "👀 봤어요 · ❤️ 좋아요 · 👎 관심 없음",
        "understood": "이해한 요청", "relaxed": "완화한 조건", "profile": "취향 프로필",
    },
}


def labels(language: str | None) -> dict[str, str]:
    return _LABELS.get((language or "en").lower(), _LABELS["en"])


def truncate(text: str | None, limit: int) -> str:
    """Cut to at most `limit` characters, ending with "…" when something was cut."""
    text = text or ""
    if limit <= 0:
        return ""
    if len(text) <= limit:
        return text
    if limit == 1:
        return ELLIPSIS
    return text[: limit - 1].rstrip() + ELLIPSIS


def join_limited(items: Iterable[str], limit: int, sep: str = ", ") -> str:
    """Join whole items while they fit; "…" marks that some were left out."""
    out = ""
    for item in items:
        candidate = item if not out else out + sep + item
        if len(candidate) > limit:
            if not out:
                return truncate(item, limit)
            return out + ELLIPSIS if len(out) + 1 <= limit else truncate(out, limit)
        out = candidate
    return out


# ---------------------------------------------------------------- header / plain text


def describe_filters(filters: Filters) -> str:
    """The constraints in words, e.g. "comedy · 1990–1999 · with Tom Hanks"."""
    parts: list[str] = []
    if filters.genres:
        parts.append((" + " if filters.genre_mode == "all" else " / ").join(filters.genres))
    if filters.year_min and filters.year_max:
        parts.append(f"{filters.year_min}–{filters.year_max}")
    elif filters.year_min:
        parts.append(f"from {filters.year_min}")
    elif filters.year_max:
        parts.append(f"until {filters.year_max}")
    if filters.directors:
        parts.append("directed by " + ", ".join(filters.directors))
    if filters.actors:
        parts.append("with " + ", ".join(filters.actors))
    if filters.countries:
        parts.append("from " + ", ".join(filters.countries))
    if filters.languages:
        parts.append("in " + ", ".join(filters.languages))
    if filters.max_runtime:
        parts.append(f"≤ {filters.max_runtime} min")
    if filters.min_critic_score:
        parts.append(f"critics ≥ {filters.min_critic_score}")
    if filters.similar_to:
        parts.append("like " + ", ".join(filters.similar_to))
    if filters.exclude_genres:
        parts.append("no " + ", ".join(filters.exclude_genres))
    if filters.text:
        parts.append(f"“{filters.text}”")
    return " · ".join(parts)


def build_header(reply: Reply) -> str:
    """Header message: what was understood (Reply.message), relaxed notes, the taste profile used."""
    lab = labels(reply.language)
    message = (reply.message or "").strip()
    lines: list[str] = []
    if message:
        lines.append(message)
    else:
        described = describe_filters(reply.filters)
        if described:
            lines.append(f"🎯 {lab['understood']}: {described}")
    for note in reply.relaxed:
        if note and note not in message:
            lines.append(f"↪️ {lab['relaxed']}: {note}")
    summary = (reply.profile_summary or "").strip()
    if summary and summary not in message:
        lines.append(f"🧭 {lab['profile']}: {summary}")
    if reply.fallback:  # the LLM failed and the offline reasoner answered: say so
        lines.append(f"🛟 {reply.fallback}")
    return truncate("\n".join(lines) or "🎬", CONTENT_MAX)


def build_plain(text: str) -> str:
    return truncate((text or "").strip() or "🤷", CONTENT_MAX)


# ---------------------------------------------------------------- movie embeds


def footer_text(movie_id: str, language: str | None = "en") -> str:
    """Reaction legend; the IMDb id at the end lets raw reaction handling recover the movie."""
    return truncate(f"{labels(language)['legend']} · {movie_id}", FOOTER_MAX)


def _embed_len(embed: discord.Embed) -> int:
    return len(embed)


def top_cast(cast: Sequence[str], n: int = 5, prefer: Sequence[str] = (),
             counts: Mapping[str, int] | None = None) -> list[str]:
    """The `n` cast members to show: the requested actors first, then list order, which is billing (IMDb builds)
    or derived prominence (the embedded catalog; core/catalog/prominence.py). `counts` (films per actor) orders
    only a cast of unknown order."""
    wanted = {p.casefold() for p in prefer}
    counts = counts or {}
    order = sorted(range(len(cast)),
                   key=lambda i: (cast[i].casefold() not in wanted, -counts.get(cast[i], 0), i))
    return [cast[i] for i in order[:n]]


def movie_embed(movie: Movie, reason: str = "", language: str | None = "en", *,
                prefer_actors: Sequence[str] = (), cast_counts: Mapping[str, int] | None = None) -> discord.Embed:
    """One movie, one embed: title "Title (Year)" linking to IMDb, the reason, a one-line overview and the
    poster when the catalog was enriched from TMDB, facts as fields."""
    lab = labels(language)
    ko = language == "ko"
    hangul = korean.display_title(movie) if ko else movie.title  # the same title the Korean reasons use
    title = f"{hangul} · {movie.label}" if hangul != movie.title else movie.label
    person = korean.name if ko else str
    description = (reason or "").strip()
    if overview := one_line(movie.overview_ko if ko and movie.overview_ko else movie.overview, OVERVIEW_MAX):
        description = f"{description}\n\n*{overview}*" if description else f"*{overview}*"
    embed = discord.Embed(
        title=truncate(title, TITLE_MAX),
        url=movie.imdb_url,
        description=truncate(description, DESCRIPTION_MAX) or None,
        colour=MOVIE_COLOUR,
    )
    if movie.poster_url:
        embed.set_thumbnail(url=movie.poster_url)
    fields: list[tuple[str, str, bool]] = []
    if movie.genres:
        fields.append((lab["genres"], join_limited([korean.genre(g) if ko else g for g in movie.genres],
                                                   FIELD_VALUE_MAX), True))
    if movie.directors:
        name = lab["directors"] if len(movie.directors) > 1 else lab["director"]
        fields.append((name, join_limited(map(person, movie.directors), FIELD_VALUE_MAX), True))
    if movie.cast:
        counts = cast_counts if reliability.of(movie).cast_order == "unknown" else None
        fields.append((lab["cast"], join_limited(map(person, top_cast(movie.cast, reliability.TOP_CAST, prefer_actors, counts)),
                                                 FIELD_VALUE_MAX), False))
    if movie.runtime:
        fields.append((lab["runtime"], lab["minutes"].format(n=movie.runtime), True))
    if movie.critic_score is not None:
        fields.append((lab["critic"], f"{movie.critic_score}/100", True))
    for name, value, inline in fields[:FIELDS_MAX]:
        embed.add_field(name=truncate(name, FIELD_NAME_MAX), value=truncate(value, FIELD_VALUE_MAX) or "—",
                        inline=inline)
    embed.set_footer(text=footer_text(movie.id, language))
    return fit_embed(embed)


OVERVIEW_MAX = 200


def one_line(text: str | None, limit: int) -> str:
    """The first sentence (or `limit` characters) of TMDB's overview: external text, made safe like model text."""
    if not text:
        return ""
    text = clean(" ".join(text.split()), 1000)
    first = re.split(r"(?<=[.!?。])\s", text, maxsplit=1)[0]
    return truncate(first, limit)


def fit_embed(embed: discord.Embed) -> discord.Embed:
    """Enforce every per-part limit and the 6000-character total, shrinking the description first."""
    if embed.title:
        embed.title = truncate(embed.title, TITLE_MAX)
    if embed.description:
        embed.description = truncate(embed.description, DESCRIPTION_MAX)
    if embed.footer and embed.footer.text and len(embed.footer.text) > FOOTER_MAX:
        embed.set_footer(text=truncate(embed.footer.text, FOOTER_MAX), icon_url=embed.footer.icon_url)
    if embed.author and embed.author.name and len(embed.author.name) > AUTHOR_MAX:
        embed.set_author(name=truncate(embed.author.name, AUTHOR_MAX), url=embed.author.url,
                         icon_url=embed.author.icon_url)
    while len(embed.fields) > FIELDS_MAX:
        embed.remove_field(len(embed.fields) - 1)
    for i, f in enumerate(embed.fields):
        if len(f.name or "") > FIELD_NAME_MAX or len(f.value or "") > FIELD_VALUE_MAX:
            embed.set_field_at(i, name=truncate(f.name, FIELD_NAME_MAX), value=truncate(f.value, FIELD_VALUE_MAX),
                               inline=f.inline)
    excess = _embed_len(embed) - EMBED_TOTAL_MAX
    if excess > 0 and embed.description:
        keep = max(len(embed.description) - excess, 0)
        embed.description = truncate(embed.description, keep) or None
    # Still too long (only possible with hand-built embeds): drop trailing fields.
    while _embed_len(embed) > EMBED_TOTAL_MAX and embed.fields:
        embed.remove_field(len(embed.fields) - 1)
    return embed


def pick_embed(pick: Pick, language: str | None = "en", *, prefer_actors: Sequence[str] = (),
               cast_counts: Mapping[str, int] | None = None) -> discord.Embed:
    return movie_embed(pick.movie, pick.reason, language, prefer_actors=prefer_actors, cast_counts=cast_counts)


def compact_embeds(reply: Reply, *, cast_counts: Mapping[str, int] | None = None) -> list[discord.Embed]:
    """A compact answer: one embed per pick (at most 10, Discord's limit per message), numbered like the
    reactions that like them; together within the 6000-character total."""
    from bot.reactions import NUMBER_EMOJIS

    picks = reply.picks[:len(NUMBER_EMOJIS)]
    embeds = []
    for number, pick in zip(NUMBER_EMOJIS, picks):
        embed = pick_embed(pick, reply.language, prefer_actors=reply.filters.actors, cast_counts=cast_counts)
        embed.title = truncate(f"{number} {embed.title}", TITLE_MAX)
        embed.set_footer(text=pick.movie.id)
        embeds.append(embed)
    if embeds:
        embeds[-1].set_footer(text=truncate(msg("compact_legend", reply.language or "en", first=NUMBER_EMOJIS[0],
                                                last=NUMBER_EMOJIS[len(embeds) - 1]) + f" · {picks[-1].movie.id}",
                                            FOOTER_MAX))
    return fit_embeds(embeds)


def fit_embeds(embeds: list[discord.Embed], total: int = EMBED_TOTAL_MAX) -> list[discord.Embed]:
    """Several embeds in one message share Discord's 6000-character total: each gets an equal share, losing its
    cast field first, then the end of its description."""
    share = total // max(len(embeds), 1)
    for embed in embeds:
        for i in reversed(range(len(embed.fields))):
            if _embed_len(embed) <= share:
                break
            if embed.fields[i].name in (labels("en")["cast"], labels("ko")["cast"]):
                embed.remove_field(i)
        excess = _embed_len(embed) - share
        if excess > 0 and embed.description:
            embed.description = truncate(embed.description, max(len(embed.description) - excess, 0)) or None
        while _embed_len(embed) > share and embed.fields:
            embed.remove_field(len(embed.fields) - 1)
    return embeds


def movie_id_from_embeds(embeds: Sequence[discord.Embed]) -> str | None:
    """Recover the IMDb id of a movie message: the embed url, else the footer."""
    for embed in embeds:
        m = _IMDB_URL_RE.search(embed.url or "")
        if m:
            return m.group(1)
        footer = embed.footer.text if embed.footer else None
        m = IMDB_ID_RE.search(footer or "")
        if m:
            return m.group(0)
    return None


# ---------------------------------------------------------------- history / profile / help


def history_page_embed(entries: Sequence, page: int, per_page: int, total: int) -> discord.Embed:
    """One page of HistoryEntry(interaction, movie) lines, newest first."""
    pages = max(1, -(-total // per_page))
    embed = discord.Embed(title="Your movie history", colour=INFO_COLOUR)
    if not entries:
        embed.description = ("Nothing logged yet. React to a recommendation with 👀 ❤️ 👎, "
                             "or use `/watched` and `/liked`.")
    else:
        lines = []
        for e in entries:
            it = e.interaction
            emoji = KIND_EMOJI.get(it.kind, "•")
            name = f"[{e.movie.label}]({e.movie.imdb_url})" if e.movie else it.movie_id
            when = int(it.created_at.timestamp())
            lines.append(f"{emoji} {name} · <t:{when}:d>")
        embed.description = join_limited(lines, DESCRIPTION_MAX, sep="\n")
    embed.set_footer(text=f"Page {page + 1}/{pages} · {total} entries")
    return fit_embed(embed)


def _top(weights: dict[str, float], n: int = 5) -> str:
    items = sorted(weights.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return join_limited((f"{k} ({v:.2g})" for k, v in items), FIELD_VALUE_MAX)


def profile_embed(profile: TasteProfile) -> discord.Embed:
    embed = discord.Embed(title="Your taste profile", colour=INFO_COLOUR)
    if profile.is_empty and not profile.excluded:
        embed.description = "No history yet: react to recommendations with 👀 ❤️ 👎 to build your profile."
    else:
        embed.description = truncate(profile.text or "—", DESCRIPTION_MAX)
    for name, weights in (("Genres", profile.genres), ("Directors", profile.directors), ("Actors", profile.actors),
                          ("Decades", profile.decades), ("Countries", profile.countries)):
        if weights:
            embed.add_field(name=name, value=_top(weights) or "—", inline=False)
    embed.set_footer(text=f"{len(profile.liked)} liked · {len(profile.watched)} watched · "
                          f"{len(profile.excluded)} excluded")
    return fit_embed(embed)


HELP_TEXT = msg("bot_help", "en")  # the Korean version: core.messages "bot_help"
