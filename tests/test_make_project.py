"""`make CC="atc cc"` on small multi-file projects: objects, a static library, a link, dependency files,
parallel make, and the content cache across rebuilds (tests/make_project); a kernel file that calls functions
of other files, reads their variables and includes an intrinsics header (tests/make_project_calls)."""

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from atc.evaluate.outputs import same_output
from conftest import ROOT, cc_available, run

PROJECT = ROOT / "tests" / "make_project"
CALLS_PROJECT = ROOT / "tests" / "make_project_calls"
# One make argument: CC contains spaces, make splits it again when it runs the recipe.
ATC_CC = f"{sys.executable} -m atc.cli cc"
KERNEL_SOURCES = ("dense.c", "matmul.c")

pytestmark = [pytest.mark.skipif(not (cc_available() and shutil.which("make") and shutil.which("ar")),
                                 reason="needs cc, make and ar"),
              pytest.mark.slow]  # whole projects built with make, several times


def project(tmp_path, source=PROJECT) -> Path:
    dst = tmp_path / "proj"
    shutil.copytree(source, dst, ignore=shutil.ignore_patterns("*.o", "*.d", "*.a", "app", "mlp"))
    return dst


def make(proj, cc, *args, env=None, check=True):
    return run(["make", f"CC={cc}", *args], cwd=proj, env=env, check=check)


def app_output(proj, trace=False):
    proc = run([str(proj / "app")], env={"ATC_TRACE": "1" if trace else "0"}, check=True)
    return proc.stdout, proc.stderr


def trace_lines(stderr):
    return [line for line in stderr.splitlines() if line.startswith("atc-trace: sgemm")]


def result_files(cache_dir: Path) -> set[Path]:
    return set(cache_dir.glob("**/results/**/*.json"))


def sources_of(files) -> list[str]:
    return sorted(json.loads(Path(f).read_text())["report"]["file"] for f in files)


@pytest.fixture(scope="module")
def plain_output(tmp_path_factory):
    """What the program prints when built with the real compiler alone."""
    proj = project(tmp_path_factory.mktemp("plain"))
    make(proj, "cc")
    out, _ = app_output(proj)
    assert out.count("checksum=") == 2
    return out


def test_plain_and_atc_builds_agree(tmp_path, plain_output):
    proj = project(tmp_path)
    build = make(proj, ATC_CC)
    assert (proj / "libkernels.a").is_file() and (proj / "app").is_file()
    # The driver says what it replaced: one kernel in each library source.
    for src in KERNEL_SOURCES:
        assert any(f"atc: {src}:" in line and "replaced by atc_sgemm" in line
                   for line in build.stderr.splitlines()), build.stderr
    out, err = app_output(proj, trace=True)
    assert same_output(plain_output, out) == "", (plain_output, out)
    traces = trace_lines(err)
    assert len(traces) >= 2, err
    assert any("m=48 n=88 k=120" in t for t in traces), traces  # dense layer: batch x out_dim x in_dim
    assert any("m=72 n=56 k=96" in t for t in traces), traces   # matmul


def test_dependency_files_and_nothing_to_rebuild(tmp_path):
    proj = project(tmp_path)
    make(proj, ATC_CC)
    for stem in ("main", "util", "dense", "matmul"):
        dep = (proj / f"{stem}.d").read_text()
        assert "atc-cc-" not in dep and "/tmp/" not in dep.replace(str(proj), ""), dep
        assert dep.startswith(f"{stem}.o: {stem}.c include/kernels.h"), dep
        assert "include/kernels.h:" in dep  # the -MP phony target
    # Right after a build, make has nothing to do: neither by -q nor by running it.
    assert make(proj, ATC_CC, "-q", check=False).returncode == 0
    again = make(proj, ATC_CC)
    assert " -c " not in again.stdout and "ar rcs" not in again.stdout, again.stdout
    # A header change is seen through the dependency files: every object is rebuilt.
    with open(proj / "include" / "kernels.h", "a") as f:
        f.write("/* changed */\n")
    assert make(proj, ATC_CC, "-q", check=False).returncode != 0
    rebuilt = make(proj, ATC_CC)
    for stem in ("main", "util", "dense", "matmul"):
        assert f"-c {stem}.c -o {stem}.o" in rebuilt.stdout, rebuilt.stdout


def test_parallel_make(tmp_path, plain_output):
    proj = project(tmp_path)
    make(proj, ATC_CC, "-j2")
    out, err = app_output(proj, trace=True)
    assert same_output(plain_output, out) == "", (plain_output, out)
    assert len(trace_lines(err)) >= 2, err
    assert make(proj, ATC_CC, "-q", check=False).returncode == 0


def test_warm_cache_and_header_change(tmp_path, plain_output):
    cache = tmp_path / "cache"
    env = {"ATC_CACHE_DIR": str(cache)}
    proj = project(tmp_path)
    first = make(proj, ATC_CC, env=env)
    after_first = result_files(cache)
    # One result per compiled source, kernel or not.
    assert sources_of(after_first) == ["dense.c", "main.c", "matmul.c", "util.c"]
    out_first, _ = app_output(proj)
    assert same_output(plain_output, out_first) == ""

    # A clean rebuild is served from the cache: no new results, the same build and the same program output.
    make(proj, "cc", "clean")
    assert not (proj / "dense.o").exists()
    second = make(proj, ATC_CC, env=env)
    assert result_files(cache) == after_first
    assert second.stdout == first.stdout
    replaced_first = [l for l in first.stderr.splitlines() if "replaced by" in l]
    replaced_second = [l for l in second.stderr.splitlines() if "replaced by" in l]
    assert all(l.endswith(" from cache") for l in replaced_second), replaced_second
    assert [re.sub(r" in [0-9.]+s$", "", l) for l in replaced_first] == \
           [l[:-len(" from cache")] for l in replaced_second]
    out_second, err = app_output(proj, trace=True)
    assert out_second == out_first and len(trace_lines(err)) >= 2

    # Touching a header without changing it rebuilds the objects but still hits the cache (keyed on content).
    header = proj / "include" / "kernels.h"
    header.write_bytes(header.read_bytes())
    make(proj, "cc", "clean")
    make(proj, ATC_CC, env=env)
    assert result_files(cache) == after_first

    # Changing the header's content misses the cache for every source that includes it: no stale result.
    with open(header, "a") as f:
        f.write("/* a comment that changes the header's content */\n")
    third = make(proj, ATC_CC, env=env)
    for src in ("dense.c", "matmul.c", "main.c", "util.c"):
        assert f"-c {src} -o" in third.stdout, third.stdout  # make saw the header change via the .d files
    new = result_files(cache) - after_first
    assert sources_of(new) == ["dense.c", "main.c", "matmul.c", "util.c"]
    out_third, err = app_output(proj, trace=True)
    assert same_output(plain_output, out_third) == "" and len(trace_lines(err)) >= 2


def test_kernel_file_calling_other_files(tmp_path):
    """network.c calls activations.c and stats.c, updates a counter stats.c defines, and includes
    <xmmintrin.h> through simd.h; activations.c uses SSE intrinsics. Both of network.c's kernels are
    offloaded, every file is analysed, and the program prints what the plain build prints."""
    plain = project(tmp_path / "plain", CALLS_PROJECT)
    make(plain, "cc")
    expected = run([str(plain / "mlp")], check=True).stdout
    assert expected.count("checksum=") == 3

    proj = project(tmp_path / "atc", CALLS_PROJECT)
    build = make(proj, ATC_CC, env={"ATC_VERBOSE": "1"})
    lines = build.stderr.splitlines()
    assert not [line for line in lines if "not rewritten" in line or "atc: error" in line], build.stderr
    assert any(line.startswith("atc: network.c:") and "dense_relu (loop): replaced by atc_sgemm" in line
               for line in lines), build.stderr
    assert any(line.startswith("atc: network.c:") and "probe_scores (loop): replaced by atc_sgemv" in line
               for line in lines), build.stderr
    assert any(line.startswith("atc: activations.c:") for line in lines), build.stderr  # analysed, not skipped
    proc = run([str(proj / "mlp")], env={"ATC_TRACE": "1"}, check=True)
    assert same_output(expected, proc.stdout) == "", (expected, proc.stdout)
    traces = [line for line in proc.stderr.splitlines() if line.startswith("atc-trace:")]
    assert any("sgemm" in t and "m=40 n=56 k=72" in t for t in traces), traces  # hidden layer
    assert any("sgemm" in t and "m=40 n=24 k=56" in t for t in traces), traces  # output layer
    assert any("sgemv" in t and "m=128 n=120" in t for t in traces), traces     # probe
