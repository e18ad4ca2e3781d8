"""Train the op classifier: `python -m atc.classify.train [--corpus corpus] [--out atc/classify/model.json]`.

The training set is generated (atc/classify/training_set.py) plus the regions of the corpus, labelled from
its manifest: a kernel function's own region and its deepest loop nest carry the op, everything else is
"none". Prints cross-validated precision and recall per op and writes the model. The threshold for skipping
a region is set below the lowest "none" probability any corpus kernel region gets, so the classifier never
makes ATC miss a corpus kernel.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

from ..frontend.cparse import parse, read_source
from ..frontend.regions import FEATURES, FileRegions
from . import training_set
from .model import MODEL_PATH, vector

# Skip a region when P(none) reaches the highest value any corpus kernel region gets, plus a margin.
MARGIN, MIN_THRESHOLD, MAX_THRESHOLD = 0.2, 0.6, 0.97


def _labelled_regions(path: str, labels: dict) -> list:
    """[(features, op)] for every region of a file; labels: function -> op."""
    regions = FileRegions(parse(path, []), path, read_source(path)).regions()
    deepest = {}
    for r in regions:
        if r.kind == "loop" and r.features.get("loop_depth", 0) >= deepest.get(r.function, (0, None))[0]:
            deepest[r.function] = (r.features.get("loop_depth", 0), r.start_line)
    rows = []
    for r in regions:
        if not r.features:
            continue
        op = labels.get(r.function, "none")
        if r.kind == "loop" and deepest.get(r.function, (0, None))[1] != r.start_line:
            op = "none"
        rows.append((r.features, op, f"{os.path.basename(path)}:{r.function}:{r.kind}"))
    return rows


def generated_rows(count: int, seed: int) -> list:
    programs = training_set.generate(count, seed)
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for start in range(0, len(programs), 50):
            chunk = programs[start:start + 50]
            path = os.path.join(d, f"gen{start}.c")
            Path(path).write_text("\n\n".join(text for _, text in chunk) + "\n")
            labels = {text.split("(", 1)[0].split()[-1]: op for op, text in chunk}
            rows += _labelled_regions(path, labels)
    return rows


def corpus_rows(corpus: str) -> list:
    manifest = json.loads((Path(corpus) / "manifest.json").read_text())["programs"]
    rows = []
    for prog in manifest:
        labels = {k["function"]: k["op"] for k in prog["kernels"]}
        # a function whose region splits into several calls (an op and its epilogue, two ops) has no one op
        # for its regions: they are left out rather than taught as that op or as none
        split = {k["function"] for k in prog["kernels"] if k.get("decomposed")}
        rows += [row for row in _labelled_regions(str(Path(corpus) / prog["file"]), labels)
                 if row[2].split(":")[1] not in split]
    return rows


def main(argv=None) -> int:
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import classification_report
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--per-op", type=int, default=40, help="generated programs per op")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)

    gen = generated_rows(args.per_op, args.seed)
    corp = corpus_rows(args.corpus)
    rows = gen + corp
    X = np.array([vector(f) for f, _, _ in rows])
    y = np.array([op for _, op, _ in rows])
    print(f"training regions: {len(gen)} generated + {len(corp)} from the corpus; "
          f"classes {dict(zip(*np.unique(y, return_counts=True)))}")
    make = lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000, C=3.0))  # noqa: E731
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=args.seed)
    predicted = cross_val_predict(make(), X, y, cv=cv)
    print("5-fold cross-validated precision / recall per op:")
    print(classification_report(y, predicted, digits=3, zero_division=0))

    pipe = make().fit(X, y)
    scaler, model = pipe.named_steps["standardscaler"], pipe.named_steps["logisticregression"]
    none_col = list(model.classes_).index("none")
    probs = pipe.predict_proba(X)[:, none_col]
    kernel_probs = [(p, name) for p, (_, op, name) in zip(probs, rows) if op != "none" and name in
                    {n for _, o, n in corp if o != "none"}]
    worst = max(kernel_probs) if kernel_probs else (0.0, "")
    threshold = min(MAX_THRESHOLD, max(MIN_THRESHOLD, worst[0] + MARGIN))
    skipped = sum(p >= threshold for p, (_, op, _) in zip(probs, rows) if op == "none")
    print(f"highest P(none) of a corpus kernel region: {worst[0]:.3f} ({worst[1]}); skip threshold {threshold:.3f}; "
          f"non-kernel regions it skips: {skipped}/{int((y == 'none').sum())}")
    Path(args.out).write_text(json.dumps({
        "features": list(FEATURES), "classes": [str(c) for c in model.classes_],
        "mean": scaler.mean_.tolist(), "scale": scaler.scale_.tolist(), "coef": model.coef_.tolist(),
        "intercept": model.intercept_.tolist(), "skip_threshold": threshold}, indent=1))
    print(f"model written to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
