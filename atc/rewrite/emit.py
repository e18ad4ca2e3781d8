"""Splice guarded API calls into the source; every byte outside the inserted text stays as it was.

A rewritten function gets `if (guard) { call; return; }` at the top of its body; a rewritten loop nest
becomes `if (guard) { call; } else <the loop nest>`. The guard checks the sizes the binding assumes, that
the output overlaps no input, and that the work is worth a library call; otherwise the original runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..frontend.regions import Region
from ..synth.search import Binding
from .cexpr import CExpr

INCLUDE = '#include "atc_runtime.h"\n'


@dataclass
class Replacement:
    region: Region
    binding: Binding
    guard: str
    call: str
    note: str          # one-line comment saying what was replaced and how it was checked


def build(region: Region, binding: Binding, verified: str) -> Replacement:
    spec = binding.spec
    exprs = binding.expressions(region, region.constants)
    sizes = {p: CExpr(f"(double)({exprs[p]})") for p in spec.int_params}
    params = dict(sizes)
    params.update(binding.flags)
    conds = [f"atc_sizes_ok({sizes[p]})" for p in spec.int_params]
    for req in spec.requires(params):
        text = str(req)
        lhs, _, rhs = text[1:-1].partition(" >= ")
        if lhs != rhs:  # "K >= K" needs no check
            conds.append(text)
    conds.append(f"{spec.work(sizes)} >= ATC_MIN_WORK")
    foot = spec.footprint(params)
    elem = f"sizeof({spec.ctype})"
    ptr = {name: f"({'' if name == spec.output else 'const '}{spec.ctype} *)({exprs[name]})"
           for name in binding.buffers}
    for name in spec.inputs:
        conds.append(f"atc_disjoint({ptr[spec.output]}, {foot[spec.output]} * {elem}, "
                     f"{ptr[name]}, {foot[name]} * {elem})")
    for name, idx in binding.buffers.items():
        cap = region.leaves[idx].capacity
        if cap is not None:
            conds.append(f"{foot[name]} <= {cap}.0")
    args = {p: f"(long)({exprs[p]})" for p in spec.int_params}
    args.update({f: str(v) for f, v in binding.flags.items()})
    args.update(ptr)
    for name in (spec.scale, spec.accumulate):
        args[name] = f"({spec.ctype})({exprs[name]})"
    binding_text = ", ".join(f"{k}={v}" for k, v in exprs.items())
    note = f"/* atc: {spec.op} -> {spec.api} ({binding_text}); verified {verified} */"
    unique = list(dict.fromkeys(conds))
    return Replacement(region, binding, " && ".join(unique), spec.call(args), note)


def _insertion(rep: Replacement, compact: bool) -> tuple[int, int, str]:
    """(start, end, text) replacing source[start:end]."""
    r = rep.region
    if r.kind == "function":
        pos = r.start + 1  # just after the body's opening brace
        if compact:
            return pos, pos, f" {rep.note} if ({rep.guard}) {{ {rep.call}; return; }}"
        return pos, pos, (f"\n    {rep.note}\n    if ({rep.guard}) {{\n        {rep.call};\n        return;\n    }}")
    original = r.text
    if compact:
        return r.start, r.end, f"{rep.note} if ({rep.guard}) {{ {rep.call}; }} else {original}"
    return r.start, r.end, f"{rep.note}\n    if ({rep.guard}) {{\n        {rep.call};\n    }} else {original}"


def splice(source: bytes, replacements: list[Replacement], path: str, compact: bool = False) -> bytes:
    """The source with each replacement applied; unchanged when there is none."""
    if not replacements:
        return source
    edits = sorted((_insertion(rep, compact) for rep in replacements), key=lambda e: e[0], reverse=True)
    out = source
    for start, end, text in edits:
        out = out[:start] + text.encode() + out[end:]
    header = INCLUDE
    if compact:
        quoted = path.replace("\\", "\\\\").replace('"', '\\"')
        header += f'#line 1 "{quoted}"\n'
    return header.encode() + out
