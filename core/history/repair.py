"""`moviebot history repair`: move a damaged history file aside (kept as .bak) and salvage what reads.

Only ever run on request. Nothing is deleted: the damaged file and its -wal/-shm companions are renamed
to `<name>.bak` (+ `-wal`/`-shm`, so SQLite can still open the backup as one database), and rows are read
from a scratch copy so that even reading cannot change the backup.
"""
from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.atomic import atomic_write
from core.history.sqlite import SCHEMA
from core.models import InteractionKind
from core.sqlite_health import header_problem, quick_check_problem

log = logging.getLogger(__name__)

COMPANIONS = ("", "-wal", "-shm")
_KINDS = {k.value for k in InteractionKind}


@dataclass
class RepairResult:
    path: Path
    problem: str | None  # None: the file was sound and nothing was done
    backup: Path | None = None
    salvaged: int = 0


def diagnose(path: Path) -> str | None:
    """What is wrong with the history file, or None when it is absent or sound. Read-only."""
    path = Path(path)
    if not path.exists():
        return None
    problem = header_problem(path)
    if problem:
        return problem
    try:
        with tempfile.TemporaryDirectory() as scratch:  # a copy: even a read-only open may replay the WAL
            copy = _copy_with_companions(path, Path(scratch) / path.name)
            db = sqlite3.connect(copy)
            try:
                return quick_check_problem(db.execute("PRAGMA quick_check").fetchall())
            finally:
                db.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)


def _copy_with_companions(src: Path, dest: Path) -> Path:
    for suffix in COMPANIONS:
        part = src.with_name(src.name + suffix)
        if part.exists():
            shutil.copy2(part, dest.with_name(dest.name + suffix))
    return dest


def _backup_name(path: Path) -> Path:
    """`<name>.bak`, or a timestamped one when an earlier repair already used that name."""
    backup = path.with_name(path.name + ".bak")
    if any(backup.with_name(backup.name + s).exists() for s in COMPANIONS):
        backup = path.with_name(f"{path.name}.{datetime.now():%Y%m%d-%H%M%S}.bak")
    return backup


def _salvage_rows(copy: Path) -> list[tuple]:
    """Every row that still reads, scanning from both ends: a bad page stops one scan, not the other."""
    rows: dict[tuple, tuple] = {}
    try:
        db = sqlite3.connect(copy)
    except sqlite3.DatabaseError:
        return []
    try:
        for order in ("ASC", "DESC"):
            try:
                for r in db.execute("SELECT user_id, movie_id, kind, source, created_at FROM interactions "
                                    f"ORDER BY rowid {order}"):
                    rows.setdefault(tuple(r[:3]), tuple(r))
            except sqlite3.DatabaseError:
                continue
    finally:
        db.close()
    return [r for r in rows.values() if _valid(r)]


def _valid(r: tuple) -> bool:
    if not all(isinstance(v, str) and v for v in r) or r[2] not in _KINDS:
        return False
    try:
        datetime.fromisoformat(r[4])
    except ValueError:
        return False
    return True


def repair_history(path: Path) -> RepairResult:
    """Move a damaged history file aside and start a fresh one holding every row that could be read."""
    path = Path(path)
    problem = diagnose(path)
    if problem is None:
        return RepairResult(path, None)
    backup = _backup_name(path)
    for suffix in COMPANIONS:
        part = path.with_name(path.name + suffix)
        if part.exists():
            part.rename(backup.with_name(backup.name + suffix))
    with tempfile.TemporaryDirectory() as scratch:
        rows = _salvage_rows(_copy_with_companions(backup, Path(scratch) / path.name))
    with atomic_write(path) as tmp:
        db = sqlite3.connect(tmp)
        try:
            db.executescript(SCHEMA)
            db.executemany("INSERT OR IGNORE INTO interactions VALUES (?,?,?,?,?)", rows)
            db.commit()
        finally:
            db.close()
    log.info("history %s was damaged (%s): moved to %s, %d rows salvaged", path, problem, backup, len(rows))
    return RepairResult(path, problem, backup, len(rows))
