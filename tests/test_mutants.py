"""A seeded sample of the mutation fuzzer (evaluation/mutants.py runs the full 1,000+)."""

import sys
from collections import Counter

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "evaluation"))
import mutants  # noqa: E402


@pytest.mark.slow
def test_mutants_are_declined_or_compiled_correctly():
    """Seeded mutants of the corpus GEMMs, taken in order until six of them compile and run on their own (most
    mutants do not compile, and how many depends on which programs the corpus holds): none is miscompiled."""
    outcomes = Counter()
    checked = lambda: outcomes["declined"] + outcomes["rewritten and equal"]  # noqa: E731
    for job in mutants.make_jobs(count=200, seed=7):
        result = mutants.check_mutant(job)
        assert result["outcome"] != "MISCOMPILED", result
        outcomes[result["outcome"]] += 1
        if checked() >= 6:
            break
    assert checked() >= 6, outcomes


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
