"""Behavioural equivalence of a region and a binding on randomised inputs of several shapes.

Shapes are drawn so that different size parameters get different values (M, N and K cannot be confused),
leading dimensions get padding, and one shape is larger than common tile sizes. Each buffer the binding
names is given exactly its footprint, so a region that touches anything beyond crashes the run. The output
must match the API's reference semantics within a bound that grows with the summation length; every other
buffer and scalar must be unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..analysis.harness import Harness, HarnessError
from ..analysis.probe import random_buffer, random_values
from ..frontend.regions import Region
from ..synth.search import Binding

SIZE_BANDS = ((2, 9), (10, 24), (33, 70))
SAMPLES_PER_BAND = 400
SMALL_BUFFER = 16            # elements given to buffers the region neither reads nor writes
ROUNDING_FACTOR = 8.0        # multiples of machine epsilon per summed term tolerated


@dataclass
class Verdict:
    ok: bool
    tests: int = 0
    detail: str = ""


def _int_leaves_of(binding: Binding) -> dict:
    return {name: v for name, (kind, v) in binding.ints.items() if kind == "leaf"}


def choose_shapes(region: Region, binding: Binding, rng: np.random.Generator) -> list[dict]:
    """Integer leaf assignments for the tests: valid for the API, fitting fixed storage, non-square."""
    spec = binding.spec
    bound = _int_leaves_of(binding)
    int_leaves = [i for i, leaf in enumerate(region.leaves) if leaf.kind == "int"]
    size_leaves = {bound[p] for p in spec.sizes if p in bound}
    geometry = {bound[p]: spec.geometry[p] for p in spec.geometry if p in bound and bound[p] not in size_leaves}
    shapes, seen = [], set()
    for lo, hi in spec.test_bands or SIZE_BANDS:
        for _ in range(SAMPLES_PER_BAND):
            assignment = {}
            for i in int_leaves:
                if i in size_leaves:
                    assignment[i] = int(rng.integers(lo, hi + 1))
                elif i in geometry:
                    assignment[i] = int(rng.choice(geometry[i]))
                else:
                    assignment[i] = int(rng.integers(lo, hi + 5))
            if not _valid(region, binding, assignment):
                continue
            distinct = [binding.int_value(p, assignment) for p in spec.sizes]
            if len(set(distinct)) < len({binding.ints[p] for p in spec.sizes}):
                continue
            key = tuple(sorted(assignment.items()))
            if key not in seen:
                seen.add(key)
                shapes.append(assignment)
            break
    return shapes


def _valid(region, binding, assignment) -> bool:
    spec = binding.spec
    p = {name: binding.int_value(name, assignment) for name in binding.ints}
    p.update(binding.flags)
    if any(p[s] < spec.least(s) for s in spec.int_params) or not all(spec.requires(p)):
        return False
    foot = spec.footprint(p)
    for buf, idx in binding.buffers.items():
        cap = region.leaves[idx].capacity
        if cap is not None and foot[buf] > cap:
            return False
    return True


def check(region: Region, harness: Harness, binding: Binding, seed: int = 0) -> Verdict:
    rng = np.random.default_rng(seed)
    shapes = choose_shapes(region, binding, rng)
    if not shapes:
        return Verdict(False, 0, "no test shape satisfies the API's requirements")
    tests = 0
    for assignment in shapes:
        for _ in range(2):
            tests += 1
            reason = _one_test(region, harness, binding, assignment, rng)
            if reason:
                shape = ", ".join(f"{region.leaves[i].expr}={v}" for i, v in sorted(assignment.items()))
                return Verdict(False, tests, f"{reason} (shape {shape or 'fixed'})")
    return Verdict(True, tests)


def _one_test(region, harness, binding, assignment, rng) -> str:
    spec = binding.spec
    values = random_values(region, rng, assignment, sizes={})
    reals = {i: values[i] for i, leaf in enumerate(region.leaves) if leaf.kind == "real"}
    params = binding.params(assignment, reals)
    foot = spec.footprint(params)
    bound_leaf = {idx: buf for buf, idx in binding.buffers.items()}
    for i, leaf in enumerate(region.leaves):
        if leaf.kind != "buffer":
            continue
        if i in bound_leaf:
            n = foot[bound_leaf[i]] if not leaf.in_array else leaf.capacity
        else:
            n = leaf.capacity if leaf.in_array else min(SMALL_BUFFER, leaf.capacity or SMALL_BUFFER)
        values[i] = random_buffer(leaf.dtype, n, rng)
    try:
        after = harness.run(values)
    except HarnessError as exc:
        return str(exc)
    arrays = {buf: np.atleast_1d(values[idx]) for buf, idx in binding.buffers.items()}
    expected, magnitude, terms = spec.reference(params, arrays)
    out_idx = binding.buffers[spec.output]
    got = np.atleast_1d(after[out_idx]).astype(np.float64)
    eps = float(np.finfo(np.dtype(spec.dtype)).eps)
    bound = ROUNDING_FACTOR * eps * (terms + 2) * magnitude + 1e-30
    err = np.abs(got - expected)
    if not np.all(err <= bound):
        worst = int(np.argmax(err - bound))
        return f"output differs from {spec.name} at element {worst}: got {got[worst]:.6g}, expected {expected[worst]:.6g}"
    for i, leaf in enumerate(region.leaves):
        if i == out_idx:
            continue
        before, now = values[i], after[i]
        same = np.array_equal(before, now) if leaf.kind == "buffer" else before == now
        if not same:
            return f"changes '{leaf.expr}', which {spec.name} does not"
    return ""
