"""Compile a region into a harness program and run it, contained, on given leaf values.

The harness is the user's file (its `main` renamed) plus, for a loop nest, the loop outlined into a
function, plus a driver that reads leaf values from a file, runs the region and writes the leaves back.
What the file uses from the other files of its program is stood in for: its variables are defined (zeroed,
of their declared types), its functions abort with a message if ever called (the region itself calls none).
Pointer buffers are placed so that their last element ends a page followed by an inaccessible page: an
access past a buffer's end crashes the run instead of passing unnoticed. In "reach" mode the driver finds,
for each pointer buffer, the smallest size the region runs with (forking one child per try).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import signal
import struct
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from ..frontend.regions import Region
from ..runtime import real_cc

RUN_TIMEOUT = 10.0          # seconds for one run of the harness (all forks of a reach run included)
CHILD_TIMEOUT = 2           # seconds for one forked try in reach mode
MEMORY_LIMIT = 2 << 30      # address space of a harness run
FILE_LIMIT = 256 << 20      # largest file a harness run may write
PRE_C99 = {"-std=c89", "-std=c90", "-std=gnu89", "-std=gnu90", "-std=iso9899:1990", "-std=iso9899:199409"}


class HarnessError(Exception):
    """The region could not be built or run; the message is the reason shown to the user."""


# How linkers name a symbol no input defines (GNU ld and gold; lld and mold).
UNDEFINED_SYMBOL = re.compile(r"undefined reference to [`'\u2018]([^'`\u2019\s]+)['\u2019]|undefined symbol: (\S+)")
# Lines of a failed build that say nothing about its cause (summaries, context, include chains).
NOISE = re.compile(r"^collect2: |ld returned \d+ exit status|: [Ii]n function [`'\u2018]|^In file included from |"
                   r"^from |error adding symbols|^compilation terminated")
LINK_FAILED = re.compile(r"^collect2: |ld returned \d+ exit status", re.M)
# Marks the definitions of variables other files define, so that a failure among them is told apart.
STANDIN_DATA_FILE = "__atc_standin_data"
THREAD_LOCAL = "__thread "

STANDIN_FUNCTIONS = r"""
#include <stdio.h>
#include <stdlib.h>
static void __atc_unreachable(const char *name)
{
    fprintf(stderr, "atc-harness: '%s' is defined in another file of the program and cannot run here\n", name);
    abort();
}
"""


DRIVER = r"""
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* mmap's MAP_ANONYMOUS under strict -std= modes */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <unistd.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <sys/resource.h>
"""

# The run's limits, set by the harness itself before any of the user's code can run (a constructor of the
# earliest priority a program may use): started without Python code between fork and exec, a run is spawned
# cheaply (vfork) by the analysis process, however large.
LIMITS = f"""
__attribute__((constructor(101))) static void __atc_limits(void)
{{
    struct rlimit as = {{{MEMORY_LIMIT}, {MEMORY_LIMIT}}}, fsize = {{{FILE_LIMIT}, {FILE_LIMIT}}}, core = {{0, 0}};
    struct rlimit cpu = {{{int(RUN_TIMEOUT) + 5}, {int(RUN_TIMEOUT) + 5}}};
    if (setrlimit(RLIMIT_AS, &as) || setrlimit(RLIMIT_FSIZE, &fsize) || setrlimit(RLIMIT_CORE, &core) ||
        setrlimit(RLIMIT_CPU, &cpu)) {{
        fputs("atc-harness: cannot set its resource limits\\n", stderr);
        _exit(3);
    }}
}}
"""

RUNTIME_HELPERS = r"""
static FILE *__atc_in, *__atc_out;
static int64_t __atc_n[__ATC_NLEAF + 1];
static void *__atc_stage[__ATC_NLEAF + 1];
static int64_t __atc_ival[__ATC_NLEAF + 1];
static double __atc_rval[__ATC_NLEAF + 1];
static void *__atc_buf[__ATC_NLEAF + 1];

static void __atc_die(const char *what) { fprintf(stderr, "atc-harness: %s\n", what); exit(3); }
static void __atc_rd(void *p, size_t n) { if (n && fread(p, 1, n, __atc_in) != n) __atc_die("short input"); }
static void __atc_wr(const void *p, size_t n) { if (n && fwrite(p, 1, n, __atc_out) != n) __atc_die("short output"); }

/* n bytes ending exactly at a page boundary, after an inaccessible page and before an inaccessible area of
 * at least `guard` bytes: an access up to `guard` bytes past the end faults instead of landing in another
 * mapping (so the reach search, which shortens buffers, sees every overshoot). */
static void *__atc_alloc(size_t n, size_t guard)
{
    size_t pg = (size_t)sysconf(_SC_PAGESIZE);
    size_t span = (n + pg - 1) / pg * pg;
    size_t after = (guard + pg - 1) / pg * pg;
    if (after < pg) after = pg;
    char *base = mmap(NULL, span + pg + after, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED) __atc_die("out of memory");
    if (mprotect(base, pg, PROT_NONE) || mprotect(base + pg + span, after, PROT_NONE)) __atc_die("mprotect");
    return base + pg + span - n;
}

static void __atc_load_scalar_i(int i) { __atc_rd(&__atc_ival[i], 8); }
static void __atc_load_scalar_r(int i) { __atc_rd(&__atc_rval[i], 8); }
static void __atc_load_buffer(int i, size_t esize)
{
    __atc_rd(&__atc_n[i], 8);
    __atc_stage[i] = malloc((size_t)__atc_n[i] * esize + 1);
    if (!__atc_stage[i]) __atc_die("out of memory");
    __atc_rd(__atc_stage[i], (size_t)__atc_n[i] * esize);
}
static void *__atc_place(int i, size_t esize, int limit_leaf, int64_t limit)
{
    int64_t n = (i == limit_leaf) ? limit : __atc_n[i];
    void *p = __atc_alloc((size_t)n * esize, (size_t)__atc_n[i] * esize);
    memcpy(p, __atc_stage[i], (size_t)(n < __atc_n[i] ? n : __atc_n[i]) * esize);
    __atc_buf[i] = p;
    return p;
}
static void __atc_copy_in(int i, void *dst, size_t cap, size_t esize)
{
    size_t bytes = (size_t)__atc_n[i] * esize;
    if (bytes > cap) __atc_die("buffer larger than its array");
    memcpy(dst, __atc_stage[i], bytes);
    __atc_buf[i] = dst;
}
/* Rows of a row-pointer matrix: pointers `ld` elements apart into the block of leaf i, as many as the staged
 * block holds (in reach mode the block may be shorter: rows past its end point at the inaccessible area). */
static void *__atc_rows[__ATC_NLEAF + 1];
static int64_t __atc_nrows[__ATC_NLEAF + 1];
static void *__atc_make_rows(int i, size_t esize, int64_t ld)
{
    if (ld < 1) __atc_die("row spacing below 1");
    int64_t n = (__atc_n[i] + ld - 1) / ld;
    char **rows = __atc_alloc((size_t)n * sizeof(char *), (size_t)n * sizeof(char *));
    for (int64_t r = 0; r < n; r++) rows[r] = (char *)__atc_buf[i] + (size_t)(r * ld) * esize;
    __atc_rows[i] = rows;
    __atc_nrows[i] = n;
    return rows;
}
/* The rewrite passes the row array on unchanged: a region that repoints rows is not analysed. */
static void __atc_check_rows(int i, size_t esize, int64_t ld)
{
    char **rows = __atc_rows[i];
    for (int64_t r = 0; r < __atc_nrows[i]; r++)
        if (rows[r] != (char *)__atc_buf[i] + (size_t)(r * ld) * esize) __atc_die("the region changes row pointers");
}
static void __atc_dump_buffer(int i, size_t esize) { __atc_wr(&__atc_n[i], 8); __atc_wr(__atc_buf[i], (size_t)__atc_n[i] * esize); }
static void __atc_dump_i(int64_t v) { __atc_wr(&v, 8); }
static void __atc_dump_r(double v) { __atc_wr(&v, 8); }

"""

RUNTIME_MAIN = r"""
static int __atc_try(int limit_leaf, int64_t limit)
{
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) __atc_die("fork");
    if (pid == 0) {
        alarm(__ATC_CHILD_TIMEOUT);
        __atc_setup(limit_leaf, limit);
        __atc_call();
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(int argc, char **argv)
{
    if (argc != 4) __atc_die("usage: harness run|reach IN OUT");
    __atc_in = fopen(argv[2], "rb");
    if (!__atc_in) __atc_die("cannot open input");
    __atc_load();
    fclose(__atc_in);
    __atc_out = fopen(argv[3], "wb");
    if (!__atc_out) __atc_die("cannot open output");
    if (strcmp(argv[1], "run") == 0) {
        __atc_setup(-1, 0);
        __atc_call();
        __atc_dump();
    } else {
        for (int i = 0; i < __ATC_NLEAF; i++) {
            int64_t reach = -1;
            if (__atc_is_ptr[i]) {
                if (!__atc_try(i, __atc_n[i])) {
                    reach = -2;
                } else {
                    int64_t lo = 0, hi = __atc_n[i];
                    while (lo < hi) {
                        int64_t mid = lo + (hi - lo) / 2;
                        if (__atc_try(i, mid)) hi = mid; else lo = mid + 1;
                    }
                    reach = lo;
                }
            }
            __atc_wr(&reach, 8);
        }
    }
    if (fclose(__atc_out) != 0) __atc_die("cannot write output");
    return 0;
}
"""


def _driver_source(region: Region, user_source: str) -> str:
    leaves = region.leaves
    # a byte-order mark is only allowed at the start of a file, and the user's source comes after the driver's
    out = [DRIVER, LIMITS, "#define main __atc_user_main", user_source.lstrip("\ufeff"), "#undef main"]
    if region.result_type:
        out.append(f"static __typeof__({region.result_type}) __atc_ret, __atc_res;")
    if region.kind == "loop":
        temps = "".join(f"__typeof__({t}) {n}; " for n, t in region.temps)
        params = ", ".join(region.outline_params) or "void"
        keep = "".join(f" __atc_res = {leaf.expr};" for leaf in leaves if leaf.result)
        # The loop's extent may stop before the semicolon ending its body; the extra ";" is harmless.
        out.append(f"static void __atc_region({params})\n{{ {temps}\n{region.text};\n{keep} }}")
    out.append(f"#define __ATC_NLEAF {len(leaves)}")
    out.append(f"#define __ATC_CHILD_TIMEOUT {CHILD_TIMEOUT}")
    out.append("static const int __atc_is_ptr[__ATC_NLEAF + 1] = {" +
               ", ".join("1" if leaf.is_pointer_buffer else "0" for leaf in leaves) + (", " if leaves else "") + "0};")
    out.extend(root.decl for root in region.roots)
    out.append(RUNTIME_HELPERS)
    out.append("static void __atc_load(void) {")
    for i, leaf in enumerate(leaves):
        if leaf.kind == "int":
            out.append(f"  __atc_load_scalar_i({i});")
        elif leaf.kind == "real":
            out.append(f"  __atc_load_scalar_r({i});")
        else:
            out.append(f"  __atc_load_buffer({i}, sizeof({leaf.ctype}));")
    out.append("}")
    out.append("static void __atc_setup(int limit_leaf, int64_t limit) { (void)limit_leaf; (void)limit;")
    for root in region.roots:
        if root.struct_store:
            out.append(f"  memset(&{root.struct_store}, 0, sizeof {root.struct_store});")
    for i, leaf in enumerate(leaves):
        if leaf.kind == "int":
            out.append(f"  {leaf.set_expr} = (__typeof__({leaf.set_expr}))__atc_ival[{i}];")
        elif leaf.kind == "real":
            out.append(f"  {leaf.set_expr} = (__typeof__({leaf.set_expr}))__atc_rval[{i}];")
        elif leaf.spacing is not None:
            out.append(f"  __atc_place({i}, sizeof({leaf.ctype}), limit_leaf, limit);")
        elif leaf.is_pointer_buffer:
            out.append(f"  {leaf.set_expr} = (void *)__atc_place({i}, sizeof({leaf.ctype}), limit_leaf, limit);")
        else:
            out.append(f"  __atc_copy_in({i}, (void *)&({leaf.set_expr}), sizeof({leaf.set_expr}), sizeof({leaf.ctype}));")
    for i, leaf in enumerate(leaves):
        if leaf.spacing is not None:
            out.append(f"  {leaf.set_expr} = __atc_make_rows({i}, sizeof({leaf.ctype}), __atc_ival[{leaf.spacing}]);")
    out.append("}")
    out.append("static void __atc_dump(void) {")
    for i, leaf in enumerate(leaves):
        if leaf.kind == "int":
            out.append(f"  __atc_dump_i((int64_t)({leaf.set_expr}));")
        elif leaf.kind == "real":
            out.append(f"  __atc_dump_r((double)({leaf.dump_expr or leaf.set_expr}));")
        else:
            if leaf.spacing is not None:
                out.append(f"  __atc_check_rows({i}, sizeof({leaf.ctype}), __atc_ival[{leaf.spacing}]);")
            out.append(f"  __atc_dump_buffer({i}, sizeof({leaf.ctype}));")
    out.append("}")
    roots = ", ".join(r.hname for r in region.roots)
    callee = region.function if region.kind == "function" else "__atc_region"
    keep = "__atc_ret = " if region.kind == "function" and region.result_type else ""
    out.append(f"static void __atc_call(void) {{ {keep}{callee}({roots}); }}")
    out.append(RUNTIME_MAIN)
    return "\n".join(out)


# Per file and flags: the variables and functions of other files the harness stands in for.
_KNOWN_STANDINS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}


def _user_key(user_source: str, cflags: list[str]) -> str:
    return hashlib.sha256("\0".join([user_source, real_cc(), *cflags]).encode()).hexdigest()


def _undefined_symbols(linker_output: str) -> set[str]:
    return {a or b for a, b in UNDEFINED_SYMBOL.findall(linker_output)}


def _first_cause(output: str) -> str:
    """The first line of a failed build that names its cause, without the harness's temporary directory."""
    lines = [ln.strip() for ln in output.splitlines() if ln.strip()]
    cause = next((ln for ln in lines if not NOISE.search(ln)), lines[0] if lines else "no message")
    return re.sub(r"(/[^\s:]*/)?atc-harness-[^/\s:]*/", "", cause)


def _standin_functions(names) -> str:
    """C definitions, under each symbol name, of functions that abort naming themselves if called."""
    out = [STANDIN_FUNCTIONS]
    for i, name in enumerate(names):
        out.append(f'void __atc_standin_{i}(void) __asm__("{name}");\n'
                   f'void __atc_standin_{i}(void) {{ __atc_unreachable("{name}"); }}')
    return "\n".join(out) + "\n"


class Harness:
    """One compiled region; `run` and `reach` execute it in a fresh process in a private directory."""

    def __init__(self, region: Region, user_source: str, flags: list[str], source_dir: str,
                 timeout: float = RUN_TIMEOUT, deadline: float | None = None):
        self.region = region
        self.timeout = timeout
        self.deadline = deadline  # time.perf_counter() by which every run must have ended
        self.workdir = tempfile.mkdtemp(prefix="atc-harness-")
        self.exe = self._path("harness")
        self._runs = 0
        self._source = _driver_source(region, user_source)
        std = [f for f in flags if f.startswith("-std=")] or ["-std=gnu11"]
        if std[-1] in PRE_C99:
            std = ["-std=gnu99"]  # the driver is C99; gcc accepts the user's pre-C99 code there too
        user = [f for f in flags if not f.startswith("-std=")]
        self._cflags = ["-O1", "-w", *std[-1:], *user, "-iquote", source_dir]
        try:
            self._build(_user_key(user_source, self._cflags))
        except HarnessError:
            self.close()
            raise
        except subprocess.TimeoutExpired as exc:
            self.close()
            raise HarnessError("compiling the analysis harness timed out") from exc

    def _cc(self, *args) -> subprocess.CompletedProcess:
        # The C locale keeps the linker's messages in the form UNDEFINED_SYMBOL reads.
        env = {**os.environ, "LC_ALL": "C"}
        return subprocess.run([real_cc(), *args], capture_output=True, text=True, timeout=120, env=env)

    def _path(self, name: str) -> str:
        return os.path.join(self.workdir, name)

    def _compile(self, definitions: tuple[str, ...] = ()) -> tuple[str, ...]:
        """Compile the harness into harness.o, followed by the given stand-in definitions of other files'
        variables; one that does not compile is tried again thread-local, then left out (the name is no
        variable, or of an incomplete type). Returns the definitions compiled."""
        while True:
            Path(self._path("harness.c")).write_text(
                self._source + "".join(f'\n#line {i} "{STANDIN_DATA_FILE}"\n{d}' for i, d in enumerate(definitions, 1)))
            proc = self._cc(*self._cflags, "-c", self._path("harness.c"), "-o", self._path("harness.o"))
            if proc.returncode == 0:
                return definitions
            failed = {int(n) for n in re.findall(rf"^{STANDIN_DATA_FILE}:(\d+):\d+: error", proc.stderr, re.M)}
            retried = tuple(d if i not in failed else THREAD_LOCAL + d for i, d in enumerate(definitions, 1)
                            if i not in failed or not d.startswith(THREAD_LOCAL))
            if retried == definitions:
                raise HarnessError(f"region does not compile on its own: {_first_cause(proc.stderr)}")
            definitions = retried

    def _link(self, functions: tuple[str, ...] = ()) -> str | None:
        """Link harness.o, with stand-ins for the named functions; None, or the linker's complaint."""
        objects = [self._path("harness.o")]
        if functions:
            Path(self._path("standins.c")).write_text(_standin_functions(functions))
            proc = self._cc("-O1", "-w", "-c", self._path("standins.c"), "-o", self._path("standins.o"))
            if proc.returncode != 0:
                raise HarnessError(f"stand-ins for other files' functions do not compile: {_first_cause(proc.stderr)}")
            objects.append(self._path("standins.o"))
        proc = self._cc(*objects, "-o", self.exe, "-lm")
        return None if proc.returncode == 0 else proc.stderr

    def _build(self, key: str):
        """Compile and link the harness. Every name the linker finds undefined is first defined as a variable
        of its declared type; those still undefined then are functions and get stand-ins that abort."""
        if key in _KNOWN_STANDINS:  # another region of the same file already found them
            definitions, functions = _KNOWN_STANDINS[key]
            if self._compile(definitions) == definitions and self._link(functions) is None:
                return
        # The usual case, a file that needs nothing of other files: compiled and linked at once.
        Path(self._path("harness.c")).write_text(self._source)
        proc = self._cc(*self._cflags, self._path("harness.c"), "-o", self.exe, "-lm")
        if proc.returncode == 0:
            return
        missing = _undefined_symbols(proc.stderr)
        if not missing:
            stage = "link" if LINK_FAILED.search(proc.stderr) else "compile"
            raise HarnessError(f"region does not {stage} on its own: {_first_cause(proc.stderr)}")
        definitions = self._compile(tuple(f"__typeof__({name}) {name};" for name in sorted(missing)))
        functions = ()
        complaint = self._link()
        if complaint is not None:
            still = _undefined_symbols(complaint)
            if not still or not still <= missing:
                raise HarnessError(f"region does not link on its own: {_first_cause(complaint)}")
            functions = tuple(sorted(still))
            complaint = self._link(functions)
            if complaint is not None:
                raise HarnessError(f"region does not link on its own: {_first_cause(complaint)}")
        _KNOWN_STANDINS[key] = (definitions, functions)

    def close(self):
        shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def _encode(self, values) -> bytes:
        parts = []
        for leaf, value in zip(self.region.leaves, values):
            if leaf.kind == "int":
                parts.append(struct.pack("<q", int(value)))
            elif leaf.kind == "real":
                parts.append(struct.pack("<d", float(value)))
            else:
                arr = np.ascontiguousarray(value, dtype=leaf.dtype)
                parts.append(struct.pack("<q", arr.size))
                parts.append(arr.tobytes())
        return b"".join(parts)

    def _execute(self, mode: str, values) -> bytes:
        limit = self.timeout
        if self.deadline is not None:
            limit = min(limit, self.deadline - time.perf_counter())
            if limit <= 0:
                raise TimeoutError("search exceeded the region timeout (--timeout)")
        self._runs += 1
        rundir = tempfile.mkdtemp(dir=self.workdir, prefix=f"run{self._runs}-")
        inp, outp = os.path.join(rundir, "in.bin"), os.path.join(rundir, "out.bin")
        Path(inp).write_bytes(self._encode(values))
        try:
            proc = subprocess.Popen([self.exe, mode, inp, outp], cwd=rundir, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
            try:
                _, err = proc.communicate(timeout=limit)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.communicate()
                if limit < self.timeout:
                    raise TimeoutError("region did not finish before the region timeout (--timeout)") from None
                raise HarnessError(f"region did not finish within {self.timeout:g} s")
            msg = err.decode("utf-8", "replace").strip().splitlines()
            said = f": {msg[-1]}" if msg else ""
            if proc.returncode < 0:
                raise HarnessError(f"region crashed ({signal.Signals(-proc.returncode).name}){said}")
            if proc.returncode != 0:
                raise HarnessError(f"region exited with status {proc.returncode}{said}")
            return Path(outp).read_bytes()
        finally:
            shutil.rmtree(rundir, ignore_errors=True)

    def run(self, values) -> list:
        """Run the region once; returns every leaf's value afterwards."""
        data = self._execute("run", values)
        out, pos = [], 0
        for leaf in self.region.leaves:
            if leaf.kind == "int":
                out.append(struct.unpack_from("<q", data, pos)[0])
                pos += 8
            elif leaf.kind == "real":
                out.append(struct.unpack_from("<d", data, pos)[0])
                pos += 8
            else:
                n = struct.unpack_from("<q", data, pos)[0]
                pos += 8
                arr = np.frombuffer(data, dtype=leaf.dtype, count=n, offset=pos).copy()
                pos += arr.nbytes
                out.append(arr)
        return out

    def reach(self, values) -> list:
        """For each pointer buffer, the fewest elements the region runs with (None for other leaves,
        -2 when even the given size is not enough)."""
        data = self._execute("reach", values)
        reaches = struct.unpack(f"<{len(self.region.leaves)}q", data) if self.region.leaves else ()
        return [None if r == -1 else r for r in reaches]
