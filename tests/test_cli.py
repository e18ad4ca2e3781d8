"""The command-line contract other tools depend on: `atc compile` and `atc cc`."""

import json
import shutil


from conftest import CORPUS, atc, run

GEMM = CORPUS / "gemm_ijk_flat.c"
NEG = CORPUS / "neg_transpose.c"


def test_compile_to_stdout_and_summary():
    proc = atc("compile", str(GEMM))
    assert proc.returncode == 0
    assert '#include "atc_runtime.h"' in proc.stdout
    assert "atc_sgemm(" in proc.stdout
    assert "replaced by atc_sgemm" in proc.stderr


def test_compile_report_schema(tmp_path):
    out, rep = tmp_path / "o.c", tmp_path / "r.json"
    proc = atc("compile", str(GEMM), "-o", str(out), "--report", str(rep))
    assert proc.returncode == 0, proc.stderr
    report = json.loads(rep.read_text())
    assert set(report) >= {"file", "replacements", "rejected", "errors"}
    r = report["replacements"][0]
    assert set(r) >= {"function", "start_line", "end_line", "op", "api", "binding", "verified"}
    assert r["op"] == "gemm" and r["function"] == "matmul" and r["api"] == "atc_sgemm"
    assert r["binding"]["M"] == "M" and r["binding"]["lda"] == "K"
    assert r["verified"].startswith("smt:bounded(1..3") and "+io:" in r["verified"]
    for rej in report["rejected"]:
        assert set(rej) >= {"function", "start_line", "reason"} and rej["reason"]


def test_unchanged_file_stays_byte_identical(tmp_path):
    out = tmp_path / "o.c"
    proc = atc("compile", str(NEG), "-o", str(out))
    assert proc.returncode == 0
    assert out.read_bytes() == NEG.read_bytes()


def test_rewrite_keeps_everything_else(tmp_path):
    out = tmp_path / "o.c"
    atc("compile", str(GEMM), "-o", str(out), check=True)
    original = GEMM.read_text()
    rewritten = out.read_text()
    # Removing the inserted include, the library-path function before the code and the inserted test at the
    # top of the function gives back the original bytes.
    lines = rewritten.split("\n")
    assert lines[0] == '#include "atc_runtime.h"'
    assert lines[1].startswith("static __attribute__((noinline)) int atc_lib_0(") and lines[2] == ""
    body = "\n".join(lines[3:])
    start = body.index("\n    /* atc:")
    end = body.index("return; } }", start) + len("return; } }")
    assert body[:start] + body[end:] == original


def test_missing_file_is_one_clear_line(tmp_path):
    proc = atc("compile", str(tmp_path / "nope.c"))
    assert proc.returncode != 0
    assert proc.stderr.strip().count("\n") == 0 and "no such file" in proc.stderr


def test_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.c"
    bad.write_text("int main(void) {\n  return 0 +;\n}\n")
    before = bad.read_bytes()
    proc = atc("compile", str(bad))
    assert proc.returncode != 0
    assert "bad.c:2:" in proc.stderr and "error" in proc.stderr
    assert bad.read_bytes() == before


def test_binary_input_refused(tmp_path):
    b = tmp_path / "x.c"
    b.write_bytes(b"\x7fELF\x00\x01\x02")
    proc = atc("compile", str(b))
    assert proc.returncode != 0 and "binary" in proc.stderr


def test_defines_and_includes_reach_the_parser(tmp_path):
    inc = tmp_path / "inc"
    inc.mkdir()
    (inc / "sizes.h").write_text("#define ROWS 50\n")
    src = tmp_path / "k.c"
    src.write_text('#include "sizes.h"\n'
                   "void mm(int n, int k, const float *a, const float *b, float *c) {\n"
                   "  for (int i = 0; i < ROWS; i++) for (int j = 0; j < n; j++) { float s = SCALE;\n"
                   "    for (int p = 0; p < k; p++) s += a[i*k+p]*b[p*n+j]; c[i*n+j] = s; } }\n")
    assert atc("compile", str(src)).returncode != 0  # sizes.h not found, SCALE undefined
    proc = atc("compile", str(src), "-I", str(inc), "-D", "SCALE=0")
    assert proc.returncode == 0, proc.stderr
    assert "atc_sgemm(" in proc.stdout and "ROWS" in proc.stdout


# --- atc cc -------------------------------------------------------------------------------------------

def test_cc_compile_and_link_separately(tmp_path):
    obj = tmp_path / "k.o"
    proc = atc("cc", "-O2", "-c", str(GEMM), "-o", str(obj), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    exe = tmp_path / "prog"
    proc = atc("cc", str(obj), "-o", str(exe), "-lm", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    out = run([str(exe)], env={"ATC_TRACE": "1"}, check=True)
    assert "atc-trace: sgemm" in out.stderr


def test_cc_default_object_name(tmp_path):
    src = tmp_path / "g.c"
    shutil.copy(GEMM, src)
    proc = atc("cc", "-c", "g.c", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "g.o").is_file()


def test_cc_dependency_files_name_the_user_source(tmp_path):
    src = tmp_path / "g.c"
    shutil.copy(GEMM, src)
    proc = atc("cc", "-c", "-MMD", "-MP", "g.c", "-o", "g.o", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    dep = (tmp_path / "g.d").read_text()
    assert dep.startswith("g.o: g.c") and "atc-cc-" not in dep


def test_cc_preprocess_only_passes_through(tmp_path):
    proc = atc("cc", "-E", str(GEMM))
    assert proc.returncode == 0 and "atc_sgemm" not in proc.stdout and "matmul" in proc.stdout


def test_cc_broken_source_fails_like_the_compiler(tmp_path):
    bad = tmp_path / "bad.c"
    bad.write_text("int main(void) { return x; }\n")
    real = run(["cc", "-c", str(bad), "-o", str(tmp_path / "a.o")])
    ours = atc("cc", "-c", str(bad), "-o", str(tmp_path / "b.o"))
    assert real.returncode != 0 and ours.returncode == real.returncode
    assert bad.read_text() == "int main(void) { return x; }\n"


def test_cc_uses_atc_real_cc(tmp_path):
    log = tmp_path / "log"
    wrapper = tmp_path / "mycc"
    wrapper.write_text(f"#!/bin/sh\necho called >> {log}\nexec cc \"$@\"\n")
    wrapper.chmod(0o755)
    proc = atc("cc", "-c", str(NEG), "-o", str(tmp_path / "n.o"), env={"ATC_REAL_CC": str(wrapper)})
    assert proc.returncode == 0 and log.read_text().startswith("called")


def test_cc_several_sources_one_link(tmp_path):
    (tmp_path / "k.c").write_text(
        "void mm(int m, int n, int k, const float *a, const float *b, float *c) {\n"
        "  for (int i = 0; i < m; i++) for (int j = 0; j < n; j++) { float s = 0;\n"
        "    for (int p = 0; p < k; p++) s += a[i*k+p]*b[p*n+j]; c[i*n+j] = s; } }\n")
    (tmp_path / "main.c").write_text(
        "#include <stdio.h>\nvoid mm(int, int, int, const float *, const float *, float *);\n"
        "static float a[60*70], b[70*50], c[60*50];\n"
        "int main(void) { for (int i = 0; i < 60*70; i++) a[i] = (i % 13) * 0.1f;\n"
        "  for (int i = 0; i < 70*50; i++) b[i] = (i % 7) * 0.2f;\n"
        "  mm(60, 50, 70, a, b, c); double s = 0; for (int i = 0; i < 60*50; i++) s += c[i];\n"
        "  printf(\"%.3f\\n\", s); return 0; }\n")
    proc = atc("cc", "-O2", "-std=c99", "-DUNUSED=1", "k.c", "main.c", "-o", "prog", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    ref = run(["cc", "-O2", "k.c", "main.c", "-o", "ref"], cwd=tmp_path, check=True)
    assert ref.returncode == 0
    ours = run([str(tmp_path / "prog")], env={"ATC_TRACE": "1"}, check=True)
    theirs = run([str(tmp_path / "ref")], check=True)
    assert abs(float(ours.stdout) - float(theirs.stdout)) <= 1e-3 * abs(float(theirs.stdout))
    assert "atc-trace: sgemm" in ours.stderr


def test_help_and_version():
    assert atc("--help").returncode == 0
    assert atc("--version").stdout.startswith("atc ")
    assert atc().returncode != 0


def test_cc_dependency_file_spellings(tmp_path):
    src = tmp_path / "g.c"
    shutil.copy(GEMM, src)
    for flags, dep in ((["-MMD", "-MFjoined.d"], "joined.d"), (["-Wp,-MMD,wp.d"], "wp.d")):
        proc = atc("cc", *flags, "-c", "g.c", "-o", "g.o", cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        text = (tmp_path / dep).read_text()
        assert "g.c" in text and "atc-cc-" not in text, text


def test_cc_quoted_includes_search_the_source_directory_first(tmp_path):
    (tmp_path / "cfg.h").write_text("#define SCALE 2.0f\n")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "cfg.h").write_text("#define SCALE 3.0f\n")
    body = GEMM.read_text().replace("int main(", '#include "cfg.h"\nfloat scale(void) { return SCALE; }\nint main(')
    body = body.replace("int main(void)\n{", "int main(void)\n{\n    printf(\"scale %g\\n\", scale());", 1)
    (tmp_path / "k.c").write_text(body)
    real = run(["cc", "-iquote", "other", "k.c", "-o", "real"], cwd=tmp_path, check=True)
    ours = atc("cc", "-iquote", "other", "k.c", "-o", "ours", "-lm", cwd=tmp_path)
    assert real.returncode == 0 and ours.returncode == 0, ours.stderr
    assert "replaced by" in ours.stderr
    assert run([str(tmp_path / "ours")]).stdout.splitlines()[0] == "scale 2"


def test_cached_result_names_the_file_compiled_now(tmp_path):
    body = GEMM.read_text().replace("int main(void)\n{", 'int main(void)\n{\n    printf("%s\\n", __FILE__);', 1)
    (tmp_path / "first.c").write_text(body)
    (tmp_path / "second.c").write_text(body)
    assert atc("cc", "first.c", "-o", "one", "-lm", cwd=tmp_path).returncode == 0
    proc = atc("cc", "second.c", "-o", "two", "-lm", cwd=tmp_path)
    assert proc.returncode == 0 and "second.c" in proc.stderr and "first.c" not in proc.stderr
    assert run([str(tmp_path / "two")]).stdout.splitlines()[0] == "second.c"


def test_tune_stores_a_threshold_that_builds_use(tmp_path):
    env = {"ATC_CACHE_DIR": str(tmp_path / "cache")}
    proc = atc("tune", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "ATC_MIN_WORK_GEMM =" in proc.stdout and "faster: library" in proc.stdout
    flags = atc("flags", "--cflags", env=env).stdout
    assert "-DATC_MIN_WORK_GEMM=" in flags and "-DATC_MIN_WORK_CONV1D=" in flags
    assert "-DATC_MIN_WORK" not in atc("flags", "--cflags", "--target", "reference", env=env).stdout  # per target
    # `atc cc` compiles rewritten code with the tuned threshold: a huge stored value keeps the original loops.
    import json
    tune_file = next((tmp_path / "cache").rglob("tune-openblas.json"))
    data = json.loads(tune_file.read_text())
    data["min_work"]["gemm"] = 1e15
    tune_file.write_text(json.dumps(data))
    src = tmp_path / "g.c"
    shutil.copy(GEMM, src)
    assert atc("cc", "-O2", str(src), "-o", str(tmp_path / "g"), env=env).returncode == 0
    out = run([str(tmp_path / "g")], env={"ATC_TRACE": "1"})
    assert "atc-trace" not in out.stderr
