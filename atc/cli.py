"""Command line: `atc compile`, `atc cc`, `atc flags`, `atc eval`, `atc scan`, `atc report`."""

from __future__ import annotations

import os
import sys

from . import __version__, config
from .config import DEFAULT_TARGET
from .errors import AtcError

# Each command imports what it needs: `atc cc` starts with nothing beyond this module and the driver.


def _compile_parser(sub):
    p = sub.add_parser("compile", help="rewrite one C file, writing the result to stdout or -o",
                       description="Find tensor kernels in a C file and replace them by guarded library calls.")
    p.add_argument("file", help="C source file")
    p.add_argument("-o", "--output", help="where to write the rewritten source (default: stdout)")
    p.add_argument("--report", help="write a JSON report of every decision to this file")
    p.add_argument("-I", dest="includes", action="append", default=[], metavar="DIR", help="add an include directory")
    p.add_argument("-D", dest="defines", action="append", default=[], metavar="NAME[=VALUE]", help="define a macro")
    p.add_argument("--std", help="C standard, as for the compiler (e.g. c99)")
    p.add_argument("--timeout", type=float, default=config.REGION_TIMEOUT,
                   help=f"seconds of work per region (default: {config.REGION_TIMEOUT:g})")
    p.add_argument("--deadline", type=float, default=None,
                   help="seconds for the whole file; regions left then are kept unchanged "
                        f"(default: $ATC_DEADLINE, else {config.RUN_DEADLINE:g})")
    p.add_argument("--diff", action="store_true", help="write a unified diff instead of the whole rewritten file")
    p.add_argument("--explain", action="store_true",
                   help="print, for each candidate, why it was accepted or rejected (gate, constraints, tests, proof)")
    p.add_argument("--no-classifier", action="store_true",
                   help="search every candidate the gate lets through, in spec order (slower; for comparison)")
    p.add_argument("-q", "--quiet", action="store_true", help="do not print the per-decision summary")
    return p


def _flags(args) -> list[str]:
    flags = [f"-I{d}" for d in args.includes] + [f"-D{d}" for d in args.defines]
    if args.std:
        flags.append(f"-std={args.std}")
    return flags


def cmd_compile(args) -> int:
    import difflib
    import json
    import time
    from pathlib import Path

    from .cache import compile_cached
    for extra in (args.output, args.report):
        if extra and os.path.exists(extra) and os.path.exists(args.file) and os.path.samefile(extra, args.file):
            raise AtcError(f"{extra}: is the input file; refusing to overwrite it")
    seconds = config.run_deadline() if args.deadline is None else args.deadline
    result = compile_cached(args.file, _flags(args), region_timeout=args.timeout, classifier=not args.no_classifier,
                            deadline=time.perf_counter() + seconds)
    out = result.rewritten()
    if args.diff:
        original = Path(args.file).read_bytes().decode("utf-8", "surrogateescape")
        rewritten = out.decode("utf-8", "surrogateescape")
        diff = difflib.unified_diff(original.splitlines(keepends=True), rewritten.splitlines(keepends=True),
                                    fromfile=args.file, tofile=args.output or f"{args.file} (atc)")
        out = "".join(diff).encode("utf-8", "surrogateescape")
    if args.output:
        try:
            tmp = args.output + ".atc-tmp"
            with open(tmp, "wb") as f:
                f.write(out)
            os.replace(tmp, args.output)
        except OSError as exc:
            raise AtcError(f"{args.output}: cannot write: {exc.strerror}") from exc
    else:
        sys.stdout.buffer.write(out)
        sys.stdout.flush()
    if args.report:
        try:
            with open(args.report, "w") as f:
                json.dump(result.report, f, indent=2)
        except OSError as exc:
            raise AtcError(f"{args.report}: cannot write: {exc.strerror}") from exc
    if args.explain:
        entries = [(e, "replaced") for e in result.report["replacements"]] + \
                  [(e, "kept") for e in result.report["rejected"]]
        for entry, verdict in sorted(entries, key=lambda x: (x[0]["start_line"], x[0].get("region", ""))):
            where = f"{args.file}:{entry['start_line']} {entry['function']}" + \
                (" (loop)" if entry.get("region") == "loop" else "")
            print(f"{where}: {verdict}", file=sys.stderr)
            for line in entry.get("explain", []):
                print(f"    {line}", file=sys.stderr)
    elif not args.quiet:
        for line in result.summary:
            print(line, file=sys.stderr)
    return 0


def _eval_parser(sub):
    from .runtime import TARGETS
    p = sub.add_parser("eval", help="evaluate ATC over a corpus (manifest.json): coverage, proofs, speed",
                       description="Run the whole pipeline over a corpus, build and run each program plain and "
                                   "rewritten, and write results.json, report.md and plots.")
    p.add_argument("corpus", help="directory holding manifest.json, or the manifest itself")
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="programs evaluated at once")
    p.add_argument("--out", default="atc-eval", help="output directory (default: atc-eval)")
    p.add_argument("--target", choices=TARGETS, default=DEFAULT_TARGET)
    p.add_argument("--no-baseline", action="store_true", help="skip the syntactic pattern-matching baseline")
    return p


def cmd_eval(args) -> int:
    from .evaluate.report import summarise
    from .evaluate.runner import evaluate, progress_bar
    results = evaluate(args.corpus, jobs=args.jobs, out_dir=args.out, target=args.target,
                       baseline=not args.no_baseline, progress=progress_bar)
    s = summarise(results)
    t = s["total"]
    print(f"atc eval: {t['found']}/{t['expected']} kernels found, {t['proven']} proven, {t['offloaded']} offloaded "
          f"(baseline {t['baseline']}); negatives rewritten {s['false_positives']}/{s['negatives']}; "
          f"output mismatches {s['mismatches']}; report in {os.path.join(args.out, 'report.md')}", file=sys.stderr)
    return 0


def _flags_parser(sub):
    from .runtime import TARGETS
    p = sub.add_parser("flags", help="print the flags for compiling and linking rewritten files by hand",
                       description="Print what to add when compiling rewritten sources (--cflags) and linking "
                                   "them (--libs), shell-quoted; with neither option, both on one line. "
                                   "Example: cc $(atc flags --cflags) prog.c $(atc flags --libs)")
    p.add_argument("--cflags", action="store_true", help="flags for compiling a rewritten source")
    p.add_argument("--libs", action="store_true", help="flags for linking (the runtime library and its backend)")
    p.add_argument("--target", choices=TARGETS, default=config.target(),
                   help=f"backend (default: $ATC_TARGET, else {DEFAULT_TARGET})")
    return p


def cmd_flags(args) -> int:
    import shlex

    from . import runtime
    both = not (args.cflags or args.libs)
    flags = (runtime.cflags(args.target) if args.cflags or both else []) + \
        (runtime.libs(args.target) if args.libs or both else [])
    print(" ".join(shlex.quote(f) for f in flags))
    return 0


def _tune_parser(sub):
    from .runtime import TARGETS
    p = sub.add_parser("tune", help="measure, per op, where the library starts beating the original loops here",
                       description="For each op, time plain loops against the runtime for growing sizes and store "
                                   "(per target) the smallest work from which the library wins; code rewritten "
                                   "for that target is then compiled with -DATC_MIN_WORK_<OP> set to it.")
    p.add_argument("--target", choices=TARGETS, default=DEFAULT_TARGET)
    return p


def cmd_tune(args) -> int:
    from .evaluate.tune import NEVER, tune
    result = tune(args.target)
    for op, rows in result["measurements"].items():
        for m in rows:
            lib = "declined" if m["library_s"] < 0 else f"{m['library_s'] * 1e6:10.2f} us"
            faster = "library" if 0 <= m["library_s"] < m["original_s"] else "original"
            print(f"{op:7s} n={m['n']:8d}  original {m['original_s'] * 1e6:10.2f} us  library {lib}"
                  f"  faster: {faster}")
    for op, work in result["min_work"].items():
        value = "never (the original loops always run)" if work >= NEVER else f"{work:.0f} multiply-adds"
        print(f"ATC_MIN_WORK_{op.upper()} = {value}")
    print(f"stored for target {args.target}; `atc flags --cflags --target {args.target}` shows them")
    return 0


def _scan_parser(sub):
    p = sub.add_parser("scan", help="scan whole projects: every kernel found, every candidate kept and why, into a store",
                       description="Run the pipeline over every C file of one or more projects, each file with its own "
                                   "flags (compile_commands.json, a `make` dry run, or defaults), on a process pool or "
                                   "a Dask/Ray cluster, recording every decision in a SQLite store. Files whose "
                                   "content, flags and ATC version are unchanged since a scan into the same store "
                                   "are skipped, so an interrupted scan resumes where it stopped.")
    p.add_argument("paths", nargs="+", metavar="PATH", help="project folder or C file (each folder is one project)")
    p.add_argument("-p", dest="build_dir", metavar="BUILD_DIR",
                   help="folder holding compile_commands.json (default: the top of each PATH, else a `make` dry "
                        "run there, else default flags)")
    p.add_argument("--db", default="atc-scan.db", help="SQLite results store (default: atc-scan.db)")
    p.add_argument("--engine", choices=("local", "dask", "ray"), default="local",
                   help="local process pool (default), Dask distributed, or Ray")
    p.add_argument("--workers", type=int, help="worker processes for the local pool or a local cluster "
                                               "(default: the number of cores)")
    p.add_argument("--scheduler", "--address", dest="scheduler", metavar="ADDR",
                   help="cluster to use: a Dask scheduler (tcp://HOST:8786) or a Ray address; "
                        "without it a local cluster is started")
    p.add_argument("--jsonl", metavar="FILE", help="also write one JSON object per region decision to FILE")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds of search per region (default: 60)")
    p.add_argument("--deadline", type=float, default=600.0,
                   help="seconds per file before it is stopped and recorded as failed (default: 600; 0: none)")
    p.add_argument("--retry-failed", action="store_true",
                   help="analyse again the unchanged files recorded as failed (worker died, deadline passed)")
    p.add_argument("--no-classifier", action="store_true", help="search every candidate the gate lets through")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    return p


def cmd_scan(args) -> int:
    import shlex

    from .scan.run import scan
    from .scan.work import Options
    options = Options(region_timeout=args.timeout, classifier=not args.no_classifier, deadline=args.deadline or None)
    s = scan(args.paths, args.db, build_dir=args.build_dir, engine=args.engine, workers=args.workers,
             scheduler=args.scheduler, jsonl=args.jsonl, options=options, progress=not args.quiet,
             command=shlex.join(["atc"] + sys.argv[1:]), retry_failed=args.retry_failed)
    statuses = ", ".join(f"{n} {status}" for status, n in sorted(s.statuses.items())) or "none"
    print(f"atc scan: {s.files} files ({s.skipped} unchanged, {s.analysed} analysed: {statuses}); "
          f"the store {args.db} holds {s.offloaded} offloadable kernels among {s.regions} region decisions",
          file=sys.stderr)
    return 0


def _report_parser(sub):
    p = sub.add_parser("report", help="render a scan store as Markdown and HTML with plots",
                       description="Summarise an `atc scan` store: offloads per op and per project, the kernels "
                                   "found, reasons for misses, search times, failed files.")
    p.add_argument("--db", default="atc-scan.db", help="SQLite results store (default: atc-scan.db)")
    p.add_argument("--out", default="atc-report", help="output directory (default: atc-report)")
    return p


def cmd_report(args) -> int:
    from .scan.report import render
    paths = render(args.db, args.out)
    print(f"atc report: {', '.join(paths)}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "cc":
        from .cc import main as cc_main
        return cc_main(argv[1:])
    import argparse
    parser = argparse.ArgumentParser(prog="atc", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"atc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _compile_parser(sub)
    _eval_parser(sub)
    _flags_parser(sub)
    _tune_parser(sub)
    _scan_parser(sub)
    _report_parser(sub)
    sub.add_parser("cc", help="drop-in C compiler driver: atc cc [cc arguments] (use as CC=\"atc cc\")")
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        commands = {"compile": cmd_compile, "eval": cmd_eval, "flags": cmd_flags, "tune": cmd_tune, "scan": cmd_scan,
                    "report": cmd_report}
        return commands[args.command](args)
    except AtcError as exc:
        print(f"atc: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
