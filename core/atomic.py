"""Single-flight file builds across processes: a lock file, a private temp file, an atomic rename.

Any builder of a derived file (the catalog from bokeh-sampledata, from IMDb, ...) writes through
`atomic_write`; callers that may race (several processes on a fresh data directory) first take
`build_lock` and re-check, so one builds and the others open its result.
"""
from __future__ import annotations

import contextlib
import logging
import os
import secrets
import time
from collections.abc import Iterator
from pathlib import Path

from core.errors import StoreUnavailable

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: the atomic rename still keeps readers safe
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

LOCK_WAIT_S = 600.0  # a full build takes seconds; past this the holder is stuck, not slow


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


@contextlib.contextmanager
def build_lock(path: Path, wait_s: float = LOCK_WAIT_S) -> Iterator[None]:
    """Hold an exclusive lock on `<path>.lock` (blocking, bounded). The kernel frees it if we die.

    The lock file is never deleted: deleting it would let two processes lock two different files.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        if fcntl is not None:
            deadline = time.monotonic() + wait_s
            waited = False
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if not waited:
                        log.info("waiting for another process that is building %s", path)
                        waited = True
                    if time.monotonic() > deadline:
                        raise StoreUnavailable(f"another process has been building {path} for over "
                                               f"{wait_s:.0f} s; stop it or remove {path} and retry")
                    time.sleep(0.1)
        remove_stale_temps(path)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the flock


def remove_stale_temps(dest: Path) -> int:
    """Delete temp files that killed builders of `dest` left behind (their pid is gone); returns how many."""
    removed = 0
    for tmp in Path(dest).parent.glob(f".{Path(dest).name}.*.tmp"):
        try:
            pid = int(tmp.name.split(".")[-3])
            os.kill(pid, 0)
        except ProcessLookupError:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
                removed += 1
        except (ValueError, IndexError, PermissionError):
            continue  # not our naming, or a live process of another user
    return removed


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):  # not every filesystem lets a directory be opened or synced
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def atomic_write(dest: Path) -> Iterator[Path]:
    """Yield a private temp path beside `dest`; when the block succeeds, it becomes `dest` in one rename.

    Readers see the old file or the new one, never a half-written one; a failed or killed build leaves
    `dest` as it was. The temp name is unique per call, so concurrent builders never share a file.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        yield tmp
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    finally:
        for leftover in (tmp, tmp.with_name(tmp.name + "-journal")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
