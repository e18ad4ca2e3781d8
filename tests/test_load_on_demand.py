"""The library is loaded on demand (atc_loader.c): calls are declined, and the original loops run, until one
call's work or the work declined so far reaches ATC_LOAD_WORK; then it is loaded and later calls take it. The
rest of the test session sets ATC_LOAD_WORK=0 (conftest.py); these tests run programs with the default."""

import math
import os
import re
import subprocess

import pytest

from atc.evaluate.outputs import same_output
from conftest import ATC, CORPUS, run

PROGRAM = r"""
#include <stdio.h>
#include <stdlib.h>

static unsigned rng = 2024u;
static float rnd(void) { rng = rng * 1103515245u + 12345u; return (float)((rng >> 9) % 2001) / 1000.0f - 1.0f; }

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

int main(int argc, char **argv)
{
    int n = atoi(argv[1]), calls = atoi(argv[2]);
    float *a = malloc(sizeof(float) * n * n), *b = malloc(sizeof(float) * n * n), *c = malloc(sizeof(float) * n * n);
    for (int i = 0; i < n * n; i++) { a[i] = rnd(); b[i] = rnd(); }
    double total = 0.0;
    for (int r = 0; r < calls; r++) {
        a[r % (n * n)] += 0.5f;
        matmul(n, n, n, a, b, c);
        for (int i = 0; i < n * n; i++)
            total += c[i] * (double)(i % 7 + 1);
        printf("call %d: %.6e\n", r, total);
    }
    free(a); free(b); free(c);
    return 0;
}
"""
SIZE = 32  # 32^3 multiply-adds a call: above the size guard's threshold, far below the load work


@pytest.fixture(scope="module")
def programs(tmp_path_factory):
    d = tmp_path_factory.mktemp("lazy")
    src = d / "prog.c"
    src.write_text(PROGRAM)
    exe, plain = d / "prog", d / "plain"
    run(ATC + ["cc", "-O2", str(src), "-o", str(exe)], check=True)
    run(["cc", "-O2", str(src), "-o", str(plain)], check=True)
    return exe, plain


def _run(exe, calls, load_work=None):
    """The program under ATC_TRACE, with ATC_LOAD_WORK as given (None: unset, the loader's default)."""
    env = {k: v for k, v in os.environ.items() if k != "ATC_LOAD_WORK"}
    env["ATC_TRACE"] = "1"
    if load_work is not None:
        env["ATC_LOAD_WORK"] = str(load_work)
    return subprocess.run([str(exe), str(SIZE), str(calls)], env=env, capture_output=True, text=True, check=True)


def _lines(proc, kind):
    return [ln for ln in proc.stderr.splitlines() if ln.startswith(kind)]


def test_a_small_program_never_loads_the_library(programs):
    exe, plain = programs
    got = _run(exe, 1)
    assert not same_output(run([str(plain), str(SIZE), "1"], check=True).stdout, got.stdout)
    assert _lines(got, "atc-trace:") == [], got.stderr
    deferred = _lines(got, "atc-decline: load deferred")
    assert len(deferred) == 1, got.stderr
    load_work = float(re.search(r"load_work=(\d+)", deferred[0]).group(1))
    assert load_work > SIZE ** 3


@pytest.mark.parametrize("load_work", [None, 100000])
def test_the_library_is_loaded_once_the_declined_work_reaches_the_threshold(programs, load_work):
    """Calls of SIZE^3 multiply-adds each: the first ones are declined until the declined work plus the next
    call's reaches the threshold; that call and every later one take the library."""
    exe, plain = programs
    probe = _lines(_run(exe, 1, load_work), "atc-decline: load deferred")
    threshold = float(re.search(r"load_work=(\d+)", probe[0]).group(1))
    if load_work is not None:
        assert threshold == load_work
    deferred = math.ceil(threshold / SIZE ** 3) - 1
    calls = deferred + 5
    got = _run(exe, calls, load_work)
    assert not same_output(run([str(plain), str(SIZE), str(calls)], check=True).stdout, got.stdout)
    assert len(_lines(got, "atc-decline: load deferred")) == deferred, got.stderr
    assert [ln.split()[1] for ln in _lines(got, "atc-trace:")] == ["sgemm"] * 5, got.stderr
    # the deferred calls come first, in the order they were made
    kinds = [ln.split()[0] for ln in got.stderr.splitlines()]
    assert kinds == ["atc-decline:"] * deferred + ["atc-trace:"] * 5


def test_load_work_zero_loads_at_the_first_call(programs):
    exe, plain = programs
    got = _run(exe, 3, 0)
    assert not same_output(run([str(plain), str(SIZE), "3"], check=True).stdout, got.stdout)
    assert [ln.split()[1] for ln in got.stderr.splitlines()] == ["sgemm"] * 3, got.stderr
    assert _lines(got, "atc-trace:") == got.stderr.splitlines()



def test_eval_checks_the_library_path_of_a_program_too_small_to_load_it(monkeypatch, tmp_path):
    """`atc eval` counts a kernel as offloaded when its library path works, whatever the program's size: the
    traced run loads the library at the first call even where the default never loads it."""
    from atc.evaluate.runner import evaluate_program
    monkeypatch.delenv("ATC_LOAD_WORK")
    exe = tmp_path / "gemm"
    run(ATC + ["cc", "-O2", str(CORPUS / "gemm_ijk_flat.c"), "-o", str(exe)], check=True)
    alone = run([str(exe)], env={"ATC_TRACE": "1"}, check=True)
    assert "atc-decline: load deferred" in alone.stderr and "atc-trace:" not in alone.stderr, alone.stderr
    program = {"file": "gemm_ijk_flat.c", "kernels": [{"function": "matmul", "op": "gemm"}]}
    record = evaluate_program((str(CORPUS), program, "openblas", False))
    assert record["kernels"][0]["offloaded"], record
    assert record["run"]["outputs_equal"], record
