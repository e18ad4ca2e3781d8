"""Which regions are worth a search: cheap static features, before any code is compiled or run."""

from __future__ import annotations



def worth_searching(features: dict) -> str | None:
    """None when a region with these features may hold a tensor kernel; otherwise the reason it does not."""
    f = features
    if f.get("loop_depth", 0) < 1:
        return "not a kernel candidate: no loop"
    if f.get("float_mults", 0) < 1:
        return "not a kernel candidate: no floating-point multiplication"
    if f.get("accesses", 0) < 2:
        return "not a kernel candidate: fewer than two array accesses"
    return None
