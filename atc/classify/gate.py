"""Which regions are worth a search: cheap static features, before any code is compiled or run."""

from __future__ import annotations

from ..frontend.regions import Region


def worth_searching(region: Region) -> str | None:
    """None when the region may hold a tensor kernel; otherwise the reason it does not."""
    f = region.features
    if f.get("loop_depth", 0) < 2:
        return "fewer than two nested loops"
    if f.get("float_mults", 0) < 1:
        return "no floating-point multiplication"
    if f.get("accesses", 0) < 2:
        return "fewer than two array accesses"
    return None
