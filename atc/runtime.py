"""The runtime that rewritten code links against: where its sources are, how to build and link it.

A program links one small static library, the loader (atc_loader.c): it loads the target's backend, a shared
object built here against the vendor library, on the first call that takes the library path (dlopen by the
absolute path baked into the loader, so no LD_LIBRARY_PATH is needed). A program that never takes the library
path never loads it; when the backend or its library is missing at run time, every call declines and the
original code runs. Targets are one table: how to find each vendor library's headers and how to link it."""

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
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import config
from .config import DEFAULT_TARGET, cache_dir, stubs_dir  # noqa: F401 - stubs_dir, cache_dir: part of this API
from .errors import AtcError


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


def _onednn_defines() -> list[str]:
    # oneDNN's CPU engine in the wheels runs on SYCL, which needs the OpenCL CPU runtime of this wheel
    icd = _installed("libintelocl.so", ("intel-opencl-rt",), "lib")
    return [f'-DATC_OPENCL_CPU_ICD="{icd[0]}"'] if icd else []


def _openblas_link() -> list[str]:
    lib_dir = _openblas()[1]
    return ["-L" + lib_dir, "-Wl,-rpath," + lib_dir, "-lscipy_openblas"]


def _wheel_link(find) -> list[str]:
    _, lib_dir, lflag = find()
    return [f"-L{lib_dir}", f"-Wl,-rpath,{lib_dir}", lflag]


def _onednn_link() -> list[str]:
    # libdnnl.so needs libtbb, libsycl, libsvml, ... from sibling wheels but has no RUNPATH of its own; a
    # DT_RPATH (unlike the default DT_RUNPATH) is also searched for those indirect dependencies.
    return ["-Wl,--disable-new-dtags"] + _wheel_link(_onednn)


def _cuda_link() -> list[str]:
    lib_dir = _cuda(link=True)[1]
    return [f"-L{lib_dir}", f"-Wl,-rpath,{lib_dir}", "-lcublas", "-lcudart", "-lpthread"]


@dataclass(frozen=True)
class Target:
    """A backend: its source is runtime_stubs/atc_<name>.c. Each callable raises a one-line AtcError when the
    vendor library is not installed."""
    name: str
    includes: Callable[[], list[str]] = lambda: []   # -I flags for the vendor headers
    link: Callable[[], list[str]] = lambda: []       # flags linking the vendor library into the backend
    defines: Callable[[], list[str]] = lambda: []    # macros for building the backend


TARGET_TABLE = {t.name: t for t in (
    Target("openblas", lambda: ["-I", _openblas()[0]], _openblas_link),
    Target("reference"),
    Target("mkl", lambda: ["-I", str(_mkl()[0])], lambda: _wheel_link(_mkl)),
    Target("onednn", lambda: ["-I", str(_onednn()[0])], _onednn_link, _onednn_defines),
    Target("cublas", lambda: ["-I", str(_cuda()[0])], _cuda_link),
)}
TARGETS = tuple(TARGET_TABLE)


def _target(name: str) -> Target:
    if name not in TARGET_TABLE:
        raise AtcError(f"unknown target '{name}' (choose from {', '.join(TARGETS)})")
    return TARGET_TABLE[name]


def unavailable(target: str) -> str | None:
    """Why a target cannot be built and linked here (its library is missing), or None when it can."""
    try:
        t = _target(target)
        t.includes()
        t.link()
    except AtcError as exc:
        return str(exc)
    return None


def cflags(target: str = DEFAULT_TARGET) -> list[str]:
    """Flags for compiling a rewritten source file (an AtcError when the target's library is missing)."""
    _target(target).includes()
    return ["-I", str(stubs_dir())] + tuned_defines(target)


def tuned_defines(target: str | None = None) -> list[str]:
    """-DATC_MIN_WORK_<OP>=... from `atc tune --target` for this target (ATC_TARGET, else the default, when
    none is named); nothing when it was not tuned, so the header's safe defaults apply."""
    from .evaluate.tune import stored
    return [f"-D{macro}={value:.1f}" for macro, value in sorted(stored(target or config.target()).items())]


def library(target: str = DEFAULT_TARGET) -> Path:
    """The runtime for a target, built once per version and target (safe under make -j): the static loader
    library that programs link, beside the backend shared object it loads."""
    t = _target(target)
    includes = t.includes() + t.defines()
    link = t.link()
    content = b"".join(p.read_bytes() for p in sorted(stubs_dir().glob("*.[ch]")))
    digest = hashlib.sha256(content + "\0".join(includes + link).encode()).hexdigest()[:12]
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
        stubs = stubs_dir()
        backend = out_dir / f"libatc_{target}.so"
        tmp_so = build_dir / f"libatc_{target}.so"
        # -Bsymbolic: the backend's calls to its own entry points stay inside it, never reach the loader's
        # -O3: the loops of the backend itself (taps of a few-channel conv1d, im2col) are vectorised
        _run_build([real_cc(), "-O3", "-fPIC", "-shared", "-Wl,-Bsymbolic", str(stubs / f"atc_{target}.c"),
                    "-o", str(tmp_so), "-I", str(stubs)] + includes + link + ["-lm"])
        os.replace(tmp_so, backend)
        obj = build_dir / "atc_loader.o"
        _run_build([real_cc(), "-O2", "-fPIC", "-c", str(stubs / "atc_loader.c"), "-o", str(obj), "-I", str(stubs),
                    f'-DATC_BACKEND_SO="{backend}"', f'-DATC_TARGET_NAME="{target}"'])
        tmp = build_dir / "libatc_rt.a"
        _run_build(["ar", "rcs", str(tmp), str(obj)])
        os.replace(tmp, lib)
        shutil.rmtree(build_dir, ignore_errors=True)
    return lib


def backend_library(target: str = DEFAULT_TARGET) -> Path:
    """The backend shared object the target's loader opens."""
    return library(target).parent / f"libatc_{target}.so"


def vendor_link(target: str) -> list[str]:
    """Flags linking the target's vendor library directly (for programs that compile a backend source in)."""
    return _target(target).link() + ["-lm"]


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
    """Flags for linking a program that contains rewritten code: the loader only (the vendor library is loaded
    at run time, when first needed)."""
    return [str(library(target)), "-ldl", "-lpthread", "-lm"]


def flag_inputs(target: str, link: bool) -> list[str]:
    """The files and directories the target's flags are derived from: the vendor library's include and
    library directories (their modification time changes when it is installed, upgraded or removed), the
    stored tuning and, for linking, the runtime built here. A change to any of them changes the flags."""
    t = _target(target)
    paths = []
    for flag in t.includes() + t.link():
        path = next((flag[len(p):] for p in ("-Wl,-rpath,", "-I", "-L", "") if flag.startswith(p)), "")
        if os.path.isabs(path):
            paths.append(path)
    from .evaluate.tune import stored_path
    paths.append(str(stored_path(target)))
    if link:
        lib = library(target)
        paths += [str(lib), str(lib.parent / f"libatc_{target}.so")]
    return paths
