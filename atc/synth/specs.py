"""API specifications as data: one OpSpec per library entry point.

An OpSpec says which parameters the API has, how much of each buffer a call touches (its footprint), what
the API requires of its arguments, what it computes (numpy reference semantics) and how to call it from C.
Footprints and requirements are written once with ordinary arithmetic, so the same functions evaluate
integers (tests), z3 terms (pruning) and C expressions (run-time guards).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

import numpy as np


# When several ops reproduce a region, the first of these that is proven is emitted: the simplest call.
SIMPLICITY = ("dot", "axpy", "gemv", "gemm", "batched_gemm", "conv1d", "conv2d")


@dataclass(frozen=True)
class OpSpec:
    name: str                      # "sgemm"
    op: str                        # op family reported to users: "gemm"
    dtype: str                     # numpy dtype of the buffers
    ctype: str                     # C element type
    api: str                       # runtime entry point
    sizes: tuple                   # size parameters, each >= 1
    strides: tuple                 # leading dimensions and batch strides
    inputs: tuple                  # buffers read
    output: str                    # buffer written
    flags: dict                    # flag -> allowed values
    scale: str | None              # scalar multiplying the result (alpha), if the API has one
    accumulate: str | None         # scalar multiplying the old output (beta), if the API has one
    footprint: Callable            # params -> {buffer: elements touched}
    requires: Callable             # params -> [conditions the API needs]
    semantics: Callable            # params, arrays -> output buffer after the call (numbers or z3 terms)
    terms: Callable                # params -> terms summed per output element (for the rounding bound)
    work: Callable                 # params -> multiply-adds (for the profitability guard)
    call: Callable                 # params as C expressions -> C call
    names: dict = field(default_factory=dict)   # parameter -> names users give it
    reads_output: bool | None = None    # without an accumulate scalar: does the API add to the output?
    product_strides: tuple = ()         # strides that may be products of two sizes (batch strides)
    output_scalar: bool = False         # the output is one value (returned, or a variable), not a buffer
    result_ctype: str = ""              # C type of a scalar output, when it differs from the buffers' type
    geometry: dict = field(default_factory=dict)  # small parameters (stride, padding, dilation) -> values to test
    extra_constants: tuple = ()         # constants offered for every parameter besides the code's literals
    reach_fits: Callable | None = None  # (params, buffer, reach, exact) -> can the call reach exactly that far,
                                        # for buffers it may not read to the end (taps that only see padding);
                                        # exact=False: only the footprint's parameters are known yet
    test_bands: tuple = ()              # size ranges for the IO tests, when the defaults would be too large
    distinct_inputs: bool = False       # the inputs are different arrays (a filter is never its own signal)
    value_flags: tuple = ()             # flags that change the values computed, never which elements are reached

    @property
    def rank(self) -> int:
        """Position in SIMPLICITY: lower is simpler."""
        return SIMPLICITY.index(self.op)

    @property
    def int_params(self) -> tuple:
        return self.sizes + self.strides + tuple(self.geometry)

    def least(self, param: str) -> int:
        """Smallest value the API accepts for an integer parameter."""
        return min(self.geometry[param]) if param in self.geometry else 1

    def at(self, ints: dict, flags: dict) -> dict:
        """Parameters with the given integers and flags, the others at their least values."""
        return {**{name: self.least(name) for name in self.int_params}, **ints, **flags}

    def fits(self, params: dict, buf: str, reach, exact: bool = True):
        """Does the call reach exactly `reach` elements of `buf`? (exact=False: only the parameters of the
        buffer's footprint are known yet.)"""
        if self.reach_fits:
            return self.reach_fits(params, buf, reach, exact)
        return self.footprint(params)[buf] == reach

    def reference(self, params: dict, arrays: dict):
        """(expected output in float64, a bound on each element's magnitude of terms, terms summed)."""
        exact = self.semantics(params, {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items()})
        absolute = {k: (abs(v) if isinstance(v, (int, float)) else v) for k, v in params.items()}
        magnitude = self.semantics(absolute, {k: np.abs(np.asarray(v, dtype=np.float64)) for k, v in arrays.items()})
        return exact, magnitude, self.terms(params)


PRECISIONS = (("s", "float32", "float"), ("d", "float64", "double"))


def _matrix(buf: np.ndarray, rows: int, cols: int, ld: int, trans: int) -> np.ndarray:
    """The rows x cols operand stored row-major with leading dimension ld (transposed when trans)."""
    if trans:
        idx = np.add.outer(np.arange(cols) * ld, np.arange(rows)).T
    else:
        idx = np.add.outer(np.arange(rows) * ld, np.arange(cols))
    return buf[idx]


def _is_const(value, c) -> bool:
    return isinstance(value, (int, float)) and value == c


def _gemm_footprint(p):
    m, n, k = p["M"], p["N"], p["K"]
    a = (k - 1) * p["lda"] + m if p["trans_a"] else (m - 1) * p["lda"] + k
    b = (n - 1) * p["ldb"] + k if p["trans_b"] else (k - 1) * p["ldb"] + n
    return {"A": a, "B": b, "C": (m - 1) * p["ldc"] + n}


def _gemm_requires(p):
    return [p["lda"] >= (p["M"] if p["trans_a"] else p["K"]),
            p["ldb"] >= (p["K"] if p["trans_b"] else p["N"]),
            p["ldc"] >= p["N"]]


def _gemm_semantics(p, arrays):
    """The whole output buffer after the call. Works on float arrays and on object arrays of z3 terms."""
    m, n, k = p["M"], p["N"], p["K"]
    a = _matrix(arrays["A"], m, k, p["lda"], p["trans_a"])
    b = _matrix(arrays["B"], k, n, p["ldb"], p["trans_b"])
    c_buf = arrays["C"]
    c_idx = np.add.outer(np.arange(m) * p["ldc"], np.arange(n))
    value = a @ b
    if not _is_const(p["alpha"], 1):
        value = value * p["alpha"]
    if not _is_const(p["beta"], 0):
        value = value + c_buf[c_idx] * p["beta"]
    out = c_buf.copy()
    out[c_idx] = value
    return out


def _call(api, order):
    def call(p):
        return f"{api}({', '.join(str(p[name]) for name in order)})"
    return call


def _scaled(value, p):
    """alpha * value + beta * old, skipping the factors that are the constants 1 and 0."""
    return value if _is_const(p.get("alpha", 1), 1) else value * p["alpha"]


def _accumulated(value, old, p):
    if "beta" in p and not _is_const(p["beta"], 0):
        return value + old * p["beta"]
    return value


GEMM_NAMES = {
    "M": ["m", "rows", "nrows", "row", "ni", "height", "dim1", "n1"],
    "N": ["n", "cols", "ncols", "col", "nj", "width", "dim3", "n3"],
    "K": ["k", "inner", "depth", "nk", "p", "common", "dim2", "n2"],
    "lda": ["lda", "lda_", "stride_a", "ld_a", "as"],
    "ldb": ["ldb", "stride_b", "ld_b", "bs"],
    "ldc": ["ldc", "stride_c", "ld_c", "cs"],
    "A": ["a", "lhs", "left", "x", "in", "input", "mat_a", "ma", "src"],
    "B": ["b", "rhs", "right", "w", "weights", "kernel", "mat_b", "mb"],
    "C": ["c", "out", "output", "res", "result", "dst", "prod", "y", "mat_c", "mc"],
    "alpha": ["alpha", "scale", "s"],
    "beta": ["beta", "acc", "decay"],
    "batch": ["batch", "b", "nb", "count", "nbatch"],
    "sa": ["stride_a", "sa"], "sb": ["stride_b", "sb"], "sc": ["stride_c", "sc"],
    "x": ["x", "v", "vec", "in", "input", "src"],
    "y": ["y", "out", "dst", "res", "result"],
    "lda_v": ["lda"],
    "incx": ["incx", "incX", "sx", "stride_x"], "incy": ["incy", "incY", "sy", "stride_y"],
    "bias": ["bias", "b", "bia", "biases", "offset"],
}

GEMM_ARGS = ("trans_a", "trans_b", "M", "N", "K", "alpha", "A", "lda", "B", "ldb", "beta", "C", "ldc")


def gemm_spec(prefix: str, dtype: str, ctype: str) -> OpSpec:
    return OpSpec(
        name=f"{prefix}gemm", op="gemm", dtype=dtype, ctype=ctype, api=f"atc_{prefix}gemm",
        sizes=("M", "N", "K"), strides=("lda", "ldb", "ldc"), inputs=("A", "B"), output="C",
        flags={"trans_a": (0, 1), "trans_b": (0, 1)}, scale="alpha", accumulate="beta",
        footprint=_gemm_footprint, requires=_gemm_requires, semantics=_gemm_semantics, terms=lambda p: p["K"],
        work=lambda p: p["M"] * p["N"] * p["K"], call=_call(f"atc_{prefix}gemm", GEMM_ARGS), names=GEMM_NAMES)


def _gemm_bias_footprint(p):
    return {**_gemm_footprint(p), "bias": p["N"] if p["bias_cols"] else p["M"]}


def _gemm_bias_semantics(p, arrays):
    """C = alpha op(A) op(B) + bias, the bias added to every row (bias_cols) or every column; C only written."""
    m, n = p["M"], p["N"]
    product = _gemm_semantics({**p, "beta": 0}, arrays)
    c_idx = np.add.outer(np.arange(m) * p["ldc"], np.arange(n))
    bias = arrays["bias"][:n].reshape(1, n) if p["bias_cols"] else arrays["bias"][:m].reshape(m, 1)
    product[c_idx] = product[c_idx] + bias
    return product


def gemm_bias_spec(prefix: str, dtype: str, ctype: str) -> OpSpec:
    """A linear layer: C = alpha op(A) op(B) + bias, as neural-network code writes it."""
    api = f"atc_{prefix}gemm_bias"
    order = ("trans_a", "trans_b", "M", "N", "K", "alpha", "A", "lda", "B", "ldb", "bias", "bias_cols", "C", "ldc")
    return OpSpec(
        name=f"{prefix}gemm_bias", op="gemm", dtype=dtype, ctype=ctype, api=api,
        sizes=("M", "N", "K"), strides=("lda", "ldb", "ldc"), inputs=("A", "B", "bias"), output="C",
        flags={"trans_a": (0, 1), "trans_b": (0, 1), "bias_cols": (1, 0)}, scale="alpha", accumulate=None,
        reads_output=False, footprint=_gemm_bias_footprint, requires=_gemm_requires,
        semantics=_gemm_bias_semantics, terms=lambda p: p["K"] + 1, work=lambda p: p["M"] * p["N"] * p["K"],
        call=_call(api, order), names=GEMM_NAMES, distinct_inputs=True)


def _batched_footprint(p):
    one = _gemm_footprint(p)
    last = p["batch"] - 1
    return {"A": last * p["sa"] + one["A"], "B": last * p["sb"] + one["B"], "C": last * p["sc"] + one["C"]}


def _batched_requires(p):
    one = _gemm_footprint(p)
    # Output matrices must not overlap each other; inputs may be shared (stride 0 is allowed for them).
    return _gemm_requires(p) + [p["sc"] >= one["C"]]


def _batched_semantics(p, arrays):
    out = arrays["C"].copy()
    for b in range(p["batch"]):
        one = _gemm_footprint(p)
        part = {"A": arrays["A"][b * p["sa"]:b * p["sa"] + one["A"]],
                "B": arrays["B"][b * p["sb"]:b * p["sb"] + one["B"]],
                "C": out[b * p["sc"]:b * p["sc"] + one["C"]]}
        out[b * p["sc"]:b * p["sc"] + one["C"]] = _gemm_semantics(p, part)
    return out


def batched_gemm_spec(prefix: str, dtype: str, ctype: str) -> OpSpec:
    api = f"atc_{prefix}gemm_batched"
    return OpSpec(
        name=f"{prefix}gemm_batched", op="batched_gemm", dtype=dtype, ctype=ctype, api=api,
        sizes=("M", "N", "K", "batch"), strides=("lda", "ldb", "ldc", "sa", "sb", "sc"), inputs=("A", "B"),
        output="C", flags={"trans_a": (0, 1), "trans_b": (0, 1)}, scale="alpha", accumulate="beta",
        footprint=_batched_footprint, requires=_batched_requires, semantics=_batched_semantics,
        terms=lambda p: p["K"], work=lambda p: p["M"] * p["N"] * p["K"] * p["batch"],
        call=_call(api, ("batch",) + GEMM_ARGS + ("sa", "sb", "sc")), names=GEMM_NAMES,
        product_strides=("sa", "sb", "sc"))


def _strided(n, inc):
    """Elements spanned by n elements inc apart (a BLAS increment)."""
    return (n - 1) * inc + 1


def _vector_idx(n, inc):
    return np.arange(n) * inc


def _gemv_footprint(p):
    rows, cols = (p["N"], p["M"]) if p["trans"] else (p["M"], p["N"])
    return {"A": (p["M"] - 1) * p["lda"] + p["N"], "x": _strided(cols, p["incx"]), "y": _strided(rows, p["incy"]),
            "bias": rows}


def _gemv_product(p, arrays):
    """(alpha op(A) x, indices of y it lands on)."""
    a = _matrix(arrays["A"], p["M"], p["N"], p["lda"], 0)
    if p["trans"]:
        a = a.T
    rows, cols = a.shape
    return _scaled(a @ arrays["x"][_vector_idx(cols, p["incx"])], p), _vector_idx(rows, p["incy"])


def _gemv_semantics(p, arrays):
    value, y_idx = _gemv_product(p, arrays)
    out = arrays["y"].copy()
    out[y_idx] = _accumulated(value, arrays["y"][y_idx], p)
    return out


def _gemv_bias_semantics(p, arrays):
    value, y_idx = _gemv_product(p, arrays)
    out = arrays["y"].copy()
    out[y_idx] = value + arrays["bias"][:len(y_idx)]
    return out


def _gemv_requires(p):
    return [p["lda"] >= p["N"], p["incx"] >= 1, p["incy"] >= 1]


def gemv_spec(prefix: str, dtype: str, ctype: str, bias: bool = False) -> OpSpec:
    """y = alpha op(A) x + beta y, or with a bias vector y = alpha op(A) x + bias (y only written)."""
    api = f"atc_{prefix}gemv" + ("_bias" if bias else "")
    order = ("trans", "M", "N", "alpha", "A", "lda", "x", "incx") + (("bias",) if bias else ("beta",)) + ("y", "incy")
    return OpSpec(
        name=f"{prefix}gemv" + ("_bias" if bias else ""), op="gemv", dtype=dtype, ctype=ctype, api=api,
        sizes=("M", "N"), strides=("lda", "incx", "incy"), inputs=("A", "x", "bias") if bias else ("A", "x"),
        output="y", flags={"trans": (0, 1)}, scale="alpha", accumulate=None if bias else "beta",
        reads_output=False if bias else None, footprint=_gemv_footprint, requires=_gemv_requires,
        semantics=_gemv_bias_semantics if bias else _gemv_semantics,
        terms=lambda p: (p["M"] if p["trans"] else p["N"]) + int(bias), work=lambda p: p["M"] * p["N"],
        call=_call(api, order), names=GEMM_NAMES, extra_constants=(1,), distinct_inputs=bias)


def _axpy_semantics(p, arrays):
    n = p["n"]
    x_idx, y_idx = _vector_idx(n, p["incx"]), _vector_idx(n, p["incy"])
    out = arrays["y"].copy()
    out[y_idx] = _scaled(arrays["x"][x_idx], p) + arrays["y"][y_idx]
    return out


VECTOR_NAMES = {"n": ["n", "len", "length", "size", "count"], "incx": ["incx", "incX", "sx", "stride_x", "xs"],
                "incy": ["incy", "incY", "sy", "stride_y", "ys"]}


def _vector_requires(p):
    return [p["incx"] >= 1, p["incy"] >= 1]


def axpy_spec(prefix: str, dtype: str, ctype: str) -> OpSpec:
    api = f"atc_{prefix}axpy"
    return OpSpec(
        name=f"{prefix}axpy", op="axpy", dtype=dtype, ctype=ctype, api=api,
        sizes=("n",), strides=("incx", "incy"), inputs=("x",), output="y", flags={}, scale="alpha",
        accumulate=None, reads_output=True,
        footprint=lambda p: {"x": _strided(p["n"], p["incx"]), "y": _strided(p["n"], p["incy"])},
        requires=_vector_requires, semantics=_axpy_semantics, terms=lambda p: 2, work=lambda p: p["n"],
        call=_call(api, ("n", "alpha", "x", "incx", "y", "incy")), extra_constants=(1,),
        names={**VECTOR_NAMES, "x": ["x", "src", "in"], "y": ["y", "dst", "out"], "alpha": ["a", "alpha", "scale", "s"]})


def _dot_semantics(p, arrays):
    n = p["n"]
    x, y = arrays["x"][_vector_idx(n, p["incx"])], arrays["y"][_vector_idx(n, p["incy"])]
    value = (x * y).sum() if n else 0
    out = arrays["r"].copy()
    out[0] = _accumulated(value, arrays["r"][0], p)
    return out


def dot_spec(prefix: str, dtype: str, ctype: str, result_ctype: str = "") -> OpSpec:
    api = f"atc_{prefix}dot"
    return OpSpec(
        name=f"{prefix}dot", op="dot", dtype=dtype, ctype=ctype, api=api, result_ctype=result_ctype,
        sizes=("n",), strides=("incx", "incy"), inputs=("x", "y"), output="r", flags={}, scale=None,
        accumulate="beta",
        footprint=lambda p: {"x": _strided(p["n"], p["incx"]), "y": _strided(p["n"], p["incy"]), "r": 1},
        requires=_vector_requires, semantics=_dot_semantics, terms=lambda p: p["n"], work=lambda p: p["n"],
        call=_call(api, ("n", "x", "incx", "y", "incy", "r")), output_scalar=True, extra_constants=(1,),
        names={**VECTOR_NAMES, "x": ["x", "a", "u", "v1"], "y": ["y", "b", "v", "v2"],
               "r": ["s", "sum", "dot", "acc", "result", "r"]})


SPECS = [make(prefix, dtype, ctype) for make in (gemm_spec, gemm_bias_spec, batched_gemm_spec, gemv_spec, axpy_spec,
                                                  dot_spec) for prefix, dtype, ctype in PRECISIONS]
SPECS += [gemv_spec(prefix, dtype, ctype, bias=True) for prefix, dtype, ctype in PRECISIONS]
SPECS.append(dot_spec("ds", "float32", "float", result_ctype="double"))  # float data, double accumulation


# --- convolutions -------------------------------------------------------------------------------------
# Cross-correlation with zero padding, as deep-learning libraries define it. Layout 0 is NCHW input, OIHW
# weights, NCHW output; layout 1 is NHWC input, HWIO weights, NHWC output. Weights of a grouped
# convolution hold C/groups input channels per output channel.

CONV_GEOMETRY = {"stride_h": (1, 2), "stride_w": (1, 2), "pad_h": (0, 1, 2), "pad_w": (0, 1, 2),
                 "dil_h": (1, 2), "dil_w": (1, 2)}


def _out_size(size, taps, stride, pad_before, pad_after, dil):
    return (size + pad_before + pad_after - dil * (taps - 1) - 1) // stride + 1


def _conv2d_out(p):
    return (_out_size(p["H"], p["KH"], p["stride_h"], p["pad_h"], p["pad_h"], p["dil_h"]),
            _out_size(p["W"], p["KW"], p["stride_w"], p["pad_w"], p["pad_w"], p["dil_w"]))


def _conv2d_groups(p):
    """(input channels per group, input and output channels no group reaches). Groups touch G * (C // G)
    input and G * (K // G) output channels, which is all of them when the groups divide the channels."""
    g = p["G"]
    cg = p["C"] // g
    return cg, p["C"] - cg * g, p["K"] - (p["K"] // g) * g


def _conv2d_footprint(p):
    """How far each buffer is reached: the reaches of a grouped loop nest even where the groups do not divide
    the channels (the call itself requires that they do)."""
    oh, ow = _conv2d_out(p)
    n = p["N"]
    cg, c_short, k_short = _conv2d_groups(p)
    taps = p["KH"] * p["KW"]
    if p["layout"] == 0:
        return {"in": (n * p["C"] - c_short) * p["H"] * p["W"], "wt": (p["K"] - k_short) * cg * taps,
                "out": (n * p["K"] - k_short) * oh * ow, "bias": p["K"] - k_short}
    return {"in": n * p["H"] * p["W"] * p["C"] - c_short, "wt": taps * cg * p["K"] - k_short,
            "out": n * oh * ow * p["K"] - k_short, "bias": p["K"] - k_short}


def _last_read(size, taps, stride, pad, dil, out):
    """Along one dimension: the last input index and the last tap that take part in some output (-1 where
    none do). Tap t of output o reads index o * stride - pad + t * dil when that lies inside the input."""
    size, taps, stride, pad, dil, out = np.broadcast_arrays(*(np.asarray(v, dtype=np.int64)
                                                               for v in (size, taps, stride, pad, dil, out)))
    last_i, last_t = np.full(size.shape, -1), np.full(size.shape, -1)
    live = (size > 0) & (taps > 0) & (out > 0) & (stride > 0) & (dil > 0)
    with np.errstate(all="ignore"):
        # Stride 1: tap t reads the run [t * dil - pad, t * dil - pad + out - 1]; the last tap whose run
        # starts inside the input reads furthest.
        t = np.minimum(taps - 1, (size - 1 + pad) // np.maximum(dil, 1))
        end = t * dil - pad + out - 1
        unit = live & (stride == 1) & (t >= 0) & (end >= 0)
        last_t[unit], last_i[unit] = t[unit], np.minimum(size - 1, end)[unit]
        strided = live & (stride > 1)
        for t in range(int(taps[strided].max()) if strided.any() else 0):
            o = np.minimum(out - 1, (size - 1 + pad - t * dil) // np.maximum(stride, 1))
            at = o * stride - pad + t * dil
            hit = strided & (t < taps) & (o >= 0) & (at >= 0)
            last_t[hit], last_i[hit] = t, np.maximum(last_i, at)[hit]
    return (last_i, last_t) if last_i.ndim else (int(last_i), int(last_t))


def _conv2d_reach_fits(p, buf, reach, exact=True):
    """The input is read up to the last pixel some output sees (padding and strides may leave the last rows
    and columns unread); weights up to the last tap that sees the input, or whole when read unguarded.
    Before the geometry is known: the input's last image (NHWC) or channel (NCHW) and the weights' last
    output channel (OIHW) or a whole tap (HWIO) are reached."""
    full = _conv2d_footprint(p)[buf]
    if buf not in ("in", "wt"):
        return reach == full
    cg, c_short, k_short = _conv2d_groups(p)
    if not exact:
        if buf == "in":
            last = p["H"] * p["W"] * (1 if p["layout"] == 0 else p["C"])
            aligned = True if p["layout"] == 0 else (reach + c_short) % np.maximum(p["C"], 1) == 0
        else:
            last = p["KH"] * p["KW"] * cg if p["layout"] == 0 else full
            aligned = True if p["layout"] == 0 else (reach + k_short) % np.maximum(cg * p["K"], 1) == 0
        return aligned & (full - last < reach) & (reach <= full)
    oh, ow = _conv2d_out(p)
    row, tap_h = _last_read(p["H"], p["KH"], p["stride_h"], p["pad_h"], p["dil_h"], oh)
    col, tap_w = _last_read(p["W"], p["KW"], p["stride_w"], p["pad_w"], p["dil_w"], ow)
    if buf == "in":
        if p["layout"] == 0:
            used = ((p["N"] * p["C"] - c_short - 1) * p["H"] + row) * p["W"] + col + 1
        else:
            used = (((p["N"] - 1) * p["H"] + row) * p["W"] + col) * p["C"] + p["C"] - c_short
        return (reach == used) & (row >= 0) & (col >= 0)
    if p["layout"] == 0:
        used = (((p["K"] - k_short) * cg - 1) * p["KH"] + tap_h) * p["KW"] + tap_w + 1
    else:
        used = ((tap_h * p["KW"] + tap_w) * cg + cg - 1) * p["K"] + p["K"] - k_short
    return ((reach == used) & (tap_h >= 0) & (tap_w >= 0)) | (reach == full)


def _conv2d_requires(p):
    return [p["H"] + 2 * p["pad_h"] >= p["dil_h"] * (p["KH"] - 1) + 1,
            p["W"] + 2 * p["pad_w"] >= p["dil_w"] * (p["KW"] - 1) + 1,
            (p["C"] // p["G"]) * p["G"] >= p["C"], (p["K"] // p["G"]) * p["G"] >= p["K"]]


def _zeros(shape, like):
    return np.zeros(shape, dtype=object if like.dtype == object else np.float64)


def _correlate(x, wt, out_h, out_w, steps):
    """out[n, k, oh, ow] = sum over c, kh, kw of x[n, c, ih, iw] wt[k, c, kh, kw], taps outside x omitted.
    steps = (stride_h, stride_w, pad_h, pad_w, dil_h, dil_w)."""
    sh, sw, ph, pw, dh, dw = steps
    n, _, h, w = x.shape
    out = _zeros((n, wt.shape[0], out_h, out_w), x)
    for kh in range(wt.shape[2]):
        ih = np.arange(out_h) * sh - ph + kh * dh
        rows = (ih >= 0) & (ih < h)
        for kw in range(wt.shape[3]):
            iw = np.arange(out_w) * sw - pw + kw * dw
            cols = (iw >= 0) & (iw < w)
            if not rows.any() or not cols.any():
                continue
            patch = x[:, :, ih[rows]][:, :, :, iw[cols]]                      # n, c, rows, cols
            part = np.tensordot(wt[:, :, kh, kw], patch, axes=([1], [1]))    # k, n, rows, cols
            block = out[:, :, rows][:, :, :, cols] + part.transpose(1, 0, 2, 3)
            out[np.ix_(np.arange(n), np.arange(wt.shape[0]), np.nonzero(rows)[0], np.nonzero(cols)[0])] = block
    return out


def _conv2d_semantics(p, arrays):
    n, c, h, w, k, kh, kw, g = (p[x] for x in ("N", "C", "H", "W", "K", "KH", "KW", "G"))
    oh, ow = _conv2d_out(p)
    cg, kg = c // g, k // g
    x = arrays["in"][:n * c * h * w]
    wt = arrays["wt"][:k * cg * kh * kw]
    if p["layout"] == 0:
        x, wt = x.reshape(n, c, h, w), wt.reshape(k, cg, kh, kw)
    else:
        x, wt = x.reshape(n, h, w, c).transpose(0, 3, 1, 2), wt.reshape(kh, kw, cg, k).transpose(3, 2, 0, 1)
    if p["flip"]:
        wt = wt[:, :, ::-1, ::-1]
    steps = tuple(p[s] for s in ("stride_h", "stride_w", "pad_h", "pad_w", "dil_h", "dil_w"))
    value = np.concatenate([_correlate(x[:, i * cg:(i + 1) * cg], wt[i * kg:(i + 1) * kg], oh, ow, steps)
                            for i in range(g)], axis=1)
    if "bias" in arrays:
        value = value + arrays["bias"][:k].reshape(1, k, 1, 1)
    if p["layout"] == 1:
        value = value.transpose(0, 2, 3, 1)
    out = arrays["out"].copy()
    out[:value.size] = value.reshape(-1)
    return out


CONV2D_NAMES = {
    "N": ["n", "batch", "nb", "b", "images"], "C": ["c", "ci", "cin", "ic", "channels", "in_channels", "nc"],
    "H": ["h", "height", "ih", "rows", "ny", "in_h"], "W": ["w", "width", "iw", "cols", "nx", "in_w"],
    "K": ["k", "co", "cout", "oc", "m", "f", "filters", "out_channels", "nk"],
    "KH": ["kh", "r", "fh", "kernel_h", "ky"], "KW": ["kw", "s", "fw", "kernel_w", "kx"],
    "G": ["g", "groups", "group", "ng"],
    "stride_h": ["stride", "sh", "stride_h"], "stride_w": ["stride", "sw", "stride_w"],
    "pad_h": ["pad", "padding", "p", "ph", "pad_h"], "pad_w": ["pad", "padding", "p", "pw", "pad_w"],
    "dil_h": ["dil", "dilation", "d", "dh", "dil_h"], "dil_w": ["dil", "dilation", "d", "dw", "dil_w"],
    "in": ["in", "input", "x", "src", "img", "image", "ifm", "data"],
    "wt": ["w", "wt", "weights", "weight", "kernel", "filter", "filt", "f", "h", "taps", "coef", "coeffs"],
    "bias": ["bias", "b"], "out": ["out", "output", "y", "dst", "ofm", "res", "result"],
}


def conv2d_spec(prefix: str, dtype: str, ctype: str, bias: bool) -> OpSpec:
    api = f"atc_{prefix}conv2d"
    order = ("layout", "flip", "N", "C", "H", "W", "K", "KH", "KW", "stride_h", "stride_w", "pad_h", "pad_w",
             "dil_h", "dil_w", "G", "in", "wt")

    def call(p):
        return f"{api}({', '.join(str(p[x]) for x in order)}, {p['bias'] if bias else '0'}, {p['out']})"

    def work(p):
        oh, ow = _conv2d_out(p)
        return p["N"] * p["K"] * oh * ow * (p["C"] // p["G"]) * p["KH"] * p["KW"]
    return OpSpec(
        name=f"{prefix}conv2d" + ("_bias" if bias else ""), op="conv2d", dtype=dtype, ctype=ctype, api=api,
        sizes=("N", "C", "H", "W", "K", "KH", "KW", "G"), strides=(), geometry=CONV_GEOMETRY,
        inputs=("in", "wt", "bias") if bias else ("in", "wt"), output="out", flags={"layout": (0, 1), "flip": (0, 1)},
        scale=None, accumulate=None, reads_output=False,
        footprint=_conv2d_footprint, reach_fits=_conv2d_reach_fits, requires=_conv2d_requires,
        semantics=_conv2d_semantics, terms=lambda p: (p["C"] // p["G"]) * p["KH"] * p["KW"] + int(bias),
        work=work, call=call, names=CONV2D_NAMES, extra_constants=(0, 1), distinct_inputs=True, value_flags=("flip",),
        test_bands=((1, 9), (2, 11), (3, 13)))


def _conv1d_pads(p, padding):
    """(zeros before, zeros after the signal) for a padding mode: "pad" symmetric, "causal" only before (the
    output as long as the signal), "full" every overlap of filter and signal (output length L + dil*(KW-1))."""
    if padding == "pad":
        return p["pad"], p["pad"]
    reach = p["dil"] * (p["KW"] - 1)
    return (reach, 0) if padding == "causal" else (reach, reach)


def _conv1d_length(p, padding):
    before, after = _conv1d_pads(p, padding)
    return _out_size(p["L"], p["KW"], p["stride"], before, after, p["dil"])


def _conv1d_semantics(p, arrays, padding):
    ci, co, length, kw = p["CI"], p["CO"], p["L"], p["KW"]
    x = arrays["in"][:ci * length].reshape(1, ci, 1, length)
    wt = arrays["wt"][:co * ci * kw].reshape(co, ci, 1, kw)
    if p["flip"]:
        wt = wt[:, :, :, ::-1]
    before, _ = _conv1d_pads(p, padding)
    value = _correlate(x, wt, 1, _conv1d_length(p, padding), (1, p["stride"], 0, before, 1, p["dil"]))
    out = arrays["out"].copy()
    out[:value.size] = value.reshape(-1)
    return out


def _lesser(a, b):
    """The smaller of two sizes: ints, or expressions that spell it themselves (the C guards' `lesser`)."""
    pick = getattr(a, "lesser", None)
    return pick(b) if pick else min(a, b)


def _conv1d_work(p, padding):
    """Multiply-adds that meet the signal, an upper bound on the real ones: each output meets at most KW
    taps, and each sample at most one output per tap (exact for a full convolution with stride 1), so padding
    that makes the output longer than the signal adds nothing (a full convolution of a short signal by a long
    filter does L * KW, not (L + KW - 1) * KW)."""
    return p["CO"] * p["CI"] * p["KW"] * _lesser(_conv1d_length(p, padding), p["L"])


def _conv1d_footprint(p, padding):
    return {"in": p["CI"] * p["L"], "wt": p["CO"] * p["CI"] * p["KW"], "out": p["CO"] * _conv1d_length(p, padding)}


def _conv1d_reach_fits(padding):
    def fits(p, buf, reach, exact=True):
        """Strides and padding may leave the signal's end, and taps that only see padding, unread."""
        length = {"in": p["L"], "wt": p["KW"], "out": None}[buf]
        full = _conv1d_footprint(p, padding)[buf]
        if length is None:
            return reach == full
        return (full - length < reach) & (reach <= full)
    return fits


CONV1D_PADDINGS = ("pad", "causal", "full")


def conv1d_spec(prefix: str, dtype: str, ctype: str, padding: str) -> OpSpec:
    """1-D convolution / FIR filter: in [CI][L], weights [CO][CI][KW], out [CO][OL]. flip=1 is a true
    convolution (the filter reversed). `padding` is one of CONV1D_PADDINGS (see _conv1d_pads)."""
    api = f"atc_{prefix}conv1d"
    geometry = {"stride": (1, 2), "dil": (1, 2)}
    if padding == "pad":
        geometry["pad"] = (0, 1, 2)

    def call(p):
        reach = f"{p['dil']} * ({p['KW']} - 1)"   # C text: the arguments are parameter names
        before, after = {"pad": (p.get("pad"), p.get("pad")), "causal": (reach, "0"), "full": (reach, reach)}[padding]
        return (f"{api}({p['flip']}, {p['CI']}, {p['CO']}, {p['L']}, {p['KW']}, {p['stride']}, {before}, {after}, "
                f"{p['dil']}, {p['in']}, {p['wt']}, {p['out']})")

    def requires(p):
        before, after = _conv1d_pads(p, padding)
        return [p["L"] + before + after >= p["dil"] * (p["KW"] - 1) + 1]
    return OpSpec(
        name=f"{prefix}conv1d" + ("" if padding == "pad" else f"_{padding}"), op="conv1d", dtype=dtype,
        ctype=ctype, api=api, sizes=("CI", "CO", "L", "KW"), strides=(), geometry=geometry, inputs=("in", "wt"),
        output="out", flags={"flip": (0, 1)}, scale=None, accumulate=None, reads_output=False,
        footprint=lambda p: _conv1d_footprint(p, padding),
        reach_fits=_conv1d_reach_fits(padding), requires=requires,
        semantics=lambda p, arrays: _conv1d_semantics(p, arrays, padding),
        terms=lambda p: p["CI"] * p["KW"], work=lambda p: _conv1d_work(p, padding),
        call=call, extra_constants=(0, 1), distinct_inputs=True, value_flags=("flip",),
        test_bands=((1, 9), (4, 20), (20, 70)),
        names={**CONV2D_NAMES, "CI": CONV2D_NAMES["C"], "CO": CONV2D_NAMES["K"] + ["nf"],
               "L": ["l", "n", "len", "length", "size", "nx", "samples", "w"], "KW": ["kw", "t", "taps", "k", "m", "nt"],
               "stride": ["stride", "s", "step", "hop"], "pad": ["pad", "p", "padding"],
               "dil": ["dil", "dilation", "d"]})


SPECS += [conv2d_spec(prefix, dtype, ctype, bias) for prefix, dtype, ctype in PRECISIONS for bias in (False, True)]
SPECS += [conv1d_spec(prefix, dtype, ctype, padding) for prefix, dtype, ctype in PRECISIONS
          for padding in CONV1D_PADDINGS]
