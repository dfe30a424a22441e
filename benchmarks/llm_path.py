"""The LLM path against a real OpenAI-compatible server, with the offline path on the same requests beside it.

A benchmark, never a test: it runs only when asked and always exits 0. For each request of an eval split it runs
the product's pipeline twice, a fresh user each time: once with the LLM configured, once offline. It reports, per
stage, how often the LLM answered and why it did not, which parsing repairs were needed, tokens, latency, the
filters dropped by grounding and the reasons replaced because a claim failed; and, for both engines, constraint
satisfaction and invented constraints scored as `benchmarks/evaluate.py` scores them.

    python3 benchmarks/llm_path.py --setup                               # local model: build llama.cpp, weights
    bash benchmarks/local_llm.sh start 8813                              # serve it on loopback
    python3 benchmarks/llm_path.py --base-url http://127.0.0.1:8813/v1 --model qwen2.5-coder-1.5b-instruct-q4_k_m \\
        --limit 20 --deadline 300                                        # writes benchmarks/results/llm_path.json

Results are written after every request, so a run that is stopped early still leaves its numbers.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "benchmarks")]

import eval_scoring as sc  # noqa: E402
import evaluate  # noqa: E402

from core.config import Settings  # noqa: E402
from moviebot.wiring import build_services  # noqa: E402

OUT = ROOT / "benchmarks" / "results" / "llm_path.json"
STAGES = ("understand", "rank")


def pick_requests(rows: list[dict], limit: int | None) -> list[dict]:
    """Round-robin over categories, so a short run still meets every class of request."""
    by_cat: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_cat[r["category"]].append(r)
    out: list[dict] = []
    queues = [list(v) for _, v in sorted(by_cat.items())]
    while queues and (limit is None or len(out) < limit):
        for q in list(queues):
            if not q:
                queues.remove(q)
                continue
            out.append(q.pop(0))
            if limit is not None and len(out) >= limit:
                break
    return out


def pctl(values: list[float], q: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 2)


async def score(services, r: dict, reply, forms) -> dict:
    """One reply, scored with evaluate.py's checks (eval_scoring): parsed, hard, invented, honest, question."""
    e, f = r["expect"], reply.filters
    canon = {}
    for t in [*f.similar_to, *f.exclude_titles]:
        found = await services.catalog.find_titles(t, limit=1)
        canon[t] = found[0].title if found else t
    checks = sc.parsed_checks(e, f, reply.intent, lambda t: canon.get(t, t))
    out = {"constraints": len(checks), "parsed": sum(checks.values()),
           "invented": sc.invented_constraints(e, f), "picks": 0, "hard_ok": 0}
    if "honest" in e:
        out["honest_ok"] = sc.honest_note_ok(e, reply, forms)
    intent = e.get("intent", "recommend")
    if intent == "question":
        q = e["question"]
        rows = await services.catalog.find_titles(q["title"], year=q.get("year"), limit=1)
        out["question_ok"] = not sc.question_ok(e, reply, rows[0] if rows else None, forms)
    elif intent == "other":
        out["other_ok"] = reply.intent == "other" and not reply.picks
    else:
        out["picks"] = len(reply.picks)
        out["hard_ok"] = sum(not sc.hard_violations(e, p.movie) for p in reply.picks)
    return out


def aggregate(scores: list[dict]) -> dict:
    def share(key: str) -> float | None:
        got = [s[key] for s in scores if key in s]
        return evaluate.pct(sum(got), len(got)) if got else None

    return {"parsed_pct": evaluate.pct(sum(s["parsed"] for s in scores), sum(s["constraints"] for s in scores)),
            "hard_ok_pct": evaluate.pct(sum(s["hard_ok"] for s in scores), sum(s["picks"] for s in scores)),
            "invented_pct": evaluate.pct(sum(bool(s["invented"]) for s in scores), len(scores)),
            "honest_pct": share("honest_ok"), "question_ok_pct": share("question_ok"),
            "other_ok_pct": share("other_ok")}


async def run_engine(settings: Settings, requests: list[dict], tag: str, sink) -> None:
    services = await build_services(settings)
    forms = evaluate.name_forms()
    try:
        for i, r in enumerate(requests):
            user = f"{tag}-{i}"
            conversation = user if r.get("turns") else None
            started = time.perf_counter()
            for turn in r.get("turns", []):
                await services.recommender.recommend(user, turn, conversation=conversation, follow_up=True)
            reply = await services.recommender.recommend(user, r["text"], conversation=conversation,
                                                         follow_up=conversation is not None)
            seconds = time.perf_counter() - started
            sink(r, reply, seconds, await score(services, r, reply, forms))
    finally:
        await services.close()


def summarize(rows: list[dict]) -> dict:
    """Per stage: who answered, why not, repairs, tokens, latency; then quality as evaluate.py scores it."""
    out: dict = {"requests": len(rows)}
    for stage in STAGES:
        reports = [r["stages"].get(stage) for r in rows if r["stages"].get(stage)]
        outcomes = Counter((s.get("outcome") or "").split(" (")[0] for s in reports)
        llm = sum(1 for s in reports if (s.get("outcome") or "").startswith("llm"))
        out[stage] = {
            "reports": len(reports),
            "answered_by_llm_pct": evaluate.pct(llm, len(reports)),
            "outcomes": dict(outcomes),
            "fallback_reasons": dict(Counter(s["fallback_reason"] for s in reports if s.get("fallback_reason"))),
            "calls": sum(s.get("calls", 0) for s in reports),
            "repairs": dict(Counter(x for s in reports for x in s.get("repairs", []))),
            "dropped": dict(Counter(d.split("=")[0] for s in reports for d in s.get("dropped", []))),
            "replaced_reasons": dict(sum((Counter(s.get("replaced", {})) for s in reports), Counter())),
            "prompt_tokens_mean": round(statistics.mean([s.get("prompt_tokens", 0) for s in reports]), 1)
            if reports else None,
            "completion_tokens_mean": round(statistics.mean([s.get("completion_tokens", 0) for s in reports]), 1)
            if reports else None,
            "seconds_p50": pctl([s.get("seconds", 0.0) for s in reports if s.get("calls")], 0.5),
            "seconds_p95": pctl([s.get("seconds", 0.0) for s in reports if s.get("calls")], 0.95),
        }
    out["quality"] = aggregate([r["score"] for r in rows])
    out["seconds_per_request_p50"] = pctl([r["seconds"] for r in rows], 0.5)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--setup", action="store_true", help="build the local model server (benchmarks/local_llm.sh)")
    ap.add_argument("--base-url", help="OpenAI-compatible server, e.g. http://127.0.0.1:8813/v1")
    ap.add_argument("--model", default="qwen2.5-coder-1.5b-instruct-q4_k_m")
    ap.add_argument("--api-key", default=os.environ.get("LLM_API_KEY", "local"))
    ap.add_argument("--requests", type=Path, default=ROOT / "benchmarks" / "eval" / "dev.jsonl")
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--prompt", choices=("full", "compact"), default="compact")
    ap.add_argument("--structured-output", choices=("json_schema", "json_mode"), default="json_schema")
    ap.add_argument("--deadline", type=float, default=300.0, help="LLM_DEADLINE_S for the LLM run")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    if args.setup:
        subprocess.run(["bash", str(ROOT / "benchmarks" / "local_llm.sh"), "setup"], check=False)
        return
    if not args.base_url:
        print("nothing to do: pass --base-url (and --model), or --setup to build the local model", file=sys.stderr)
        return
    rows_in = [json.loads(line) for line in args.requests.read_text(encoding="utf-8").splitlines() if line.strip()]
    requests = pick_requests(rows_in, args.limit)
    result: dict = {
        "model": args.model, "server": args.base_url, "requests_file": str(args.requests.relative_to(ROOT))
        if args.requests.is_relative_to(ROOT) else args.requests.name,
        "prompt": args.prompt, "structured_output": args.structured_output, "deadline_s": args.deadline,
        "machine": f"{os.cpu_count()} CPU cores, {platform.machine()}", "date": time.strftime("%Y-%m-%d"),
        "llm": {}, "offline": {}, "rows": [],
    }
    rows: dict[str, list[dict]] = {"llm": [], "offline": []}

    def sink_for(engine: str):
        def sink(r: dict, reply, seconds: float, score: dict) -> None:
            row = {"id": r["id"], "category": r["category"], "text": r["text"], "seconds": round(seconds, 2),
                   "engine": reply.engine, "llm_calls": reply.llm_calls,
                   "stages": {k: v.model_dump() for k, v in getattr(reply, "stages", {}).items()},
                   "picks": [p.movie.label for p in reply.picks], "score": score}
            rows[engine].append(row)
            result[engine] = summarize(rows[engine])
            result["rows"] = [{"engine": e, **x} for e in rows for x in rows[e]]
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            if engine == "llm":
                print(f"[{len(rows[engine])}/{len(requests)}] {seconds:6.1f} s  {reply.engine}  {r['text'][:50]}",
                      flush=True)
        return sink

    catalog = ROOT / "data" / "catalog.sqlite3"
    with tempfile.TemporaryDirectory() as tmp:
        common = dict(_env_file=None, catalog_path=catalog)
        offline = Settings(**common, data_dir=Path(tmp) / "offline", llm_base_url=None, llm_api_key=None)
        asyncio.run(run_engine(offline, requests, "offline", sink_for("offline")))
        llm = Settings(**common, data_dir=Path(tmp) / "llm", llm_base_url=args.base_url, llm_api_key=args.api_key,
                       llm_model=args.model, llm_deadline_s=args.deadline, llm_timeout_s=args.deadline,
                       llm_structured_output=args.structured_output, llm_prompt=args.prompt)
        asyncio.run(run_engine(llm, requests, "llm", sink_for("llm")))
    print(json.dumps({k: result[k] for k in ("llm", "offline")}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
