"""GEMM benchmark: naive C loop vs. the same loop rewritten by ATC vs. direct OpenBLAS.

Run from the repository root (with the ATC venv active, or via its interpreter):

    python evaluation/bench_gemm.py [--sizes 64 128 256 512 1024] [--repeats 3]
                                    [--json FILE] [--reference]

Programs (generated into a temp dir, one C harness shared by all):
  original   naive i-j-k sgemm, plain `cc -O2`
  rewritten  the same source through `atc cc -O2` (loop replaced by atc_sgemm -> OpenBLAS)
  direct     scipy_cblas_sgemm called directly, `cc -O2`
  reference  (--reference) the same source through `atc cc --atc-target=reference -O2`

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


def build(tmp, with_reference):
    """Compile all programs; return ({name: exe}, atc search time estimate)."""
    naive_c, direct_c = os.path.join(tmp, "naive.c"), os.path.join(tmp, "direct.c")
    with open(naive_c, "w") as f:
        f.write(HARNESS % {"kernel": NAIVE})
    with open(direct_c, "w") as f:
        f.write(HARNESS % {"kernel": DIRECT})
    inc, lib = scipy_openblas32.get_include_dir(), scipy_openblas32.get_lib_dir()
    exe = {k: os.path.join(tmp, k) for k in ("original", "rewritten", "direct", "reference")}
    t0 = time.perf_counter()
    sh(["cc", "-O2", "-o", exe["original"], naive_c, "-lm"])
    t_cc = time.perf_counter() - t0
    t0 = time.perf_counter()  # fresh ATC_CACHE_DIR: this includes the full search
    sh(ATC + ["-O2", "-o", exe["rewritten"], naive_c, "-lm"])
    t_atc = time.perf_counter() - t0
    sh(["cc", "-O2", f"-I{inc}", "-o", exe["direct"], direct_c,
        f"-L{lib}", f"-Wl,-rpath,{lib}", "-lscipy_openblas", "-lm"])
    if with_reference:
        sh(ATC + ["--atc-target=reference", "-O2", "-o", exe["reference"], naive_c, "-lm"])
    else:
        del exe["reference"]
    return exe, t_atc - t_cc


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
    ap.add_argument("--sizes", type=int, nargs="+", default=[64, 128, 256, 512, 1024])
    ap.add_argument("--repeats", type=int, default=3, help="alternating rounds per size")
    ap.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    ap.add_argument("--reference", action="store_true",
                    help="add a column for atc cc --atc-target=reference")
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="atc-bench-")
    try:
        os.environ["ATC_CACHE_DIR"] = os.path.join(tmp, "cache")  # independent of user cache
        os.environ.pop("ATC_TRACE", None)  # timed runs go untraced
        exe, search = build(tmp, args.reference)
        print(f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS', '(unset)')}, "
              f"cpus={os.cpu_count()}, repeats={args.repeats}")
        print(f"atc search time (atc cc - cc, fresh cache): {search:.2f} s")

        cols = list(exe)
        head = f"{'n':>5} " + " ".join(f"{c:>10}" for c in cols) + f" {'rew/dir':>8} {'rew/orig':>8}"
        print("GFLOP/s")
        print(head)
        rows = []
        for n in args.sizes:
            check_trace(exe["rewritten"], n, "openblas")
            if "reference" in exe:
                check_trace(exe["reference"], n, "reference")
            best, sums = bench_size(exe, n, args.repeats)
            gf = {k: 2.0 * n ** 3 / t / 1e9 for k, t in best.items()}
            row = {"n": n, "gflops": gf, "seconds": best, "checksum": sums["original"],
                   "rewritten_over_direct": gf["rewritten"] / gf["direct"],
                   "rewritten_over_original": gf["rewritten"] / gf["original"]}
            rows.append(row)
            print(f"{n:>5} " + " ".join(f"{gf[c]:>10.2f}" for c in cols)
                  + f" {row['rewritten_over_direct']:>8.2f} {row['rewritten_over_original']:>8.2f}",
                  flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    big = [r for r in rows if r["n"] >= 512]
    t1 = all(r["rewritten_over_direct"] >= 0.9 for r in big) if big else None
    t2 = all(r["rewritten_over_original"] >= 0.9 for r in rows)
    fmt = {True: "MET", False: "NOT MET", None: "n/a (no n >= 512)"}
    print(f"target: rewritten >= 0.9x direct for n >= 512   : {fmt[t1]}")
    print(f"target: rewritten >= 0.9x original at every n  : {fmt[t2]}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"search_seconds": search, "repeats": args.repeats,
                       "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS"),
                       "rows": rows, "targets": {"rewritten_vs_direct_n_ge_512": t1,
                                                 "rewritten_vs_original_all_n": t2}},
                      f, indent=2)


if __name__ == "__main__":
    main()
