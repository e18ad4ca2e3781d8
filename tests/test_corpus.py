"""Every corpus program, built with plain cc and with `atc cc`: same output, every supported kernel
offloaded (the library is really called at run time), nothing else touched."""

import json

import pytest

from conftest import CORPUS, atc, run
from atc.evaluate.outputs import same_output

SUPPORTED_OPS = {"gemm", "batched_gemm", "gemv", "dot", "axpy", "conv2d", "conv1d"}
MANIFEST = json.loads((CORPUS / "manifest.json").read_text())["programs"]
pytestmark = pytest.mark.slow  # every program of the corpus, built twice and run


@pytest.mark.parametrize("program", MANIFEST, ids=[p["file"] for p in MANIFEST])
def test_corpus_program(program, tmp_path):
    src = CORPUS / program["file"]
    # Kernels the manifest marks with a known limitation are counted as missed by `atc eval`; here they must
    # at least not be rewritten wrongly (outputs are still compared below).
    expected = {k["function"] for k in program["kernels"] if k["op"] in SUPPORTED_OPS and "atc_limitation" not in k}
    listed = {k["function"] for k in program["kernels"]}
    report_path = tmp_path / "report.json"
    proc = atc("compile", str(src), "-o", str(tmp_path / "out.c"), "--report", str(report_path))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(report_path.read_text())
    replaced = {r["function"] for r in report["replacements"]}
    assert replaced >= expected, f"missed kernels {expected - replaced}:\n{proc.stderr}"
    assert replaced <= listed, f"rewrote non-kernels {replaced - listed}:\n{proc.stderr}"

    run(["cc", "-O2", "-o", str(tmp_path / "plain"), str(src), "-lm"], check=True)
    built = atc("cc", "-O2", "-o", str(tmp_path / "rewritten"), str(src), "-lm")
    assert built.returncode == 0, built.stderr
    plain = run([str(tmp_path / "plain")], check=True)
    rewritten = run([str(tmp_path / "rewritten")], env={"ATC_TRACE": "1"}, check=True)
    diff = same_output(plain.stdout, rewritten.stdout)
    assert not diff, f"outputs differ: {diff}\n--- plain\n{plain.stdout}\n--- atc\n{rewritten.stdout}"
    calls = [ln for ln in rewritten.stderr.splitlines() if ln.startswith("atc-trace:")]
    # a kernel that is only the fallback of another one (a dot helper inside a replaced GEMM) never runs here
    reached = {k["function"] for k in program["kernels"] if "fallback_only" not in k} & expected
    if expected:
        assert len(calls) >= len(reached), f"library not called at run time:\n{rewritten.stderr}"
    else:
        assert not calls


def test_eval_counts_each_listed_call_of_a_split_region_once(tmp_path):
    """A function listed once per library call of its region is found once per replacement of that op, so
    one replaced product out of three listed counts as one, not three."""
    from atc.evaluate.runner import evaluate_program
    program = next(p for p in MANIFEST if p["file"] == "three_gemm_chain.c")
    report_path = tmp_path / "report.json"
    proc = atc("compile", str(CORPUS / program["file"]), "-o", str(tmp_path / "out.c"), "--report", str(report_path))
    assert proc.returncode == 0, proc.stderr
    replaced = [r for r in json.loads(report_path.read_text())["replacements"] if r["op"] == "gemm"]
    assert replaced, proc.stderr
    record = evaluate_program((str(CORPUS), program, "openblas", False))
    assert sum(k["found"] for k in record["kernels"]) == min(len(replaced), len(program["kernels"])), record
