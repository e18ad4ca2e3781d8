"""The whole pipeline on one file: frontend -> gate -> analysis -> binding search -> checking -> rewrite.

The analysis modules (numpy, z3) are imported when a region passes the gate: a file with no candidate costs
one parse.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .config import REGION_TIMEOUT
from .classify.gate import worth_searching
from .frontend.cparse import parse, read_source
from .frontend.regions import FileRegions, Region

if TYPE_CHECKING:
    from .rewrite.emit import Decomposition, Replacement

MAX_CHECKED_BINDINGS = 24      # candidate bindings tested per region and op before giving up


@dataclass
class Decision:
    region: Region
    replacement: Replacement | None = None
    reason: str = ""
    seconds: float = 0.0
    proof_seconds: float = 0.0
    explain: list = field(default_factory=list)
    searched: bool = False     # the region went through dynamic analysis
    matched: list = field(default_factory=list)   # ops proven to reproduce the region, in the order found
    decomposition: Decomposition | None = None     # the region as several pieces, some library calls


@dataclass
class Result:
    path: str
    source: bytes
    decisions: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    deadline_reached: bool = False   # some regions were left unanalysed or cut short by the run's deadline

    @property
    def replacements(self) -> list[Replacement]:
        return [d.replacement for d in self.decisions if d.replacement]

    @property
    def decompositions(self) -> list[Decomposition]:
        return [d.decomposition for d in self.decisions if d.decomposition]

    @property
    def changed(self) -> bool:
        return bool(self.replacements or self.decompositions)

    def spliced(self, compact: bool = False) -> bytes:
        """The rewritten file without its header."""
        from .rewrite.emit import splice
        return splice(self.source, self.replacements, compact, self.decompositions)

    def rewritten(self, compact: bool = False) -> bytes:
        """The whole rewritten file; the unchanged source when nothing was replaced."""
        if not self.changed:
            return self.source
        from .rewrite.emit import with_header
        return with_header(self.spliced(compact), self.path, compact)

    def report(self) -> dict:
        reps, rejected = [], []
        for d in self.decisions:
            r = d.region
            if d.decomposition:
                reps.extend(_decomposition_entries(d))
            elif d.replacement:
                rep = d.replacement
                reps.append({
                    "function": r.function, "start_line": r.start_line, "end_line": r.end_line,
                    "region": r.kind, "op": rep.binding.spec.op, "api": rep.binding.spec.api,
                    "binding": rep.binding.expressions(r, r.constants), "verified": d.reason,
                    "guard": rep.guard, "search_seconds": round(d.seconds, 3),
                    "proof_seconds": round(d.proof_seconds, 3), "matched": d.matched, "explain": d.explain})
            else:
                rejected.append({"function": r.function, "start_line": r.start_line, "region": r.kind,
                                 "reason": d.reason, "matched": d.matched, "search_seconds": round(d.seconds, 3), "explain": d.explain})
        return {"file": self.path, "replacements": reps, "rejected": rejected, "errors": list(self.errors)}


def _decomposition_entries(d: Decision) -> list[dict]:
    """One report entry per library call of a decomposed region, each naming the whole decomposition."""
    r, dec = d.region, d.decomposition
    pieces = [{"kind": "call", "op": rep.binding.spec.op, "api": rep.binding.spec.api,
               "lines": list(lines)} if rep else
              {"kind": "loops", "lines": list(lines)} for rep, lines in zip(dec.replacements, dec.lines)]
    out = []
    for rep in dec.replacements:
        if rep is None:
            continue
        out.append({
            "function": r.function, "start_line": r.start_line, "end_line": r.end_line, "region": r.kind,
            "op": rep.binding.spec.op, "api": rep.binding.spec.api,
            "binding": rep.binding.expressions(rep.region, rep.region.constants), "verified": rep.verified,
            "whole_proof": dec.verified, "guard": rep.guard, "search_seconds": round(d.seconds, 3),
            "proof_seconds": round(d.proof_seconds, 3), "matched": d.matched, "explain": d.explain,
            "decomposition": pieces})
    return out


def summary_lines(report: dict, cached: bool = False) -> list[str]:
    """One line per decision, in source order, from a report (fresh or cached)."""
    name = os.path.basename(report["file"])
    entries = [(e, True) for e in report["replacements"]] + [(e, False) for e in report["rejected"]]
    entries.sort(key=lambda x: (x[0]["start_line"], x[0].get("region") != "function"))
    lines, decomposed = [], set()
    for e, replaced in entries:
        where = f"{name}:{e['start_line']} {e['function']}" + (" (loop)" if e.get("region") == "loop" else "")
        if replaced and e.get("decomposition"):
            if (e["function"], e["start_line"]) in decomposed:
                continue
            decomposed.add((e["function"], e["start_line"]))
            pieces = e["decomposition"]
            calls = " + ".join(p["api"] if p["kind"] == "call" else "loops" for p in pieces)
            kinds = ", ".join(p["op"] if p["kind"] == "call" else "loops" for p in pieces)
            took = "from cache" if cached else f"in {e['search_seconds']:.2f}s"
            lines.append(f"atc: {where}: replaced by {calls} [decomposed: {kinds}] verified {e['whole_proof']} "
                         f"{took}")
        elif replaced:
            binding = ", ".join(f"{k}={v}" for k, v in e["binding"].items())
            took = "from cache" if cached else f"in {e['search_seconds']:.2f}s"
            lines.append(f"atc: {where}: replaced by {e['api']} [{binding}] verified {e['verified']} {took}")
        else:
            lines.append(f"atc: {where}: kept ({e['reason']})")
    if not entries:
        lines.append(f"atc: {name}: no loop nests or functions to consider; nothing rewritten")
    lines.extend(f"atc: error: {e}" for e in report["errors"])
    return lines


def compile_file(path: str, flags: list[str] | None = None, region_timeout: float = REGION_TIMEOUT,
                 source: bytes | None = None, tu=None, classifier: bool = True,
                 functions: set | None = None, deadline: float | None = None, every_op: bool = False,
                 decompose: bool = True, loops_only: bool = False) -> Result:
    """Run the pipeline on one file (only on the named functions, when given); past `deadline` (a
    time.perf_counter() value) the regions left are kept unchanged. every_op: try every op on each region,
    not only those simpler than the one found, so that Decision.matched lists all that fit. decompose: a
    function no single op reproduces may become several pieces. loops_only: only loop nests are regions.
    Raises AtcError when the file cannot be processed at all."""
    flags = list(flags or [])
    source = read_source(path) if source is None else source
    tu = parse(path, flags) if tu is None else tu
    file_regions = FileRegions(tu, path, source)
    regions = file_regions.regions(prefilter=worth_searching)
    result = Result(path=path, source=source)
    text = source.decode("utf-8", "replace")
    source_dir = os.path.dirname(os.path.abspath(path))
    context = None
    rewritten_functions, searched_functions = set(), set()
    for region in regions:
        if functions is not None and region.function not in functions or loops_only and region.kind != "loop":
            continue
        if region.kind == "loop" and region.function in rewritten_functions:
            continue
        if region.kind == "loop" and region.sole_statement and region.function in searched_functions:
            continue  # the same code as its function, which was just searched
        start = time.perf_counter()
        if deadline is not None and start >= deadline:
            result.deadline_reached = True
            result.decisions.append(Decision(region, reason="not analysed: the run's deadline was reached "
                                                            "(ATC_DEADLINE)"))
            continue
        region_deadline = start + region_timeout if deadline is None else min(start + region_timeout, deadline)
        if context is None and not region.reject:
            from .verify.smt import SourceContext
            context = SourceContext(path, flags, source.decode("utf-8", "surrogateescape"))
        try:
            decision = _decide(region, text, flags, source_dir, region_deadline, context, classifier, every_op)
            if decompose and region.kind == "function" and not decision.replacement and not region.reject:
                from .decompose import decompose_region
                decompose_region(region, decision, file_regions, path, flags, source, region_deadline)
        except Exception as exc:  # noqa: BLE001 - one region's failure must not stop the others
            decision = Decision(region, reason=f"internal error, region left unchanged ({type(exc).__name__}: {exc})")
            result.errors.append(f"{region.name}: {type(exc).__name__}: {exc}")
        decision.seconds = time.perf_counter() - start
        if deadline is not None and time.perf_counter() >= deadline and not decision.replacement:
            result.deadline_reached = True  # the region may have been cut short: its verdict is not final
        result.decisions.append(decision)
        if (decision.replacement or decision.decomposition) and region.kind == "function":
            rewritten_functions.add(region.function)
        if region.kind == "function" and decision.searched:
            searched_functions.add(region.function)
    return result


def _decide(region: Region, text: str, flags, source_dir, deadline, context, classifier,
            every_op: bool = False) -> Decision:
    decision = Decision(region)
    note = decision.explain.append
    f = region.features
    if f:
        note(f"gate: loop depth {f['loop_depth']}, {f['float_mults']} floating multiplies, {f['accesses']} accesses")
    if region.reject:
        decision.reason = region.reject
        note(f"skipped: {region.reject}")
        return decision
    from .analysis.harness import Harness, HarnessError
    from .analysis.probe import observe
    from .classify import model
    from .synth.specs import SPECS
    specs = SPECS
    if classifier and model.available():
        probs = model.predict(f)
        note("classifier: " + ", ".join(f"{op} {p:.2f}" for op, p in sorted(probs.items(), key=lambda x: -x[1])[:4]))
        if probs.get("none", 0.0) >= model.skip_threshold():
            decision.reason = f"classifier: not a kernel (P(none) = {probs['none']:.3f})"
            return decision
        specs = sorted(SPECS, key=lambda spec: -probs.get(spec.op, 0.0))
    chosen = None
    try:
        with Harness(region, text, flags, source_dir, deadline=deadline) as harness:
            obs = observe(region, harness, seed=region.start_line)
            decision.searched = True
            names = lambda idx: ", ".join(region.leaves[i].expr for i in sorted(idx)) or "nothing"  # noqa: E731
            note(f"analysis: reads {names(obs.read)}; writes {names(obs.written)}; reach per probe "
                 + "; ".join(", ".join(f"{region.leaves[i].expr}:{r}" for i, r in p.reach.items()) for p in obs.probes))
            reasons = []
            for spec in specs:
                # The classifier's order finds a match fast; what is emitted is the simplest op proven.
                if chosen and spec.rank >= chosen[0].rank and not every_op:
                    continue
                if _search_spec(spec, region, obs, harness, deadline, decision, context):
                    decision.matched.append(spec.op)
                    if not chosen or spec.rank < chosen[0].rank:
                        chosen = (spec, decision.replacement, decision.reason, decision.proof_seconds)
                    decision.replacement = None
                else:
                    reasons.append(decision.reason)
            decision.reason = _main_reasons(reasons)
    except (HarnessError, TimeoutError) as exc:
        decision.reason = str(exc)
        note(f"stopped: {exc}")
    if chosen:
        spec, decision.replacement, decision.reason, decision.proof_seconds = chosen
        note(f"chosen: {spec.op}, the simplest of {', '.join(dict.fromkeys(decision.matched))}")
    return decision


SHALLOW_REASONS = (" of type ", "result is ", " input buffers, ")   # mismatches of kind, not of footprint


def _main_reasons(reasons: list[str]) -> str:
    """The reasons worth showing: one per op, the deepest one its specs reached (a variant that reads more
    buffers says more than "reads 3 input buffers, conv2d reads 2"), leaving out type mismatches when
    anything else was found."""
    def shallow(r):
        return any(marker in r for marker in SHALLOW_REASONS)
    by_op = {}
    for r in reasons:
        op = r.split(":", 1)[0]
        if op not in by_op or shallow(by_op[op]) and not shallow(r):
            by_op[op] = r
    typed = [r for r in by_op.values() if " of type " not in r and "result is " not in r]
    return "; ".join(typed or list(by_op.values())) or "no op matches"


def _search_spec(spec, region, obs, harness, deadline, decision, context) -> bool:
    from .rewrite.emit import build
    from .synth.search import search
    from .verify.iotest import check
    from .verify.smt import prove
    note = decision.explain.append
    result = search(spec, region, obs, deadline)
    note(f"{spec.name}: {result.space} bindings before constraints, {len(result.bindings)} consistent with the "
         f"observed footprints (z3)" + (f": {result.reason}" if result.reason else ""))
    if not result.bindings:
        decision.reason = f"{spec.op}: {result.reason}"
        return False
    last = ""
    for binding in result.bindings[:MAX_CHECKED_BINDINGS]:
        if time.perf_counter() > deadline:
            raise TimeoutError("search exceeded the region timeout (--timeout)")
        shown = ", ".join(f"{k}={v}" for k, v in binding.expressions(region, region.constants).items())
        verdict = check(region, harness, binding, seed=region.start_line)
        if not verdict.ok:
            note(f"  [{shown}] tests: {verdict.detail}")
            last = verdict.detail
            continue
        proof = prove(region, binding, context)
        if proof.ok:
            verified = f"{proof.label}+io:{verdict.tests}"
            note(f"  [{shown}] passed {verdict.tests} tests; proven {proof.label} over {proof.cases} size cases "
                 f"in {proof.seconds:.2f}s: accepted")
            decision.replacement = build(region, binding, verified)
            decision.reason = verified
            decision.proof_seconds = proof.seconds
            return True
        note(f"  [{shown}] passed {verdict.tests} tests; proof: {proof.detail}")
        if proof.unverifiable:
            decision.reason = f"{spec.op}: passed {verdict.tests} tests but is {proof.detail}"
            return False
        last = f"proof failed: {proof.detail}"
    decision.reason = f"{spec.op}: {len(result.bindings)} candidate binding(s) failed; last: {last}"
    return False
