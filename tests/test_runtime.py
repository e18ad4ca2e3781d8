"""The runtime backends compute what the spec's reference semantics say, for every transpose combination."""

import numpy as np
import pytest

from atc import runtime
from atc.synth.specs import SPECS
from conftest import run, skip_without_gpu

DRIVER = r"""
#include <stdio.h>
#include "atc_runtime.h"
int main(void) {
  static float a[40 * 40], b[40 * 40], c[40 * 40];
  int m, n, k, ta, tb, lda, ldb, ldc; float alpha, beta;
  while (scanf("%d %d %d %d %d %d %d %d %f %f", &m, &n, &k, &ta, &tb, &lda, &ldb, &ldc, &alpha, &beta) == 10) {
    for (int i = 0; i < 1600; i++) { a[i] = (float)((i * 7) % 11) / 10 - 0.5f; b[i] = (float)((i * 5) % 13) / 10 - 0.6f;
                                     c[i] = (float)((i * 3) % 7) / 10 - 0.3f; }
    atc_sgemm(ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    for (int i = 0; i < 1600; i++) printf("%.7g\n", c[i]);
  }
  return 0;
}
"""
CASES = [(7, 5, 3, ta, tb, 9, 8, 6, 1.5, beta) for ta in (0, 1) for tb in (0, 1) for beta in (0.0, -0.5)]


@pytest.mark.parametrize("target", runtime.TARGETS)
def test_backend_matches_reference(target, tmp_path):
    reason = runtime.unavailable(target)
    if reason:
        pytest.skip(f"optional backend not installed here: {reason}")
    src = tmp_path / "d.c"
    src.write_text(DRIVER)
    exe = tmp_path / "d"
    run(["cc", "-O2", *runtime.cflags(target), str(src), "-o", str(exe), *runtime.libs(target)], check=True)
    stdin = "\n".join(" ".join(map(str, c)) for c in CASES)
    import subprocess
    proc = subprocess.run([str(exe)], input=stdin, capture_output=True, text=True)
    skip_without_gpu(target, proc)
    assert proc.returncode == 0, proc.stderr
    out = proc.stdout.split()
    got = np.array(out, dtype=np.float64).reshape(len(CASES), 1600)
    i = np.arange(1600)
    a = (((i * 7) % 11) / 10 - 0.5).astype(np.float32)
    b = (((i * 5) % 13) / 10 - 0.6).astype(np.float32)
    c = (((i * 3) % 7) / 10 - 0.3).astype(np.float32)
    for row, (m, n, k, ta, tb, lda, ldb, ldc, alpha, beta) in zip(got, CASES):
        p = dict(M=m, N=n, K=k, trans_a=ta, trans_b=tb, lda=lda, ldb=ldb, ldc=ldc, alpha=alpha, beta=beta)
        want, _, _ = SPECS[0].reference(p, {"A": a, "B": b, "C": c})
        assert np.allclose(row, want, rtol=1e-5, atol=1e-5), p
