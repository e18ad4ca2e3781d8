"""GEMM benchmark: naive C loop vs. the same loop rewritten by ATC vs. direct OpenBLAS.

Run from the repository root (with the ATC venv active, or via its interpreter):

    python evaluation/bench_gemm.py [--sizes 64,128,256,512,1024] [--repeats 3]
                                    [--targets openblas,reference,mkl,onednn] [--json FILE]

Programs (generated into a temp dir, one C harness shared by all):
  original              naive i-j-k sgemm, plain `cc -O2`
  rewritten (<target>)  the same source through `atc cc --atc-target=<target> -O2` (loop replaced by
                        atc_sgemm -> that backend), one column per target (default: every target whose
                        library is installed here; `--reference` is the old spelling of adding reference)
  direct                scipy_cblas_sgemm called directly, `cc -O2` (the reference column)

For every n the programs are run alternately `--repeats` times; the best time per call is
kept and reported as GFLOP/s = 2*n^3 / seconds.  Checksums must agree (relative 1e-3).
"""
import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time

import scipy_openblas32

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir))
from atc import runtime  # noqa: E402

HARNESS = r"""
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
%(kernel)s
static double now(void) {
    struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}
int main(int argc, char **argv) {
    int n = atoi(argv[1]), reps = atoi(argv[2]);
    size_t nn = (size_t)n * n;
    float *A = malloc(nn * sizeof *A), *B = malloc(nn * sizeof *B), *C = malloc(nn * sizeof *C);
    for (size_t i = 0; i < nn; i++) {
        A[i] = (float)((i * 7 + 3) %% 13) / 13.0f;
        B[i] = (float)((i * 5 + 1) %% 11) / 11.0f;
    }
    matmul(n, n, n, A, B, C);  /* warm-up */
    double best = 1e30;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        matmul(n, n, n, A, B, C);
        double t = now() - t0;
        if (t < best) best = t;
    }
    double sum = 0.0;  /* position-weighted, so a transposed result would not match */
    for (size_t i = 0; i < nn; i++) sum += C[i] * (double)(i %% 7 + 1);
    printf("%%.9e %%.9e\n", best, sum);
    free(A); free(B); free(C);
    return 0;
}
"""

NAIVE = r"""
void matmul(int M, int N, int K, const float *A, const float *B, float *C) {
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float acc = 0.0f;
            for (int k = 0; k < K; k++)
                acc += A[i * K + k] * B[k * N + j];
            C[i * N + j] = acc;
        }
}
"""

DIRECT = r"""
#include <cblas.h>
void matmul(int M, int N, int K, const float *A, const float *B, float *C) {
    scipy_cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K,
                      1.0f, A, K, B, N, 0.0f, C, N);
}
"""

_VENV_ATC = os.path.join(os.path.dirname(sys.executable), "atc")
ATC = [_VENV_ATC if os.path.exists(_VENV_ATC) else "atc", "cc"]
TARGET_TIME = 0.2   # seconds of timed calls per measurement
NAIVE_CAP_N = 1024  # at n >= this, the naive original gets a single timed call


def sh(cmd, env=None):
    res = subprocess.run(cmd, capture_output=True, text=True, env=env)
    if res.returncode != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{res.stdout}{res.stderr}")
    return res


def rewritten(target):
    return f"rewritten ({target})"


def build(tmp, targets):
    """Compile all programs; return ({name: exe}, atc search time estimate)."""
    naive_c, direct_c = os.path.join(tmp, "naive.c"), os.path.join(tmp, "direct.c")
    with open(naive_c, "w") as f:
        f.write(HARNESS % {"kernel": NAIVE})
    with open(direct_c, "w") as f:
        f.write(HARNESS % {"kernel": DIRECT})
    inc, lib = scipy_openblas32.get_include_dir(), scipy_openblas32.get_lib_dir()
    exe = {"original": os.path.join(tmp, "original")}
    exe.update({rewritten(t): os.path.join(tmp, f"rewritten-{t}") for t in targets})
    exe["direct"] = os.path.join(tmp, "direct")
    t0 = time.perf_counter()
    sh(["cc", "-O2", "-o", exe["original"], naive_c, "-lm"])
    t_cc = time.perf_counter() - t0
    t_atc = None
    for target in targets:
        t0 = time.perf_counter()  # fresh ATC_CACHE_DIR: the first one includes the full search
        proc = subprocess.run(ATC + [f"--atc-target={target}", "-O2", "-o", exe[rewritten(target)], naive_c, "-lm"],
                              capture_output=True, text=True)
        if t_atc is None:
            t_atc = time.perf_counter() - t0
        if proc.returncode != 0 or "runtime unavailable" in proc.stderr:
            sys.exit(f"atc cc --atc-target={target} failed:\n{proc.stderr}")
    sh(["cc", "-O2", f"-I{inc}", "-o", exe["direct"], direct_c,
        f"-L{lib}", f"-Wl,-rpath,{lib}", "-lscipy_openblas", "-lm"])
    return exe, (t_atc or 0.0) - t_cc


def run(exe, n, reps):
    out = sh([exe, str(n), str(reps)]).stdout.split()
    return float(out[0]), float(out[1])


def check_trace(exe, n, backend):
    err = sh([exe, str(n), "1"], env=dict(os.environ, ATC_TRACE="1")).stderr
    want = f"atc-trace: sgemm backend={backend} m={n} n={n} k={n}"
    if want not in err:
        sys.exit(f"{os.path.basename(exe)} did not call the library at n={n}:\n{err}")


def bench_size(exe, n, repeats):
    """Alternate the programs `repeats` times; return ({name: best seconds}, {name: checksum})."""
    reps = {}
    for name, path in exe.items():
        if name == "original" and n >= NAIVE_CAP_N:
            reps[name] = 1
        else:  # calibrate from one short run
            t, _ = run(path, n, 1)
            reps[name] = max(1, math.ceil(TARGET_TIME / max(t, 1e-7)))
    best, sums = {k: math.inf for k in exe}, {}
    for _ in range(repeats):
        for name, path in exe.items():
            t, s = run(path, n, reps[name])
            best[name] = min(best[name], t)
            sums[name] = s
    ref = sums["original"]
    for name, s in sums.items():
        if abs(s - ref) > 1e-3 * abs(ref):
            sys.exit(f"checksum mismatch at n={n}: {name}={s!r} vs original={ref!r}")
    return best, sums


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", nargs="+", default=["64,128,256,512,1024"],
                    help="matrix sizes n, space- or comma-separated (default: 64 128 256 512 1024)")
    ap.add_argument("--repeats", type=int, default=3, help="alternating rounds per size")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    installed = [t for t in runtime.TARGETS if runtime.unavailable(t) is None]
    ap.add_argument("--targets", default=None,
                    help="comma-separated backends, one 'rewritten (<target>)' column each "
                         f"(default: those installed here: {','.join(installed)})")
    ap.add_argument("--reference", action="store_true", help="add the reference target (old spelling)")
    args = ap.parse_args()
    args.sizes = [int(x) for arg in args.sizes for x in arg.split(",") if x]
    targets = args.targets.split(",") if args.targets else list(installed)
    if args.reference and "reference" not in targets:
        targets.append("reference")
    for t in targets:
        if t not in runtime.TARGETS:
            sys.exit(f"unknown target {t!r} (choose from {', '.join(runtime.TARGETS)})")
        if runtime.unavailable(t):
            sys.exit(runtime.unavailable(t))
    main_col = rewritten("openblas" if "openblas" in targets else targets[0])

    tmp = tempfile.mkdtemp(prefix="atc-bench-")
    try:
        os.environ["ATC_CACHE_DIR"] = os.path.join(tmp, "cache")  # independent of user cache
        os.environ.pop("ATC_TRACE", None)  # timed runs go untraced
        exe, search = build(tmp, targets)
        threads = ", ".join(f"{v}={os.environ.get(v, '(unset)')}" for v in ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"))
        print(f"{threads}, cpus={os.cpu_count()}, repeats={args.repeats}")
        print(f"atc search time (atc cc - cc, fresh cache): {search:.2f} s")

        cols = list(exe)
        width = {c: max(10, len(c)) for c in cols}
        head = f"{'n':>5} " + " ".join(f"{c:>{width[c]}}" for c in cols) + f" {'rew/dir':>8} {'rew/orig':>8}"
        print(f"GFLOP/s (rew = {main_col})")
        print(head)
        rows = []
        for n in args.sizes:
            for t in targets:
                check_trace(exe[rewritten(t)], n, t)
            best, sums = bench_size(exe, n, args.repeats)
            gf = {k: 2.0 * n ** 3 / t / 1e9 for k, t in best.items()}
            row = {"n": n, "gflops": gf, "seconds": best, "checksum": sums["original"],
                   "rewritten_over_direct": gf[main_col] / gf["direct"],
                   "rewritten_over_original": gf[main_col] / gf["original"]}
            rows.append(row)
            print(f"{n:>5} " + " ".join(f"{gf[c]:>{width[c]}.2f}" for c in cols)
                  + f" {row['rewritten_over_direct']:>8.2f} {row['rewritten_over_original']:>8.2f}",
                  flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    big = [r for r in rows if r["n"] >= 512]
    t1 = all(r["rewritten_over_direct"] >= 0.9 for r in big) if big else None
    t2 = all(r["rewritten_over_original"] >= 0.9 for r in rows)
    fmt = {True: "MET", False: "NOT MET", None: "n/a (no n >= 512)"}
    print(f"target: {main_col} >= 0.9x direct for n >= 512   : {fmt[t1]}")
    print(f"target: {main_col} >= 0.9x original at every n  : {fmt[t2]}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"search_seconds": search, "repeats": args.repeats, "targets_benchmarked": targets,
                       "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
                       "rows": rows, "targets": {"rewritten_vs_direct_n_ge_512": t1,
                                                 "rewritten_vs_original_all_n": t2}},
                      f, indent=2)


if __name__ == "__main__":
    main()
