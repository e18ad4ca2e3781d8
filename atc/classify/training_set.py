"""Generated training programs: many spellings of each op, and loop code that is none of them.

Each generator returns (op, C function text). Variation comes from loop orders, flat or 2-D indexing,
accumulators, scaling, transposes, unrolling, pointer walking and names, so the classifier learns the
structure of an op rather than one spelling.
"""

from __future__ import annotations

import itertools
import random

NAMES = {"a": ["A", "a", "x", "lhs", "in", "src"], "b": ["B", "b", "w", "rhs", "W", "kernel"],
         "c": ["C", "c", "y", "out", "dst", "res"], "m": ["M", "m", "rows", "n_rows", "ni"],
         "n": ["N", "n", "cols", "n_cols", "nj"], "k": ["K", "k", "inner", "depth", "nk"]}


def _pick(rng, key):
    return rng.choice(NAMES[key])


def _names(rng):
    picked = {}
    for key in NAMES:
        options = [v for v in NAMES[key] if v not in picked.values()]
        picked[key] = rng.choice(options)
    return picked


def gemm(rng, fn):
    v = _names(rng)
    A, B, C, M, N, K = v["a"], v["b"], v["c"], v["m"], v["n"], v["k"]
    ta, tb = rng.random() < 0.3, rng.random() < 0.3
    a_idx = f"{A}[p * {M} + i]" if ta else f"{A}[i * {K} + p]"
    b_idx = f"{B}[j * {K} + p]" if tb else f"{B}[p * {N} + j]"
    scale = rng.choice(["", "alpha * "])
    params = f"int {M}, int {N}, int {K}, const float *{A}, const float *{B}, float *{C}" + \
        (", float alpha" if scale else "")
    style = rng.choice(["acc", "direct", "ikj"])
    if style == "acc":
        body = (f"for (int i = 0; i < {M}; i++) for (int j = 0; j < {N}; j++) {{ float s = 0;\n"
                f"  for (int p = 0; p < {K}; p++) s += {a_idx} * {b_idx};\n  {C}[i * {N} + j] = {scale}s; }}")
    else:
        order = ["i", "j", "p"] if style == "direct" else rng.choice(list(itertools.permutations("ijp")))
        bounds = {"i": M, "j": N, "p": K}
        loops = "".join(f"for (int {x} = 0; {x} < {bounds[x]}; {x}++) " for x in order)
        body = (f"for (int i = 0; i < {M} * {N}; i++) {C}[i] = 0;\n"
                f"{loops}{C}[i * {N} + j] += {scale}{a_idx} * {b_idx};")
    return "gemm", f"void {fn}({params}) {{\n{body}\n}}"


def batched_gemm(rng, fn):
    return "batched_gemm", (
        f"void {fn}(int batch, int M, int N, int K, const float *A, const float *B, float *C) {{\n"
        f"  for (int t = 0; t < batch; t++) {{ const float *a = A + t * M * K, *b = B + t * K * N;"
        f" float *c = C + t * M * N;\n"
        f"    for (int i = 0; i < M; i++) for (int j = 0; j < N; j++) {{ float s = 0;\n"
        f"      for (int p = 0; p < K; p++) s += a[i * K + p] * b[p * N + j]; c[i * N + j] = s; }} }}\n}}"
        .replace("batch", rng.choice(["batch", "nb", "count"])))


def gemv(rng, fn):
    v = _names(rng)
    A, x, y, M, N = v["a"], v["b"], v["c"], v["m"], v["n"]
    if rng.random() < 0.5:
        body = (f"for (int i = 0; i < {M}; i++) {{ float s = 0; for (int j = 0; j < {N}; j++) "
                f"s += {A}[i * {N} + j] * {x}[j]; {y}[i] = s; }}")
    else:
        body = (f"for (int i = 0; i < {M}; i++) {y}[i] = 0;\n"
                f"for (int j = 0; j < {N}; j++) for (int i = 0; i < {M}; i++) {y}[i] += {A}[i * {N} + j] * {x}[j];")
    return "gemv", f"void {fn}(int {M}, int {N}, const float *{A}, const float *{x}, float *{y}) {{\n{body}\n}}"


def dot(rng, fn):
    x, y, n = rng.choice(["x", "a", "u"]), rng.choice(["y", "b", "v"]), _pick(rng, "n")
    if rng.random() < 0.3:
        body = (f"float s = 0; int i = 0;\nfor (; i + 3 < {n}; i += 4) s += {x}[i]*{y}[i] + {x}[i+1]*{y}[i+1]"
                f" + {x}[i+2]*{y}[i+2] + {x}[i+3]*{y}[i+3];\nfor (; i < {n}; i++) s += {x}[i] * {y}[i];\nreturn s;")
    else:
        body = f"float s = 0;\nfor (int i = 0; i < {n}; i++) s += {x}[i] * {y}[i];\nreturn s;"
    return "dot", f"float {fn}(int {n}, const float *{x}, const float *{y}) {{\n{body}\n}}"


def axpy(rng, fn):
    x, y, n, a = rng.choice(["x", "src"]), rng.choice(["y", "dst"]), _pick(rng, "n"), rng.choice(["a", "alpha"])
    stmt = rng.choice([f"{y}[i] += {a} * {x}[i];", f"{y}[i] = {a} * {x}[i] + {y}[i];", f"{y}[i] += {x}[i] * {a};"])
    return "axpy", f"void {fn}(int {n}, float {a}, const float *{x}, float *{y}) {{\nfor (int i = 0; i < {n}; i++) {stmt}\n}}"


def conv2d(rng, fn):
    pad = rng.random() < 0.6
    check = "if (ih >= 0 && ih < H && iw >= 0 && iw < W) " if pad else ""
    off = " - pad" if pad else ""
    nhwc = rng.random() < 0.4
    idx_in = "in[(ih * W + iw) * C + c]" if nhwc else "in[(c * H + ih) * W + iw]"
    idx_w = "w[((kh * KW + kw) * C + c) * K + k]" if nhwc else "w[((k * C + c) * KH + kh) * KW + kw]"
    idx_out = "out[(oh * OW + ow) * K + k]" if nhwc else "out[(k * OH + oh) * OW + ow]"
    return "conv2d", (
        f"void {fn}(int C, int H, int W, int K, int KH, int KW, int stride, int pad, int OH, int OW,\n"
        f"          const float *in, const float *w, float *out) {{\n"
        f"  for (int k = 0; k < K; k++) for (int oh = 0; oh < OH; oh++) for (int ow = 0; ow < OW; ow++) {{\n"
        f"    float s = 0;\n    for (int c = 0; c < C; c++) for (int kh = 0; kh < KH; kh++) "
        f"for (int kw = 0; kw < KW; kw++) {{\n"
        f"      int ih = oh * stride + kh{off}, iw = ow * stride + kw{off};\n"
        f"      {check}s += {idx_in} * {idx_w}; }}\n    {idx_out} = s; }}\n}}")


def conv1d(rng, fn):
    causal = rng.random() < 0.5
    body = ("for (int n = 0; n < L; n++) { float s = 0; for (int k = 0; k < T; k++) "
            + ("if (n - k >= 0) s += h[k] * x[n - k]; " if causal else "s += h[k] * x[n + k]; ")
            + "y[n] = s; }")
    return "conv1d", f"void {fn}(int L, int T, const float *x, const float *h, float *y) {{\n{body}\n}}"


NON_KERNELS = [
    "void {fn}(int n, int m, const float *a, float *b) {{ for (int i = 1; i < n - 1; i++) for (int j = 1; j < m - 1; j++)"
    " b[i*m+j] = 0.2f * (a[i*m+j] + a[(i-1)*m+j] + a[(i+1)*m+j] + a[i*m+j-1] + a[i*m+j+1]); }}",
    "void {fn}(int n, const float *a, float *b) {{ for (int i = 1; i < n - 1; i++) b[i] = 0.25f * a[i-1] + 0.5f * a[i] + 0.25f * a[i+1]; }}",
    "void {fn}(int n, int m, const float *a, float *t) {{ for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) t[j*n+i] = a[i*m+j]; }}",
    "void {fn}(int n, const float *a, float *b) {{ for (int i = 0; i < n; i++) b[i] = a[i]; }}",
    "void {fn}(int n, float *a) {{ for (int i = 0; i < n; i++) a[i] = 0.0f; }}",
    "float {fn}(int n, const float *a) {{ float s = 0; for (int i = 0; i < n; i++) s += a[i]; return s; }}",
    "float {fn}(int n, const float *a) {{ float m = a[0]; for (int i = 1; i < n; i++) if (a[i] > m) m = a[i]; return m; }}",
    "void {fn}(int n, const float *a, const float *b, float *c) {{ for (int i = 0; i < n; i++) c[i] = a[i] * b[i]; }}",
    "void {fn}(int n, const float *a, const float *b, float *c) {{ for (int i = 0; i < n; i++) c[i] = a[i] + b[i]; }}",
    "void {fn}(int n, float s, float *a) {{ for (int i = 0; i < n; i++) a[i] *= s; }}",
    "void {fn}(int n, float *a) {{ for (int i = 1; i < n; i++) a[i] += a[i-1]; }}",
    "void {fn}(int n, const float *a, int *h) {{ for (int i = 0; i < n; i++) h[(int)(a[i] * 8.0f) & 7]++; }}",
    "void {fn}(int n, int m, const float *a, float *o) {{ for (int i = 0; i < n / 2; i++) for (int j = 0; j < m / 2; j++) {{"
    " float v = a[2*i*m+2*j]; if (a[2*i*m+2*j+1] > v) v = a[2*i*m+2*j+1]; o[i*(m/2)+j] = v; }} }}",
    "void {fn}(int n, int m, const float *a, float *o) {{ for (int i = 0; i < n - 2; i++) for (int j = 0; j < m - 2; j++) {{"
    " float s = 0; for (int p = 0; p < 3; p++) for (int q = 0; q < 3; q++) s += a[(i+p)*m+j+q]; o[i*(m-2)+j] = s / 9.0f; }} }}",
    "void {fn}(int n, int m, float *a) {{ for (int i = 0; i < n; i++) {{ float mx = a[i*m], s = 0;"
    " for (int j = 0; j < m; j++) if (a[i*m+j] > mx) mx = a[i*m+j];"
    " for (int j = 0; j < m; j++) {{ a[i*m+j] = a[i*m+j] - mx; s += a[i*m+j]; }}"
    " for (int j = 0; j < m; j++) a[i*m+j] /= s; }} }}",
    "void {fn}(int n, int m, const float *a, const float *b, float *c) {{ for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) c[i*m+j] = a[i*m+j] + b[i*m+j]; }}",
    "void {fn}(int n, int m, const float *x, const float *y, float *a) {{ for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) a[i*m+j] = x[i] * y[j]; }}",
    "void {fn}(int n, float *a) {{ for (int k = 0; k < n; k++) for (int i = k + 1; i < n; i++) {{ float f = a[i*n+k] / a[k*n+k];"
    " for (int j = k; j < n; j++) a[i*n+j] -= f * a[k*n+j]; }} }}",
    "void {fn}(int n, int m, const float *a, float *r) {{ for (int i = 0; i < n; i++) {{ float s = 0; for (int j = 0; j < m; j++) s += a[i*m+j] * a[i*m+j]; r[i] = s; }} }}",
    "void {fn}(int n, int m, const float *a, const float *b, float *c) {{ for (int i = 0; i < n; i++) for (int j = 0; j < m; j++)"
    " {{ float s = 0; for (int k = 0; k < m; k++) s += a[i*m+k] + b[k*m+j]; c[i*m+j] = s; }} }}",
    "void {fn}(int n, const float *a, float *b) {{ for (int i = 0; i < n; i++) b[i] = a[i] > 0 ? a[i] : 0.01f * a[i]; }}",
    "void {fn}(int n, int m, float *img) {{ for (int i = 0; i < n; i++) for (int j = 0; j < m; j++) img[i*m+j] = img[i*m+j] * 0.5f + 0.25f; }}",
]


def non_kernel(rng, fn):
    return "none", rng.choice(NON_KERNELS).format(fn=fn)


GENERATORS = (gemm, batched_gemm, gemv, dot, axpy, conv2d, conv1d, non_kernel)


def generate(count_per_op: int = 40, seed: int = 0):
    """[(op, C source of one function)], with extra non-kernels since most code is not a kernel."""
    rng = random.Random(seed)
    out = []
    for gen in GENERATORS:
        n = count_per_op * (3 if gen is non_kernel else 1)
        for i in range(n):
            out.append(gen(rng, f"f_{gen.__name__}_{i}"))
    return out
