"""Results cached on content: the source, every file it includes, the flags, and the ATC version and code.

A lookup needs no parse (as a compiler cache's direct mode): the source, flags and options name a manifest
of the files the source included when it was last analysed, with their content hashes; when every one
of them still has that content, the stored result is served. Any change to the source or a header it
included, or to the flags, misses the cache, so a stale result is never served. A hit imports neither
libclang nor the analysis.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path

from . import __version__, config
from .config import cache_dir, stubs_dir

MANIFEST_ENTRIES = 8       # include sets remembered per source (the same file built under several trees)


def _own_files() -> list[str]:
    """ATC's modules and model, and the runtime's sources (os.walk: cheaper to import than pathlib's glob)."""
    root = os.path.dirname(os.path.abspath(__file__))
    files = []
    for folder, subfolders, names in os.walk(root):
        subfolders[:] = sorted(d for d in subfolders if d != "__pycache__")
        files += [os.path.join(folder, n) for n in sorted(names) if n.endswith((".py", ".json"))]
    stubs = str(stubs_dir())
    return files + [os.path.join(stubs, n) for n in sorted(os.listdir(stubs))]


@functools.lru_cache(maxsize=1)
def _compiler_fingerprint() -> bytes:
    """ATC's own code, model and runtime headers: a changed compiler never reuses an old result. The digest
    of their contents is remembered under a digest of their names, sizes and modification times, so a
    lookup reads them only after they changed."""
    files = _own_files()
    stamp = hashlib.sha256(__version__.encode())
    for path in files:
        st = os.stat(path)
        stamp.update(f"{path}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    remembered = _path("fingerprints", stamp.hexdigest())
    try:
        return bytes.fromhex(remembered.read_text())
    except (OSError, ValueError):
        pass
    h = hashlib.sha256(__version__.encode())
    for path in files:
        h.update(os.path.relpath(path, os.path.dirname(os.path.dirname(path))).encode())
        with open(path, "rb") as f:
            h.update(f.read())
    _store_text(remembered, h.hexdigest())
    return h.digest()


def source_key(path: str, source: bytes, flags: list[str], options: dict) -> str:
    """What a lookup knows before parsing: the compiler, the source's path as given (its includes are
    recorded as found from there: an absolute path into another tree must not match), the flags, the
    options and the source itself."""
    h = hashlib.sha256()
    h.update(_compiler_fingerprint())
    h.update(json.dumps([path, flags, options], sort_keys=True).encode())
    h.update(source)
    return h.hexdigest()


def _content_hash(path: str) -> str:
    try:
        with open(path, "rb") as f:
            return hashlib.sha256(f.read()).hexdigest()
    except OSError:
        return "<missing>"


def included_hashes(included: list[str]) -> list[list[str]]:
    return [[path, _content_hash(path)] for path in sorted(set(included))]


def result_key(src_key: str, included: list[list[str]]) -> str:
    h = hashlib.sha256(src_key.encode())
    h.update(json.dumps(included).encode())
    return h.hexdigest()


def _path(kind: str, k: str) -> Path:
    d = cache_dir() / kind / k[:2]
    d.mkdir(parents=True, exist_ok=True)
    return d / f"{k}.json"


def _load(path: Path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def _store(path: Path, value) -> None:
    _store_text(path, json.dumps(value))


def _store_text(path: Path, text: str) -> None:
    """Written whole or not at all, whatever runs at the same time."""
    import tempfile
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def lookup(src_key: str) -> dict | None:
    """The stored result whose recorded includes all still have their recorded content, if any."""
    hashes = {}
    for entry in _load(_path("manifests", src_key)) or []:
        included = entry.get("included", [])
        if all(hashes.setdefault(path, _content_hash(path)) == digest for path, digest in included):
            result = _load(_path("results", result_key(src_key, included)))
            if result is not None:
                return result
    return None


def store(src_key: str, included: list[str], result: dict) -> None:
    hashes = included_hashes(included)
    _store(_path("results", result_key(src_key, hashes)), result)
    manifest = _path("manifests", src_key)
    entries = [e for e in _load(manifest) or [] if e.get("included") != hashes]
    _store(manifest, ([{"included": hashes}] + entries)[:MANIFEST_ENTRIES])


class Compiled:
    """What the pipeline produced for one file, as the CLI and the compiler driver use it. (A plain class:
    importing dataclasses costs a cache hit more than the lookup.)"""

    def __init__(self, path: str, report: dict, body: str, body_compact: str, source: bytes,
                 cached: bool = False, made_for: dict | None = None):
        self.path = path
        self.report = report
        self.body = body                    # readable rewrite without its header ("" when nothing changed)
        self.body_compact = body_compact    # the same keeping every original line number, for `atc cc`
        self.source = source
        self.cached = cached
        self.made_for = made_for or {}      # the summary and whole files as made for one path

    @property
    def changed(self) -> bool:
        return bool(self.report["replacements"])

    @property
    def summary(self) -> list[str]:
        if self._made_here("summary"):
            return list(self.made_for["summary"])
        from .pipeline import summary_lines
        return summary_lines(self.report, cached=self.cached)

    def rewritten(self, compact: bool = False) -> bytes:
        """The whole rewritten file, naming this path; the source itself when nothing changed."""
        if not self.changed:
            return self.source
        kind = "compact" if compact else "readable"
        if self._made_here(kind):
            return self.made_for[kind].encode("utf-8", "surrogateescape")
        from .rewrite.emit import with_header
        body = (self.body_compact if compact else self.body).encode("utf-8", "surrogateescape")
        return with_header(body, self.path, compact)

    def _made_here(self, kind: str) -> bool:
        """Whether the stored form was made for this very path (a hit then needs no analysis module)."""
        return self.made_for.get("path") == self.path and kind in self.made_for

    def stored(self) -> dict:
        """The cache entry: the result, and its summary and whole files as made for this path."""
        from .pipeline import summary_lines
        made_for = {"path": self.path, "summary": summary_lines(self.report, cached=True)}
        if self.changed:
            made_for.update(compact=self.rewritten(True).decode("utf-8", "surrogateescape"),
                            readable=self.rewritten(False).decode("utf-8", "surrogateescape"))
        return {"report": self.report, "body": self.body, "body_compact": self.body_compact, "made_for": made_for}


def _options(region_timeout: float | None, classifier: bool) -> dict:
    return {"timeout": config.REGION_TIMEOUT if region_timeout is None else region_timeout, "classifier": classifier}


def _cached(path: str, flags: list[str], options: dict) -> tuple[str | None, Compiled | None]:
    """(source key, the cached result or None); (None, None) when the cache is off or the file unreadable."""
    if not config.cache_enabled():
        return None, None
    try:
        source = Path(path).read_bytes()
    except OSError:
        return None, None  # reported by the analysis path, which reads it again
    src_key = source_key(path, source, flags, options)
    entry = lookup(src_key)
    if entry is None:
        return src_key, None
    entry["report"]["file"] = path
    return src_key, Compiled(path, entry["report"], entry["body"], entry["body_compact"], source, cached=True,
                             made_for=entry.get("made_for", {}))


def cached(path: str, flags: list[str] | None = None, region_timeout: float | None = None,
           classifier: bool = True) -> Compiled | None:
    """The stored result for these inputs, or None; never analyses (the compiler driver's first look)."""
    return _cached(path, list(flags or []), _options(region_timeout, classifier))[1]


def compile_cached(path: str, flags: list[str] | None = None, region_timeout: float | None = None,
                   classifier: bool = True, deadline: float | None = None) -> Compiled:
    """The pipeline's result for a file, served from the cache when the same inputs were seen before.
    `deadline` (a time.perf_counter() value) ends the analysis: regions left are kept, and such a partial
    result is not stored. The analysis modules are imported only on a miss, so a hit stays cheap."""
    flags = list(flags or [])
    options = _options(region_timeout, classifier)
    src_key, hit = _cached(path, flags, options)
    if hit is not None:
        return hit
    from .frontend.cparse import parse, read_source
    from .pipeline import compile_file
    source = read_source(path)
    tu = parse(path, flags)
    result = compile_file(path, flags, options["timeout"], source=source, tu=tu, classifier=classifier,
                          deadline=deadline)
    body = compact = ""
    if result.changed:
        body = result.spliced().decode("utf-8", "surrogateescape")
        compact = result.spliced(compact=True).decode("utf-8", "surrogateescape")
    compiled = Compiled(path, result.report(), body, compact, source)
    if src_key is not None and not result.errors and not result.deadline_reached:
        included = [inc.include.name for inc in tu.get_includes()]
        store(source_key(path, source, flags, options), included, compiled.stored())
    return compiled


def _stamp(path: str) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def remembered(kind: str, inputs: list):
    """A value stored by `remember` for the same inputs (any JSON data), while none of the files and
    directories it was derived from has changed (modification times) since; else None."""
    record = _load(_path(kind, _inputs_key(inputs)))
    if not isinstance(record, dict):
        return None
    if any(_stamp(path) != stamp for path, stamp in record.get("stamps", [])):
        return None
    return record.get("value")


def remember(kind: str, inputs: list, derived_from: list[str], value) -> None:
    """Store `value`, computed from `inputs` and the files and directories `derived_from`."""
    stamps = [[path, _stamp(path)] for path in sorted(set(derived_from))]
    _store(_path(kind, _inputs_key(inputs)), {"stamps": stamps, "value": value})


def _inputs_key(inputs: list) -> str:
    h = hashlib.sha256(_compiler_fingerprint())
    h.update(json.dumps(inputs, sort_keys=True).encode())
    return h.hexdigest()
