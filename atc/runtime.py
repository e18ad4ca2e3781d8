"""The runtime that rewritten code links against: where its sources are, how to build and link it."""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
from pathlib import Path

from . import __version__
from .errors import AtcError

TARGETS = ("openblas", "reference")
DEFAULT_TARGET = "openblas"
HEADER = "atc_runtime.h"


def stubs_dir() -> Path:
    """runtime_stubs/ beside the package in a source tree, or the copy installed inside the package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "runtime_stubs", here / "runtime_stubs"):
        if (candidate / HEADER).is_file():
            return candidate
    raise AtcError("ATC runtime headers not found; reinstall atc")


def cache_dir() -> Path:
    root = os.environ.get("ATC_CACHE_DIR") or os.path.join(os.path.expanduser("~"), ".cache", "atc")
    path = Path(root) / __version__
    path.mkdir(parents=True, exist_ok=True)
    return path


def real_cc() -> str:
    return os.environ.get("ATC_REAL_CC", "cc")


def _openblas():
    try:
        import scipy_openblas32
    except ImportError as exc:  # pragma: no cover - the default install has it
        raise AtcError("target openblas needs the scipy-openblas32 package (pip install scipy-openblas32)") from exc
    return scipy_openblas32.get_include_dir(), scipy_openblas32.get_lib_dir()


def _check_target(target: str) -> None:
    if target not in TARGETS:
        raise AtcError(f"unknown target '{target}' (choose from {', '.join(TARGETS)})")


def cflags(target: str = DEFAULT_TARGET) -> list[str]:
    """Flags for compiling a rewritten source file."""
    _check_target(target)
    return ["-I", str(stubs_dir())]


def library(target: str = DEFAULT_TARGET) -> Path:
    """The static runtime library for a target, built once per version and target (safe under make -j)."""
    _check_target(target)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(stubs_dir().glob("*.[ch]")))).hexdigest()[:12]
    out_dir = cache_dir() / f"runtime-{target}-{digest}"
    out_dir.mkdir(parents=True, exist_ok=True)
    lib = out_dir / "libatc_rt.a"
    with open(out_dir / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if lib.is_file():
            return lib
        src = stubs_dir() / f"atc_{target}.c"
        obj = out_dir / f"atc_{target}.o"
        cmd = [real_cc(), "-O2", "-fPIC", "-c", str(src), "-o", str(obj), "-I", str(stubs_dir())]
        if target == "openblas":
            cmd += ["-I", _openblas()[0]]
        _run_build(cmd)
        tmp = out_dir / f"libatc_rt.{os.getpid()}.a"
        _run_build(["ar", "rcs", str(tmp), str(obj)])
        os.replace(tmp, lib)
    return lib


def _run_build(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise AtcError(f"building the ATC runtime failed: {' '.join(cmd)}\n{proc.stderr.strip()}")


def libs(target: str = DEFAULT_TARGET) -> list[str]:
    """Flags for linking a program that contains rewritten code."""
    flags = [str(library(target))]
    if target == "openblas":
        lib_dir = _openblas()[1]
        flags += ["-L" + lib_dir, "-Wl,-rpath," + lib_dir, "-lscipy_openblas"]
    return flags + ["-lm"]
