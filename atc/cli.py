"""Command line: `atc compile`, `atc cc`."""

from __future__ import annotations

import argparse
import json
import os
import sys

from . import __version__
from .errors import AtcError
from .runtime import DEFAULT_TARGET, TARGETS


def _compile_parser(sub):
    p = sub.add_parser("compile", help="rewrite one C file, writing the result to stdout or -o",
                       description="Find tensor kernels in a C file and replace them by guarded library calls.")
    p.add_argument("file", help="C source file")
    p.add_argument("-o", "--output", help="where to write the rewritten source (default: stdout)")
    p.add_argument("--report", help="write a JSON report of every decision to this file")
    p.add_argument("--target", choices=TARGETS, default=DEFAULT_TARGET,
                   help=f"library the rewritten code calls through (default: {DEFAULT_TARGET})")
    p.add_argument("-I", dest="includes", action="append", default=[], metavar="DIR", help="add an include directory")
    p.add_argument("-D", dest="defines", action="append", default=[], metavar="NAME[=VALUE]", help="define a macro")
    p.add_argument("--std", help="C standard, as for the compiler (e.g. c99)")
    p.add_argument("--timeout", type=float, default=60.0, help="seconds of search per region (default: 60)")
    p.add_argument("-q", "--quiet", action="store_true", help="do not print the per-decision summary")
    return p


def _flags(args) -> list[str]:
    flags = [f"-I{d}" for d in args.includes] + [f"-D{d}" for d in args.defines]
    if args.std:
        flags.append(f"-std={args.std}")
    return flags


def cmd_compile(args) -> int:
    from .pipeline import compile_cached
    result = compile_cached(args.file, _flags(args), region_timeout=args.timeout)
    out = result.rewritten.encode("utf-8", "surrogateescape")
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
    if not args.quiet:
        for line in result.summary:
            print(line, file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "cc":
        from .cc import main as cc_main
        return cc_main(argv[1:])
    parser = argparse.ArgumentParser(prog="atc", description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--version", action="version", version=f"atc {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    _compile_parser(sub)
    sub.add_parser("cc", help="drop-in C compiler driver: atc cc [cc arguments] (use as CC=\"atc cc\")")
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return cmd_compile(args)
    except AtcError as exc:
        print(f"atc: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
