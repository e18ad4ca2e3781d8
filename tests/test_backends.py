"""Every runtime backend against numpy: each entry point, s and d, every transpose, alpha/beta, batched, gemv
both ways; `atc flags`; clear errors for backends whose library is missing; the cuBLAS backend compiles."""

import os
import shlex
import subprocess
from pathlib import Path

import numpy as np
import pytest

from atc import runtime
from atc.evaluate.outputs import same_output
from conftest import ATC, CORPUS, atc, run, skip_without_gpu

N = 2048  # elements in each driver buffer
DRIVER = r"""
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "atc_runtime.h"
#define N 2048
static float sa[N], sb[N], sc[N], sbias[N];
static double da[N], db[N], dc[N], dbias[N];
/* multiples of 1/16: exact in float and double, so numpy sees the same inputs */
static void init(int nan_c)
{
    for (int i = 0; i < N; i++) {
        sa[i] = da[i] = ((i * 7) % 11 - 5) / 8.0;
        sb[i] = db[i] = ((i * 5) % 13 - 6) / 16.0;
        sc[i] = dc[i] = nan_c ? NAN : ((i * 3) % 7 - 3) / 4.0;
        sbias[i] = dbias[i] = ((i * 11) % 9 - 4) / 8.0;
    }
}
#define OPS(p, T)                                                                                    \
    if (!strcmp(op, #p "gemm")) {                                                                    \
        scanf("%d %d %ld %ld %ld %ld %ld %ld %lf %lf", &ta, &tb, &m, &n, &k, &lda, &ldb, &ldc, &alpha, &beta); \
        init(beta == 0);                                                                             \
        done = atc_##p##gemm(ta, tb, m, n, k, (T)alpha, p##a, lda, p##b, ldb, (T)beta, p##c, ldc);   \
    } else if (!strcmp(op, #p "gemm_batched")) {                                                     \
        scanf("%ld %d %d %ld %ld %ld %ld %ld %ld %lf %lf %ld %ld %ld", &batch, &ta, &tb, &m, &n, &k,  \
              &lda, &ldb, &ldc, &alpha, &beta, &s1, &s2, &s3);                                       \
        init(beta == 0);                                                                             \
        done = atc_##p##gemm_batched(batch, ta, tb, m, n, k, (T)alpha, p##a, lda, p##b, ldb, (T)beta, \
                                     p##c, ldc, s1, s2, s3);                                         \
    } else if (!strcmp(op, #p "gemm_bias")) {                                                        \
        scanf("%d %d %ld %ld %ld %ld %ld %ld %lf %d", &ta, &tb, &m, &n, &k, &lda, &ldb, &ldc, &alpha, &cols); \
        init(1);                                                                                     \
        done = atc_##p##gemm_bias(ta, tb, m, n, k, (T)alpha, p##a, lda, p##b, ldb, p##bias, cols, p##c, ldc); \
    } else if (!strcmp(op, #p "gemv")) {                                                             \
        scanf("%d %ld %ld %ld %lf %lf %ld %ld", &ta, &m, &n, &lda, &alpha, &beta, &incx, &incy);      \
        init(beta == 0);                                                                             \
        done = atc_##p##gemv(ta, m, n, (T)alpha, p##a, lda, p##b, incx, (T)beta, p##c, incy);        \
    } else if (!strcmp(op, #p "gemv_bias")) {                                                        \
        scanf("%d %ld %ld %ld %lf %ld %ld", &ta, &m, &n, &lda, &alpha, &incx, &incy);                 \
        init(1);                                                                                     \
        done = atc_##p##gemv_bias(ta, m, n, (T)alpha, p##a, lda, p##b, incx, p##bias, p##c, incy);   \
    } else if (!strcmp(op, #p "axpy")) {                                                             \
        scanf("%ld %lf %ld %ld", &n, &alpha, &incx, &incy);                                          \
        init(0);                                                                                     \
        done = atc_##p##axpy(n, (T)alpha, p##b, incx, p##c, incy);                                   \
    } else if (!strcmp(op, #p "dot")) {                                                              \
        scanf("%ld %ld %ld", &n, &incx, &incy);                                                      \
        init(0);                                                                                     \
        done = atc_##p##dot(n, p##a, incx, p##b, incy, &p##c[0]);                                    \
    }                                                                                                \
    if (op[0] == #p[0]) {                                                                            \
        printf("%d", done);                                                                          \
        for (int i = 0; i < N; i++)                                                                  \
            printf(" %.17g", (double)p##c[i]);                                                       \
        printf("\n");                                                                                \
    }
int main(void)
{
    char op[32];
    int ta, tb, cols, done = 0;
    long m, n, k, lda, ldb, ldc, batch, s1, s2, s3, incx, incy;
    double alpha, beta;
    printf("%s\n", atc_backend());
    while (scanf("%31s", op) == 1) {
        if (!strcmp(op, "dsdot")) {
            double r;
            scanf("%ld %ld %ld", &n, &incx, &incy);
            init(0);
            done = atc_dsdot(n, sa, incx, sb, incy, &r);
            printf("%d %.17g\n", done, r);
            continue;
        }
        OPS(s, float)
        OPS(d, double)
    }
    return 0;
}
"""

TRANS = [(ta, tb) for ta in (0, 1) for tb in (0, 1)]
CASES = (
    # p, op, args ...
    [(p, "gemm", ta, tb, 7, 5, 3, 9, 8, 6, 1.5, beta) for p in "sd" for ta, tb in TRANS for beta in (0.0, -0.5, 1.0)]
    + [(p, "gemm", ta, tb, 33, 17, 40, 41, 41, 41, -0.75, 0.25) for p in "sd" for ta, tb in TRANS]
    + [(p, "gemm_batched", 3, ta, tb, 4, 5, 3, 6, 7, 8, 1.25, beta, sa, sb, 40)  # stride 0: a shared input
       for p in "sd" for ta, tb in TRANS for beta in (0.0, 0.5) for sa, sb in ((40, 40), (40, 0), (0, 40))]
    + [(p, "gemm_bias", ta, tb, 7, 5, 3, 9, 8, 6, 1.5, cols) for p in "sd" for ta, tb in TRANS for cols in (0, 1)]
    + [(p, "gemv", t, 7, 5, 9, a, beta, 1, 1) for p in "sd" for t in (0, 1) for a, beta in ((1.0, 0.0), (-2.5, -0.5))]
    + [(p, "gemv", t, 40, 37, 45, 0.5, 2.0, 1, 1) for p in "sd" for t in (0, 1)]
    + [(p, "gemv", t, 9, 6, 7, 0.5, beta, 3, 2) for p in "sd" for t in (0, 1) for beta in (0.0, 1.0)]
    + [(p, "gemv_bias", t, 7, 5, 9, a, incx, incy) for p in "sd" for t in (0, 1) for a in (1.0, -2.5)
       for incx, incy in ((1, 1), (2, 3))]
    + [(p, "axpy", n, -1.25, 1, 1) for p in "sd" for n in (1, 37, 1000)]
    + [(p, "axpy", 37, 0.5, 3, 2) for p in "sd"]
    + [(p, "dot", n, 1, 1) for p in "sd" for n in (1, 37, 1000)]
    + [(p, "dot", 37, 2, 5) for p in "sd"]
    + [("", "dsdot", n, 1, 1) for n in (1, 37, 1000)]
    + [("", "dsdot", 37, 3, 2)]
)


def _inputs(dtype, nan_c=False):
    i = np.arange(N)
    a = (((i * 7) % 11 - 5) / 8.0).astype(dtype)
    b = (((i * 5) % 13 - 6) / 16.0).astype(dtype)
    c = np.full(N, np.nan) if nan_c else ((i * 3) % 7 - 3) / 4.0
    return a.astype(np.float64), b.astype(np.float64), c.astype(dtype).astype(np.float64)


def _index(rows, cols, ld, off=0):
    """Flat indices of a row-major rows x cols matrix with leading dimension ld."""
    return off + np.arange(rows)[:, None] * ld + np.arange(cols)[None, :]


def _gemm(a, b, c, ta, tb, m, n, k, lda, ldb, ldc, alpha, beta, oa=0, ob=0, oc=0):
    A = a[_index(k, m, lda, oa)].T if ta else a[_index(m, k, lda, oa)]
    B = b[_index(n, k, ldb, ob)].T if tb else b[_index(k, n, ldb, ob)]
    idx = _index(m, n, ldc, oc)
    c[idx] = alpha * (A @ B) + (beta * c[idx] if beta != 0 else 0)


def expected(case):
    """What the driver prints for a case: the whole output buffer, or a dot product."""
    p, op, *args = case
    beta_at = {"gemm": -1, "gemm_batched": -4, "gemv": -3}
    a, b, c = _inputs(np.float32 if p in ("s", "") else np.float64,
                      nan_c=op in ("gemm_bias", "gemv_bias") or op in beta_at and args[beta_at[op]] == 0)
    i = np.arange(N)
    bias = ((i * 11) % 9 - 4) / 8.0
    if op == "gemm":
        _gemm(a, b, c, *args)
    elif op == "gemm_batched":
        batch, ta, tb, m, n, k, lda, ldb, ldc, alpha, beta, s1, s2, s3 = args
        for t in range(batch):
            _gemm(a, b, c, ta, tb, m, n, k, lda, ldb, ldc, alpha, beta, t * s1, t * s2, t * s3)
    elif op == "gemm_bias":
        ta, tb, m, n, k, lda, ldb, ldc, alpha, cols = args
        _gemm(a, b, c, ta, tb, m, n, k, lda, ldb, ldc, alpha, 0.0)
        idx = _index(m, n, ldc)
        c[idx] += bias[:n][None, :] if cols else bias[:m][:, None]
    elif op in ("gemv", "gemv_bias"):
        t, m, n, lda, alpha, *rest = args
        beta, incx, incy = rest if op == "gemv" else (None, *rest)
        A = a[_index(m, n, lda)]
        nx, ny = (m, n) if t else (n, m)
        y = alpha * ((A.T if t else A) @ b[: nx * incx: incx])
        old = c[: ny * incy: incy]
        c[: ny * incy: incy] = y + (bias[:ny] if op == "gemv_bias" else beta * old if beta != 0 else 0)
    elif op == "axpy":
        n, alpha, incx, incy = args
        c[: n * incy: incy] += alpha * b[: n * incx: incx]
    elif op in ("dot", "dsdot"):
        n, incx, incy = args
        return np.array([a[: n * incx: incx] @ b[: n * incy: incy]])
    return c


@pytest.fixture(scope="module")
def driver_src(tmp_path_factory):
    src = tmp_path_factory.mktemp("driver") / "driver.c"
    src.write_text(DRIVER)
    return src


def _require(target):
    reason = runtime.unavailable(target)
    if reason:
        pytest.skip(f"optional backend not installed here: {reason}")


def check_driver(exe, target):
    """Run the driver over CASES and compare every output with numpy."""
    stdin = "\n".join(" ".join(map(str, (p + op if p else op, *args))) for p, op, *args in CASES) + "\n"
    proc = subprocess.run([str(exe)], input=stdin, capture_output=True, text=True,
                          env=dict(os.environ, ATC_TRACE="1"))
    skip_without_gpu(target, proc)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert lines[0] == target
    assert len(lines) == 1 + len(CASES), proc.stderr[-2000:]
    for case, line in zip(CASES, lines[1:]):
        done, *values = line.split()
        assert done == "1", f"{target} {case}: declined"
        got = np.array(values, dtype=np.float64)
        want = expected(case)
        got = got[: len(want)]
        single = case[0] == "s"
        tol = dict(rtol=1e-5, atol=1e-4) if single else dict(rtol=1e-12, atol=1e-12)
        bad = ~np.isclose(got, want, equal_nan=True, **tol)
        assert not bad.any(), f"{target} {case}: first differences at {np.flatnonzero(bad)[:5]}: " \
                              f"got {got[bad][:5]}, want {want[bad][:5]}"
    # every entry point says which backend ran it
    traces = [ln for ln in proc.stderr.splitlines() if ln.startswith("atc-trace: ")]
    assert all(f" backend={target} " in ln + " " for ln in traces)
    want_apis = {p + op for p in "sd" for op in ("gemm", "gemm_batched", "gemm_bias", "gemv", "gemv_bias", "axpy",
                                                  "dot")} | {"dsdot"}
    assert want_apis <= {ln.split()[1] for ln in traces}


@pytest.mark.parametrize("target", runtime.TARGETS)
def test_backend_matches_numpy(target, driver_src, tmp_path):
    _require(target)
    exe = tmp_path / "driver"
    run(["cc", "-O2", *runtime.cflags(target), str(driver_src), "-o", str(exe), *runtime.libs(target)], check=True)
    check_driver(exe, target)


def test_cublas_backend_on_an_emulated_device(driver_src, tmp_path):
    """The cuBLAS backend's own logic (row-major trick, packing, strides, copies, frees), everywhere: linked
    against a host emulation of the CUDA/cuBLAS calls it makes (tests/cuda_mock), which rejects host pointers
    passed as device ones, out-of-buffer operands, bad leading dimensions and leaked buffers."""
    mock = Path(__file__).parent / "cuda_mock"
    stubs = runtime.stubs_dir()
    exe = tmp_path / "driver"
    run(["cc", "-O2", "-Wall", "-I", str(mock), "-I", str(stubs), str(driver_src), str(stubs / "atc_cublas.c"),
         str(mock / "mock_cuda.c"), "-o", str(exe), "-lpthread", "-lm"], check=True)
    check_driver(exe, "cublas")


FLAGS_PROGRAM = r"""
#include <stdio.h>
#include "atc_runtime.h"
int main(void) {
    float a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {1, 0, 0, 1, 1, 1}, c[4];
    atc_sgemm(0, 0, 2, 2, 3, 1.0f, a, 3, b, 2, 0.0f, c, 2);
    printf("%s %g %g %g %g\n", atc_backend(), c[0], c[1], c[2], c[3]);
    return 0;
}
"""


@pytest.mark.parametrize("target", runtime.TARGETS)
def test_flags_build_a_program(target, tmp_path):
    _require(target)
    both = atc("flags", "--target", target, check=True).stdout.strip()
    cflags = atc("flags", "--cflags", "--target", target, check=True).stdout.strip()
    libs = atc("flags", "--libs", "--target", target, check=True).stdout.strip()
    assert both == f"{cflags} {libs}"
    src = tmp_path / "prog.c"
    src.write_text(FLAGS_PROGRAM)
    exe = tmp_path / "prog"
    run(["cc", *shlex.split(cflags), str(src), "-o", str(exe), *shlex.split(libs)], check=True)
    proc = run([str(exe)], env={"ATC_TRACE": "1"})
    skip_without_gpu(target, proc)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == [target, "4", "5", "10", "11"]
    assert f"atc-trace: sgemm backend={target} m=2 n=2 k=3" in proc.stderr


def test_flags_default_target_follows_atc_target():
    assert atc("flags", "--libs", env={"ATC_TARGET": "reference"}, check=True).stdout.split()[-1] == "-lm"
    assert "runtime-reference-" in atc("flags", "--libs", env={"ATC_TARGET": "reference"}).stdout


@pytest.mark.parametrize("target,extra", [("mkl", "mkl"), ("onednn", "onednn")])
def test_missing_wheel_is_one_clear_line(target, extra, monkeypatch):
    monkeypatch.setattr(runtime, "_installed", lambda *a, **k: [])
    for fn in (runtime.cflags, runtime.libs):
        with pytest.raises(runtime.AtcError) as exc:
            fn(target)
        msg = str(exc.value)
        assert "\n" not in msg and f'pip install "atc[{extra}]"' in msg and target in msg
    assert runtime.unavailable(target)


def test_missing_cuda_is_one_clear_line(tmp_path):
    proc = atc("flags", "--target", "cublas", env={"CUDA_HOME": str(tmp_path)})
    assert proc.returncode == 1 and proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "cublas_v2.h" in lines[0] and str(tmp_path) in lines[0], proc.stderr


def test_cc_falls_back_when_the_target_library_is_missing(tmp_path):
    src = CORPUS / "gemm_ijk_flat.c"
    exe = tmp_path / "prog"
    proc = run(ATC + ["cc", "-O2", str(src), "-o", str(exe), "-lm"],
               env={"ATC_TARGET": "cublas", "CUDA_HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr
    assert "runtime unavailable" in proc.stderr and "cublas" in proc.stderr
    plain = tmp_path / "plain"
    run(["cc", "-O2", str(src), "-o", str(plain), "-lm"], check=True)
    ours = run([str(exe)], env={"ATC_TRACE": "1"})
    assert ours.returncode == 0 and "atc-trace" not in ours.stderr
    assert ours.stdout == run([str(plain)]).stdout


def test_cublas_backend_compiles():
    inc = runtime.cuda_home() / "include"
    missing = [h for h in ("cuda_runtime.h", "cublas_v2.h") if not (inc / h).is_file()]
    if missing:
        pytest.skip(f"CUDA headers (cuda_runtime.h, cublas_v2.h) not found under {inc} (missing: "
                    f"{', '.join(missing)}; set CUDA_HOME to a toolkit with cuBLAS)")
    stubs = runtime.stubs_dir()
    proc = run(["cc", "-O2", "-Wall", "-Werror", "-c", str(stubs / "atc_cublas.c"), "-I", str(stubs),
                "-I", str(inc), "-o", "/dev/null"])
    assert proc.returncode == 0, proc.stderr
    assert runtime.cflags("cublas")[:2] == ["-I", str(stubs)]


def test_cublas_target_rewrites_to_the_runtime_header(tmp_path):
    out = tmp_path / "gemm.c"
    atc("compile", str(CORPUS / "gemm_ijk_flat.c"), "-o", str(out), "--target", "cublas", "-q", check=True)
    text = out.read_text()
    assert '#include "atc_runtime.h"' in text or "#include <atc_runtime.h>" in text
    assert "atc_sgemm(" in text
    run(["cc", "-O2", "-Wall", "-c", "-I", str(runtime.stubs_dir()), str(out), "-o", str(tmp_path / "gemm.o")],
        check=True)


def test_backend_is_loaded_only_when_needed_and_its_absence_runs_the_original(tmp_path):
    """The program does not link the vendor library (it is opened on the first library call); with the backend
    gone at run time, every call declines (one atc-decline line each under ATC_TRACE) and the output is the
    original's."""
    cache = tmp_path / "cache"
    src = CORPUS / "gemm_ijk_flat.c"
    exe, plain = tmp_path / "prog", tmp_path / "plain"
    run(ATC + ["cc", "-O2", str(src), "-o", str(exe), "-lm"], env={"ATC_CACHE_DIR": str(cache)}, check=True)
    run(["cc", "-O2", str(src), "-o", str(plain), "-lm"], check=True)
    needed = run(["readelf", "-d", str(exe)], check=True).stdout
    assert "openblas" not in needed, needed
    want = run([str(plain)], check=True).stdout
    taken = run([str(exe)], env={"ATC_TRACE": "1"}, check=True)
    assert "atc-trace: sgemm" in taken.stderr and not same_output(want, taken.stdout)
    backends = list(cache.rglob("libatc_openblas.so"))
    assert len(backends) == 1
    backends[0].rename(backends[0].with_suffix(".gone"))
    declined = run([str(exe)], env={"ATC_TRACE": "1"}, check=True)
    assert not same_output(want, declined.stdout)
    assert "atc-trace" not in declined.stderr
    assert [ln.split()[1] for ln in declined.stderr.splitlines()] == ["sgemm"], declined.stderr
    assert declined.stderr.startswith("atc-decline: sgemm backend=openblas reason=unavailable")
