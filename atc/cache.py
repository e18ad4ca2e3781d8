"""Results cached on content: the source, every file it includes, the flags, and the ATC version and code.

A rebuild with nothing changed does no analysis; any change to the source or a header it includes, or to
the flags, misses the cache, so a stale result is never served.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .frontend.cparse import parse, read_source
from .runtime import cache_dir, stubs_dir

DEFAULT_REGION_TIMEOUT = 60.0


@functools.lru_cache(maxsize=1)
def _compiler_fingerprint() -> bytes:
    """ATC's own code, model and runtime headers: a changed compiler never reuses an old result."""
    h = hashlib.sha256(__version__.encode())
    root = Path(__file__).resolve().parent
    files = sorted(root.rglob("*.py")) + sorted(root.rglob("*.json")) + sorted(Path(stubs_dir()).glob("*"))
    for path in files:
        h.update(str(path.relative_to(path.parent.parent)).encode())
        h.update(path.read_bytes())
    return h.digest()


def key(source: bytes, included: list[str], flags: list[str], options: dict) -> str:
    h = hashlib.sha256()
    h.update(_compiler_fingerprint())
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


@dataclass
class Compiled:
    """What the pipeline produced for one file, as the CLI and the compiler driver use it."""
    path: str
    report: dict
    body: str               # readable rewrite without its header ("" when nothing changed)
    body_compact: str       # the same keeping every original line number, for `atc cc`
    source: bytes
    cached: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.report["replacements"])

    @property
    def summary(self) -> list[str]:
        from .pipeline import summary_lines
        return summary_lines(self.report, cached=self.cached)

    def rewritten(self, compact: bool = False) -> bytes:
        """The whole rewritten file, naming this path; the source itself when nothing changed."""
        from .rewrite.emit import with_header
        if not self.changed:
            return self.source
        body = (self.body_compact if compact else self.body).encode("utf-8", "surrogateescape")
        return with_header(body, self.path, compact)


def compile_cached(path: str, flags: list[str] | None = None,
                   region_timeout: float = DEFAULT_REGION_TIMEOUT, classifier: bool = True) -> Compiled:
    """The pipeline's result for a file, served from the cache when the same inputs were seen before.
    The analysis modules are imported only on a miss, so a hit stays cheap."""
    flags = list(flags or [])
    source = read_source(path)
    tu = parse(path, flags)
    k = None
    if enabled():
        included = [inc.include.name for inc in tu.get_includes()]
        k = key(source, included, flags, {"timeout": region_timeout, "classifier": classifier})
        entry = load(k)
        if entry is not None:
            entry["report"]["file"] = path
            return Compiled(path, entry["report"], entry["body"], entry["body_compact"], source, cached=True)
    from .pipeline import compile_file
    from .rewrite.emit import splice
    result = compile_file(path, flags, region_timeout, source=source, tu=tu, classifier=classifier)
    reps = result.replacements
    body = splice(source, reps).decode("utf-8", "surrogateescape") if reps else ""
    compact = splice(source, reps, compact=True).decode("utf-8", "surrogateescape") if reps else ""
    compiled = Compiled(path, result.report(), body, compact, source)
    if k is not None and not result.errors:
        store(k, {"report": compiled.report, "body": body, "body_compact": compact})
    return compiled
