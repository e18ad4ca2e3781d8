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
import z3.z3util

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
        return candidate_value(self.ints[param], assignment)

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
        for name, cand in self.ints.items():
            out[name] = candidate_expr(cand, region, consts)
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


def candidate_value(candidate, ints: dict) -> int:
    """Value of an integer candidate (leaf, constant or product) for given integer leaf values."""
    kind, v = candidate
    if kind == "leaf":
        return ints.get(v, 1)
    if kind == "const":
        return v
    return candidate_value(("leaf", v[0]) if not isinstance(v[0], tuple) else v[0], ints) * \
        candidate_value(("leaf", v[1]) if not isinstance(v[1], tuple) else v[1], ints)


def candidate_expr(candidate, region, consts) -> str:
    kind, v = candidate
    if kind == "leaf":
        return region.leaves[v].expr
    if kind == "const":
        return consts.get(v, str(v))
    parts = [candidate_expr(("leaf", x) if not isinstance(x, tuple) else x, region, consts) for x in v]
    return f"({parts[0]}) * ({parts[1]})"


def candidate_leaves(candidate) -> set:
    kind, v = candidate
    if kind == "leaf":
        return {v}
    if kind == "const":
        return set()
    return {x for x in v if not isinstance(x, tuple)}


def _observed_extents(spec, obs, buffers):
    """[(buffer, [(probe ints, elements reached)])] for every buffer whose extent was observed."""
    out = []
    for buf, leaf_idx in buffers.items():
        seen = [(probe.ints, probe.reach[leaf_idx]) for probe in obs.probes if leaf_idx in probe.reach]
        if not seen and buf == spec.output and leaf_idx in obs.written_extent and obs.probes:
            # Storage the harness cannot bound with guard pages: the output's written extent still tells.
            seen = [(obs.probes[0].ints, obs.written_extent[leaf_idx])]
        if seen:
            out.append((buf, seen))
    return out


def _footprint_params(spec, flags, buf) -> list:
    """The integer parameters a buffer's footprint depends on."""
    symbols = {p: z3.Int(p) for p in spec.int_params}
    term = spec.footprint({**symbols, **flags})[buf]
    names = {str(v) for v in z3.z3util.get_vars(term)} if isinstance(term, z3.ExprRef) else set()
    return [p for p in spec.int_params if p in names]


def _allowed_choices(spec, p, int_cands) -> list:
    return [i for i, c in enumerate(int_cands) if c[0] != "product" or p in spec.product_strides]


def _size_models(spec, region, obs, buffers, flags, int_cands):
    """All choices of integer parameters consistent with the observed reaches.

    Each buffer's footprint involves few parameters, so the tuples of choices that reproduce its observed
    extent on every probe are listed directly; z3 then finds the assignments that agree across buffers
    (and use every integer the region names), as a finite-domain problem over choice indices."""
    solver = z3.Solver()
    choice = {p: z3.Int(f"choose_{p}") for p in spec.int_params}
    for p, c in choice.items():
        solver.add(z3.Or([c == i for i in _allowed_choices(spec, p, int_cands)]))
    for buf, seen in _observed_extents(spec, obs, buffers):
        params = _footprint_params(spec, flags, buf)
        values = [[candidate_value(c, ints) for c in int_cands] for ints, _ in seen]
        allowed = []
        for combo in itertools.product(*(_allowed_choices(spec, p, int_cands) for p in params)):
            for vals, (_, reach) in zip(values, seen):
                concrete = {p: vals[i] for p, i in zip(params, combo)}
                if spec.footprint({**dict.fromkeys(spec.int_params, 1), **concrete, **flags})[buf] != reach:
                    break
            else:
                allowed.append(combo)
        if not allowed:
            return []
        solver.add(z3.Or([z3.And([choice[p] == i for p, i in zip(params, combo)]) for combo in allowed]))
    for leaf in {v for kind, v in int_cands if kind == "leaf" and region.leaves[v].referenced}:
        users = [i for i, c in enumerate(int_cands) if leaf in candidate_leaves(c)]
        solver.add(z3.Or([choice[p] == ci for p in spec.int_params for ci in users]))
    models = []
    while len(models) < MAX_SIZE_MODELS and solver.check() == z3.sat:
        m = solver.model()
        picked = {p: m.eval(c, model_completion=True).as_long() for p, c in choice.items()}
        models.append({p: int_cands[i] for p, i in picked.items()})
        solver.add(z3.Or([c != picked[p] for p, c in choice.items()]))
    return models


def _fits_capacity(spec, region, buffers, flags, ints) -> bool:
    """With constant sizes, buffers of fixed capacity must hold the footprint."""
    if any(kind != "const" for kind, _ in ints.values()):
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
    for name, cand in binding.ints.items():
        if cand[0] != "product":
            s += similarity(candidate_expr(cand, region, region.constants), spec.names.get(name, [name.lower()]))
    s -= 0.1 * sum(binding.flags.values())
    return s


def search(spec: OpSpec, region: Region, obs: Observation) -> SearchResult:
    leaves = region.leaves
    typed = [i for i, leaf in enumerate(leaves) if leaf.kind == "buffer" and leaf.dtype == spec.dtype]
    written = sorted(obs.written)
    result_leaf = next((i for i, leaf in enumerate(leaves) if leaf.result), None)
    if obs.scalars_changed:
        names = ", ".join(leaves[i].expr for i in sorted(obs.scalars_changed))
        return SearchResult(reason=f"changes scalars the caller sees ({names})")
    if spec.output_scalar:
        if result_leaf is None or written:
            return SearchResult(reason=f"{spec.op} computes one value; the region " +
                                ("writes buffers" if written else "has no result"))
        if leaves[result_leaf].ctype != (spec.result_ctype or spec.ctype):
            return SearchResult(reason=f"result is {leaves[result_leaf].ctype}, not {spec.result_ctype or spec.ctype}")
        out = result_leaf
    else:
        if result_leaf is not None:
            return SearchResult(reason=f"computes a value ('{leaves[result_leaf].expr}') besides its output")
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

    int_leaves = [i for i, leaf in enumerate(leaves) if leaf.kind == "int"]
    int_cands = [("leaf", i) for i in int_leaves]
    int_cands += [("const", v) for v in sorted(region.constants)]
    if spec.product_strides:
        int_cands += [("product", (a, b)) for a, b in itertools.combinations_with_replacement(int_leaves, 2)]
        int_cands += [("product", (a, ("const", v))) for a in int_leaves for v in sorted(region.constants)]
    if not int_cands:
        return SearchResult(reason="no integer values to bind the sizes to")
    reals = [i for i, leaf in enumerate(leaves) if leaf.kind == "real" and not leaf.result]
    out_read = out in obs.read
    if spec.accumulate is None and spec.reads_output is not None and spec.reads_output != out_read:
        verb = "adds to" if spec.reads_output else "overwrites"
        return SearchResult(reason=f"{spec.op} {verb} its output; the region does not")
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
    options = {}
    if spec.scale:
        options[spec.scale] = [("const", 1.0)] + [("leaf", i) for i in reals]
    if spec.accumulate:
        options[spec.accumulate] = ([("const", 1.0)] + [("leaf", i) for i in reals]) if out_read \
            else [("const", 0.0)]
    needed = {i for i in reals if leaves[i].referenced}
    for values in itertools.product(*options.values()):
        used = [v for kind, v in values if kind == "leaf"]
        if set(used) >= needed and len(used) == len(set(used)):
            yield dict(zip(options, values))
