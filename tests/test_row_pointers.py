"""Row-pointer matrices (`float **a`, `double **w`): a GEMM or GEMV read and written through row pointers is
bound as a matrix operand, proven on the row-pointer form, and called with the first row and the rows'
spacing when a run-time guard finds them equally spaced; otherwise the original loops run. Each program is
rewritten, built, run, and its output compared with the original's; the trace says whether the library ran."""

import pytest

from conftest import ROOT, run
from test_constructs import _compile, _run_both
from atc.evaluate.outputs import same_output

KERNEL = r"""
void matmul_rows(int m, int n, int k, float **a, float **b, float **c)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            float s = 0.0f;
            for (int p = 0; p < k; p++)
                s += a[i][p] * b[p][j];
            c[i][j] = s;
        }
}
"""

# Row arrays for every layout the tests use; ALLOC picks one. "carved": one block, rows padded to 8 floats;
# "separate": one malloc per row, of varying sizes (rows not equally spaced); "swapped": carved, then the
# first two rows exchanged; "reused": carved, then row 2 made to point at row 1 (only for inputs).
PROGRAM = r"""
#include <stdio.h>
#include <stdlib.h>
static unsigned int seed = 20261202u;
static float rnd(void) { seed = seed * 1664525u + 1013904223u; return (float)(seed >> 8) / 8388608.0f - 1.0f; }

static float **rows_of(int rows, int cols, int layout)
{
    float **r = malloc(sizeof(float *) * rows);
    int stride = (cols + 7) / 8 * 8;
    float *block = malloc(sizeof(float) * rows * stride);
    for (int i = 0; i < rows; i++)
        r[i] = layout == 1 ? malloc(sizeof(float) * (cols + (i % 3) * 13)) : block + (long)i * stride;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
            r[i][j] = rnd();
    if (layout == 2 && rows > 1) { float *t = r[0]; r[0] = r[1]; r[1] = t; }
    if (layout == 3 && rows > 2) r[2] = r[1];
    return r;
}

static void show(const char *name, float **x, int rows, int cols)
{
    double s = 0, w = 0;
    for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++) { s += x[i][j]; w += x[i][j] * (double)((i * cols + j) % 5 + 1); }
    printf("%s %.5f %.5f %.5f %.5f\n", name, s, w, x[0][0], x[rows - 1][cols - 1]);
}
""" + KERNEL + r"""
static void product(int m, int n, int k, int layout_a, int layout_b, int layout_c)
{
    float **a = rows_of(m, k, layout_a), **b = rows_of(k, n, layout_b), **c = rows_of(m, n, layout_c);
    matmul_rows(m, n, k, a, b, c);
    show("c", c, m, n);
}

int main(void)
{
    product(40, 36, 28, ALLOC_A, ALLOC_B, ALLOC_C);
    product(1, 80, 70, ALLOC_A, ALLOC_B, ALLOC_C);
    return 0;
}
"""

CARVED, SEPARATE, SWAPPED, REUSED = 0, 1, 2, 3


def _program(a, b, c) -> str:
    return f"#define ALLOC_A {a}\n#define ALLOC_B {b}\n#define ALLOC_C {c}\n" + PROGRAM


def _outputs_equal_and_calls(tmp_path, src, out):
    """Build and run both; the outputs must agree. Returns the library calls the rewritten program traced."""
    plain, rewritten = _run_both(tmp_path, src, out)
    diff = same_output(plain.stdout, rewritten.stdout)
    assert not diff, f"outputs differ: {diff}\n--- plain\n{plain.stdout}\n--- atc\n{rewritten.stdout}"
    return [ln for ln in rewritten.stderr.splitlines() if ln.startswith("atc-trace:")]


def _rewritten_gemm(report):
    reps = [r for r in report["replacements"] if r["function"] == "matmul_rows"]
    assert len(reps) == 1, report
    assert reps[0]["verified"].startswith("smt:"), reps[0]
    return reps[0]


def test_carved_rows_call_the_library(tmp_path):
    src, out, report, log = _compile(tmp_path, _program(CARVED, CARVED, CARVED))
    rep = _rewritten_gemm(report)
    assert rep["binding"]["A"] == "a" and rep["binding"]["lda"] == "rowstep(a)", rep
    calls = _outputs_equal_and_calls(tmp_path, src, out)
    # Both products, the one-row one included (its leading dimension is the row length).
    assert len(calls) == 2 and all("sgemm" in c for c in calls), calls
    assert "m=1 n=80 k=70" in calls[1], calls


@pytest.mark.parametrize("layout", [(SEPARATE, SEPARATE, SEPARATE), (CARVED, SEPARATE, CARVED),
                                    (CARVED, CARVED, SEPARATE)], ids=["all", "b", "c"])
def test_rows_not_equally_spaced_run_the_original(layout, tmp_path):
    src, out, report, log = _compile(tmp_path, _program(*layout))
    _rewritten_gemm(report)
    calls = _outputs_equal_and_calls(tmp_path, src, out)
    # The one-row product's C has a single row: only its A and B say whether the library may run.
    expected = 1 if layout[0] == layout[1] == CARVED else 0
    assert len(calls) == expected, calls


@pytest.mark.parametrize("layout", [(SWAPPED, CARVED, CARVED), (CARVED, REUSED, CARVED),
                                    (CARVED, CARVED, SWAPPED)], ids=["a-swapped", "b-reused", "c-swapped"])
def test_rows_out_of_order_or_reused_run_the_original(layout, tmp_path):
    src, out, report, log = _compile(tmp_path, _program(*layout))
    _rewritten_gemm(report)
    calls = [c for c in _outputs_equal_and_calls(tmp_path, src, out) if "m=40" in c]
    assert not calls, calls


NEAR_MISSES = {
    "reversed_rows": r"""
void rev(int m, int n, int k, float **a, float **b, float **c)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            float s = 0.0f;
            for (int p = 0; p < k; p++)
                s += a[m - 1 - i][p] * b[p][j];
            c[i][j] = s;
        }
}
""",
    "repoints_rows": r"""
void shift(int m, int n, int k, float **a, float **b, float **c)
{
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) {
            float s = 0.0f;
            for (int p = 0; p < k; p++)
                s += a[i][p] * b[p][j];
            c[i][j] = s;
        }
        a[i] = a[i] + 1;
    }
}
""",
}


NEAR_MISS_REASONS = {"reversed_rows": "output differs", "repoints_rows": "changes row pointers"}


@pytest.mark.parametrize("name", sorted(NEAR_MISSES))
def test_near_miss_is_left_alone(name, tmp_path):
    src, out, report, log = _compile(tmp_path, NEAR_MISSES[name])
    assert not report["replacements"], f"rewrote a near-miss:\n{log}"
    assert out.read_bytes() == src.read_bytes()
    assert any(NEAR_MISS_REASONS[name] in r["reason"] for r in report["rejected"]), log  # tested, not skipped


GUARD = r"""
#include <stdio.h>
#include "atc_runtime.h"
int main(void)
{
    static float block[64];
    const void *rows[4] = {block, block + 10, block + 20, block + 30};
    long ld = -1;
    int ok = atc_rows_ld(rows, 4, sizeof(float), 9, &ld);
    printf("equal %d %ld\n", ok, ld);
    ld = -1;
    ok = atc_rows_ld(rows, 1, sizeof(float), 9, &ld);
    printf("one %d %ld\n", ok, ld);
    printf("none %d\n", atc_rows_ld(rows, 0, sizeof(float), 9, &ld));
    const void *swapped[3] = {block + 10, block, block + 20};
    printf("swapped %d\n", atc_rows_ld(swapped, 3, sizeof(float), 9, &ld));
    const void *repeated[3] = {block, block + 10, block + 10};
    printf("repeated %d\n", atc_rows_ld(repeated, 3, sizeof(float), 9, &ld));
    const void *uneven[3] = {block, block + 10, block + 21};
    printf("uneven %d\n", atc_rows_ld(uneven, 3, sizeof(float), 9, &ld));
    const void *partial[2] = {block, (const char *)block + 6};
    printf("partial %d\n", atc_rows_ld(partial, 2, sizeof(float), 9, &ld));
    return 0;
}
"""


def test_rows_guard(tmp_path):
    src = tmp_path / "guard.c"
    src.write_text(GUARD)
    run(["cc", "-O2", "-I", str(ROOT / "runtime_stubs"), "-o", str(tmp_path / "guard"), str(src)], check=True)
    out = run([str(tmp_path / "guard")], check=True).stdout.split("\n")
    assert out[:7] == ["equal 1 10", "one 1 9", "none 0", "swapped 0", "repeated 0", "uneven 0", "partial 0"], out


# Transposed A read through `const double *const *` rows, C accumulated; then a matrix-vector product in
# main over the same local row pointers (an outlined loop). Rows of A, B and C are carved from one block with
# three different spacings.
TRANSPOSED_AND_LOCAL = r"""
#include <stdio.h>
#include <stdlib.h>
static unsigned int seed = 99u;
static double rnd(void) { seed = seed * 1664525u + 1013904223u; return (double)(seed >> 8) / 8388608.0 - 1.0; }

void atb(int m, int n, int k, const double *const *a, const double *const *b, double **c)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            for (int p = 0; p < k; p++)
                c[i][j] += a[p][i] * b[p][j];
}

int main(void)
{
    int m = 70, n = 66, k = 35;
    double *blk = malloc(sizeof(double) * 20000);
    double **a = malloc(sizeof(double *) * k), **b = malloc(sizeof(double *) * k), **c = malloc(sizeof(double *) * m);
    double *x = blk, y[128], s = 0;
    for (int i = 0; i < k; i++) { a[i] = blk + i * 72; b[i] = blk + 3000 + i * 67; }
    for (int i = 0; i < m; i++) c[i] = blk + 6000 + i * 80;
    for (int i = 0; i < 20000; i++) blk[i] = rnd();
    atb(m, n, k, (const double *const *)a, (const double *const *)b, c);
    for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) s += c[i][j] * (1 + (i + j) % 3);
    printf("%.10f\n", s);
    for (int i = 0; i < m; i++) {
        double t = 0;
        for (int j = 0; j < n; j++) t += c[i][j] * x[j];
        y[i] = t;
    }
    s = 0;
    for (int i = 0; i < m; i++) s += y[i] * (i + 1);
    printf("%.10f\n", s);
    return 0;
}
"""


def test_transposed_const_rows_and_a_loop_over_local_rows(tmp_path):
    src, out, report, log = _compile(tmp_path, TRANSPOSED_AND_LOCAL)
    ops = sorted((r["function"], r["api"]) for r in report["replacements"])
    assert ops == [("atb", "atc_dgemm"), ("main", "atc_dgemv")], log
    assert all(r["verified"].startswith("smt:") for r in report["replacements"])
    calls = _outputs_equal_and_calls(tmp_path, src, out)
    assert any("dgemm" in c and "ta=1" in c for c in calls) and any("dgemv" in c for c in calls), calls
