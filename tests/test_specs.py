"""The API specifications and the op choice: strided vectors, convolution spellings, bias vectors, and the
simplest op proven is the one emitted."""

import numpy as np
import pytest

from conftest import run
from atc import pipeline, runtime
from atc.synth import specs as specs_module
from atc.evaluate.outputs import same_output
from atc.synth.specs import SIMPLICITY, SPECS

SPEC = {s.name: s for s in SPECS}
RNG = np.random.default_rng(7)


def reference(name, arrays, **params):
    """The spec's semantics in float64 on the given arrays (unused size parameters at their least values)."""
    spec = SPEC[name]
    return spec.reference(spec.at(params, {}), arrays)[0]


# --- semantics against loops written out -------------------------------------------------------------

def test_strided_dot_axpy_gemv_semantics():
    n, incx, incy = 5, 3, 2
    x, y = RNG.standard_normal(13), RNG.standard_normal(9)
    want = sum(x[i * incx] * y[i * incy] for i in range(n))
    got = reference("ddot", {"x": x, "y": y, "r": np.zeros(1)}, n=n, incx=incx, incy=incy, beta=0)
    assert got[0] == pytest.approx(want)
    assert SPEC["ddot"].footprint({"n": n, "incx": incx, "incy": incy}) == {"x": 13, "y": 9, "r": 1}

    want = y.copy()
    for i in range(n):
        want[i * incy] += 0.5 * x[i * incx]
    got = reference("daxpy", {"x": x, "y": y}, n=n, incx=incx, incy=incy, alpha=0.5)
    assert np.allclose(got, want)

    m, cols, lda = 3, 4, 6
    a = RNG.standard_normal(m * lda)
    xs, ys = RNG.standard_normal((cols - 1) * incx + 1), RNG.standard_normal((m - 1) * incy + 1)
    want = ys.copy()
    for i in range(m):
        want[i * incy] = sum(a[i * lda + j] * xs[j * incx] for j in range(cols))
    got = reference("dgemv", {"A": a, "x": xs, "y": ys}, M=m, N=cols, lda=lda, incx=incx, incy=incy, trans=0,
                    alpha=1, beta=0)
    assert np.allclose(got, want)


def test_bias_vector_semantics():
    m, n, k = 3, 4, 5
    inp, w, bias = RNG.standard_normal(m * k), RNG.standard_normal(n * k), RNG.standard_normal(n)
    out = RNG.standard_normal(m * n)
    want = np.array([[bias[o] + sum(inp[i * k + q] * w[o * k + q] for q in range(k)) for o in range(n)]
                     for i in range(m)]).reshape(-1)
    got = reference("dgemm_bias", {"A": inp, "B": w, "bias": bias, "C": out}, M=m, N=n, K=k, lda=k, ldb=k, ldc=n,
                    trans_a=0, trans_b=1, bias_cols=1, alpha=1)
    assert np.allclose(got, want)

    a, x, b, y = RNG.standard_normal(m * k), RNG.standard_normal(k), RNG.standard_normal(m), np.zeros(m)
    want = [b[i] + sum(a[i * k + j] * x[j] for j in range(k)) for i in range(m)]
    got = reference("dgemv_bias", {"A": a, "x": x, "bias": b, "y": y}, M=m, N=k, lda=k, incx=1, incy=1, trans=0,
                    alpha=1)
    assert np.allclose(got, want)


def test_full_convolution_and_flipped_2d():
    length, taps = 9, 4
    x, h = RNG.standard_normal(length), RNG.standard_normal(taps)
    out = np.zeros(length + taps - 1)
    got = reference("dconv1d_full", {"in": x, "wt": h, "out": out}, CI=1, CO=1, L=length, KW=taps, stride=1, dil=1,
                    flip=1)
    assert np.allclose(got, np.convolve(x, h, "full"))
    assert SPEC["dconv1d_full"].footprint(SPEC["dconv1d_full"].at({"L": length, "KW": taps}, {"flip": 1}))["out"] \
        == length + taps - 1

    hh, ww, kh, kw = 6, 7, 3, 2
    img, ker = RNG.standard_normal(hh * ww), RNG.standard_normal(kh * kw)
    oh, ow = hh - kh + 1, ww - kw + 1
    want = [sum(ker[(kh - 1 - i) * kw + kw - 1 - j] * img[(y + i) * ww + x + j] for i in range(kh) for j in range(kw))
            for y in range(oh) for x in range(ow)]
    got = reference("dconv2d", {"in": img, "wt": ker, "out": np.zeros(oh * ow)}, H=hh, W=ww, KH=kh, KW=kw,
                    layout=0, flip=1)
    assert np.allclose(got, want)


def test_simplicity_rank_is_the_documented_order():
    assert SIMPLICITY == ("dot", "axpy", "gemv", "gemm", "batched_gemm", "conv1d", "conv2d")
    assert all(spec.rank == SIMPLICITY.index(spec.op) for spec in SPECS)


# --- the pipeline binds them ---------------------------------------------------------------------------

SPELLINGS = r"""
float dot_strided(int n, const float *x, int incx, const float *y, int incy)
{
    float s = 0.0f;
    for (int i = 0; i < n; i++)
        s += x[i * incx] * y[i * incy];
    return s;
}
void axpy_strided(int n, double a, const double *x, int incx, double *y, int incy)
{
    for (int i = 0; i < n; i++)
        y[i * incy] += a * x[i * incx];
}
void gemv_strided(int m, int n, const float *A, int lda, const float *x, int incx, float *y, int incy)
{
    for (int i = 0; i < m; i++) {
        float s = 0.0f;
        for (int j = 0; j < n; j++)
            s += A[i * lda + j] * x[j * incx];
        y[i * incy] = s;
    }
}
void conv1d_full(int L, int K, const float *x, const float *h, float *y)
{
    for (int n = 0; n < L + K - 1; n++) {
        float s = 0.0f;
        for (int k = 0; k < K; k++)
            if (n - k >= 0 && n - k < L)
                s += h[k] * x[n - k];
        y[n] = s;
    }
}
void conv2d_flip(int H, int W, int KH, int KW, const double *img, const double *ker, double *out)
{
    int OH = H - KH + 1, OW = W - KW + 1;
    for (int oy = 0; oy < OH; oy++)
        for (int ox = 0; ox < OW; ox++) {
            double s = 0.0;
            for (int i = 0; i < KH; i++)
                for (int j = 0; j < KW; j++)
                    s += ker[(KH - 1 - i) * KW + (KW - 1 - j)] * img[(oy + i) * W + ox + j];
            out[oy * OW + ox] = s;
        }
}
void gemv_bias(int m, int n, const float *A, const float *x, const float *b, float *y)
{
    for (int i = 0; i < m; i++) {
        y[i] = b[i];
        for (int j = 0; j < n; j++)
            y[i] += A[i * n + j] * x[j];
    }
}
void linear(int batch, int in_f, int out_f, const double *inp, const double *w, const double *bias, double *out)
{
    for (int i = 0; i < batch; i++)
        for (int o = 0; o < out_f; o++) {
            double s = bias[o];
            for (int k = 0; k < in_f; k++)
                s += inp[i * in_f + k] * w[o * in_f + k];
            out[i * out_f + o] = s;
        }
}

#include <stdio.h>
static unsigned seed = 12345u;
static double next(void) { seed = seed * 1664525u + 1013904223u; return (double)(seed >> 8) / 8388608.0 - 1.0; }
static void fill_f(float *v, int n) { for (int i = 0; i < n; i++) v[i] = (float)next(); }
static void fill_d(double *v, int n) { for (int i = 0; i < n; i++) v[i] = next(); }
static double sum_f(const float *v, int n) { double s = 0; for (int i = 0; i < n; i++) s += v[i] * (i % 5 + 1); return s; }
static double sum_d(const double *v, int n) { double s = 0; for (int i = 0; i < n; i++) s += v[i] * (i % 5 + 1); return s; }
static float fa[20000], fb[20000], fc[20000], fd[20000];
static double da[20000], db[20000], dc[20000], dd[20000];

int main(void)
{
    fill_f(fa, 20000); fill_f(fb, 20000); fill_f(fc, 20000); fill_d(da, 20000); fill_d(db, 20000); fill_d(dc, 20000);
    printf("dot %.6g\n", dot_strided(5000, fa, 3, fb, 2));
    axpy_strided(5000, 0.5, da, 2, db, 3);
    printf("axpy %.10g\n", sum_d(db, 15000));
    gemv_strided(100, 80, fa, 90, fb, 2, fd, 3);
    printf("gemv %.6g\n", sum_f(fd, 300));
    conv1d_full(3000, 15, fa, fb, fd);
    printf("conv1d %.6g\n", sum_f(fd, 3014));
    conv2d_flip(80, 70, 5, 3, da, db, dd);
    printf("conv2d %.10g\n", sum_d(dd, 76 * 68));
    gemv_bias(100, 80, fa, fb, fc, fd);
    printf("gemv_bias %.6g\n", sum_f(fd, 100));
    linear(30, 50, 40, da, db, dc, dd);
    printf("linear %.10g\n", sum_d(dd, 1200));
    return 0;
}
"""
KERNELS = 7


def compile_result(path, source, **kw):
    path.write_text(source)
    result = pipeline.compile_file(str(path), classifier=False, region_timeout=120, **kw)
    assert not result.errors, result.errors
    return result


def by_function(result):
    return {d.region.function: d for d in result.decisions if d.region.kind == "function"}


@pytest.fixture(scope="module")
def spellings_result(tmp_path_factory):
    path = tmp_path_factory.mktemp("spellings") / "k.c"
    return path, compile_result(path, SPELLINGS)


@pytest.fixture(scope="module")
def spellings(spellings_result):
    return by_function(spellings_result[1])


def bound(decision):
    assert decision.replacement, decision.reason
    binding = decision.replacement.binding
    return binding.spec.name, binding.expressions(decision.region, decision.region.constants)


@pytest.mark.parametrize("function, spec, incx, incy", [
    ("dot_strided", "sdot", "incx", "incy"), ("axpy_strided", "daxpy", "incx", "incy"),
    ("gemv_strided", "sgemv", "incx", "incy")])
def test_strided_vectors_bind_to_increments(spellings, function, spec, incx, incy):
    name, params = bound(spellings[function])
    assert (name, params["incx"], params["incy"]) == (spec, incx, incy)


def test_full_convolution_binds(spellings):
    name, params = bound(spellings["conv1d_full"])
    assert (name, params["L"], params["KW"], params["flip"]) == ("sconv1d_full", "L", "K", "1")


def test_flipped_2d_convolution_binds(spellings):
    name, params = bound(spellings["conv2d_flip"])
    assert (name, params["KH"], params["KW"], params["flip"]) == ("dconv2d", "KH", "KW", "1")


def test_bias_vectors_bind_to_gemv_bias_and_gemm_bias(spellings):
    name, params = bound(spellings["gemv_bias"])
    assert (name, params["bias"], params["M"], params["N"]) == ("sgemv_bias", "b", "m", "n")
    name, params = bound(spellings["linear"])
    assert (name, params["bias"], params["M"], params["N"], params["K"], params["trans_b"], params["bias_cols"]) == \
        ("dgemm_bias", "bias", "batch", "out_f", "in_f", "1", "1")


# --- the simplest op wins -----------------------------------------------------------------------------

SIMPLEST = r"""
float A[10][10], B[10][10], C[10][10];
void mm10(void)
{
    for (int i = 0; i < 10; i++)
        for (int j = 0; j < 10; j++) {
            float s = 0.0f;
            for (int k = 0; k < 10; k++)
                s += A[i][k] * B[k][j];
            C[i][j] = s;
        }
}
void affine(int m, int n, const double *a, const double *x, const double *b, double *y)
{
    for (int i = 0; i < m; i++) {
        double s = b[i];
        for (int j = 0; j < n; j++)
            s += a[i * n + j] * x[j];
        y[i] = s;
    }
}
"""


def test_rewritten_spellings_compute_what_the_loops_compute(spellings_result, tmp_path):
    """Each new spelling, rewritten and linked with the runtime, prints what the original prints, and every
    kernel runs in the library."""
    path, result = spellings_result
    assert len(result.replacements) == KERNELS
    rewritten = tmp_path / "rewritten.c"
    rewritten.write_bytes(result.rewritten())
    run(["cc", "-O2", "-o", str(tmp_path / "plain"), str(path), "-lm"], check=True)
    run(["cc", "-O2", *runtime.cflags(), str(rewritten), "-o", str(tmp_path / "lib"), *runtime.libs(), "-lm"],
        check=True)
    plain = run([str(tmp_path / "plain")], check=True)
    library = run([str(tmp_path / "lib")], env={"ATC_TRACE": "1"}, check=True)
    assert not same_output(plain.stdout, library.stdout), f"{plain.stdout}\n---\n{library.stdout}"
    traced = {ln.split()[1] for ln in library.stderr.splitlines() if ln.startswith("atc-trace:")}
    assert traced >= {rep.binding.spec.api.removeprefix("atc_") for rep in result.replacements}, library.stderr


def test_simplest_op_wins_whatever_order_the_ops_are_tried_in(tmp_path, monkeypatch):
    """Convolutions first (as a classifier may order them): the matrix product is still emitted as a GEMM
    and y = A x + b as a GEMV, and the convolutions that also matched are recorded."""
    monkeypatch.setattr(specs_module, "SPECS", sorted(SPECS, key=lambda spec: -spec.rank))
    decisions = by_function(compile_result(tmp_path / "k.c", SIMPLEST))
    assert bound(decisions["mm10"])[0] == "sgemm"
    assert bound(decisions["affine"])[0] == "dgemv_bias"
    assert "conv2d" in decisions["affine"].matched
