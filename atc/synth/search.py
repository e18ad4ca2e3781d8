"""Enumerate bindings of an API's parameters to a region's leaves.

Buffers are bound by role (the one written buffer is the output; read buffers are inputs), flags are
enumerated, and integer parameters are chosen among the region's integer leaves and constants by z3: each
parameter's choice is a solver variable, and every probe's observed reach into each buffer must equal the
API's footprint under that choice. What survives is ranked by lexical similarity of names.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

import numpy as np
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


class _Uses:
    """Stands for parameters in a formula and records which ones the result depends on."""

    def __init__(self, names):
        self.names = frozenset(names)

    def _op(self, other, *_):
        return _Uses(self.names | (other.names if isinstance(other, _Uses) else set()))

    __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = _op
    __floordiv__ = __rfloordiv__ = __mod__ = __rmod__ = _op
    __ge__ = __le__ = __gt__ = __lt__ = _op


def _footprint_params(spec, flags, buf) -> list:
    """The integer parameters a buffer's footprint depends on."""
    term = spec.footprint({**{p: _Uses({p}) for p in spec.int_params}, **flags})[buf]
    names = term.names if isinstance(term, _Uses) else set()
    return [p for p in spec.int_params if p in names]


def _allowed_choices(spec, region, p, int_cands) -> list:
    """Candidate indices a parameter may take; geometry (stride, padding, dilation) takes constants the
    API accepts or integers of the region, and is told apart from sizes by the footprints."""
    out = []
    for i, c in enumerate(int_cands):
        if c[0] == "leaf" and region.leaves[c[1]].spacing_of is not None and p not in spec.strides:
            continue  # the spacing of row pointers is a leading dimension, never a size
        if c[0] == "product" and p not in spec.product_strides:
            continue
        if p in spec.geometry and c[0] == "const" and c[1] < spec.least(p):
            continue
        if p in spec.geometry and c[0] == "product":
            continue
        out.append(i)
    return out


MAX_VECTOR = 1 << 21         # candidate tuples evaluated at once
MAX_PARTIALS = 20_000        # partial assignments carried from one buffer to the next
MAX_SEARCH_TUPLES = 1 << 26  # candidate tuples one search (one op, one region) may evaluate (corpus max: 1.9e7)
_ROW = "#"                   # a column every table has, so that a table of no parameters still counts its rows


class _TooMany(Exception):
    """The probes leave more candidate sizes than one search may evaluate (the budget's `left` is negative)."""


class _Budget:
    """What bounds one search: the region's deadline (a time.perf_counter() value, or None) and how many
    candidate tuples its tables may evaluate in all."""

    def __init__(self, deadline: float | None):
        self.deadline = deadline
        self.left = MAX_SEARCH_TUPLES

    def check(self) -> None:
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise TimeoutError("search exceeded the region timeout (--timeout)")

    def spend(self, tuples: int) -> None:
        self.check()
        self.left -= tuples
        if self.left < 0:
            raise _TooMany


def _extend(spec, flags, buf, seen, values, table, new, domains, leaf_choice, budget):
    """Rows of `table` (parameter -> choice indices, one entry per partial assignment) crossed with every
    choice for the parameters `new`, kept where the footprint reproduces each observed reach of `buf`.
    Geometry given by a variable must use one the sizes do not use, so rows are grouped by the variables
    their sizes use and each group is crossed with what is left."""
    geometry = [p for p in new if p in spec.geometry]
    sizes = [q for q in table if q != _ROW and q not in spec.geometry]
    if not geometry or not sizes:
        return _cross(spec, flags, buf, seen, values, table, new, domains, budget)
    used = np.zeros((len(table[_ROW]), len(leaf_choice)), dtype=bool)
    for q in sizes:
        used[np.arange(len(used)), table[q]] = True
    used &= leaf_choice
    groups, group_of = np.unique(used, axis=0, return_inverse=True)
    group_of = group_of.reshape(-1)
    parts = []
    for g, taken in enumerate(groups):
        left = {**domains, **{p: [c for c in domains[p] if not taken[c]] for p in geometry}}
        parts.append(_cross(spec, flags, buf, seen, values, _select(table, group_of == g), new, left, budget))
    return {p: np.concatenate([part[p] for part in parts]) for p in parts[0]}


def _cross(spec, flags, buf, seen, values, table, new, domains, budget):
    budget.check()
    rows = len(table[_ROW])
    per_row = int(np.prod([len(domains[p]) for p in new])) if new else 1
    if per_row > MAX_VECTOR and len(new) > 1:  # too many choices per row to list at once: fix the first
        choices = np.asarray(domains[new[0]], dtype=np.int64)
        crossed = {p: np.repeat(c, len(choices)) for p, c in table.items()}
        crossed[new[0]] = np.tile(choices, rows)
        return _cross(spec, flags, buf, seen, values, crossed, new[1:], domains, budget)
    step = max(1, MAX_VECTOR // max(per_row, 1))
    if rows > step:
        parts = [_cross(spec, flags, buf, seen, values, {p: c[i:i + step] for p, c in table.items()}, new, domains,
                        budget) for i in range(0, rows, step)]
        return {p: np.concatenate([part[p] for part in parts]) for p in parts[0]}
    budget.spend(rows * per_row)
    shape = [rows] + [len(domains[p]) for p in new]
    exact = set(spec.int_params) <= table.keys() | set(new)
    with np.errstate(all="ignore"):
        # The first probe is checked over the grid of rows x choices by broadcasting, without listing the
        # grid; only the tuples it keeps are listed, and checked against the other probes.
        at_first = {name: _along(values[0][c], 0, len(shape)) for name, c in table.items() if name != _ROW}
        at_first.update({p: _along(values[0][np.asarray(domains[p], dtype=np.int64)], axis, len(shape))
                         for axis, p in enumerate(new, start=1)})
        first = spec.fits(spec.at(at_first, flags), buf, seen[0][1], exact)
        kept = np.unravel_index(np.flatnonzero(np.broadcast_to(first, shape)), shape)
        cols = {p: c[kept[0]] for p, c in table.items()}
        cols.update({p: np.asarray(domains[p], dtype=np.int64)[i] for p, i in zip(new, kept[1:])})
        for j, (_, reach) in enumerate(seen[1:], start=1):
            if not len(cols[_ROW]):
                break
            p = spec.at({name: values[j][c] for name, c in cols.items() if name != _ROW}, flags)
            cols = _select(cols, np.broadcast_to(spec.fits(p, buf, reach, exact), cols[_ROW].shape))
    return cols


def _along(values, axis: int, dims: int):
    """A 1-D array laid along one axis of a `dims`-dimensional grid, for broadcasting."""
    return values.reshape([-1 if a == axis else 1 for a in range(dims)])


def _select(cols, keep):
    return {p: c[keep] for p, c in cols.items()}


def _join(spec, flags, observed, int_cands, domains, skip, budget) -> list:
    """Assignments of the footprint parameters (choice indices) that reproduce every reach observed, except
    on the probe `skip`."""
    leaf_choice = np.array([c[0] == "leaf" for c in int_cands])
    table = {_ROW: np.zeros(1, dtype=np.int64)}
    checks = []
    for buf, seen, params in observed:
        seen = [(ints, reach) for ints, reach in seen if id(ints) != skip]
        if not seen:
            continue
        values = np.array([[candidate_value(c, ints) for c in int_cands] for ints, _ in seen], dtype=np.int64)
        checks.append((buf, seen, values))
        table = _extend(spec, flags, buf, seen, values, table, [p for p in params if p not in table], domains,
                        leaf_choice, budget)
        if not 0 < len(table[_ROW]) <= MAX_PARTIALS:
            return []  # none, or the probes cannot tell the parameters apart
    if spec.reach_fits and set(spec.int_params) <= table.keys():
        for buf, seen, values in checks:  # checked before every parameter was known: check exactly now
            table = _extend(spec, flags, buf, seen, values, table, [], domains, leaf_choice, budget)
        if not len(table[_ROW]):
            return []
    names = [p for p in table if p != _ROW]
    return [dict(zip(names, map(int, row))) for row in zip(*(table[p] for p in names))] or [{}]


def _explained(spec, flags, observed, int_cands, partial) -> bool:
    """Every observed reach matches the footprint, or the API's requirements fail at that probe."""
    for buf, seen, _ in observed:
        for ints, reach in seen:
            p = spec.at({name: candidate_value(int_cands[c], ints) for name, c in partial.items()}, flags)
            if not spec.fits(p, buf, reach, set(spec.int_params) <= partial.keys()) and all(spec.requires(p)):
                return False
    return True


def _size_models(spec, region, obs, buffers, flags, int_cands, budget):
    """All choices of integer parameters consistent with the observed reaches.

    Buffers are taken in order of how many parameters their footprint involves; for each, the tuples of
    choices that reproduce its observed extent on every probe extend the tuples found so far (vectorised
    over the candidates). z3 then picks the assignments that also use every integer the region names, as
    a finite-domain problem over choice indices."""
    observed = sorted(((buf, seen, _footprint_params(spec, flags, buf))
                       for buf, seen in _observed_extents(spec, obs, buffers)), key=lambda t: len(t[2]))
    domains = {p: _allowed_choices(spec, region, p, int_cands) for p in spec.int_params}
    try:
        partials = _join(spec, flags, observed, int_cands, domains, skip=None, budget=budget)
    except _TooMany:
        return []
    probes = sorted({id(ints): ints for _, seen, _ in observed for ints, _ in seen}.items())
    if not partials and len(probes) > 2:
        # One probe may size the region outside what the API accepts (a filter longer than its signal that
        # the code still runs): try without each probe, then keep what every other probe agrees with or
        # what the API's requirements exclude at that probe.
        found = {}
        try:
            for key, _ in probes:
                for partial in _join(spec, flags, observed, int_cands, domains, skip=key, budget=budget):
                    if _explained(spec, flags, observed, int_cands, partial):
                        found[tuple(sorted(partial.items()))] = partial
        except _TooMany:
            return []
        partials = list(found.values())
    if not partials:
        return []
    # A context of its own: which models are listed (at most MAX_SIZE_MODELS) must not depend on what this
    # process solved before (a scan or an evaluation analyses many files in one process).
    ctx = z3.Context()
    solver = z3.Solver(ctx=ctx)
    choice = {p: z3.Int(f"choose_{p}", ctx) for p in spec.int_params}
    for p, c in choice.items():
        solver.add(z3.Or(*[c == i for i in domains[p]], ctx))
    bound = sorted({p for partial in partials for p in partial})
    solver.add(z3.Or(*[z3.And(*[choice[p] == partial[p] for p in bound], ctx) for partial in partials], ctx))
    for leaf in sorted({v for kind, v in int_cands if kind == "leaf" and region.leaves[v].referenced}):
        users = [i for i, c in enumerate(int_cands) if leaf in candidate_leaves(c)]
        solver.add(z3.Or(*[choice[p] == ci for p in spec.int_params for ci in users], ctx))
    models = []
    while len(models) < MAX_SIZE_MODELS:
        budget.check()
        if budget.deadline is not None:
            solver.set("timeout", max(1, int((budget.deadline - time.perf_counter()) * 1000)))
        if solver.check() != z3.sat:
            budget.check()  # unknown because the time ran out
            break
        m = solver.model()
        picked = {p: m.eval(c, model_completion=True).as_long() for p, c in choice.items()}
        models.append({p: int_cands[i] for p, i in picked.items()})
        solver.add(z3.Or([c != picked[p] for p, c in choice.items()]))
    return models


def row_spacing(spec, region, buffers, ints) -> dict:
    """API buffer bound to a row-pointer matrix -> the leading dimension bound to the spacing of its rows."""
    out = {}
    for buf, idx in buffers.items():
        step = region.leaves[idx].spacing
        if step is not None:
            out[buf] = next((p for p, c in ints.items() if c == ("leaf", step)), None)
    return out


def rows_used(spec, flags, buf, ld, sizes: dict):
    """How many rows of `buf` a call with leading dimension `ld` uses: its footprint is (rows - 1) * ld + the
    length of one row, so rows = footprint(ld = 1) - footprint(ld = 0) + 1. Works on numbers and on CExprs."""
    at = {**sizes, **flags}
    return spec.footprint({**at, ld: 1})[buf] - spec.footprint({**at, ld: 0})[buf] + 1


def _row_pointer_problem(spec, region, buffers, flags, ints) -> str | None:
    """Why row-pointer matrices cannot be bound this way, or None. Each one's spacing must be the leading
    dimension of the buffer it is bound to and of nothing else, its footprint (rows - 1) * ld + row length;
    a spacing is only ever bound with its matrix."""
    spacing = row_spacing(spec, region, buffers, ints)
    steps = {region.leaves[idx].spacing for buf, idx in buffers.items() if buf in spacing}
    for p, c in ints.items():
        used = candidate_leaves(c)
        if any(region.leaves[i].spacing_of is not None and (i not in steps or c[0] != "leaf") for i in used):
            return "binds the spacing of rows without their matrix, or in a product"
    rng = np.random.default_rng(0)
    for buf, ld in spacing.items():
        if ld is None or ld not in spec.strides or list(ints.values()).count(ints[ld]) != 1:
            return f"the spacing of the rows of '{buf}' is not its leading dimension alone"
        for _ in range(4):
            sizes = {p: int(rng.integers(2, 9)) for p in spec.int_params}
            rows = rows_used(spec, flags, buf, ld, sizes)
            base = spec.footprint({**sizes, **flags, ld: 0})[buf]
            if rows < 2 or any(spec.footprint({**sizes, **flags, ld: t})[buf] != base + (rows - 1) * t
                               for t in (2, 5, 13)):
                return f"the footprint of '{buf}' is not whole rows of its leading dimension"
    return None


def _fits_capacity(spec, region, buffers, flags, ints) -> bool:
    """With constant sizes, buffers of fixed capacity must hold the footprint."""
    if any(kind != "const" for kind, _ in ints.values()):
        return True
    params = {p: v for p, (_, v) in ints.items()}
    if any(v < spec.least(p) for p, v in params.items()):
        return False
    params.update(flags)
    foot = spec.footprint(params)
    for buf, idx in buffers.items():
        cap = region.leaves[idx].capacity
        if cap is not None and foot[buf] > cap:
            return False
    return True


def _degenerate(spec, obs, flags, ints) -> bool:
    """Sizes that, whatever the code's integers are, make the output one element (a dot product in disguise:
    a one-row GEMV, a filter as long as its signal) or make an op that sums products sum only one (an
    elementwise product as a 1x1 depthwise convolution, an outer product as a GEMM of depth 1): left to the
    op that says so, or to the loops."""
    def at(ints_of):
        return spec.at({name: ints_of(name) for name in ints}, flags)
    probes = [at(lambda name, pr=pr: candidate_value(ints[name], pr.ints if pr else {})) for pr in obs.probes or [None]]
    if not spec.output_scalar and all(spec.footprint(p)[spec.output] == 1 for p in probes):
        return True
    least_terms = spec.terms(at(lambda name: 1 if name in spec.sizes else spec.least(name)))
    if spec.terms(at(lambda name: 4)) == least_terms:
        return False  # the op does not sum products (AXPY)
    return all(spec.terms(p) == least_terms for p in probes)


def _score(spec, region, binding) -> float:
    s = 0.0
    for name, idx in binding.buffers.items():
        s += similarity(region.leaves[idx].expr, spec.names.get(name, [name.lower()]))
    for name, cand in binding.ints.items():
        if cand[0] != "product":
            s += similarity(candidate_expr(cand, region, region.constants), spec.names.get(name, [name.lower()]))
    s -= 0.1 * sum(binding.flags.values())
    # Geometry the probes cannot tell apart (a 3-tap "same" filter reads alike with pad = dil = 1, 3 or 9) is
    # tried plainest first: stride, padding and dilation at their least values.
    s -= 0.01 * sum(v - spec.least(p) for p, (kind, v) in binding.ints.items() if p in spec.geometry and kind == "const")
    return s


def search(spec: OpSpec, region: Region, obs: Observation, deadline: float | None = None) -> SearchResult:
    """Bindings of the spec to the region consistent with the observation; a TimeoutError past `deadline`
    (a time.perf_counter() value)."""
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
    int_cands += [("const", v) for v in sorted(set(region.constants) | set(spec.extra_constants))]
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
    budget = _Budget(deadline)
    for inputs in itertools.product(reads, repeat=len(spec.inputs)):
        if set(inputs) != set(reads) or spec.distinct_inputs and len(set(inputs)) < len(inputs):
            continue
        buffers = dict(zip(spec.inputs, inputs))
        buffers[spec.output] = out
        size_models = {}   # flags that decide the footprints -> the integer choices that reproduce them
        for flag_values in itertools.product(*spec.flags.values()):
            flags = dict(zip(spec.flags, flag_values))
            scalar_choices = list(_scalar_choices(spec, reals, leaves, out_read))
            result.space += len(int_cands) ** len(spec.int_params) * len(scalar_choices)
            shape = tuple(v for f, v in flags.items() if f not in spec.value_flags)
            if shape not in size_models:
                size_models[shape] = _size_models(spec, region, obs, buffers, flags, int_cands, budget)
            for ints in size_models[shape]:
                if not _fits_capacity(spec, region, buffers, flags, ints) or _degenerate(spec, obs, flags, ints) \
                        or _row_pointer_problem(spec, region, buffers, flags, ints):
                    continue
                for scalars in scalar_choices:
                    b = Binding(spec, buffers, ints, flags, scalars)
                    b.score = _score(spec, region, b)
                    result.bindings.append(b)
    if not result.bindings:
        result.reason = "no binding agrees with the observed memory footprints" if budget.left >= 0 else \
            f"the probes leave more than {MAX_SEARCH_TUPLES:.1e} candidate sizes; not searched further"
    # equal scores in a fixed order, whatever order the solver listed the models in
    result.bindings.sort(key=lambda b: (-b.score, repr(sorted(b.ints.items())), repr(sorted(b.scalars.items()))))
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
