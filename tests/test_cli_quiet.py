"""The terminal app is quiet on success and ends every failure in one clear line, without a traceback."""
from __future__ import annotations

import os
import subprocess
import sys


def cli(args, tmp_path, catalog_db, **env):
    base = {k: v for k, v in os.environ.items() if k not in ("LLM_BASE_URL", "LLM_API_KEY", "MOVIEBOT_LOG_LEVEL")}
    base.update({"MOVIEBOT_DATA_DIR": str(tmp_path), "CATALOG_PATH": str(catalog_db), "SASREC_CHECKPOINT": "none"},
                **env)
    return subprocess.run([sys.executable, "-m", "moviebot", *args], env=base, capture_output=True, text=True,
                          timeout=180, stdin=subprocess.DEVNULL)


def test_ask_prints_nothing_on_stderr_on_success(tmp_path, catalog_db):
    out = cli(["ask", "--user", "u", "a 90s comedy with Tom Hanks"], tmp_path, catalog_db)
    assert out.returncode == 0 and out.stderr == "" and "Tom Hanks" in out.stdout


def test_verbose_brings_the_log_lines_back(tmp_path, catalog_db):
    out = cli(["-v", "ask", "--user", "u", "a comedy"], tmp_path, catalog_db)
    assert out.returncode == 0 and "INFO" in out.stderr


def test_verbose_after_the_command_works_and_shows_moviebot_not_library_steps(tmp_path, catalog_db):
    out = cli(["ask", "-v", "--user", "u", "a comedy"], tmp_path, catalog_db)
    assert out.returncode == 0 and "1. " in out.stdout, out.stderr[-500:]
    assert "core.pipeline" in out.stderr  # moviebot's own lines
    assert " aiosqlite:" not in out.stderr and " httpcore" not in out.stderr  # not a line per database step


def test_a_bad_setting_is_one_line_naming_it_without_its_value(tmp_path, catalog_db):
    out = cli(["ask", "--user", "u", "a comedy"], tmp_path, catalog_db, LLM_TIMEOUT_S="s3cr3t-not-a-number")
    assert out.returncode == 2 and "LLM_TIMEOUT_S" in out.stderr
    assert "s3cr3t" not in out.stderr + out.stdout and "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_markup_in_a_request_does_not_crash_the_terminal(tmp_path, catalog_db):
    out = cli(["ask", "--user", "u", "[/bold] movies like \"[red]Oldboy\" [link=x]"], tmp_path, catalog_db)
    assert out.returncode == 0 and "Traceback" not in out.stderr


def test_chat_lines_follow_up_on_the_previous_answer(tmp_path, catalog_db):
    base = {k: v for k, v in os.environ.items() if k not in ("LLM_BASE_URL", "LLM_API_KEY", "MOVIEBOT_LOG_LEVEL")}
    base.update({"MOVIEBOT_DATA_DIR": str(tmp_path), "CATALOG_PATH": str(catalog_db), "SASREC_CHECKPOINT": "none"})
    lines = "a 90s comedy with Tom Hanks\nolder\nwhy #1?\n/new\nolder\n/quit\n"
    out = subprocess.run([sys.executable, "-m", "moviebot", "chat", "--user", "u"], env=base, input=lines,
                         capture_output=True, text=True, timeout=180)
    assert out.returncode == 0 and out.stderr == "", out.stderr
    assert "still: with Tom Hanks · Comedy; now: up to 1991." in out.stdout
    assert "Directed by Penny Marshall" in out.stdout  # why #1: Big, the first of the older picks
    assert "ask me for movies first" in out.stdout  # after /new, "older" has nothing to follow
