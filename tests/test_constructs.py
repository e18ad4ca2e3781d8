"""Everyday C constructs around a kernel that must not stop it: loop labels, status returns, K&R definitions,
`[restrict static N]` parameters, pointers to variably-modified types and variable-length array parameters, structs by value or with fields the
region does not touch, sizes from `const` globals, multiplies inside `static inline` helpers, enum-selected
variants, bodies written as one macro. Each program is rewritten, built, run, and its output compared with
the original's; the library must really be called. Each near-miss twin must be left alone."""

import json

import pytest

from conftest import atc, run
from atc.evaluate.outputs import same_output

DRIVER = r"""
#include <stdio.h>
#include <stdlib.h>
static unsigned int seed = 20261202u;
static void fill(float *x, int n) {
  for (int i = 0; i < n; i++) { seed = seed * 1664525u + 1013904223u; x[i] = (float)(seed >> 8) / 8388608.0f - 1.0f; }
}
static void show(const char *name, const float *x, int n) {
  double s = 0, w = 0;
  for (int i = 0; i < n; i++) { s += x[i]; w += x[i] * (double)(i % 5 + 1); }
  printf("%s %.5f %.5f %.5f %.5f\n", name, s, w, x[0], x[n - 1]);
}
"""

GEMM_MAIN = r"""
int main(void) {
  float *a = malloc(sizeof(float) * M * K), *b = malloc(sizeof(float) * K * N), *c = malloc(sizeof(float) * M * N);
  fill(a, M * K); fill(b, K * N); fill(c, M * N);
  CALL;
  show("c", c, M * N);
  return 0;
}
"""


def gemm_program(kernel: str, call: str, m=24, n=20, k=16) -> str:
    return DRIVER + f"#define M {m}\n#define N {n}\n#define K {k}\n" + kernel + GEMM_MAIN.replace("CALL", call)


def labelled_gemm(name: str, first_term: int) -> str:
    """GEMM with every loop labelled, as high-level-synthesis code writes it (no goto)."""
    return gemm_program(rf"""
void {name}(const float *a, const float *b, float *c) {{
rows:
  for (int i = 0; i < M; i++) {{
cols:
    for (int j = 0; j < N; j++) {{
      float acc = 0.0f;
dot:
      for (int p = {first_term}; p < K; p++) acc += a[i * K + p] * b[p * N + j];
      c[i * N + j] = acc;
    }}
  }}
}}
""", f"{name}(a, b, c)")


def variant_gemv(name: str, codes: str, flag_type: str, through_helper: bool = False) -> str:
    """GEMV or transposed GEMV chosen by a flag, as CBLAS-style reference code writes it; called with both,
    directly or through an entry point that passes the flag on to a helper."""
    variant = f"{name}_impl" if through_helper else name
    entry = f"""
void {name}({flag_type} trans, int m, int n, const float *a, const float *x, float *y) {{
  {variant}(trans, m, n, a, x, y);
}}""" if through_helper else ""
    return DRIVER + codes + rf"""
{"static " if through_helper else ""}void {variant}({flag_type} trans, int m, int n, const float *a, const float *x, float *y) {{
  if (trans == NO_TRANS) {{
    for (int i = 0; i < m; i++) {{
      float s = 0.0f;
      for (int j = 0; j < n; j++) s += a[i * n + j] * x[j];
      y[i] = s;
    }}
  }} else {{
    for (int j = 0; j < n; j++) {{
      float s = 0.0f;
      for (int i = 0; i < m; i++) s += a[i * n + j] * x[i];
      y[j] = s;
    }}
  }}
}}{entry}
int main(void) {{
  int m = 80, n = 70;
  float *a = malloc(sizeof(float) * m * n), *x = malloc(sizeof(float) * m);
  float *y1 = malloc(sizeof(float) * m), *y2 = malloc(sizeof(float) * n);
  fill(a, m * n); fill(x, m); fill(y1, m); fill(y2, n);
  {name}(NO_TRANS, m, n, a, x, y1);
  {name}(TRANS, m, n, a, x, y2);
  show("y1", y1, m);
  show("y2", y2, n);
  return 0;
}}
"""


CASES = {
    "loop_labels": (labelled_gemm("gemm_labels", first_term=0), {("gemm_labels", "function")}, "sgemm"),

    "status_return": (DRIVER + r"""
#define STATUS_OK 0
#define STATUS_BAD_SIZE 3
int gemv_status(int m, int n, const float *a, const float *x, float *y) {
  if (m <= 0 || n <= 0) return STATUS_BAD_SIZE;
  for (int i = 0; i < m; i++) {
    float s = 0.0f;
    for (int j = 0; j < n; j++) s += a[i * n + j] * x[j];
    y[i] = s;
  }
  return STATUS_OK;
}
int main(void) {
  int m = 90, n = 70;
  float *a = malloc(sizeof(float) * m * n), *x = malloc(sizeof(float) * n), *y = malloc(sizeof(float) * m);
  fill(a, m * n); fill(x, n); fill(y, m);
  int status = gemv_status(m, n, a, x, y);
  printf("status %d %d\n", status, gemv_status(0, n, a, x, y));
  show("y", y, m);
  return 0;
}
""", {("gemv_status", "loop")}, "sgemv"),

    "knr_definition": (gemm_program(r"""
void gemm_knr(m, n, k, a, b, c)
int m, n, k;
float *a, *b, *c;
{
  int i, j, p;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++) {
      float s = 0.0f;
      for (p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
}
""", "gemm_knr(M, N, K, a, b, c)"), {("gemm_knr", "function")}, "sgemm"),

    "restrict_static": (DRIVER + r"""
float dot_rs(int n, const float x[restrict static 1], const float y[restrict static 1]) {
  float s = 0.0f;
  for (int i = 0; i < n; i++) s += x[i] * y[i];
  return s;
}
void gemv_rs(int m, const float a[restrict static 64 * 80], const float x[restrict static 80], float y[restrict static 1]) {
  for (int i = 0; i < m; i++) {
    float s = 0.0f;
    for (int j = 0; j < 80; j++) s += a[i * 80 + j] * x[j];
    y[i] = s;
  }
}
int main(void) {
  float *a = malloc(sizeof(float) * 64 * 80), *x = malloc(sizeof(float) * 6000), *y = malloc(sizeof(float) * 6000);
  fill(a, 64 * 80); fill(x, 6000); fill(y, 6000);
  printf("dot %.4f\n", dot_rs(6000, x, y));
  gemv_rs(64, a, x, y);
  show("y", y, 64);
  return 0;
}
""", {("dot_rs", "function"), ("gemv_rs", "function")}, "sdot"),

    "variably_modified_pointer": (gemm_program(r"""
void gemm_vm(int m, int n, int k, const float *pa, const float *pb, float *pc) {
  const float (*a)[k] = (const float (*)[k])pa;
  const float (*b)[n] = (const float (*)[n])pb;
  float (*c)[n] = (float (*)[n])pc;
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      float s = 0.0f;
      for (int p = 0; p < k; p++) s += a[i][p] * b[p][j];
      c[i][j] = s;
    }
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      if (c[i][j] < 0.0f) c[i][j] = 0.0f;
}
""", "gemm_vm(M, N, K, a, b, c)"), {("gemm_vm", "loop")}, "sgemm"),

    "vla_array_parameters": (gemm_program(r"""
void gemm_vla(int m, int n, int k, const float a[m][k], const float b[k][n], float c[m][n], float out[m]) {
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      c[i][j] = 0.0f;
      for (int p = 0; p < k; p++) c[i][j] = c[i][j] + a[i][p] * b[p][j];
    }
  for (int i = 0; i < m; i++) out[i] = c[i][0] > 0.0f ? c[i][0] : 0.0f;
}
""", "{ float *o = malloc(sizeof(float) * M); gemm_vla(M, N, K, (const float (*)[K])a, (const float (*)[N])b, "
     "(float (*)[N])c, o); show(\"o\", o, M); }"), {("gemm_vla", "loop")}, "sgemm"),

    "vla_computed_dimensions": (gemm_program(r"""
#define DIM(x) x + 0
void gemm_vla_sum(int m, int n, int k, float a[DIM(m)][DIM(k)], float b[DIM(k)][DIM(n)], float c[DIM(m)][DIM(n)]) {
  int i, j, p;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++) {
      c[i][j] = 0.0f;
      for (p = 0; p < k; p++) c[i][j] += a[i][p] * b[p][j];
    }
}
""", "gemm_vla_sum(M, N, K, (float (*)[K])a, (float (*)[N])b, (float (*)[N])c)"),
        {("gemm_vla_sum", "function")}, "sgemm"),

    "struct_by_value": (DRIVER + r"""
typedef struct { int rows, cols; float *data; } Mat;
void mat_mul(Mat a, Mat b, Mat c) {
  for (int i = 0; i < a.rows; i++)
    for (int j = 0; j < b.cols; j++) {
      float s = 0.0f;
      for (int p = 0; p < a.cols; p++) s += a.data[i * a.cols + p] * b.data[p * b.cols + j];
      c.data[i * c.cols + j] = s;
    }
}
int main(void) {
  Mat a = {30, 20, malloc(sizeof(float) * 600)}, b = {20, 25, malloc(sizeof(float) * 500)};
  Mat c = {30, 25, malloc(sizeof(float) * 750)};
  fill(a.data, 600); fill(b.data, 500); fill(c.data, 750);
  mat_mul(a, b, c);
  show("c", c.data, 750);
  return 0;
}
""", {("mat_mul", "function")}, "sgemm"),

    "struct_untouched_fields": (DRIVER + r"""
typedef float (*act_fn)(float);
typedef union { struct { int groups, dilation; } conv; float slope; } options;
typedef struct { int outputs, inputs; float *w; act_fn act; options opt; } layer;
void layer_forward(const layer *l, const float *in, float *out) {
  for (int o = 0; o < l->outputs; o++) {
    float s = 0.0f;
    for (int i = 0; i < l->inputs; i++) s += l->w[o * l->inputs + i] * in[i];
    out[o] = s;
  }
}
static float relu(float v) { return v > 0 ? v : 0; }
int main(void) {
  layer l = {90, 60, malloc(sizeof(float) * 90 * 60), relu, {{0, 0}}};
  float *in = malloc(sizeof(float) * 60), *out = malloc(sizeof(float) * 90);
  fill(l.w, 90 * 60); fill(in, 60); fill(out, 90);
  layer_forward(&l, in, out);
  for (int o = 0; o < 90; o++) out[o] = l.act(out[o]);
  show("out", out, 90);
  return 0;
}
""", {("layer_forward", "function")}, "sgemv"),

    "const_global_sizes": (DRIVER + r"""
static const int ROWS = 40;
static const int COLS = 30;
static const int INNER = 20;
float mix[3][3];
void gemm_const(const float *a, const float *b, float *c) {
  for (int i = 0; i < ROWS; i++)
    for (int j = 0; j < COLS; j++) {
      float s = 0.0f;
      for (int p = 0; p < INNER; p++) s += a[i * INNER + p] * b[p * COLS + j];
      c[i * COLS + j] = s;
    }
}
void recolor(int pixels, const float *src, float *dst) {
  for (int p = 0; p < pixels; p++)
    for (int o = 0; o < 3; o++) {
      float s = 0.0f;
      for (int i = 0; i < 3; i++) s += src[p * 3 + i] * mix[o][i];
      dst[p * 3 + o] = s;
    }
}
int main(void) {
  float *a = malloc(sizeof(float) * 800), *b = malloc(sizeof(float) * 600), *c = malloc(sizeof(float) * 1200);
  float *src = malloc(sizeof(float) * 3000), *dst = malloc(sizeof(float) * 3000);
  fill(a, 800); fill(b, 600); fill(c, 1200); fill(&mix[0][0], 9); fill(src, 3000); fill(dst, 3000);
  gemm_const(a, b, c);
  recolor(1000, src, dst);
  show("c", c, 1200);
  show("dst", dst, 3000);
  return 0;
}
""", {("gemm_const", "function"), ("recolor", "function")}, "sgemm"),

    "inline_helper_multiply": (gemm_program(r"""
static inline float dot_stride(const float *row, const float *col, int len, int stride) {
  float s = 0.0f;
  for (int p = 0; p < len; p++) s += row[p] * col[p * stride];
  return s;
}
void gemm_tiled(int m, int n, int k, const float *a, const float *b, float *c) {
  for (int ii = 0; ii < m; ii += 8)
    for (int jj = 0; jj < n; jj += 8)
      for (int i = ii; i < ii + 8 && i < m; i++)
        for (int j = jj; j < jj + 8 && j < n; j++)
          c[i * n + j] = dot_stride(&a[i * k], &b[j], k, n);
}
""", "gemm_tiled(M, N, K, a, b, c)"), {("gemm_tiled", "function"), ("dot_stride", "function")}, "sgemm"),

    "enum_variants": (variant_gemv("gemv_enum", "enum transpose { NO_TRANS = 111, TRANS = 112 };",
                                   "enum transpose"), {("gemv_enum", "loop")}, "sgemv"),
    # The same variants selected by an int compared with CBLAS-style codes: the whole function is one op
    # only for some values of the flag, so only its loop nests may be replaced.
    "int_flag_variants": (variant_gemv("gemv_flag", "#define NO_TRANS 111\n#define TRANS 112", "int"),
                          {("gemv_flag", "loop")}, "sgemv"),
    "int_flag_through_helper": (variant_gemv("gemv_entry", "#define NO_TRANS 111\n#define TRANS 112", "int",
                                             through_helper=True), {("gemv_entry_impl", "loop")}, "sgemv"),

    # An enum parameter the code does not look at (only row-major is implemented) does not stop the function.
    "enum_unused": (gemm_program(r"""
enum order { ROW_MAJOR = 101, COL_MAJOR = 102 };
void gemm_ordered(enum order layout, int m, int n, int k, const float *a, const float *b, float *c) {
  (void)layout;
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      float s = 0.0f;
      for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
      c[i * n + j] = s;
    }
}
""", "gemm_ordered(ROW_MAJOR, M, N, K, a, b, c)"), {("gemm_ordered", "function")}, "sgemm"),

    "macro_body": (DRIVER + r"""
#define PRODUCT_BODY \
  int r, s, t; \
  for (r = 0; r < nr; r++) \
    for (s = 0; s < nc; s++) { \
      float acc = 0.0f; \
      for (t = 0; t < ni; t++) acc += x[r + t * nr] * y[t + s * ni]; \
      z[r + s * nr] = acc; \
    }
void product(const float *x, int nr, int ni, const float *y, int nc, float *z) { PRODUCT_BODY; }
int main(void) {
  float *x = malloc(sizeof(float) * 30 * 20), *y = malloc(sizeof(float) * 20 * 25), *z = malloc(sizeof(float) * 750);
  fill(x, 600); fill(y, 500); fill(z, 750);
  product(x, 30, 20, y, 25, z);
  show("z", z, 750);
  return 0;
}
""", {("product", "function")}, "sgemm"),
}

# Near-misses in the same styles: nothing may be rewritten; `why` is part of the reason given.
NEAR_MISSES = {
    "labels_with_goto": (gemm_program(r"""
void gemm_goto(const float *a, const float *b, float *c) {
  for (int i = 0; i < M; i++)
    for (int j = 0; j < N; j++) {
      float acc = 0.0f;
      for (int p = 0; p < K; p++) {
        if (a[i * K + p] > 2.0f) goto done;
        acc += a[i * K + p] * b[p * N + j];
      }
done:
      c[i * N + j] = acc;
    }
}
""", "gemm_goto(a, b, c)"), "goto"),

    "labels_skip_first_term": (labelled_gemm("gemm_skip", first_term=1), "output differs"),

    "status_counts_negatives": (DRIVER + r"""
int gemv_count(int m, int n, const float *a, const float *x, float *y) {
  int negative = 0;
  for (int i = 0; i < m; i++) {
    float s = 0.0f;
    for (int j = 0; j < n; j++) s += a[i * n + j] * x[j];
    y[i] = s;
    if (s < 0.0f) negative++;
  }
  return negative;
}
int main(void) {
  float *a = malloc(sizeof(float) * 90 * 70), *x = malloc(sizeof(float) * 70), *y = malloc(sizeof(float) * 90);
  fill(a, 90 * 70); fill(x, 70); fill(y, 90);
  printf("negative %d\n", gemv_count(90, 70, a, x, y));
  show("y", y, 90);
  return 0;
}
""", "negative"),

    "struct_function_pointer_called": (DRIVER + r"""
typedef float (*act_fn)(float);
typedef struct { int outputs, inputs; float *w; act_fn act; } layer;
void layer_act(const layer *l, const float *in, float *out) {
  for (int o = 0; o < l->outputs; o++) {
    float s = 0.0f;
    for (int i = 0; i < l->inputs; i++) s += l->w[o * l->inputs + i] * in[i];
    out[o] = l->act(s);
  }
}
static float relu(float v) { return v > 0 ? v : 0; }
int main(void) {
  layer l = {90, 60, malloc(sizeof(float) * 90 * 60), relu};
  float *in = malloc(sizeof(float) * 60), *out = malloc(sizeof(float) * 90);
  fill(l.w, 90 * 60); fill(in, 60); fill(out, 90);
  layer_act(&l, in, out);
  show("out", out, 90);
  return 0;
}
""", "act"),

    "inline_helper_squares": (gemm_program(r"""
static inline float dot_sq(const float *row, const float *col, int len, int stride) {
  float s = 0.0f;
  for (int p = 0; p < len; p++) s += row[p] * row[p] * col[p * stride];
  return s;
}
void gemm_sq(int m, int n, int k, const float *a, const float *b, float *c) {
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      c[i * n + j] = dot_sq(&a[i * k], &b[j], k, n);
}
""", "gemm_sq(M, N, K, a, b, c)"), "output differs"),

    "enum_selects_in_loop": (DRIVER + r"""
enum transpose { NO_TRANS = 111, TRANS = 112 };
void gemv_inner_enum(enum transpose trans, int n, const float *a, const float *x, float *y) {
  for (int i = 0; i < n; i++) {
    float s = 0.0f;
    for (int j = 0; j < n; j++) s += (trans == NO_TRANS ? a[i * n + j] : a[j * n + i]) * x[j];
    y[i] = s;
  }
}
int main(void) {
  float *a = malloc(sizeof(float) * 80 * 80), *x = malloc(sizeof(float) * 80), *y = malloc(sizeof(float) * 80);
  fill(a, 6400); fill(x, 80); fill(y, 80);
  gemv_inner_enum(NO_TRANS, 80, a, x, y);
  show("y", y, 80);
  gemv_inner_enum(TRANS, 80, a, x, y);
  show("y", y, 80);
  return 0;
}
""", "enum"),

    "macro_body_shifted": (DRIVER + r"""
#define SHIFTED_BODY \
  int r, s, t; \
  for (r = 0; r < nr - 1; r++) \
    for (s = 0; s < nc; s++) { \
      float acc = 0.0f; \
      for (t = 0; t < ni; t++) acc += x[r + 1 + t * nr] * y[t + s * ni]; \
      z[r + s * nr] = acc; \
    }
void shifted(const float *x, int nr, int ni, const float *y, int nc, float *z) { SHIFTED_BODY; }
int main(void) {
  float *x = malloc(sizeof(float) * 600), *y = malloc(sizeof(float) * 500), *z = malloc(sizeof(float) * 750);
  fill(x, 600); fill(y, 500); fill(z, 750);
  shifted(x, 30, 20, y, 25, z);
  show("z", z, 750);
  return 0;
}
""", "no binding agrees with the observed memory footprints"),
}


def _compile(tmp_path, source):
    src = tmp_path / "prog.c"
    src.write_text(source)
    out, report_path = tmp_path / "out.c", tmp_path / "report.json"
    # The classifier is left out: these tests are about what the analysis accepts, not about the model.
    proc = atc("compile", str(src), "-o", str(out), "--report", str(report_path), "--no-classifier")
    assert proc.returncode == 0, proc.stderr
    return src, out, json.loads(report_path.read_text()), proc.stderr


def _run_both(tmp_path, src, out):
    cflags = atc("flags", "--cflags", check=True).stdout.split()
    libs = atc("flags", "--libs", check=True).stdout.split()
    run(["cc", "-O2", "-o", str(tmp_path / "plain"), str(src), "-lm"], check=True)
    run(["cc", "-O2", *cflags, "-o", str(tmp_path / "rewritten"), str(out), *libs, "-lm"], check=True)
    plain = run([str(tmp_path / "plain")], check=True)
    rewritten = run([str(tmp_path / "rewritten")], env={"ATC_TRACE": "1"}, check=True)
    return plain, rewritten


@pytest.mark.parametrize("name", sorted(CASES))
def test_construct_is_offloaded_and_output_unchanged(name, tmp_path):
    source, expected, op = CASES[name]
    src, out, report, log = _compile(tmp_path, source)
    replaced = {(r["function"], r["region"]) for r in report["replacements"]}
    assert replaced >= expected, f"not rewritten: {expected - replaced}\n{log}"
    assert replaced <= expected, f"rewrote something else: {replaced - expected}\n{log}"
    plain, rewritten = _run_both(tmp_path, src, out)
    diff = same_output(plain.stdout, rewritten.stdout)
    assert not diff, f"outputs differ: {diff}\n--- plain\n{plain.stdout}\n--- atc\n{rewritten.stdout}"
    assert f"atc-trace: {op}" in rewritten.stderr, f"library not called at run time:\n{rewritten.stderr}"


@pytest.mark.parametrize("name", sorted(NEAR_MISSES))
def test_near_miss_is_left_alone(name, tmp_path):
    source, why = NEAR_MISSES[name]
    src, out, report, log = _compile(tmp_path, source)
    assert not report["replacements"], f"rewrote a near-miss:\n{log}"
    assert out.read_bytes() == src.read_bytes()
    assert any(why in r["reason"] for r in report["rejected"]), log  # rejected for what makes it a near-miss


KNR_PRE_C99 = r"""
#include <stdio.h>
#include <stdlib.h>
void saxpy_knr(n, a, x, y)
float a;
float *x, *y;
{
    register int i;
    for (i = 0; i < n; i++)
        y[i] = a * x[i] + y[i];
}
double ddot_knr(n, x, y)
int n;
double *x, *y;
{
    double s = 0.0;
    int i;
    for (i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}
int main()
{
    int n = 6000, i;
    float *x = malloc(sizeof(float) * n), *y = malloc(sizeof(float) * n);
    double *u = malloc(sizeof(double) * n), *v = malloc(sizeof(double) * n);
    for (i = 0; i < n; i++) {
        x[i] = (float)(i % 13) * 0.25f; y[i] = (float)(i % 7) - 3.0f; u[i] = x[i] * 0.5; v[i] = y[i];
    }
    saxpy_knr(n, 0.5f, x, y);
    printf("%.4f %.4f %.4f\n", y[0], y[n / 2], y[n - 1]);
    printf("%.4f\n", ddot_knr(n, u, v));
    return 0;
}
"""


@pytest.mark.parametrize("std", [[], ["-std=gnu89"]], ids=["default", "gnu89"])
def test_knr_without_parameter_types_builds_and_offloads(std, tmp_path):
    """Pre-ANSI code as gcc accepts it: `n` has no declaration (implicit int), a `float` parameter arrives
    promoted; built in the compiler's default mode and as C89."""
    src = tmp_path / "knr.c"
    src.write_text(KNR_PRE_C99)
    run(["cc", *std, "-O2", "-w", "-o", str(tmp_path / "plain"), str(src)], check=True)
    built = atc("cc", *std, "-O2", "-w", "-o", str(tmp_path / "rewritten"), str(src))
    assert built.returncode == 0, built.stderr
    assert "saxpy_knr: replaced" in built.stderr and "ddot_knr: replaced" in built.stderr, built.stderr
    plain = run([str(tmp_path / "plain")], check=True)
    rewritten = run([str(tmp_path / "rewritten")], env={"ATC_TRACE": "1"}, check=True)
    assert not same_output(plain.stdout, rewritten.stdout), f"{plain.stdout}\n{rewritten.stdout}"
    assert "atc-trace: saxpy" in rewritten.stderr and "atc-trace: ddot" in rewritten.stderr, rewritten.stderr
