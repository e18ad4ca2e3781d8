"""Throughput, memory and resume of `atc scan`.

For each engine setting, a fresh store and a fresh ATC cache, then `atc scan` as a user runs it, while the
memory of its whole process tree (scanner and workers) is sampled. Reports files per minute, the peak and the
tree's memory at each quarter of the run (flat means the store is written as results arrive), and, against
evaluation/gen_corpus.py's expected.json, the kernels found. --resume kills a run with SIGKILL half way and
runs it again: the second run must analyse exactly the files the first did not record.

    python evaluation/bench_scan.py PATH... [-p BUILD_DIR] [--expected expected.json]
        [--configs local:1,local:2,dask:2] [--resume local:2] [--out results.json]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import psutil

SAMPLE_SECONDS = 0.5


def tree_rss(proc: psutil.Process) -> int:
    total = 0
    for p in [proc] + proc.children(recursive=True):
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total


def recorded(db: str) -> int:
    try:
        with sqlite3.connect(db, timeout=30) as con:
            return con.execute("SELECT count(*) FROM files").fetchone()[0]
    except sqlite3.Error:
        return 0


def run_scan(paths, build_dir, engine, workers, db, cache, kill_at: float | None = None, total: int | None = None):
    cmd = [sys.executable, "-m", "atc.cli", "scan", *paths, "--db", db, "--engine", engine, "--workers",
           str(workers), "-q"] + (["-p", build_dir] if build_dir else [])
    env = dict(os.environ, ATC_CACHE_DIR=cache)
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, start_new_session=True, stderr=subprocess.PIPE, text=True)
    ps = psutil.Process(proc.pid)
    peak, samples = 0, []
    while proc.poll() is None:
        rss = tree_rss(ps)
        peak = max(peak, rss)
        done = recorded(db)
        samples.append((done, rss))
        if kill_at is not None and done >= kill_at * total:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            break
        time.sleep(SAMPLE_SECONDS)
    err = proc.stderr.read()
    wall = time.monotonic() - start
    if kill_at is None and proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{err}")
    return {"wall": wall, "peak_mb": peak / 2**20, "samples": samples, "returncode": proc.returncode, "stderr": err}


def quarters(samples, total):
    """Tree memory (MB) when a quarter, a half, three quarters and all of the files were recorded."""
    out = []
    for q in (0.25, 0.5, 0.75, 1.0):
        hit = [rss for done, rss in samples if done >= q * total]
        out.append(round(hit[0] / 2**20) if hit else None)
    return out


def found_vs_expected(db: str, expected_path: str | None) -> dict:
    with sqlite3.connect(db) as con:
        found = {(p, f, op) for p, f, op in con.execute("SELECT path, function, op FROM regions WHERE op IS NOT NULL")}
        statuses = dict(con.execute("SELECT status, count(*) FROM files GROUP BY status").fetchall())
    out = {"offloaded": len(found), "statuses": statuses}
    if expected_path:
        with open(expected_path) as f:
            expected = {(k["file"], k["function"], k["op"]) for k in json.load(f)["kernels"]}
        out.update(expected=len(expected), found_expected=len(found & expected), unexpected=len(found - expected))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="+")
    ap.add_argument("-p", dest="build_dir")
    ap.add_argument("--expected")
    ap.add_argument("--configs", default="local:1,local:2,dask:2")
    ap.add_argument("--resume", help="engine:workers of a run killed half way and resumed")
    ap.add_argument("--out")
    args = ap.parse_args()
    results = []
    work = tempfile.mkdtemp(prefix="atc-bench-scan-")
    for config in filter(None, args.configs.split(",")):
        engine, workers = config.split(":")
        db, cache = os.path.join(work, f"{engine}{workers}.db"), tempfile.mkdtemp(dir=work)
        r = run_scan(args.paths, args.build_dir, engine, workers, db, cache)
        files = recorded(db)
        row = {"engine": engine, "workers": int(workers), "files": files, "wall_s": round(r["wall"], 1),
               "files_per_min": round(files / r["wall"] * 60, 1), "peak_mb": round(r["peak_mb"]),
               "mb_at_quarters": quarters(r["samples"], files), **found_vs_expected(db, args.expected)}
        results.append(row)
        print(json.dumps(row), flush=True)
    if args.resume:
        engine, workers = args.resume.split(":")
        db, cache = os.path.join(work, "resume.db"), tempfile.mkdtemp(dir=work)
        total = int(subprocess.run([sys.executable, "-c", "import sys; from atc.scan.discover import discover; "
                                    "print(len(discover(sys.argv[2:], sys.argv[1] or None)))", args.build_dir or "",
                                    *args.paths], capture_output=True, text=True, check=True).stdout)
        first = run_scan(args.paths, args.build_dir, engine, workers, db, cache, kill_at=0.5, total=total)
        at_kill = recorded(db)
        second = run_scan(args.paths, args.build_dir, engine, workers, db, cache)
        with sqlite3.connect(db) as con:
            redone = con.execute("SELECT count(*) FROM files WHERE run_id = 2").fetchone()[0]
            final = con.execute("SELECT count(*) FROM files").fetchone()[0]
            skipped = con.execute("SELECT files_skipped FROM runs WHERE id = 2").fetchone()[0]
        row = {"resume": args.resume, "files": total, "killed_after_s": round(first["wall"], 1),
               "recorded_at_kill": at_kill, "skipped_on_resume": skipped, "analysed_on_resume": redone,
               "recorded_in_the_end": final, "only_unfinished_redone": redone == total - at_kill and final == total}
        results.append(row)
        print(json.dumps(row), flush=True)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
