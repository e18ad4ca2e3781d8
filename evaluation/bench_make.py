"""Build-time benchmark: a multi-file Makefile project built with the plain compiler and through `atc cc`.

Run from the repository root (with the ATC venv active, or via its interpreter):

    python evaluation/bench_make.py [--project DIR] [--jobs N] [--keep]

The project (default evaluation/build_project) is copied to a temporary directory and built four ways:
  plain   make CC=cc in one copy
  cold    make CC="atc cc" in a second copy with an empty, private cache (every source analysed; the link
          also builds the runtime library into that cache)
  warm    make CC="atc cc" in a fresh third copy of the tree with the cache the cold build filled
  no-op   make CC="atc cc" again in the third copy, right after its build (nothing to do)
ATC's own modules are compiled to bytecode first, as an installed copy has them (a source tree run with
PYTHONDONTWRITEBYTECODE=1 would otherwise compile them in every `atc cc` process).
Reported: wall-clock and CPU seconds (user + sys of make and all it ran; the fairer measure on a loaded
machine) of each build and their ratios to the plain build's, the kernels replaced (the
driver's "replaced by" lines), the library calls made at run time (`atc-trace:` lines with ATC_TRACE=1),
and whether each atc build's program prints what the plain build's prints. Single runs: expect noise.
"""
import argparse
import compileall
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from atc.evaluate.outputs import same_output  # noqa: E402

PROJECT = ROOT / "evaluation" / "build_project"
ATC_CC = f"{sys.executable} -m atc.cli cc"
BUILD_OUTPUTS = ("*.o", "*.d", "*.a", "app")


def sh(cmd, cwd, env=None):
    full = dict(os.environ)
    full.update(env or {})
    proc = subprocess.run(cmd, cwd=cwd, env=full, capture_output=True, text=True, errors="replace")
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_make(proj, cc, jobs, env=None):
    """(wall seconds, CPU seconds of make and everything it ran, the finished process)."""
    start, cpu = time.perf_counter(), children_cpu()
    proc = sh(["make", f"-j{jobs}", f"CC={cc}"], proj, env)
    return time.perf_counter() - start, children_cpu() - cpu, proc


def run_app(proj):
    # ATC_LOAD_WORK=0: the library path is taken at the first call (this app's kernels are small enough that
    # by default the runtime keeps them on their loops rather than pay for loading the library)
    proc = sh([str(proj / "app")], proj, {"ATC_TRACE": "1", "ATC_LOAD_WORK": "0"})
    traces = [line for line in proc.stderr.splitlines() if line.startswith("atc-trace:")]
    return proc.stdout, traces


def cpu_per_run(cmd, runs=10, env=None) -> float:
    """Mean CPU seconds (user + sys) of one run of cmd."""
    cpu = children_cpu()
    for _ in range(runs):
        sh(cmd, ROOT, env)
    return (children_cpu() - cpu) / runs


def replaced(build) -> list[str]:
    return [line for line in build.stderr.splitlines() if "replaced by" in line]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--project", type=Path, default=PROJECT, help="a directory with a Makefile building ./app")
    ap.add_argument("--jobs", type=int, default=1, help="make -j (default 1)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory and print its path")
    args = ap.parse_args()

    compileall.compile_dir(ROOT / "atc", quiet=1)
    tmp = Path(tempfile.mkdtemp(prefix="bench-make-"))
    try:
        copies = {name: tmp / name for name in ("plain", "cold", "warm")}
        for d in copies.values():
            shutil.copytree(args.project, d, ignore=shutil.ignore_patterns(*BUILD_OUTPUTS))
        env = {"ATC_CACHE_DIR": str(tmp / "cache")}
        sources = len(list(args.project.rglob("*.c")))

        t_plain, c_plain, _ = timed_make(copies["plain"], os.environ.get("ATC_REAL_CC", "cc"), args.jobs)
        plain_out, _ = run_app(copies["plain"])
        t_cold, c_cold, cold = timed_make(copies["cold"], ATC_CC, args.jobs, env)
        cold_out, cold_traces = run_app(copies["cold"])
        t_warm, c_warm, warm = timed_make(copies["warm"], ATC_CC, args.jobs, env)
        warm_out, warm_traces = run_app(copies["warm"])
        t_noop, c_noop, noop = timed_make(copies["warm"], ATC_CC, args.jobs, env)
        # Where the rest goes: the interpreter's own start-up, and building the runtime once per cache.
        start_up = cpu_per_run([sys.executable, "-c", "pass"])
        runtime_build = cpu_per_run([sys.executable, "-c", "from atc import runtime; runtime.library()"], runs=1,
                                    env={"ATC_CACHE_DIR": str(tmp / "runtime-only")})

        print(f"project: {args.project}  ({sources} C files)  make -j{args.jobs}  "
              f"compiler: {os.environ.get('ATC_REAL_CC', 'cc')}")
        print(f"{'':34s} {'wall':>9s} {'':11s} {'CPU (user+sys)':>14s}")
        for name, t, c in (("plain build (make CC=cc)", t_plain, c_plain), ("atc cc, cold cache", t_cold, c_cold),
                           ("atc cc, fresh copy, warm cache", t_warm, c_warm), ("atc cc, no-op rebuild", t_noop, c_noop)):
            print(f"{name:34s} {t:7.2f} s  {t / t_plain:5.2f}x   {c:7.2f} s  {c / c_plain:5.2f}x plain")
        print(f"CPU per file: plain {c_plain / sources * 1e3:.0f} ms; interpreter start-up alone (python -c pass) "
              f"{start_up * 1e3:.0f} ms; the runtime library's build (once per cache, part of the cold build) "
              f"{runtime_build:.2f} s")
        print(f"kernels replaced (driver 'replaced by')  cold {len(replaced(cold))}, warm {len(replaced(warm))}")
        for line in replaced(cold):
            print(f"    {line}")
        print(f"library calls at run time (atc-trace:)   cold {len(cold_traces)}, warm {len(warm_traces)}")
        for line in cold_traces:
            print(f"    {line}")
        diffs = {"cold": same_output(plain_out, cold_out), "warm": same_output(plain_out, warm_out)}
        print("outputs equal to the plain build's        " +
              ", ".join(f"{k} {'yes' if not v else 'NO: ' + v}" for k, v in diffs.items()))
        print(f"no-op rebuild compiled anything           {'yes' if ' -c ' in noop.stdout else 'no'}")
        return 0 if not any(diffs.values()) else 1
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
