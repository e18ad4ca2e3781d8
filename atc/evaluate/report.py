"""The human side of `atc eval`: a Markdown report with tables and plots made with matplotlib."""

from __future__ import annotations

import os
import statistics
from collections import defaultdict


def summarise(results: dict) -> dict:
    """Per-op coverage for ATC and the baseline, false positives, mismatches, search times."""
    per_op = defaultdict(lambda: {"expected": 0, "found": 0, "proven": 0, "offloaded": 0, "baseline": 0})
    searches, proofs, speedups = [], [], []
    negatives = false_positives = baseline_false = mismatches = 0
    unexpected = []
    for rec in results["programs"]:
        for k in rec["kernels"]:
            row = per_op[k["op"]]
            row["expected"] += 1
            for key in ("found", "proven", "offloaded", "baseline"):
                row[key] += bool(k[key])
            if k["search_seconds"] is not None:
                searches.append(k["search_seconds"])
                proofs.append(k["proof_seconds"] or 0.0)
        for n in rec["negatives"]:
            negatives += 1
            false_positives += n["rewritten"]
            baseline_false += n["baseline_matched"]
        unexpected += [f"{rec['file']}:{f}" for f in rec["unexpected_rewrites"]]
        run = rec["run"]
        if run.get("outputs_equal") is False or "error" in run:
            mismatches += 1
        if run.get("plain_seconds") and run.get("atc_seconds") and any(k["offloaded"] for k in rec["kernels"]):
            speedups.append(run["plain_seconds"] / max(run["atc_seconds"], 1e-6))
    total = {key: sum(r[key] for r in per_op.values()) for key in ("expected", "found", "proven", "offloaded",
                                                                    "baseline")}
    return {"per_op": dict(per_op), "total": total, "negatives": negatives, "false_positives": false_positives,
            "baseline_false_positives": baseline_false, "unexpected_rewrites": unexpected,
            "mismatches": mismatches, "programs": len(results["programs"]),
            "search_median": statistics.median(searches) if searches else None,
            "search_max": max(searches) if searches else None,
            "proof_median": statistics.median(proofs) if proofs else None,
            "proof_max": max(proofs) if proofs else None,
            "speedup_median": statistics.median(speedups) if speedups else None,
            "speedup_min": min(speedups) if speedups else None,
            "searches": searches, "speedups": speedups}


def write_report(results: dict, out_dir: str) -> str:
    s = summarise(results)
    plots = _plots(results, s, out_dir)
    lines = [f"# ATC evaluation of {results['corpus']}", "",
             f"{s['programs']} programs, target `{results['target']}`, evaluated in {results['seconds']} s.", "",
             "## Coverage per op", "",
             "| op | expected | found (ATC) | proven | offloaded at run time | syntactic baseline |",
             "|---|---|---|---|---|---|"]
    for op, r in sorted(s["per_op"].items()):
        lines.append(f"| {op} | {r['expected']} | {r['found']} | {r['proven']} | {r['offloaded']} | {r['baseline']} |")
    t = s["total"]
    lines.append(f"| **all** | {t['expected']} | {t['found']} | {t['proven']} | {t['offloaded']} | {t['baseline']} |")
    lines += ["", f"- Negatives rewritten: {s['false_positives']} of {s['negatives']} "
                  f"(baseline matched {s['baseline_false_positives']}); other functions rewritten: "
                  f"{len(s['unexpected_rewrites'])} {', '.join(s['unexpected_rewrites'])}",
              f"- Programs whose rewritten output differs or fails: {s['mismatches']}",
              f"- Search time per found kernel: median {_fmt(s['search_median'])} s, max {_fmt(s['search_max'])} s "
              f"(of which the SMT proof: median {_fmt(s['proof_median'])} s, max {_fmt(s['proof_max'])} s)",
              f"- Whole-program speedup (plain / rewritten CPU time, the best of a few runs each, programs with an "
              f"offloaded kernel; corpus sizes are small, so the library is loaded only where the work pays for it): "
              f"median {_fmt(s['speedup_median'])}, minimum {_fmt(s['speedup_min'])}", ""]
    lines += [f"![{name}]({os.path.basename(path)})" for name, path in plots]
    lines += ["", "## Programs", "", "| program | kernel | op | found | proven | offloaded | baseline | search s |"
              " missed because |", "|---|---|---|---|---|---|---|---|---|"]
    for rec in results["programs"]:
        for k in rec["kernels"]:
            why = "; ".join(k.get("missed_because", []))[:160].replace("|", "/")
            lines.append(f"| {rec['file']} | {k['function']} | {k['op']} | {_yes(k['found'])} | {_yes(k['proven'])} "
                         f"| {_yes(k['offloaded'])} | {_yes(k['baseline'])} | {_fmt(k['search_seconds'])} | {why} |")
        for n in rec["negatives"]:
            lines.append(f"| {rec['file']} | {n['function']} | (negative) | {_yes(n['rewritten'])} | | | "
                         f"{_yes(n['baseline_matched'])} | | |")
        if rec["errors"] or "error" in rec["run"]:
            lines.append(f"| {rec['file']} | | | error: {'; '.join(rec['errors']) or rec['run'].get('error')} | | | | | |")
    path = os.path.join(out_dir, "report.md")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return path


def _plots(results, s, out_dir):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    made = []
    ops = sorted(s["per_op"])
    if ops:
        fig, ax = plt.subplots(figsize=(8, 4))
        xs = range(len(ops))
        exp = [s["per_op"][o]["expected"] for o in ops]
        ax.bar([x - 0.25 for x in xs], exp, 0.25, label="expected", color="#bbbbbb")
        ax.bar(xs, [s["per_op"][o]["offloaded"] for o in ops], 0.25, label="ATC (offloaded)", color="#1f77b4")
        ax.bar([x + 0.25 for x in xs], [s["per_op"][o]["baseline"] for o in ops], 0.25, label="syntactic baseline",
               color="#ff7f0e")
        ax.set_xticks(list(xs), ops)
        ax.set_ylabel("kernels")
        ax.set_title("Coverage per op")
        ax.legend()
        made.append(("coverage per op", _save(fig, out_dir, "coverage.png")))
    if s["searches"]:
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.hist(s["searches"], bins=20, color="#2ca02c")
        ax.set_xlabel("search time per kernel (s)")
        ax.set_ylabel("kernels")
        ax.set_title("Search time distribution")
        made.append(("search time", _save(fig, out_dir, "search_time.png")))
    if s["speedups"]:
        fig, ax = plt.subplots(figsize=(6, 4))
        ax.bar(range(len(s["speedups"])), sorted(s["speedups"]), color="#9467bd")
        ax.set_yscale("log")
        ax.set_xlabel("program (sorted)")
        ax.set_ylabel("plain / rewritten run time")
        ax.set_title("Speedup per program with an offloaded kernel")
        made.append(("speedup", _save(fig, out_dir, "speedup.png")))
    return made


def _save(fig, out_dir, name):
    path = os.path.join(out_dir, name)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    import matplotlib.pyplot as plt
    plt.close(fig)
    return path


def _yes(flag) -> str:
    return "yes" if flag else "no"


def _fmt(x) -> str:
    return "-" if x is None else f"{x:.2f}"
