"""Bounded proof: the region equals the API's semantics for every size in a bounded range.

For each combination of sizes (each size 1..3, plus values around the integer constants in the code, where
tiling and unrolling change behaviour), the region is executed symbolically — every input element a z3
real — and each element of every buffer afterwards is proven equal to the API's semantics applied to the
same symbols. Real arithmetic is exact: the proof is of the algebra; summation order is what floating-point
tolerance in the tests accounts for.
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass

import numpy as np
import z3

from ..frontend.regions import Region
from ..synth.search import Binding, candidate_leaves
from .symexec import Executor, Lowering, Mem, OutOfBounds, Ptr, StructPtr, Unsupported, _Return, to_real

SMALL_SIZES = (1, 2, 3)
MAX_SPECIAL = 40             # constants above this are not tried as sizes (tile sizes up to 32 are)
SOLVER_TIMEOUT_MS = 20_000


@dataclass
class Proof:
    ok: bool
    label: str = ""           # e.g. "smt:bounded(1..3,+{3,4,5})"
    detail: str = ""          # why not, with a counterexample when there is one
    unverifiable: bool = False
    cases: int = 0
    seconds: float = 0.0


def _special_sizes(region: Region) -> list[int]:
    out = set()
    for c in region.constants:
        if 2 <= c <= MAX_SPECIAL:
            out.update((c - 1, c, c + 1))
    return sorted(out - set(SMALL_SIZES))


MAX_EXHAUSTIVE = 729         # size combinations proven one by one; beyond, every pair of values is covered


def size_cases(region: Region, binding: Binding):
    """Integer leaf assignments to prove: all small sizes (every pair of values, when all combinations would
    be too many), then each special value on one size at a time."""
    return _size_cases(region, binding)[0]


def _size_cases(region: Region, binding: Binding) -> tuple[list, bool]:
    """(assignments, whether they are every combination of the small values)."""
    spec = binding.spec
    size_leaves = sorted({v for p in spec.sizes for kind, v in [binding.ints[p]] if kind == "leaf"})
    geometry = {}
    for p in spec.geometry:
        kind, v = binding.ints[p]
        if kind == "leaf" and v not in size_leaves:
            geometry[v] = sorted(set(geometry.get(v, spec.geometry[p])) & set(spec.geometry[p]))
    factors = [(leaf, SMALL_SIZES) for leaf in size_leaves] + sorted(geometry.items())
    stride_leaves = sorted({v for p in spec.strides for kind, v in [binding.ints[p]]
                            if kind == "leaf" and v not in size_leaves})
    exhaustive = int(np.prod([len(values) for _, values in factors])) <= MAX_EXHAUSTIVE
    combos = [dict(zip([leaf for leaf, _ in factors], vals))
              for vals in itertools.product(*(values for _, values in factors))]
    specials = _special_sizes(region) if exhaustive else []
    for leaf in size_leaves:
        for v in specials:
            combo = {other: 2 for other in size_leaves}
            combo[leaf] = v
            combos.append(combo)
    if specials and size_leaves:
        combos.append({leaf: max(specials) for leaf in size_leaves})
    cases, seen = [], set()
    for combo in combos:
        for pad in (0, 1) if stride_leaves else (0,):
            _add_case(cases, seen, _with_strides(region, binding, combo, stride_leaves, pad))
    if not exhaustive:
        cases = _pairwise(cases, [leaf for leaf, _ in factors])
    cases += _mode_cases(region, binding, cases, seen, stride_leaves)
    return cases, exhaustive


def _mode_cases(region, binding, cases, seen, stride_leaves) -> list:
    """Cases for the integer values a rewrite must hold for although small sizes do not reach them: the
    rewrite stands for every value the guard lets through. Each integer the region reads is proven at
    every constant the code (or a helper it calls) compares anything with, and their neighbours, on the
    largest case of small sizes: a `trans` or `order` flag, also one the binding happens to use as a size
    the API ignores, and a size limit. Integers the binding does not use are also proven at 0 and 2."""
    used = set().union(*(candidate_leaves(c) for c in binding.ints.values()))
    modes = [i for i, leaf in enumerate(region.leaves)
             if leaf.kind == "int" and leaf.referenced and not leaf.result and i not in stride_leaves]
    if not modes or not cases:
        return []
    base = max(cases, key=lambda case: (sum(case.get(i, 1) for i in used) <= 3 * len(used), sum(case.values())))
    base = {k: v for k, v in base.items() if k not in stride_leaves}
    out = []
    for leaf in modes:
        # A flag may be passed on to a helper that tests it: every compared constant is tried.
        values = {c + d for c in region.compared for d in (-1, 0, 1)}
        if leaf in used:
            values = {v for v in values if v >= 1}
        else:
            values |= {0, 2}
        if region.leaves[leaf].ctype.startswith("unsigned") or region.leaves[leaf].ctype == "_Bool":
            values = {v for v in values if v >= 0}
        for value in sorted(values):
            try:
                assignment = _with_strides(region, binding, {**base, leaf: value}, stride_leaves, 0)
            except ZeroDivisionError:
                continue  # the API's requirements divide by it: the run-time guard fails there too
            _add_case(out, seen, assignment)
    return out


def _add_case(cases: list, seen: set, assignment: dict | None) -> None:
    """Append an assignment (None: not a valid case) unless an equal one was already taken."""
    if assignment is None:
        return
    key = tuple(sorted(assignment.items()))
    if key not in seen:
        seen.add(key)
        cases.append(assignment)


def _pairwise(cases: list, leaves: list) -> list:
    """A subset of valid cases in which every pair of values of two leaves that occurs in some valid case
    occurs again; greedy, preferring cases with small values (they are cheaper to execute)."""
    if len(leaves) < 2 or not cases:
        return cases
    pairs = list(itertools.combinations(range(len(leaves)), 2))
    table = np.array([[case[leaf] for leaf in leaves] for case in cases], dtype=np.int64)
    width = int(table.max()) + 1
    codes = np.stack([(n * len(leaves) + a) * width * width + table[:, a] * width + table[:, b]
                      for n, (a, b) in enumerate(pairs)], axis=1)
    _, ids = np.unique(codes, return_inverse=True)
    ids = ids.reshape(codes.shape)
    uncovered = np.ones(ids.max() + 1, dtype=bool)
    cost = table.sum(axis=1)
    picked = []
    while uncovered.any():
        gain = uncovered[ids].sum(axis=1)
        best = int(np.lexsort((cost, -gain))[0])
        picked.append(best)
        uncovered[ids[best]] = False
    return [cases[i] for i in sorted(picked)]


def _with_strides(region, binding, combo, stride_leaves, pad):
    """Give each leading-dimension leaf the smallest value the API accepts, plus pad."""
    spec = binding.spec
    big = 10_000
    assignment = {i: 1 for i, leaf in enumerate(region.leaves) if leaf.kind == "int"}
    assignment.update(combo)
    assignment.update({leaf: big for leaf in stride_leaves})
    if not all(spec.requires(_params(binding, assignment))):
        return None
    for leaf in stride_leaves:
        v = 1
        while v < big and not all(spec.requires(_params(binding, {**assignment, leaf: v}))):
            v += 1
        assignment[leaf] = v
    for leaf in stride_leaves:
        assignment[leaf] += pad
    params = _params(binding, assignment)
    if any(params[s] < spec.least(s) for s in spec.int_params) or not all(spec.requires(params)):
        return None
    foot = spec.footprint(params)
    if any(region.leaves[idx].capacity is not None and foot[name] > region.leaves[idx].capacity
           for name, idx in binding.buffers.items()):
        return None  # does not fit a fixed-size array: the run-time guard sends these sizes to the original
    return assignment


def _params(binding, assignment):
    p = {name: binding.int_value(name, assignment) for name in binding.ints}
    p.update(binding.flags)
    return p


class _Symbols:
    def __init__(self):
        self.cache = {}

    def real(self, name):
        if name not in self.cache:
            self.cache[name] = z3.Real(name)
        return self.cache[name]


@dataclass
class SourceContext:
    """How to parse the file again, for kernels whose sizes are macros of the file."""
    path: str
    flags: list
    text: str


def _macro_sizes(region: Region, binding: Binding) -> dict | None:
    """Size parameters bound to an integer macro of this file that alone has its value: {param: macro}."""
    out = {}
    for p in binding.spec.sizes:
        kind, v = binding.ints[p]
        if kind == "leaf":
            continue
        name = region.constants.get(v)
        same_value = [m for m, mv in region.size_macros.items() if mv == v]
        if name not in region.size_macros or len(same_value) != 1:
            return None
        out[p] = name
    return out or None


def _override(text: str, values: dict) -> str | None:
    """The source with each size macro (or `const` integer global) given a new value."""
    for name, value in values.items():
        define = re.compile(rf"^([ \t]*#[ \t]*define[ \t]+{re.escape(name)}[ \t]+\(?[ \t]*)(\d+)([uUlL]*[ \t]*\)?)",
                            re.MULTILINE)
        constant = re.compile(rf"^([^#\n;{{}}]*\bconst\b[^;=\n{{}}]*\b{re.escape(name)}[ \t]*=[ \t]*\(?[ \t]*)(\d+)"
                              rf"([uUlL]*[ \t]*\)?[ \t]*[;,])", re.MULTILINE)
        text, count = define.subn(lambda m: f"{m.group(1)}{value}{m.group(3)}", text)
        if count == 0:
            text, count = constant.subn(lambda m: f"{m.group(1)}{value}{m.group(3)}", text)
        if count != 1:
            return None
    return text


def _prove_by_override(region, binding, context, macros, start) -> Proof:
    """Prove the kernel for small values of its size macros, by parsing the file again with each."""
    from ..frontend.cparse import parse
    from ..frontend.regions import FileRegions
    names = sorted(set(macros.values()))
    specials = _special_sizes(region)
    combos = [dict(zip(names, vals)) for vals in itertools.product(SMALL_SIZES, repeat=len(names))]
    combos += [{**{n: 2 for n in names}, name: v} for name in names for v in specials]
    symbols = _Symbols()
    cases = 0
    for combo in combos:
        text = _override(context.text, combo)
        if text is None:
            return Proof(False, detail="unverifiable: cannot resize the size macros", unverifiable=True)
        try:
            tu = parse(context.path, context.flags, source=text.encode("utf-8", "surrogateescape"))
        except Exception as exc:  # noqa: BLE001 - a resized file that does not parse cannot be proven
            return Proof(False, detail=f"unverifiable: resized source does not parse ({exc})", unverifiable=True)
        where = (region.function, region.kind, region.start_line)
        found = FileRegions(tu, context.path, text.encode("utf-8", "surrogateescape")).regions(only=where)
        resized = next((r for r in found if r.start_line == region.start_line), None)
        if resized is None or resized.reject:
            return Proof(False, detail="unverifiable: resized region not found", unverifiable=True)
        # constants the spec offers (a unit increment) are spelled nowhere in the code: no macro to resize
        old_values = {v: region.constants.get(v) for kind, v in binding.ints.values() if kind == "const"}
        ints = {}
        for p, (kind, v) in binding.ints.items():
            name = old_values.get(v) if kind == "const" else None
            ints[p] = ("const", combo[name]) if name in combo else (kind, v)
        resized_binding = Binding(binding.spec, binding.buffers, ints, binding.flags, binding.scalars)
        try:
            lowering = Lowering()
            body = lowering.lower(resized.cursor)
        except Unsupported as exc:
            return Proof(False, detail=f"unverifiable: {exc}", unverifiable=True)
        for assignment in size_cases(resized, resized_binding):
            cases += 1
            failure = _prove_case(resized, resized_binding, lowering, body, assignment, symbols)
            if failure:
                shape = ", ".join(f"{k}={v}" for k, v in combo.items())
                return Proof(False, detail=f"{failure[1]} (sizes {shape})", cases=cases, unverifiable=failure[0],
                             seconds=time.perf_counter() - start)
    label = "smt:bounded(1..3" + (f",+{{{','.join(map(str, specials))}}}" if specials else "") + \
        f" over {','.join(names)})"
    return Proof(True, label=label, cases=cases, seconds=time.perf_counter() - start)


def prove(region: Region, binding: Binding, context: SourceContext | None = None) -> Proof:
    start = time.perf_counter()
    spec = binding.spec
    macros = _macro_sizes(region, binding)
    if macros and context is not None:
        return _prove_by_override(region, binding, context, macros, start)
    try:
        lowering = Lowering()
        body = lowering.lower(region.cursor)
    except Unsupported as exc:
        return Proof(False, detail=f"unverifiable: {exc}", unverifiable=True)
    symbols = _Symbols()
    cases = 0
    assignments, exhaustive = _size_cases(region, binding)
    for assignment in assignments:
        cases += 1
        failure = _prove_case(region, binding, lowering, body, assignment, symbols)
        if failure:
            shape = ", ".join(f"{region.leaves[i].expr}={v}" for i, v in sorted(assignment.items())
                              if region.leaves[i].referenced)
            proof = Proof(False, detail=f"{failure[1]} (sizes {shape or 'fixed'})", cases=cases,
                          unverifiable=failure[0])
            proof.seconds = time.perf_counter() - start
            return proof
    if cases == 0:
        return Proof(False, detail="unverifiable: no size combination satisfies the API", unverifiable=True)
    specials = _special_sizes(region)
    if not exhaustive:
        label = "smt:pairwise(1..3)"
    elif any(kind == "leaf" for p in spec.sizes for kind, _ in [binding.ints[p]]):
        label = "smt:bounded(1..3" + (f",+{{{','.join(map(str, specials))}}}" if specials else "") + ")"
    else:
        label = "smt:fixed(" + "x".join(str(binding.ints[p][1]) for p in spec.sizes) + ")"
    return Proof(True, label=label, cases=cases, seconds=time.perf_counter() - start)


def _prove_case(region, binding, lowering, body, assignment, symbols):
    """None when proven; else (unverifiable?, reason)."""
    spec = binding.spec
    params = _params(binding, assignment)
    reals = {}
    for i, leaf in enumerate(region.leaves):
        if leaf.kind == "real":
            reals[i] = symbols.real(leaf.expr)
    for name, (kind, v) in binding.scalars.items():
        params[name] = reals[v] if kind == "leaf" else v
    foot = spec.footprint(params)
    bound = {idx: name for name, idx in binding.buffers.items()}
    mems = {}
    rows = {}
    values = {}
    for i, leaf in enumerate(region.leaves):
        if leaf.kind == "int":
            values[i] = assignment.get(i, 1)
        elif leaf.kind == "real":
            values[i] = reals[i]
        else:
            size = (leaf.capacity if leaf.in_array else foot[bound[i]]) if i in bound else 0
            prefix = leaf.expr
            mem = Mem(leaf.expr, size, initial=(lambda j, p=prefix: symbols.real(f"{p}[{j}]")),
                      elem_size=np.dtype(leaf.dtype).itemsize)
            if not leaf.dtype.startswith("float"):
                return (True, f"unverifiable: integer buffer '{leaf.expr}'")
            mems[i] = mem
            stride = 1
            for d in leaf.row_dims:
                stride *= d
            values[i] = Ptr(mem, 0, stride)
            if leaf.spacing is not None:
                rows[i] = _row_array(mem, max(1, assignment.get(leaf.spacing, 1)))
                values[i] = Ptr(rows[i], 0, 1)
    env = _environment(region, values)
    for key in region.temp_keys:
        env[key] = None
    executor = Executor(lowering, env)
    returned = None
    try:
        executor.run(body)
    except _Return as r:
        returned = r.value
    except OutOfBounds as exc:
        return (False, str(exc))
    except Unsupported as exc:
        return (True, f"unverifiable: {exc}")
    if any(row_array.cells for row_array in rows.values()):
        return (True, "unverifiable: the region changes row pointers")
    initial = {name: np.array([symbols.real(f"{region.leaves[idx].expr}[{j}]") for j in range(mems[idx].size)],
                              dtype=object) for name, idx in binding.buffers.items() if idx in mems}
    out_idx = binding.buffers[spec.output]
    pending = []
    if spec.output_scalar:
        leaf = region.leaves[out_idx]
        initial[spec.output] = np.array([values[out_idx]], dtype=object)
        got = returned if leaf.expr == "return" and leaf.result else env.get(leaf.root_key)
        if got is None:
            return (True, "unverifiable: the result was not computed")
        pending.append((leaf.expr, to_real(got), spec.semantics(params, initial)[0]))
    else:
        for j, want in enumerate(spec.semantics(params, initial)):
            pending.append((f"{region.leaves[out_idx].expr}[{j}]", mems[out_idx].load(j), want))
    for idx, mem in mems.items():
        if idx == out_idx:
            continue
        for j, got in mem.cells.items():
            pending.append((f"{region.leaves[idx].expr}[{j}]", got, symbols.real(f"{region.leaves[idx].expr}[{j}]")))
    return _check_equal(pending)


def _row_array(block: Mem, spacing: int) -> Mem:
    """The rows of a row-pointer matrix: pointers `spacing` elements apart into its block, as many as the
    block holds."""
    count = -(-block.size // spacing)
    return Mem(f"rows of {block.name}", count, initial=lambda r: Ptr(block, r * spacing, 1), real=False, elem_size=8)


def _check_equal(pending):
    hard = []
    for name, got, want in pending:
        got, want = _as_term(got), _as_term(want)
        diff = z3.simplify(got - want, som=True, arith_lhs=True)
        if z3.is_rational_value(diff) and diff.as_fraction() == 0:
            continue
        hard.append((name, got, want))
    if not hard:
        return None
    solver = z3.Solver()
    solver.set("timeout", SOLVER_TIMEOUT_MS)
    solver.add(z3.Or([g != w for _, g, w in hard]))
    result = solver.check()
    if result == z3.unsat:
        return None
    if result == z3.unknown:
        return (True, "unverifiable: the solver could not decide equality")
    model = solver.model()
    for name, g, w in hard:
        gv, wv = model.eval(g, model_completion=True), model.eval(w, model_completion=True)
        if not z3.is_true(z3.simplify(gv == wv)):
            return (False, f"counterexample: {name} = {_short(gv)} but the API gives {_short(wv)}")
    return (False, "counterexample found")


def _as_term(v):
    if isinstance(v, z3.ExprRef):
        return v
    return z3.RealVal(v)


def _short(v) -> str:
    try:
        return f"{float(v.as_fraction()):.6g}"
    except (AttributeError, z3.Z3Exception):
        return str(v)[:40]


def _environment(region: Region, values: dict) -> dict:
    """Declaration key -> value, for the roots and globals the region sees."""
    env = {}
    structs: dict = {}
    for i, leaf in enumerate(region.leaves):
        if leaf.field is None:
            env[leaf.root_key] = values[i]
        else:
            structs.setdefault(leaf.root_key, {})[leaf.field] = values[i]
    kinds = {root.key: root.kind for root in region.roots}
    kinds.update(dict(region.globals))
    for key, fields in structs.items():
        env[key] = StructPtr(fields) if kinds.get(key) == "struct_ptr" else fields
    for root in region.roots:
        if root.kind != "value" and root.key not in env:
            env[root.key] = StructPtr({}) if root.kind == "struct_ptr" else {}
    return env
