"""Build-time benchmark: the multi-file project tests/make_project built with `make` and with `make CC="atc cc"`.

Run from the repository root (with the ATC venv active, or via its interpreter):

    python evaluation/bench_make.py [--jobs N] [--keep]

The project is copied to a temporary directory and built four ways, in this order:
  plain   make CC=cc
  cold    make CC="atc cc" with an empty, private ATC_CACHE_DIR (every source analysed; the first link
          also builds the runtime library into that cache directory)
  warm    make clean && make CC="atc cc" with the same cache (results served from the cache)
Reported: wall-clock time of each build, kernels offloaded (the driver's "replaced by" lines at build
time and `atc-trace:` lines when the program runs with ATC_TRACE=1), and whether the program output of
the atc builds equals the plain build's (numbers within 1e-3).  Timings are single runs on whatever
machine this is: expect noise.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from atc.evaluate.outputs import same_output  # noqa: E402

PROJECT = ROOT / "tests" / "make_project"
ATC_CC = f"{sys.executable} -m atc.cli cc"


def sh(cmd, cwd, env=None):
    full = dict(os.environ)
    full.update(env or {})
    proc = subprocess.run(cmd, cwd=cwd, env=full, capture_output=True, text=True, errors="replace")
    if proc.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def timed_make(proj, cc, jobs, env=None):
    start = time.perf_counter()
    proc = sh(["make", f"-j{jobs}", f"CC={cc}"], proj, env)
    return time.perf_counter() - start, proc


def run_app(proj):
    proc = sh([str(proj / "app")], proj, {"ATC_TRACE": "1"})
    traces = [line for line in proc.stderr.splitlines() if line.startswith("atc-trace:")]
    return proc.stdout, traces


def replaced(build) -> list[str]:
    return [line for line in build.stderr.splitlines() if "replaced by" in line]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--jobs", type=int, default=1, help="make -j (default 1)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory and print its path")
    args = ap.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="bench-make-"))
    try:
        plain_dir, atc_dir, cache = tmp / "plain", tmp / "atc", tmp / "cache"
        for d in (plain_dir, atc_dir):
            shutil.copytree(PROJECT, d, ignore=shutil.ignore_patterns("*.o", "*.d", "*.a", "app"))
        env = {"ATC_CACHE_DIR": str(cache)}

        t_plain, _ = timed_make(plain_dir, "cc", args.jobs)
        plain_out, _ = run_app(plain_dir)

        t_cold, cold = timed_make(atc_dir, ATC_CC, args.jobs, env)
        cold_out, cold_traces = run_app(atc_dir)
        results_cold = len(list(cache.glob("**/results/**/*.json")))

        start = time.perf_counter()
        sh(["make", "clean"], atc_dir)
        _, warm = timed_make(atc_dir, ATC_CC, args.jobs, env)
        t_warm = time.perf_counter() - start
        warm_out, warm_traces = run_app(atc_dir)
        results_warm = len(list(cache.glob("**/results/**/*.json")))

        diff_cold = same_output(plain_out, cold_out)
        diff_warm = same_output(plain_out, warm_out)
        print(f"project: {PROJECT.relative_to(ROOT)}  make -j{args.jobs}  compiler: {os.environ.get('ATC_REAL_CC', 'cc')}")
        print(f"plain build (make CC=cc)                 {t_plain:7.2f} s")
        print(f"atc cc build, cold cache                 {t_cold:7.2f} s")
        print(f"atc cc rebuild, warm cache (clean+make)  {t_warm:7.2f} s")
        print(f"cache results after cold / warm build    {results_cold} / {results_warm}")
        print(f"kernels replaced (driver 'replaced by')  cold {len(replaced(cold))}, warm {len(replaced(warm))}")
        for line in replaced(cold):
            print(f"    {line}")
        print(f"library calls at run time (atc-trace:)   cold {len(cold_traces)}, warm {len(warm_traces)}")
        for line in cold_traces:
            print(f"    {line}")
        print(f"outputs equal to plain build             cold {'yes' if not diff_cold else 'NO: ' + diff_cold}, "
              f"warm {'yes' if not diff_warm else 'NO: ' + diff_warm}")
        return 0 if not diff_cold and not diff_warm else 1
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
