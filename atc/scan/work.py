"""One file's analysis, as every engine runs it: the pipeline's report trimmed to what the store keeps.

`analyse` is the only call into the pipeline. A per-file deadline stops a file that runs too long: softly (an
exception, when the work runs on a process's main thread) and, should the process be stuck in native code,
hard (the process exits, and the engine treats it like any other dead worker).
"""

from __future__ import annotations

import faulthandler
import signal
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass

from ..errors import AtcError
from .discover import Unit

HARD_DEADLINE_GRACE = 10.0   # seconds past the deadline before a stuck process is ended


@dataclass(frozen=True)
class Options:
    region_timeout: float = 60.0
    classifier: bool = True
    deadline: float | None = None   # seconds per file


class FileDeadline(Exception):
    pass


def analyse(path: str, flags: list[str], options: Options) -> dict:
    """The pipeline's report for one file (served from ATC's own cache when it saw the same inputs)."""
    from ..cache import compile_cached
    return compile_cached(path, flags, region_timeout=options.region_timeout, classifier=options.classifier).report


@contextmanager
def deadline(seconds: float | None):
    if not seconds:
        yield
        return
    soft = threading.current_thread() is threading.main_thread()
    if soft:
        def expire(signum, frame):
            raise FileDeadline(f"per-file deadline of {seconds:g}s exceeded")
        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    faulthandler.dump_traceback_later(seconds + max(HARD_DEADLINE_GRACE, 0.2 * seconds), exit=True)
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()
        if soft:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


REPLACEMENT_FIELDS = ("function", "start_line", "end_line", "region", "op", "api", "binding", "verified",
                      "search_seconds")
REJECTED_FIELDS = ("function", "start_line", "end_line", "region", "reason", "search_seconds")


def result(unit: Unit, status: str, seconds: float = 0.0, report: dict | None = None, error: str = "",
           attempts: int = 1) -> dict:
    """What an engine hands back for one file: status is done (analysed), error (ATC could not take the
    file) or failed (its worker died, or the deadline passed)."""
    report = report or {"replacements": [], "rejected": [], "errors": []}
    return {
        "path": unit.path, "flags": list(unit.flags), "project": unit.project, "flags_from": unit.flags_from,
        "status": status, "seconds": round(seconds, 3), "error": error, "attempts": attempts,
        "replacements": [{k: e.get(k) for k in REPLACEMENT_FIELDS} for e in report["replacements"]],
        "rejected": [{k: e.get(k) for k in REJECTED_FIELDS} for e in report["rejected"]],
        "errors": list(report["errors"]),
    }


def scan_file(unit: Unit, options: Options, attempt: int = 1) -> dict:
    start = time.perf_counter()
    try:
        with deadline(options.deadline):
            report = analyse(unit.path, list(unit.flags), options)
    except FileDeadline as exc:
        return result(unit, "failed", time.perf_counter() - start, error=str(exc), attempts=attempt)
    except AtcError as exc:
        return result(unit, "error", time.perf_counter() - start, error=str(exc), attempts=attempt)
    except Exception as exc:  # noqa: BLE001 - one file's failure is recorded, the scan goes on
        return result(unit, "error", time.perf_counter() - start, error=f"internal error: {type(exc).__name__}: {exc}",
                      attempts=attempt)
    return result(unit, "done", time.perf_counter() - start, report=report, attempts=attempt)
