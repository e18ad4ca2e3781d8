"""Mutation fuzzing: ATC must never turn a near-kernel into a library call that computes something else.

Each mutant is a corpus program of the chosen ops (GEMM by default) with one small change inside its kernel
function (an index, a loop
bound, `<` <-> `<=`, `+=` <-> `=`, a dropped or added term, `+` <-> `-`, a constant). For every mutant that
compiles and runs on its own, ATC must either decline to rewrite it or produce a program whose output
equals the mutant's own output. Anything else is a miscompile. A mutant whose output changes when glibc fills
new heap blocks (MALLOC_PERTURB_) reads memory it never wrote: it counts as failing on its own.

    python evaluation/mutants.py --count 1000 --jobs 2 --seed 1 [--ops gemm,conv2d,conv1d] [--timeout 5]

With --decomposed the seeds are the kernels whose loop nest holds several ops or an op and its epilogue
(manifest entries marked "decomposed"), and half of the mutants change the nest's structure where splitting it
is decided: two neighbouring statements or loops swapped, an accumulator's reset moved into the next inner
loop or out of its loop, a store that also reads its neighbour element out[e + 1] (while that is in bounds)
or out[e - 1], an index outside the innermost loops shifted by one.

    python evaluation/mutants.py --decomposed --count 500 --jobs 2 --seed 1
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
    body = kernel_body(path, function)
    if body is None:
        return []
    return [(t.spelling, t.kind.name, t.extent.start.offset, t.extent.end.offset) for t in body.get_tokens()]


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


def kernel_body(path: str, function: str):
    """The kernel function's body cursor, or None."""
    tu = parse(path, [])
    for c in tu.cursor.get_children():
        if c.kind == CursorKind.FUNCTION_DECL and c.spelling == function and c.is_definition():
            return next(x for x in c.get_children() if x.kind == CursorKind.COMPOUND_STMT)
    return None


def _span(cursor) -> tuple[int, int]:
    return cursor.extent.start.offset, cursor.extent.end.offset


def _statement_span(source: bytes, cursor) -> tuple[int, int]:
    """A statement's bytes including its own ';' (expression statements' extents stop before it)."""
    start, end = _span(cursor)
    while end < len(source) and source[end:end + 1] in b" \t":
        end += 1
    return start, end + 1 if source[end:end + 1] == b";" else end


def _edit(source: bytes, *edits) -> bytes:
    """Apply (start, end, replacement) edits that do not overlap."""
    for start, end, text in sorted(edits, reverse=True):
        source = source[:start] + text + source[end:]
    return source


def _binary_operator(cursor) -> str:
    lhs = next(cursor.get_children())
    return next((t.spelling for t in cursor.get_tokens() if t.extent.start.offset >= lhs.extent.end.offset), "")


def _loop_guard(source: bytes, loop) -> tuple[str, str] | None:
    """(variable, bound) of a `for (...; v < bound; ...)` loop."""
    comparisons = [c for c in loop.get_children() if c.kind == CursorKind.BINARY_OPERATOR
                   and _binary_operator(c) in ("<", "<=", ">", ">=", "!=")]
    if len(comparisons) != 1 or _binary_operator(comparisons[0]) != "<":
        return None
    cond = comparisons[0]
    var, bound = list(cond.get_children())
    return source[slice(*_span(var))].decode(), source[slice(*_span(bound))].decode()


def structural_mutations(source: bytes, body) -> list:
    """Mutations of the statement structure that decide whether a nest can be split (see the module's doc)."""
    out = []
    loops = []

    def walk(cursor, enclosing):
        if cursor.kind == CursorKind.FOR_STMT:
            loops.append(cursor)
            enclosing = enclosing + [cursor]
        if cursor.kind == CursorKind.COMPOUND_STMT:
            compound(cursor, enclosing)
        if cursor.kind == CursorKind.BINARY_OPERATOR and enclosing and _binary_operator(cursor) == "=":
            store(cursor, enclosing[-1])
        for child in cursor.get_children():
            walk(child, enclosing)

    def compound(cursor, enclosing):
        statements = list(cursor.get_children())
        spans = [_statement_span(source, s) for s in statements]
        for i in range(len(statements) - 1):
            if CursorKind.DECL_STMT in (statements[i].kind, statements[i + 1].kind):
                continue  # a declaration after its use does not compile
            (a0, a1), (b0, b1) = spans[i], spans[i + 1]
            out.append((f"statements at {a0} and {b0} swapped",
                        _edit(source, (a0, a1, source[b0:b1]), (b0, b1, source[a0:a1]))))
        if not enclosing or enclosing[-1].extent.end.offset != cursor.extent.end.offset:
            return  # only the bodies of loops hold per-iteration resets
        for i, stmt in enumerate(statements):
            reset = _reset(stmt)
            if reset is None:
                continue
            start, end = spans[i]
            outer, outer_end = _span(enclosing[-1])
            if stmt.kind == CursorKind.DECL_STMT:
                out.append((f"reset at {start} moved out of its loop",
                            _edit(source, (outer, outer, b"{ " + source[start:end] + b" "), (start, end, b""),
                                  (outer_end, outer_end, b" }"))))
            inner = next((s for s in statements[i + 1:] if s.kind == CursorKind.FOR_STMT), None)
            if inner is not None:
                inner_body = list(inner.get_children())[-1]
                b0, b1 = _statement_span(source, inner_body)
                text = source[b0:b1]
                inner_text = text[1:] if text.startswith(b"{") else text + b" }"
                moved = b"{ " + reset + b" " + inner_text
                out.append((f"reset at {start} repeated in the next inner loop", _edit(source, (b0, b1, moved))))

    def _reset(stmt):
        """`name = value;` for a statement that sets a scalar or element to a value: a declaration with an
        initialiser or a plain assignment."""
        if stmt.kind == CursorKind.DECL_STMT:
            resets = []
            for decl in stmt.get_children():
                init = [c for c in decl.get_children() if c.kind != CursorKind.TYPE_REF]
                if decl.kind != CursorKind.VAR_DECL or len(init) != 1 or "[" in decl.type.spelling:
                    return None
                resets.append(decl.spelling.encode() + b" = " + source[slice(*_span(init[0]))] + b";")
            return b" ".join(resets) or None
        if stmt.kind == CursorKind.BINARY_OPERATOR and _binary_operator(stmt) == "=":
            return source[slice(*_statement_span(source, stmt))]
        return None

    def store(cursor, loop):
        lhs, rhs = list(cursor.get_children())
        if lhs.kind != CursorKind.ARRAY_SUBSCRIPT_EXPR:
            return
        base, index = list(lhs.get_children())
        base_text, idx = (source[slice(*_span(c))] for c in (base, index))
        r0, r1 = _span(rhs)
        guard = _loop_guard(source, loop)
        # in bounds when the index moves with the loop variable the guard checks
        if guard is not None and guard[0] in {t.spelling for t in index.get_tokens()}:
            var, bound = (x.encode() for x in guard)
            ahead = b"(" + var + b" + 1 < " + bound + b" ? " + base_text + b"[(" + idx + b") + 1] : 0)"
            out.append((f"store at {r0} also reads its next element",
                        _edit(source, (r0, r1, b"(" + source[r0:r1] + b") + 0.5 * " + ahead))))
            behind = b"(" + var + b" > 0 ? " + base_text + b"[(" + idx + b") - 1] : 0)"
            out.append((f"store at {r0} also reads its previous element",
                        _edit(source, (r0, r1, b"(" + source[r0:r1] + b") + 0.5 * " + behind))))

    walk(body, [])
    innermost = [loop for loop in loops if not any(o is not loop and _span(loop)[0] < _span(o)[0] < _span(loop)[1]
                                                  for o in loops)]
    inside = [_span(loop) for loop in innermost]

    def subscripts(cursor):
        if cursor.kind == CursorKind.ARRAY_SUBSCRIPT_EXPR:
            index = list(cursor.get_children())[1]
            i0, i1 = _span(index)
            if not any(a <= i0 < b for a, b in inside):
                for delta in (b" + 1", b" - 1"):
                    out.append((f"index at {i0} shifted by{delta.decode()}",
                                _edit(source, (i0, i1, b"(" + source[i0:i1] + b")" + delta))))
        for child in cursor.get_children():
            subscripts(child)

    subscripts(body)
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
        # A mutant that reads memory it never wrote (a loop moved before the one filling its buffer) prints
        # whatever the heap held, which differs between two builds: glibc fills new blocks with this byte.
        perturbed = run_program(os.path.join(d, "plain"), timeout=2, env_extra={"MALLOC_PERTURB_": "165"})
        if not perturbed.ok or same_output(plain.stdout, perturbed.stdout):
            return {**record, "outcome": "fails on its own", "why": "its output depends on uninitialised memory"}
        start = time.perf_counter()
        try:
            # Only the kernel function differs between mutants; the rest of the program is the corpus's own.
            result = compile_file(src, [], region_timeout=timeout, functions={function})
        except AtcError as exc:
            return {**record, "outcome": "declined", "why": str(exc)}
        record["search_seconds"] = round(time.perf_counter() - start, 2)
        if not result.changed:   # neither a replacement nor a split region
            return {**record, "outcome": "declined"}
        record["decomposed"] = bool(result.decompositions)
        out = os.path.join(d, "rewritten.c")
        Path(out).write_bytes(result.rewritten())
        err = compile_c(out, os.path.join(d, "atc"), ["-w"], rewritten=True, source_dir=d)
        if err:
            return {**record, "outcome": "MISCOMPILED", "why": f"rewritten source does not compile: {err}"}
        ours = run_program(os.path.join(d, "atc"), timeout=20)
        diff = same_output(plain.stdout, ours.stdout) if ours.ok else ours.error
        if diff:
            return {**record, "outcome": "MISCOMPILED", "why": diff,
                    "binding": [r.binding.expressions(r.region, r.region.constants) for r in result.replacements],
                    "report": result.report()["replacements"]}
        return {**record, "outcome": "rewritten and equal"}


def make_jobs(count: int, seed: int, ops=("gemm",), timeout: float = 5.0, decomposed: bool = False) -> list:
    """Mutants of the corpus kernels of `ops`, or with `decomposed` of the kernels whose nest holds several
    ops: then half structural mutations and half token mutations (as many of each as there are)."""
    manifest = json.loads((ROOT / "corpus" / "manifest.json").read_text())["programs"]
    pool, structural = [], []
    for prog in manifest:
        # a split region lists its function once per call; it is mutated once
        seeds = dict.fromkeys(k["function"] for k in prog["kernels"]
                              if (k.get("decomposed") if decomposed else k["op"] in ops) and k["function"] != "main")
        for function in seeds:
            path = str(ROOT / "corpus" / prog["file"])
            source = Path(path).read_bytes()
            for description, mutated in mutations(source, kernel_tokens(path, function)):
                pool.append((prog["file"], f"{function}: {description}", mutated, timeout))
            if decomposed:
                for description, mutated in structural_mutations(source, kernel_body(path, function)):
                    structural.append((prog["file"], f"{function}: {description}", mutated, timeout))
    rng = random.Random(seed)
    rng.shuffle(pool)
    if not decomposed:
        return pool[:count]
    rng.shuffle(structural)
    half = min(len(structural), count - min(len(pool), count // 2))
    return structural[:half] + pool[:count - half]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=1000, help="mutants to try (default 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--json", help="write every mutant's outcome to this file")
    ap.add_argument("--ops", default="gemm", help="ops whose corpus kernels are mutated (comma-separated)")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds of analysis per mutant (default 5; 60 with --decomposed: a split is searched, "
                         "proven as a whole, then each piece searched)")
    ap.add_argument("--decomposed", action="store_true",
                    help="mutate the kernels whose nest holds several ops (manifest: decomposed), not --ops")
    args = ap.parse_args(argv)
    timeout = args.timeout if args.timeout is not None else 60.0 if args.decomposed else 5.0
    jobs = make_jobs(args.count, args.seed, tuple(args.ops.split(",")), timeout, args.decomposed)
    results = []
    with ProcessPoolExecutor(max_workers=args.jobs) as ex:
        for i, r in enumerate(ex.map(check_mutant, jobs), 1):
            results.append(r)
            if r["outcome"] == "MISCOMPILED":
                print(f"MISCOMPILED {r['program']} {r['mutation']}: {r.get('why')}", flush=True)
            if i % 25 == 0:
                split = sum(1 for x in results if x.get("decomposed"))
                print(f"{i}/{len(jobs)} {dict(Counter(x['outcome'] for x in results))} split: {split}",
                      file=sys.stderr, flush=True)
    counts = Counter(r["outcome"] for r in results)
    valid = sum(counts[k] for k in ("declined", "rewritten and equal", "MISCOMPILED"))
    print(f"mutants tried: {len(results)}; valid (compile and run on their own): {valid}")
    for k in ("declined", "rewritten and equal", "MISCOMPILED", "does not compile", "fails on its own"):
        print(f"  {k}: {counts.get(k, 0)}")
    split = Counter(r["outcome"] for r in results if r.get("decomposed"))
    print(f"  of the rewritten, split into calls and loops: {sum(split.values())} ({dict(split)})")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    return 1 if counts.get("MISCOMPILED") else 0


if __name__ == "__main__":
    sys.exit(main())
