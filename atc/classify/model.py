"""The op classifier: a scikit-learn logistic regression over a region's static features.

It is trained by `python -m atc.classify.train` and ships as `model.json` (the scaler's and the regression's
fitted parameters, so no pickle crosses library versions; `estimator()` rebuilds the scikit-learn object).
It skips regions that are clearly not kernels and orders the op specs to try the likely ones first.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path

import numpy as np

from ..frontend.regions import FEATURES

MODEL_PATH = Path(__file__).with_name("model.json")


def vector(features: dict) -> list[float]:
    """Counts are compressed with log1p: a kernel with 8 loops is not 8 times a kernel with one."""
    return [math.log1p(features.get(name, 0)) for name in FEATURES]


@functools.lru_cache(maxsize=1)
def _load() -> dict:
    data = json.loads(MODEL_PATH.read_text())
    if data["features"] != list(FEATURES):
        raise RuntimeError("classifier model was trained on other features; run python -m atc.classify.train")
    for name in ("mean", "scale", "coef", "intercept"):
        data[name] = np.array(data[name])
    return data


def estimator():
    """The trained scikit-learn pipeline (scaler + logistic regression), rebuilt from model.json."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    data = _load()
    scaler = StandardScaler()
    scaler.mean_, scaler.scale_, scaler.var_ = data["mean"], data["scale"], data["scale"] ** 2
    scaler.n_features_in_ = len(FEATURES)
    model = LogisticRegression()
    model.classes_ = np.array(data["classes"])
    model.coef_, model.intercept_ = data["coef"], data["intercept"]
    model.n_features_in_ = len(FEATURES)
    return make_pipeline(scaler, model)


def available() -> bool:
    return MODEL_PATH.is_file()


def predict(features: dict) -> dict:
    """op -> probability. The estimator's own arithmetic (standardise, linear scores, softmax), done with
    numpy so that compiling a file does not pay for importing scikit-learn."""
    data = _load()
    x = (np.array(vector(features)) - data["mean"]) / data["scale"]
    scores = data["coef"] @ x + data["intercept"]
    exp = np.exp(scores - scores.max())
    return {c: float(p) for c, p in zip(data["classes"], exp / exp.sum())}


def skip_threshold() -> float:
    return _load()["skip_threshold"]
