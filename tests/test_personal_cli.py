"""`moviebot foryou` and `moviebot digest ...` in the terminal: quiet on success, the shelf's reasons, opt-in."""
from __future__ import annotations

import os
import subprocess
import sys


def cli(args, tmp_path, catalog_db):
    env = {k: v for k, v in os.environ.items() if k not in ("LLM_BASE_URL", "LLM_API_KEY", "MOVIEBOT_LOG_LEVEL")}
    env.update({"MOVIEBOT_DATA_DIR": str(tmp_path), "CATALOG_PATH": str(catalog_db), "SASREC_CHECKPOINT": "none"})
    return subprocess.run([sys.executable, "-m", "moviebot", *args], env=env, capture_output=True, text=True,
                          timeout=180, stdin=subprocess.DEVNULL)


def test_foryou_and_digest_in_the_terminal(tmp_path, catalog_db):
    new = cli(["foryou", "--user", "ana"], tmp_path, catalog_db)
    assert new.returncode == 0 and new.stderr == "" and "don't know your taste yet" in new.stdout
    assert cli(["liked", "--user", "ana", "Memories of Murder"], tmp_path, catalog_db).returncode == 0
    shelf = cli(["foryou", "--user", "ana"], tmp_path, catalog_db)
    assert shelf.returncode == 0 and shelf.stderr == "" and "picks for you" in shelf.stdout
    assert "Memories of Murder" in shelf.stdout.split("picks for you", 1)[1]  # the reasons name the history
    on = cli(["digest", "on", "weekly", "--user", "ana"], tmp_path, catalog_db)
    assert on.returncode == 0 and "every week" in on.stdout and "Next:" in on.stdout
    preview = cli(["digest", "preview", "--user", "ana", "--lang", "ko"], tmp_path, catalog_db)
    assert preview.returncode == 0 and "새로 고른" in preview.stdout
    off = cli(["digest", "off", "--user", "ana"], tmp_path, catalog_db)
    assert off.returncode == 0 and "Digest off" in off.stdout
    bad = cli(["digest", "on", "hourly", "--user", "ana"], tmp_path, catalog_db)
    assert bad.returncode != 0 and "Traceback" not in bad.stderr
