"""Run-time guards: each one makes the original code run where the library call would be wrong or slow."""

from conftest import atc, run
from atc.evaluate.outputs import same_output

PROGRAM = r"""
#include <stdio.h>
#include <stdlib.h>
void gemm(int m, int n, int k, const float *a, int lda, const float *b, int ldb, float *c, int ldc) {
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      float s = 0;
      for (int p = 0; p < k; p++) s += a[i * lda + p] * b[p * ldb + j];
      c[i * ldc + j] = s;
    }
}
static float buf[3][200 * 200];
static void fill(void) {
  unsigned x = 12345u;
  for (int t = 0; t < 3; t++) for (int i = 0; i < 200 * 200; i++) {
    x = x * 1103515245u + 12345u; buf[t][i] = (float)((x >> 9) % 2001) / 1000.0f - 1.0f; }
}
static void show(const char *what, const float *c, int count) {
  double s = 0, w = 0;
  for (int i = 0; i < count; i++) { s += c[i]; w += c[i] * (i % 7 + 1); }
  printf("%s %.5f %.5f\n", what, s, w);
}
int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "normal";
  fill();
  float *a = buf[0], *b = buf[1], *c = buf[2];
  if (!strcmp(mode, "normal")) { gemm(60, 50, 70, a, 70, b, 50, c, 50); show("c", c, 60 * 50); }
  if (!strcmp(mode, "alias")) { gemm(60, 50, 70, a, 70, b, 50, a + 100, 50); show("a", a, 60 * 70 + 100); }
  if (!strcmp(mode, "small")) { gemm(4, 3, 5, a, 5, b, 3, c, 3); show("c", c, 12); }
  if (!strcmp(mode, "short_lda")) { gemm(60, 50, 70, a, 40, b, 50, c, 50); show("c", c, 60 * 50); }
  if (!strcmp(mode, "short_ldc")) { gemm(60, 50, 70, a, 70, b, 50, c, 30); show("c", c, 60 * 50); }
  return 0;
}
"""


def _build(tmp_path):
    src = tmp_path / "g.c"
    src.write_text("#include <string.h>\n" + PROGRAM)
    run(["cc", "-O2", "-o", str(tmp_path / "plain"), str(src)], check=True)
    proc = atc("cc", "-O2", "-o", str(tmp_path / "atc"), str(src))
    assert proc.returncode == 0 and "replaced by atc_sgemm" in proc.stderr, proc.stderr
    return tmp_path / "plain", tmp_path / "atc"


def test_each_guard_falls_back_to_the_original(tmp_path):
    plain, rewritten = _build(tmp_path)
    expect_library = {"normal": True, "alias": False, "small": False, "short_lda": False, "short_ldc": False}
    for mode, offloaded in expect_library.items():
        want = run([str(plain), mode], check=True).stdout
        got = run([str(rewritten), mode], env={"ATC_TRACE": "1"}, check=True)
        assert not same_output(want, got.stdout), f"{mode}: {want} vs {got.stdout}"
        assert ("atc-trace: sgemm" in got.stderr) == offloaded, f"{mode}: {got.stderr}"


def test_min_work_threshold_is_a_build_option(tmp_path):
    plain, _ = _build(tmp_path)
    exe = tmp_path / "big_threshold"
    proc = atc("cc", "-O2", "-DATC_MIN_WORK=1e12", "-o", str(exe), str(tmp_path / "g.c"))
    assert proc.returncode == 0 and "replaced by atc_sgemm" in proc.stderr, proc.stderr
    got = run([str(exe), "normal"], env={"ATC_TRACE": "1"}, check=True)
    assert "atc-trace" not in got.stderr
    assert not same_output(run([str(plain), "normal"], check=True).stdout, got.stdout)


FULL_CONV = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
void poly_mul(const double *a, int na, const double *b, int nb, double *c) {
  for (int k = 0; k < na + nb - 1; k++) c[k] = 0.0;
  for (int i = 0; i < na; i++)
    for (int j = 0; j < nb; j++) c[i + j] += a[i] * b[j];
}
int main(int argc, char **argv) {
  int na = 2500, nb = strcmp(argc > 1 ? argv[1] : "short", "short") ? 2000 : 41;
  double *a = malloc(sizeof(double) * na), *b = malloc(sizeof(double) * nb), *c = malloc(sizeof(double) * (na + nb));
  unsigned x = 777u;
  for (int i = 0; i < na; i++) { x = x * 1103515245u + 12345u; a[i] = (double)((x >> 9) % 2001) / 1000.0 - 1.0; }
  for (int i = 0; i < nb; i++) { x = x * 1103515245u + 12345u; b[i] = (double)((x >> 9) % 2001) / 1000.0 - 1.0; }
  poly_mul(a, na, b, nb, c);
  double s = 0, w = 0;
  for (int i = 0; i < na + nb - 1; i++) { s += c[i]; w += c[i] * (i % 7 + 1); }
  printf("%.9g %.9g %.9g\n", s, w, c[na / 2]);
  return 0;
}
"""


def test_full_convolution_work_counts_the_real_multiply_adds(tmp_path):
    """A full convolution of a 41-sample signal by a 2500-tap filter does 41 * 2500 multiply-adds, not the
    (41 + 2499) * 2500 its padded output suggests: below the work that makes loading the library worth it
    (1e6 here), so the original loops run; a 2000-sample signal (5 M) takes the library."""
    src = tmp_path / "poly.c"
    src.write_text(FULL_CONV)
    run(["cc", "-O2", "-o", str(tmp_path / "plain"), str(src)], check=True)
    proc = atc("cc", "-O2", "-o", str(tmp_path / "atc"), str(src))
    assert proc.returncode == 0 and "replaced by atc_dconv1d" in proc.stderr, proc.stderr
    for mode, real_work, offloaded in (("short", 41 * 2500, False), ("long", 2000 * 2500, True)):
        want = run([str(tmp_path / "plain"), mode], check=True).stdout
        got = run([str(tmp_path / "atc"), mode], env={"ATC_TRACE": "1", "ATC_LOAD_WORK": "1e6"}, check=True)
        assert not same_output(want, got.stdout), f"{mode}: {want} vs {got.stdout}"
        assert ("atc-trace: dconv1d" in got.stderr) == offloaded, f"{mode}: {got.stderr}"
        if not offloaded:
            assert "load deferred backend=" in got.stderr and f" work={real_work} " in got.stderr, got.stderr
