"""Static dependences of a loop nest: its statements, the canonical loops around each, the affine accesses
each makes, and whether a cut between two statements (loop distribution) keeps every conflicting pair of
accesses in its original order (z3 over the loop bounds, for every size).

Index expressions are small trees over loop variables, integer parameters and constants:
("const", n), ("var", key, spelling), ("+", a, b), ("-", a, b), ("*", a, b).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import z3
from clang.cindex import CursorKind, TypeKind

from ..frontend.dimensions import dimension_tree
from ..frontend.operators import evaluate, is_postfix, operator
from ..frontend.regions import INT_KINDS, PURE_CALLS, REAL_DTYPES, decl_key, walk

SOLVER_TIMEOUT_MS = 2000
PASS_THROUGH = (CursorKind.UNEXPOSED_EXPR, CursorKind.PAREN_EXPR, CursorKind.CSTYLE_CAST_EXPR)
LOOP_KINDS = (CursorKind.FOR_STMT, CursorKind.WHILE_STMT, CursorKind.DO_STMT)


class NotAnalysable(Exception):
    """A construct the dependence analysis does not model: the nest is not distributed."""


@dataclass(eq=False)
class Loop:
    cursor: object
    var: tuple             # declaration key of the loop variable
    name: str
    lower: tuple           # index tree
    upper: tuple           # index tree, exclusive (an inclusive `<=` bound is stored plus one)
    header: str            # `for (...)`, as written


@dataclass(eq=False)
class Access:
    base: tuple            # declaration key of the buffer (or of a local scalar)
    name: str
    index: tuple           # linear element index, an index tree
    write: bool
    scalar: bool = False   # a local scalar: one location
    ctype: str = ""        # the element's C type


@dataclass(eq=False)
class Statement:
    cursor: object
    loops: tuple           # enclosing loops of the nest, outermost first
    accesses: list = field(default_factory=list)
    line: int = 0


def strip(c):
    while c.kind in PASS_THROUGH:
        ch = [x for x in c.get_children() if x.kind != CursorKind.TYPE_REF]
        if len(ch) != 1:
            break
        c = ch[0]
    return c


def _is_int(t) -> bool:
    return t.get_canonical().kind in INT_KINDS


def int_tree(c, locals_: set) -> tuple:
    """The index tree of an integer expression; raises NotAnalysable for anything else."""
    c = strip(c)
    if c.kind == CursorKind.INTEGER_LITERAL:
        value = evaluate(c)
        if isinstance(value, int):
            return ("const", value)
    elif c.kind == CursorKind.DECL_REF_EXPR and c.referenced is not None:
        ref = c.referenced
        if ref.kind == CursorKind.ENUM_CONSTANT_DECL:
            return ("const", ref.enum_value)
        if ref.kind in (CursorKind.PARM_DECL, CursorKind.VAR_DECL) and _is_int(ref.type):
            key = decl_key(ref)
            if ref.kind == CursorKind.VAR_DECL and key in locals_ and key not in locals_.loop_vars:
                raise NotAnalysable(f"index uses the local '{ref.spelling}'")
            return ("var", key, ref.spelling)
    elif c.kind == CursorKind.BINARY_OPERATOR and operator(c) in ("+", "-", "*"):
        a, b = [x for x in c.get_children()]
        return (operator(c), int_tree(a, locals_), int_tree(b, locals_))
    raise NotAnalysable(f"index expression '{_spelling(c)}' is not affine in the loop variables")


def _spelling(c) -> str:
    return " ".join(t.spelling for t in c.get_tokens())[:60]


def _elements(t, sizes: dict) -> tuple:
    """Scalar elements in one value of type t, as an index tree: 1 for a scalar, N*M for float[N][M], n for
    the rows of a variable-length array `float a[m][n]` whose dimension is an integer parameter (sizes:
    parameter name -> its key)."""
    t = t.get_canonical()
    n = ("const", 1)
    while t.kind in (TypeKind.CONSTANTARRAY, TypeKind.VARIABLEARRAY):
        if t.kind == TypeKind.CONSTANTARRAY:
            n = ("*", n, ("const", t.get_array_size()))
        else:
            dims = re.findall(r"\[([^\]]*)\]", t.spelling)
            dim = dims[0].strip() if dims else ""
            n = ("*", n, _dimension_tree(dim, sizes))
        t = t.get_array_element_type().get_canonical()
    if t.kind == TypeKind.INCOMPLETEARRAY:
        raise NotAnalysable("array of unknown size")
    return n


def _dimension_tree(dim: str, sizes: dict) -> tuple:
    """A variable-length dimension as spelled (`n`, `n + 0`, `2 * m`) as an index tree over the integer
    parameters it names."""
    def tree(node):
        if node[0] == "const":
            return node
        if node[0] == "name" and node[1] in sizes:
            return ("var", sizes[node[1]], node[1])
        if node[0] in ("+", "-", "*"):
            return (node[0], tree(node[1]), tree(node[2]))
        raise NotAnalysable(f"array of computed size [{dim}]")
    try:
        return tree(dimension_tree(dim))
    except ValueError:
        raise NotAnalysable(f"array of computed size [{dim}]") from None


class Locals(set):
    """Declarations local to the nest; loop_vars are those of its canonical loops."""
    def __init__(self, sizes: dict | None = None):
        super().__init__()
        self.sizes = sizes or {}    # integer parameters by name: the dimensions a variable-length array may use
        self.aliases = {}           # local `const T *row = buffer + offset`: key -> (buffer key, name, offset)
        self.loop_vars = set()


def _buffer_access(c, locals_) -> tuple:
    """(key, name, index tree, element type) of an element access a[i][j] / a[e]."""
    terms = []
    cur = c
    while cur.kind == CursorKind.ARRAY_SUBSCRIPT_EXPR:
        base, idx = list(cur.get_children())
        terms.append(("*", int_tree(idx, locals_), _elements(cur.type, locals_.sizes)))
        cur = strip(base)
    if cur.kind != CursorKind.DECL_REF_EXPR or cur.referenced is None:
        raise NotAnalysable(f"access through '{_spelling(cur)}', not a named buffer")
    ref = cur.referenced
    key = decl_key(ref)
    index = terms[0]
    for term in terms[1:]:
        index = ("+", term, index)
    if key in locals_.aliases:   # `row[j]` with `row = W + i * n`: W[i * n + j]
        key, name, offset = locals_.aliases[key]
        return key, name, ("+", offset, index), c.type.get_canonical().spelling
    if key in locals_ and ref.type.get_canonical().kind == TypeKind.POINTER:
        raise NotAnalysable(f"access through the local pointer '{ref.spelling}'")
    return key, ref.spelling, index, c.type.get_canonical().spelling


def _row_pointer(var, locals_) -> tuple:
    """A local pointer into a parameter's buffer, set once where declared: `T *row = base + offset;`
    -> (the buffer's key, its name, the offset's index tree)."""
    init = [ch for ch in var.get_children() if ch.kind != CursorKind.TYPE_REF]
    expr = strip(init[-1]) if init else None
    if expr is None or expr.kind != CursorKind.BINARY_OPERATOR or operator(expr) != "+" or \
            not var.type.get_canonical().get_pointee().is_const_qualified():
        raise NotAnalysable(f"the local pointer '{var.spelling}' is not `const T *p = buffer + offset`")
    base, offset = [strip(x) for x in expr.get_children()]
    if base.kind != CursorKind.DECL_REF_EXPR:
        base, offset = offset, base
    ref = base.referenced if base.kind == CursorKind.DECL_REF_EXPR else None
    if ref is None or ref.kind != CursorKind.PARM_DECL or ref.type.get_canonical().kind != TypeKind.POINTER or \
            ref.type.get_canonical().get_pointee().get_canonical().kind not in REAL_DTYPES:
        raise NotAnalysable(f"the local pointer '{var.spelling}' points into no parameter's buffer")
    return decl_key(ref), ref.spelling, int_tree(offset, locals_)


def accesses(stmt, locals_: set, function_params: set) -> list:
    """Every access the statement makes; raises NotAnalysable for what the analysis cannot see."""
    out = []
    writes = {}      # node hash -> also read (compound assignment, ++)
    for node, _ in walk(stmt):
        k = node.kind
        if k in (CursorKind.BINARY_OPERATOR, CursorKind.COMPOUND_ASSIGNMENT_OPERATOR):
            op = operator(node)
            if op == "=" or k == CursorKind.COMPOUND_ASSIGNMENT_OPERATOR:
                writes[strip(next(node.get_children())).hash] = op != "="
        elif k == CursorKind.UNARY_OPERATOR and operator(node) in ("++", "--"):
            writes[strip(next(node.get_children())).hash] = True
        elif k == CursorKind.UNARY_OPERATOR and operator(node) in ("*", "&"):
            raise NotAnalysable(f"uses '{operator(node)}' on a pointer")
        elif k in LOOP_KINDS or k in (CursorKind.RETURN_STMT, CursorKind.BREAK_STMT, CursorKind.CONTINUE_STMT,
                                      CursorKind.GOTO_STMT, CursorKind.MEMBER_REF_EXPR):
            raise NotAnalysable(f"contains a {k.name.lower().replace('_', ' ')}")
        elif k == CursorKind.CALL_EXPR:
            _check_call(node)
    seen_subscripts = set()
    for node, parent in walk(stmt):
        k = node.kind
        if k == CursorKind.ARRAY_SUBSCRIPT_EXPR and node.hash not in seen_subscripts:
            if node.type.get_canonical().kind not in INT_KINDS and node.type.get_canonical().kind not in REAL_DTYPES:
                if parent is None or strip(parent).kind != CursorKind.ARRAY_SUBSCRIPT_EXPR:
                    raise NotAnalysable("takes a row of an array as a pointer")
                continue
            sub = node
            while sub.kind == CursorKind.ARRAY_SUBSCRIPT_EXPR:
                seen_subscripts.add(sub.hash)
                sub = strip(next(sub.get_children()))
            key, name, index, ctype = _buffer_access(node, locals_)
            _add(out, key, name, index, node.hash, writes, ctype=ctype)
        elif k == CursorKind.VAR_DECL:
            if node.type.get_canonical().kind == TypeKind.POINTER:
                locals_.aliases[decl_key(node)] = _row_pointer(node, locals_)
            elif node.type.get_canonical().kind not in INT_KINDS and \
                    node.type.get_canonical().kind not in REAL_DTYPES:
                raise NotAnalysable(f"declares '{node.spelling}' of type {node.type.spelling}")
            locals_.add(decl_key(node))
            out.append(Access(decl_key(node), node.spelling, ("const", 0), True, scalar=True))
        elif k == CursorKind.DECL_REF_EXPR and node.referenced is not None and \
                node.referenced.kind in (CursorKind.VAR_DECL, CursorKind.PARM_DECL):
            ref = node.referenced
            key = decl_key(ref)
            kind = ref.type.get_canonical().kind
            if key in locals_.aliases:
                _add(out, key, ref.spelling, ("const", 0), node.hash, writes, scalar=True)
                continue   # the pointer is read where its elements are: it goes with its declaration
            if kind not in INT_KINDS and kind not in REAL_DTYPES:
                continue   # a buffer named as a whole is only seen through its subscripts
            if key in locals_.loop_vars:
                if node.hash in writes:
                    raise NotAnalysable(f"changes the loop variable '{ref.spelling}'")
                continue
            if key not in locals_:
                if node.hash in writes:
                    raise NotAnalysable(f"changes '{ref.spelling}', which is not local to the loop nest")
                continue   # a parameter read: no dependence among the nest's statements
            _add(out, key, ref.spelling, ("const", 0), node.hash, writes, scalar=True)
    return out


def _add(out, key, name, index, node_hash, writes, scalar=False, ctype=""):
    if node_hash in writes:
        out.append(Access(key, name, index, True, scalar, ctype))
        if writes[node_hash]:
            out.append(Access(key, name, index, False, scalar, ctype))
    else:
        out.append(Access(key, name, index, False, scalar, ctype))


def _check_call(node):
    ref = node.referenced
    if ref is None:
        raise NotAnalysable("calls through a function pointer")
    if node.spelling in PURE_CALLS:
        return
    definition = ref.get_definition()
    if definition is None or not pure_helper(definition):
        raise NotAnalysable(f"calls '{node.spelling}', which may have effects")


def pure_helper(function, active=frozenset()) -> bool:
    """A function of scalars that reads and writes only its own parameters and locals."""
    if function.hash in active:
        return False
    for p in function.get_arguments():
        if p.type.get_canonical().kind not in INT_KINDS and p.type.get_canonical().kind not in REAL_DTYPES:
            return False
    for node, _ in walk(function):
        if node.kind in (CursorKind.ARRAY_SUBSCRIPT_EXPR, CursorKind.MEMBER_REF_EXPR, CursorKind.ASM_STMT):
            return False
        if node.kind == CursorKind.UNARY_OPERATOR and operator(node) in ("*", "&"):
            return False
        if node.kind == CursorKind.DECL_REF_EXPR and node.referenced is not None and \
                node.referenced.kind == CursorKind.VAR_DECL and \
                node.referenced.semantic_parent is not None and \
                node.referenced.semantic_parent.kind == CursorKind.TRANSLATION_UNIT:
            return False
        if node.kind == CursorKind.CALL_EXPR and node is not function:
            ref = node.referenced
            if ref is None:
                return False
            if node.spelling in PURE_CALLS:
                continue
            definition = ref.get_definition()
            if definition is None or not pure_helper(definition, active | {function.hash}):
                return False
    return True


def canonical_loop(c, source: bytes, locals_) -> Loop:
    """`for (v = L; v < U; v++)` (or `int v = L`, `<=`, `++v`, `v += 1`); raises NotAnalysable otherwise."""
    ch = list(c.get_children())
    if len(ch) != 4:
        raise NotAnalysable("a for loop without all of init, condition and increment")
    init, cond, inc, body = ch
    if init.kind == CursorKind.DECL_STMT:
        decls = list(init.get_children())
        if len(decls) != 1 or decls[0].kind != CursorKind.VAR_DECL or not _is_int(decls[0].type):
            raise NotAnalysable("loop initialisation")
        var = decls[0]
        lower = [x for x in var.get_children() if x.kind != CursorKind.TYPE_REF]
        if not lower:
            raise NotAnalysable("loop variable without a start")
        key, lower_c = decl_key(var), lower[-1]
        locals_.add(key)
    elif init.kind == CursorKind.BINARY_OPERATOR and operator(init) == "=":
        lhs, lower_c = list(init.get_children())
        lhs = strip(lhs)
        if lhs.kind != CursorKind.DECL_REF_EXPR or lhs.referenced is None or not _is_int(lhs.referenced.type):
            raise NotAnalysable("loop initialisation")
        key, var = decl_key(lhs.referenced), lhs.referenced
    else:
        raise NotAnalysable("loop initialisation")
    lower_t = int_tree(lower_c, locals_)
    if cond.kind != CursorKind.BINARY_OPERATOR or operator(cond) not in ("<", "<="):
        raise NotAnalysable("loop condition other than v < bound")
    lhs, rhs = list(cond.get_children())
    lhs = strip(lhs)
    if lhs.kind != CursorKind.DECL_REF_EXPR or lhs.referenced is None or decl_key(lhs.referenced) != key:
        raise NotAnalysable("loop condition other than v < bound")
    upper = int_tree(rhs, locals_)
    if operator(cond) == "<=":
        upper = ("+", upper, ("const", 1))
    if _mentions(upper, key) or _mentions(lower_t, key):
        raise NotAnalysable("loop bound depends on its own variable")
    if not _unit_step(inc, key):
        raise NotAnalysable("loop step other than 1")
    locals_.loop_vars.add(key)
    header = source[c.extent.start.offset:body.extent.start.offset].decode("utf-8", "surrogateescape").rstrip()
    return Loop(c, key, var.spelling, lower_t, upper, header)


def _unit_step(inc, key) -> bool:
    def names(x):
        x = strip(x)
        return x.kind == CursorKind.DECL_REF_EXPR and x.referenced is not None and decl_key(x.referenced) == key
    if inc.kind == CursorKind.UNARY_OPERATOR and operator(inc) == "++":
        return names(next(inc.get_children()))
    if inc.kind == CursorKind.COMPOUND_ASSIGNMENT_OPERATOR and operator(inc) == "+=":
        a, b = list(inc.get_children())
        return names(a) and evaluate(strip(b)) == 1
    return False


def _mentions(tree, key) -> bool:
    if tree[0] == "var":
        return tree[1] == key
    return tree[0] != "const" and any(_mentions(t, key) for t in tree[1:])


def tree_vars(tree) -> dict:
    if tree[0] == "var":
        return {tree[1]: tree[2]}
    if tree[0] == "const":
        return {}
    out = {}
    for t in tree[1:]:
        out.update(tree_vars(t))
    return out


# --- legality -------------------------------------------------------------------------------------------

def _z3(tree, env):
    if tree[0] == "const":
        return z3.IntVal(tree[1])
    if tree[0] == "var":
        if tree[1] not in env:
            env[tree[1]] = z3.Int(tree[2])
        return env[tree[1]]
    a, b = _z3(tree[1], env), _z3(tree[2], env)
    return a + b if tree[0] == "+" else a - b if tree[0] == "-" else a * b


def _instance(loops, suffix, params):
    """z3 variables for one instance of a statement: its loop variables (renamed) within their bounds."""
    env = dict(params)
    facts = []
    for loop in loops:
        lo, hi = _z3(loop.lower, env), _z3(loop.upper, env)
        env[loop.var] = z3.Int(f"{loop.name}{suffix}")
        facts += [lo <= env[loop.var], env[loop.var] < hi]
    return env, facts


def _solve(facts) -> z3.CheckSatResult:
    solver = z3.Solver()
    solver.set("timeout", SOLVER_TIMEOUT_MS)
    solver.add(*facts)
    return solver.check()


def conflict(a: Statement, b: Statement, pa: Access, pb: Access, params: dict) -> tuple:
    """(any, backward) for statement a (before b in the text): may they touch one location at all, and may b
    touch it at an instance that ran before a's instance in the original nest (distributing them apart
    would then reverse the two)? Each a z3 result; unknown counts as possible."""
    common = []
    for la, lb in zip(a.loops, b.loops):
        if la is not lb:
            break
        common.append(la)
    env_a, facts_a = _instance(a.loops, "_a", params)
    env_b, facts_b = _instance(b.loops, "_b", params)
    ia, ib = _z3(pa.index, env_a), _z3(pb.index, env_b)
    for k in list(env_a) + list(env_b):
        if k not in params and k not in {loop.var for loop in a.loops + b.loops}:
            params[k] = env_a.get(k, env_b.get(k))
    facts = [*facts_a, *facts_b, *(v >= 0 for v in params.values()), ia == ib]
    touched = _solve(facts)
    if touched == z3.unsat or not common:
        return touched, z3.unsat
    before = []
    for k, loop in enumerate(common):
        earlier = [env_b[x.var] == env_a[x.var] for x in common[:k]]
        before.append(z3.And(*earlier, env_b[loop.var] < env_a[loop.var]))
    return touched, _solve(facts + [z3.Or(*before)])


def _params_of(statements) -> dict:
    loop_vars = {loop.var for s in statements for loop in s.loops}
    params = {}
    for s in statements:
        trees = [p.index for p in s.accesses] + [t for loop in s.loops for t in (loop.lower, loop.upper)]
        for t in trees:
            for key, name in tree_vars(t).items():
                if key not in loop_vars:
                    params[key] = z3.Int(name)
    return params


def distribute(statements: list) -> tuple[list, list]:
    """Loop distribution: (groups of statements, each in text order, in an order that keeps every dependence;
    the notes saying which dependence bound or ordered which statements). Two statements stay in one group
    when the later touches a location of the earlier at an earlier iteration (a cycle); otherwise a statement
    that shares a location with a later one goes in an earlier or the same group. Among the groups ready to
    go, one that uses what the previous group made goes next, else the first in the text."""
    n = len(statements)
    params = _params_of(statements)
    after = [set() for _ in range(n)]        # i -> statements that must not go in an earlier group
    why = {}
    for i in range(n):
        for j in range(i + 1, n):
            a, b = statements[i], statements[j]
            for pa in a.accesses:
                for pb in b.accesses:
                    if pa.base != pb.base or not (pa.write or pb.write):
                        continue
                    touched, backward = conflict(a, b, pa, pb, params)
                    if touched == z3.unsat:
                        continue
                    what = _describe(pa, pb, a.line, b.line)
                    after[i].add(j)
                    if backward != z3.unsat:
                        after[j].add(i)
                        why[(i, j)] = f"{what} at an earlier iteration" + \
                            (" (undecided)" if backward == z3.unknown else "") + ": split blocked"
                    else:
                        why.setdefault((i, j), f"{what} at the same or a later iteration: forward: split allowed")
    component = _components(n, after)
    groups: dict = {}
    for i in range(n):
        groups.setdefault(component[i], []).append(i)
    edges = {c: set() for c in groups}
    for i in range(n):
        for j in after[i]:
            if component[i] != component[j]:
                edges[component[i]].add(component[j])
    pending = {c: 0 for c in groups}
    for c in edges:
        for d in edges[c]:
            pending[d] += 1
    order, last = [], None
    ready = [c for c in groups if pending[c] == 0]
    while ready:
        fed = [c for c in ready if last is not None and c in edges[last]]
        pick = min(fed or ready, key=lambda c: groups[c][0])
        ready.remove(pick)
        order.append(pick)
        last = pick
        for d in edges[pick]:
            pending[d] -= 1
            if pending[d] == 0:
                ready.append(d)
    notes = [text for (i, j), text in sorted(why.items())
             if text.endswith("blocked") or component[i] != component[j]]
    return [[statements[i] for i in groups[c]] for c in order], notes


def _components(n, after) -> list:
    """Strongly connected components (Tarjan): statement -> a representative of its component."""
    index, low, comp, stack, on_stack = {}, {}, [None] * n, [], set()
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(after[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp[w] = v
                if w == v:
                    break
    for v in range(n):
        if v not in index:
            visit(v)
    return comp


def _describe(pa, pb, line_a, line_b) -> str:
    def verb(p):
        return "written" if p.write else "read"
    return f"{pa.name}: {verb(pa)} at line {line_a}, {verb(pb)} at line {line_b}"
