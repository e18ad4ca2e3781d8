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

    @property
    def int_params(self) -> tuple:
        return self.sizes + self.strides

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
}

GEMM_ARGS = ("trans_a", "trans_b", "M", "N", "K", "alpha", "A", "lda", "B", "ldb", "beta", "C", "ldc")


def gemm_spec(prefix: str, dtype: str, ctype: str) -> OpSpec:
    return OpSpec(
        name=f"{prefix}gemm", op="gemm", dtype=dtype, ctype=ctype, api=f"atc_{prefix}gemm",
        sizes=("M", "N", "K"), strides=("lda", "ldb", "ldc"), inputs=("A", "B"), output="C",
        flags={"trans_a": (0, 1), "trans_b": (0, 1)}, scale="alpha", accumulate="beta",
        footprint=_gemm_footprint, requires=_gemm_requires, semantics=_gemm_semantics, terms=lambda p: p["K"],
        work=lambda p: p["M"] * p["N"] * p["K"], call=_call(f"atc_{prefix}gemm", GEMM_ARGS), names=GEMM_NAMES)


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


def _gemv_footprint(p):
    rows, cols = (p["N"], p["M"]) if p["trans"] else (p["M"], p["N"])
    return {"A": (p["M"] - 1) * p["lda"] + p["N"], "x": cols, "y": rows}


def _gemv_semantics(p, arrays):
    a = _matrix(arrays["A"], p["M"], p["N"], p["lda"], 0)
    if p["trans"]:
        a = a.T
    rows = a.shape[0]
    value = _scaled(a @ arrays["x"][:a.shape[1]], p)
    out = arrays["y"].copy()
    out[:rows] = _accumulated(value, arrays["y"][:rows], p)
    return out


def gemv_spec(prefix: str, dtype: str, ctype: str) -> OpSpec:
    api = f"atc_{prefix}gemv"
    return OpSpec(
        name=f"{prefix}gemv", op="gemv", dtype=dtype, ctype=ctype, api=api,
        sizes=("M", "N"), strides=("lda",), inputs=("A", "x"), output="y", flags={"trans": (0, 1)},
        scale="alpha", accumulate="beta", footprint=_gemv_footprint,
        requires=lambda p: [p["lda"] >= p["N"]], semantics=_gemv_semantics,
        terms=lambda p: p["M"] if p["trans"] else p["N"], work=lambda p: p["M"] * p["N"],
        call=_call(api, ("trans", "M", "N", "alpha", "A", "lda", "x", "beta", "y")), names=GEMM_NAMES)


def _axpy_semantics(p, arrays):
    n = p["n"]
    out = arrays["y"].copy()
    out[:n] = _scaled(arrays["x"][:n], p) + arrays["y"][:n]
    return out


def axpy_spec(prefix: str, dtype: str, ctype: str) -> OpSpec:
    api = f"atc_{prefix}axpy"
    return OpSpec(
        name=f"{prefix}axpy", op="axpy", dtype=dtype, ctype=ctype, api=api,
        sizes=("n",), strides=(), inputs=("x",), output="y", flags={}, scale="alpha", accumulate=None,
        reads_output=True, footprint=lambda p: {"x": p["n"], "y": p["n"]}, requires=lambda p: [],
        semantics=_axpy_semantics, terms=lambda p: 2, work=lambda p: p["n"],
        call=_call(api, ("n", "alpha", "x", "y")),
        names={"n": ["n", "len", "length", "size", "count"], "x": ["x", "src", "in"], "y": ["y", "dst", "out"],
               "alpha": ["a", "alpha", "scale", "s"]})


def _dot_semantics(p, arrays):
    n = p["n"]
    value = (arrays["x"][:n] * arrays["y"][:n]).sum() if n else 0
    out = arrays["r"].copy()
    out[0] = _accumulated(value, arrays["r"][0], p)
    return out


def dot_spec(prefix: str, dtype: str, ctype: str, result_ctype: str = "") -> OpSpec:
    api = f"atc_{prefix}dot"
    return OpSpec(
        name=f"{prefix}dot", op="dot", dtype=dtype, ctype=ctype, api=api, result_ctype=result_ctype,
        sizes=("n",), strides=(), inputs=("x", "y"), output="r", flags={}, scale=None, accumulate="beta",
        footprint=lambda p: {"x": p["n"], "y": p["n"], "r": 1}, requires=lambda p: [],
        semantics=_dot_semantics, terms=lambda p: p["n"], work=lambda p: p["n"],
        call=_call(api, ("n", "x", "y")), output_scalar=True,
        names={"n": ["n", "len", "length", "size", "count"], "x": ["x", "a", "u", "v1"], "y": ["y", "b", "v", "v2"],
               "r": ["s", "sum", "dot", "acc", "result", "r"]})


SPECS = [make(prefix, dtype, ctype) for make in (gemm_spec, batched_gemm_spec, gemv_spec, axpy_spec, dot_spec)
         for prefix, dtype, ctype in PRECISIONS]
SPECS.append(dot_spec("ds", "float32", "float", result_ctype="double"))  # float data, double accumulation
