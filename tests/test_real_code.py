"""Files as real projects write them: calling functions and reading variables of other files, including
intrinsics headers. Each program is built plain and with `atc cc`; outputs must agree and the kernels must be
offloaded."""

import json
import subprocess
from importlib import metadata

import pytest

from atc.analysis.harness import _first_cause
from atc.errors import AtcError
from atc.evaluate.outputs import same_output
from atc.frontend import cparse
from conftest import atc, cc_available, run

pytestmark = pytest.mark.skipif(not cc_available(), reason="needs cc")

DRIVER_HEADER = r"""
#include <stdio.h>
#include <stdlib.h>
static unsigned int lcg_state = 7u;
static float lcg(void)
{
    lcg_state = lcg_state * 1664525u + 1013904223u;
    return (float)(lcg_state >> 8) / 8388608.0f - 1.0f;
}
static float *filled(int n)
{
    float *p = malloc(sizeof(float) * n);
    for (int i = 0; i < n; i++)
        p[i] = lcg();
    return p;
}
static double weighted(const float *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += (double)x[i] * (double)(i % 7 + 1);
    return s;
}
"""

# A kernel file that calls a function of another file, reads variables of another file (one of them
# through a helper), and whose kernels therefore cannot link on their own.
CALLS_KERNELS = r"""
#include "shared.h"
extern float gain;
extern float weights[WMAX];
extern int wlen;

void matmul(int M, int N, int K, const float *A, const float *B, float *C)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float s = 0.0f;
            for (int k = 0; k < K; k++)
                s += A[i * K + k] * B[k * N + j];
            C[i * N + j] = s;
        }
    log_event("matmul", M * N);
}

float weighted_input(const float *x)
{
    float s = 0.0f;
    for (int i = 0; i < wlen; i++)
        s += weights[i] * x[i];
    return s;
}

static float gained(float c) { return gain * c; }

/* C = A*B + gain*C: gain is another file's, so no proof can fix it. */
void blend(int M, int N, int K, const float *A, const float *B, float *C)
{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {
            float s = 0.0f;
            for (int k = 0; k < K; k++)
                s += A[i * K + k] * B[k * N + j];
            C[i * N + j] = s + gained(C[i * N + j]);
        }
}
"""

CALLS_SHARED = r"""
#define WMAX 8192
void log_event(const char *what, int n);
void matmul(int M, int N, int K, const float *A, const float *B, float *C);
float weighted_input(const float *x);
void blend(int M, int N, int K, const float *A, const float *B, float *C);
"""

CALLS_OTHER = r"""
#include <stdio.h>
#include "shared.h"
float gain = 0.25f;
float weights[WMAX];
int wlen = 6000;
static long events;
void log_event(const char *what, int n) { events += n; if (events < 0) printf("%s\n", what); }
"""

CALLS_MAIN = DRIVER_HEADER + r"""
#include "shared.h"
extern float weights[WMAX];
int main(void)
{
    int M = 37, N = 29, K = 45;
    float *A = filled(M * K), *B = filled(K * N), *C = filled(M * N), *x = filled(WMAX);
    for (int i = 0; i < WMAX; i++)
        weights[i] = lcg();
    matmul(M, N, K, A, B, C);
    printf("matmul checksum=%.6g\n", weighted(C, M * N));
    printf("weighted_input=%.6g\n", weighted_input(x));
    blend(M, N, K, A, B, C);
    printf("blend checksum=%.6g\n", weighted(C, M * N));
    return 0;
}
"""

# Intrinsics headers, included directly and through a header-only library.
SIMD_LIBRARY = r"""
#ifndef PIXELS_H
#define PIXELS_H
#include <emmintrin.h>
static inline void pixels_scale(float *p, int n, float f)
{
    int i = 0;
    for (; i + 4 <= n; i += 4)
        _mm_storeu_ps(p + i, _mm_mul_ps(_mm_loadu_ps(p + i), _mm_set1_ps(f)));
    for (; i < n; i++)
        p[i] *= f;
}
#endif
"""

SIMD_PROGRAM = DRIVER_HEADER + r"""
#include <immintrin.h>
#include "pixels.h"

void project(int rows, int cols, const float *W, const float *v, float *out)
{
    for (int r = 0; r < rows; r++) {
        float acc = 0.0f;
        for (int c = 0; c < cols; c++)
            acc += W[r * cols + c] * v[c];
        out[r] = acc;
    }
}

static float sum4(__m128 v)
{
    float t[4];
    _mm_storeu_ps(t, v);
    return t[0] + t[1] + t[2] + t[3];
}

int main(void)
{
    int rows = 96, cols = 80;
    float *W = filled(rows * cols), *v = filled(cols), *out = filled(rows);
    pixels_scale(v, cols, 0.5f);
    project(rows, cols, W, v, out);
    printf("project checksum=%.6g\n", weighted(out, rows));
    printf("lanes=%.6g\n", sum4(_mm_loadu_ps(out)));
    return 0;
}
"""


def write(directory, files: dict):
    for name, text in files.items():
        (directory / name).write_text(text)


def report_of(src, tmp_path, *flags):
    report = tmp_path / "report.json"
    proc = atc("compile", str(src), "-o", str(tmp_path / "out.c"), "--report", str(report), *flags)
    assert proc.returncode == 0, proc.stderr
    return json.loads(report.read_text()), proc.stderr


def build_both(directory, sources):
    """Build with plain cc and with `atc cc`; returns the two outputs and the rewritten run's trace lines."""
    paths = [str(directory / s) for s in sources]
    run(["cc", "-O2", "-I", str(directory), "-o", str(directory / "plain"), *paths, "-lm"], check=True)
    built = atc("cc", "-O2", "-I", str(directory), "-o", str(directory / "rewritten"), *paths, "-lm")
    assert built.returncode == 0, built.stderr
    assert "not rewritten" not in built.stderr, built.stderr
    plain = run([str(directory / "plain")], check=True)
    rewritten = run([str(directory / "rewritten")], env={"ATC_TRACE": "1"}, check=True)
    traces = [ln for ln in rewritten.stderr.splitlines() if ln.startswith("atc-trace:")]
    return plain.stdout, rewritten.stdout, traces


# --- item: files that call functions of other files ------------------------------------------------------

def test_kernels_of_a_file_that_calls_other_files_are_offloaded(tmp_path):
    write(tmp_path, {"kernels.c": CALLS_KERNELS, "shared.h": CALLS_SHARED, "other.c": CALLS_OTHER,
                     "main.c": CALLS_MAIN})
    report, summary = report_of(tmp_path / "kernels.c", tmp_path, "--no-classifier")
    replaced = {(r["function"], r["op"]) for r in report["replacements"]}
    # matmul's loop nest (its function calls log_event, so the nest alone); weighted_input reads two
    # variables of other.c, which the analysis sets as it sets any global.
    assert ("matmul", "gemm") in replaced and ("weighted_input", "dot") in replaced, summary
    assert "ld returned" not in summary and "does not link" not in summary, summary
    # blend reads `gain` of other.c through a helper: never rewritten as a product with beta = 0.
    assert "blend" not in {r["function"] for r in report["replacements"]}, summary
    plain, rewritten, traces = build_both(tmp_path, ["kernels.c", "other.c", "main.c"])
    assert same_output(plain, rewritten) == "", (plain, rewritten)
    assert any("sgemm" in t and "m=37 n=29 k=45" in t for t in traces), traces
    assert any("sdot" in t and "n=6000" in t for t in traces), traces


def test_other_files_function_reached_during_analysis_names_itself(tmp_path):
    src = tmp_path / "boot.c"
    src.write_text(r"""
void init_tables(void);
__attribute__((constructor)) static void boot(void) { init_tables(); }
void axpy(int n, float a, const float *x, float *y) { for (int i = 0; i < n; i++) y[i] += a * x[i]; }
""")
    report, summary = report_of(src, tmp_path)
    assert not report["replacements"], summary
    reasons = [r["reason"] for r in report["rejected"] if r["function"] == "axpy"]
    assert reasons and all("'init_tables' is defined in another file" in r for r in reasons), summary


def test_what_cannot_link_is_named(tmp_path):
    # A thread-local variable of a type this file never completes: neither a variable nor a function can
    # stand in for it, and the message says so instead of "ld returned 1 exit status".
    src = tmp_path / "tls.c"
    src.write_text(r"""
struct session;
extern __thread struct session current;
struct session *session_of_thread(void) { return &current; }
void axpy(int n, float a, const float *x, float *y) { for (int i = 0; i < n; i++) y[i] += a * x[i]; }
""")
    report, summary = report_of(src, tmp_path)
    reasons = [r["reason"] for r in report["rejected"] if r["function"] == "axpy"]
    assert reasons and all("does not link on its own" in r and "current" in r and "collect2" not in r
                           for r in reasons), summary


def test_first_cause_of_a_failed_link_is_the_undefined_reference(tmp_path):
    src = tmp_path / "undefined.c"
    src.write_text("void elsewhere(void);\nint main(void) { elsewhere(); return 0; }\n")
    proc = subprocess.run(["cc", str(src), "-o", str(tmp_path / "a.out")], capture_output=True, text=True,
                          env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    assert proc.returncode != 0
    cause = _first_cause(proc.stderr)
    assert "undefined reference to" in cause and "elsewhere" in cause, proc.stderr


# --- item: intrinsics headers -----------------------------------------------------------------------------

def test_file_including_intrinsics_headers_is_analysed(tmp_path):
    write(tmp_path, {"pixels.h": SIMD_LIBRARY, "project.c": SIMD_PROGRAM})
    report, summary = report_of(tmp_path / "project.c", tmp_path)
    assert {(r["function"], r["op"]) for r in report["replacements"]} == {("project", "gemv")}, summary
    plain, rewritten, traces = build_both(tmp_path, ["project.c"])
    assert same_output(plain, rewritten) == "", (plain, rewritten)
    assert any("sgemv" in t and "m=96 n=80" in t for t in traces), traces


# AVX intrinsics outside any target attribute: the file builds only with the target options of its build.
AVX_PROGRAM = DRIVER_HEADER + r"""
#include <immintrin.h>
static void scale8(int n, float f, float *x)
{
    for (int i = 0; i + 8 <= n; i += 8)
        _mm256_storeu_ps(x + i, _mm256_mul_ps(_mm256_loadu_ps(x + i), _mm256_set1_ps(f)));
}
void axpy(int n, float a, const float *x, float *y)
{
    for (int i = 0; i < n; i++)
        y[i] += a * x[i];
}
int main(void)
{
    int n = 8000;
    float *x = filled(n), *y = filled(n);
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        scale8(n, 0.5f, x);
    else
        for (int i = 0; i < n; i++)
            x[i] *= 0.5f;
    axpy(n, 1.5f, x, y);
    printf("y checksum=%.6g\n", weighted(y, n));
    return 0;
}
"""


def test_target_options_of_the_build_reach_the_analysis(tmp_path):
    # -mavx2 -mfma define __AVX2__ for the parser and let the harness compile the AVX code; a gcc-only
    # target option the parser does not know is left to gcc.
    write(tmp_path, {"avx.c": AVX_PROGRAM})
    src = str(tmp_path / "avx.c")
    flags = ["-O2", "-mavx2", "-mfma", "-mindirect-branch=keep"]
    run(["cc", *flags, "-o", str(tmp_path / "plain"), src, "-lm"], check=True)
    built = atc("cc", *flags, "-o", str(tmp_path / "rewritten"), src, "-lm", env={"ATC_VERBOSE": "1"})
    assert built.returncode == 0, built.stderr
    assert "axpy: replaced by atc_saxpy" in built.stderr, built.stderr
    plain = run([str(tmp_path / "plain")], check=True)
    rewritten = run([str(tmp_path / "rewritten")], env={"ATC_TRACE": "1"}, check=True)
    assert same_output(plain.stdout, rewritten.stdout) == "", (plain.stdout, rewritten.stdout)
    assert "saxpy" in rewritten.stderr, rewritten.stderr


def test_builtin_headers_are_those_of_libclangs_release(tmp_path):
    src = tmp_path / "headers.c"
    src.write_text("#include <stddef.h>\n#include <stdarg.h>\n#include <xmmintrin.h>\n#include <stdio.h>\n"
                   "size_t n; va_list ap; __m128 v;\n")
    tu = cparse.parse(str(src), ["-std=c99"])
    resource = cparse.resource_dir()
    assert resource.rstrip("/").endswith(f"lib/clang/{metadata.version('libclang').split('.')[0]}")
    included = {inc.include.name for inc in tu.get_includes()}
    for header in ("stddef.h", "stdarg.h", "xmmintrin.h"):
        found = [p for p in included if p.endswith("/" + header)]
        assert found and all(p.startswith(resource) for p in found), (header, found)
    assert any(p.endswith("/stdio.h") and not p.startswith(resource) for p in included)  # the system's own


def test_missing_builtin_headers_are_a_clear_error(monkeypatch):
    real = metadata.distribution

    def without_headers(name):
        if name == cparse.HEADERS_DISTRIBUTION:
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(cparse, "_installed_resource_dir", lambda: None)  # not where the package puts them
    monkeypatch.setattr(metadata, "distribution", without_headers)
    cparse.resource_dir.cache_clear()
    try:
        with pytest.raises(AtcError, match=r"builtin headers .* missing: pip install 'clang-tidy>=18,<19'"):
            cparse.resource_dir()
    finally:
        monkeypatch.undo()
        cparse.resource_dir.cache_clear()
