"""Recommendation quality on the evaluation splits, offline reasoner.

Splits (--set, default all): own = benchmarks/eval/requests.jsonl (the project's 128 requests, scored as before
issue #17), dev, dev2 ... dev7 = benchmarks/eval/dev*.jsonl (work splits; dev2 to dev7 were written by people who
had not seen the reader, and scored once before any change), test = benchmarks/eval/test.jsonl (frozen; never
tune against it). The dev/test schema is documented in benchmarks/eval_scoring.py, which holds the pure checks.

Each request carries machine-checkable expectations. The script runs the product's pipeline on embedded
defaults (SQLite catalog, shipped SASRec, no LLM), a fresh user per request (a request with `turns` sends them
first in one conversation, as `moviebot chat` does, and only the last reply is scored), and scores per split,
by category and by language:
  parsed      share of expected constraints that the understanding extracted (runtime within 10 min on dev/test);
  hard        share of picks that satisfy every hard constraint of the request (checked on the catalog row);
  mood        share of picks for mood requests that fit the mood (a preferred genre, no excluded one);
  intent      off-topic messages answered without picks;
  invented    (dev/test) share of requests whose Filters hold a field nothing asked for, or a forbidden value;
  honest      (dev/test) impossible requests whose reply notes what is missing;
  question    (dev/test) movie questions answered from the catalog row, without picks;
  near-ident. (dev/test) pairs of requests with different expectations sharing >= 4 of their first 5 picks;
              (own) the old count of the very same list for differently understood requests;
  broad       (dev/test) median reviews / IMDb rating / critic score of the picks for broad requests;
  unbacked    reason claims that the catalog row or the history does not back (benchmarks/claims.py);
  claims      per language, over every reason of two passes (a new user, and a "fan" whose liked films make
              history and shared-actor links): award counts shown, cast names outside the first 5 by
              prominence in a starring or shared-actor claim, lead-role wording, genre words neither asked for
              nor corroborated, and the share of reasons holding a fact beyond the request's filters.

    python3 benchmarks/evaluate.py [--set own|dev|dev2|dev3|dev4|dev5|dev6|dev7|test|all] [--out PATH]   # default out benchmarks/results/eval.json
"""
from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import eval_scoring as sc  # noqa: E402
from claims import beyond_filter, check_reason, classify  # noqa: E402

from core.config import Settings  # noqa: E402
from core.models import Filters, InteractionKind  # noqa: E402
from core.moods import moods  # noqa: E402
from core.text import is_hangul  # noqa: E402
from moviebot.wiring import build_services  # noqa: E402

EVAL = ROOT / "benchmarks" / "eval"
SPLITS = {"own": EVAL / "requests.jsonl", "dev": EVAL / "dev.jsonl", "dev2": EVAL / "dev2.jsonl",
          "dev3": EVAL / "dev3.jsonl", "dev4": EVAL / "dev4.jsonl", "dev5": EVAL / "dev5.jsonl",
          "dev6": EVAL / "dev6.jsonl", "dev7": EVAL / "dev7.jsonl", "test": EVAL / "test.jsonl"}
OUT = ROOT / "benchmarks" / "results" / "eval.json"
# The fan's history: well-known films whose casts the old alphabetical order got wrong (The Godfather opened with
# Abe Vigoda's generation of bit parts, The Host with Paul Lazar), liked and watched.
FAN = {"tt0068646": InteractionKind.LIKED, "tt0468492": InteractionKind.LIKED, "tt0109830": InteractionKind.LIKED,
       "tt0353969": InteractionKind.LIKED, "tt0092099": InteractionKind.WATCHED, "tt0034583": InteractionKind.WATCHED}
CLASSES = ("award_count", "cast_order", "lead_role", "genre", "unbacked")


def parsed_checks(e: dict, f: Filters, intent: str) -> dict[str, bool]:
    checks = {}
    for key, value in e.items():
        if key == "director":
            checks[key] = value in f.directors
        elif key == "actor":
            checks[key] = value in f.actors
        elif key == "genres_any":
            checks[key] = set(value) <= set(f.genres)
        elif key == "genres_none":
            checks[key] = set(value) <= set(f.exclude_genres)
        elif key in ("year_min", "year_max"):
            checks[key] = getattr(f, key) == value
        elif key in ("runtime_min", "runtime_max"):
            checks[key] = getattr(f, key.replace("runtime_", "") + "_runtime") == value
        elif key == "language":
            checks[key] = value in f.languages
        elif key == "country":
            checks[key] = value in f.countries
        elif key == "oscar":
            checks[key] = f.oscar == value
        elif key == "mood":
            checks[key] = value in f.moods
        elif key == "similar_to":
            checks[key] = value in f.similar_to
        elif key == "intent":
            checks[key] = intent == value
    return checks


def pct(a: int, b: int) -> float:
    return round(100.0 * a / b, 1) if b else 100.0


def p95(values: list[float]) -> float:
    return round(sorted(values)[max(0, int(0.95 * len(values)) - 1)], 1) if values else 0.0


def median(values: list[float]) -> float | None:
    return round(statistics.median(values), 1) if values else None


def load(split: str) -> list[dict]:
    path = SPLITS[split]
    if not path.exists():
        raise SystemExit(f"{path.relative_to(ROOT)} is missing: run with --set own, or add the split")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def request_lang(r: dict) -> str:
    return r.get("lang") or ("ko" if is_hangul(r["text"]) else "en")


def name_forms() -> dict[str, set[str]]:
    """Catalog name -> the Hangul renderings the project knows, so a Korean answer naming 박찬욱 counts."""
    forms: dict[str, set[str]] = defaultdict(set)
    aliases: dict[str, str] = {}
    for module in ("core.understand.vocab", "core.vocab"):  # the reader's vocabularies moved in issue #17
        try:
            aliases = importlib.import_module(module).KOREAN_NAME_ALIASES
            break
        except (ImportError, AttributeError):
            continue
    for hangul, latin in aliases.items():
        forms[latin].add(hangul)
    for path in (ROOT / "core").rglob("names_ko.json"):
        for latin, hangul in json.loads(path.read_text(encoding="utf-8")).items():
            if not latin.startswith("_") and isinstance(hangul, str):
                forms[latin].add(hangul)
    return forms


class Split:
    """Counters, failures and pick lists of one split."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.by_cat: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.by_lang: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.failures: list[dict] = []
        self.lists: list[tuple[dict, list[str]]] = []
        self.understood: dict = {}
        self.latencies: list[float] = []
        self.broad: dict[str, list[float]] = defaultdict(list)
        self.schema: list[dict] = []  # lines of the split itself that break evalspec (not reader failures)

    def add(self, r: dict, key: str, n: int = 1) -> None:
        self.by_cat[r["category"]][key] += n
        self.by_lang[request_lang(r)][key] += n

    def fail(self, r: dict, **problem) -> None:
        self.failures.append({"id": r["id"], "text": r["text"], **problem})


async def catalog_problems(services, vocab, e: dict) -> list[str]:
    """Names and titles in an expectation that the catalog does not spell that way (they could never match)."""
    out = []
    for key in ("director", "director_any", "actor", "exclude_people"):
        for name in sc._as_list(e.get(key, [])):
            if name not in vocab.directors and name not in vocab.actors:
                out.append(f"{key}: no catalog person {name!r}")
    for key in ("similar_to", "exclude_titles"):
        for title in sc._as_list(e.get(key, [])):
            if not any(m.title == title for m in await services.catalog.find_titles(title, limit=5)):
                out.append(f"{key}: no catalog title {title!r}")
    if "question" in e and not await services.catalog.find_titles(e["question"].get("title", ""),
                                                                   year=e["question"].get("year"), limit=1):
        out.append(f"question: no catalog film {e['question'].get('title')!r}")
    return out


async def run_split(services, split: str, requests: list[dict], people, forms, claims, claim_failures) -> dict:
    own = split == "own"
    s = Split(split)
    vocab = await services.catalog.vocabulary()
    if not own:
        for r in requests:
            problems = sc.schema_problems(r) + await catalog_problems(services, vocab, r.get("expect", {}))
            if problems:
                s.schema.append({"id": r.get("id"), "problems": problems})
                print(f"{split} {r.get('id')}: {'; '.join(problems)}", file=sys.stderr)
    canon_cache: dict[str, str] = {}

    async def canon(title: str) -> str:
        if title not in canon_cache:
            found = await services.catalog.find_titles(title, limit=1)
            canon_cache[title] = found[0].title if found else title
        return canon_cache[title]

    for i, r in enumerate(requests):
        e = r["expect"]
        user = f"eval-{split}-{i}"
        conversation = f"eval-{split}-{i}" if r.get("turns") else None
        for turn in r.get("turns", []):  # earlier messages of the same conversation, as `moviebot chat` sends them
            started = time.perf_counter()
            await services.recommender.recommend(user, turn, conversation=conversation, follow_up=True)
            s.latencies.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        reply = await services.recommender.recommend(user, r["text"], conversation=conversation,
                                                     follow_up=conversation is not None)
        s.latencies.append((time.perf_counter() - started) * 1000)
        s.add(r, "requests")
        f = reply.filters
        if own:
            checks = parsed_checks(e, f, reply.intent)
        else:
            titles = {t: await canon(t) for t in [*f.similar_to, *f.exclude_titles]}
            checks = sc.parsed_checks(e, f, reply.intent, lambda t: titles.get(t, t))
        for key, ok in checks.items():
            s.add(r, "constraints")
            s.add(r, "parsed", ok)
            if not ok:
                s.fail(r, problem=f"not parsed: {key}", filters=f.model_dump(exclude_defaults=True))
        if not own:
            invented = sc.invented_constraints(e, f)
            s.add(r, "invented_requests", bool(invented))
            if invented:
                s.fail(r, problem="invented", invented=invented)
            if "honest" in e:
                s.add(r, "honest")
                ok = sc.honest_note_ok(e, reply, forms)
                s.add(r, "honest_ok", ok)
                if not ok:
                    s.fail(r, problem=f"no honest note ({e['honest']})", note=sc.note_text(reply)[:300])
        intent = e.get("intent", "recommend")
        if intent == "question" and not own:
            q = e["question"]
            rows = await services.catalog.find_titles(q["title"], year=q.get("year"), limit=1)
            problems = sc.question_ok(e, reply, rows[0] if rows else None, forms)
            s.add(r, "questions")
            s.add(r, "question_ok", not problems)
            if problems:
                s.fail(r, problem=problems, message=reply.message[:300])
            continue
        if intent == "other":
            s.add(r, "offtopic")
            s.add(r, "offtopic_ok", reply.intent == "other" and not reply.picks)
            if reply.picks or reply.intent != "other":
                s.fail(r, problem=f"off-topic answered as {reply.intent} with {len(reply.picks)} picks")
            continue
        if not reply.picks:
            s.add(r, "no_picks")
            s.fail(r, problem="no picks", note=sc.note_text(reply)[:300])
            continue
        s.lists.append((r, [p.movie.id for p in reply.picks]))
        s.understood[r["id"]] = f.model_dump_json()
        seeds = [m for t in f.similar_to for m in await services.catalog.find_titles(t, limit=1)]
        for p in reply.picks:
            s.add(r, "picks")
            bad = sc.hard_violations(e, p.movie)  # a superset: the own set uses only the shared keys
            s.add(r, "hard_ok", not bad)
            if bad:
                s.fail(r, pick=p.movie.label, problem=bad)
            if "mood" in e:
                s.add(r, "mood_picks")
                s.add(r, "mood_ok", moods()[e["mood"]].fits(p.movie))
            if r["category"] == "broad":
                m = p.movie
                for k, v in (("reviews", m.reviews), ("imdb_rating", m.imdb_rating), ("critic_score", m.critic_score)):
                    if v is not None:
                        s.broad[k].append(v)
            unbacked = check_reason(p.reason, p.movie, {}, None, seeds, people)
            s.add(r, "reasons")
            s.add(r, "unbacked", len(unbacked))
            if unbacked:
                s.fail(r, pick=p.movie.label, reason=p.reason, problem=unbacked)
            tally(claims, claim_failures, r, "new", reply, p, {}, None, seeds, people)
        fan = f"fan-{split}-{i}"
        for movie_id, kind in FAN.items():
            await services.history.log(fan, movie_id, kind)
        fan_reply = await services.recommender.recommend(fan, r["text"])
        fan_profile, fan_history = await services.recommender.profiles.get(fan)
        for p in fan_reply.picks:
            tally(claims, claim_failures, r, "fan", fan_reply, p, fan_history, fan_profile, seeds, people)
    return summarise(s, own)


def row(s, new: bool) -> dict:
    out = {"requests": s["requests"], "parsed_pct": pct(s["parsed"], s["constraints"]),
           "parsed": f"{s['parsed']}/{s['constraints']}",
           "hard_ok_pct": pct(s["hard_ok"], s["picks"]), "mood_fit_pct": pct(s["mood_ok"], s["mood_picks"]),
           "offtopic_ok_pct": pct(s["offtopic_ok"], s["offtopic"]), "no_picks": s["no_picks"],
           "unbacked_claims": s["unbacked"], "picks": s["picks"]}
    if new:
        out |= {"invented_pct": pct(s["invented_requests"], s["requests"]) if s["requests"] else 0.0,
                "invented_requests": s["invented_requests"],
                "honest_pct": pct(s["honest_ok"], s["honest"]), "honest": f"{s['honest_ok']}/{s['honest']}",
                "question_ok_pct": pct(s["question_ok"], s["questions"]),
                "questions": f"{s['question_ok']}/{s['questions']}"}
    return out


def summarise(s: Split, own: bool) -> dict:
    total: dict[str, int] = defaultdict(int)
    for c in s.by_cat.values():
        for k, v in c.items():
            total[k] += v
    out: dict = {"set": str(SPLITS[s.name].relative_to(ROOT)),
                 "total": {**row(total, not own), "latency_ms_p50": median(s.latencies) or 0.0,
                           "latency_ms_p95": p95(s.latencies)},
                 "by_category": {c: row(v, not own) for c, v in sorted(s.by_cat.items())},
                 "by_lang": {c: row(v, not own) for c, v in sorted(s.by_lang.items())}}
    if own:  # the old paraphrase-aware metric: the very same list for requests understood differently
        same: dict[tuple, list] = defaultdict(list)
        for r, ids in s.lists:
            same[tuple(ids)].append(r["id"])
        identical = [ids for ids in same.values() if len(ids) > 1]
        generic = [ids for ids in identical if len({s.understood[i] for i in ids}) > 1]
        out["total"] |= {"identical_pick_lists": len(identical), "identical_across_different_filters": len(generic)}
        out |= {"identical_lists": identical, "identical_across_different_filters": generic}
    else:
        pairs = [[{"id": s.lists[i][0]["id"], "text": s.lists[i][0]["text"]},
                  {"id": s.lists[j][0]["id"], "text": s.lists[j][0]["text"]}] for i, j in sc.near_identical(s.lists)]
        out["total"]["near_identical_pairs"] = len(pairs)
        out["total"]["near_identical_requests"] = len({p["id"] for pair in pairs for p in pair})
        out["near_identical"] = pairs
        out["schema_problems"] = s.schema
        out["broad"] = {"note": "picks of category broad: medians, informational (reviews = how widely seen)",
                        "picks": len(s.broad["reviews"]),
                        **{f"median_{k}": median(v) for k, v in sorted(s.broad.items())}}
    out["failures"] = s.failures
    return out


async def main(splits: list[str]) -> dict:
    data = {split: load(split) for split in splits}
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, data_dir=Path(tmp), catalog_path=ROOT / "data" / "catalog.sqlite3",
                            llm_base_url=None, llm_api_key=None)
        services = await build_services(settings)
        vocab = await services.catalog.vocabulary()
        people = {n for n, c in {**vocab.actors, **vocab.directors}.items() if c >= 3 and " " in n}
        forms = name_forms()
        claims: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        claim_failures: list[dict] = []
        try:
            results = {split: await run_split(services, split, requests, people, forms, claims, claim_failures)
                       for split, requests in data.items()}
        finally:
            await services.close()
    return {
        "missing_splits": [k for k in SPLITS if k not in splits],
        "engine": "offline reasoner + SASRec (no LLM), new users; follow-ups in one conversation per request",
        "splits": results,
        "claims": {"note": "per reply language; every reason of the new-user and the fan pass over the splits "
                           f"{', '.join(splits)}; counts are claims, beyond_filter_pct is the share of reasons with "
                           "a fact the filters did not say",
                   **{lang: claim_row(c) for lang, c in sorted(claims.items())},
                   "all": claim_row({k: sum(c[k] for c in claims.values()) for k in
                                     {k for c in claims.values() for k in c}})},
        "claim_failures": claim_failures,
    }


def tally(claims, claim_failures, r, who, reply, p, history, profile, seeds, people) -> None:
    """Count one reason's problems by class and whether it holds a fact beyond the filters."""
    found = classify(p.reason, p.movie, reply.filters, history, profile, seeds, people)
    c = claims[reply.language]
    c["reasons"] += 1
    c["beyond_filter"] += bool(beyond_filter(p.reason, p.movie, reply.filters))
    for k in CLASSES:
        c[k] += len(found.get(k, []))
    if found:
        claim_failures.append({"id": r["id"], "user": who, "text": r["text"], "pick": p.movie.label,
                               "reason": p.reason, "problem": found})


def claim_row(c) -> dict:
    return {"reasons": c["reasons"], **{k: c[k] for k in CLASSES},
            "beyond_filter_pct": pct(c["beyond_filter"], c["reasons"])}


def print_table(result: dict) -> None:
    for split, res in result["splits"].items():
        new = split != "own"
        cols = ("requests", "parsed_pct", "hard_ok_pct", "mood_fit_pct", "offtopic_ok_pct", "no_picks",
                "unbacked_claims", *(("invented_pct", "honest_pct", "question_ok_pct") if new else ()))
        print(f"== {split}: {res['set']}")
        print(f"{'category':<14}" + "".join(f"{c:>16}" for c in cols))
        rows = [*res["by_category"].items(), *((f"lang {k}", v) for k, v in res["by_lang"].items()),
                ("TOTAL", res["total"])]
        for name, r in rows:
            print(f"{name:<14}" + "".join(f"{r[c]:>16}" for c in cols))
        t = res["total"]
        lists = (f"near-identical pairs across different expectations: {t['near_identical_pairs']} "
                 f"({t['near_identical_requests']} requests)" if new else
                 f"identical pick lists: {t['identical_pick_lists']} (paraphrases), across differently understood "
                 f"requests: {t['identical_across_different_filters']}")
        print(f"{lists}   latency p50 {t['latency_ms_p50']} ms, p95 {t['latency_ms_p95']} ms")
        if new and res["broad"]["picks"]:
            print("broad picks: " + ", ".join(f"{k} {v}" for k, v in res["broad"].items() if k.startswith("median")))
    print(f"{'claims':<12}" + "".join(f"{c:>19}" for c in ("reasons", *CLASSES, "beyond_filter_pct")))
    for lang, row in result["claims"].items():
        if lang != "note":
            print(f"{lang:<12}" + "".join(f"{row[c]:>19}" for c in ("reasons", *CLASSES, "beyond_filter_pct")))


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="Score the offline reader on the eval splits.")
    ap.add_argument("--set", choices=(*SPLITS, "all"), default="all", dest="split")
    ap.add_argument("--out", type=Path, default=OUT, help="where to write the JSON (default: %(default)s)")
    args = ap.parse_args()
    chosen = [args.split] if args.split != "all" else [k for k, path in SPLITS.items() if path.exists()]
    if args.split == "all" and len(chosen) < len(SPLITS):
        print(f"missing, skipped: {', '.join(k for k in SPLITS if k not in chosen)}", file=sys.stderr)
    res = asyncio.run(main(chosen))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(res, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print_table(res)
