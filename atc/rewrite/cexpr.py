"""C expression text built with Python operators, so spec formulas can be printed as run-time guards."""

from __future__ import annotations


class CExpr:
    def __init__(self, text: str):
        self.text = text

    def __str__(self) -> str:
        return self.text

    def _bin(self, op, other, reflected=False):
        a, b = (other, self) if reflected else (self, other)
        return CExpr(f"({a} {op} {b})")

    def __add__(self, o): return self._bin("+", o)
    def __radd__(self, o): return self._bin("+", o, True)
    def __sub__(self, o): return self._bin("-", o)
    def __rsub__(self, o): return self._bin("-", o, True)
    def __mul__(self, o): return self._bin("*", o)
    def __rmul__(self, o): return self._bin("*", o, True)
    def __floordiv__(self, o): return CExpr(f"atc_floordiv({self}, {o})")
    def __rfloordiv__(self, o): return CExpr(f"atc_floordiv({o}, {self})")
    def __ge__(self, o): return self._bin(">=", o)
    def __le__(self, o): return self._bin("<=", o)
    def __gt__(self, o): return self._bin(">", o)
    def __lt__(self, o): return self._bin("<", o)
