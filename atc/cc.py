"""`atc cc`: a drop-in C compiler driver (CC="atc cc").

Each C source on the command line is rewritten into a private temporary directory, then the real compiler
($ATC_REAL_CC, default cc) compiles it with the user's flags plus the runtime's include path, and links
the runtime when it links. Whatever goes wrong on the way (a file ATC cannot analyse, a rewritten file that
does not compile), the original command runs unchanged, so a build that passes with the real compiler
passes with `atc cc`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile

from . import runtime

# Options whose value is the next argument (when not attached).
TAKES_VALUE = {"-o", "-I", "-D", "-U", "-L", "-l", "-include", "-imacros", "-isystem", "-iquote", "-idirafter",
               "-MF", "-MT", "-MQ", "-x", "-Xlinker", "-Xpreprocessor", "-Xassembler", "-aux-info", "--param",
               "-T", "-u", "-z", "-e", "-iprefix", "-iwithprefix", "-isysroot", "--sysroot", "-arch"}
# Options that mean no object code is produced from the sources: run the real compiler as it is.
PASS_THROUGH = {"-E", "-M", "-MM", "-fsyntax-only", "--version", "-v", "-dumpversion", "-dumpmachine",
                "--help", "-print-search-dirs"}
# Options that affect how a source is parsed, forwarded to the analysis; target options (-mavx2, -march=...)
# too: they define macros (__AVX2__) and the analysis harness needs them to compile intrinsics.
PARSE_PREFIXES = ("-I", "-D", "-U", "-std=", "-include", "-isystem", "-iquote", "-idirafter", "-imacros", "-m")


def _say(msg: str) -> None:
    print(f"atc cc: {msg}", file=sys.stderr)


def _parse_args(args: list[str]):
    """Split the command line into source files (with their positions), parse flags, and the mode."""
    sources, parse_flags, mode, language = [], [], "link", None
    dep_files, output = [], None
    i = 0
    while i < len(args):
        a = args[i]
        value = None
        if a in TAKES_VALUE and i + 1 < len(args):
            value = args[i + 1]
        if a == "-x" and value is not None:
            language = value
        if a == "-o" and value is not None:
            output = value
        if a == "-MF" and value is not None:
            dep_files.append(value)
        elif a.startswith("-MF") and len(a) > 3:
            dep_files.append(a[3:])
        elif a.startswith(("-Wp,-MD,", "-Wp,-MMD,")):
            dep_files.append(a.split(",", 2)[2])
        if a in ("-c", "-S"):
            mode = "compile"
        if a in PASS_THROUGH or a.startswith("-print-"):
            mode = "pass"
        if a.startswith(PARSE_PREFIXES):
            parse_flags.append(a if value is None else a)
            if value is not None:
                parse_flags.append(value)
        if value is not None:
            i += 2
            continue
        if not a.startswith("-") and a.endswith(".c") and language in (None, "c"):
            sources.append(i)
        i += 1
    return sources, parse_flags, mode, dep_files, output


def _dep_file_candidates(args, sources, output, dep_files) -> list[str]:
    if not any(a in ("-MD", "-MMD") or a.startswith(("-Wp,-MD,", "-Wp,-MMD,")) for a in args):
        return []
    if dep_files:
        return dep_files
    if output:
        return [os.path.splitext(output)[0] + ".d"]
    return [os.path.splitext(os.path.basename(args[i]))[0] + ".d" for i in sources]


def _fix_dep_files(paths: list[str], renames: dict[str, str]) -> None:
    """Dependency files name the rewritten copy; make them name the user's source again."""
    for path in paths:
        try:
            with open(path) as f:
                text = f.read()
        except OSError:
            continue
        for tmp, orig in renames.items():
            text = text.replace(tmp, orig)
        with open(path, "w") as f:
            f.write(text)


def _run(cmd: list[str]) -> int:
    try:
        return subprocess.call(cmd)
    except OSError as exc:
        _say(f"cannot run {cmd[0]}: {exc.strerror}")
        return 127


def main(args: list[str]) -> int:
    target = os.environ.get("ATC_TARGET", runtime.DEFAULT_TARGET)
    kept = []
    for a in args:
        if a.startswith("--atc-target="):
            target = a.split("=", 1)[1]
        else:
            kept.append(a)
    args = kept
    cc = runtime.real_cc()
    sources, parse_flags, mode, dep_files, output = _parse_args(args)
    if mode == "pass" or not args:
        return _run([cc] + args)

    verbose = os.environ.get("ATC_VERBOSE", "") not in ("", "0")
    timeout = float(os.environ.get("ATC_TIMEOUT", "60"))
    workdir = tempfile.mkdtemp(prefix="atc-cc-")
    try:
        new_args = list(args)
        renames = {}
        try:
            runtime.cflags(target)  # an unknown target, or one whose library is missing, fails here
            link_flags = runtime.libs(target) if mode == "link" else []
            compile_flags = ["-idirafter", str(runtime.stubs_dir())] + runtime.tuned_defines()
        except Exception as exc:  # noqa: BLE001 - any failure means: build the original
            _say(f"runtime unavailable ({exc}); compiling the original sources")
            return _run([cc] + args)
        source_dirs = []
        for pos in sources:
            src = args[pos]
            rewritten = _rewrite(src, parse_flags, timeout, workdir, len(renames), verbose)
            if rewritten:
                new_args[pos] = rewritten
                renames[rewritten] = src
                # The copy's own directory is empty: its quoted includes must find the source's directory
                # first, ahead of the user's -iquote directories, as they would for the original.
                source_dirs += ["-iquote", os.path.dirname(os.path.abspath(src))]
        if not renames:
            return _run([cc] + args + link_flags)
        status = _run([cc] + source_dirs + compile_flags + new_args + link_flags)
        if status == 0:
            _fix_dep_files(_dep_file_candidates(args, sources, output, dep_files), renames)
            return 0
        _say("the rewritten source did not compile; compiling the original instead")
        return _run([cc] + args + link_flags)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _rewrite(src: str, flags, timeout, workdir, index, verbose) -> str | None:
    """Path of the rewritten copy of src, or None to compile src as it is."""
    from .cache import compile_cached
    try:
        result = compile_cached(src, flags, region_timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - any failure means: build the original
        _say(f"{src}: not rewritten ({exc})")
        return None
    for line in result.summary:
        if verbose or "replaced by" in line:
            print(line, file=sys.stderr)
    if not result.changed:
        return None
    sub = os.path.join(workdir, str(index))
    os.makedirs(sub)
    path = os.path.join(sub, os.path.basename(src))
    with open(path, "wb") as f:
        f.write(result.rewritten(compact=True))
    return path
