"""A function whose loop nest does several things, split into a function doing them one after another.

The nest's statements, each with the canonical loops around it, are distributed into groups as the
dependence analysis allows (atc/analysis/dependence.py). A loop-local accumulator is first moved into the
array element it is stored to, or else into a temporary array, so that a reduction and what follows it can
part. The result is C text: `atc_split_<fn>` (the same parameters, then the temporaries; the function's body
with the nest replaced by one loop nest per group) and `atc_split_<fn>_guarded`, which runs it only when
the buffers the nest writes overlap nothing else it touches and the temporaries were allocated, and returns
1 then, else 0 (the original runs). The split function is proven equal to the original as a whole
(verify/equivalence.py) and each group is searched as a loop region of its own (atc/decompose.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clang.cindex import CursorKind, TypeKind

from ..analysis.dependence import (Access, Locals, NotAnalysable, Statement, accesses, canonical_loop, distribute,
                                   strip, tree_vars)
from ..frontend.operators import operator
from ..frontend.regions import INT_KINDS, REAL_DTYPES, decl_key, walk

PREFIX = "atc_split_"


@dataclass
class Piece:
    statements: list          # the Statements of the group, in order
    text: str                 # the group's loop nest, as C text
    line_in_text: int = 0     # lines before it in the split function's text


@dataclass
class SplitPlan:
    function: str
    name: str                 # the split function's name
    text: str                 # its definition: the body with the nest distributed (void, as the original)
    guarded: str              # `<name>_guarded`: the overlap guard, then the split function; 1 when it ran
    args: str                 # the parameters' names, to call either
    pieces: list              # Piece per group
    explain: list = field(default_factory=list)
    nest_lines: tuple = (0, 0)


def split_function(function, source: bytes) -> tuple[SplitPlan | None, list[str]]:
    """The split version of a function definition, or None; with the notes saying why."""
    notes: list[str] = []
    if function.result_type.kind != TypeKind.VOID:
        return None, ["decompose: only functions returning void are split"]
    body = next((c for c in function.get_children() if c.kind == CursorKind.COMPOUND_STMT), None)
    params = [p for p in function.get_arguments()]
    if body is None or any(not p.spelling for p in params):
        return None, ["decompose: a parameter without a name"]
    if any(n.kind in (CursorKind.RETURN_STMT, CursorKind.GOTO_STMT) for n, _ in walk(body)):
        return None, ["decompose: the function returns or jumps from inside"]
    for nest in body.get_children():
        if nest.kind != CursorKind.FOR_STMT:
            continue
        try:
            plan = _split_nest(function, body, nest, source, params, notes)
        except NotAnalysable as exc:
            notes.append(f"decompose: loop nest at line {nest.extent.start.line}: {exc}")
            continue
        if plan is not None:
            return plan, notes
    return None, notes


def _statements(stmt, loops, source, locals_, out):
    """The nest's statements, each with the canonical loops around it."""
    if stmt.kind == CursorKind.COMPOUND_STMT:
        for child in stmt.get_children():
            _statements(child, loops, source, locals_, out)
    elif stmt.kind == CursorKind.FOR_STMT:
        loop = canonical_loop(stmt, source, locals_)
        _statements(list(stmt.get_children())[-1], loops + (loop,), source, locals_, out)
    elif stmt.kind == CursorKind.NULL_STMT:
        return
    elif stmt.kind == CursorKind.DECL_STMT and len(list(stmt.get_children())) > 1:
        for var in stmt.get_children():   # `float a = 0, b = 0;`: one statement per variable
            out.append(Statement(var, loops, line=var.extent.start.line))
    else:
        out.append(Statement(stmt, loops, line=stmt.extent.start.line))


def _split_nest(function, body, nest, source, params, notes) -> SplitPlan | None:
    locals_ = Locals({p.spelling: decl_key(p) for p in params if p.type.get_canonical().kind in INT_KINDS})
    statements: list = []
    _statements(nest, (), source, locals_, statements)
    if len(statements) < 2:
        return None
    param_keys = {decl_key(p) for p in params}
    for s in statements:
        s.accesses = accesses(s.cursor, locals_, param_keys)
        around = {loop.var for loop in s.loops}
        for tree in [p.index for p in s.accesses] + [t for loop in s.loops for t in (loop.lower, loop.upper)]:
            if set(tree_vars(tree)) & locals_.loop_vars - around:
                raise NotAnalysable(f"line {s.line} reads a loop variable outside its loop")
    texts = {id(s): _declaration(s.cursor, source) if s.cursor.kind == CursorKind.VAR_DECL else
             _text(s.cursor, source) for s in statements}
    expanded = _expand_accumulators(statements, texts, source, notes)
    temps = _expand_into_temporaries(statements, texts, source, notes, locals_, expanded)
    for s in statements:
        edits = texts.pop(("edits", id(s)), [])
        text = texts[id(s)]
        for a, b, x in sorted(edits, reverse=True):
            text = text[:a] + x + text[b:]
        texts[id(s)] = text
    statements = [s for s in statements if id(s) not in expanded.dropped]
    if len(statements) < 2:
        return None
    ordered, why = distribute(statements)
    notes.extend(f"decompose: {w}" for w in why)
    groups = [ordered[0]]
    for group in ordered[1:]:
        last = groups[-1]
        starts = [(a, b) for a in last for b in group if _initialises(a, b)]
        if starts:
            notes.append(f"decompose: line {starts[0][0].line} initialises what line {starts[0][1].line} "
                         f"accumulates: kept together")
        elif all(x.loops == group[0].loops and not _reduces(x) for x in last + group):
            notes.append(f"decompose: lines {last[0].line}-{group[-1].line} are elementwise in the same loops: "
                         f"kept together")
        else:
            groups.append(group)
            continue
        groups[-1] = sorted(last + group, key=statements.index)
    if len(groups) < 2:
        notes.append("decompose: no cut allowed; the nest stays whole")
        return None
    if not any(_reduces(s) for s in statements):
        notes.append("decompose: no piece accumulates; nothing a library call would do")
        return None
    pieces = [Piece(g, _emit(g, 0, texts)) for g in groups]
    guard = _overlap_guard(statements, locals_, param_keys)
    if guard is None:
        notes.append("decompose: an index may decrease with a loop variable, or uses more than the parameters: "
                     "overlap cannot be bounded")
        return None
    name = PREFIX + function.spelling
    declared = [_decayed(_text(p, source), p.spelling) for p in params]
    head = ", ".join(declared) or "void"
    args = ", ".join(p.spelling for p in params)
    split_head = ", ".join(declared + [f"{t} *{n}" for n, t, _ in temps]) or "void"
    start, end = body.extent.start.offset, body.extent.end.offset
    nest_end = _statement_end(nest, source)
    text = f"static void {name}({split_head})\n" + source[start:nest.extent.start.offset].decode("utf-8", "surrogateescape")
    for k, piece in enumerate(pieces):
        text += "\n" if k else ""
        piece.line_in_text = text.count("\n")
        text += piece.text
    text += source[nest_end:end].decode("utf-8", "surrogateescape") + "\n"
    guarded = (f"static __attribute__((noinline)) int {name}_guarded({head})\n"
               f"{{ if (!({guard})) return 0; {_with_temporaries(name, args, temps)} return 1; }}\n")
    notes.append(f"decompose: {len(pieces)} pieces: " + "; ".join(
        f"lines {g[0].line}-{g[-1].line}" for g in groups))
    return SplitPlan(function.spelling, name, text, guarded, args, pieces, notes,
                     (nest.extent.start.line, nest.extent.end.line))


def _decayed(declaration: str, name: str) -> str:
    """An array parameter written as the pointer it is (`double x[n]` -> `double *x`, `double A[m][n]` ->
    `double (*A)[n]`, `float y[restrict static 4]` -> `float *restrict y`): the pieces' loop nests are then
    outlined as for any pointer parameter."""
    m = re.search(rf"\b{re.escape(name)}\s*\[([^\]]*)\]", declaration)
    if not m:
        return declaration
    quals = " ".join(w for w in m.group(1).split() if w in ("const", "restrict", "volatile", "__restrict"))
    pointer = f"*{quals} {name}" if quals else f"*{name}"
    rest = declaration[m.end():]
    if rest.lstrip().startswith("["):
        pointer = f"({pointer})"
    return declaration[:m.start()] + pointer + rest


def _with_temporaries(name: str, args: str, temps: list) -> str:
    """The call of the split function, with its temporaries allocated first (none allocated: it returns 0
    and the original runs) and freed after."""
    if not temps:
        return f"{name}({args});"
    decls = " ".join(f"{t} *{n} = ({t} *)__builtin_malloc(sizeof({t}) * (__SIZE_TYPE__)({c} > 0 ? {c} : 1));"
                     for n, t, c in temps)
    names = [n for n, _, _ in temps]
    frees = " ".join(f"__builtin_free({n});" for n in names)
    missing = " || ".join(f"!{n}" for n in names)
    return (f"{{ {decls} if ({missing}) {{ {frees} return 0; }} {name}({', '.join([args] + names)}); {frees} }}")


def _declaration(var, source: bytes) -> str:
    """One variable of a declaration with several, as a declaration of its own."""
    init = [ch for ch in var.get_children() if ch.kind != CursorKind.TYPE_REF]
    value = f" = {_text(init[-1], source)}" if init else ""
    return f"{var.type.spelling} {var.spelling}{value};"


def _declared(c):
    """The one real variable a declaration statement declares, else None."""
    if c.kind == CursorKind.VAR_DECL:
        var = c
    elif c.kind == CursorKind.DECL_STMT and len(list(c.get_children())) == 1:
        var = next(c.get_children())
    else:
        return None
    return var if var.type.get_canonical().kind in REAL_DTYPES else None


def _tree_text(tree) -> str:
    if tree[0] == "const":
        return str(tree[1])
    if tree[0] == "var":
        return tree[2]
    return f"({_tree_text(tree[1])} {tree[0]} {_tree_text(tree[2])})"


def _expand_into_temporaries(statements, texts, source, notes, locals_, expanded) -> list:
    """A loop-local accumulator that no output element can hold becomes an element of a temporary array, one
    element per iteration of the loops around its declaration: `T s = 0; for (j...) s += ...;` ->
    `atc_t_s[i] = 0; for (j...) atc_t_s[i] += ...;`. Returns (name, type, element count) per temporary."""
    temps = []
    for d, decl in enumerate(statements):
        var = _declared(decl.cursor)
        if var is None or id(decl) in expanded.dropped or decl_key(var) in expanded.keys or not decl.loops:
            continue
        key = decl_key(var)
        if not any(len(s.loops) > len(decl.loops) and {p.write for p in s.accesses if p.base == key} == {True, False}
                   for s in statements[d + 1:]):
            continue   # not an accumulator: it stays a scalar, with its uses
        bounds = [t for loop in decl.loops for t in (loop.lower, loop.upper)]
        if any(set(tree_vars(t)) & locals_.loop_vars for t in bounds):
            continue   # a loop whose bounds move with an outer loop: no rectangular temporary
        index, count = None, None
        for loop in decl.loops:
            at = ("var", loop.var, loop.name) if loop.lower == ("const", 0) else \
                ("-", ("var", loop.var, loop.name), loop.lower)
            trip = loop.upper if loop.lower == ("const", 0) else ("-", loop.upper, loop.lower)
            index = at if index is None else ("+", ("*", index, trip), at)
            count = trip if count is None else ("*", count, trip)
        name = f"atc_t_{var.spelling}"
        ctype = var.type.get_canonical().spelling
        temp_key = ("<temporary>", name)
        locals_.add(temp_key)
        target = Access(temp_key, name, index, True, ctype=ctype)
        x = f"{name}[{_tree_text(index)}]"
        for s in statements[d:]:
            _substitute(s, key, x, target, texts, source)
        init = [ch for ch in var.get_children() if ch.kind != CursorKind.TYPE_REF]
        texts[id(decl)] = f"{x} = {_text(init[-1], source)};" if init else ""
        decl.accesses = [target] + [p for p in decl.accesses if p.base != key]
        if not init:
            expanded.dropped.add(id(decl))
        count_text = _tree_text(("*", ("const", 1), count)).replace("(1 * ", "((long long)", 1)
        temps.append((name, ctype, count_text))
        notes.append(f"decompose: the accumulator '{var.spelling}' (line {decl.line}) lives in a temporary, {x}")
    return temps


def _initialises(a: Statement, b: Statement) -> bool:
    """a stores what b, in a deeper loop, accumulates into: `y[i] = 0; for (j...) y[i] += ...` is one op."""
    stored = {p.base for p in a.accesses if p.write and not p.scalar}
    read = {p.base for p in a.accesses if not p.write}
    updated = {p.base for p in b.accesses if p.write} & {p.base for p in b.accesses if not p.write}
    return len(b.loops) > len(a.loops) and bool((stored - read) & updated)


def _reduces(s: Statement) -> bool:
    """s updates one location over several iterations of a loop around it (`y[i] += ...` inside j)."""
    loop_vars = {loop.var for loop in s.loops}
    return any(p.write and not p.scalar and loop_vars - set(tree_vars(p.index)) for p in s.accesses)


def _text(c, source: bytes) -> str:
    return source[c.extent.start.offset:_extent_end(c, source)].decode("utf-8", "surrogateescape")


def _extent_end(c, source: bytes) -> int:
    """Where c's text ends. libclang ends an expression that ends in a function-like macro's invocation
    (`tmp[i] = SCALAR_VAL(0.0)`) before the invocation; in C nothing else puts `name(` right after an
    expression, so the invocation is taken in."""
    end = c.extent.end.offset
    call = re.match(rb"\s*[A-Za-z_]\w*\s*\(", source[end:])
    if call is None:
        return end
    depth, i = 0, end + call.end() - 1
    while i < len(source):
        depth += {40: 1, 41: -1}.get(source[i], 0)   # ( and )
        if depth == 0:
            return i + 1
        i += 1
    return end


def _statement_end(c, source: bytes) -> int:
    """Where a statement ends: an expression statement's extent leaves out its ';'."""
    end = _extent_end(c, source)
    rest = source[end:]
    if source[:end].rstrip().endswith((b"}", b";")):
        return end
    stripped = rest.lstrip()
    return end + (len(rest) - len(stripped)) + 1 if stripped.startswith(b";") else end


def _as_statement(text: str) -> str:
    t = text.rstrip()
    return t if t.endswith((";", "}")) else t + ";"


def _emit(statements, depth, texts) -> str:
    out, i = [], 0
    while i < len(statements):
        s = statements[i]
        if len(s.loops) == depth:
            out.append(_as_statement(texts[id(s)]))
            i += 1
            continue
        loop = s.loops[depth]
        j = i
        while j < len(statements) and len(statements[j].loops) > depth and statements[j].loops[depth] is loop:
            j += 1
        out.append(f"{loop.header} {{ {_emit(statements[i:j], depth + 1, texts)} }}")
        i = j
    return " ".join(out)


class _Expansion:
    def __init__(self):
        self.dropped = set()    # statements left out (a declaration without a value, `x = x;`)
        self.keys = set()       # the accumulators moved


def _expand_accumulators(statements, texts, source, notes) -> _Expansion:
    """`T s = e; ... s += ...; x[idx] = f(s); ... (s read)` becomes `x[idx] = e; ... x[idx] += ...;
    x[idx] = f(x[idx]); ...` when x's elements have type T, nothing else in the nest touches x, and f reads
    no element of x: the accumulator then lives in the output, and the reduction is a statement of its own."""
    done = _Expansion()
    for d, decl in enumerate(statements):
        var = _declared(decl.cursor)
        if var is None:
            continue
        key = decl_key(var)
        store = _final_store(statements, d, key)
        if store is None:
            continue
        s_index, lhs, target = store
        st = statements[s_index]
        if st.loops != decl.loops or lhs.type.get_canonical().spelling != var.type.get_canonical().spelling:
            continue
        if any(p.base == target.base and p is not target for s in statements for p in s.accesses):
            continue
        if any(p.base == key and p.write for s in statements[s_index:] for p in s.accesses):
            continue
        x = _text(lhs, source)
        for s in statements[d:]:
            _substitute(s, key, x, target, texts, source)
        init = [ch for ch in var.get_children() if ch.kind != CursorKind.TYPE_REF]
        texts[id(decl)] = f"{x} = {_text(init[-1], source)};" if init else ""
        decl.accesses = [Access(target.base, target.name, target.index, True, ctype=target.ctype)] + \
            [p for p in decl.accesses if p.base != key]
        if not init:
            done.dropped.add(id(decl))
        rhs = strip(list(st.cursor.get_children())[1])
        if rhs.kind == CursorKind.DECL_REF_EXPR and rhs.referenced is not None and decl_key(rhs.referenced) == key:
            done.dropped.add(id(st))   # `x = s;` is now `x = x;`
        done.keys.add(key)
        notes.append(f"decompose: the accumulator '{var.spelling}' (line {decl.line}) lives in {x}")
    return done


def _final_store(statements, d, key):
    """The first statement after d of the form `x[idx] = <expression reading key>`: (its position, the lhs
    cursor, its write access)."""
    for k in range(d + 1, len(statements)):
        c = statements[k].cursor
        if c.kind != CursorKind.BINARY_OPERATOR or operator(c) != "=":
            continue
        lhs, rhs = list(c.get_children())
        lhs = strip(lhs)
        if lhs.kind != CursorKind.ARRAY_SUBSCRIPT_EXPR:
            continue
        if not any(n.kind == CursorKind.DECL_REF_EXPR and n.referenced is not None and
                   decl_key(n.referenced) == key for n, _ in walk(rhs)):
            continue
        writes = [p for p in statements[k].accesses if p.write and not p.scalar]
        return (k, lhs, writes[0]) if len(writes) == 1 else None
    return None


def _substitute(s, key, x, target, texts, source):
    """Every use of the accumulator in s becomes the output element (text and accesses alike). Uses are
    found as the statement's identifier tokens naming it, so that a use inside a macro's argument is found
    too (`LEAKY(s + b[o])`); the proof of the whole split function checks the result."""
    start = s.cursor.extent.start.offset
    uses = [n for n, _ in walk(s.cursor) if n.kind == CursorKind.DECL_REF_EXPR and n.referenced is not None
            and decl_key(n.referenced) == key]
    edits = []
    if uses:
        previous = ""
        for tok in s.cursor.get_tokens():
            if tok.kind.name == "IDENTIFIER" and tok.spelling == uses[0].spelling and previous not in (".", "->"):
                edits.append((tok.extent.start.offset - start, tok.extent.end.offset - start))
            previous = tok.spelling
        if not edits:
            raise NotAnalysable(f"'{uses[0].spelling}' is used through a macro's body")
    if not edits:
        return
    if s.cursor.kind == CursorKind.VAR_DECL:
        raise NotAnalysable(f"'{s.cursor.spelling}' starts from an accumulator")
    # kept as edits of the statement as written: several accumulators may be moved in one statement
    texts.setdefault(("edits", id(s)), []).extend((a, b, f"({x})") for a, b in edits)
    s.accesses = [Access(target.base, target.name, target.index, p.write, ctype=target.ctype) if p.base == key else p
                  for p in s.accesses]


# --- the run-time guard ---------------------------------------------------------------------------------

def _c(tree, bounds) -> str | None:
    """C text of the largest value an index tree takes over the loops (bounds: loop var -> its largest
    value's text); None when it is not increasing in every variable (a subtraction)."""
    kind = tree[0]
    if kind == "const":
        return str(tree[1]) if tree[1] >= 0 else None
    if kind == "var":
        return bounds.get(tree[1], f"(long long){tree[2]}")
    if kind == "-":
        return None
    a, b = _c(tree[1], bounds), _c(tree[2], bounds)
    if a is None or b is None:
        return None
    if kind == "*" and b == "1":
        return a
    return f"({a} {kind} {b})"


def _overlap_guard(statements, locals_, param_keys) -> str | None:
    """Every buffer the nest writes lies apart from every other buffer it touches (their extents bounded by
    the largest index each access takes), and every size the indices use is non-negative."""
    extents: dict = {}
    names: dict = {}
    written = set()
    sizes = {}
    for s in statements:
        bounds = {}
        for loop in s.loops:
            top = _c(loop.upper, bounds)
            if top is None or _c(loop.lower, bounds) is None:
                return None
            bounds[loop.var] = f"({top} - 1)"
            sizes.update({k: n for k, n in tree_vars(loop.upper).items() if k not in locals_.loop_vars})
            sizes.update({k: n for k, n in tree_vars(loop.lower).items() if k not in locals_.loop_vars})
        for p in s.accesses:
            if p.scalar or p.base in locals_:
                continue
            top = _c(p.index, bounds)
            if top is None:
                return None
            sizes.update({k: n for k, n in tree_vars(p.index).items() if k not in locals_.loop_vars})
            if top not in extents.setdefault(p.base, []):
                extents[p.base].append(top)
            names[p.base] = (p.name, p.ctype)
            if p.write:
                written.add(p.base)
    if set(sizes) - param_keys or set(extents) - param_keys:
        return None   # the guard runs before the function's body: it can name only the parameters
    conds = [f"{n} >= 0" for n in dict.fromkeys(sizes.values())]
    bases = list(extents)
    for i, w in enumerate(bases):
        for other in bases:
            if other == w or (other in written and bases.index(other) < i) or w not in written:
                continue
            conds.append(_apart(names[w], extents[w], names[other], extents[other]))
    return " && ".join(conds) or "1"


def _extent(ctype, tops) -> str:
    top = tops[0]
    for t in tops[1:]:
        top = f"({top} > {t} ? {top} : {t})"
    return f"((double)({top}) + 1.0) * (double)sizeof({ctype})"


def _apart(a, ta, b, tb) -> str:
    (na, ca), (nb, cb) = a, b
    pa, pb = f"(double)(__UINTPTR_TYPE__)({na})", f"(double)(__UINTPTR_TYPE__)({nb})"
    return f"({pa} + {_extent(ca, ta)} <= {pb} || {pb} + {_extent(cb, tb)} <= {pa})"
