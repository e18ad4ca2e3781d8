"""A seeded sample of the mutation fuzzer (evaluation/mutants.py runs the full 1,000+)."""

import sys
from collections import Counter

from conftest import ROOT

sys.path.insert(0, str(ROOT / "evaluation"))
import mutants  # noqa: E402


def test_mutants_are_declined_or_compiled_correctly():
    jobs = mutants.make_jobs(count=20, seed=7)
    assert len(jobs) == 20
    results = [mutants.check_mutant(job) for job in jobs]
    outcomes = Counter(r["outcome"] for r in results)
    bad = [r for r in results if r["outcome"] == "MISCOMPILED"]
    assert not bad, bad
    assert outcomes["declined"] + outcomes["rewritten and equal"] >= 5, outcomes


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
