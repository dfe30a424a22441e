"""Making sure the embedded catalog file is usable before it is opened: build, rebuild, single-flight."""
from __future__ import annotations

import logging
import sqlite3
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
            db.execute("SELECT COUNT(*) FROM genre_bits").fetchone()
        finally:
            db.close()
    except sqlite3.DatabaseError as exc:
        if is_damage_error(exc) or "no such table" in str(exc):
            return "damaged", str(exc)
        raise StoreUnavailable(f"cannot read catalog {path}: {exc}") from exc
    return None


def ensure_catalog(path: Path, build=None) -> None:
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
    except (OSError, sqlite3.Error) as exc:  # a read-only or full disk: say where, no traceback
        raise StoreUnavailable(f"cannot build the catalog at {path}: {exc}") from exc
