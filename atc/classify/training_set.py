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


class _Matrix:
    """How a matrix parameter is spelled: a flat pointer indexed `a[r * ld + c]`, or a 2-D array parameter
    `a[rows][ld]` indexed `a[r][c]`, as numeric code with variable-length array parameters writes it."""

    def __init__(self, rng, name, rows, cols, const=True, elem="float"):
        self.name, self.rows, self.cols, self.two_d = name, rows, cols, rng.random() < 0.35
        self.decl = (f"{'const ' if const else ''}{elem} {name}[{rows}][{cols}]" if self.two_d
                     else f"{'const ' if const else ''}{elem} *{name}")

    def at(self, r, c):
        return f"{self.name}[{r}][{c}]" if self.two_d else f"{self.name}[{r} * {self.cols} + {c}]"


def gemm(rng, fn):
    v = _names(rng)
    A, B, C, M, N, K = v["a"], v["b"], v["c"], v["m"], v["n"], v["k"]
    elem = rng.choice(["float", "float", "double"])
    ta, tb = rng.random() < 0.3, rng.random() < 0.3
    a = _Matrix(rng, A, K, M, elem=elem) if ta else _Matrix(rng, A, M, K, elem=elem)
    b = _Matrix(rng, B, N, K, elem=elem) if tb else _Matrix(rng, B, K, N, elem=elem)
    c = _Matrix(rng, C, M, N, const=False, elem=elem)
    a_idx = a.at("p", "i") if ta else a.at("i", "p")
    b_idx = b.at("j", "p") if tb else b.at("p", "j")
    scale = rng.choice(["", "alpha * "])
    params = f"int {M}, int {N}, int {K}, {a.decl}, {b.decl}, {c.decl}" + (f", {elem} alpha" if scale else "")
    style = rng.choice(["acc", "direct", "ikj", "scaled"])
    if style == "acc":
        body = (f"for (int i = 0; i < {M}; i++) for (int j = 0; j < {N}; j++) {{ {elem} s = 0;\n"
                f"  for (int p = 0; p < {K}; p++) s += {a_idx} * {b_idx};\n  {c.at('i', 'j')} = {scale}s; }}")
    elif style == "scaled":  # C = beta*C + alpha*A*B, C scaled row by row, then accumulated into
        params += f", {elem} beta"
        body = (f"for (int i = 0; i < {M}; i++) {{\n  for (int j = 0; j < {N}; j++) {c.at('i', 'j')} *= beta;\n"
                f"  for (int p = 0; p < {K}; p++) for (int j = 0; j < {N}; j++) "
                f"{c.at('i', 'j')} = {c.at('i', 'j')} + {scale}{a_idx} * {b_idx};\n}}")
    else:
        order = ["i", "j", "p"] if style == "direct" else rng.choice(list(itertools.permutations("ijp")))
        bounds = {"i": M, "j": N, "p": K}
        loops = "".join(f"for (int {x} = 0; {x} < {bounds[x]}; {x}++) " for x in order)
        body = (f"for (int i = 0; i < {M}; i++) for (int j = 0; j < {N}; j++) {c.at('i', 'j')} = 0;\n"
                f"{loops}{c.at('i', 'j')} += {scale}{a_idx} * {b_idx};")
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
    xj = f"{x}[j * incx]" if rng.random() < 0.25 else f"{x}[j]"   # BLAS-style increments
    start = "bias[i]" if rng.random() < 0.25 else "0"           # a linear layer's bias
    trans = rng.random() < 0.3
    a = _Matrix(rng, A, N, M) if trans else _Matrix(rng, A, M, N)
    a_ij = a.at("j", "i") if trans else a.at("i", "j")
    style = rng.random()
    if style < 0.4:
        body = (f"for (int i = 0; i < {M}; i++) {{ float s = {start}; for (int j = 0; j < {N}; j++) "
                f"s += {a_ij} * {xj}; {y}[i] = s; }}")
    elif style < 0.7:
        body = (f"for (int i = 0; i < {M}; i++) {y}[i] = {start};\n"
                f"for (int j = 0; j < {N}; j++) for (int i = 0; i < {M}; i++) {y}[i] += {a_ij} * {xj};")
    else:  # y += A x: the output accumulated into as it is (beta = 1)
        start = "0"
        body = f"for (int i = 0; i < {M}; i++) for (int j = 0; j < {N}; j++) {y}[i] = {y}[i] + {a_ij} * {xj};"
    extra = (", int incx" if "incx" in xj else "") + (", const float *bias" if start != "0" else "")
    return "gemv", f"void {fn}(int {M}, int {N}, {a.decl}, const float *{x}, float *{y}{extra}) {{\n{body}\n}}"


def dot(rng, fn):
    x, y, n = rng.choice(["x", "a", "u"]), rng.choice(["y", "b", "v"]), _pick(rng, "n")
    if rng.random() < 0.3:
        body = (f"float s = 0; int i = 0;\nfor (; i + 3 < {n}; i += 4) s += {x}[i]*{y}[i] + {x}[i+1]*{y}[i+1]"
                f" + {x}[i+2]*{y}[i+2] + {x}[i+3]*{y}[i+3];\nfor (; i < {n}; i++) s += {x}[i] * {y}[i];\nreturn s;")
    elif rng.random() < 0.4:  # BLAS-style increments
        body = f"float s = 0;\nfor (int i = 0; i < {n}; i++) s += {x}[i * incx] * {y}[i * incy];\nreturn s;"
        return "dot", f"float {fn}(int {n}, const float *{x}, int incx, const float *{y}, int incy) {{\n{body}\n}}"
    else:
        body = f"float s = 0;\nfor (int i = 0; i < {n}; i++) s += {x}[i] * {y}[i];\nreturn s;"
    return "dot", f"float {fn}(int {n}, const float *{x}, const float *{y}) {{\n{body}\n}}"


def axpy(rng, fn):
    x, y, n, a = rng.choice(["x", "src"]), rng.choice(["y", "dst"]), _pick(rng, "n"), rng.choice(["a", "alpha"])
    stmt = rng.choice([f"{y}[i] += {a} * {x}[i];", f"{y}[i] = {a} * {x}[i] + {y}[i];", f"{y}[i] += {x}[i] * {a};",
                       f"{y}[i * incy] += {a} * {x}[i * incx];"])
    extra = ", int incx, int incy" if "incx" in stmt else ""
    return "axpy", (f"void {fn}(int {n}, float {a}, const float *{x}, float *{y}{extra}) {{\n"
                    f"for (int i = 0; i < {n}; i++) {stmt}\n}}")


def image_filter(rng, fn):
    """A single-channel 2-D filter as image code writes it: fixed or given taps, same-size output, borders
    checked, the kernel read as given or reversed."""
    t = rng.choice(["3", "5", "KS"])
    flip = rng.random() < 0.5
    sy, sx = ("y + R - i", "x + R - j") if flip else ("y + i - R", "x + j - R")
    return "conv2d", (
        f"void {fn}(int h, int w, int KS, const float *src, const float *k, float *dst) {{\n"
        f"  const int R = {t} / 2;\n"
        f"  for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) {{ float acc = 0;\n"
        f"    for (int i = 0; i < {t}; i++) for (int j = 0; j < {t}; j++) {{ int sy = {sy}, sx = {sx};\n"
        f"      if (sy >= 0 && sy < h && sx >= 0 && sx < w) acc += k[i * {t} + j] * src[sy * w + sx]; }}\n"
        f"    dst[y * w + x] = acc; }}\n}}")


def conv2d(rng, fn):
    if rng.random() < 0.3:
        return image_filter(rng, fn)
    pad = rng.random() < 0.6
    check = "if (ih >= 0 && ih < H && iw >= 0 && iw < W) " if pad else ""
    off = " - pad" if pad else ""
    nhwc = rng.random() < 0.4
    idx_in = "in[(ih * W + iw) * C + c]" if nhwc else "in[(c * H + ih) * W + iw]"
    idx_w = "w[((kh * KW + kw) * C + c) * K + k]" if nhwc else "w[((k * C + c) * KH + kh) * KW + kw]"
    idx_out = "out[(oh * OW + ow) * K + k]" if nhwc else "out[(k * OH + oh) * OW + ow]"
    if rng.random() < 0.3:  # a true convolution: the kernel read reversed, as image code writes it
        idx_w = idx_w.replace("kh * KW + kw", "(KH - 1 - kh) * KW + (KW - 1 - kw)").replace(
            "KH + kh) * KW + kw", "KH + (KH - 1 - kh)) * KW + (KW - 1 - kw)")
    start = "bias[k]" if rng.random() < 0.3 else "0"
    return "conv2d", (
        f"void {fn}(int C, int H, int W, int K, int KH, int KW, int stride, int pad, int OH, int OW,\n"
        f"          const float *in, const float *w, const float *bias, float *out) {{\n"
        f"  for (int k = 0; k < K; k++) for (int oh = 0; oh < OH; oh++) for (int ow = 0; ow < OW; ow++) {{\n"
        f"    float s = {start};\n    for (int c = 0; c < C; c++) for (int kh = 0; kh < KH; kh++) "
        f"for (int kw = 0; kw < KW; kw++) {{\n"
        f"      int ih = oh * stride + kh{off}, iw = ow * stride + kw{off};\n"
        f"      {check}s += {idx_in} * {idx_w}; }}\n    {idx_out} = s; }}\n}}")


def conv1d(rng, fn):
    style = rng.choice(["causal", "valid", "full"])
    if style == "full":  # output L + T - 1 long, zero padding on both sides, as DSP libraries write it
        body = ("for (int n = 0; n < L + T - 1; n++) { float s = 0; for (int k = 0; k < T; k++) "
                "if (n - k >= 0 && n - k < L) s += h[k] * x[n - k]; y[n] = s; }")
    else:
        body = ("for (int n = 0; n < L; n++) { float s = 0; for (int k = 0; k < T; k++) "
                + ("if (n - k >= 0) s += h[k] * x[n - k]; " if style == "causal" else "s += h[k] * x[n + k]; ")
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
