"""`catalog build --source imdb --download`: fetch IMDb's daily dataset files into a local cache folder.

Each file streams into `NAME.part` and is renamed when complete, so a file under its final name is always whole
and an interrupted download starts that file over. A re-run asks the server with If-Modified-Since and skips the
files that did not change (IMDb refreshes them daily). The base URL is a setting so tests and mirrors work.
"""
from __future__ import annotations

import email.utils
import gzip
import logging
import os
from collections.abc import Callable
from pathlib import Path

import httpx

from core.catalog.imdb import FILES
from core.errors import MovieBotError

log = logging.getLogger(__name__)
CHUNK = 1 << 20


class DownloadError(MovieBotError):
    """A dataset file could not be fetched: one line naming it and why."""


def _check_gzip(path: Path, name: str) -> None:
    """A truncated body can still arrive with a 200: the gzip trailer tells (read in chunks, bounded memory)."""
    try:
        with gzip.open(path, "rb") as f:
            while f.read(CHUNK):
                pass
    except (OSError, EOFError) as exc:
        raise DownloadError(f"{name} is not a complete gzip file ({exc})") from None


def download_imdb(base_url: str, dest: Path, on_progress: Callable[[str, int, int | None], None] | None = None,
                  timeout_s: float = 60.0) -> list[Path]:
    """The six files in `dest` (downloaded or already current). Raises DownloadError with one clear line."""
    dest.mkdir(parents=True, exist_ok=True)
    paths = []
    with httpx.Client(base_url=base_url.rstrip("/") + "/", timeout=timeout_s, follow_redirects=True) as client:
        for name in FILES:
            target = dest / f"{name}.tsv.gz"
            headers = {}
            if target.exists():
                headers["If-Modified-Since"] = email.utils.formatdate(target.stat().st_mtime, usegmt=True)
            part = target.with_name(target.name + ".part")
            try:
                with client.stream("GET", target.name, headers=headers) as r:
                    if r.status_code == 304:
                        paths.append(target)
                        continue
                    if r.status_code != 200:
                        raise DownloadError(f"{target.name}: HTTP {r.status_code} from {base_url}")
                    total = int(r.headers["Content-Length"]) if r.headers.get("Content-Length", "").isdigit() else None
                    done = 0
                    with open(part, "wb") as out:
                        for chunk in r.iter_bytes(CHUNK):
                            out.write(chunk)
                            done += len(chunk)
                            if on_progress:
                                on_progress(name, done, total)
                    if total is not None and done != total:
                        raise DownloadError(f"{target.name}: got {done} of {total} bytes")
            except httpx.HTTPError as exc:
                part.unlink(missing_ok=True)
                raise DownloadError(f"{target.name}: {type(exc).__name__} ({exc}) from {base_url}") from None
            except DownloadError:
                part.unlink(missing_ok=True)
                raise
            try:
                _check_gzip(part, target.name)
            except DownloadError:
                part.unlink(missing_ok=True)
                raise
            os.replace(part, target)
            if modified := r.headers.get("Last-Modified"):
                stamp = email.utils.parsedate_to_datetime(modified).timestamp()
                os.utime(target, (stamp, stamp))
            log.info("downloaded %s (%d bytes)", target.name, done)
            paths.append(target)
    return paths
