"""Loop nests doing more than one op: each is split into library calls plus residual loops, the split proven
equal to the original, and the rewritten program, built and run, prints what the original prints (with the
library really called). Nests whose distribution would change the result stay exactly as they were."""

import json
import re

import pytest

from conftest import atc
from test_constructs import _run_both
from atc.evaluate.outputs import same_output

DRIVER = r"""
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
static unsigned int seed = 20261202u;
static double draw(void) { seed = seed * 1664525u + 1013904223u; return (double)(seed >> 8) / 8388608.0 - 1.0; }
#define FILL(x, n) do { for (int q_ = 0; q_ < (n); q_++) (x)[q_] = draw(); } while (0)
#define SHOW(name, x, n) do { double s_ = 0, w_ = 0; for (int q_ = 0; q_ < (n); q_++) { s_ += (x)[q_]; \
    w_ += (x)[q_] * (double)(q_ % 7 + 1); } printf("%s %.5f %.5f %.5f\n", name, s_, w_, (double)(x)[(n) - 1]); } while (0)
"""

DENSE_SIGMOID = DRIVER + r"""
static float sigmoid(float v) { return 1.0f / (1.0f + expf(-v)); }
void dense(int n_out, int n_in, const float *W, const float *in, const float *bias, float *out) {
    for (int i = 0; i < n_out; i++) {
        float sum = 0.0f;
        for (int j = 0; j < n_in; j++)
            sum += W[i * n_in + j] * in[j];
        out[i] = sigmoid(sum + bias[i]);
    }
}
int main(void) {
    int m = 96, n = 80;
    float *W = malloc(sizeof(float) * m * n), *x = malloc(sizeof(float) * n), *b = malloc(sizeof(float) * m);
    float *y = malloc(sizeof(float) * m);
    FILL(W, m * n); FILL(x, n); FILL(b, m); FILL(y, m);
    dense(m, n, W, x, b, y);
    SHOW("y", y, m);
    return 0;
}
"""

DENSE_RELU_DOUBLE = DRIVER + r"""
void layer(int rows, int cols, double A[][80], const double *x, const double *b, double *y) {
    int i, j;
    for (i = 0; i < rows; i++) {
        double acc = 0.0;
        for (j = 0; j < cols; j++) acc += A[i][j] * x[j];
        acc = acc + b[i];
        y[i] = acc > 0.0 ? acc : 0.0;
    }
}
int main(void) {
    static double A[96][80];
    double x[80], b[96], y[96];
    FILL(&A[0][0], 96 * 80); FILL(x, 80); FILL(b, 96);
    layer(96, 80, A, x, b, y);
    SHOW("y", y, 96);
    return 0;
}
"""

DENSE_CLAMP = DRIVER + r"""
void dense_clamp(int n_out, int n_in, const float *W, const float *in, float *out) {
    for (int o = 0; o < n_out; o++) {
        float s = 0.0f;
        for (int k = 0; k < n_in; k++) s += W[o * n_in + k] * in[k];
        out[o] = fminf(fmaxf(s, -0.5f), 0.5f);
    }
}
int main(void) {
    int m = 90, n = 70;
    float *W = malloc(sizeof(float) * m * n), *x = malloc(sizeof(float) * n), *y = malloc(sizeof(float) * m);
    FILL(W, m * n); FILL(x, n);
    dense_clamp(m, n, W, x, y);
    SHOW("y", y, m);
    return 0;
}
"""

BATCHED_DENSE = DRIVER + r"""
static float relu(float v) { return v > 0.0f ? v : 0.0f; }
void dense_batch(int batch, int n_out, int n_in, const float *W, const float *in, const float *bias, float *out) {
    for (int b = 0; b < batch; b++)
        for (int i = 0; i < n_out; i++) {
            float sum = 0.0f;
            for (int j = 0; j < n_in; j++)
                sum += in[b * n_in + j] * W[i * n_in + j];
            out[b * n_out + i] = relu(sum + bias[i]);
        }
}
int main(void) {
    int B = 12, m = 40, n = 36;
    float *W = malloc(sizeof(float) * m * n), *x = malloc(sizeof(float) * B * n), *b = malloc(sizeof(float) * m);
    float *y = malloc(sizeof(float) * B * m);
    FILL(W, m * n); FILL(x, B * n); FILL(b, m);
    dense_batch(B, m, n, W, x, b, y);
    SHOW("y", y, B * m);
    return 0;
}
"""

ATAX = DRIVER + r"""
void atax(int m, int n, const double *A, const double *x, double *y, double *tmp) {
    int i, j;
    for (j = 0; j < n; j++) y[j] = 0.0;
    for (i = 0; i < m; i++) {
        double t = 0.0;
        for (j = 0; j < n; j++) t += A[i * n + j] * x[j];
        tmp[i] = t;
        for (j = 0; j < n; j++) y[j] += A[i * n + j] * t;
    }
}
int main(void) {
    int m = 90, n = 84;
    double *A = malloc(sizeof(double) * m * n), *x = malloc(sizeof(double) * n), *y = malloc(sizeof(double) * n);
    double *tmp = malloc(sizeof(double) * m);
    FILL(A, m * n); FILL(x, n);
    atax(m, n, A, x, y, tmp);
    SHOW("y", y, n); SHOW("tmp", tmp, m);
    return 0;
}
"""

BICG = DRIVER + r"""
void bicg(int m, int n, const float *A, const float *r, const float *p, float *s, float *q) {
    for (int j = 0; j < n; j++) s[j] = 0.0f;
    for (int i = 0; i < m; i++) {
        q[i] = 0.0f;
        for (int j = 0; j < n; j++) {
            s[j] += r[i] * A[i * n + j];
            q[i] += A[i * n + j] * p[j];
        }
    }
}
int main(void) {
    int m = 88, n = 76;
    float *A = malloc(sizeof(float) * m * n), *r = malloc(sizeof(float) * m), *p = malloc(sizeof(float) * n);
    float *s = malloc(sizeof(float) * n), *q = malloc(sizeof(float) * m);
    FILL(A, m * n); FILL(r, m); FILL(p, n);
    bicg(m, n, A, r, p, s, q);
    SHOW("s", s, n); SHOW("q", q, m);
    return 0;
}
"""

GESUMMV = DRIVER + r"""
void gesummv(int rows, int cols, float alpha, float beta, const float *A, const float *B, const float *x,
             float *y) {
    for (int i = 0; i < rows; i++) {
        float ta = 0.0f, tb = 0.0f;
        for (int j = 0; j < cols; j++) {
            ta += A[i * cols + j] * x[j];
            tb += B[i * cols + j] * x[j];
        }
        y[i] = alpha * ta + beta * tb;
    }
}
int main(void) {
    int m = 92, n = 78;
    float *A = malloc(sizeof(float) * m * n), *B = malloc(sizeof(float) * m * n), *x = malloc(sizeof(float) * n);
    float *y = malloc(sizeof(float) * m);
    FILL(A, m * n); FILL(B, m * n); FILL(x, n);
    gesummv(m, n, 1.5f, -0.25f, A, B, x, y);
    SHOW("y", y, m);
    return 0;
}
"""

DENSE_HARDTANH_IF = DRIVER + r"""
void dense_hardtanh(int rows, int cols, const float *W, const float *x, const float *bias, float *y) {
    int i, j;
    for (i = 0; i < rows; i++) {
        float v = bias[i];
        for (j = 0; j < cols; j++)
            v += W[i * cols + j] * x[j];
        if (v > 0.25f)
            v = 0.25f;
        else if (v < -0.25f)
            v = -0.25f;
        y[i] = v;
    }
}
int main(void) {
    int m = 94, n = 82;
    float *W = malloc(sizeof(float) * m * n), *x = malloc(sizeof(float) * n), *b = malloc(sizeof(float) * m);
    float *y = malloc(sizeof(float) * m);
    FILL(W, m * n); FILL(x, n); FILL(b, m);
    dense_hardtanh(m, n, W, x, b, y);
    SHOW("y", y, m);
    return 0;
}
"""

MVT_VLA = DRIVER + r"""
void kernel_mvt(int n, double x1[n], double x2[n], double y1[n], double y2[n], double A[n][n]) {
    int i, j;
    for (i = 0; i < n; i++)
        for (j = 0; j < n; j++) {
            x1[i] = x1[i] + A[i][j] * y1[j];
            x2[i] = x2[i] + A[j][i] * y2[j];
        }
}
int main(void) {
    int n = 84;
    double (*A)[n] = malloc(sizeof(double) * n * n);
    double *x1 = malloc(sizeof(double) * n), *x2 = malloc(sizeof(double) * n);
    double *y1 = malloc(sizeof(double) * n), *y2 = malloc(sizeof(double) * n);
    FILL(&A[0][0], n * n); FILL(x1, n); FILL(x2, n); FILL(y1, n); FILL(y2, n);
    kernel_mvt(n, x1, x2, y1, y2, A);
    SHOW("x1", x1, n); SHOW("x2", x2, n);
    return 0;
}
"""

DENSE_ROW_POINTER_IF = DRIVER + r"""
void dense_relu(int n_out, int n_in, const double *W, const double *x, const double *bias, double *y) {
    for (int i = 0; i < n_out; i++) {
        const double *row = W + (long)i * n_in;
        double s = 0.0;
        for (int j = 0; j < n_in; j++)
            s += row[j] * x[j];
        s += bias[i];
        if (s < 0.0)
            s = 0.0;
        y[i] = s;
    }
}
int main(void) {
    int m = 100, n = 86;
    double *W = malloc(sizeof(double) * m * n), *x = malloc(sizeof(double) * n), *b = malloc(sizeof(double) * m);
    double *y = malloc(sizeof(double) * m);
    FILL(W, m * n); FILL(x, n); FILL(b, m);
    dense_relu(m, n, W, x, b, y);
    SHOW("y", y, m);
    return 0;
}
"""

# (source, ops the decomposition must call, in order, with "loops" for what stays loops)
# As benchmark suites write it: arrays of `n + 0` elements, initialisations through a function-like macro
# (whose invocation libclang leaves out of the statement's extent), `x = e + x`.
GESUMMV_MACROS = DRIVER + r"""
#define SCALAR(x) (x)
#define DIM(n) n + 0
void gesummv_macros(int n, double alpha, double beta, double A[DIM(n)][DIM(n)], double B[DIM(n)][DIM(n)],
                    double tmp[DIM(n)], double x[DIM(n)], double y[DIM(n)]) {
    int i, j;
    for (i = 0; i < n; i++) {
        tmp[i] = SCALAR(0.0);
        y[i] = SCALAR(0.0);
        for (j = 0; j < n; j++) {
            tmp[i] = A[i][j] * x[j] + tmp[i];
            y[i] = B[i][j] * x[j] + y[i];
        }
        y[i] = alpha * tmp[i] + beta * y[i];
    }
}
int main(void) {
    int n = 90;
    double *A = malloc(sizeof(double) * n * n), *B = malloc(sizeof(double) * n * n);
    double *x = malloc(sizeof(double) * n), *y = malloc(sizeof(double) * n), *t = malloc(sizeof(double) * n);
    float *f = malloc(sizeof(float) * n * n);
    FILL(f, n * n); for (int i = 0; i < n * n; i++) A[i] = f[i];
    FILL(f, n * n); for (int i = 0; i < n * n; i++) B[i] = f[i];
    FILL(f, n); for (int i = 0; i < n; i++) x[i] = f[i];
    gesummv_macros(n, 1.5, -0.25, (double (*)[n])A, (double (*)[n])B, t, x, y);
    for (int i = 0; i < n; i++) f[i] = (float)y[i];
    SHOW("y", f, n);
    return 0;
}
"""

SHAPES = {
    "dense_sigmoid_float": (DENSE_SIGMOID, ["gemv", "loops"]),
    "dense_relu_double_2d": (DENSE_RELU_DOUBLE, ["gemv", "loops"]),
    "dense_clamp_float": (DENSE_CLAMP, ["gemv", "loops"]),
    "dense_bias_hardtanh_if": (DENSE_HARDTANH_IF, ["gemv", "loops"]),
    "dense_row_pointer_relu_if_double": (DENSE_ROW_POINTER_IF, ["gemv", "loops"]),
    "dense_batched_relu": (BATCHED_DENSE, ["gemm", "loops"]),
    "atax_two_gemv": (ATAX, ["gemv", "gemv"]),
    "bicg_two_gemv": (BICG, ["gemv", "gemv"]),
    "gesummv_two_accumulators": (GESUMMV, ["gemv", "gemv", "loops"]),
    "mvt_vla_parameters": (MVT_VLA, ["gemv", "gemv"]),
    "gesummv_macro_initialisations": (GESUMMV_MACROS, ["gemv", "gemv", "loops"]),
}

IN_PLACE = DRIVER + r"""
void inplace(int n, const float *A, float *x) {
    for (int i = 0; i < n; i++) {
        float s = 0.0f;
        for (int j = 0; j < n; j++) s += A[i * n + j] * x[j];
        x[i] = s > 0.0f ? s : 0.0f;
    }
}
int main(void) {
    int n = 90;
    float *A = malloc(sizeof(float) * n * n), *x = malloc(sizeof(float) * n);
    FILL(A, n * n); FILL(x, n);
    inplace(n, A, x);
    SHOW("x", x, n);
    return 0;
}
"""

READS_UNFINISHED = DRIVER + r"""
void chained(int n, const float *A, const float *B, const float *x, float *y, float *z) {
    for (int i = 0; i < n; i++) {
        y[i] = 0.0f;
        for (int j = 0; j < n; j++) y[i] += A[i * n + j] * x[j];
        z[i] = 0.0f;
        for (int j = 0; j < n; j++) z[i] += B[i * n + j] * y[j];
    }
}
int main(void) {
    int n = 90;
    float *A = malloc(sizeof(float) * n * n), *B = malloc(sizeof(float) * n * n), *x = malloc(sizeof(float) * n);
    float *y = malloc(sizeof(float) * n), *z = malloc(sizeof(float) * n);
    FILL(A, n * n); FILL(B, n * n); FILL(x, n); FILL(y, n);
    chained(n, A, B, x, y, z);
    SHOW("y", y, n); SHOW("z", z, n);
    return 0;
}
"""

RESET_EVERY_OTHER_ROW = DRIVER + r"""
void running(int m, int n, const float *A, const float *x, float *y) {
    float s = 0.0f;
    for (int i = 0; i < m; i++) {
        for (int j = 0; j < n; j++) s += A[i * n + j] * x[j];
        y[i] = s > 0.0f ? s : 0.0f;
        if (i % 2) s = 0.0f;
    }
}
int main(void) {
    int m = 90, n = 80;
    float *A = malloc(sizeof(float) * m * n), *x = malloc(sizeof(float) * n), *y = malloc(sizeof(float) * m);
    FILL(A, m * n); FILL(x, n);
    running(m, n, A, x, y);
    SHOW("y", y, m);
    return 0;
}
"""

USED_AFTER = DRIVER + r"""
void last_kept(int m, int n, const float *A, const float *x, float *y, float *last) {
    float s;
    for (int i = 0; i < m; i++) {
        s = 0.0f;
        for (int j = 0; j < n; j++) s += A[i * n + j] * x[j];
        y[i] = tanhf(s);
    }
    last[0] = s;
}
int main(void) {
    int m = 90, n = 80;
    float *A = malloc(sizeof(float) * m * n), *x = malloc(sizeof(float) * n), *y = malloc(sizeof(float) * m);
    float last[1];
    FILL(A, m * n); FILL(x, n);
    last_kept(m, n, A, x, y, last);
    SHOW("y", y, m); SHOW("last", last, 1);
    return 0;
}
"""

NEGATIVES = {
    "in_place_gemv_relu": IN_PLACE,
    "second_reads_unfinished_first": READS_UNFINISHED,
    "accumulator_reset_every_other_row": RESET_EVERY_OTHER_ROW,
    "accumulator_used_after_the_nest": USED_AFTER,
}


def _compile(tmp_path, source):
    src = tmp_path / "prog.c"
    src.write_text(source)
    out, report_path = tmp_path / "out.c", tmp_path / "report.json"
    proc = atc("compile", str(src), "-o", str(out), "--report", str(report_path))
    assert proc.returncode == 0, proc.stderr
    return src, out, json.loads(report_path.read_text()), proc.stderr


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_shape_is_decomposed_and_output_unchanged(name, tmp_path):
    source, pieces = SHAPES[name]
    src, out, report, log = _compile(tmp_path, source)
    decomposed = [r for r in report["replacements"] if r.get("decomposition")]
    assert decomposed, f"not decomposed:\n{log}"
    kinds = [p["op"] if p["kind"] == "call" else "loops" for p in decomposed[0]["decomposition"]]
    assert kinds == pieces, log
    assert [r["op"] for r in decomposed] == [k for k in pieces if k != "loops"]
    assert all(r["whole_proof"].startswith("smt:") and r["verified"].startswith("smt:") for r in decomposed)
    assert "[decomposed: " in log
    plain, rewritten = _run_both(tmp_path, src, out)
    diff = same_output(plain.stdout, rewritten.stdout)
    assert not diff, f"outputs differ: {diff}\n--- plain\n{plain.stdout}\n--- atc\n{rewritten.stdout}"
    for op in pieces:
        if op != "loops":
            assert re.search(rf"atc-trace: [sd]{op}(_bias)? backend=", rewritten.stderr), \
                f"library not called at run time:\n{rewritten.stderr}"


@pytest.mark.parametrize("name", sorted(NEGATIVES))
def test_distribution_that_changes_the_result_is_refused(name, tmp_path):
    src, out, report, log = _compile(tmp_path, NEGATIVES[name])
    assert not report["replacements"], f"rewrote a negative:\n{log}"
    assert out.read_bytes() == src.read_bytes()
    plain, rewritten = _run_both(tmp_path, src, out)
    assert plain.stdout == rewritten.stdout


def test_explain_shows_the_dependence_behind_each_cut(tmp_path):
    src = tmp_path / "prog.c"
    src.write_text(READS_UNFINISHED)
    proc = atc("compile", str(src), "--explain")
    first = READS_UNFINISHED.split("\n").index("        y[i] = 0.0f;") + 1
    assert f"y: written at line {first}, read at line {first + 3} at an earlier iteration: split blocked" \
        in proc.stderr, proc.stderr
    src.write_text(DENSE_SIGMOID)
    proc = atc("compile", str(src), "--explain")
    assert "at the same or a later iteration: forward: split allowed" in proc.stderr


def test_aliased_buffers_run_the_original(tmp_path):
    """The split runs only when what the nest writes overlaps nothing else it touches: with the bias given
    as the output the original runs, and gives the original's result."""
    aliased = DENSE_SIGMOID.replace("dense(m, n, W, x, b, y);", "dense(m, n, W, x, y, y);")
    src, out, report, log = _compile(tmp_path, aliased)
    assert any(r.get("decomposition") for r in report["replacements"]), log
    plain, rewritten = _run_both(tmp_path, src, out)
    assert plain.stdout == rewritten.stdout
    assert "atc-trace: gemv" not in rewritten.stderr
