"""Comparing program outputs: the same text, with numbers equal within a tolerance."""

import re

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?(?:inf|nan)", re.IGNORECASE)


def same_output(a: str, b: str, rel: float = 1e-3, abs_tol: float = 1e-3) -> str:
    """'' when equal within tolerance, else a description of the first difference."""
    if NUMBER.sub("#", a) != NUMBER.sub("#", b):
        return "texts differ apart from numbers"
    for x, y in zip(NUMBER.findall(a), NUMBER.findall(b)):
        fx, fy = float(x), float(y)
        if fx != fy and not abs(fx - fy) <= max(abs_tol, rel * max(abs(fx), abs(fy))):
            return f"{x} != {y}"
    return ""
