"""Two functions with the same parameters (a function and its split version) behave alike: on randomised
inputs of several sizes (both compiled and run, every buffer and scalar compared), and for all small sizes
by symbolic execution of both over the same symbols, every element of every buffer proven equal (z3).
Buffers are given separately, as the split function's guard requires at run time.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import numpy as np

from ..analysis.harness import Harness, HarnessError
from ..analysis.probe import PROBE_CAPACITY, random_buffer, random_values
from ..frontend.regions import PURE_CALLS, Region
from .smt import SMALL_SIZES, _check_equal, _environment, _Symbols
from .symexec import Executor, Lowering, Mem, OutOfBounds, Ptr, Unsupported, _Return

TEST_BANDS = ((2, 6), (7, 16), (17, 33))
TESTS_PER_BAND = 2
MAX_PROOF_CASES = 81
TOLERANCE_EPS = 16.0       # the same operations in the same order: only contraction may differ
TEMPORARY = "atc_t_"       # the split function's own scratch arrays, allocated by its caller


@dataclass
class Equivalence:
    ok: bool
    label: str = ""
    detail: str = ""
    tests: int = 0
    cases: int = 0
    seconds: float = 0.0


def equivalent(original: Region, split: Region, text: str, flags, source_dir, deadline, seed=0) -> Equivalence:
    start = time.perf_counter()
    names = [leaf.expr for leaf in original.leaves]
    extra = [leaf.expr for leaf in split.leaves if leaf.expr not in names]
    if any(leaf.expr not in [x.expr for x in split.leaves] for leaf in original.leaves) or \
            any(not e.startswith(TEMPORARY) for e in extra):
        return Equivalence(False, detail="the split function sees different inputs")
    if any(leaf.spacing is not None or leaf.kind == "buffer" and not leaf.dtype.startswith("float")
           for leaf in original.leaves):
        return Equivalence(False, detail="integer or row-pointer buffers are not compared")
    with Harness(original, text, flags, source_dir, deadline=deadline) as h_orig, \
            Harness(split, text, flags, source_dir, deadline=deadline) as h_split:
        tests, failure = _tests(original, split, h_orig, h_split, seed)
        if failure:
            return Equivalence(False, detail=f"tests: {failure}", tests=tests)
        cases, failure = _proof(original, split, h_orig, h_split)
    if failure:
        return Equivalence(False, detail=f"proof: {failure}", tests=tests, cases=cases)
    return Equivalence(True, label=f"smt:bounded(1..3 over {cases} size cases)+io:{tests}", tests=tests,
                       cases=cases, seconds=time.perf_counter() - start)


def _int_leaves(region):
    return [i for i, leaf in enumerate(region.leaves) if leaf.kind == "int"]


def _sized(region, harness, rng, ints):
    """Inputs for these sizes, each pointer buffer exactly as large as the original reaches."""
    values = random_values(region, rng, ints)
    reach = harness.reach(values)
    for i, leaf in enumerate(region.leaves):
        if leaf.kind == "buffer" and leaf.is_pointer_buffer:
            r = reach[i]
            if r == -2:
                raise HarnessError(f"reaches past the probe storage of '{leaf.expr}'")
            values[i] = random_buffer(leaf.dtype, max(1, r or 1), rng)
    return values


def _with_temporaries(original, split, h_split, values, rng) -> list:
    """The original's inputs laid out for the split function, its temporaries as large as it reaches."""
    by_name = {leaf.expr: v for leaf, v in zip(original.leaves, values)}
    out = [by_name[leaf.expr] if leaf.expr in by_name else random_buffer(leaf.dtype, PROBE_CAPACITY, rng)
           for leaf in split.leaves]
    if len(out) == len(original.leaves):
        return out
    reach = h_split.reach(out)
    for i, leaf in enumerate(split.leaves):
        if leaf.expr not in by_name:
            if reach[i] == -2:
                raise HarnessError(f"reaches past the probe storage of '{leaf.expr}'")
            out[i] = random_buffer(leaf.dtype, max(1, reach[i] or 1), rng)
    return out


def _tests(region, split, h_orig, h_split, seed):
    rng = np.random.default_rng(seed)
    ints_at = _int_leaves(region)
    tests = 0
    for lo, hi in TEST_BANDS:
        for _ in range(TESTS_PER_BAND if ints_at else 1):
            ints = {i: int(v) for i, v in zip(ints_at, rng.permutation(np.arange(lo, hi + 1))[:len(ints_at)])}
            try:
                values = _sized(region, h_orig, rng, ints)
                want = h_orig.run(values)
            except HarnessError:
                continue   # sizes the original itself cannot run with (fixed storage)
            tests += 1
            try:
                split_values = _with_temporaries(region, split, h_split, values, rng)
                got = h_split.run(split_values)
            except HarnessError as exc:
                return tests, str(exc)
            at = {leaf.expr: k for k, leaf in enumerate(split.leaves)}
            for i, leaf in enumerate(region.leaves):
                a, b = np.asarray(want[i], dtype=np.float64), np.asarray(got[at[leaf.expr]], dtype=np.float64)
                if a.shape != b.shape:
                    return tests, f"'{leaf.expr}' differs in size"
                eps = float(np.finfo(np.float32 if "32" in leaf.dtype else np.float64).eps)
                bound = TOLERANCE_EPS * eps * (1.0 + np.abs(a))
                same = (np.abs(a - b) <= bound) | (np.isnan(a) & np.isnan(b)) | (a == b)
                if not np.all(same):
                    j = int(np.argmin(same)) if a.ndim else 0
                    return tests, f"'{leaf.expr}' differs at element {j} (sizes {sorted(ints.values())})"
    if tests == 0:
        return 0, "no test size runs"
    return tests, ""


def _proof(original, split, h_orig, h_split):
    try:
        lowering = Lowering(opaque=frozenset(PURE_CALLS))
        bodies = [lowering.lower(original.cursor), lowering.lower(split.cursor)]
    except Unsupported as exc:
        return 0, f"unverifiable: {exc}"
    ints_at = _int_leaves(original)
    combos = list(itertools.product(SMALL_SIZES, repeat=len(ints_at)))[:MAX_PROOF_CASES]
    rng = np.random.default_rng(0)
    cases = 0
    for combo in combos:
        ints = dict(zip(ints_at, combo))
        try:
            values = random_values(original, rng, ints)
            reach = h_orig.reach(values)
            by_name = {leaf.expr: r for leaf, r in zip(original.leaves, reach)}
            split_reach = h_split.reach(_with_temporaries(original, split, h_split, values, rng))
            by_name.update({leaf.expr: r for leaf, r in zip(split.leaves, split_reach) if leaf.expr not in by_name})
        except HarnessError:
            continue
        symbols = _Symbols()
        outcome = []
        for region, body in zip((original, split), bodies):
            mems, values = {}, {}
            reach = [by_name[leaf.expr] for leaf in region.leaves]
            for i, leaf in enumerate(region.leaves):
                if leaf.kind == "int":
                    values[i] = ints.get(i, 1)
                elif leaf.kind == "real":
                    values[i] = symbols.real(leaf.expr)
                else:
                    size = leaf.capacity if leaf.capacity is not None and not leaf.is_pointer_buffer else \
                        max(0, reach[i] or 0)
                    mems[i] = Mem(leaf.expr, size, initial=(lambda j, p=leaf.expr: symbols.real(f"{p}[{j}]")),
                                  elem_size=np.dtype(leaf.dtype).itemsize)
                    stride = int(np.prod(leaf.row_dims)) if leaf.row_dims else 1
                    values[i] = Ptr(mems[i], 0, stride)
            env = _environment(region, values)
            for key in region.temp_keys:
                env[key] = None
            try:
                Executor(lowering, env).run(body)
            except _Return:
                pass
            except (OutOfBounds, Unsupported) as exc:
                return cases, f"unverifiable: {exc}"
            outcome.append((mems, env, values))
        cases += 1
        pending = []
        (m_orig, env_orig, v_orig), (m_split, env_split, v_split) = outcome
        at = {leaf.expr: k for k, leaf in enumerate(split.leaves)}
        for i, mem in m_orig.items():
            other = m_split[at[original.leaves[i].expr]]
            for j in sorted(set(mem.cells) | set(other.cells)):
                pending.append((f"{original.leaves[i].expr}[{j}]", other.load(j), mem.load(j)))
        failure = _check_equal(pending)
        if failure:
            shape = ", ".join(f"{original.leaves[i].expr}={v}" for i, v in ints.items())
            return cases, f"{failure[1]} (sizes {shape})"
    if cases == 0:
        return 0, "unverifiable: no size case runs"
    return cases, ""
