"""The runtime that rewritten code links against: where its sources are, how to build and link it."""

from __future__ import annotations

import fcntl
import fnmatch
import hashlib
import json
import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

from . import __version__, config
from .config import DEFAULT_TARGET
from .errors import AtcError

TARGETS = ("openblas", "reference", "mkl", "onednn", "cublas")
TUNE_FILE = "tune.json"   # written by `atc tune`
HEADER = "atc_runtime.h"


def stubs_dir() -> Path:
    """runtime_stubs/ beside the package in a source tree, or the copy installed inside the package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "runtime_stubs", here / "runtime_stubs"):
        if (candidate / HEADER).is_file():
            return candidate
    raise AtcError("ATC runtime headers not found; reinstall atc")


def cache_dir() -> Path:
    path = config.cache_root() / __version__
    path.mkdir(parents=True, exist_ok=True)
    return path


def real_cc() -> str:
    return config.real_cc()


def _openblas():
    try:
        import scipy_openblas32
    except ImportError as exc:  # pragma: no cover - the default install has it
        raise AtcError("target openblas needs the scipy-openblas32 package (pip install scipy-openblas32)") from exc
    return scipy_openblas32.get_include_dir(), scipy_openblas32.get_lib_dir()


def _prefixes() -> list[Path]:
    """Where wheels put their data files (include/, lib/): the environment's data directory and prefixes."""
    out = []
    for p in (sysconfig.get_paths().get("data"), sys.prefix, sys.exec_prefix, site.getuserbase()):
        if p and Path(p) not in out:
            out.append(Path(p))
    return out


def _installed(pattern: str, dists: tuple[str, ...], sub: str) -> list[Path]:
    """Files named like `pattern` that the distributions installed (from their RECORD, so any install
    scheme works), else found in <prefix>/<sub> of this environment."""
    import importlib.metadata  # here, not at the top: `atc cc` on a cache hit never needs it
    found = []
    for dist in dists:
        try:
            files = importlib.metadata.files(dist) or []
        except importlib.metadata.PackageNotFoundError:
            continue
        for f in files:
            if fnmatch.fnmatch(f.name, pattern):
                path = Path(str(f.locate())).resolve()
                if path.is_file() and path not in found:
                    found.append(path)
    if not found:
        for prefix in _prefixes():
            found += [p for p in sorted((prefix / sub).glob(pattern)) if p.is_file()]
    return found


def _shared_lib(name: str, dists: tuple[str, ...]) -> tuple[Path, str] | None:
    """(directory, -l flag) for lib<name>.so: `-l<name>` when the unversioned file exists, else
    `-l:lib<name>.so.N` (wheels carry no symlinks, so often only the versioned file is there)."""
    libs = _installed(f"lib{name}.so*", dists, "lib")
    exact = [p for p in libs if p.name == f"lib{name}.so"]
    if exact:
        return exact[0].parent, f"-l{name}"
    versioned = [p for p in libs if re.fullmatch(rf"lib{re.escape(name)}\.so(\.\d+)+", p.name)]
    if not versioned:
        return None
    best = max(versioned, key=lambda p: [int(x) for x in p.name.split(".so.", 1)[1].split(".")])
    return best.parent, f"-l:{best.name}"


def _wheel_target(target: str, header: str, header_dists, lib: str, lib_dists, extra: str):
    """(include dir, lib dir, -l flag) of a vendor library installed from wheels, else a one-line AtcError."""
    headers = _installed(header, header_dists, "include")
    shared = _shared_lib(lib, lib_dists)
    if not headers or shared is None:
        missing = " and ".join(n for n, ok in ((header, headers), (f"lib{lib}.so", shared)) if not ok)
        raise AtcError(f"target {target} needs {missing}, not found in this Python environment ({sys.prefix}); "
                       f'install them with: pip install "atc[{extra}]"')
    return headers[0].parent, shared[0], shared[1]


def _mkl():
    return _wheel_target("mkl", "mkl_cblas.h", ("mkl-include", "mkl-devel"), "mkl_rt", ("mkl", "mkl-devel"), "mkl")


def _onednn():
    return _wheel_target("onednn", "dnnl.h", ("onednn-devel", "onednn"), "dnnl", ("onednn",), "onednn")


def cuda_home() -> Path:
    return Path(os.environ.get("CUDA_HOME") or "/usr/local/cuda")


def _cuda(link: bool = False):
    """(include dir, lib dir) of the CUDA toolkit with cuBLAS, else a one-line AtcError."""
    home = cuda_home()
    inc, lib = home / "include", home / "lib64"
    missing = [h for h in ("cuda_runtime.h", "cublas_v2.h") if not (inc / h).is_file()]
    if link:
        missing += [f"lib{n}.so" for n in ("cublas", "cudart") if not (lib / f"lib{n}.so").exists()]
    if missing:
        where = f"{inc}" if not link else f"{inc} / {lib}"
        raise AtcError(f"target cublas needs the CUDA toolkit with cuBLAS: {', '.join(missing)} not found under "
                       f"{where} (set CUDA_HOME to the toolkit)")
    return inc, lib


def _check_target(target: str) -> None:
    if target not in TARGETS:
        raise AtcError(f"unknown target '{target}' (choose from {', '.join(TARGETS)})")


def _vendor_includes(target: str) -> list[str]:
    """Include flags for the vendor library's headers (an AtcError when it is not installed)."""
    if target == "openblas":
        return ["-I", _openblas()[0]]
    if target == "mkl":
        return ["-I", str(_mkl()[0])]
    if target == "onednn":
        return ["-I", str(_onednn()[0])]
    if target == "cublas":
        return ["-I", str(_cuda()[0])]
    return []


def _runtime_defines(target: str) -> list[str]:
    """Macros for building the runtime library itself."""
    if target == "onednn":
        # oneDNN's CPU engine in the wheels runs on SYCL, which needs the OpenCL CPU runtime of this wheel
        icd = _installed("libintelocl.so", ("intel-opencl-rt",), "lib")
        return [f'-DATC_OPENCL_CPU_ICD="{icd[0]}"'] if icd else []
    return []


def unavailable(target: str) -> str | None:
    """Why a target cannot be built and linked here (its library is missing), or None when it can."""
    try:
        _check_target(target)
        _vendor_includes(target)
        if target == "cublas":
            _cuda(link=True)
    except AtcError as exc:
        return str(exc)
    return None


def cflags(target: str = DEFAULT_TARGET) -> list[str]:
    """Flags for compiling a rewritten source file (an AtcError when the target's library is missing)."""
    _check_target(target)
    vendor = _vendor_includes(target)
    return ["-I", str(stubs_dir())] + ([] if target == "openblas" else vendor) + tuned_defines()


def tuned_defines() -> list[str]:
    """-DATC_MIN_WORK=... from `atc tune`, when this machine was tuned; the header's default otherwise."""
    try:
        data = json.loads((cache_dir() / TUNE_FILE).read_text())
        return [f"-DATC_MIN_WORK={float(data['min_work']):.1f}"]
    except (OSError, ValueError, KeyError, TypeError):
        return []


def library(target: str = DEFAULT_TARGET) -> Path:
    """The static runtime library for a target, built once per version and target (safe under make -j)."""
    _check_target(target)
    includes = _vendor_includes(target) + _runtime_defines(target)
    content = b"".join(p.read_bytes() for p in sorted(stubs_dir().glob("*.[ch]"))) + "\0".join(includes).encode()
    digest = hashlib.sha256(content).hexdigest()[:12]
    out_dir = cache_dir() / f"runtime-{target}-{digest}"
    out_dir.mkdir(parents=True, exist_ok=True)
    lib = out_dir / "libatc_rt.a"
    if lib.is_file():
        return lib
    with open(out_dir / ".lock", "w") as lock:
        if _lock_within(lock, config.LOCK_WAIT) and lib.is_file():
            return lib
        # Built here, under the lock or (when another process holds it too long) privately, and renamed in
        # place atomically: either way the library appears whole or not at all.
        build_dir = Path(tempfile.mkdtemp(prefix="build-", dir=out_dir))
        obj = build_dir / f"atc_{target}.o"
        tmp = build_dir / "libatc_rt.a"
        _run_build([real_cc(), "-O2", "-fPIC", "-c", str(stubs_dir() / f"atc_{target}.c"), "-o", str(obj),
                    "-I", str(stubs_dir())] + includes)
        _run_build(["ar", "rcs", str(tmp), str(obj)])
        os.replace(tmp, lib)
        shutil.rmtree(build_dir, ignore_errors=True)
    return lib


def _lock_within(lock_file, seconds: float) -> bool:
    """Take an exclusive lock on the file, waiting at most `seconds`; False when it stayed taken."""
    give_up = time.monotonic() + seconds
    while True:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() >= give_up:
                return False
            time.sleep(0.05)


def _run_build(cmd: list[str]) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise AtcError(f"building the ATC runtime failed: {' '.join(cmd)}\n{proc.stderr.strip()}")


def libs(target: str = DEFAULT_TARGET) -> list[str]:
    """Flags for linking a program that contains rewritten code."""
    if target == "cublas":
        _cuda(link=True)  # before building: a missing library is one clear line, not a compiler error
    flags = [str(library(target))]
    if target == "openblas":
        lib_dir = _openblas()[1]
        flags += ["-L" + lib_dir, "-Wl,-rpath," + lib_dir, "-lscipy_openblas"]
    elif target == "mkl":
        _, lib_dir, lflag = _mkl()
        flags += [f"-L{lib_dir}", f"-Wl,-rpath,{lib_dir}", lflag]
    elif target == "onednn":
        # libdnnl.so needs libtbb, libsycl, libsvml, ... from sibling wheels but has no RUNPATH of its own; a
        # DT_RPATH (unlike the default DT_RUNPATH) is also searched for those indirect dependencies.
        _, lib_dir, lflag = _onednn()
        flags += [f"-L{lib_dir}", "-Wl,--disable-new-dtags", f"-Wl,-rpath,{lib_dir}", lflag]
    elif target == "cublas":
        lib_dir = _cuda(link=True)[1]
        flags += [f"-L{lib_dir}", f"-Wl,-rpath,{lib_dir}", "-lcublas", "-lcudart", "-lpthread"]
    return flags + ["-lm"]
