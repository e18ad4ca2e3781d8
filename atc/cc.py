"""`atc cc`: a drop-in C compiler driver (CC="atc cc").

Each C source on the command line is rewritten into a private temporary directory, then the real compiler
($ATC_REAL_CC, default cc) compiles it with the user's flags plus the runtime's include path, and links
the runtime when it links. Whatever goes wrong on the way (a file ATC cannot analyse, a rewritten file that
does not compile), the original command runs unchanged, so a build that passes with the real compiler
passes with `atc cc`.
"""

from __future__ import annotations

import os
import sys
import time

from . import config

# subprocess, tempfile, shutil and threading are imported where used: a command served from the cache
# becomes the real compiler without them.

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
    import subprocess
    try:
        return subprocess.call(cmd)
    except OSError as exc:
        _say(f"cannot run {cmd[0]}: {exc.strerror}")
        return 127


def _exec(cmd: list[str]) -> int:
    """Become the real compiler: when ATC has nothing to add, the command costs what it costs without ATC."""
    sys.stdout.flush()
    sys.stderr.flush()
    try:
        os.execvp(cmd[0], cmd)
    except OSError as exc:
        _say(f"cannot run {cmd[0]}: {exc.strerror}")
    return 127


class _Original:
    """The user's command run as it is, started before the analysis so that, when nothing is rewritten (most
    files), its output is ready as soon as the analysis is; its diagnostics are shown only if it is used."""

    def __init__(self, cmd: list[str], workdir: str):
        import subprocess
        import tempfile
        self.cmd = cmd
        self.out = tempfile.TemporaryFile(dir=workdir)
        self.err = tempfile.TemporaryFile(dir=workdir)
        try:
            self.proc = subprocess.Popen(cmd, stdout=self.out, stderr=self.err)
        except OSError as exc:
            self.proc, self.failure = None, exc.strerror

    def result(self) -> int:
        """Wait for it and pass its output on: its exit status is the command's."""
        if self.proc is None:
            _say(f"cannot run {self.cmd[0]}: {self.failure}")
            return 127
        status = self.proc.wait()
        for captured, stream in ((self.out, sys.stdout), (self.err, sys.stderr)):
            captured.seek(0)
            stream.flush()
            stream.buffer.write(captured.read())
            stream.flush()
        return status

    def discard(self) -> None:
        """Stop it (its outputs are about to be written by the rewritten compile) and forget its output."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
        if self.proc is not None:
            self.proc.wait()


def main(args: list[str]) -> int:
    deadline = time.perf_counter() + config.run_deadline()
    target = config.target()
    kept = []
    for a in args:
        if a.startswith("--atc-target="):
            target = a.split("=", 1)[1]
        else:
            kept.append(a)
    args = kept
    cc = config.real_cc()
    sources, parse_flags, mode, dep_files, output = _parse_args(args)
    if mode == "pass" or not args:
        return _exec([cc] + args)
    hits = _cache_hits(args, sources, parse_flags)
    if mode == "compile" and hits is not None and not any(r.changed for r in hits.values()):
        _show(hits.values())
        return _exec([cc] + args)  # every source was seen before, and none is rewritten

    import shutil
    import tempfile
    workdir = tempfile.mkdtemp(prefix="atc-cc-")
    try:
        original = _Original([cc] + args, workdir) if mode == "compile" and sources and hits is None else None

        def build_original(extra=()) -> int:
            return original.result() if original is not None and not extra else _run([cc] + args + list(extra))

        # Linking needs the runtime whatever this command compiles (other objects may call it); compiling
        # needs it only once something was rewritten.
        flags = _runtime_flags(target, mode) if mode == "link" else None
        if flags is None and mode == "link":
            return build_original()
        if hits is not None:
            _show(hits.values())
            copies = {pos: _copy(result, workdir, pos) for pos, result in hits.items()}
            renames = {pos: path for pos, path in copies.items() if path}
        else:
            renames = _rewrite_all(args, sources, parse_flags, workdir, deadline)
        if renames and flags is None:
            flags = _runtime_flags(target, mode)
        if not renames or flags is None:
            return build_original(flags[0] if flags else [])
        link_flags, compile_flags = flags
        if original is not None:
            original.discard()
        new_args = [renames.get(i, a) for i, a in enumerate(args)]
        # The copies' own directory is empty: their quoted includes must find the source's directory first,
        # ahead of the user's -iquote directories, as they would for the original.
        source_dirs = [f for i in renames for f in ("-iquote", os.path.dirname(os.path.abspath(args[i])))]
        status = _run([cc] + source_dirs + compile_flags + new_args + link_flags)
        if status == 0:
            _fix_dep_files(_dep_file_candidates(args, sources, output, dep_files),
                           {renames[i]: args[i] for i in renames})
            return 0
        _say("the rewritten source did not compile; compiling the original instead")
        return _run([cc] + args + link_flags)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


# The environment the targets' flags depend on besides the installed files (cuBLAS's toolkit location).
FLAG_ENVIRONMENT = ("CUDA_HOME",)


def _runtime_flags(target, mode) -> tuple[list, list] | None:
    """(link flags, compile flags) for the target's runtime; None, with a note, when it is unavailable.
    What they resolved to is remembered, so that a later command neither imports the vendor library's
    package nor searches the installed files, until one of the files they came from changes."""
    from . import cache
    link = mode == "link"
    inputs = [target, link, sys.executable, sys.prefix, [os.environ.get(v) for v in FLAG_ENVIRONMENT]]
    try:
        known = cache.remembered("runtime-flags", inputs) if config.cache_enabled() else None
        if known is not None:
            return known[0], known[1]
        from . import runtime
        runtime.cflags(target)  # an unknown target, or one whose library is missing, fails here
        link_flags = runtime.libs(target) if link else []
        flags = link_flags, ["-idirafter", str(runtime.stubs_dir())] + runtime.tuned_defines(target)
    except Exception as exc:  # noqa: BLE001 - any failure means: build the original
        _say(f"runtime unavailable ({exc}); compiling the original sources")
        return None
    if config.cache_enabled():
        try:
            cache.remember("runtime-flags", inputs, runtime.flag_inputs(target, link), flags)
        except Exception:  # noqa: BLE001 - not remembered: the next command resolves them again
            pass
    return flags


def _cache_hits(args, sources, parse_flags) -> dict | None:
    """{position of a source: its stored result} when every source's result is stored, else None."""
    if not sources or not config.cache_enabled():
        return None
    from .cache import cached
    hits = {}
    for pos in sources:
        try:
            hit = cached(args[pos], parse_flags, region_timeout=config.region_timeout())
        except Exception:  # noqa: BLE001 - an unreadable cache entry is a miss
            hit = None
        if hit is None:
            return None
        hits[pos] = hit
    return hits


def _rewrite_all(args, sources, parse_flags, workdir, deadline) -> dict:
    """{position of a source on the command line: path of its rewritten copy}, for the sources rewritten
    before the deadline; past it, none (the original is compiled, whatever the analysis is doing)."""
    renames = {}
    timeout = config.region_timeout()
    verbose = config.verbose()

    def rewrite_each():
        for pos in sources:
            rewritten = _rewrite(args[pos], parse_flags, timeout, workdir, len(renames), verbose, deadline)
            if rewritten:
                renames[pos] = rewritten

    import threading
    remaining = deadline - time.perf_counter()
    worker = threading.Thread(target=rewrite_each, daemon=True)  # abandoned, not joined, at the deadline
    if remaining > 0:
        worker.start()
        worker.join(remaining)
    if remaining <= 0 or worker.is_alive():
        _say(f"the analysis did not end within the deadline ({config.run_deadline():g} s, ATC_DEADLINE); "
             "compiling the original sources")
        return {}
    return renames


def _rewrite(src: str, flags, timeout, workdir, index, verbose, deadline) -> str | None:
    """Path of the rewritten copy of src, or None to compile src as it is."""
    from .cache import compile_cached
    try:
        result = compile_cached(src, flags, region_timeout=timeout, deadline=deadline)
    except Exception as exc:  # noqa: BLE001 - any failure means: build the original
        _say(f"{src}: not rewritten ({exc})")
        return None
    _show([result], verbose)
    return _copy(result, workdir, index)


def _show(results, verbose: bool | None = None) -> None:
    """The decisions: the replacements always, every decision under ATC_VERBOSE."""
    verbose = config.verbose() if verbose is None else verbose
    for result in results:
        for line in result.summary:
            if verbose or "replaced by" in line:
                print(line, file=sys.stderr)


def _copy(result, workdir, index) -> str | None:
    """Where the rewritten file was written (under the same name, in a directory of its own); None when
    nothing changed."""
    if not result.changed:
        return None
    sub = os.path.join(workdir, str(index))
    os.makedirs(sub)
    path = os.path.join(sub, os.path.basename(result.path))
    with open(path, "wb") as f:
        f.write(result.rewritten(compact=True))
    return path
