"""Observe a region on probe inputs: which buffers it reads and writes, and how far it reaches into each
as a function of its integer inputs."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..frontend.regions import Region
from .harness import Harness, HarnessError

PROBE_CAPACITY = 16384      # elements given to each pointer buffer while probing
PROBE_INT_POOLS = ((2, 3, 4, 5, 6, 7, 8, 9), (2, 3, 4), (2,))
N_PROBES = 5
MAX_DRAWS = 30               # draws of probe sizes looking for ones that make the region do something


@dataclass
class Probe:
    ints: dict[int, int]            # leaf index -> value given
    reach: dict[int, int]           # pointer-buffer leaf index -> elements the region needs


@dataclass
class Observation:
    probes: list[Probe] = field(default_factory=list)
    read: set[int] = field(default_factory=set)        # buffer leaves whose contents affect the result
    written: set[int] = field(default_factory=set)     # buffer leaves the region changes
    written_extent: dict[int, int] = field(default_factory=dict)  # last written element + 1, first probe
    scalars_changed: set[int] = field(default_factory=set)  # scalar leaves the region changes


def random_values(region: Region, rng: np.random.Generator, ints: dict[int, int],
                  sizes: dict[int, int] | None = None) -> list:
    """Leaf values: the given integers, random reals, random buffer contents of the given sizes."""
    values = []
    for i, leaf in enumerate(region.leaves):
        if leaf.kind == "int":
            values.append(ints.get(i, 1))
        elif leaf.kind == "real":
            value = rng.uniform(0.5, 1.5) * rng.choice([-1, 1])
            values.append(float(np.float32(value)) if leaf.ctype == "float" else float(value))
        else:
            n = (sizes or {}).get(i)
            if n is None:
                n = leaf.capacity if leaf.capacity is not None else PROBE_CAPACITY
            values.append(random_buffer(leaf.dtype, n, rng))
    return values


def random_buffer(dtype: str, n: int, rng: np.random.Generator) -> np.ndarray:
    if dtype.startswith("float"):
        return rng.uniform(-1.0, 1.0, n).astype(dtype)
    return rng.integers(0, 4, n).astype(dtype)


def _changed(before, after) -> np.ndarray:
    """Element-wise: did the value change (compared bit for bit, so a NaN equals itself)?"""
    b = np.ascontiguousarray(before)
    a = np.ascontiguousarray(after)
    return np.any(b.view(np.uint8).reshape(b.size, b.itemsize) != a.view(np.uint8).reshape(a.size, a.itemsize),
                  axis=1)


def observe(region: Region, harness: Harness, seed: int = 0) -> Observation:
    """Probe with small sizes; if the region crashes (its storage may be small), with smaller ones."""
    for pool in PROBE_INT_POOLS[:-1]:
        try:
            return _observe(region, harness, seed, pool)
        except HarnessError:
            continue
    return _observe(region, harness, seed, PROBE_INT_POOLS[-1])


def _observe(region: Region, harness: Harness, seed: int, pool_values) -> Observation:
    rng = np.random.default_rng(seed)
    int_leaves = [i for i, leaf in enumerate(region.leaves) if leaf.kind == "int"]
    buffers = [i for i, leaf in enumerate(region.leaves) if leaf.kind == "buffer"]
    obs = Observation()

    def draw():
        pool = list(rng.permutation(pool_values))
        ints = {i: int(pool[n % len(pool)]) for n, i in enumerate(int_leaves)}
        # Rows of a row-pointer matrix are spaced wider than any size drawn, differently on each probe, so
        # that its reach tells the spacing from the sizes.
        ints.update({i: max(pool_values) + int(rng.integers(1, 8)) for i in int_leaves
                     if region.leaves[i].spacing_of is not None})
        return ints

    # Sizes that leave the loops empty (a filter longer than its signal) show nothing: draw again.
    first = draw()
    base_in = random_values(region, rng, first)
    base_out = harness.run(base_in)
    for _ in range(MAX_DRAWS if int_leaves else 0):
        if any(_changed(base_in[i], base_out[i]).any() for i in buffers) or \
                any(leaf.result and base_in[i] != base_out[i] for i, leaf in enumerate(region.leaves)):
            break
        candidate = draw()
        candidate_in = random_values(region, rng, candidate)
        try:
            base_out = harness.run(candidate_in)
        except HarnessError:
            continue  # these sizes need more storage than the probe gives
        first, base_in = candidate, candidate_in
    second_in = random_values(region, rng, first)
    second_out = harness.run(second_in)
    written_mask = {}
    for i in buffers:
        mask = _changed(base_in[i], base_out[i]) | _changed(second_in[i], second_out[i])
        written_mask[i] = mask
        if mask.any():
            obs.written.add(i)
            obs.written_extent[i] = int(np.nonzero(mask)[0][-1]) + 1
    for i, leaf in enumerate(region.leaves):
        if leaf.kind != "buffer" and not leaf.result and base_in[i] != base_out[i]:
            obs.scalars_changed.add(i)

    result = next((i for i, leaf in enumerate(region.leaves) if leaf.result), None)
    if result is not None and region.kind == "loop":
        # Does the result start from the value the variable had before the loop (an accumulation)?
        perturbed = list(base_in)
        perturbed[result] = base_in[result] + 1.0
        if harness.run(perturbed)[result] != base_out[result]:
            obs.read.add(result)
    for i in buffers:
        perturbed = list(base_in)
        perturbed[i] = random_buffer(region.leaves[i].dtype, base_in[i].size, rng)
        out = harness.run(perturbed)
        if result is not None and out[result] != base_out[result]:
            obs.read.add(i)
            continue
        for w in obs.written:
            mask = written_mask[w]
            if w == i:
                differs = np.any(_changed(base_out[w][mask], out[w][mask]))
            else:
                differs = np.any(_changed(base_out[w], out[w]))
            if differs:
                obs.read.add(i)
                break

    touched = (obs.read | obs.written) & set(buffers)
    ints, tried = first, []
    for draws in range(MAX_DRAWS):
        if ints not in tried:
            tried.append(ints)
            try:
                reach = _reach(region, harness, rng, ints)
            except HarnessError:
                if draws == 0 or draws == MAX_DRAWS - 1 and not obs.probes:
                    raise
                reach = None
            if reach is not None and (all(reach[i] > 0 for i in touched if i in reach)
                                      or draws == MAX_DRAWS - 1 and not obs.probes):
                obs.probes.append(Probe(ints=ints, reach=reach))
        if len(obs.probes) == N_PROBES or not int_leaves:
            break
        ints = draw()
    return obs


def _reach(region, harness, rng, ints) -> dict:
    reach = {}
    for i, r in enumerate(harness.reach(random_values(region, rng, ints))):
        if r is None:
            continue
        if r == -2:
            raise HarnessError(f"region reaches past {PROBE_CAPACITY} elements of "
                               f"'{region.leaves[i].expr}' on small inputs")
        reach[i] = r
    return reach
