"""`atc scan` and `atc report` on small projects: the decisions stored and streamed, skipping unchanged files,
a crashing worker, the per-file deadline, kill -9 and resume, and Dask giving what the local pool gives."""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from atc.scan import work
from atc.scan.discover import discover
from atc.scan.run import scan
from atc.scan.work import Options

from conftest import ATC, atc

# REAL and the include directory come from the build's flags: without them the kernel does not parse.
GEMM = """#include "consts.h"
void {name}(int M, int N, int K, const REAL *A, const REAL *B, REAL *C)
{{
    for (int i = 0; i < M; i++)
        for (int j = 0; j < N; j++) {{
            REAL acc = ACC_INIT;
            for (int k = 0; k < K; k++)
                acc += A[i * K + k] * B[k * N + j];
            C[i * N + j] = acc;
        }}
}}
"""
DOT = """#include "consts.h"
REAL {name}(int n, const REAL *x, const REAL *y)
{{
    REAL s = ACC_INIT;
    for (int i = 0; i < n; i++)
        s += x[i] * y[i];
    return s;
}}
"""
PLAIN = """int {name}(const char *s)
{{
    int n = 0;
    while (s[n])
        n++;
    return n;
}}
"""


def recorded(db) -> int:
    """Files a running scan has recorded so far (0 before it has created its store)."""
    if not os.path.exists(db):
        return 0
    try:
        return len(rows(db, "SELECT path FROM files"))
    except sqlite3.OperationalError:
        return 0


def make_project(root, files: dict, flags=("-DREAL=float",)):
    """A project folder with include/consts.h, the given sources under src/, and a compile_commands.json."""
    (root / "include").mkdir(parents=True)
    (root / "include" / "consts.h").write_text("#define ACC_INIT 0.0f\n")
    (root / "src").mkdir()
    entries = []
    for name, text in files.items():
        (root / "src" / name).write_text(text)
        entries.append({"directory": str(root), "file": f"src/{name}",
                        "arguments": ["cc", "-O2", "-Iinclude", *flags, "-c", f"src/{name}", "-o", f"{name}.o"]})
    (root / "compile_commands.json").write_text(json.dumps(entries))
    return root


def rows(db, sql, params=()):
    with sqlite3.connect(db) as con:
        con.row_factory = sqlite3.Row
        return [dict(r) for r in con.execute(sql, params)]


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("scan")
    root = make_project(tmp / "proj", {"gemm.c": GEMM.format(name="matmul"), "dot.c": DOT.format(name="dotp"),
                                       "util.c": PLAIN.format(name="length")})
    db, jsonl = tmp / "s.db", tmp / "s.jsonl"
    proc = atc("scan", str(root), "--db", str(db), "--jsonl", str(jsonl), "--workers", "2", check=True)
    return root, db, jsonl, proc


def test_scan_records_every_decision_with_the_build_flags(scanned):
    root, db, jsonl, proc = scanned
    files = rows(db, "SELECT * FROM files ORDER BY path")
    assert [os.path.basename(f["path"]) for f in files] == ["dot.c", "gemm.c", "util.c"]
    assert all(f["status"] == "done" and f["flags_from"] == "compile_commands" for f in files)
    assert json.loads(files[0]["flags"]) == [f"-I{root / 'include'}", "-DREAL=float"]
    found = rows(db, "SELECT function, op, api, verified FROM regions WHERE op IS NOT NULL ORDER BY function")
    assert [(r["function"], r["op"], r["api"]) for r in found] == [("dotp", "dot", "atc_sdot"),
                                                                   ("matmul", "gemm", "atc_sgemm")]
    assert all("smt" in r["verified"] and "io" in r["verified"] for r in found)
    kept = rows(db, "SELECT * FROM regions WHERE op IS NULL")
    assert kept and all(r["reason"] for r in kept)
    assert {r["function"] for r in kept} >= {"length"}
    records = [json.loads(line) for line in jsonl.read_text().splitlines()]
    assert len(records) == len(found) + len(kept)
    for r in records:
        assert set(r) >= {"file", "function", "start_line", "op", "api", "verified", "reason", "seconds"}
        assert (r["op"] is None) == (r["api"] is None) == (r["reason"] is not None)
    assert "files/min" in proc.stderr and "ETA" in proc.stderr


def test_rescan_skips_unchanged_files_and_redoes_changed_ones(scanned, tmp_path):
    root, db, jsonl, _ = scanned
    again = tmp_path / "again.jsonl"
    atc("scan", str(root), "--db", str(db), "--jsonl", str(again), check=True)
    run = rows(db, "SELECT * FROM runs ORDER BY id DESC LIMIT 1")[0]
    assert (run["files_total"], run["files_skipped"]) == (3, 3)
    assert sorted(again.read_text().splitlines()) == sorted(jsonl.read_text().splitlines())
    gemm = root / "src" / "gemm.c"
    gemm.write_text(gemm.read_text() + "/* changed */\n")
    atc("scan", str(root), "--db", str(db), check=True)
    run_id = rows(db, "SELECT max(id) AS id FROM runs")[0]["id"]
    redone = rows(db, "SELECT path FROM files WHERE run_id = ?", (run_id,))
    assert [os.path.basename(r["path"]) for r in redone] == ["gemm.c"]
    assert len(rows(db, "SELECT * FROM regions WHERE function = 'matmul' AND op = 'gemm'")) == 1


def test_report_renders_the_store(scanned, tmp_path):
    _, db, _, _ = scanned
    atc("report", "--db", str(db), "--out", str(tmp_path / "rep"), check=True)
    md = (tmp_path / "rep" / "report.md").read_text()
    assert "| gemm | 1 |" in md and "| dot | 1 |" in md and "matmul" in md
    assert "<table>" in (tmp_path / "rep" / "report.html").read_text()
    for plot in ("ops.png", "projects.png", "reasons.png", "search_seconds.png"):
        assert (tmp_path / "rep" / plot).read_bytes()[:4] == b"\x89PNG"


def test_a_crashing_worker_is_retried_once_then_failed_and_the_deadline_stops_a_file(tmp_path, monkeypatch):
    names = ["crash.c", "flaky.c"] + [f"ok{i}.c" for i in range(5)] + ["slow.c"]
    root = make_project(tmp_path / "proj", {n: PLAIN.format(name=n[:-2]) for n in names})
    real = work.analyse
    flaky_marker = tmp_path / "flaky-crashed-once"

    def analyse(path, flags, options):
        name = os.path.basename(path)
        if name == "crash.c" or name == "flaky.c" and not flaky_marker.exists():
            flaky_marker.touch() if name == "flaky.c" else None
            os.kill(os.getpid(), signal.SIGKILL)
        if name == "slow.c":
            time.sleep(60)
        return real(path, flags, options)

    monkeypatch.setattr(work, "analyse", analyse)  # the local pool's workers are forked: they run this
    db = str(tmp_path / "s.db")
    summary = scan([str(root)], db, workers=2, options=Options(deadline=12.0), progress=False)
    assert summary.analysed == len(names)
    status = {os.path.basename(r["path"]): r for r in rows(db, "SELECT * FROM files")}
    assert set(status) == set(names)
    assert (status["crash.c"]["status"], status["crash.c"]["attempts"]) == ("failed", 2)
    assert "worker died" in status["crash.c"]["error"]
    assert (status["flaky.c"]["status"], status["flaky.c"]["attempts"]) == ("done", 2)
    assert status["slow.c"]["status"] == "failed" and "deadline" in status["slow.c"]["error"]
    assert all(status[n]["status"] == "done" and status[n]["regions"] >= 1 for n in names if n.startswith("ok"))
    monkeypatch.setattr(work, "analyse", real)
    again = scan([str(root)], db, workers=2, options=Options(deadline=12.0), progress=False, retry_failed=True)
    assert (again.skipped, again.statuses) == (len(names) - 2, {"done": 2})


@pytest.mark.slow
def test_kill_9_then_resume_redoes_only_unfinished_files(tmp_path):
    files = {f"k{i}.c": (GEMM if i % 2 else DOT).format(name=f"kernel_resume{i}") for i in range(8)}
    root = make_project(tmp_path / "proj", files)
    db = str(tmp_path / "s.db")
    cmd = ATC + ["scan", str(root), "--db", db, "--workers", "1", "-q"]
    proc = subprocess.Popen(cmd, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while proc.poll() is None and recorded(db) < 2:
        time.sleep(0.1)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    at_kill = recorded(db)
    assert 2 <= at_kill < len(files)
    atc("scan", str(root), "--db", db, "-q", check=True)
    assert len(rows(db, "SELECT path FROM files WHERE run_id = 2")) == len(files) - at_kill
    assert rows(db, "SELECT files_skipped FROM runs WHERE id = 2")[0]["files_skipped"] == at_kill
    found = rows(db, "SELECT function, op FROM regions WHERE op IS NOT NULL ORDER BY function")
    assert [r["function"] for r in found] == sorted(f"kernel_resume{i}" for i in range(8))


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_results_as_the_local_pool(scanned, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    root, local_db, _, _ = scanned
    monkeypatch.setenv("ATC_NO_CACHE", "1")  # the Dask workers do the analysis themselves
    dask_db = str(tmp_path / "dask.db")
    summary = scan([str(root)], dask_db, engine="dask", workers=2, progress=False)
    assert summary.statuses == {"done": 3}
    query = "SELECT path, function, start_line, op, api, binding, verified, reason FROM regions ORDER BY path, id"
    assert rows(dask_db, query) == rows(str(local_db), query)


def test_flags_from_a_make_dry_run_and_defaults(tmp_path):
    pytest.importorskip("compiledb")
    made = tmp_path / "made"
    (made / "inc").mkdir(parents=True)
    (made / "a.c").write_text(PLAIN.format(name="a"))
    (made / "Makefile").write_text("CFLAGS = -Iinc -DREAL=double -std=c99 -O2\nall: a.o\n"
                                   "a.o: a.c\n\t$(CC) $(CFLAGS) -c a.c -o a.o\n")
    plain = tmp_path / "plain"
    (plain / "include").mkdir(parents=True)
    (plain / "b.c").write_text(PLAIN.format(name="b"))
    units = {os.path.basename(u.path): u for u in discover([str(made), str(plain)])}
    assert units["a.c"].flags_from == "make" and units["a.c"].project == "made"
    assert list(units["a.c"].flags) == [f"-I{made / 'inc'}", "-DREAL=double", "-std=c99"]
    assert not (made / "a.o").exists()
    assert units["b.c"].flags_from == "default" and f"-I{plain / 'include'}" in units["b.c"].flags


def test_flags_from_a_build_folder_named_with_p(tmp_path):
    src, build = tmp_path / "src", tmp_path / "build"
    (src / "lib").mkdir(parents=True)
    build.mkdir()
    for name in ("a.c", "lib/b.c"):
        (src / name).write_text(PLAIN.format(name=name[-3]))
    (tmp_path / "elsewhere.c").write_text(PLAIN.format(name="elsewhere"))
    entries = [{"directory": str(build), "file": str(src / "a.c"),
                "command": f"gcc -I../src/lib -D NAME='\"x y\"' -Wall -O2 -c {src / 'a.c'} -o a.o"},
               {"directory": str(build), "file": "../src/lib/b.c", "arguments": ["cc", "-UNDEBUG", "-c", "../src/lib/b.c"]},
               {"directory": str(build), "file": "../elsewhere.c", "arguments": ["cc", "-c", "../elsewhere.c"]}]
    (build / "compile_commands.json").write_text(json.dumps(entries))
    units = {os.path.relpath(u.path, src): u for u in discover([str(src)], build_dir=str(build))}
    assert set(units) == {"a.c", os.path.join("lib", "b.c")}
    assert list(units["a.c"].flags) == [f"-I{src / 'lib'}", '-DNAME="x y"']
    assert list(units[os.path.join("lib", "b.c")].flags) == ["-UNDEBUG"]
    assert {u.project for u in units.values()} == {"src"}
