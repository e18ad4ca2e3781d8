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
    body: list         # statements run instead of the original code when the guard holds
    note: str          # one-line comment saying what was replaced and how it was checked


def build(region: Region, binding: Binding, verified: str) -> Replacement:
    spec = binding.spec
    exprs = binding.expressions(region, region.constants)
    sizes = {p: CExpr(f"(double)({exprs[p]})") for p in spec.int_params}
    params = dict(sizes)
    params.update(binding.flags)
    conds = [f"atc_{'sizes' if spec.least(p) >= 1 else 'counts'}_ok({sizes[p]})" for p in spec.int_params]
    for req in spec.requires(params):
        text = str(req)
        lhs, _, rhs = text[1:-1].partition(" >= ")
        if lhs != rhs:  # "K >= K" needs no check
            conds.append(text)
    conds.append(f"{spec.work(sizes)} >= ATC_MIN_WORK")
    foot = spec.footprint(params)
    elem = f"sizeof({spec.ctype})"
    ptr = {name: f"({'' if name == spec.output else 'const '}{spec.ctype} *)({exprs[name]})"
           for name in binding.buffers if not (spec.output_scalar and name == spec.output)}
    if not spec.output_scalar:
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
    if spec.scale:
        args[spec.scale] = f"({spec.ctype})({exprs[spec.scale]})"
    if spec.accumulate and not spec.output_scalar:
        args[spec.accumulate] = f"({spec.ctype})({exprs[spec.accumulate]})"
    call = spec.call(args)
    if not spec.output_scalar:
        body = [f"{call};"] + (["return;"] if region.kind == "function" else [])
    elif region.kind == "function":
        body = [f"return ({region.result_type})({call});"]
    else:
        target = exprs[spec.output]
        kind, beta = binding.scalars[spec.accumulate]
        old = "" if kind == "const" and beta == 0 else \
            f"{target} + " if kind == "const" and beta == 1 else f"({exprs[spec.accumulate]}) * {target} + "
        body = [f"{target} = {old}({region.result_type})({call});"]
    binding_text = ", ".join(f"{k}={v}" for k, v in exprs.items())
    note = f"/* atc: {spec.op} -> {spec.api} ({binding_text}); verified {verified} */"
    unique = list(dict.fromkeys(conds))
    return Replacement(region, binding, " && ".join(unique), body, note)


def _insertion(rep: Replacement, compact: bool) -> tuple[int, int, str]:
    """(start, end, text) replacing source[start:end]."""
    r = rep.region
    if compact:
        guarded = f"{rep.note} if ({rep.guard}) {{ {' '.join(rep.body)} }}"
    else:
        lines = "".join(f"\n        {stmt}" for stmt in rep.body)
        guarded = f"{rep.note}\n    if ({rep.guard}) {{{lines}\n    }}"
    if r.kind == "function":
        pos = r.start + 1  # just after the body's opening brace
        return pos, pos, (" " if compact else "\n    ") + guarded
    return r.start, r.end, f"{guarded} else {r.text}"


def splice(source: bytes, replacements: list[Replacement], compact: bool = False) -> bytes:
    """The source with each replacement applied (without the header `with_header` adds)."""
    edits = sorted((_insertion(rep, compact) for rep in replacements), key=lambda e: e[0], reverse=True)
    out = source
    for start, end, text in edits:
        out = out[:start] + text.encode() + out[end:]
    return out


def with_header(body: bytes, path: str, compact: bool) -> bytes:
    """A spliced source made whole: the runtime's include first, and for compact output a #line directive
    so the compiler's diagnostics, __FILE__ and __LINE__ name the user's file and lines."""
    header = INCLUDE
    if compact:
        quoted = path.replace("\\", "\\\\").replace('"', '\\"')
        header += f'#line 1 "{quoted}"\n'
    return header.encode() + body
