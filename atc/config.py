"""Configuration: every ATC_* environment variable the Python side reads, every default, and where ATC's
files are (its cache, the runtime's sources), in one place.

Read at the moment of use (not at import), so a test or a build can change the environment between runs.
This module imports nothing heavy: `atc cc` reads it before deciding whether any analysis is needed.
"""

from __future__ import annotations

import os
from pathlib import Path

from . import __version__
from .errors import AtcError

DEFAULT_TARGET = "openblas"
REGION_TIMEOUT = 60.0      # seconds of work per region (analysis, search, tests, proof)
RUN_DEADLINE = 180.0       # seconds for a whole `atc compile` or `atc cc` invocation
LOCK_WAIT = 60.0           # seconds to wait for another process building the same runtime library


def _flag(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def _seconds(name: str, default: float) -> float:
    """A positive number of seconds from the environment; the default when unset or unreadable."""
    try:
        value = float(os.environ[name])
    except (KeyError, ValueError):
        return default
    return value if value >= 0 else default


def target() -> str:
    """ATC_TARGET: the library rewritten code calls through."""
    return os.environ.get("ATC_TARGET") or DEFAULT_TARGET


def real_cc() -> str:
    """ATC_REAL_CC: the compiler `atc cc` drives."""
    return os.environ.get("ATC_REAL_CC") or "cc"


def verbose() -> bool:
    """ATC_VERBOSE=1: `atc cc` prints every decision, not only the replacements."""
    return _flag("ATC_VERBOSE")


def region_timeout() -> float:
    """ATC_TIMEOUT: seconds per region for `atc cc` (`atc compile` takes --timeout)."""
    return _seconds("ATC_TIMEOUT", REGION_TIMEOUT)


def run_deadline() -> float:
    """ATC_DEADLINE: seconds for one whole invocation; past it, what is left is compiled unchanged."""
    return _seconds("ATC_DEADLINE", RUN_DEADLINE)


def cache_enabled() -> bool:
    """ATC_NO_CACHE=1 turns the result cache off."""
    return not _flag("ATC_NO_CACHE")


def cache_root() -> Path:
    """ATC_CACHE_DIR, else the platform's user cache directory (honours XDG_CACHE_HOME)."""
    root = os.environ.get("ATC_CACHE_DIR")
    if root:
        return Path(root)
    import platformdirs
    return Path(platformdirs.user_cache_dir("atc", appauthor=False))


def cache_dir() -> Path:
    """This version's directory under the cache root (results, the runtime's builds, tuning)."""
    path = cache_root() / __version__
    path.mkdir(parents=True, exist_ok=True)
    return path


RUNTIME_HEADER = "atc_runtime.h"


def stubs_dir() -> Path:
    """runtime_stubs/ beside the package in a source tree, or the copy installed inside the package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "runtime_stubs", here / "runtime_stubs"):
        if (candidate / RUNTIME_HEADER).is_file():
            return candidate
    raise AtcError("ATC runtime headers not found; reinstall atc")
