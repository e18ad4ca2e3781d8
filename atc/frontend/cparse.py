"""Parsing C files with libclang, with the builtin headers of its own clang release."""

from __future__ import annotations

import functools
import importlib.util
import re
import subprocess
from pathlib import Path

from clang import cindex

from ..errors import AtcError


@functools.lru_cache(maxsize=None)
def gcc_include_dir() -> str | None:
    """gcc's own header directory: searched last, for the headers only gcc has (omp.h, quadmath.h, ...)."""
    for compiler in ("gcc", "cc"):
        try:
            out = subprocess.run([compiler, "-print-file-name=include"], capture_output=True, text=True,
                                 timeout=20).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            continue
        if out and Path(out).is_dir():
            return out
    return None


# The distribution that ships clang's builtin headers (stddef.h, xmmintrin.h, ...) for each clang release;
# its major version is pinned to libclang's in pyproject.toml.
HEADERS_DISTRIBUTION = "clang-tidy"
HEADERS_PACKAGE = "clang_tidy"     # where that distribution puts them: <package>/data/lib/clang/<major>/include


def _libclang_major() -> str | None:
    """The major version of the libclang library loaded (its own answer, without reading package metadata)."""
    get_version = cindex.conf.lib.clang_getClangVersion
    get_version.restype = cindex._CXString
    get_version.errcheck = cindex._CXString.from_result
    found = re.search(r"version (\d+)\.", get_version())
    return found.group(1) if found else None


def _installed_resource_dir() -> str | None:
    """The resource directory of the headers package of libclang's own release, found from the package's
    location; None when that does not find it (resource_dir then asks the package metadata)."""
    spec = importlib.util.find_spec(HEADERS_PACKAGE)
    major = _libclang_major()
    if spec is None or not spec.origin or major is None:
        return None
    resource = Path(spec.origin).parent / "data" / "lib" / "clang" / major
    return str(resource) if (resource / "include" / "stddef.h").is_file() else None


@functools.lru_cache(maxsize=None)
def resource_dir() -> str:
    """clang's resource directory (its `include/` holds the builtin headers) for the libclang in use.

    The libclang wheel ships no builtin headers, and gcc's own (its intrinsics headers above all) are written
    for gcc: libclang must read the ones of its own release."""
    found = _installed_resource_dir()
    if found:
        return found
    from importlib import metadata
    try:
        major = metadata.version("libclang").split(".")[0]
    except metadata.PackageNotFoundError as exc:
        raise AtcError("libclang is not installed: pip install 'libclang>=18,<19'") from exc
    hint = f"pip install '{HEADERS_DISTRIBUTION}>={major},<{int(major) + 1}'"
    try:
        dist = metadata.distribution(HEADERS_DISTRIBUTION)
    except metadata.PackageNotFoundError as exc:
        raise AtcError(f"clang's builtin headers for libclang {major} are missing: {hint}") from exc
    wanted = f"lib/clang/{major}/include/stddef.h"
    for file in dist.files or ():
        if str(file).replace("\\", "/").endswith(wanted):
            header = Path(dist.locate_file(file))
            if header.is_file():
                return str(header.parent.parent)
    raise AtcError(f"clang's builtin headers for libclang {major} are missing from {HEADERS_DISTRIBUTION} "
                   f"{dist.version}: {hint}")


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
    args += ["-resource-dir", resource_dir()]
    gcc_headers = gcc_include_dir()
    if gcc_headers:
        args += ["-idirafter", gcc_headers]
    unsaved = [(path, source)] if source is not None else None
    while True:
        try:
            tu = cindex.Index.create().parse(
                path, args=args, unsaved_files=unsaved,
                options=cindex.TranslationUnit.PARSE_DETAILED_PROCESSING_RECORD)
        except cindex.TranslationUnitLoadError as exc:
            raise AtcError(f"{path}: libclang could not parse the file") from exc
        # gcc's own target options (-mindirect-branch=...) mean nothing to clang: parsed without them.
        unknown = {m.group(1) for diag in tu.diagnostics
                   for m in [re.fullmatch(r"unknown argument: '(.*)'", diag.spelling)] if m and m.group(1) in flags}
        if not unknown:
            break
        args = [a for a in args if a not in unknown]
    for diag in tu.diagnostics:
        if diag.severity >= cindex.Diagnostic.Error:
            loc = diag.location
            where = f"{loc.file.name}:{loc.line}:{loc.column}" if loc.file else path
            raise AtcError(f"{where}: error: {diag.spelling}")
    return tu
