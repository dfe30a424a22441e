"""Korean as a Korean writes it: every user-visible text of the offline product, checked for two faults.

  unresolved   a particle pair left for the reader ("을(를)", "와(과)", "이(가)", "은(는)", "(으)로" ...);
  untranslated in a Korean text, a Latin-script label that has a Hangul form in the project's tables or the
               film's catalog row (a known person, a title with a Korean title, a genre, country or language).

Texts: every request of the eval set (benchmarks/eval/requests.jsonl) for a user with a history, and after each,
follow-ups in its language (more, older, not horror, why #2, more like #1, shorter); a movie night per Korean
request with its vote announcements and the logged-as-watched lines; the Discord embed of every Korean pick
(description and fields); history import of the Letterboxd and IMDb fixture exports and the import errors.
Offline reasoner and embedded catalog, as benchmarks/evaluate.py.

    python3 benchmarks/korean.py        # prints the counts, writes benchmarks/results/korean.json
"""
from __future__ import annotations

import asyncio
import io
import json
import sys
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cogs.movienight import TEXT as NIGHT_TEXT  # noqa: E402
from bot.embeds import pick_embed  # noqa: E402
from core import korean  # noqa: E402
from core.config import Settings  # noqa: E402
from core.errors import ImportFileError  # noqa: E402
from core.group import GroupRecommender  # noqa: E402
from core.importer import MAX_UPLOAD_BYTES, import_history, too_large  # noqa: E402
from core.models import InteractionKind, Movie, Reply  # noqa: E402
from core.poll import PollResult, announcement  # noqa: E402
from moviebot.wiring import build_services  # noqa: E402

REQUESTS = ROOT / "benchmarks" / "eval" / "requests.jsonl"
IMPORTS = ROOT / "tests" / "fixtures" / "import"
OUT = ROOT / "benchmarks" / "results" / "korean.json"
HISTORY = [("Memories of Murder", 2003), ("The Host", 2006), ("Oldboy", 2003), ("The Departed", 2006),
           ("Forrest Gump", 1994)]
FOLLOW_UPS = {"ko": ["다른 거", "더 예전 거", "공포 말고", "2번 왜?", "1번 같은 거", "더 짧은 거"],
              "en": ["more", "older", "not horror", "why #2?", "more like #1", "shorter"]}
BAD_FILES = [(b"", "empty.csv"), (b"\x89PNG\r\n\x1a\n\x00\x00", "poster.png"), (b"PK\x03\x04broken", "export.zip"),
             (b"a,b,c\n1,2,3\n", "list.csv"), (b"Date,Name,Year,Letterboxd URI\n", "watchlist.csv")]


class Tally:
    def __init__(self) -> None:
        self.texts: Counter[str] = Counter()
        self.korean: Counter[str] = Counter()
        self.unresolved: Counter[str] = Counter()
        self.untranslated: Counter[str] = Counter()
        self.examples: list[dict] = []

    def check(self, surface: str, texts: list[str], korean_reply: bool, movies: list[Movie] = ()) -> None:
        for t in filter(None, texts):
            self.texts[surface] += 1
            pairs = korean.unresolved(t)
            latin = korean.untranslated(t, movies) if korean_reply else []
            self.korean[surface] += korean_reply
            self.unresolved[surface] += len(pairs)
            self.untranslated[surface] += len(latin)
            if (pairs or latin) and len(self.examples) < 50:
                self.examples.append({"surface": surface, "text": t, "unresolved": pairs, "untranslated": latin})


def texts_of(reply: Reply) -> list[str]:
    return [reply.message, reply.profile_summary, reply.fallback, *reply.relaxed, *(p.reason for p in reply.picks)]


def embed_texts(reply: Reply) -> list[str]:
    out = []
    for p in reply.picks:
        embed = pick_embed(p, reply.language)
        out += [embed.description or "", *(f.value or "" for f in embed.fields)]
    return out


async def main() -> dict:
    requests = [json.loads(line) for line in REQUESTS.read_text(encoding="utf-8").splitlines() if line.strip()]
    tally = Tally()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp), catalog_path=ROOT / "data" / "catalog.sqlite3",
                            llm_base_url=None, llm_api_key=None)
        services = await build_services(settings)
        try:
            rec, user = services.recommender, "ko-bench"
            for title, year in HISTORY:
                movie = next(m for m in await services.catalog.find_titles(title, year) if m.year == year)
                await services.history.log(user, movie.id, InteractionKind.LIKED)
                await services.history.log("night-a" if year % 2 else "night-b", movie.id, InteractionKind.LIKED)
            history = list((await rec.profiles.get(user))[1].values())
            group = GroupRecommender(rec)
            for i, r in enumerate(requests):
                reply = await rec.recommend(user, r["text"], conversation=f"c{i}")
                ko = reply.language == "ko"
                shown = [p.movie for p in reply.picks]
                tally.check("eval", texts_of(reply), ko, shown + history)
                if ko:
                    tally.check("embeds", embed_texts(reply), ko, shown)
                for follow in FOLLOW_UPS[reply.language]:
                    more = await rec.recommend(user, follow, conversation=f"c{i}", follow_up=True)
                    tally.check("follow-ups", texts_of(more), more.language == "ko",
                                shown + [p.movie for p in more.picks] + history)
                if not ko:
                    continue
                night = await group.recommend(["night-a", "night-b", "night-c"], r["text"],
                                              names={"night-a": "민지", "night-b": "Sam", "night-c": "지훈"})
                movies = [p.movie for p in night.picks]
                labels = night.labels()
                lines = texts_of(night) + labels
                if labels:
                    for result in (PollResult(winner=0, counts=[1, 1] + [0] * (len(labels) - 2), tie=True,
                                              tied=[0, 1], voters=["night-a"]),
                                   PollResult(winner=None, counts=[0] * len(labels))):
                        lines.append(announcement(result, labels, night.names, "ko"))
                    lines += [korean.resolve(NIGHT_TEXT["ko"]["logged"].format(who="@민지", title=labels[0])),
                              korean.resolve(NIGHT_TEXT["ko"]["already"].format(title=labels[-1]))]
                tally.check("movie night", lines, True, movies + history)
            for language in ("ko", "en"):
                for name, data in [("letterboxd.zip", _zip(IMPORTS / "letterboxd")),
                                   ("ratings.csv", (IMPORTS / "imdb" / "ratings.csv").read_bytes())]:
                    report = await import_history(services.history, f"import-{language}-{name}", data, name)
                    tally.check("import", [report.summary(language), report.unmatched_text(language)],
                                language == "ko")
                errors: list[str] = [too_large(MAX_UPLOAD_BYTES * 2).text(language)]
                for data, name in BAD_FILES:
                    try:
                        await import_history(services.history, "import-bad", data, name)
                    except ImportFileError as exc:
                        errors.append(exc.text(language))
                tally.check("import", errors, language == "ko")
        finally:
            await services.close()
    surfaces = sorted(tally.texts)
    return {
        "set": "benchmarks/eval/requests.jsonl + follow-ups, movie nights, embeds, import fixtures",
        "engine": "offline reasoner (no LLM), embedded catalog",
        "total": {"texts": sum(tally.texts.values()), "korean_texts": sum(tally.korean.values()),
                  "unresolved_pairs": sum(tally.unresolved.values()),
                  "untranslated_labels": sum(tally.untranslated.values())},
        "by_surface": {s: {"texts": tally.texts[s], "korean_texts": tally.korean[s],
                           "unresolved_pairs": tally.unresolved[s], "untranslated_labels": tally.untranslated[s]}
                       for s in surfaces},
        "examples": tally.examples,
    }


def _zip(folder: Path) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for f in sorted(folder.rglob("*.csv")):
            z.write(f, f.relative_to(folder).as_posix())
    return buf.getvalue()


def print_table(result: dict) -> None:
    cols = ("texts", "korean_texts", "unresolved_pairs", "untranslated_labels")
    print(f"{'surface':<13}" + "".join(f"{c:>21}" for c in cols))
    for name, row in [*result["by_surface"].items(), ("TOTAL", result["total"])]:
        print(f"{name:<13}" + "".join(f"{row[c]:>21}" for c in cols))


if __name__ == "__main__":
    res = asyncio.run(main())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print_table(res)
