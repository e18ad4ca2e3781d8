"""atc_?conv2d / atc_?conv1d of every runtime backend against an independent numpy reference: both layouts,
groups (1, 2, depthwise), strides, padding, dilation, bias or none, float and double; outputs never read and
nothing written outside them. The GEMM lowering is also run with a tiny workspace (blocked im2col) and with
no workspace at all (direct loops), and the cuBLAS backend on the host emulation in tests/cuda_mock."""

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest

from atc import runtime
from conftest import run, skip_without_gpu

GUARD = 16           # sentinel elements on each side of every output
SENTINEL = -12345.25  # exact in float and double

DRIVER = r"""
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "atc_runtime.h"
#define GUARD 16
#define SENTINEL -12345.25

static double *read_values(long count)
{
    double *v = malloc((count + 1) * sizeof *v);
    for (long i = 0; i < count; i++)
        if (scanf("%lf", &v[i]) != 1)
            exit(2);
    return v;
}

/* The case's inputs as T, an output buffer (NaN inside, sentinels around), the call, the whole buffer printed. */
#define RUN(T, CALL)                                                                                      \
    {                                                                                                     \
        T *in = malloc(nin * sizeof(T)), *wt = malloc(nwt * sizeof(T)), *bias = NULL;                     \
        T *buf = malloc((nout + 2 * GUARD) * sizeof(T)), *out = buf + GUARD;                              \
        for (long i = 0; i < nin; i++) in[i] = (T)vin[i];                                                 \
        for (long i = 0; i < nwt; i++) wt[i] = (T)vwt[i];                                                 \
        if (nbias) {                                                                                      \
            bias = malloc(nbias * sizeof(T));                                                             \
            for (long i = 0; i < nbias; i++) bias[i] = (T)vbias[i];                                       \
        }                                                                                                 \
        for (long i = 0; i < nout + 2 * GUARD; i++) buf[i] = (T)SENTINEL;                                 \
        for (long i = 0; i < nout; i++) out[i] = (T)NAN;                                                  \
        CALL;                                                                                             \
        printf("%d ", done);                                                                              \
        for (long i = 0; i < nout + 2 * GUARD; i++)                                                       \
            printf("%.17g%c", (double)buf[i], i == nout + 2 * GUARD - 1 ? '\n' : ' ');                    \
        free(in), free(wt), free(bias), free(buf);                                                        \
    }

int main(void)
{
    char op[16];
    printf("%s\n", atc_backend());
    while (scanf("%15s", op) == 1) {
        int layout = 0, flip = 0, has_bias = 0, done = 0;
        long n, c, h, w, k, kh, kw, sh, sw, ph, pw, pa, dh, dw, g, nin, nwt, nbias = 0, nout;
        if (!strcmp(op + 1, "conv2d")) {
            if (scanf("%d %d %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %ld %d %ld", &layout, &flip, &n, &c,
                      &h, &w, &k, &kh, &kw, &sh, &sw, &ph, &pw, &dh, &dw, &g, &has_bias, &nout) != 18)
                return 2;
            nin = n * c * h * w, nwt = k * (c / g) * kh * kw, nbias = has_bias ? k : 0;
        } else { /* conv1d: c, k, w, kw, sw, pw, pa, dw are ci, co, l, kw, stride, pad_before, pad_after, dil */
            if (scanf("%d %ld %ld %ld %ld %ld %ld %ld %ld %ld", &flip, &c, &k, &w, &kw, &sw, &pw, &pa, &dw,
                      &nout) != 10)
                return 2;
            nin = c * w, nwt = k * c * kw;
        }
        double *vin = read_values(nin), *vwt = read_values(nwt), *vbias = read_values(nbias);
        if (!strcmp(op, "sconv2d"))
            RUN(float, done = atc_sconv2d(layout, flip, n, c, h, w, k, kh, kw, sh, sw, ph, pw, dh, dw, g, in, wt, bias, out))
        else if (!strcmp(op, "dconv2d"))
            RUN(double, done = atc_dconv2d(layout, flip, n, c, h, w, k, kh, kw, sh, sw, ph, pw, dh, dw, g, in, wt, bias, out))
        else if (!strcmp(op, "sconv1d"))
            RUN(float, done = atc_sconv1d(flip, c, k, w, kw, sw, pw, pa, dw, in, wt, out))
        else if (!strcmp(op, "dconv1d"))
            RUN(double, done = atc_dconv1d(flip, c, k, w, kw, sw, pw, pa, dw, in, wt, out))
        else
            return 2;
        free(vin), free(vwt), free(vbias);
    }
    return 0;
}
"""

GEOMS_2D = [
    # n  c  h   w  k kh kw sh sw ph pw dh dw groups bias
    (2, 3, 7, 5, 4, 3, 2, 1, 1, 1, 0, 1, 1, 1, 1),    # N = 2, H != W, KH != KW, bias
    (1, 4, 9, 8, 6, 3, 3, 2, 2, 1, 1, 1, 1, 2, 0),    # stride 2, groups 2
    (2, 2, 8, 10, 3, 3, 2, 1, 2, 2, 2, 2, 2, 1, 1),   # dilation 2, pad 2, stride 2 in w only
    (2, 4, 6, 5, 4, 3, 3, 1, 1, 1, 1, 1, 1, 4, 1),    # depthwise (G = C = K)
    (1, 2, 5, 7, 4, 3, 3, 1, 1, 0, 2, 1, 2, 2, 0),    # depthwise, two outputs per channel; dilation in w
    (2, 5, 4, 3, 6, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0),    # 1x1: the input is already the im2col matrix
    (2, 6, 3, 4, 4, 1, 1, 1, 1, 0, 0, 1, 1, 2, 1),    # 1x1, groups 2, bias
    (1, 3, 5, 6, 2, 1, 1, 2, 2, 0, 0, 1, 1, 1, 1),    # 1x1 with stride 2: not the identity
    (1, 4, 7, 6, 4, 2, 3, 2, 1, 0, 2, 2, 1, 2, 1),    # groups 2, stride and dilation in h, pad in w
    (1, 1, 3, 4, 2, 5, 1, 1, 1, 2, 0, 1, 1, 1, 0),    # kernel taller than the input
    (2, 3, 10, 9, 5, 3, 3, 3, 2, 1, 0, 2, 1, 1, 1),   # stride 3 leaves input rows unread
]
GEOMS_1D = [
    # flip ci co  l kw stride pad_before pad_after dil
    (1, 1, 1, 12, 4, 1, 3, 0, 1),   # causal FIR y[t] = sum_q h[q] x[t-q]
    (0, 2, 3, 11, 3, 1, 1, 1, 1),   # "same" cross-correlation
    (1, 3, 2, 13, 4, 2, 2, 2, 1),   # stride 2, pad 2
    (0, 2, 2, 10, 3, 1, 4, 0, 2),   # causal, dilation 2
    (1, 3, 4, 15, 3, 2, 4, 0, 2),   # causal, stride 2, dilation 2
    (0, 1, 2, 9, 3, 2, 0, 0, 2),    # no padding, stride 2, dilation 2
    (1, 2, 1, 6, 1, 1, 0, 0, 1),    # KW = 1: no im2col
    (0, 2, 3, 7, 1, 1, 0, 0, 1),    # KW = 1, no padding at all
    (1, 1, 1, 5, 7, 1, 3, 3, 1),    # kernel longer than the input
    (1, 1, 1, 9, 4, 1, 3, 3, 1),    # full convolution: output length l + kw - 1
    (0, 2, 2, 8, 3, 1, 0, 2, 1),    # padding after only
    (1, 1, 1, 40, 9, 1, 8, 0, 1),   # single-channel causal FIR, longer
    (0, 1, 1, 600, 11, 1, 0, 0, 1),  # long single-channel: blocks away from the edges take 8 taps at once
    (1, 1, 2, 1200, 10, 1, 3, 2, 2),  # the same, flipped, dilated, padded, two outputs
    (0, 2, 3, 5, 9, 1, 8, 8, 1),    # full, 6 channel pairs, kernel longer than the signal: mostly padding
    (1, 1, 2, 30, 7, 3, 5, 4, 2),   # taps: stride 3, dilation 2, padded on both sides
    (0, 1, 1, 4, 20, 2, 19, 19, 1),  # taps: full, strided, a signal much shorter than the filter
    (1, 1, 1, 50, 1500, 1, 1499, 1499, 1),  # taps: full, several blocks of outputs, each seeing a few taps
    (0, 1, 1, 10, 3, 1, 600, 600, 1),  # taps: whole blocks of outputs that see only padding
    (0, 4, 5, 20, 3, 1, 1, 1, 1),   # 20 channel pairs: im2col and a GEMM
    (1, 3, 6, 16, 4, 2, 2, 2, 1),   # 18 channel pairs, stride 2, padded
]
CASES = (
    [(p + "conv2d", layout, 0, *geom) for p in "sd" for layout in (0, 1) for geom in GEOMS_2D]
    # true convolutions (the kernel flipped in both dimensions)
    + [(p + "conv2d", layout, 1, *GEOMS_2D[i]) for p in "sd" for layout in (0, 1) for i in (0, 2, 4, 9)]
    # a geometry twice in a row with new data (oneDNN reuses its primitive), then with the bias toggled
    + [("sconv2d", 0, 0, *GEOMS_2D[0]), ("sconv2d", 0, 0, *GEOMS_2D[0]), ("sconv2d", 0, 0, *GEOMS_2D[0][:-1], 0),
       ("sconv2d", 1, 0, *GEOMS_2D[1]), ("sconv2d", 1, 0, *GEOMS_2D[1])]
    + [(p + "conv1d", *geom) for p in "sd" for geom in GEOMS_1D]
)
CONV_APIS = {"sconv2d", "dconv2d", "sconv1d", "dconv1d"}


def out_size_2d(h, w, kh, kw, sh, sw, ph, pw, dh, dw):
    return (h + 2 * ph - dh * (kh - 1) - 1) // sh + 1, (w + 2 * pw - dw * (kw - 1) - 1) // sw + 1


def conv2d_ref(layout, flip, n, c, h, w, k, kh, kw, sh, sw, ph, pw, dh, dw, groups, x, wt, bias):
    """Pad, then for every kernel tap a strided slice of the padded input times that tap's weights."""
    oh, ow = out_size_2d(h, w, kh, kw, sh, sw, ph, pw, dh, dw)
    cg, kg = c // groups, k // groups
    x = x.reshape(n, h, w, c).transpose(0, 3, 1, 2) if layout else x.reshape(n, c, h, w)
    wt = wt.reshape(kh, kw, cg, k).transpose(3, 2, 0, 1) if layout else wt.reshape(k, cg, kh, kw)
    if flip:
        wt = wt[:, :, ::-1, ::-1]
    xp = np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))
    out = np.zeros((n, groups, kg, oh, ow))
    for i in range(kh):
        for j in range(kw):
            tap = xp[:, :, i * dh: i * dh + sh * (oh - 1) + 1: sh, j * dw: j * dw + sw * (ow - 1) + 1: sw]
            out += np.einsum("ngcyx,gkc->ngkyx", tap.reshape(n, groups, cg, oh, ow),
                             wt[:, :, i, j].reshape(groups, kg, cg))
    out = out.reshape(n, k, oh, ow)
    if bias is not None:
        out += bias[None, :, None, None]
    return (out.transpose(0, 2, 3, 1) if layout else out).ravel()


def out_size_1d(l, kw, stride, padl, padr, dil):
    return (l + padl + padr - dil * (kw - 1) - 1) // stride + 1


def conv1d_ref(flip, ci, co, l, kw, stride, padl, padr, dil, x, wt):
    ol = out_size_1d(l, kw, stride, padl, padr, dil)
    xp = np.pad(x.reshape(ci, l), ((0, 0), (padl, padr)))
    wt = wt.reshape(co, ci, kw)
    if flip:
        wt = wt[:, :, ::-1]
    out = np.zeros((co, ol))
    for q in range(kw):
        out += wt[:, :, q] @ xp[:, q * dil: q * dil + stride * (ol - 1) + 1: stride]
    return out.ravel()


def test_reference_is_a_causal_fir():
    """The numpy reference itself: flip = 1 with kw - 1 zeros before is y[t] = sum_q h[q] x[t-q]; with kw - 1
    zeros on both sides, the full convolution."""
    rng = np.random.default_rng(0)
    x, hq = rng.standard_normal(12), rng.standard_normal(4)
    assert np.allclose(conv1d_ref(1, 1, 1, 12, 4, 1, 3, 0, 1, x, hq), np.convolve(hq, x)[:12])
    assert np.allclose(conv1d_ref(1, 1, 1, 12, 4, 1, 3, 3, 1, x, hq), np.convolve(hq, x))


def case_data(index, case):
    """(driver input line, expected output) of a case; inputs are random, rounded to the case's precision."""
    op, *args = case
    rng = np.random.default_rng(1000 + index)
    dtype = np.float32 if op[0] == "s" else np.float64

    def values(count):
        return rng.uniform(-1, 1, count).astype(dtype).astype(np.float64)

    if op.endswith("conv2d"):
        layout, flip, n, c, h, w, k, kh, kw, sh, sw, ph, pw, dh, dw, groups, has_bias = args
        x, wt = values(n * c * h * w), values(k * (c // groups) * kh * kw)
        bias = values(k) if has_bias else None
        want = conv2d_ref(layout, flip, n, c, h, w, k, kh, kw, sh, sw, ph, pw, dh, dw, groups, x, wt, bias)
        arrays = [x, wt] + ([bias] if has_bias else [])
    else:
        flip, ci, co, l, kw, stride, padl, padr, dil = args
        x, wt = values(ci * l), values(co * ci * kw)
        want = conv1d_ref(flip, ci, co, l, kw, stride, padl, padr, dil, x, wt)
        arrays = [x, wt]
    line = " ".join([op, *map(str, args), str(want.size)] + [repr(float(v)) for a in arrays for v in a])
    return line, want


def is_identity(case):
    """True when the lowering needs no im2col (1x1 kernel, stride 1, no padding)."""
    op, *args = case
    if op.endswith("conv2d"):
        kh, kw, sh, sw, ph, pw = args[7:13]
        return (kh, kw, sh, sw, ph, pw) == (1, 1, 1, 1, 0, 0)
    _, _, _, _, kw, stride, padl, padr, _ = args
    return kw == 1 and stride == 1 and padl == padr == 0


def conv1d_by_taps(case):
    """Does the runtime add a conv1d's taps directly: few channel pairs, or an output at least twice as long as
    the signal (im2col would hold mostly padding)?"""
    _, ci, co, l, kw, stride, padl, padr, dil = case[1:]
    return ci * co <= 16 or out_size_1d(l, kw, stride, padl, padr, dil) >= 2 * l


def gemm_calls(conv_and_gemm):
    """For each conv trace line, how many GEMM trace lines follow it before the next conv line."""
    counts = []
    for ln in conv_and_gemm:
        if ln.split()[1] in CONV_APIS:
            counts.append(0)
        elif counts:
            counts[-1] += 1
    return counts


def check_driver(exe, target, env=None):
    """Run the driver over CASES, compare with numpy; the trace lines of the conv calls and the GEMMs they made."""
    data = [case_data(i, case) for i, case in enumerate(CASES)]
    stdin = "\n".join(line for line, _ in data) + "\n"
    proc = subprocess.run([str(exe)], input=stdin, capture_output=True, text=True,
                          env=dict(os.environ, ATC_TRACE="1", **(env or {})))
    skip_without_gpu(target, proc)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert lines[0] == target
    assert len(lines) == 1 + len(CASES), proc.stderr[-2000:]
    for case, (_, want), line in zip(CASES, data, lines[1:]):
        done, *values = line.split()
        assert done == "1", f"{target} {case}: declined"
        got = np.array(values, dtype=np.float64)
        assert got.size == want.size + 2 * GUARD
        outside = np.concatenate([got[:GUARD], got[GUARD + want.size:]])
        assert (outside == SENTINEL).all(), f"{target} {case}: wrote outside the output"
        got = got[GUARD: GUARD + want.size]
        tol = 1e-4 if case[0][0] == "s" else 1e-10
        bad = ~np.isclose(got, want, rtol=tol, atol=tol)  # NaN (never written, or read) is bad too
        assert not bad.any(), f"{target} {case}: first differences at {np.flatnonzero(bad)[:5]}: " \
                              f"got {got[bad][:5]}, want {want[bad][:5]}"
    traces = [ln for ln in proc.stderr.splitlines() if ln.startswith("atc-trace: ")]
    assert all(f" backend={target} " in ln for ln in traces), traces[:5]
    conv = [ln for ln in traces if ln.split()[1] in CONV_APIS]
    assert [ln.split()[1] for ln in conv] == [case[0] for case in CASES]  # one line per call
    return conv, gemm_calls([ln for ln in traces if ln.split()[1] in CONV_APIS | {"sgemm", "dgemm"}])


def _require(target):
    reason = runtime.unavailable(target)
    if reason:
        pytest.skip(f"optional backend not installed here: {reason}")


@pytest.fixture(scope="module")
def driver_src(tmp_path_factory):
    src = tmp_path_factory.mktemp("conv-driver") / "conv_driver.c"
    src.write_text(DRIVER)
    return src


def build(target, driver_src, tmp_path):
    exe = tmp_path / "driver"
    run(["cc", "-O2", *runtime.cflags(target), str(driver_src), "-o", str(exe), *runtime.libs(target)], check=True)
    return exe


def sconv2d_via(conv):
    """What computed each sconv2d call of the oneDNN backend (but true convolutions, which it always lowers)."""
    return [ln.split(" via=")[1] for ln in conv if ln.split()[1] == "sconv2d" and " flip=0 " in ln]


@pytest.mark.parametrize("target", runtime.TARGETS)
def test_conv_matches_numpy(target, driver_src, tmp_path):
    _require(target)
    conv, _ = check_driver(build(target, driver_src, tmp_path), target)
    for case, line in zip(CASES, conv):
        if case[0].endswith("conv1d"):
            assert ("via=taps" in line) == conv1d_by_taps(case), (case, line)
    if target == "onednn":  # all through the primitive or, without a SYCL CPU device, all lowered
        via = {v.split()[0] for v in sconv2d_via(conv)}
        assert via in ({"dnnl_convolution"}, {"im2col+dnnl_sgemm"}), via


def test_onednn_conv_primitive(driver_src, tmp_path, monkeypatch):
    """sconv2d through oneDNN's convolution primitive, on the CPU device of the OpenCL runtime the wheels bring
    (the runtime library names it; the user's environment sets nothing); the primitive of a call is reused by
    the next call with the same geometry."""
    _require("onednn")
    if not runtime.TARGET_TABLE["onednn"].defines():
        pytest.skip("no OpenCL CPU runtime (intel-opencl-rt) for oneDNN's SYCL CPU engine")
    monkeypatch.delenv("OCL_ICD_FILENAMES", raising=False)
    conv, _ = check_driver(build("onednn", driver_src, tmp_path), "onednn")
    via = sconv2d_via(conv)
    if all(v.startswith("im2col") for v in via):
        pytest.skip("oneDNN found no SYCL CPU device with the intel-opencl-rt runtime")
    calls = [case for case in CASES if case[0] == "sconv2d" and not case[2]]
    repeats = [a == b for a, b in zip([None] + calls, calls)]
    assert via == [f"dnnl_convolution primitive={'cached' if r else 'created'}" for r in repeats]


def test_onednn_conv_without_a_cpu_device(driver_src, tmp_path):
    """No SYCL CPU device: sconv2d is lowered, and oneDNN's complaint stays off the program's stdout (the
    driver's output lines are counted)."""
    _require("onednn")
    conv, _ = check_driver(build("onednn", driver_src, tmp_path), "onednn",
                           env={"ONEAPI_DEVICE_SELECTOR": "level_zero:gpu"})
    assert set(sconv2d_via(conv)) == {"im2col+dnnl_sgemm"}


# Compile-time variants of the lowering: a workspace of 40 elements (a few output pixels per block, so several
# GEMMs per image and group), and a workspace allocation that always fails (direct loops).
VARIANTS = {"blocked": ["-DATC_CONV_COL_ELEMS=40"], "no_workspace": ["-DATC_CONV_MALLOC(size)=NULL"]}


@pytest.mark.parametrize("variant", sorted(VARIANTS))
@pytest.mark.parametrize("target", ["openblas", "mkl", "onednn"])
def test_conv_lowering_variants(target, variant, driver_src, tmp_path):
    _require(target)
    stubs = runtime.stubs_dir()
    exe = tmp_path / "driver"
    t = runtime.TARGET_TABLE[target]  # without the prebuilt runtime: the backend's source is compiled in here
    run(["cc", "-O2", *VARIANTS[variant], "-I", str(stubs), *t.includes(), *t.defines(), str(driver_src),
         str(stubs / f"atc_{target}.c"), "-o", str(exe), *runtime.vendor_link(target)], check=True)
    check_lowering(variant, *check_driver(exe, target))


def check_lowering(variant, conv, gemms):
    """GEMM calls per lowered conv: none without a workspace (but the 1x1 ones need none); with the tiny
    workspace, more than one per image and group."""
    lowered = [(case, count) for case, ln, count in zip(CASES, conv, gemms)
               if "via=dnnl_convolution" not in ln and "via=taps" not in ln]
    assert lowered
    for case, count in lowered:
        if variant == "no_workspace":
            assert (count > 0) == is_identity(case), (case, count)
        else:
            assert count > 0, case
    if variant == "blocked":
        assert any(count > case[3] * case[16] for case, count in lowered if case[0].endswith("conv2d"))
        assert any(count > 1 for case, count in lowered if case[0].endswith("conv1d"))


@pytest.mark.parametrize("variant", ["default"] + sorted(VARIANTS))
def test_conv_cublas_on_an_emulated_device(variant, driver_src, tmp_path):
    """The cuBLAS backend's convolutions (host im2col, device GEMMs on sub-matrices with a leading dimension)
    against tests/cuda_mock, which rejects out-of-buffer operands, bad leading dimensions and leaks."""
    mock = Path(__file__).parent / "cuda_mock"
    stubs = runtime.stubs_dir()
    exe = tmp_path / "driver"
    run(["cc", "-O2", "-Wall", *VARIANTS.get(variant, []), "-I", str(mock), "-I", str(stubs), str(driver_src),
         str(stubs / "atc_cublas.c"), str(mock / "mock_cuda.c"), "-o", str(exe), "-lpthread", "-lm"], check=True)
    result = check_driver(exe, "cublas")
    if variant != "default":
        check_lowering(variant, *result)
