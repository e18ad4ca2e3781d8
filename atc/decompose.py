"""A function no single op reproduces, as a program: its loop nest distributed into pieces (synth/decompose),
the split function proven equal to the original as a whole (verify/equivalence), then each piece searched
as a loop region of its own; the pieces that become library calls are spliced into the split function, the
others stay loops (rewrite/emit)."""

from __future__ import annotations

import os
import re
import time

from .frontend.cparse import parse
from .frontend.regions import FileRegions, Region

WORK_TEST_WORDS = {"long"}


def decompose_region(region: Region, decision, file_regions: FileRegions, path: str, flags, source: bytes,
                     deadline: float) -> None:
    """Sets decision.decomposition when the function splits, the split is proven, and a piece is a call."""
    from .analysis.harness import HarnessError
    if time.perf_counter() >= deadline:
        return
    try:
        _decompose(region, decision, file_regions, path, flags, source, deadline)
    except (HarnessError, TimeoutError) as exc:
        decision.explain.append(f"decompose: stopped: {exc}")


def _decompose(region, decision, file_regions, path, flags, source, deadline) -> None:
    from .pipeline import compile_file
    from .rewrite.emit import Decomposition
    from .synth.decompose import split_function
    from .verify.equivalence import equivalent
    note = decision.explain.append
    function = next((f for f in file_regions.functions() if f.spelling == region.function), None)
    if function is None:
        return
    plan, notes = split_function(function, source)
    decision.explain.extend(notes)
    if plan is None:
        return
    combined = source + b"\n" + plan.text.encode("utf-8", "surrogateescape")
    tu = parse(path, flags, source=combined)
    both = FileRegions(tu, path, combined)
    original = both.regions(only=(region.function, "function", 0))[0]
    split = both.regions(only=(plan.name, "function", 0))[0]
    if original.reject or split.reject:
        note(f"decompose: the split function cannot be analysed ({split.reject or original.reject})")
        return
    started = time.perf_counter()
    proof = equivalent(original, split, combined.decode("utf-8", "surrogateescape"), flags,
                       os.path.dirname(os.path.abspath(path)), deadline, seed=region.start_line)
    if not proof.ok:
        note(f"decompose: the split function is not proven equal to the original: {proof.detail}")
        decision.reason += f"; decomposition not proven ({proof.detail})"
        return
    note(f"decompose: the split function equals the original: {proof.label} in "
         f"{time.perf_counter() - started:.2f}s")
    # every op is tried on each piece: a piece is small, and the classifier, trained on whole kernels, can
    # mistake an accumulation into an output element for no kernel at all
    pieces = compile_file(path, flags, source=combined, tu=tu, classifier=False, functions={plan.name},
                          deadline=deadline, decompose=False, loops_only=True)
    by_line = {d.region.start_line: d for d in pieces.decisions}
    first_line = combined[:len(source) + 1].count(b"\n") + 1
    replacements, lines = [], []
    for k, piece in enumerate(plan.pieces):
        d = by_line.get(first_line + piece.line_in_text)
        lines.append((piece.statements[0].line, piece.statements[-1].line))
        for entry in (d.explain if d else []):
            note(f"piece {k + 1} (lines {lines[-1][0]}-{lines[-1][1]}): {entry}")
        replacements.append(d.replacement if d else None)
    calls = [rep for rep in replacements if rep]
    if not calls:
        note("decompose: no piece is a library call; the function stays as it was")
        decision.reason += "; decomposed, but no piece is a library call"
        return
    params = {p.spelling for p in function.get_arguments()}
    tests = [rep.test for rep in calls]
    names = {w for t in tests for w in re.findall(r"[A-Za-z_]\w*", t)} - WORK_TEST_WORDS
    if any(not (w in params or w.startswith(("ATC_", "atc_"))) for w in names):
        note("decompose: the pieces' work depends on more than the parameters; the function stays as it was")
        return
    decision.decomposition = Decomposition(region, function.extent.start.offset, function.extent.start.line,
                                           plan, combined, len(source) + 1, replacements, lines,
                                           " || ".join(f"({t})" for t in tests), proof.label)
    decision.proof_seconds = proof.seconds
    decision.matched = [rep.binding.spec.op for rep in calls]
