"""Rendered documents of approved versions kept on disk: an approved version never changes, so its file never
goes stale; a change to the renderer (templates, code, libraries) changes the key and the old files age out.

Layout: `<root>/<fiche id>/<version id>.<sheets>.<renderer>.<format>`, one folder per fiche so that a purge
deletes a fiche's files at once. Each file starts with the SHA-256 of what follows: a truncated or corrupt
file is deleted and rendered again, never served. Written atomically (temporary file, then rename); past the
size bound, the least recently served files go first.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import logging
import os
import shutil
import tempfile
import threading
import uuid
from collections.abc import Iterable
from pathlib import Path

LOG = logging.getLogger("fichesujet")
PACKAGE = Path(__file__).resolve().parent
DOMAIN_SHEET = PACKAGE.parent / "domain" / "fiche_sujet.py"  # the rows and their labels, read by the renderer
LIBRARIES = ("weasyprint", "python-docx", "jinja2", "pydyf", "fonttools")
DIGEST = 32
MIB = 1024 * 1024


@functools.cache
def renderer_version() -> str:
    """A hash of every file of the render package, of the sheet's rows and of the rendering libraries'
    versions: computed once per process, part of every key."""
    digest = hashlib.sha256()
    for path in sorted([*PACKAGE.rglob("*"), DOMAIN_SHEET]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(PACKAGE.parent)).encode())
            digest.update(path.read_bytes())
    for name in LIBRARIES:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
    return digest.hexdigest()[:16]


class RenderCache:
    """Files of approved versions under `root`, at most about `max_bytes` of them (0: nothing is kept)."""

    def __init__(self, root: Path, max_bytes: int) -> None:
        self.root = root
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._size: int | None = None  # bytes on disk as this process knows them; None until first scanned
        self._forgotten = 0  # purges so far: a render begun before one is not written back after it

    def path(self, fiche_id: uuid.UUID, version_id: uuid.UUID, sheets: str, format: str) -> Path:
        return self.root / fiche_id.hex / f"{version_id.hex}.{sheets}.{renderer_version()}.{format}"

    def get(self, path: Path) -> bytes | None:
        """The cached bytes, or None (absent, or damaged: then deleted so that it is written afresh)."""
        try:
            data = path.read_bytes()
        except OSError:
            return None
        body = data[DIGEST:]
        if len(data) < DIGEST or hashlib.sha256(body).digest() != data[:DIGEST]:
            LOG.warning("rendu en cache illisible, il sera refait : %s", path.name)
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently served: evicted last
        return body

    @property
    def purges(self) -> int:
        """How many purges this process has made: read before a render, handed to `put` after it."""
        return self._forgotten

    def put(self, path: Path, content: bytes, purges_before: int | None = None) -> None:
        """Write atomically; a failure to write (disk full, rights) only costs a render next time. A render
        that began before a purge is not kept: its fiche may be one the purge deleted."""
        if self.max_bytes <= 0 or (purges_before is not None and purges_before != self._forgotten):
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        except OSError as exc:
            LOG.warning("rendu non mis en cache : %s", exc)
            return
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(hashlib.sha256(content).digest() + content)
            os.replace(temporary, path)
        except OSError as exc:
            LOG.warning("rendu non mis en cache : %s", exc)
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            return
        self._grew(DIGEST + len(content))

    def forget(self, fiche_ids: Iterable[uuid.UUID]) -> None:
        """Delete every cached file of these fiches (a purge: nothing of theirs may stay on disk)."""
        with self._lock:
            self._forgotten += 1
        for fiche_id in fiche_ids:
            shutil.rmtree(self.root / fiche_id.hex, ignore_errors=True)
        with self._lock:
            self._size = None

    def _grew(self, added: int) -> None:
        with self._lock:
            self._size = self._scan_size() if self._size is None else self._size + added
            if self._size > self.max_bytes:
                self._size = self._evict(int(self.max_bytes * 0.9))

    def _files(self) -> list[tuple[float, int, Path]]:
        found = []
        for path in self.root.glob("*/*"):
            with contextlib.suppress(OSError):
                stat = path.stat()
                found.append((stat.st_mtime, stat.st_size, path))
        return found

    def _scan_size(self) -> int:
        return sum(size for _, size, _ in self._files())

    def _evict(self, target: int) -> int:
        """Delete the least recently served files until at most `target` bytes remain; returns what remains."""
        files = sorted(self._files())
        remaining = sum(size for _, size, _ in files)
        for _, size, path in files:
            if remaining <= target:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                remaining -= size
        return remaining


@functools.cache
def shared_cache(root: Path, max_bytes: int) -> RenderCache:
    """One cache object per folder in a process, so that its size bookkeeping is shared by every request."""
    return RenderCache(root, max_bytes)
