"""The result cache: a hit needs no parse and imports no analysis module; a changed header is never served
stale; where the cache lives."""

import json
import shutil
import sys

import pytest

from atc import __version__, config
from conftest import CORPUS, atc, cc_available, run

GEMM = CORPUS / "gemm_ijk_flat.c"
HEAVY = ("clang", "numpy", "z3", "sklearn")
# What a hit needs neither: the target's flags are remembered from the first command that resolved them.
RESOLVING = ("atc.runtime", "importlib.metadata", "scipy_openblas32", "argparse")

# Runs `atc cc` in this interpreter and reports which heavy modules it imported.
PROBE = """\
import sys
from atc.cli import main
status = main(sys.argv[1:])
print(status, sorted(m for m in %r if m in sys.modules))
""" % (HEAVY + RESOLVING,)


def cc_imports(args, cwd, env):
    proc = run([sys.executable, "-c", PROBE, "cc", *args], cwd=cwd, env=env, check=True)
    status, modules = proc.stdout.strip().split(" ", 1)
    return int(status), eval(modules), proc.stderr


@pytest.mark.skipif(not cc_available(), reason="needs cc")
def test_hit_parses_nothing_and_imports_no_analysis_module(tmp_path):
    env = {"ATC_CACHE_DIR": str(tmp_path / "cache")}
    shutil.copy(GEMM, tmp_path / "g.c")
    status, modules, err = cc_imports(["-O2", "-c", "g.c", "-o", "miss.o"], tmp_path, env)
    assert status == 0 and "replaced by atc_sgemm" in err and "clang" in modules and "atc.runtime" in modules
    status, modules, err = cc_imports(["-O2", "-c", "g.c", "-o", "hit.o"], tmp_path, env)
    assert status == 0 and "from cache" in err, err
    assert modules == []
    # The hit compiled the same rewritten code.
    assert "atc_sgemm" in run(["nm", str(tmp_path / "hit.o")], check=True).stdout


@pytest.mark.skipif(not cc_available(), reason="needs cc")
def test_file_without_candidates_costs_one_parse_and_no_analysis(tmp_path):
    (tmp_path / "text.c").write_text(
        "#include <string.h>\n"
        "int count_words(const char *s) { int n = 0, in = 0;\n"
        "  for (; *s; s++) { int w = *s != ' '; n += w && !in; in = w; } return n; }\n")
    env = {"ATC_CACHE_DIR": str(tmp_path / "cache"), "ATC_VERBOSE": "1"}
    status, modules, err = cc_imports(["-O2", "-c", "text.c", "-o", "text.o"], tmp_path, env)
    assert status == 0 and (tmp_path / "text.o").is_file()
    assert "kept (not a kernel candidate: no floating-point multiplication)" in err, err
    assert "clang" in modules and not set(modules) & {"numpy", "z3", "sklearn", "atc.runtime", "importlib.metadata"}


def imported(importtime_output: str) -> set[str]:
    return {line.split("|")[-1].strip() for line in importtime_output.splitlines() if line.startswith("import time:")}


@pytest.mark.skipif(not cc_available(), reason="needs cc")
def test_hit_of_an_unchanged_file_becomes_the_real_compiler(tmp_path):
    """A file seen before and not rewritten: after a few hashes the command is the real compiler's own (the
    same object, nothing heavy imported, no second process)."""
    (tmp_path / "text.c").write_text(
        "#include <string.h>\n"
        "int count_words(const char *s) { int n = 0, in = 0;\n"
        "  for (; *s; s++) { int w = *s != ' '; n += w && !in; in = w; } return n; }\n")
    env = {"ATC_CACHE_DIR": str(tmp_path / "cache")}
    assert atc("cc", "-O2", "-c", "text.c", "-o", "miss.o", cwd=tmp_path, env=env).returncode == 0
    proc = run([sys.executable, "-X", "importtime", "-m", "atc.cli", "cc", "-O2", "-c", "text.c", "-o", "hit.o"],
               cwd=tmp_path, env=env, check=True)
    modules = imported(proc.stderr)
    assert "atc.cache" in modules and not modules & set(HEAVY + RESOLVING + ("subprocess", "threading")), modules
    run(["cc", "-O2", "-c", "text.c", "-o", "plain.o"], cwd=tmp_path, check=True)
    assert (tmp_path / "hit.o").read_bytes() == (tmp_path / "plain.o").read_bytes()


@pytest.mark.skipif(not cc_available(), reason="needs cc")
def test_remembered_flags_follow_a_new_tuning(tmp_path):
    """The target's flags are remembered, but a tuning stored since reaches the next build."""
    env = {"ATC_CACHE_DIR": str(tmp_path / "cache")}
    shutil.copy(GEMM, tmp_path / "g.c")
    assert atc("cc", "-O2", "g.c", "-o", "first", cwd=tmp_path, env=env).returncode == 0
    assert "atc-trace: sgemm" in run(["./first"], cwd=tmp_path, env={"ATC_TRACE": "1"}).stderr
    tune_file = tmp_path / "cache" / __version__ / "tune-openblas.json"
    tune_file.write_text(json.dumps({"min_work": {"gemm": 1e15}}))  # the library never pays for a GEMM here
    proc = atc("cc", "-O2", "g.c", "-o", "second", cwd=tmp_path, env=env)
    assert proc.returncode == 0 and "from cache" in proc.stderr
    assert "atc-trace" not in run(["./second"], cwd=tmp_path, env={"ATC_TRACE": "1"}).stderr


def test_changed_header_misses_and_an_old_header_hits_again(tmp_path):
    env = {"ATC_CACHE_DIR": str(tmp_path / "cache")}
    header = tmp_path / "real.h"
    header.write_text("typedef float real;\n")
    (tmp_path / "k.c").write_text('#include "real.h"\n'
                                  "void scale(int n, real a, const real *x, real *y) {\n"
                                  "  for (int i = 0; i < n; i++) y[i] += a * x[i]; }\n")

    def compile_summary():
        proc = atc("compile", "k.c", "-o", "out.c", cwd=tmp_path, env=env)
        assert proc.returncode == 0, proc.stderr
        return proc.stderr, (tmp_path / "out.c").read_text()

    first, out_float = compile_summary()
    assert "replaced by atc_saxpy" in first and "from cache" not in first
    assert "from cache" in compile_summary()[0]
    header.write_text("typedef double real;\n")  # the same source now needs another call
    changed, out_double = compile_summary()
    assert "replaced by atc_daxpy" in changed and "from cache" not in changed
    header.write_text("typedef float real;\n")
    again, out = compile_summary()
    assert "replaced by atc_saxpy" in again and "from cache" in again and out == out_float
    manifests = list((tmp_path / "cache").rglob("manifests/*/*.json"))
    assert len(manifests) == 1 and len(json.loads(manifests[0].read_text())) == 2


def test_cache_directory_follows_the_platform_unless_set(tmp_path, monkeypatch):
    monkeypatch.delenv("ATC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert config.cache_root() == tmp_path / "xdg" / "atc"
    monkeypatch.setenv("ATC_CACHE_DIR", str(tmp_path / "mine"))
    assert config.cache_root() == tmp_path / "mine"


def test_another_tree_with_another_header_is_not_served(tmp_path):
    """Sources named by absolute paths record their includes as absolute paths: a copy of the tree elsewhere
    whose header differs must not be served the first tree's result."""
    env = {"ATC_CACHE_DIR": str(tmp_path / "cache")}
    trees = []
    for name, real in (("one", "float"), ("two", "double")):
        tree = tmp_path / name
        tree.mkdir()
        (tree / "real.h").write_text(f"typedef {real} real;\n")
        (tree / "k.c").write_text('#include "real.h"\n'
                                  "void scale(int n, real a, const real *x, real *y) {\n"
                                  "  for (int i = 0; i < n; i++) y[i] += a * x[i]; }\n")
        trees.append(tree)
    first = atc("compile", str(trees[0] / "k.c"), "-o", str(tmp_path / "one.c"), env=env)
    second = atc("compile", str(trees[1] / "k.c"), "-o", str(tmp_path / "two.c"), env=env)
    assert "replaced by atc_saxpy" in first.stderr
    assert "replaced by atc_daxpy" in second.stderr and "from cache" not in second.stderr


@pytest.mark.skipif(not cc_available(), reason="needs cc")
def test_an_unusable_cache_never_breaks_a_build(tmp_path):
    (tmp_path / "not-a-directory").write_text("")
    env = {"ATC_CACHE_DIR": str(tmp_path / "not-a-directory")}
    shutil.copy(GEMM, tmp_path / "g.c")
    for args in (["-O2", "-c", "g.c", "-o", "g.o"], ["-O2", "g.o", "-o", "g", "-lm"]):
        proc = atc("cc", *args, cwd=tmp_path, env=env)
        assert proc.returncode == 0, proc.stderr
    run(["cc", "-O2", "g.c", "-o", "plain", "-lm"], cwd=tmp_path, check=True)
    assert run(["./g"], cwd=tmp_path).stdout == run(["./plain"], cwd=tmp_path).stdout
