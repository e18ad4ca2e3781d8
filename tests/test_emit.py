"""The spliced code itself: compiled and run. The library path is taken only when the cheap work test, the
guards of the library-path function and the runtime all say yes; otherwise the original code runs and gives
the original's output. Outside the splice, the rewritten file is the user's, byte for byte."""

import difflib
import re
from pathlib import Path

import pytest

from atc import runtime
from atc.evaluate.outputs import same_output
from atc.pipeline import compile_file
from atc.rewrite.emit import splice, with_header
from conftest import run

# A function region (gemm), a loop region with a scalar result (dot inside a larger function) and a function
# region returning a scalar (dot); main prints results and __LINE__ so that line numbers are compared too.
PROGRAM = r"""#include <stdio.h>
#include <stdlib.h>
#include <string.h>
void gemm(int m, int n, int k, const float *a, const float *b, float *c)
{
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            float s = 0.0f;
            for (int p = 0; p < k; p++)
                s += a[i * k + p] * b[p * n + j];
            c[i * n + j] = s;
        }
}
double norm_and_dot(int n, const double *x, const double *y)
{
    double scale = 0.5;
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    return scale * s;
}
float dot(int n, const float *x, const float *y)
{
    float s = 0.0f;
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}
static float fa[300 * 300], fb[300 * 300], fc[300 * 300];
static double da[100000], db[100000];
int main(int argc, char **argv)
{
    int size = argc > 1 ? atoi(argv[1]) : 4;
    unsigned x = 1u;
    for (int i = 0; i < 300 * 300; i++) {
        x = x * 1103515245u + 12345u; fa[i] = (float)((x >> 9) % 201) / 100.0f - 1.0f;
        x = x * 1103515245u + 12345u; fb[i] = (float)((x >> 9) % 201) / 100.0f - 1.0f;
    }
    for (int i = 0; i < 100000; i++) { da[i] = fa[i % 90000]; db[i] = fb[(i * 7) % 90000]; }
    gemm(size, size, size, fa, fb, fc);
    double s = 0;
    for (int i = 0; i < size * size; i++) s += fc[i] * (i % 5 + 1);
    printf("gemm %d %.4f line %d\n", size, s, __LINE__);
    printf("ndot %.6f line %d\n", norm_and_dot(size * size, da, db), __LINE__);
    printf("dot %.4f line %d\n", dot(size * size, fa, fb), __LINE__);
    return 0;
}
"""
# the runtime as it behaves when it declines every call: returns 0 and touches nothing
DECLINING_RUNTIME = r"""
#include "atc_runtime.h"
#define ATC_DECLINE_ALL(name, params, args) int atc_##name params { return 0; }
ATC_API(ATC_DECLINE_ALL)
const char *atc_backend(void) { return "declining"; }
int atc_worth_loading(double work) { return work >= 0.0; }
"""
SMALL, LARGE = "4", "200"


@pytest.fixture(scope="module")
def spliced(tmp_path_factory):
    d = tmp_path_factory.mktemp("emit")
    src = d / "prog.c"
    src.write_text(PROGRAM)
    result = compile_file(str(src), classifier=False)
    reps = result.replacements
    assert sorted(r.region.function for r in reps) == ["dot", "gemm", "norm_and_dot"], result.report()
    return d, src, reps


def _build(d, name, text, extra=()):
    path = d / f"{name}.c"
    path.write_bytes(text)
    exe = d / name
    run(["cc", "-O2", "-Wall", "-Werror", *runtime.cflags("openblas"), str(path), *extra, "-o", str(exe),
         *runtime.libs("openblas")], check=True)
    return exe


@pytest.mark.parametrize("compact", [False, True])
def test_guard_fires_only_for_enough_work_and_results_match(spliced, compact):
    d, src, reps = spliced
    plain = d / "plain"
    run(["cc", "-O2", str(src), "-o", str(plain)], check=True)
    exe = _build(d, f"rewritten_{int(compact)}", with_header(splice(src.read_bytes(), reps, compact), str(src), compact))
    for size, taken in ((SMALL, False), (LARGE, True)):
        want = run([str(plain), size], check=True).stdout
        got = run([str(exe), size], env={"ATC_TRACE": "1"}, check=True)
        calls = [ln.split()[1] for ln in got.stderr.splitlines() if ln.startswith("atc-trace:")]
        assert calls == (["sgemm", "ddot", "sdot"] if taken else []), got.stderr
        if compact:  # same lines: __LINE__ agrees
            assert not same_output(want, got.stdout), (want, got.stdout)
        else:
            strip = re.compile(r" line \d+")
            assert not same_output(strip.sub("", want), strip.sub("", got.stdout)), (want, got.stdout)


def test_a_declining_runtime_runs_the_original(spliced):
    """Every guard passes but the runtime returns 0: the original loops compute the result."""
    d, src, reps = spliced
    stub = d / "declining.c"
    stub.write_text(DECLINING_RUNTIME)
    path = d / "declined.c"
    path.write_bytes(with_header(splice(src.read_bytes(), reps, True), str(src), True))
    exe = d / "declined"
    run(["cc", "-O2", "-Wall", "-Werror", "-I", str(runtime.stubs_dir()), str(path), str(stub), "-o", str(exe)],
        check=True)
    plain = d / "plain_declined"
    run(["cc", "-O2", str(src), "-o", str(plain)], check=True)
    want = run([str(plain), LARGE], check=True).stdout
    assert not same_output(want, run([str(exe), LARGE], check=True).stdout)


def test_everything_outside_the_splice_is_unchanged(spliced):
    """The rewritten body is the original with text inserted at each region, nothing removed or changed."""
    _, src, reps = spliced
    original = src.read_text()
    for compact in (False, True):
        out = splice(original.encode(), reps, compact).decode()
        helpers, _, body = out.partition("#line 1\n" if compact else "\n\n")
        assert helpers.count("static __attribute__((noinline)) int atc_lib_") == 3
        ops = difflib.SequenceMatcher(None, original, body, autojunk=False).get_opcodes()
        assert {op for op, *_ in ops} == {"equal", "insert"}, [o for o in ops if o[0] not in ("equal", "insert")]
        inserted = [body[j1:j2] for op, _, _, j1, j2 in ops if op == "insert"]
        assert sum("atc_lib_" in text for text in inserted) == 3, inserted
        if compact:
            assert body.count("\n") == original.count("\n")


def test_work_test_does_not_overflow(tmp_path):
    """The integer work test with sizes far beyond 32 bits and negative ones, under UBSan: no overflow, the
    product saturates (enough work) or is 0 (no work)."""
    src = tmp_path / "w.c"
    src.write_text(r"""
#include <stdio.h>
#include "atc_runtime.h"
int main(void) {
    long long big = 1LL << 40, vals[] = {-big, -5, 0, 1, 7, 46341, big, 9223372036854775807LL};
    for (int i = 0; i < 8; i++)
        for (int j = 0; j < 8; j++) {
            long long w = atc_imul(atc_imul(atc_isat(vals[i]), atc_isat(vals[j])), atc_isat(vals[j]));
            printf("%lld %lld %lld\n", vals[i], vals[j], w);
        }
    printf("%lld %lld %lld\n", atc_idiv(-7, 2), atc_idiv(7, 2), atc_idiv(7, 0));
    return 0;
}
""")
    exe = tmp_path / "w"
    run(["cc", "-O1", "-fsanitize=undefined", "-fno-sanitize-recover=all", "-I", str(runtime.stubs_dir()),
         str(src), "-o", str(exe)], check=True)
    proc = run([str(exe)], check=True)
    rows = [tuple(map(int, ln.split())) for ln in proc.stdout.splitlines()]
    for a, b, w in rows[:-1]:
        exact = a * b * b if a > 0 and b > 0 else 0
        assert w == min(exact, 2 ** 31), (a, b, w)
    assert rows[-1] == (-4, 3, 0)


def test_small_constant_sizes_inline_as_before(tmp_path):
    """A kernel called with small constant sizes: the compiler inlines the rewritten function where it inlined
    the original (the library path, behind tests on single sizes, costs nothing it has to count)."""
    src = tmp_path / "tiny.c"
    src.write_text(r"""#include <stdio.h>
void matmul(int n, int m, int k, const float *a, const float *b, float *c)
{
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) {
            float s = 0.0f;
            for (int p = 0; p < k; p++)
                s += a[i * k + p] * b[p * m + j];
            c[i * m + j] = s;
        }
}
int main(void)
{
    static float a[16], b[16], c[16];
    double total = 0;
    for (int i = 0; i < 16; i++) a[i] = (float)i, b[i] = (float)(16 - i);
    for (long r = 0; r < 1000; r++) {
        matmul(4, 4, 4, a, b, c);
        a[r & 15] = c[(r * 7) & 15] * 0.5f;
        total += c[r & 15];
    }
    printf("%g\n", total);
    return 0;
}
""")
    result = compile_file(str(src), classifier=False)
    assert [r.region.function for r in result.replacements] == ["matmul"]
    rewritten = tmp_path / "tiny_rw.c"
    rewritten.write_bytes(result.rewritten(compact=True))

    def calls_in_main(path, *flags):
        asm = run(["gcc", "-O2", "-S", *flags, str(path), "-o", "-"], check=True).stdout
        main = asm[asm.index("\nmain:"):]
        return re.findall(r"call\s+(\w+)", main[:main.index(".cfi_endproc")])

    original_calls = calls_in_main(src)
    assert "matmul" not in original_calls  # gcc inlines the original here
    assert calls_in_main(rewritten, "-I", str(runtime.stubs_dir())) == original_calls
