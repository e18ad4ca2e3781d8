"""Lexical distance between user names and API parameter names, to try the likely binding first."""

from __future__ import annotations

import re
from difflib import SequenceMatcher


def name_parts(expr: str) -> list[str]:
    """Identifiers in a C expression, lower-cased: `a->data` -> ["a", "data"]."""
    return [p.lower() for p in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", expr)]


def similarity(expr: str, names: list[str]) -> float:
    """1.0 for an exact match of any identifier in expr with any known name, down to 0.0."""
    best = 0.0
    for part in name_parts(expr):
        for name in names:
            if part == name:
                return 1.0
            best = max(best, SequenceMatcher(None, part, name).ratio())
    return best
