"""Making sure the embedded catalog file is usable before it is opened: build, rebuild, single-flight."""
from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from core.atomic import build_lock
from core.catalog.build import SCHEMA_VERSION, build_catalog
from core.errors import StoreUnavailable
from core.sqlite_health import header_problem, is_damage_error

log = logging.getLogger(__name__)


def catalog_problem(path: Path) -> tuple[str, str] | None:
    """Why `path` cannot be used as is: ("missing"|"outdated"|"damaged", detail), or None when it can.

    Cheap on purpose (it runs on every start): the header check finds garbage and truncation, and the
    schema version and the movie count find a file that is a database but not a whole catalog.
    """
    if not path.exists():
        return "missing", "no catalog yet"
    marker = damage_marker(path)
    try:  # a running process found bad pages in this very file (newer marker): the cheap checks can't
        if marker.stat().st_mtime_ns >= path.stat().st_mtime_ns:
            return "damaged", marker.read_text(encoding="utf-8", errors="replace").strip() or "bad pages"
    except OSError:
        pass
    problem = "empty file" if path.stat().st_size == 0 else header_problem(path)
    if problem:
        return "damaged", problem
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version != SCHEMA_VERSION:
                return "outdated", f"schema version {version}, this code reads {SCHEMA_VERSION}"
            if db.execute("SELECT COUNT(*) FROM movies").fetchone()[0] == 0:
                return "damaged", "it holds no movies"
            if not _has_meta(db) and db.execute(
                    "SELECT 1 FROM movies WHERE imdb_votes IS NOT NULL LIMIT 1").fetchone() is None:
                return "outdated", "an embedded catalog with alphabetical cast lists (built before cast prominence)"
            db.execute("SELECT COUNT(*) FROM genre_bits").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        if is_damage_error(exc) or "no such table" in str(exc):
            return "damaged", str(exc)
        raise StoreUnavailable(f"cannot read catalog {path}: {exc}") from exc
    return None


def _has_meta(db: sqlite3.Connection) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'").fetchone() is not None


def damage_marker(path: Path) -> Path:
    return path.with_name(path.name + ".damaged")


def mark_damaged(path: Path, detail: str) -> None:
    """Remember that a query hit damaged pages, so that every process rebuilds instead of failing again."""
    try:
        damage_marker(path).write_text(detail[:500], encoding="utf-8")
    except OSError as exc:
        log.warning("catalog %s: could not record its damage (%s)", path, exc)


def ensure_catalog(path: Path, build: Callable[[Path], object] | None = None) -> None:
    """Make `path` a usable catalog, building or rebuilding it from its source when it is not.

    Single-flight across processes: whoever takes the lock builds (into a temp file, renamed atomically);
    the others wait on the lock, see the finished file on their re-check, and just open it. The catalog
    is derived data, so a damaged file is replaced without asking; the warning says so in one line.
    """
    if catalog_problem(path) is None:
        return
    try:
        with build_lock(path):
            problem = catalog_problem(path)  # another process may have built it while we waited
            if problem is None:
                return
            kind, detail = problem
            if kind == "damaged":
                log.warning("catalog %s is damaged (%s): rebuilding it from its source", path, detail)
            else:
                log.info("catalog %s: %s; building it from bokeh-sampledata", path, detail)
            (build or build_catalog)(path)
            damage_marker(path).unlink(missing_ok=True)
    except (OSError, sqlite3.Error) as exc:  # a read-only or full disk: say where, no traceback
        raise StoreUnavailable(f"cannot build the catalog at {path}: {exc}") from exc
