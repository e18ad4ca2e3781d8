"""Every run ends: the region timeout bounds the binding search, a whole run has a deadline
(ATC_DEADLINE) after which the original is compiled, and no lock is waited on without a bound."""

import fcntl
import subprocess

import pytest

from atc import config, runtime
from conftest import ATC, CORPUS, atc, cc_available, run

GEMM = CORPUS / "gemm_ijk_flat.c"

# Not a kernel (the store index is wrong), but with four accumulators its constants gave the convolution
# search tables of billions of candidate sizes.
MM4 = """\
void mm4(int rows, int cols, int depth, const float *a, const float *b, float *c)
{
    for (int r = 0; r < rows; r++)
        for (int q = 0; q < cols; q++) {
            float t0 = 0.0f, t1 = 0.0f, t2 = 0.0f, t3 = 0.0f;
            int p = 0;
            for (; p + 3 < depth; p += 4) {
                t0 += a[r * depth + p] * b[p * cols + q];
                t1 += a[r * depth + p + 1] * b[(p + 1) * cols + q];
                t2 += a[r * depth + p + 2] * b[(p + 2) * cols + q];
                t3 += a[r * depth + p + 3] * b[(p + 3) * cols + q];
            }
            float t = (t0 + t1) + (t2 + t3);
            for (; p < depth; p++)
                t += a[r * depth + p] * b[p * cols + q];
            c[r + cols + q] = t;
        }
}
"""


def test_runaway_search_is_kept_with_a_reason_and_the_run_ends(tmp_path):
    src = tmp_path / "mm4.c"
    src.write_text(MM4)
    out = tmp_path / "out.c"
    # A correctness bound (the run ends), not a speed target: without a bounded search this took minutes.
    proc = subprocess.run(ATC + ["compile", str(src), "-o", str(out), "--timeout", "5"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text() == MM4
    kept = [line for line in proc.stderr.splitlines() if " mm4: kept (" in line]
    assert kept and "replaced by" not in proc.stderr, proc.stderr


def test_compile_deadline_keeps_every_region_and_is_not_cached(tmp_path):
    out = tmp_path / "out.c"
    env = {"ATC_CACHE_DIR": str(tmp_path / "cache")}
    proc = atc("compile", str(GEMM), "-o", str(out), "--deadline", "0", env=env)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == GEMM.read_bytes()
    assert "deadline" in proc.stderr and "replaced by" not in proc.stderr
    # The cut-short result was not stored: the next run without a deadline analyses and rewrites.
    proc = atc("compile", str(GEMM), "-o", str(out), env=env)
    assert "replaced by atc_sgemm" in proc.stderr and "from cache" not in proc.stderr


@pytest.mark.skipif(not cc_available(), reason="needs cc")
def test_cc_past_its_deadline_builds_the_original(tmp_path):
    env = {"ATC_CACHE_DIR": str(tmp_path / "cache"), "ATC_DEADLINE": "0.001"}
    proc = atc("cc", "-O2", str(GEMM), "-o", str(tmp_path / "ours"), "-lm", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "ATC_DEADLINE" in proc.stderr and "replaced by" not in proc.stderr
    run(["cc", "-O2", str(GEMM), "-o", str(tmp_path / "plain"), "-lm"], check=True)
    ours = run([str(tmp_path / "ours")], env={"ATC_TRACE": "1"}, check=True)
    plain = run([str(tmp_path / "plain")], check=True)
    assert ours.stdout == plain.stdout and "atc-trace" not in ours.stderr
    # Compile-only: the object is the original's (no call into the runtime).
    obj = tmp_path / "g.o"
    assert atc("cc", "-O2", "-c", str(GEMM), "-o", str(obj), env=env).returncode == 0
    assert "atc_sgemm" not in run(["nm", str(obj)], check=True).stdout


def test_lock_wait_is_bounded(tmp_path):
    path = tmp_path / ".lock"
    with open(path, "w") as holder, open(path, "w") as waiter:
        fcntl.flock(holder, fcntl.LOCK_EX)
        assert not runtime._lock_within(waiter, 0.2)
        fcntl.flock(holder, fcntl.LOCK_UN)
        assert runtime._lock_within(waiter, 0.2)


@pytest.mark.slow
@pytest.mark.skipif(not cc_available(), reason="needs cc")
def test_runtime_library_is_built_even_when_its_lock_stays_taken(tmp_path, monkeypatch):
    monkeypatch.setenv("ATC_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(config, "LOCK_WAIT", 0.2)
    lib = runtime.library("reference")
    lib.unlink()
    with open(lib.parent / ".lock", "w") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX)  # another build that never finishes
        assert runtime.library("reference") == lib and lib.is_file()
    assert run(["ar", "t", str(lib)], check=True).stdout.strip() == "atc_loader.o"
