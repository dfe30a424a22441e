"""A normal install (`pip install .`, as from a wheel), run from another folder, ships and uses the prompts."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.fake_llm import FakeLLMServer, sensible

REPO = Path(__file__).resolve().parent.parent


def test_wheel_install_sends_the_prompt_text_to_the_llm(tmp_path, catalog_db):
    target = tmp_path / "installed"  # a plain, non-editable install of this checkout into its own folder
    install = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                              "--no-cache-dir", "--target", str(target), str(REPO)],
                             capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert install.returncode == 0, install.stderr[-2000:]
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import core, prompts; print(core.__file__); print(prompts.__file__)"],
                           capture_output=True, text=True, timeout=60, cwd=elsewhere, env=env)
    assert str(target) in where.stdout and str(REPO) not in where.stdout, where.stdout  # the installed copy
    with FakeLLMServer(sensible) as server:
        env.update({"LLM_BASE_URL": server.url, "LLM_API_KEY": "k", "CATALOG_PATH": str(catalog_db),
                    "MOVIEBOT_DATA_DIR": str(tmp_path / "data"), "SASREC_CHECKPOINT": "none"})
        out = subprocess.run([sys.executable, "-m", "moviebot", "ask", "--user", "u", "a 90s comedy with Tom Hanks"],
                             capture_output=True, text=True, timeout=180, cwd=elsewhere, env=env)
    assert out.returncode == 0, out.stderr[-2000:]
    system_prompts = [b["messages"][0]["content"] for b in server.requests]
    assert any("You are the request parser of moviebot" in p for p in system_prompts)
    assert any("You are moviebot's recommender" in p for p in system_prompts)


def test_data_dir_defaults_to_the_checkout_or_the_user_data_folder(monkeypatch, tmp_path):
    import core.config as config

    assert config.default_data_dir() == REPO / "data"  # running from this checkout
    monkeypatch.setattr(config, "REPO_ROOT", tmp_path / "site-packages")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert config.default_data_dir() == tmp_path / "xdg" / "moviebot"
