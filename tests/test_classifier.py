"""The shipped classifier: faithful to the scikit-learn estimator, and never in the way of a corpus kernel."""

import json

import numpy as np
import pytest

from atc.classify import model
from atc.classify.train import corpus_rows
from atc.frontend.regions import FEATURES
from conftest import CORPUS


def test_numpy_inference_equals_the_sklearn_estimator():
    rng = np.random.default_rng(0)
    est = model.estimator()
    for _ in range(20):
        feats = {name: int(rng.integers(0, 12)) for name in FEATURES}
        ours = model.predict(feats)
        theirs = est.predict_proba(np.array([model.vector(feats)]))[0]
        for cls, p in zip(est.classes_, theirs):
            assert ours[str(cls)] == pytest.approx(p, abs=1e-9)


@pytest.mark.slow
def test_no_corpus_kernel_region_is_skipped():
    threshold = model.skip_threshold()
    kernels = [(f, op, name) for f, op, name in corpus_rows(str(CORPUS)) if op != "none"]
    assert kernels
    for features, op, name in kernels:
        assert model.predict(features)["none"] < threshold, name


def test_obvious_non_kernels_are_skipped():
    copy_loop = {"loop_depth": 1, "loops": 1, "assignments": 1, "stores": 1, "accesses": 2, "increments": 1,
                 "comparisons": 1, "buffers": 2, "int_vars": 2}
    assert model.predict(copy_loop)["none"] >= model.skip_threshold()


def test_model_file_matches_the_features():
    data = json.loads(model.MODEL_PATH.read_text())
    assert data["features"] == list(FEATURES) and "none" in data["classes"]


SPELLINGS = r"""
void a(int n, int m, double *x, double A[n][m], double *y) { for (int i=0;i<n;i++) for (int j=0;j<m;j++) x[i] += A[i][j]*y[j]; }
void b(int n, int m, double *x, double A[n][m], double *y) { for (int i=0;i<n;i++) for (int j=0;j<m;j++) x[i] = x[i] + A[i][j]*y[j]; }
void c(int n, int m, double *x, double A[n][m], double *y) { for (int i=0;i<n;i++) for (int j=0;j<m;j++) x[i] = (A[i][j]*y[j] + x[i]); }
void d(int n, int m, double *x, double A[n][m], double *y) { for (int i=0;i<n;i++) for (int j=0;j<m;j++) x[i] = x[i] - A[i][j]*y[j]; }
void e(int n, int m, double *x, double A[n][m], double *y) { for (int i=0;i<n;i++) for (int j=0;j<m;j++) x[i] = y[j] - A[i][j]*x[i]; }
"""


def test_an_accumulation_spelled_out_has_the_features_of_the_compound_assignment(tmp_path):
    from atc.frontend.cparse import parse, read_source
    from atc.frontend.regions import FileRegions
    path = tmp_path / "spellings.c"
    path.write_text(SPELLINGS)
    features = {r.function: r.features for r in FileRegions(parse(str(path), []), str(path),
                                                            read_source(str(path))).regions() if r.kind == "function"}
    assert features["a"] == features["b"] == features["c"] == features["d"]
    assert features["a"]["accumulations"] == 1
    assert features["e"]["accumulations"] == 0      # `x = y - A*x` accumulates nothing
    assert model.predict(features["b"])["none"] < model.skip_threshold()
