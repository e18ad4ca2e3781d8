"""Code run during analysis is contained: crashes, endless loops, exit(), unbounded allocation and file
writes stay inside a subprocess with limits in a private directory; atc itself never hangs."""

import os
import time

import numpy as np
import pytest

from atc.analysis.harness import RUN_TIMEOUT, Harness, HarnessError
from atc.frontend.cparse import parse, read_source
from atc.frontend.regions import FileRegions
from conftest import atc

MISBEHAVING = r"""
#include <stdio.h>
#include <stdlib.h>
void quits(int n, float *a) { for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[j] *= 2.0f; exit(7); }
void hoards(int n, float *a) { for (;;) { float *p = malloc(1 << 26); if (!p) { a[-100000000] = 1; } else p[0] = 1; } }
void scribbles(int n, float *a) {
  FILE *f = fopen("scribble.txt", "w"); fputs("x", f); fclose(f);
  for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[j] *= 2.0f;
}
"""


@pytest.fixture()
def regions(tmp_path):
    path = tmp_path / "bad.c"
    path.write_text(MISBEHAVING)
    tu = parse(str(path), [])
    found = {r.function: r for r in FileRegions(tu, str(path), read_source(str(path))).regions() if r.kind == "function"}
    return str(tmp_path), found


def _harness(regions, name):
    directory, found = regions
    return found[name], Harness(found[name], MISBEHAVING, [], directory, timeout=5.0)


def test_static_check_refuses_to_run_external_effects(regions):
    _, found = regions
    assert "exit" in found["quits"].reject
    assert "malloc" in found["hoards"].reject
    assert "fopen" in found["scribbles"].reject


def test_exit_is_reported(regions):
    region, h = _harness(regions, "quits")
    with h, pytest.raises(HarnessError, match="status 7"):
        h.run([3, np.ones(16, dtype=np.float32)])


def test_unbounded_allocation_is_contained(regions):
    region, h = _harness(regions, "hoards")
    start = time.perf_counter()
    with h, pytest.raises(HarnessError):
        h.run([3, np.ones(16, dtype=np.float32)])
    assert time.perf_counter() - start < 30


def test_file_writes_stay_in_a_private_directory(regions, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    region, h = _harness(regions, "scribbles")
    workdir = h.workdir
    with h:
        out = h.run([3, np.ones(16, dtype=np.float32)])
    assert np.allclose(out[1][:3], 8.0)
    assert not (tmp_path / "scribble.txt").exists()
    assert not os.path.exists(workdir)


def test_region_timeout_keeps_atc_responsive(tmp_path):
    src = tmp_path / "spin.c"
    src.write_text("void spin(int n, const float *a, const float *b, float *c) {\n"
                   "  for (;;) for (int i = 0; i < n; i++) c[i] += a[i] * b[i];\n}\n"
                   "void mm(int n, const float *a, const float *b, float *c) {\n"
                   "  for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { float s = 0;\n"
                   "    for (int k = 0; k < n; k++) s += a[i*n+k] * b[k*n+j]; c[i*n+j] = s; } }\n")
    # Below the harness's own limit for one run (RUN_TIMEOUT), so that it is --timeout that stops the endless
    # region; long enough that the GEMM's search, tests and proof fit in it on a busy machine.
    timeout = 0.8 * RUN_TIMEOUT
    proc = atc("compile", str(src), "--timeout", str(timeout), "-o", str(tmp_path / "out.c"))
    assert proc.returncode == 0, proc.stderr
    assert "spin: kept (region did not finish before the region timeout (--timeout))" in proc.stderr
    assert "mm: replaced by atc_sgemm" in proc.stderr
