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
    strides: tuple                 # leading dimensions
    inputs: tuple                  # buffers read
    output: str                    # buffer written
    flags: dict                    # flag -> allowed values
    scale: str                     # scalar multiplying the result (alpha)
    accumulate: str                # scalar multiplying the old output (beta); 0 when the output is not read
    footprint: Callable            # params -> {buffer: elements touched}
    requires: Callable             # params -> [conditions the API needs]
    semantics: Callable            # params, arrays -> output buffer after the call (numbers or z3 terms)
    terms: Callable                # params -> terms summed per output element (for the rounding bound)
    work: Callable                 # params -> multiply-adds (for the profitability guard)
    call: Callable                 # params as C expressions -> C call
    names: dict = field(default_factory=dict)   # parameter -> names users give it

    @property
    def int_params(self) -> tuple:
        return self.sizes + self.strides

    def reference(self, params: dict, arrays: dict):
        """(expected output in float64, a bound on each element's magnitude of terms, terms summed)."""
        exact = self.semantics(params, {k: np.asarray(v, dtype=np.float64) for k, v in arrays.items()})
        absolute = {k: (abs(v) if isinstance(v, (int, float)) else v) for k, v in params.items()}
        magnitude = self.semantics(absolute, {k: np.abs(np.asarray(v, dtype=np.float64)) for k, v in arrays.items()})
        return exact, magnitude, self.terms(params)


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


def _gemm_call(api):
    def call(p):
        return (f"{api}({p['trans_a']}, {p['trans_b']}, {p['M']}, {p['N']}, {p['K']}, {p['alpha']}, "
                f"{p['A']}, {p['lda']}, {p['B']}, {p['ldb']}, {p['beta']}, {p['C']}, {p['ldc']})")
    return call


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
}


def gemm_spec(name: str, dtype: str, ctype: str) -> OpSpec:
    return OpSpec(
        name=name, op="gemm", dtype=dtype, ctype=ctype, api=f"atc_{name}",
        sizes=("M", "N", "K"), strides=("lda", "ldb", "ldc"), inputs=("A", "B"), output="C",
        flags={"trans_a": (0, 1), "trans_b": (0, 1)}, scale="alpha", accumulate="beta",
        footprint=_gemm_footprint, requires=_gemm_requires, semantics=_gemm_semantics, terms=lambda p: p["K"],
        work=lambda p: p["M"] * p["N"] * p["K"], call=_gemm_call(f"atc_{name}"), names=GEMM_NAMES)


SPECS = [gemm_spec("sgemm", "float32", "float")]
