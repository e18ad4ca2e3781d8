"""Enumerate bindings of an API's parameters to a region's leaves.

Buffers are bound by role (the one written buffer is the output; read buffers are inputs), flags are
enumerated, and integer parameters are chosen among the region's integer leaves and constants by z3: each
parameter's choice is a solver variable, and every probe's observed reach into each buffer must equal the
API's footprint under that choice. What survives is ranked by lexical similarity of names.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import z3

from ..analysis.probe import Observation
from ..frontend.regions import Region
from .lexical import similarity
from .specs import OpSpec

MAX_SIZE_MODELS = 64


@dataclass
class Binding:
    spec: OpSpec
    buffers: dict            # API buffer -> leaf index
    ints: dict               # API int param -> ("leaf", index) | ("const", value)
    flags: dict              # flag -> value
    scalars: dict            # alpha/beta -> ("leaf", index) | ("const", value)
    score: float = 0.0

    def int_value(self, param: str, assignment: dict) -> int:
        kind, v = self.ints[param]
        return assignment[v] if kind == "leaf" else v

    def params(self, assignment: dict, reals: dict) -> dict:
        """Concrete API parameters for given integer and real leaf values."""
        p = {name: self.int_value(name, assignment) for name in self.ints}
        p.update(self.flags)
        for name, (kind, v) in self.scalars.items():
            p[name] = reals[v] if kind == "leaf" else v
        return p

    def expressions(self, region: Region, consts: dict) -> dict:
        """API parameter -> C expression in the region's scope."""
        out = {}
        for name, idx in self.buffers.items():
            out[name] = region.leaves[idx].expr
        for name, (kind, v) in self.ints.items():
            out[name] = region.leaves[v].expr if kind == "leaf" else consts.get(v, str(v))
        for name, value in self.flags.items():
            out[name] = str(value)
        for name, (kind, v) in self.scalars.items():
            out[name] = region.leaves[v].expr if kind == "leaf" else repr(float(v))
        return out


@dataclass
class SearchResult:
    bindings: list = field(default_factory=list)
    reason: str = ""          # why there are none
    space: int = 0            # bindings before the constraints (buffers x flags x integer choices x scalars)


def _z3_pick(choice, options):
    expr = options[-1]
    for i in range(len(options) - 2, -1, -1):
        expr = z3.If(choice == i, options[i], expr)
    return expr


def _size_models(spec, region, obs, buffers, flags, int_cands):
    """All choices of integer parameters consistent with the observed reaches (enumerated by z3)."""
    solver = z3.Solver()
    choice = {p: z3.Int(f"choose_{p}") for p in spec.int_params}
    for p, c in choice.items():
        solver.add(c >= 0, c < len(int_cands))
    probes = obs.probes or []
    for probe in probes:
        values = [probe.ints.get(v, 1) if kind == "leaf" else v for kind, v in int_cands]
        params = {p: _z3_pick(choice[p], values) for p in spec.int_params}
        params.update(flags)
        foot = spec.footprint(params)
        for buf, leaf_idx in buffers.items():
            if leaf_idx in probe.reach:
                solver.add(foot[buf] == probe.reach[leaf_idx])
            elif probe is probes[0] and buf == spec.output and leaf_idx in obs.written_extent:
                # Storage the harness cannot bound with guard pages: the output's written extent still tells.
                solver.add(foot[buf] == obs.written_extent[leaf_idx])
    referenced = [i for i, (kind, v) in enumerate(int_cands)
                  if kind == "leaf" and region.leaves[v].referenced]
    for ci in referenced:
        solver.add(z3.Or([choice[p] == ci for p in spec.int_params]))
    models = []
    while len(models) < MAX_SIZE_MODELS and solver.check() == z3.sat:
        m = solver.model()
        picked = {p: m.eval(c).as_long() for p, c in choice.items()}
        models.append({p: int_cands[i] for p, i in picked.items()})
        solver.add(z3.Or([c != picked[p] for p, c in choice.items()]))
    return models


def _fits_capacity(spec, region, buffers, flags, ints) -> bool:
    """With constant sizes, buffers of fixed capacity must hold the footprint."""
    if any(kind == "leaf" for kind, _ in ints.values()):
        return True
    params = {p: v for p, (_, v) in ints.items()}
    params.update(flags)
    foot = spec.footprint(params)
    for buf, idx in buffers.items():
        cap = region.leaves[idx].capacity
        if cap is not None and foot[buf] > cap:
            return False
    return True


def _score(spec, region, binding) -> float:
    s = 0.0
    for name, idx in binding.buffers.items():
        s += similarity(region.leaves[idx].expr, spec.names.get(name, [name.lower()]))
    for name, (kind, v) in binding.ints.items():
        spelled = region.leaves[v].expr if kind == "leaf" else region.constants.get(v, "")
        s += similarity(spelled, spec.names.get(name, [name.lower()]))
    s -= 0.1 * sum(binding.flags.values())
    return s


def search(spec: OpSpec, region: Region, obs: Observation) -> SearchResult:
    leaves = region.leaves
    typed = [i for i, leaf in enumerate(leaves) if leaf.kind == "buffer" and leaf.dtype == spec.dtype]
    written = sorted(obs.written)
    if obs.scalars_changed:
        names = ", ".join(leaves[i].expr for i in sorted(obs.scalars_changed))
        return SearchResult(reason=f"changes scalars the caller sees ({names})")
    if len(written) != 1:
        return SearchResult(reason=f"writes {len(written)} buffers, {spec.op} writes one")
    out = written[0]
    if out not in typed:
        return SearchResult(reason=f"writes '{leaves[out].expr}' of type {leaves[out].ctype}, not {spec.ctype}")
    reads = sorted(i for i in obs.read if i != out)
    if any(i not in typed for i in reads):
        bad = next(leaves[i].expr for i in reads if i not in typed)
        return SearchResult(reason=f"reads '{bad}' of type other than {spec.ctype}")
    if not reads:
        return SearchResult(reason="reads no input buffer")
    if len(reads) > len(spec.inputs):
        return SearchResult(reason=f"reads {len(reads)} input buffers, {spec.op} reads {len(spec.inputs)}")

    int_cands = [("leaf", i) for i, leaf in enumerate(leaves) if leaf.kind == "int"]
    int_cands += [("const", v) for v in sorted(region.constants)]
    if not int_cands:
        return SearchResult(reason="no integer values to bind the sizes to")
    reals = [i for i, leaf in enumerate(leaves) if leaf.kind == "real"]
    out_read = out in obs.read
    result = SearchResult()
    for inputs in itertools.product(reads, repeat=len(spec.inputs)):
        if set(inputs) != set(reads):
            continue
        buffers = dict(zip(spec.inputs, inputs))
        buffers[spec.output] = out
        for flag_values in itertools.product(*spec.flags.values()):
            flags = dict(zip(spec.flags, flag_values))
            scalar_choices = list(_scalar_choices(spec, reals, leaves, out_read))
            result.space += len(int_cands) ** len(spec.int_params) * len(scalar_choices)
            for ints in _size_models(spec, region, obs, buffers, flags, int_cands):
                if not _fits_capacity(spec, region, buffers, flags, ints):
                    continue
                for scalars in scalar_choices:
                    b = Binding(spec, buffers, ints, flags, scalars)
                    b.score = _score(spec, region, b)
                    result.bindings.append(b)
    if not result.bindings:
        result.reason = "no binding agrees with the observed memory footprints"
    result.bindings.sort(key=lambda b: -b.score)
    return result


def _scalar_choices(spec, reals, leaves, out_read):
    """alpha and beta: constants or real leaves; beta is 0 exactly when the old output is not read.
    Every real the region names must be bound."""
    alpha_opts = [("const", 1.0)] + [("leaf", i) for i in reals]
    beta_opts = ([("const", 1.0)] + [("leaf", i) for i in reals]) if out_read else [("const", 0.0)]
    needed = {i for i in reals if leaves[i].referenced}
    for alpha, beta in itertools.product(alpha_opts, beta_opts):
        used = {v for kind, v in (alpha, beta) if kind == "leaf"}
        if used >= needed and not (alpha == beta and alpha[0] == "leaf"):
            yield {spec.scale: alpha, spec.accumulate: beta}
