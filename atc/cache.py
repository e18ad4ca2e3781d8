"""Results cached on content: the source, every file it includes, the flags and the ATC version.

A rebuild with nothing changed does no analysis; any change to the source or a header it includes, or to
the flags, misses the cache, so a stale result is never served.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile

from . import __version__
from .runtime import cache_dir


def key(source: bytes, included: list[str], flags: list[str], options: dict) -> str:
    h = hashlib.sha256()
    h.update(__version__.encode())
    h.update(json.dumps([flags, options], sort_keys=True).encode())
    h.update(source)
    for path in sorted(set(included)):
        h.update(path.encode())
        try:
            with open(path, "rb") as f:
                h.update(hashlib.sha256(f.read()).digest())
        except OSError:
            h.update(b"<missing>")
    return h.hexdigest()


def _path(k: str) -> str:
    d = cache_dir() / "results" / k[:2]
    d.mkdir(parents=True, exist_ok=True)
    return str(d / f"{k}.json")


def enabled() -> bool:
    return os.environ.get("ATC_NO_CACHE", "") in ("", "0")


def load(k: str) -> dict | None:
    try:
        with open(_path(k)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def store(k: str, entry: dict) -> None:
    path = _path(k)
    fd, tmp = tempfile.mkstemp(dir=os.path.dirname(path), suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump(entry, f)
    os.replace(tmp, path)
