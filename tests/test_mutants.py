"""A seeded sample of the mutation fuzzer (evaluation/mutants.py runs the full 1,000+)."""

import sys
from collections import Counter

import pytest

from conftest import ROOT
from atc.evaluate.build import compile_c, run_program
from atc.evaluate.outputs import same_output

sys.path.insert(0, str(ROOT / "evaluation"))
import mutants  # noqa: E402


@pytest.mark.slow
def test_mutants_are_declined_or_compiled_correctly():
    """Seeded mutants of the corpus GEMMs, taken in order until six of them compile and run on their own (most
    mutants do not compile, and how many depends on which programs the corpus holds): none is miscompiled."""
    _check_until_valid(mutants.make_jobs(count=200, seed=7), 6)


def _check_until_valid(jobs, wanted: int):
    """Check the mutants in order until `wanted` of them compile and run on their own; none is miscompiled."""
    outcomes = Counter()
    checked = lambda: outcomes["declined"] + outcomes["rewritten and equal"]  # noqa: E731
    for job in jobs:
        result = mutants.check_mutant(job)
        assert result["outcome"] != "MISCOMPILED", result
        outcomes[result["outcome"]] += 1
        if checked() >= wanted:
            break
    assert checked() >= wanted, outcomes


def test_mutation_operators_reach_every_kind_of_change(tmp_path):
    src = tmp_path / "k.c"
    src.write_text((ROOT / "corpus" / "gemm_ijk_flat.c").read_text().replace(
        "sum += A[i * K + k] * B[k * N + j];", "sum += A[i * K + k] * B[k * N + j] + (K - M) * 0.0f;"))
    descriptions = [d for d, _ in mutants.mutations(src.read_bytes(), mutants.kernel_tokens(str(src), "matmul"))]
    needles = ("'<' -> '<='", "'+=' -> '='", "'*' -> '+'", "adds a term", "'+' -> '-'", "'0' -> '1'",
               "'i' -> '(i + 1)'", "'M' -> 'N'", "'-' -> '+'")
    for needle in needles:
        assert any(needle in d for d in descriptions), needle
    assert any(d.endswith("'K - M' -> 'M - K'") for d in descriptions), "operands of '-' swapped"


def test_mutants_of_split_regions_are_declined_or_compiled_correctly():
    """The same over the kernels whose nest holds several ops or an op and its epilogue, half of the mutants
    structural (statements swapped, resets moved, neighbour reads, shifted indices)."""
    jobs = mutants.make_jobs(count=60, seed=7, decomposed=True, timeout=60.0)  # time for a split to be proven
    assert sum(" token " not in job[1] for job in jobs) == 30
    _check_until_valid(jobs, 4)


def test_structural_mutations_change_what_the_nest_computes(tmp_path):
    """Every kind of structural mutation is made, and those that move a reset or read the element written
    before build, run and print something else than the original (y is not filled before the call, so its next
    element still reads 0)."""
    path = ROOT / "corpus" / "gemv_two_accumulators.c"
    source = path.read_bytes()
    found = dict(mutants.structural_mutations(source, mutants.kernel_body(str(path), "gesummv")))
    kinds = ("swapped", "moved out of its loop", "repeated in the next inner loop", "reads its next element",
             "reads its previous element", "shifted by + 1", "shifted by - 1")
    for kind in kinds:
        assert any(kind in d for d in found), kind
    original = tmp_path / "original"
    assert not compile_c(str(path), str(original), ["-w"])
    want = run_program(str(original)).stdout
    for kind in kinds[1:3] + kinds[4:5]:
        description, mutated = next((d, m) for d, m in found.items() if kind in d)
        src = tmp_path / "mutant.c"
        src.write_bytes(mutated)
        assert not compile_c(str(src), str(tmp_path / "mutant"), ["-w"]), description
        got = run_program(str(tmp_path / "mutant"))
        assert got.ok and same_output(want, got.stdout), description


def test_a_mutant_that_reads_memory_it_never_wrote_fails_on_its_own():
    """Its output is whatever the heap held, which differs between the plain and the rewritten build: it is not
    compared (a loop moved before the one that fills its buffer makes such mutants)."""
    source = b"""#include <stdio.h>
#include <stdlib.h>
void kernel(int n, float *y)
{
    float *h = malloc(sizeof(float) * n);
    for (int i = 0; i < n; i++)
        y[i] = 2.0f * h[i];
    for (int i = 0; i < n; i++)
        h[i] = (float)i;
    free(h);
}
int main(void)
{
    float y[64];
    kernel(64, y);
    printf("%.6g %.6g\\n", y[0], y[63]);
    return 0;
}
"""
    result = mutants.check_mutant(("uninitialised.c", "kernel: loops swapped", source, 5.0))
    assert result["outcome"] == "fails on its own", result
    assert "uninitialised" in result["why"]
