"""The bounded proof: catches what random tests can miss, and refuses what it cannot model."""


from atc.pipeline import compile_file
from atc.verify.smt import size_cases

GOOD = """
void mm(int m, int n, int k, const float *a, const float *b, float *c) {
  for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { float s = 0;
    for (int p = 0; p < k; p++) s += a[i*k+p] * b[p*n+j]; c[i*n+j] = s; } }
"""
# Wrong only when every size is 1: random tests in realistic bands never see it.
TINY_CASE = GOOD.replace("c[i*n+j] = s; }", "c[i*n+j] = (m == 1 && n == 1 && k == 1) ? s + 1.0f : s; }")
# Tiles of 4 rows; the last partial tile drops its final row.
TILED = """
static int lo(int a, int b) { return a < b ? a : b; }
void mm(int m, int n, int k, const float *a, const float *b, float *c) {
  for (int ii = 0; ii < m; ii += 4)
    for (int i = ii; i < lo(ii + 4, m) - (ii + 4 > m && m % 4 == 1); i++)
      for (int j = 0; j < n; j++) { float s = 0;
        for (int p = 0; p < k; p++) s += a[i*k+p] * b[p*n+j]; c[i*n+j] = s; } }
"""
OPAQUE = GOOD.replace("c[i*n+j] = s; }", "c[i*n+j] = s > 1e30f ? sqrtf(s) : s; }")


def _decisions(tmp_path, code, name="k.c"):
    src = tmp_path / name
    src.write_text("#include <math.h>\n" + code)
    # the proof of one op is under test, not the classifier nor a decomposition into several pieces
    result = compile_file(str(src), [], classifier=False, decompose=False)
    return {(d.region.function, d.region.kind): d for d in result.decisions}


def test_correct_kernel_is_proven(tmp_path):
    d = _decisions(tmp_path, GOOD)[("mm", "function")]
    assert d.replacement is not None and d.reason.startswith("smt:bounded(1..3)+io:")
    assert any("proven smt:bounded" in line for line in d.explain)


def test_size_specific_bug_is_caught_by_the_proof(tmp_path):
    decisions = _decisions(tmp_path, TINY_CASE)
    for d in decisions.values():
        assert d.replacement is None
    d = decisions[("mm", "function")]
    assert any("counterexample" in line and "m=1" in line for line in d.explain), d.explain


def test_tile_boundary_bug_is_caught(tmp_path):
    decisions = _decisions(tmp_path, TILED)
    explain = decisions[("mm", "function")].explain  # the kernel was analysed and searched, not skipped
    assert any(line.startswith("analysis:") for line in explain) and any("sgemm:" in line for line in explain)
    for d in decisions.values():
        assert d.replacement is None


def test_unmodelled_construct_is_unverifiable(tmp_path):
    d = _decisions(tmp_path, OPAQUE)[("mm", "function")]
    assert d.replacement is None
    assert "unverifiable" in d.reason and "sqrtf" in d.reason


def test_size_cases_cover_small_sizes_and_constants(tmp_path):
    src = tmp_path / "k.c"
    src.write_text(GOOD.replace("s += a[i*k+p] * b[p*n+j];", "s += a[i*k+p] * b[p*n+j] * (8 > 0);"))
    # the proof of one op is under test, not the classifier nor a decomposition into several pieces
    result = compile_file(str(src), [], classifier=False, decompose=False)
    rep = result.replacements[0]
    cases = list(size_cases(rep.region, rep.binding))
    sizes = {tuple(sorted(c.values())) for c in cases}
    assert (1, 1, 1) in sizes and (3, 3, 3) in sizes
    assert any(9 in c.values() for c in cases) and any(7 in c.values() for c in cases)
