"""Secrets never reach any output, even of a failing run: every byte of stdout and stderr is searched."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SECRET = "Zq7secretValue"


def run_cli(tmp_path: Path, catalog_db: Path, env: dict, *args: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("LLM_", "DISCORD_", "ELASTICSEARCH_"))}
    base.update(MOVIEBOT_DATA_DIR=str(tmp_path), CATALOG_PATH=str(catalog_db), SASREC_CHECKPOINT="",
                PYTHONPATH=str(Path(__file__).resolve().parent.parent), **env)
    return subprocess.run([sys.executable, "-m", "moviebot.cli", *args], env=base, cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)


def test_llm_credentials_stay_out_of_a_verbose_failing_run(tmp_path, catalog_db):
    # port 9 (discard) is closed: every LLM call fails, the run logs at DEBUG, and answers offline
    r = run_cli(tmp_path, catalog_db, {"LLM_BASE_URL": f"http://moviebot:{SECRET}@127.0.0.1:9/v1",
                                       "LLM_API_KEY": f"sk-{SECRET}", "LLM_DEADLINE_S": "2"}, "-v", "ask", "a comedy")
    out = r.stdout + r.stderr
    assert r.returncode == 0 and "1. " in r.stdout, out[-2000:]  # answered offline
    assert "***@127.0.0.1:9" in out  # the URL is logged, without its userinfo
    assert SECRET not in out


def test_a_malformed_setting_does_not_echo_its_value(tmp_path, catalog_db):
    r = run_cli(tmp_path, catalog_db, {"DISCORD_SHARD_COUNT": SECRET, "LLM_TIMEOUT_S": f"x{SECRET}"}, "ask", "a comedy")
    out = r.stdout + r.stderr
    assert r.returncode != 0 and "DISCORD_SHARD_COUNT" in out
    assert SECRET not in out
