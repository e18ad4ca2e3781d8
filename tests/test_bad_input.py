"""Bad input: one clear line and a non-zero exit from `atc compile`, the input never modified; `atc cc` ends
exactly as the real compiler alone would."""

import shutil

import pytest

from conftest import CORPUS, atc, run

GEMM = (CORPUS / "gemm_ijk_flat.c").read_bytes()


def _compile_fails(path, *extra):
    before = path.read_bytes() if path.exists() else None
    proc = atc("compile", str(path), *extra)
    assert proc.returncode != 0
    lines = [ln for ln in proc.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("atc: error:"), proc.stderr
    if before is not None:
        assert path.read_bytes() == before
    return lines[0]


def _cc_matches_real_compiler(tmp_path, src, *flags):
    real = run(["cc", "-c", *flags, str(src), "-o", str(tmp_path / "real.o")])
    ours = atc("cc", "-c", *flags, str(src), "-o", str(tmp_path / "ours.o"))
    assert ours.returncode == real.returncode, ours.stderr
    assert (tmp_path / "ours.o").exists() == (tmp_path / "real.o").exists()


def test_syntax_error(tmp_path):
    src = tmp_path / "syntax.c"
    src.write_text("void f(float *a) {\n  for (int i = 0; i < 3; i++ a[i] = 0;\n}\n")
    assert "syntax.c:2:" in _compile_fails(src)
    _cc_matches_real_compiler(tmp_path, src)


def test_missing_header(tmp_path):
    src = tmp_path / "hdr.c"
    src.write_text('#include "absent.h"\nvoid f(void) {}\n')
    assert "hdr.c:1:" in _compile_fails(src) and "absent.h" in _compile_fails(src)
    _cc_matches_real_compiler(tmp_path, src)


def test_empty_file(tmp_path):
    src = tmp_path / "empty.c"
    src.write_bytes(b"")
    assert "empty" in _compile_fails(src)
    _cc_matches_real_compiler(tmp_path, src)


def test_binary_file(tmp_path):
    src = tmp_path / "prog.c"
    shutil.copy("/bin/true", src)
    assert "binary" in _compile_fails(src)
    _cc_matches_real_compiler(tmp_path, src)


def test_missing_file(tmp_path):
    assert "no such file" in _compile_fails(tmp_path / "absent.c")


def test_read_only_output(tmp_path):
    src = tmp_path / "g.c"
    src.write_bytes(GEMM)
    # procfs refuses new files to every user, root included.
    assert "cannot write" in _compile_fails(src, "-o", "/proc/atc-out.c")
    assert "cannot write" in _compile_fails(src, "-o", str(tmp_path / "out.c"), "--report", "/proc/atc-report.json")


def test_output_into_missing_directory(tmp_path):
    src = tmp_path / "g.c"
    src.write_bytes(GEMM)
    assert "cannot write" in _compile_fails(src, "-o", str(tmp_path / "no" / "such" / "dir" / "out.c"))


def test_output_over_the_input_is_refused(tmp_path):
    src = tmp_path / "g.c"
    src.write_bytes(GEMM)
    assert "refusing to overwrite" in _compile_fails(src, "-o", str(src))


def test_non_utf8_bytes_survive(tmp_path):
    src = tmp_path / "latin1.c"
    src.write_bytes(b"/* caf\xe9 \xff\xfe */\n" + GEMM + b'\nconst char *tag = "\xe9t\xe9";\n')
    out = tmp_path / "out.c"
    proc = atc("compile", str(src), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    text = out.read_bytes()
    assert b"atc_sgemm(" in text and b"caf\xe9 \xff\xfe" in text and b'"\xe9t\xe9"' in text


def test_byte_order_mark(tmp_path):
    """A file that starts with a UTF-8 byte-order mark (as editors on some systems save them) is analysed, and
    the rewritten file still starts with it: the compiler accepts the mark only there."""
    from atc.evaluate.outputs import same_output
    src = tmp_path / "bom.c"
    src.write_bytes(b"\xef\xbb\xbf" + GEMM)
    proc = atc("compile", str(src), "-o", str(tmp_path / "out.c"))
    assert proc.returncode == 0 and "replaced by" in proc.stderr, proc.stderr
    assert (tmp_path / "out.c").read_bytes().startswith(b"\xef\xbb\xbf#include")
    run(["cc", "-O2", "-o", str(tmp_path / "plain"), str(src), "-lm"], check=True)
    built = atc("cc", "-O2", "-o", str(tmp_path / "rewritten"), str(src), "-lm")
    assert built.returncode == 0 and "replaced by" in built.stderr, built.stderr
    plain = run([str(tmp_path / "plain")], check=True)
    rewritten = run([str(tmp_path / "rewritten")], env={"ATC_TRACE": "1"}, check=True)
    assert not same_output(plain.stdout, rewritten.stdout)
    assert "atc-trace:" in rewritten.stderr


def test_no_functions(tmp_path):
    src = tmp_path / "decls.c"
    src.write_text("int table[4] = {1, 2, 3, 4};\nextern float scale;\n")
    out = tmp_path / "out.c"
    proc = atc("compile", str(src), "-o", str(out))
    assert proc.returncode == 0 and "nothing rewritten" in proc.stderr
    assert out.read_bytes() == src.read_bytes()


@pytest.mark.slow
def test_very_large_file(tmp_path):
    lines = ["#include <stdio.h>"]
    i = 0
    while len(lines) < 100_000:
        lines += [f"int f{i}(int x) {{", f"  int y = x * {i};", "  if (y > 3) y -= 2;", "  return y + 1;", "}"]
        i += 1
    big = "\n".join(lines) + "\n"
    src = tmp_path / "big.c"
    src.write_text(GEMM.decode() + big.replace("#include <stdio.h>\n", ""))
    out = tmp_path / "out.c"
    # size, not speed, is tested: neither the region timeout nor the file's deadline (180 s) may cut it short
    proc = atc("compile", str(src), "-o", str(out), "--timeout", "600", "--deadline", "850", timeout=900)
    assert proc.returncode == 0, proc.stderr
    assert "replaced by atc_sgemm" in proc.stderr, proc.stderr[-2000:]
    assert b"atc_sgemm(" in out.read_bytes() and out.read_bytes().endswith(big.encode().split(b"\n", 1)[1])


def test_unknown_flags_go_to_the_real_compiler(tmp_path):
    src = tmp_path / "g.c"
    src.write_bytes(GEMM)
    _cc_matches_real_compiler(tmp_path, src, "-fno-such-flag-anywhere")
    _cc_matches_real_compiler(tmp_path, src, "-Wall", "-fno-strict-aliasing", "-pipe")
