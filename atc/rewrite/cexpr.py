"""C expression text built with Python operators, so spec formulas can be printed as run-time guards.

CExpr computes in double (the full guards); CInt in saturating 64-bit integers (the cheap work test that runs
before anything else: atc_imul clamps to [0, 2^31], so no product overflows, and a test that says "enough
work" wrongly is caught by the full guards behind it)."""

from __future__ import annotations


class CExpr:
    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text

    def _bin(self, op, other, reflected=False):
        a, b = (other, self) if reflected else (self, other)
        return type(self)(f"({a} {op} {b})")

    def __add__(self, o): return self._bin("+", o)
    def __radd__(self, o): return self._bin("+", o, True)
    def __sub__(self, o): return self._bin("-", o)
    def __rsub__(self, o): return self._bin("-", o, True)
    def __mul__(self, o): return self._bin("*", o)
    def __rmul__(self, o): return self._bin("*", o, True)
    def __floordiv__(self, o): return CExpr(f"atc_floordiv({self}, {o})")
    def __rfloordiv__(self, o): return CExpr(f"atc_floordiv({o}, {self})")
    def lesser(self, o): return CExpr(f"atc_fmin({self}, {o})")
    def __ge__(self, o): return self._bin(">=", o)
    def __le__(self, o): return self._bin("<=", o)
    def __gt__(self, o): return self._bin(">", o)
    def __lt__(self, o): return self._bin("<", o)


class CInt(CExpr):
    """Integer arithmetic on long long: products and quotients through the runtime header's saturating helpers."""

    def __mul__(self, o): return CInt(f"atc_imul({self}, {o})")
    def __rmul__(self, o): return CInt(f"atc_imul({o}, {self})")
    def __floordiv__(self, o): return CInt(f"atc_idiv({self}, {o})")
    def __rfloordiv__(self, o): return CInt(f"atc_idiv({o}, {self})")
    def lesser(self, o): return CInt(f"atc_imin({self}, {o})")
