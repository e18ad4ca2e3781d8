"""atc/rewrite/emit.py on its own: splice() and with_header() over replacements the pipeline found.

Outside the inserted text every byte is the user's (a byte-order mark, CRLF line ends, tabs, K&R definitions, a
kernel first in the file and one last without a final newline, several replacements in one file); the guard
has its shape (the integer work test before the never-inlined library-path function, the other guards inside
it); row-pointer operands and scalar results take their own paths. Every emitted file compiles under
-Wall -Werror, and the ones with a main run and print what the original prints."""

import difflib
import re

import pytest

from atc import runtime
from atc.evaluate.outputs import same_output
from atc.pipeline import compile_file
from atc.rewrite.emit import BOM, INCLUDE, splice, with_header
from conftest import cc_available, run
from test_row_pointers import KERNEL as ROW_GEMM

pytestmark = pytest.mark.skipif(not cc_available(), reason="needs cc")

# No main: a driver (DRIVER) calls its functions. CRLF line ends, tabs, a BOM, a kernel first in the file, a
# K&R definition, and a kernel last with no newline after its closing brace.
STYLED = BOM + "\r\n".join([
    "float dot_first(int n, const float *x, const float *y)",
    "{",
    "\tfloat s = 0.0f;",
    "\tfor (int i = 0; i < n; i++)",
    "\t\ts += x[i] * y[i];\t/* tab before a comment */",
    "\treturn s;",
    "}",
    "static int untouched(int a)\t{ return a + 1; }",
    "int call_untouched(int a) { return untouched(a); }",
    "void daxpy_knr(n, a, x, y)",
    "\tint n;",
    "\tdouble a;",
    "\tconst double *x;",
    "\tdouble *y;",
    "{",
    "\tint i;",
    "\tfor (i = 0; i < n; i++)",
    "\t\ty[i] += a * x[i];",
    "}",
    "void gemm_last(int m, int n, int k, const float *a, const float *b, float *c)",
    "{",
    "\tfor (int i = 0; i < m; i++)",
    "\t\tfor (int j = 0; j < n; j++) {",
    "\t\t\tfloat s = 0.0f;",
    "\t\t\tfor (int p = 0; p < k; p++)",
    "\t\t\t\ts += a[i * k + p] * b[p * n + j];",
    "\t\t\tc[i * n + j] = s;",
    "\t\t}",
    "}",
]).encode()

DRIVER = r"""#include <stdio.h>
float dot_first(int n, const float *x, const float *y);
int call_untouched(int a);
void daxpy_knr();
void gemm_last(int m, int n, int k, const float *a, const float *b, float *c);
static float fa[120 * 120], fb[120 * 120], fc[120 * 120];
static double da[50000], db[50000];
int main(void)
{
    unsigned x = 7u;
    double s = 0;
    for (int i = 0; i < 120 * 120; i++) {
        x = x * 1103515245u + 12345u; fa[i] = (float)((x >> 9) % 201) / 100.0f - 1.0f;
        x = x * 1103515245u + 12345u; fb[i] = (float)((x >> 9) % 201) / 100.0f - 1.0f;
    }
    for (int i = 0; i < 50000; i++) { da[i] = fa[i % 14400]; db[i] = fb[(i * 7) % 14400]; }
    printf("dot %.4f\n", dot_first(14400, fa, fb));
    printf("untouched %d\n", call_untouched(41));
    daxpy_knr(50000, 0.25, da, db);
    for (int i = 0; i < 50000; i++) s += db[i] * (i % 3 + 1);
    printf("axpy %.6f\n", s);
    gemm_last(110, 90, 100, fa, fb, fc);
    s = 0;
    for (int i = 0; i < 110 * 90; i++) s += fc[i] * (i % 5 + 1);
    printf("gemm %.4f\n", s);
    return 0;
}
"""

# With a main: a row-pointer GEMM (function region) and a dot that adds to a value set before it (loop region
# with a scalar result stored back into the user's variable).
PATHS = "#include <stdio.h>\n#include <stdlib.h>" + ROW_GEMM + r"""
double biased_dot(int n, const double *x, const double *y)
{
    double s = 1.5;
    int i;
    if (n < 0)
        return 0.0;
    for (i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}
static float **rows(int count, int len, int pad, unsigned seed)
{
    float **r = malloc(sizeof(float *) * count);
    float *block = malloc(sizeof(float) * count * (len + pad));
    for (int i = 0; i < count; i++) {
        r[i] = block + (long)i * (len + pad);
        for (int j = 0; j < len; j++) {
            seed = seed * 1664525u + 1013904223u;
            r[i][j] = (float)(seed >> 8) / 8388608.0f - 1.0f;
        }
    }
    return r;
}
static double dx[30000], dy[30000];
int main(int argc, char **argv)
{
    int m = argc > 1 ? atoi(argv[1]) : 70, n = m + 11, k = m + 23;
    float **a = rows(m, k, 5, 1u), **b = rows(k, n, 0, 2u), **c = rows(m, n, 3, 3u);
    double s = 0;
    matmul_rows(m, n, k, a, b, c);
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++)
            s += c[i][j] * ((i + j) % 5 + 1);
    printf("gemm %.4f\n", s);
    for (int i = 0; i < 30000; i++) { dx[i] = (i % 17) * 0.125 - 1.0; dy[i] = (i % 11) * 0.25 - 1.25; }
    printf("dot %.6f\n", biased_dot(m * 400, dx, dy));
    return 0;
}
"""


def compiled(tmp_path_factory, name, source: bytes):
    path = tmp_path_factory.mktemp("splice") / name
    path.write_bytes(source)
    result = compile_file(str(path), classifier=False)
    assert not result.errors, result.errors
    return path, result


@pytest.fixture(scope="module")
def styled(tmp_path_factory):
    path, result = compiled(tmp_path_factory, "styled.c", STYLED)
    assert sorted(r.region.function for r in result.replacements) == ["daxpy_knr", "dot_first", "gemm_last"], \
        result.report()
    return path, result


@pytest.fixture(scope="module")
def paths(tmp_path_factory):
    path, result = compiled(tmp_path_factory, "paths.c", PATHS.encode())
    by_function = {r.region.function: r for r in result.replacements}
    assert sorted(by_function) == ["biased_dot", "matmul_rows"], result.report()
    return path, result, by_function


def body_of(spliced: bytes, compact: bool) -> tuple:
    """(library-path functions, the user's code with the sites inserted) of splice()'s output."""
    text = spliced[len(BOM):] if spliced.startswith(BOM) else spliced
    helpers, _, body = text.partition(b"#line 1\n" if compact else b"\n\n")
    return helpers.decode(), body


def inserted_texts(original: bytes, body: bytes) -> list:
    """The texts inserted into the original; fails when any original byte was changed or removed."""
    ops = difflib.SequenceMatcher(None, original, body, autojunk=False).get_opcodes()
    changed = [(op, original[i1:i2], body[j1:j2]) for op, i1, i2, j1, j2 in ops if op not in ("equal", "insert")]
    assert not changed, changed[:3]
    return [body[j1:j2].decode() for op, _, _, j1, j2 in ops if op == "insert"]


@pytest.mark.parametrize("compact", [False, True])
def test_styled_file_keeps_every_byte(styled, compact):
    path, result = styled
    original = STYLED[len(BOM):]
    spliced = splice(STYLED, result.replacements, compact)
    assert spliced.startswith(BOM) and spliced.count(BOM) == 1
    helpers, body = body_of(spliced, compact)
    inserted = inserted_texts(original, body)
    assert "\r" not in "".join(inserted) and body.count(b"\r\n") == original.count(b"\r\n")
    assert body.count(b"\t") == original.count(b"\t") and body.endswith(b"}")
    assert sum(text.count("atc_lib_") for text in inserted) == 3
    assert len(helpers.splitlines()) == 3
    if compact:  # the user's lines keep their numbers
        assert body.count(b"\n") == original.count(b"\n")
    whole = with_header(spliced, str(path), compact)
    assert whole.startswith(BOM + INCLUDE.encode()) and whole.count(BOM) == 1
    assert whole.endswith(spliced[len(BOM):])


def test_region_offsets_point_at_the_user_code(styled):
    """Function regions are their bodies (from the opening brace), counted in the file's bytes, BOM included."""
    _, result = styled
    for rep in result.replacements:
        r = rep.region
        assert STYLED[r.start:r.end].decode() == r.text
        if r.kind == "function":
            assert STYLED[r.start:r.start + 1] == b"{" and STYLED[r.end - 1:r.end] == b"}"


@pytest.mark.parametrize("compact", [False, True])
def test_styled_file_compiles_and_runs_like_the_original(styled, tmp_path, compact):
    path, result = styled
    driver = tmp_path / "driver.c"
    driver.write_text(DRIVER)
    run(["cc", "-O2", str(path), str(driver), "-o", str(tmp_path / "plain")], check=True)
    rewritten = tmp_path / "styled_atc.c"
    rewritten.write_bytes(with_header(splice(STYLED, result.replacements, compact), str(path), compact))
    flags = ["-Wall", "-Werror", "-Wno-old-style-definition", *runtime.cflags("openblas")]
    run(["cc", "-fsyntax-only", *flags, str(rewritten)], check=True)
    run(["cc", "-O2", *flags, str(rewritten), str(driver), "-o", str(tmp_path / "atc"), *runtime.libs("openblas")],
        check=True)
    want = run([str(tmp_path / "plain")], check=True).stdout
    got = run([str(tmp_path / "atc")], env={"ATC_TRACE": "1"}, check=True)
    assert not same_output(want, got.stdout), (want, got.stdout)
    calls = sorted(ln.split()[1] for ln in got.stderr.splitlines() if ln.startswith("atc-trace:"))
    assert calls == ["daxpy", "sdot", "sgemm"], got.stderr


def site(body: str, index: int) -> str:
    """The statement inserted at a region: from its note to the end of the library-path function's call."""
    call = body.index(f"atc_lib_{index}(")
    return body[body.rindex("/* atc:", 0, call):call]


def test_guard_structure(styled):
    """At the site the integer work test comes first and calls the never-inlined library-path function; the
    sizes, overlap and loading guards are inside that function, which calls the runtime last."""
    _, result = styled
    spliced = splice(STYLED, result.replacements, False)
    helpers, body = body_of(spliced, False)
    body = body.decode()
    ordered = sorted(result.replacements, key=lambda rep: rep.region.start)
    assert len(helpers.splitlines()) == len(ordered)
    for index, (rep, helper) in enumerate(zip(ordered, helpers.splitlines())):
        assert helper.startswith(f"static __attribute__((noinline)) int atc_lib_{index}(")
        assert helper.endswith(f"if (!({rep.guard})) return 0; return {rep.call}; }}")
        assert rep.call.startswith(rep.binding.spec.api + "(")
        guards = rep.guard.split(" && ")
        assert any(g.startswith("atc_sizes_ok(") for g in guards) and guards[-1].startswith("atc_worth_loading(")
        at = site(body, index)
        assert at.endswith(f"if ({rep.test} && "), at  # the integer work test is evaluated first
        if rep.region.kind == "function":  # the first statement of the body
            assert body[:body.index(at)].rstrip().endswith("{")
    # the K&R function keeps its parameter declarations before the body, untouched
    assert "void daxpy_knr(n, a, x, y)\r\n\tint n;\r\n\tdouble a;\r\n\tconst double *x;\r\n\tdouble *y;\r\n{" in body


def test_row_pointers_and_scalar_results(paths, tmp_path):
    path, result, by_function = paths
    rows, dot = by_function["matmul_rows"], by_function["biased_dot"]
    # row pointers: the library-path function gets the row arrays and finds the block and its spacing
    helper = rows.helper("atc_lib_0")
    assert "const void *const *A_rows" in helper and "atc_rows_ld(A_rows" in helper and "atc_rows_ld(C_rows" in helper
    # a scalar result: the call fills a local the site stores back into the user's variable, adding the value
    # the variable had before the loop
    assert dot.region.kind == "loop" and dot.result_type and "&atc_r" in [arg for _, arg in dot.params]
    assert re.fullmatch(r"s = s \+ \(double\)atc_r;", dot.store), dot.store
    for compact in (False, True):
        rewritten = tmp_path / f"paths_{int(compact)}.c"
        rewritten.write_bytes(with_header(splice(PATHS.encode(), result.replacements, compact), str(path), compact))
        flags = ["-Wall", "-Werror", *runtime.cflags("openblas")]
        run(["cc", "-fsyntax-only", *flags, str(rewritten)], check=True)
        exe = tmp_path / f"paths_{int(compact)}"
        run(["cc", "-O2", *flags, str(rewritten), "-o", str(exe), *runtime.libs("openblas")], check=True)
        run(["cc", "-O2", str(path), "-o", str(tmp_path / "plain")], check=True)
        for size, taken in (("70", True), ("1", False)):  # 1x12x24: below the work test, the original runs
            want = run([str(tmp_path / "plain"), size], check=True).stdout
            got = run([str(exe), size], env={"ATC_TRACE": "1"}, check=True)
            assert not same_output(want, got.stdout), (want, got.stdout)
            calls = sorted(ln.split()[1] for ln in got.stderr.splitlines() if ln.startswith("atc-trace:"))
            assert calls == (["ddot", "sgemm"] if taken else []), (size, got.stderr)
