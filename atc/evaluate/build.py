"""Building and running C programs, plain and rewritten, with time limits."""

from __future__ import annotations

import os
import resource
import subprocess
from dataclasses import dataclass

from .. import runtime

RUN_TIMEOUT = 60.0


@dataclass
class Run:
    ok: bool
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0      # wall time, process start included
    error: str = ""
    cpu_seconds: float = 0.0  # the program's own CPU time (user + system, all its threads)

    @property
    def library_calls(self) -> int:
        return sum(1 for ln in self.stderr.splitlines() if ln.startswith("atc-trace:"))


def compile_c(src: str, exe: str, flags: list[str] | None = None, rewritten: bool = False,
              target: str = runtime.DEFAULT_TARGET, source_dir: str | None = None) -> str:
    """'' on success, else the compiler's first error line."""
    cmd = [runtime.real_cc(), "-O2", *(flags or [])]
    if rewritten:
        cmd += runtime.cflags(target)
        if source_dir:
            cmd += ["-iquote", source_dir]
    cmd += [src, "-o", exe]
    cmd += runtime.libs(target) if rewritten else ["-lm"]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        lines = [ln for ln in proc.stderr.splitlines() if "error" in ln] or proc.stderr.splitlines() or ["failed"]
        return lines[0]
    return ""


def run_program(exe: str, args: list[str] | None = None, trace: bool = False,
                timeout: float = RUN_TIMEOUT, env_extra: dict | None = None) -> Run:
    env = dict(os.environ)
    env.pop("ATC_TRACE", None)
    if trace:
        env["ATC_TRACE"] = "1"
    env.update(env_extra or {})
    import time
    start, cpu_start = time.perf_counter(), _children_cpu()
    try:
        proc = subprocess.run([exe, *(args or [])], capture_output=True, text=True, env=env, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return Run(False, error=f"did not finish within {timeout:g} s")
    seconds, cpu = time.perf_counter() - start, _children_cpu() - cpu_start
    if proc.returncode != 0:
        return Run(False, proc.stdout, proc.stderr, seconds, error=f"exit status {proc.returncode}", cpu_seconds=cpu)
    return Run(True, proc.stdout, proc.stderr, seconds, cpu_seconds=cpu)


def _children_cpu() -> float:
    """CPU time of this process's finished children (one child runs at a time here)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
