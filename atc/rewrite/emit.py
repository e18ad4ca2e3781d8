"""Splice guarded API calls into the source; every byte outside the inserted text stays as it was.

The library path lives in a separate, never-inlined static function (`atc_lib_<i>`, defined before the
user's code), so the function the user wrote stays as cheap for the compiler as it was. At the region, one
integer test of the work (saturating, evaluated first) decides whether that function is called at all:
  function region: `if (<work test> && atc_lib_i(<args>)) return;` at the top of the body;
  loop region:     `{ int went = 0; if (<work test> && atc_lib_i(<args>)) { went = 1; } if (!went) <the loop nest> }`.
When the work is a product of sizes, that test is only reached when one size alone is at least the d-th root
of the threshold (`if (M >= ATC_ROOT(W, 3)) { goto atc_take_i; } ... if (0) { atc_take_i: <test> }`): a test
of one parameter against a constant is one gcc's inliner can evaluate at a call with constant sizes, so a
function called with small constant sizes is inlined and folded as before.
Inside atc_lib_i the other guards run (sizes, what the API requires, no overlap between output and inputs,
buffer capacities, the work in double, last whether the work so far makes loading the library worth it), then
the library call; it returns 0 when a guard fails or the runtime declines, and the original code runs.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..frontend.regions import Region
from ..synth.search import Binding, row_spacing, rows_used
from .cexpr import CExpr, CInt

INCLUDE = '#include "atc_runtime.h"\n'
# ops whose work threshold has its own macro in atc_runtime.h (ATC_MIN_WORK_<OP>); others use ATC_MIN_WORK
WORK_MACRO_OPS = ("gemm", "batched_gemm", "gemv", "axpy", "dot", "conv2d", "conv1d")
RESULT = "atc_r"  # the local that receives a scalar result
# the loader's rent-or-buy test (atc_loader.c), declared here so that the runtime header stays as it is


@dataclass
class Decomposition:
    """A function rewritten as its split version (synth/decompose), whose pieces are calls or loops."""
    region: Region          # the original function
    function_start: int     # where its definition starts: the split functions go just before
    function_line: int
    plan: object            # the SplitPlan
    combined: bytes         # the source followed by the split function, as parsed for the pieces
    split_start: int        # where the split function starts in `combined`
    replacements: list      # per piece: its Replacement, or None where it stays loops
    lines: list             # per piece: (first, last) line of the original it comes from
    test: str               # the cheap work test: is any call piece worth its library
    verified: str           # the proof that the split function equals the original

    def site(self, compact: bool) -> str:
        """The statement at the top of the original function."""
        sep = " " if compact else "\n    "
        kinds = ", ".join(rep.binding.spec.op if rep else "loops" for rep in self.replacements)
        return (f"{sep}/* atc: decomposed into {kinds}; verified {self.verified} */{sep}"
                f"{{ if (({self.test}) && {self.plan.name}_guarded({self.plan.args})) return; }}")


def min_work_macro(op: str) -> str:
    return f"ATC_MIN_WORK_{op.upper()}" if op in WORK_MACRO_OPS else "ATC_MIN_WORK"


@dataclass
class Replacement:
    region: Region
    binding: Binding
    test: str          # the cheap integer work test, in the region's scope
    params: list       # (C declaration in the library-path function, argument in the region's scope)
    guard: str         # the other guards, over the library-path function's parameters
    call: str          # the runtime call, over those parameters
    result_type: str   # scalar outputs: the type of the local RESULT the call fills; "" otherwise
    store: str         # scalar outputs: the statement using RESULT (a return, or an assignment)
    note: str          # one-line comment saying what was replaced and how it was checked
    factors: list      # size expressions whose product is the work (empty: the work is not a plain product)
    macro: str         # the work threshold's macro
    rows: tuple = ("", "")   # row-pointer matrices: declarations, then statements finding each one's block
                             # and leading dimension (declarations first: the user's C may be C89)
    verified: str = ""

    def helper(self, name: str) -> str:
        """The library-path function (one line)."""
        params = ", ".join(decl for decl, _ in self.params)
        return (f"static __attribute__((noinline)) int {name}({params}) "
                f"{{ {self.rows[0]}{self.rows[1]}if (!({self.guard})) return 0; return {self.call}; }}")


def build(region: Region, binding: Binding, verified: str) -> Replacement:
    spec = binding.spec
    exprs = binding.expressions(region, region.constants)
    params_c: list = []
    spacing = row_spacing(spec, region, binding.buffers, binding.ints)
    # integer parameters arrive as long; the guards compute with them in double, the call passes them on
    for p in spec.int_params:
        if p not in spacing.values():
            params_c.append((f"long {p}", f"(long)({exprs[p]})"))
    sizes = {p: CExpr(f"(double){p}") for p in spec.int_params}
    values = dict(sizes)
    values.update(binding.flags)
    conds = [f"atc_{'sizes' if spec.least(p) >= 1 else 'counts'}_ok({sizes[p]})" for p in spec.int_params]
    for req in spec.requires(values):
        text = str(req)
        lhs, _, rhs = text[1:-1].partition(" >= ")
        if lhs != rhs:  # "K >= K" needs no check
            conds.append(text)
    macro = min_work_macro(spec.op)
    conds.append(f"{spec.work(sizes)} >= {macro}")
    foot = spec.footprint(values)
    elem = f"sizeof({spec.ctype})"
    args = {p: p for p in spec.int_params}
    args.update({f: str(v) for f, v in binding.flags.items()})
    rows = []
    for name in binding.buffers:
        if spec.output_scalar and name == spec.output:
            continue
        const = "" if name == spec.output else "const "
        if name in spacing:
            rows.append(_row_prologue(spec, binding, name, spacing[name], const))
            params_c.append((f"const void *const *{name}_rows", f"(const void *const *)({exprs[name]})"))
            conds += _row_conditions(spec, binding, name, spacing[name], foot, elem)
        else:
            params_c.append((f"{const}{spec.ctype} *{name}", f"({const}{spec.ctype} *)({exprs[name]})"))
        args[name] = name
    if not spec.output_scalar:
        for name in spec.inputs:
            conds.append(f"atc_disjoint({spec.output}, {foot[spec.output]} * {elem}, {name}, {foot[name]} * {elem})")
    for name, idx in binding.buffers.items():
        cap = region.leaves[idx].capacity
        if cap is not None:
            conds.append(f"{foot[name]} <= {cap}.0")
    # last: a call that passes every guard counts towards the work that makes loading the library worth it
    conds.append(f"atc_worth_loading({spec.work(sizes)})")
    for scalar in (spec.scale, None if spec.output_scalar else spec.accumulate):
        if scalar:
            params_c.append((f"{spec.ctype} {scalar}", f"({spec.ctype})({exprs[scalar]})"))
            args[scalar] = scalar
    rtype = store = ""
    if spec.output_scalar:
        rtype = spec.result_ctype or spec.ctype
        params_c.append((f"{rtype} *{spec.output}", f"&{RESULT}"))
        args[spec.output] = spec.output
        if region.kind == "function":
            store = f"return ({region.result_type}){RESULT};"
        else:
            target = exprs[spec.output]
            kind, beta = binding.scalars[spec.accumulate]
            old = "" if kind == "const" and beta == 0 else \
                f"{target} + " if kind == "const" and beta == 1 else f"({exprs[spec.accumulate]}) * {target} + "
            store = f"{target} = {old}({region.result_type}){RESULT};"
    ints = {p: CInt(f"atc_isat((long long)({exprs[p]}))") for p in spec.int_params if p not in spacing.values()}
    test = f"{spec.work(ints)} >= (long long){macro}"
    binding_text = ", ".join(f"{k}={v}" for k, v in exprs.items())
    note = f"/* atc: {spec.op} -> {spec.api} ({binding_text}); verified {verified} */"
    factors = [exprs[p] for p in spec.sizes] if _work_is_product(spec) else []
    return Replacement(region, binding, test, params_c, " && ".join(dict.fromkeys(conds)), spec.call(args),
                       rtype, store, note, factors, macro, ("".join(d for d, _ in rows), "".join(r for _, r in rows)),
                       verified)


def _rows_count(spec, binding, name, ld) -> CExpr:
    """The rows of `name` the call uses, in long arithmetic over the library-path function's parameters."""
    sizes = {p: CExpr(p) for p in spec.int_params}
    return rows_used(spec, binding.flags, name, ld, sizes)


def _row_prologue(spec, binding, name, ld, const) -> tuple:
    """(declarations, statements) finding the block and the leading dimension of a row-pointer matrix: its
    rows must be equally spaced (each one `ld` elements after the one before); one row is as long as the
    footprint says. When they are not, the function returns 0 and the original runs."""
    one_row = spec.footprint({**{p: CExpr(p) for p in spec.int_params}, **binding.flags, ld: 0})[name]
    count = _rows_count(spec, binding, name, ld)
    return (f"long {ld}; {const}{spec.ctype} *{name}; ",
            f"if (!atc_sizes_ok((double)({count})) || !atc_rows_ld({name}_rows, (long)({count}), "
            f"(long)sizeof({spec.ctype}), (long)({one_row}), &{ld})) return 0; "
            f"{name} = ({const}{spec.ctype} *){name}_rows[0]; ")


def _row_conditions(spec, binding, name, ld, foot, elem) -> list:
    """The rows checked hold the whole footprint, and no row array lies where the call writes."""
    count = _rows_count(spec, binding, name, ld)
    out = [f"{foot[name]} <= (double)({count}) * (double){ld}"]
    if not spec.output_scalar:
        out.append(f"atc_disjoint({spec.output}, {foot[spec.output]} * {elem}, {name}_rows, "
                   f"(double)({count}) * sizeof(void *))")
    return out


def _work_is_product(spec) -> bool:
    """Is the op's work the product of its sizes (GEMM, GEMV, BLAS-1), whatever the other parameters?"""
    primes = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)
    for shift in (0, 3, 5):
        sizes = {p: primes[(i + shift) % len(primes)] for i, p in enumerate(spec.sizes)}
        params = {p: sizes.get(p, spec.least(p) + 1) for p in spec.int_params}
        product = 1
        for p in spec.sizes:
            product *= sizes[p]
        if spec.work(params) != product:
            return False
    return True


def _site(rep: Replacement, index: int, loop: str) -> str:
    """The statements at the region: the pre-test on single sizes, the work test, the library-path function."""
    r = rep.region
    taken = f"{rep.test} && {helper_name(index)}({', '.join(arg for _, arg in rep.params)})"
    take, went = f"atc_take_{index}", f"atc_went_{index}"
    decl, store = "", ""
    if rep.result_type:
        decl, store = f"{rep.result_type} {RESULT}; ", rep.store + " "
    if r.kind == "function":
        test = f"if ({taken}) {rep.store if rep.result_type else 'return;'}"
    else:
        decl += f"int {went} = 0; "
        test = f"if ({taken}) {{ {store}{went} = 1; }}"
    if rep.factors:
        root = f"ATC_ROOT({rep.macro}, {len(rep.factors)})"
        pre = " ".join(f"if (({x}) >= {root}) {{ goto {take}; }}" for x in rep.factors)
        test = f"{pre} if (0) {{ {take}: {test} }}"
    if r.kind == "function":
        return f"{{ {decl}{test} }}"
    return f"{{ {decl}{test} if (!{went}) {loop} }}"


def _statement_end(source: bytes, region: Region) -> int:
    """Where the loop statement ends: a body that is one expression statement ends at its ';', which the
    region's extent leaves out."""
    if region.text.rstrip().endswith(("}", ";")):
        return region.end
    rest = source[region.end:]
    stripped = rest.lstrip()
    return region.end + (len(rest) - len(stripped)) + 1 if stripped.startswith(b";") else region.end


def _insertion(source: bytes, rep: Replacement, index: int, compact: bool) -> tuple[int, int, str]:
    """(start, end, text) replacing source[start:end]."""
    r = rep.region
    sep = " " if compact else "\n    "
    if r.kind == "function":
        pos = r.start + 1  # just after the body's opening brace
        return pos, pos, f"{sep}{rep.note}{sep}{_site(rep, index, '')}"
    end = _statement_end(source, r)
    loop = source[r.start:end].decode("utf-8", "surrogateescape")
    return r.start, end, f"{rep.note}{sep}{_site(rep, index, loop)}"


def helper_name(index: int) -> str:
    return f"atc_lib_{index}"


def splice(source: bytes, replacements: list[Replacement], compact: bool = False,
           decompositions: list | None = None) -> bytes:
    """The source with each replacement applied, preceded by the library-path functions (without the header
    `with_header` adds). Compact output keeps the user's line numbers: the functions are followed by `#line 1`.
    A decomposed function gets its split function (pieces spliced in) just before it, and one guarded call
    of it at the top of its body."""
    ordered = sorted(replacements, key=lambda rep: rep.region.start)
    edits = [_insertion(source, rep, i, compact) for i, rep in enumerate(ordered)]
    index = len(ordered)
    for dec in sorted(decompositions or [], key=lambda d: d.function_start):
        split = _split_text(dec, index, compact)
        ordered += [rep for rep in dec.replacements if rep]
        index = len(ordered)
        edits.append((dec.function_start, dec.function_start, split))
        body = dec.region.start + 1
        edits.append((body, body, dec.site(compact)))
    out = source
    for start, end, text in sorted(edits, key=lambda e: e[0], reverse=True):
        out = out[:start] + text.encode("utf-8", "surrogateescape") + out[end:]
    helpers = "".join(rep.helper(helper_name(i)) + "\n" for i, rep in enumerate(ordered))
    return _before_text((helpers + ("#line 1\n" if compact else "\n")).encode(), out)


def _split_text(dec, first_index: int, compact: bool) -> str:
    """The split function with its call pieces spliced in, and its guarded entry; in compact output followed
    by a #line directive giving the original function its own line again."""
    text = dec.combined
    index = first_index
    edits = []
    for rep in dec.replacements:
        if rep:
            edits.append(_insertion(text, rep, index, compact))
            index += 1
    for start, end, piece in sorted(edits, key=lambda e: e[0], reverse=True):
        text = text[:start] + piece.encode("utf-8", "surrogateescape") + text[end:]
    split = text[dec.split_start:].decode("utf-8", "surrogateescape")
    line = f"#line {dec.function_line}\n" if compact else "\n"
    return f"\n{split}{dec.plan.guarded}{line}"


def with_header(body: bytes, path: str, compact: bool) -> bytes:
    """A spliced source made whole: the runtime's include first, and for compact output a #line directive
    so the compiler's diagnostics, __FILE__ and __LINE__ name the user's file and lines."""
    header = INCLUDE
    if compact:
        quoted = path.replace("\\", "\\\\").replace('"', '\\"')
        header += f'#line 1 "{quoted}"\n'
    return _before_text(header.encode(), body)


BOM = b"\xef\xbb\xbf"


def _before_text(prefix: bytes, text: bytes) -> bytes:
    """prefix + text, keeping a byte-order mark the text starts with at the very start (anywhere else the
    compiler reads it as a stray character)."""
    if text.startswith(BOM):
        return BOM + prefix + text[len(BOM):]
    return prefix + text
