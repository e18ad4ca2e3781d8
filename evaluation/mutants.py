"""Mutation fuzzing: ATC must never turn a near-kernel into a library call that computes something else.

Each mutant is a corpus program of the chosen ops (GEMM by default) with one small change inside its kernel
function (an index, a loop
bound, `<` <-> `<=`, `+=` <-> `=`, a dropped or added term, `+` <-> `-`, a constant). For every mutant that
compiles and runs on its own, ATC must either decline to rewrite it or produce a program whose output
equals the mutant's own output. Anything else is a miscompile.

    python evaluation/mutants.py --count 1000 --jobs 2 --seed 1 [--ops gemm,conv2d,conv1d] [--timeout 5]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from clang.cindex import CursorKind

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from atc.evaluate.build import compile_c, run_program  # noqa: E402
from atc.evaluate.outputs import same_output  # noqa: E402
from atc.frontend.cparse import parse  # noqa: E402

SWAPS = {"<": ["<=", ">"], "<=": ["<"], ">": [">="], ">=": [">"], "+=": ["=", "-="], "=": ["+="],
         "*": ["+"], "+": ["-", "*"], "-": ["+"], "++": ["--"]}


def kernel_tokens(path: str, function: str):
    """Tokens of the kernel function's body, with byte offsets."""
    tu = parse(path, [])
    for c in tu.cursor.get_children():
        if c.kind == CursorKind.FUNCTION_DECL and c.spelling == function and c.is_definition():
            body = next(x for x in c.get_children() if x.kind == CursorKind.COMPOUND_STMT)
            return [(t.spelling, t.kind.name, t.extent.start.offset, t.extent.end.offset) for t in body.get_tokens()]
    return []


def mutations(source: bytes, tokens):
    """Every single-token mutation of the kernel body: (description, mutated source)."""
    idents = sorted({t for t, kind, _, _ in tokens if kind == "IDENTIFIER"})
    out = []
    for i, (text, kind, start, end) in enumerate(tokens):
        replacements = []
        if kind == "PUNCTUATION" and text in SWAPS:
            replacements = SWAPS[text]
        elif kind == "IDENTIFIER":
            replacements = [x for x in idents if x != text] + [f"({text} + 1)"]
        elif kind == "LITERAL" and text.isdigit():
            replacements = [str(int(text) + 1), str(int(text) - 1) if int(text) > 0 else "2"]
        elif kind == "LITERAL":
            replacements = ["0.5f", "1.0f"]
        for r in replacements:
            if r == text:
                continue
            mutated = source[:start] + r.encode() + source[end:]
            out.append((f"token {i} '{text}' -> '{r}'", mutated))
    # Swapped operands of a subtraction between two simple operands.
    for i in range(1, len(tokens) - 1):
        (a, ka, sa, _), (op, _, _, _), (b, kb, _, eb) = tokens[i - 1], tokens[i], tokens[i + 1]
        if op == "-" and ka in ("IDENTIFIER", "LITERAL") and kb in ("IDENTIFIER", "LITERAL") and a != b:
            out.append((f"token {i} '{a} - {b}' -> '{b} - {a}'", source[:sa] + f"{b} - {a}".encode() + source[eb:]))
    # Added term: the first multiply-accumulate gets an extra operand.
    for i, (text, kind, start, end) in enumerate(tokens):
        if text == "+=" and i + 1 < len(tokens):
            nxt = tokens[i + 1]
            out.append((f"token {i} '+=' adds a term", source[:nxt[2]] + b"1.0f + " + source[nxt[2]:]))
            break
    return out


def check_mutant(job) -> dict:
    """Build and run the mutant plain and through ATC; classify the outcome."""
    name, description, source, timeout = job
    function = description.split(":", 1)[0]
    from atc.errors import AtcError
    from atc.pipeline import compile_file
    with tempfile.TemporaryDirectory(prefix="atc-mutant-") as d:
        src = os.path.join(d, "mutant.c")
        Path(src).write_bytes(source)
        record = {"program": name, "mutation": description}
        if compile_c(src, os.path.join(d, "plain"), ["-w"]):
            return {**record, "outcome": "does not compile"}
        plain = run_program(os.path.join(d, "plain"), timeout=2)  # corpus programs finish in milliseconds
        if not plain.ok:
            return {**record, "outcome": "fails on its own"}
        start = time.perf_counter()
        try:
            # Only the kernel function differs between mutants; the rest of the program is the corpus's own.
            result = compile_file(src, [], region_timeout=timeout, functions={function})
        except AtcError as exc:
            return {**record, "outcome": "declined", "why": str(exc)}
        record["search_seconds"] = round(time.perf_counter() - start, 2)
        if not result.replacements:
            return {**record, "outcome": "declined"}
        out = os.path.join(d, "rewritten.c")
        Path(out).write_bytes(result.rewritten())
        err = compile_c(out, os.path.join(d, "atc"), ["-w"], rewritten=True, source_dir=d)
        if err:
            return {**record, "outcome": "MISCOMPILED", "why": f"rewritten source does not compile: {err}"}
        ours = run_program(os.path.join(d, "atc"), timeout=20)
        diff = same_output(plain.stdout, ours.stdout) if ours.ok else ours.error
        if diff:
            return {**record, "outcome": "MISCOMPILED", "why": diff,
                    "binding": [r.binding.expressions(r.region, r.region.constants) for r in result.replacements]}
        return {**record, "outcome": "rewritten and equal"}


def make_jobs(count: int, seed: int, ops=("gemm",), timeout: float = 5.0) -> list:
    manifest = json.loads((ROOT / "corpus" / "manifest.json").read_text())["programs"]
    pool = []
    for prog in manifest:
        for kernel in prog["kernels"]:
            if kernel["op"] not in ops or kernel["function"] == "main":
                continue
            path = str(ROOT / "corpus" / prog["file"])
            source = Path(path).read_bytes()
            for description, mutated in mutations(source, kernel_tokens(path, kernel["function"])):
                pool.append((prog["file"], f"{kernel['function']}: {description}", mutated, timeout))
    rng = random.Random(seed)
    rng.shuffle(pool)
    return pool[:count]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000, help="mutants to try (default 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--json", help="write every mutant's outcome to this file")
    ap.add_argument("--ops", default="gemm", help="ops whose corpus kernels are mutated (comma-separated)")
    ap.add_argument("--timeout", type=float, default=5.0, help="seconds of search per mutant (default 5)")
    args = ap.parse_args(argv)
    jobs = make_jobs(args.count, args.seed, tuple(args.ops.split(",")), args.timeout)
    results = []
    with ProcessPoolExecutor(max_workers=args.jobs) as ex:
        for i, r in enumerate(ex.map(check_mutant, jobs), 1):
            results.append(r)
            if r["outcome"] == "MISCOMPILED":
                print(f"MISCOMPILED {r['program']} {r['mutation']}: {r.get('why')}", flush=True)
            if i % 25 == 0:
                print(f"{i}/{len(jobs)} {dict(Counter(x['outcome'] for x in results))}", file=sys.stderr, flush=True)
    counts = Counter(r["outcome"] for r in results)
    valid = sum(counts[k] for k in ("declined", "rewritten and equal", "MISCOMPILED"))
    print(f"mutants tried: {len(results)}; valid (compile and run on their own): {valid}")
    for k in ("declined", "rewritten and equal", "MISCOMPILED", "does not compile", "fails on its own"):
        print(f"  {k}: {counts.get(k, 0)}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 1 if counts.get("MISCOMPILED") else 0


if __name__ == "__main__":
    sys.exit(main())
