"""Each pipeline stage on its own: frontend, analysis, binding search, checking, rewrite."""

import numpy as np
import pytest

from atc.analysis.harness import Harness, HarnessError
from atc.analysis.probe import observe
from atc.classify.gate import worth_searching
from atc.errors import AtcError
from atc.frontend.cparse import parse, read_source
from atc.frontend.regions import FileRegions
from atc.synth.lexical import similarity
from atc.synth.search import search
from atc.synth.specs import SPECS
from atc.verify.iotest import check, choose_shapes

SGEMM = SPECS[0]

KERNELS = r"""
#include <stdio.h>
typedef struct { int rows, cols; float *data; } Mat;
#define AT(m, i, j) ((m)->data[(i) * (m)->cols + (j)])
void mm(int rows, int cols, int inner, const float *x, const float *w, float *y) {
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < cols; j++) {
      float s = 0;
      for (int k = 0; k < inner; k++) s += x[i * inner + k] * w[k * cols + j];
      y[i * cols + j] = s;
    }
}
void mm_struct(const Mat *a, const Mat *b, Mat *c) {
  for (int i = 0; i < a->rows; i++) for (int j = 0; j < b->cols; j++) {
    float s = 0; for (int k = 0; k < a->cols; k++) s += AT(a, i, k) * AT(b, k, j); AT(c, i, j) = s; }
}
void near_miss(int m, int n, int k, const float *a, const float *b, float *c) {
  for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) {
    float s = 0; for (int p = 0; p < k - 1; p++) s += a[i * k + p] * b[p * n + j]; c[i * n + j] = s; }
}
void crash(int n, float *a) { for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i * n + j + 100000000] *= 2.0f; }
void spin(int n, float *a) { for (;;) for (int j = 0; j < n; j++) a[j] *= 1.5f; }
int live(int n, const float *a, const float *b, float *c) {
  int i, j, k;
  for (i = 0; i < n; i++) for (j = 0; j < n; j++) { c[i*n+j] = 0; for (k = 0; k < n; k++) c[i*n+j] += a[i*n+k]*b[k*n+j]; }
  return i;
}
void scale(int n, float *a) { for (int i = 0; i < n; i++) a[i] *= 2.0f; }
"""


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    path = tmp_path_factory.mktemp("src") / "k.c"
    path.write_text(KERNELS)
    tu = parse(str(path), [])
    regions = FileRegions(tu, str(path), read_source(str(path))).regions()
    return str(path), {(r.function, r.kind): r for r in regions}


def harness_for(parsed, fn, kind="function"):
    path, regions = parsed
    import os
    return regions[(fn, kind)], Harness(regions[(fn, kind)], KERNELS, [], os.path.dirname(path))


# --- frontend -----------------------------------------------------------------------------------------

def test_parse_error_has_location(tmp_path):
    p = tmp_path / "e.c"
    p.write_text("void f(void) { int x = ; }\n")
    with pytest.raises(AtcError, match=r"e\.c:1:\d+: error"):
        parse(str(p), [])


def test_missing_header_is_reported(tmp_path):
    p = tmp_path / "h.c"
    p.write_text('#include "nowhere.h"\nint x;\n')
    with pytest.raises(AtcError, match="nowhere.h"):
        parse(str(p), [])


def test_leaves_of_params_and_struct_fields(parsed):
    _, regions = parsed
    mm = regions[("mm", "function")]
    assert [(l.expr, l.kind) for l in mm.leaves] == [
        ("rows", "int"), ("cols", "int"), ("inner", "int"), ("x", "buffer"), ("w", "buffer"), ("y", "buffer")]
    st = regions[("mm_struct", "function")]
    refs = {l.expr: l.referenced for l in st.leaves}
    assert refs["a->rows"] and refs["b->cols"] and refs["c->cols"] and refs["c->data"]
    assert not refs["b->rows"] and not refs["c->rows"]


def test_loop_region_outlines_counters_as_temps(parsed):
    _, regions = parsed
    loop = regions[("mm", "loop")]
    assert loop.temps == [] and [r.name for r in loop.roots] == ["rows", "cols", "inner", "x", "w", "y"]


def test_live_counter_after_loop_is_rejected(parsed):
    _, regions = parsed
    assert "used after the loop" in regions[("live", "loop")].reject
    assert "returns a non-floating-point value" in regions[("live", "function")].reject


def test_gate_skips_what_cannot_be_a_kernel(parsed):
    _, regions = parsed
    assert "fewer than two array accesses" in worth_searching(regions[("scale", "function")].features)
    assert "no loop" in worth_searching({"loop_depth": 0, "float_mults": 3, "accesses": 4})
    assert worth_searching(regions[("mm", "function")].features) is None


# --- analysis -----------------------------------------------------------------------------------------

def test_observe_reads_writes_and_reach(parsed):
    region, h = harness_for(parsed, "mm")
    with h:
        obs = observe(region, h)
    assert obs.written == {5} and obs.read == {3, 4}
    for probe in obs.probes:
        m, n, k = probe.ints[0], probe.ints[1], probe.ints[2]
        assert probe.reach == {3: m * k, 4: k * n, 5: m * n}


def test_crash_is_contained(parsed):
    region, h = harness_for(parsed, "crash")
    with h, pytest.raises(HarnessError, match="crashed"):
        h.run([3, np.zeros(16, dtype=np.float32)])


def test_endless_loop_times_out(parsed):
    region, h = harness_for(parsed, "spin")
    h.timeout = 1.0
    with h, pytest.raises(HarnessError, match="did not finish"):
        h.run([3, np.zeros(16, dtype=np.float32)])


# --- synthesis and checking ---------------------------------------------------------------------------

def test_lexical_similarity_prefers_matching_names():
    assert similarity("rows", SGEMM.names["M"]) == 1.0
    assert similarity("a->cols", SGEMM.names["N"]) == 1.0
    assert similarity("inner", SGEMM.names["K"]) > similarity("inner", SGEMM.names["M"])


def test_search_prunes_to_consistent_bindings(parsed):
    region, h = harness_for(parsed, "mm")
    with h:
        result = search(SGEMM, region, observe(region, h))
    best = result.bindings[0].expressions(region, region.constants)
    assert (best["M"], best["N"], best["K"], best["lda"], best["A"], best["C"]) == \
        ("rows", "cols", "inner", "inner", "x", "y")
    assert result.space > 100 * len(result.bindings) and len(result.bindings) < 10


def test_struct_kernel_binds_fields(parsed):
    region, h = harness_for(parsed, "mm_struct")
    with h:
        result = search(SGEMM, region, observe(region, h))
        verdict = check(region, h, result.bindings[0])
    assert verdict.ok, verdict.detail
    assert result.bindings[0].expressions(region, region.constants)["ldc"] == "c->cols"


def test_shapes_are_non_square(parsed):
    region, h = harness_for(parsed, "mm")
    with h:
        binding = search(SGEMM, region, observe(region, h)).bindings[0]
    shapes = choose_shapes(region, binding, np.random.default_rng(0))
    assert len(shapes) >= 3
    for s in shapes:
        assert len({s[0], s[1], s[2]}) == 3
    assert max(max(s.values()) for s in shapes) > 32


def test_near_miss_fails_the_tests(parsed):
    """The binding that is right for `mm` (same parameters, in the same order) fails the IO tests on a
    near-miss that sums one term too few; the footprints alone already rule out every binding."""
    mm, mm_harness = harness_for(parsed, "mm")
    with mm_harness:
        right = search(SGEMM, mm, observe(mm, mm_harness)).bindings[0]
        assert check(mm, mm_harness, right).ok
    region, h = harness_for(parsed, "near_miss")
    assert [leaf.kind for leaf in region.leaves] == [leaf.kind for leaf in mm.leaves]
    with h:
        assert search(SGEMM, region, observe(region, h)).bindings == []
        verdict = check(region, h, right)
    assert not verdict.ok and "differs" in verdict.detail, verdict.detail


WIDE_ROWS = r"""
void rowsum(int n, int m, double a[][1100], double b[][1200], double *out) {
  for (int i = 0; i < n; i++) { double s = 0; for (int j = 0; j < m; j++) s += a[i][j] * b[i][j]; out[i] = s; }
}
"""


def test_reach_of_rows_wider_than_a_page(tmp_path):
    """Shortened buffers must fault on every overshoot, even one that jumps more than a page past the end."""
    import os
    path = tmp_path / "w.c"
    path.write_text(WIDE_ROWS)
    region = next(r for r in FileRegions(parse(str(path), []), str(path), read_source(str(path))).regions()
                  if r.kind == "function")
    with Harness(region, WIDE_ROWS, [], os.path.dirname(str(path))) as h:
        obs = observe(region, h)
    assert obs.probes
    for probe in obs.probes:
        n, m = probe.ints[0], probe.ints[1]
        assert probe.reach == {2: (n - 1) * 1100 + m, 3: (n - 1) * 1200 + m, 4: n}
