"""`atc eval`: the whole pipeline over a corpus, with each program built and run plain and rewritten.

For every program in a manifest: compile it through ATC, build the original and the rewritten source, run
both, compare outputs, count library calls at run time, and record per expected kernel whether it was
found, proven and offloaded (the library loaded at the first call, ATC_LOAD_WORK=0), how long the search took,
and why it was missed; the whole-program times are the programs as users run them. A syntactic matcher runs
over the same files as the baseline.
"""

from __future__ import annotations

import json
import os
import re
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .. import runtime
from .build import compile_c, run_program
from .outputs import same_output

LOAD_AT_FIRST_CALL = {"ATC_LOAD_WORK": "0"}
TIMED_RUNS = 30  # alternating runs of each program timed; the best counts (millisecond programs on a busy
                 # machine: identical binaries differed by up to 7 % at 10 runs, 3-5 % at 30)


def load_manifest(path: str) -> tuple[Path, list]:
    p = Path(path)
    manifest = p / "manifest.json" if p.is_dir() else p
    if not manifest.is_file():
        from ..errors import AtcError
        raise AtcError(f"{path}: no manifest.json (expected {{\"programs\": [{{\"file\", \"kernels\", ...}}]}})")
    data = json.loads(manifest.read_text())
    return manifest.parent, data["programs"]


def evaluate_program(job) -> dict:
    """Everything `atc eval` measures for one program."""
    root, program, target, baseline = job
    from ..cache import compile_cached
    from ..errors import AtcError
    src = str(Path(root) / program["file"])
    record = {"file": program["file"], "kernels": [], "negatives": [], "errors": []}
    start = time.perf_counter()
    try:
        compiled = compile_cached(src, [])
    except AtcError as exc:
        record["errors"].append(str(exc))
        compiled = None
    record["atc_seconds"] = round(time.perf_counter() - start, 3)
    report = compiled.report if compiled else {"replacements": [], "rejected": []}
    by_function: dict = {}
    for rep in report["replacements"]:
        by_function.setdefault(rep["function"], []).append(rep)
    matched = {}
    if baseline:
        from .baseline import match_file
        try:
            matched = {m["function"]: m["op"] for m in match_file(src, [])}
        except AtcError:
            matched = {}

    run = _build_and_run(src, compiled, target) if compiled else {"error": "not compiled"}
    record["run"] = {k: v for k, v in run.items() if k != "calls"}
    calls = run.get("calls", [])
    # A region split into several calls is listed as one entry per call: the n entries of one (function, op)
    # share its replacements, the j-th taking every n-th from j, so two listed products need two replacements.
    listed_per_op = Counter((k["function"], k["op"]) for k in program["kernels"])
    seen_per_op: Counter = Counter()
    for kernel in program["kernels"]:
        key = (kernel["function"], kernel["op"])
        same_op = [r for r in by_function.get(kernel["function"], []) if r["op"] == kernel["op"]]
        reps = same_op[seen_per_op[key]::listed_per_op[key]]
        first_of_op = seen_per_op[key] == 0  # the baseline names one op per function
        seen_per_op[key] += 1
        found = bool(reps)
        entry = {"function": kernel["function"], "op": kernel["op"], "found": found,
                 "proven": found and all(r["verified"].startswith("smt:") for r in reps),
                 "offloaded": found and any(_call_op(c) == kernel["op"] for c in calls),
                 "baseline": first_of_op and matched.get(kernel["function"]) == kernel["op"],
                 "search_seconds": round(sum(r["search_seconds"] for r in reps), 3) if found else None,
                 "proof_seconds": round(sum(r.get("proof_seconds", 0) for r in reps), 3) if found else None,
                 "api": reps[0]["api"] if found else None}
        if not found:
            why = [f"line {r['start_line']}: {r['reason']}" for r in report["rejected"]
                   if r["function"] == kernel["function"]]
            wrong_op = [f"found {r['op']} instead" for r in by_function.get(kernel["function"], [])]
            entry["missed_because"] = (wrong_op + why)[:3] or ["no candidate region"]
        record["kernels"].append(entry)
    listed = {k["function"] for k in program["kernels"]}
    for neg in program.get("negatives", []):
        record["negatives"].append({"function": neg["function"],
                                    "rewritten": neg["function"] in by_function,
                                    "baseline_matched": neg["function"] in matched})
    record["unexpected_rewrites"] = sorted(f for f in by_function if f not in listed)
    return record


def _call_op(trace_line: str) -> str:
    """'atc-trace: sgemm_batched backend=...' -> 'batched_gemm'; 'dsdot' -> 'dot'; 'sgemv_bias' -> 'gemv'."""
    m = re.fullmatch(r"(?:ds|s|d)(gemm_batched|gemm|gemv|axpy|dot|conv2d|conv1d)(?:_bias)?", trace_line.split()[1])
    name = m.group(1) if m else trace_line.split()[1]
    return {"gemm_batched": "batched_gemm"}.get(name, name)


def _build_and_run(src: str, compiled, target: str) -> dict:
    with tempfile.TemporaryDirectory(prefix="atc-eval-") as d:
        plain_exe, atc_exe = os.path.join(d, "plain"), os.path.join(d, "atc")
        err = compile_c(src, plain_exe)
        if err:
            return {"error": f"original does not build: {err}"}
        rewritten = os.path.join(d, os.path.basename(src))
        Path(rewritten).write_bytes(compiled.rewritten(compact=True))
        err = compile_c(rewritten, atc_exe, rewritten=True, target=target,
                        source_dir=os.path.dirname(os.path.abspath(src)))
        if err:
            return {"error": f"rewritten source does not build: {err}"}
        plain = run_program(plain_exe)
        # whether the library path works for each kernel: loaded at the first call, however small the program
        ours = run_program(atc_exe, trace=True, env_extra=LOAD_AT_FIRST_CALL)
        if not plain.ok:
            return {"error": f"original fails: {plain.error}"}
        if not ours.ok:
            return {"error": f"rewritten fails: {ours.error}", "outputs_equal": False}
        # the whole program as users run it (the loader's own ATC_LOAD_WORK unless the environment sets one):
        # the program's CPU time, not the wall time around the spawn, which on millisecond programs is mostly
        # this process's fork and the machine's load; the best of a few alternating runs of each
        diff = same_output(plain.stdout, ours.stdout)
        plain_times, atc_times = [], []
        for _ in range(TIMED_RUNS):
            timed = run_program(atc_exe)
            if not timed.ok:
                return {"error": f"rewritten fails: {timed.error}", "outputs_equal": False}
            diff = diff or same_output(plain.stdout, timed.stdout)
            atc_times.append(timed.cpu_seconds)
            plain_times.append(run_program(plain_exe).cpu_seconds)
        return {"outputs_equal": not diff, "difference": diff, "plain_seconds": round(min(plain_times), 5),
                "atc_seconds": round(min(atc_times), 5),
                "calls": [ln for ln in ours.stderr.splitlines() if ln.startswith("atc-trace:")]}


def evaluate(path: str, jobs: int = 1, out_dir: str = "atc-eval", target: str = runtime.DEFAULT_TARGET,
             baseline: bool = True, progress=None) -> dict:
    root, programs = load_manifest(path)
    runtime.library(target)  # build once before the workers start
    work = [(str(root), p, target, baseline) for p in programs]
    records = []
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=max(1, jobs)) as ex:
        for i, rec in enumerate(ex.map(evaluate_program, work), 1):
            records.append(rec)
            if progress:
                progress(i, len(work), rec)
    results = {"corpus": str(root), "target": target, "seconds": round(time.perf_counter() - start, 1),
               "programs": records}
    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    from .report import write_report
    write_report(results, out_dir)
    return results


def progress_bar(i: int, total: int, rec: dict) -> None:
    width = 30
    filled = width * i // total
    status = "ok" if not rec["errors"] and rec["run"].get("outputs_equal", False) else "CHECK"
    line = f"[{'#' * filled}{'.' * (width - filled)}] {i}/{total} {rec['file']} {status}"
    if sys.stderr.isatty():
        print("\r" + line.ljust(100), end="" if i < total else "\n", file=sys.stderr, flush=True)
    else:
        print(line, file=sys.stderr, flush=True)
