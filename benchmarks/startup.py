"""Start-up cost of every terminal command: wall and CPU time of a fresh process, median of N runs, and the ratio
against `python3 -c pass` measured in the same run (so a busy machine shows up in both columns).

Also: the first run's catalog build (once, wall and CPU), and a warm follow-up inside one process (the chat's
second line), which start-up work must not slow down.

Run: python benchmarks/startup.py [--runs 5]   (writes benchmarks/results/startup.json)
Targets (issue #21, idle machine): --help, history, liked ≤ 0.6 s; ask ≤ 1.5 s.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

COMMANDS = {
    "python3 -c pass": [sys.executable, "-c", "pass"],
    "moviebot --help": [sys.executable, "-m", "moviebot", "--help"],
    "moviebot history": [sys.executable, "-m", "moviebot", "history", "--user", "bench"],
    "moviebot liked": [sys.executable, "-m", "moviebot", "liked", "--user", "bench", "Memories of Murder"],
    "moviebot ask (no history)": [sys.executable, "-m", "moviebot", "ask", "--user", "new", "a 90s comedy with Tom Hanks"],
    "moviebot ask (with history)": [sys.executable, "-m", "moviebot", "ask", "--user", "bench",
                                    "a Korean thriller like Oldboy"],
}
TARGETS_S = {"moviebot --help": 0.6, "moviebot history": 0.6, "moviebot liked": 0.6,
             "moviebot ask (no history)": 1.5, "moviebot ask (with history)": 1.5}


def timed(cmd: list[str], env: dict) -> tuple[float, float]:
    """(wall, user+sys CPU) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    out = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[2:])} failed: {out.stderr.strip()[-300:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


async def warm_follow_up(data: Path, runs: int) -> dict:
    """The chat's second line: first request, then "older", in one warm process (ms, median)."""
    from core.config import Settings
    from moviebot.wiring import build_services

    services = await build_services(Settings(_env_file=None, data_dir=data, llm_base_url=None, llm_api_key=None))
    first, follow = [], []
    try:
        for i in range(runs + 1):
            t = time.perf_counter()
            await services.recommender.recommend("bench", "a 90s comedy with Tom Hanks", conversation=f"c{i}")
            t1 = time.perf_counter()
            await services.recommender.recommend("bench", "older", conversation=f"c{i}", follow_up=True)
            t2 = time.perf_counter()
            if i:  # the first round warms caches
                first.append((t1 - t) * 1000)
                follow.append((t2 - t1) * 1000)
    finally:
        await services.close()
    return {"first_request_ms_p50": round(statistics.median(first), 1),
            "follow_up_ms_p50": round(statistics.median(follow), 1)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {k: v for k, v in os.environ.items()  # offline, on embedded defaults
               if k not in ("LLM_BASE_URL", "LLM_API_KEY", "OPENAI_API_KEY", "MOVIEBOT_LOG_LEVEL")}
        env["MOVIEBOT_DATA_DIR"] = tmp
        build_wall, build_cpu = timed(COMMANDS["moviebot history"], env)  # the first run builds the catalog
        timed(COMMANDS["moviebot liked"], env)  # "bench" has a history from here on
        rows = {}
        for name, cmd in COMMANDS.items():
            timed(cmd, env)  # one unmeasured run: file caches warm, as for a user's second command
            samples = [timed(cmd, env) for _ in range(args.runs)]
            rows[name] = {"wall_s": round(statistics.median(w for w, _ in samples), 3),
                          "cpu_s": round(statistics.median(c for _, c in samples), 3)}
        base = rows["python3 -c pass"]
        for name, row in rows.items():
            row["wall_ratio_to_python"] = round(row["wall_s"] / base["wall_s"], 1)
            if name in TARGETS_S:
                row["target_s"] = TARGETS_S[name]
                row["meets_target"] = row["wall_s"] <= TARGETS_S[name]
        chat = asyncio.run(warm_follow_up(Path(tmp), args.runs))
    result = {
        "benchmark": "startup",
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        "runs_per_command": args.runs,
        "first_run_catalog_build": {"wall_s": round(build_wall, 1), "cpu_s": round(build_cpu, 1)},
        "commands": rows,
        "warm_chat": chat,
    }
    out = ROOT / "benchmarks" / "results" / "startup.json"
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
