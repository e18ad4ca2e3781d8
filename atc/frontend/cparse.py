"""Parsing C files with libclang, with the include path for the builtin headers the wheel lacks."""

from __future__ import annotations

import functools
import subprocess
from pathlib import Path

from clang import cindex

from ..errors import AtcError


@functools.lru_cache(maxsize=None)
def builtin_include_dir() -> str | None:
    """gcc's own include directory (stddef.h, stdarg.h, ...): the libclang wheel ships no builtin headers."""
    for compiler in ("gcc", "cc"):
        try:
            out = subprocess.run([compiler, "-print-file-name=include"], capture_output=True, text=True,
                                 timeout=20).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out and Path(out).is_dir():
            return out
    return None


def read_source(path: str) -> bytes:
    """The file's bytes, refusing what is not C source text."""
    p = Path(path)
    if not p.exists():
        raise AtcError(f"{path}: no such file")
    if p.is_dir():
        raise AtcError(f"{path}: is a directory, not a C source file")
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise AtcError(f"{path}: cannot read: {exc.strerror}") from exc
    if b"\0" in data[:1 << 16]:
        raise AtcError(f"{path}: is a binary file, not C source")
    if not data.strip():
        raise AtcError(f"{path}: is empty, nothing to compile")
    return data


def parse(path: str, flags: list[str], source: bytes | None = None) -> cindex.TranslationUnit:
    """Parse one C file; the first error becomes an AtcError with file:line:col."""
    args = ["-x", "c"] + list(flags)
    if not any(f.startswith("-std=") for f in flags):
        args.append("-std=gnu11")
    # Pre-C99 code (K&R parameters without a type, calls to undeclared functions) that gcc accepts with a
    # warning must parse: recent clang makes these errors in C99 and later.
    args += ["-Wno-error=implicit-int", "-Wno-error=implicit-function-declaration"]
    inc = builtin_include_dir()
    if inc:
        args += ["-isystem", inc]
    unsaved = [(path, source)] if source is not None else None
    try:
        tu = cindex.Index.create().parse(
            path, args=args, unsaved_files=unsaved,
            options=cindex.TranslationUnit.PARSE_DETAILED_PROCESSING_RECORD)
    except cindex.TranslationUnitLoadError as exc:
        raise AtcError(f"{path}: libclang could not parse the file") from exc
    for diag in tu.diagnostics:
        if diag.severity >= cindex.Diagnostic.Error:
            loc = diag.location
            where = f"{loc.file.name}:{loc.line}:{loc.column}" if loc.file else path
            raise AtcError(f"{where}: error: {diag.spelling}")
    return tu
