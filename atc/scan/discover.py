"""Which C files to scan, and with which flags.

Flags come, in order of preference, from a compilation database (`compile_commands.json` in the folder named
by -p, or at the top of a scanned folder), from a recorded `make` dry run (parsed by compiledb), or from
defaults (the file's folder and the project's `include/` on the include path).
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import AtcError

C_SUFFIXES = (".c",)
SKIPPED_DIRS = {".git", ".hg", ".svn", "node_modules", "__pycache__"}
MAKE_DRY_RUN_TIMEOUT = 300.0
# Options with a separate value that the pipeline needs (paths among them are made absolute).
PATH_OPTIONS = ("-I", "-isystem", "-iquote", "-idirafter", "-include")
VALUE_OPTIONS = ("-D", "-U") + PATH_OPTIONS


@dataclass(frozen=True)
class Unit:
    """One file to scan: its absolute path, the flags it is parsed with, its project and where the flags came from."""
    path: str
    flags: tuple
    project: str
    flags_from: str

    @property
    def flags_text(self) -> str:
        return json.dumps(list(self.flags))


def parse_flags(arguments: list[str], directory: str) -> list[str]:
    """The options of one compile command that change what the source means: include paths, macros,
    the language standard, -include, target (-m) and OpenMP options. Relative paths become absolute."""
    keep, i = [], 1  # arguments[0] is the compiler
    while i < len(arguments):
        arg = arguments[i]
        option = next((o for o in VALUE_OPTIONS if arg == o or arg.startswith(o)), None)
        if option is not None:
            value = arg[len(option):]
            if not value and i + 1 < len(arguments):
                i += 1
                value = arguments[i]
            if option in PATH_OPTIONS:
                value = os.path.normpath(os.path.join(directory, value))
            keep.extend([option + value] if option in ("-I", "-D", "-U") else [option, value])
        elif arg.startswith("-std=") or arg.startswith("-m") or arg == "-fopenmp" or arg.startswith("-fopenmp="):
            keep.append(arg)
        i += 1
    return keep


def _units_from_entries(entries: list[dict], project_of, flags_from: str) -> list[Unit]:
    units, seen = [], set()
    for entry in entries:
        directory = entry.get("directory", ".")
        arguments = entry.get("arguments") or shlex.split(entry.get("command", ""))
        path = os.path.normpath(os.path.join(directory, entry["file"]))
        if not path.endswith(C_SUFFIXES) or not os.path.isfile(path) or not arguments:
            continue
        unit = Unit(path, tuple(parse_flags(arguments, directory)), project_of(path), flags_from)
        if (unit.path, unit.flags) not in seen:
            seen.add((unit.path, unit.flags))
            units.append(unit)
    return units


def load_compile_commands(path: str) -> list[dict]:
    try:
        with open(path) as f:
            entries = json.load(f)
    except (OSError, ValueError) as exc:
        raise AtcError(f"{path}: cannot read the compilation database: {exc}") from exc
    if not isinstance(entries, list):
        raise AtcError(f"{path}: not a compilation database (expected a JSON list)")
    return entries


def record_make(directory: str) -> list[dict]:
    """The compile commands a `make` dry run prints in this folder (nothing is built), as database entries."""
    make = shutil.which("make")
    if make is None:
        return []
    try:
        from compiledb.parser import parse_build_log
    except ImportError as exc:
        raise AtcError("reading flags from a Makefile needs compiledb (pip install 'atc[make]'); "
                       "or give a compile_commands.json with -p") from exc
    try:
        proc = subprocess.run([make, "-Bnkw"], cwd=directory, capture_output=True, text=True, errors="replace",
                              timeout=MAKE_DRY_RUN_TIMEOUT, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return parse_build_log(iter(proc.stdout.splitlines(keepends=True)), directory, []).compdb


def default_flags(path: str, root: str) -> list[str]:
    dirs = [os.path.dirname(path), root] + [os.path.join(root, "include")]
    return [f"-I{d}" for d in dict.fromkeys(dirs) if os.path.isdir(d)]


def c_files(root: str):
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(C_SUFFIXES):
                yield os.path.join(dirpath, name)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def discover(paths: list[str], build_dir: str | None = None) -> list[Unit]:
    """Every file to scan under the given paths (files or folders; each folder is one project)."""
    roots = [os.path.abspath(p) for p in paths]
    for root in roots:
        if not os.path.exists(root):
            raise AtcError(f"{root}: no such file or directory")

    def project_of(path: str) -> str:
        root = max((r for r in roots if _inside(path, r)), key=len, default=os.path.dirname(path))
        return os.path.basename(root if os.path.isdir(root) else os.path.dirname(root))

    if build_dir is not None:
        db = os.path.join(build_dir, "compile_commands.json")
        if not os.path.isfile(db):
            raise AtcError(f"{build_dir}: holds no compile_commands.json")
        units = _units_from_entries(load_compile_commands(db), project_of, "compile_commands")
        return [u for u in units if any(_inside(u.path, r) for r in roots)]

    units = []
    for root in roots:
        if os.path.isfile(root):
            units.append(Unit(root, tuple(default_flags(root, os.path.dirname(root))), project_of(root), "default"))
            continue
        db = os.path.join(root, "compile_commands.json")
        if os.path.isfile(db):
            units += _units_from_entries(load_compile_commands(db), project_of, "compile_commands")
            continue
        if any(os.path.isfile(os.path.join(root, m)) for m in ("GNUmakefile", "makefile", "Makefile")):
            recorded = _units_from_entries(record_make(root), project_of, "make")
            if recorded:
                units += recorded
                continue
        units += [Unit(p, tuple(default_flags(p, root)), project_of(p), "default") for p in c_files(root)]
    unique = {(u.path, u.flags): u for u in units}
    return list(unique.values())
