"""A purely syntactic kernel matcher: the baseline ATC is evaluated against.

In the style of pattern-based tools (KernelFaRer, Polly's GEMM detector, IDL), it walks the libclang
AST of each function and recognises only the canonical textbook spelling of each kernel:

  gemm    for i, j, k (from 0, `<`, `++`, perfectly nested):  C[i][j] += A[i][k] * B[k][j]
          or  s = 0; for k: s += A[i][k] * B[k][j];  C[i][j] = s (or +=)  in the j-loop body;
          subscripts 2-D `X[a][b]` or flat `X[a*ld + b]` (ld a variable or a constant)
  gemv    for i, j:  y[i] += A[i][j] * x[j]  (or through a scalar accumulator)
  dot     for i:     s += x[i] * y[i]
  axpy    for i:     y[i] += a * x[i]   or   y[i] = a * x[i] + y[i]
  conv2d  a 6- or 7-deep nest:  out[...] += in[...] * w[...]  where the input subscript adds an output
          spatial index and a kernel index (oh + kh, ow + kw) and the reduction loops are innermost
  conv1d  for n, k:  y[n] += h[k] * x[n + k]   (or x[n - k])

Anything else -- another loop order, transposed operands, unrolling, tiling, pointer walking,
function-like macros, while loops, casts, guards -- is deliberately not matched.  The only liberties
are those any such matcher takes: implicit casts and parentheses are looked through, the two factors
of a product (and `i*ld` / `ld*i`) may come in either order.  Beyond the shape it checks what a
BLAS-replacing matcher must: the values are floating point, the loop bounds of gemm/gemv/dot/axpy
are plain variables or constants, the output array is not also an input, and a scalar accumulator is
reset to zero right before its reduction loop.
"""

from __future__ import annotations

import os

from clang import cindex

from ..frontend.cparse import parse
from ..frontend.operators import evaluate, operator

K = cindex.CursorKind
FLOAT_KINDS = {cindex.TypeKind.FLOAT, cindex.TypeKind.DOUBLE, cindex.TypeKind.LONGDOUBLE}


# ---------------------------------------------------------------- expression helpers

def unwrap(c):
    """Look through implicit casts (UNEXPOSED_EXPR) and parentheses."""
    while c is not None and c.kind in (K.UNEXPOSED_EXPR, K.PAREN_EXPR):
        kids = list(c.get_children())
        if len(kids) != 1:
            break
        c = kids[0]
    return c


def kids(c):
    return [unwrap(k) for k in c.get_children()]


def binop(c, op):
    """The two operands of `a op b` (op a binary or compound-assignment operator), else None."""
    c = unwrap(c)
    if c.kind in (K.BINARY_OPERATOR, K.COMPOUND_ASSIGNMENT_OPERATOR) and operator(c) == op:
        ks = kids(c)
        if len(ks) == 2:
            return ks
    return None


def same(a, b):
    """Two declarations, both present and equal (libclang cursors cannot be compared with None)."""
    return a is not None and b is not None and a == b


def is_var(c, v):
    c = unwrap(c)
    return c is not None and c.kind == K.DECL_REF_EXPR and c.referenced == v


def is_zero(c):
    c = unwrap(c)
    return c.kind in (K.INTEGER_LITERAL, K.FLOATING_LITERAL) and evaluate(c) == 0


def is_float(c):
    return unwrap(c).type.get_canonical().kind in FLOAT_KINDS


def refs(c, vs):
    """The loop variables among vs that expression c mentions."""
    c = unwrap(c)
    found = set()
    if c.kind == K.DECL_REF_EXPR:
        found |= {i for i, v in enumerate(vs) if c.referenced == v}
    for k in c.get_children():
        found |= refs(k, vs)
    return found


def invariant(c, vs, simple):
    """A loop-invariant operand: a variable or constant (simple), or +-*/ of those."""
    c = unwrap(c)
    if c.kind == K.INTEGER_LITERAL:
        return True
    if c.kind == K.DECL_REF_EXPR:
        return not any(c.referenced == v for v in vs)
    if not simple and c.kind == K.BINARY_OPERATOR and operator(c) in ("+", "-", "*", "/"):
        return all(invariant(k, vs, False) for k in kids(c))
    return False


def array_base(c, vs):
    """The array variable X of a subscript base `X` (a plain variable, not a loop index)."""
    c = unwrap(c)
    if c.kind == K.DECL_REF_EXPR and not any(c.referenced == v for v in vs):
        return c.referenced
    return None


def subscript(c):
    """(base, [idx0, idx1, ...]) of X[i0][i1]..., else (None, None)."""
    c, idx = unwrap(c), []
    while c.kind == K.ARRAY_SUBSCRIPT_EXPR:
        ks = kids(c)
        if len(ks) != 2:
            return None, None
        idx.insert(0, ks[1])
        c = ks[0]
    return (c, idx) if idx else (None, None)


def sub1(c, a, vs):
    """X for `X[a]`."""
    base, idx = subscript(c)
    return array_base(base, vs) if idx and len(idx) == 1 and is_var(idx[0], a) else None


def sub2(c, a, b, vs):
    """X for `X[a][b]` or `X[a*ld + b]` (also `ld*a`), ld a loop-invariant variable or constant."""
    base, idx = subscript(c)
    if not idx:
        return None
    if len(idx) == 2:
        ok = is_var(idx[0], a) and is_var(idx[1], b)
    elif len(idx) == 1:
        s, m = binop(idx[0], "+"), None
        if s and is_var(s[1], b):
            m = binop(s[0], "*")
        ok = bool(m) and ((is_var(m[0], a) and invariant(m[1], vs, True)) or
                          (is_var(m[1], a) and invariant(m[0], vs, True)))
    else:
        ok = False
    return array_base(base, vs) if ok else None


def product(c):
    """The two factors of `p * q` with floating-point value, else None."""
    pq = binop(c, "*")
    return pq if pq and is_float(c) else None


def either(pq, f, g):
    """Try f on one factor and g on the other, both ways round: (f-result, g-result) or None."""
    for p, q in (pq, pq[::-1]):
        x, y = f(p), g(q)
        if x is not None and y is not None:
            return x, y
    return None


# ---------------------------------------------------------------- loop helpers

def canonical_for(c):
    """(v, bound, body) for `for (v = 0; v < bound; v++)` (or `int v = 0`, `++v`), else None."""
    if c.kind != K.FOR_STMT:
        return None
    ks = list(c.get_children())
    if len(ks) != 4:  # libclang drops missing parts: `for (; k < K; k++)` has 3 children
        return None
    init, cond, inc, body = ks
    v = None
    if init.kind == K.DECL_STMT:
        decls = list(init.get_children())
        if len(decls) == 1 and decls[0].kind == K.VAR_DECL:
            exprs = [e for e in decls[0].get_children() if e.kind.is_expression()]
            if len(exprs) == 1 and is_zero(exprs[0]):
                v = decls[0]
    else:
        lr = binop(init, "=")
        if lr and unwrap(lr[0]).kind == K.DECL_REF_EXPR and is_zero(lr[1]):
            v = unwrap(lr[0]).referenced
    lt = binop(cond, "<")
    inc = unwrap(inc)
    if v is None or not lt or not is_var(lt[0], v) or inc.kind != K.UNARY_OPERATOR or \
            operator(inc) != "++" or not any(is_var(k, v) for k in inc.get_children()):
        return None
    return v, lt[1], body


def statements(body):
    return list(body.get_children()) if body.kind == K.COMPOUND_STMT else [body]


def reset(c):
    """s for `T s = 0;` or `s = 0;`."""
    if c.kind == K.DECL_STMT:
        decls = list(c.get_children())
        if len(decls) == 1 and decls[0].kind == K.VAR_DECL:
            exprs = [e for e in decls[0].get_children() if e.kind.is_expression()]
            if len(exprs) == 1 and is_zero(exprs[0]):
                return decls[0]
        return None
    lr = binop(c, "=")
    if lr and unwrap(lr[0]).kind == K.DECL_REF_EXPR and is_zero(lr[1]):
        return unwrap(lr[0]).referenced
    return None


def loop_nest(loop, max_depth=7):
    """A chain of canonical for loops, perfectly nested except for at most one accumulator level
    `s = 0; <loop>; X[...] = s` (or `+= s`).
    Returns dict(vars, bounds, stmt, acc=(s, store target, depth of the level) or None, stmts)."""
    vs, bounds, acc, extra = [], [], None, []
    cur = loop
    while len(vs) < max_depth:
        f = canonical_for(cur)
        if not f:
            return None
        vs.append(f[0])
        bounds.append(f[1])
        body = statements(f[2])
        if len(body) == 1 and body[0].kind == K.FOR_STMT:
            cur = body[0]
            continue
        if len(body) == 1:
            return dict(vars=vs, bounds=bounds, stmt=body[0], acc=acc, stmts=[body[0]] + extra)
        if len(body) == 3 and acc is None and body[1].kind == K.FOR_STMT:
            s = reset(body[0])
            store = binop(body[2], "=") or binop(body[2], "+=")
            if s is None or not store or not is_var(store[1], s):
                return None
            acc, extra, cur = (s, store[0], len(vs)), [body[2]], body[1]
            continue
        return None
    return None


def update(stmt):
    """(target, factors) for `target += p * q`, else None."""
    tr = binop(stmt, "+=")
    if tr and is_float(tr[0]):
        pq = product(tr[1])
        if pq:
            return tr[0], pq
    return None


def accumulator_target(nest, target, reduce_depth):
    """The array element a reduction finally lands in: `target` itself when it is an array element
    (perfect nest), else the store of a scalar accumulator reset at loop depth reduce_depth."""
    acc = nest["acc"]
    if unwrap(target).kind == K.ARRAY_SUBSCRIPT_EXPR:
        return target if acc is None else None
    if acc and is_var(target, acc[0]) and acc[2] == reduce_depth:
        return acc[1]
    return None


# ---------------------------------------------------------------- the kernels

def match_gemm(nest):
    vs = nest["vars"]
    if len(vs) != 3 or not all(invariant(b, vs, True) for b in nest["bounds"]):
        return False
    i, j, k = vs
    up = update(nest["stmt"])
    out = accumulator_target(nest, up[0], 2) if up else None
    if out is None or not is_float(out):
        return False
    ab = either(up[1], lambda p: sub2(p, i, k, vs), lambda q: sub2(q, k, j, vs))
    c = sub2(out, i, j, vs)
    return bool(ab) and c is not None and c not in ab


def match_gemv(nest):
    vs = nest["vars"]
    if len(vs) != 2 or not all(invariant(b, vs, True) for b in nest["bounds"]):
        return False
    i, j = vs
    up = update(nest["stmt"])
    out = accumulator_target(nest, up[0], 1) if up else None
    if out is None or not is_float(out):
        return False
    ax = either(up[1], lambda p: sub2(p, i, j, vs), lambda q: sub1(q, j, vs))
    y = sub1(out, i, vs)
    return bool(ax) and y is not None and y not in ax


def match_dot(nest):
    vs = nest["vars"]
    if len(vs) != 1 or not invariant(nest["bounds"][0], vs, True):
        return False
    up = update(nest["stmt"])
    if not up or unwrap(up[0]).kind != K.DECL_REF_EXPR or not is_float(up[0]):
        return False
    return either(up[1], lambda p: sub1(p, vs[0], vs), lambda q: sub1(q, vs[0], vs)) is not None


def match_axpy(nest):
    vs = nest["vars"]
    if len(vs) != 1 or not invariant(nest["bounds"][0], vs, True):
        return False
    i, stmt = vs[0], nest["stmt"]
    tr = binop(stmt, "+=")
    if tr:
        target, rhs = tr
    else:
        tr = binop(stmt, "=")
        sm = tr and binop(tr[1], "+")
        if not sm or not same(sub1(sm[1], i, vs), sub1(tr[0], i, vs)):
            return False
        target, rhs = tr[0], sm[0]
    pq = product(rhs)
    y = sub1(target, i, vs)
    if not pq or y is None or not is_float(target):
        return False
    scalar = lambda p: unwrap(p).referenced if unwrap(p).kind == K.DECL_REF_EXPR and \
        invariant(p, vs, True) and is_float(p) else None
    ax = either(pq, scalar, lambda q: sub1(q, i, vs))
    return bool(ax) and ax[1] != y


def affine(c, vs):
    """An index built from variables, integer constants, + - and * (never loop index * loop index)."""
    c = unwrap(c)
    if c.kind in (K.INTEGER_LITERAL, K.DECL_REF_EXPR):
        return True
    if c.kind == K.BINARY_OPERATOR and operator(c) in ("+", "-", "*"):
        a, b = kids(c)
        if operator(c) == "*" and refs(a, vs) and refs(b, vs):
            return False
        return affine(a, vs) and affine(b, vs)
    return False


def shifted_sums(c, vs, outer, kernel):
    """How many additive chains in index c hold a bare output index and a bare kernel index (oh + kh)."""
    c = unwrap(c)
    n = 0
    if c.kind == K.BINARY_OPERATOR and operator(c) in ("+", "-"):
        terms, stack = [], [c]
        while stack:  # flatten the chain a + b - c ...
            t = unwrap(stack.pop())
            if t.kind == K.BINARY_OPERATOR and operator(t) in ("+", "-"):
                stack += kids(t)
            else:
                terms.append(t)
        bare = {i for t in terms if t.kind == K.DECL_REF_EXPR for i in refs(t, vs)}
        n += bool(bare & outer and bare & kernel)
        return n + sum(shifted_sums(t, vs, outer, kernel) for t in terms)
    return n + sum(shifted_sums(k, vs, outer, kernel) for k in c.get_children())


def match_conv(nest, depths, dims, min_shifts):
    vs = nest["vars"]
    if len(vs) not in depths or not all(invariant(b, vs, False) for b in nest["bounds"]):
        return False
    up = update(nest["stmt"])
    if not up:
        return False
    target = up[0]
    if unwrap(target).kind != K.ARRAY_SUBSCRIPT_EXPR:
        acc = nest["acc"]
        if not acc or not is_var(target, acc[0]):
            return False
        target = acc[1]
    elif nest["acc"]:
        return False
    out_base, out_idx = subscript(target)
    if not out_idx or len(out_idx) not in dims or not all(affine(x, vs) for x in out_idx):
        return False
    outer = set().union(*(refs(x, vs) for x in out_idx))
    # the output indices are the outermost loops, the reduction loops (ic, kh, kw) the innermost
    if outer != set(range(len(outer))) or (nest["acc"] and nest["acc"][2] != len(outer)):
        return False
    for inp, w in (up[1], up[1][::-1]):
        (ib, ii), (wb, wi) = subscript(inp), subscript(w)
        if not ii or not wi or len(ii) not in dims or len(wi) not in dims:
            continue
        if not all(affine(x, vs) for x in ii + wi):
            continue
        bases = [array_base(b, vs) for b in (out_base, ib, wb)]
        if any(b is None for b in bases) or bases[0] in bases[1:]:
            continue
        wvars = set().union(*(refs(x, vs) for x in wi))
        ivars = set().union(*(refs(x, vs) for x in ii))
        if outer | wvars | ivars != set(range(len(vs))):
            continue
        if sum(shifted_sums(x, vs, outer - wvars, wvars - outer) for x in ii) >= min_shifts:
            return True
    return False


MATCHERS = [
    ("conv2d", lambda n: match_conv(n, (6, 7), (1, 3, 4), 2)),
    ("gemm", match_gemm),
    ("conv1d", lambda n: match_conv(n, (2,), (1,), 1)),
    ("gemv", match_gemv),
    ("axpy", match_axpy),
    ("dot", match_dot),
]


# ---------------------------------------------------------------- driver

def _function_macro_calls(tu, filename):
    """Source ranges (offsets) of function-like macro invocations in the file."""
    spans = []
    for c in tu.cursor.get_children():
        if c.kind == K.MACRO_INSTANTIATION and c.location.file and \
                os.path.abspath(c.location.file.name) == filename:
            start, end = c.extent.start.offset, c.extent.end.offset
            if end - start > len(c.spelling):  # NAME(...) rather than a bare NAME
                spans.append((start, end))
    return spans


def _in_macro(stmts, spans):
    return any(s.extent.start.offset <= a < s.extent.end.offset for s in stmts for a, _ in spans)


def _match_function(fn, spans):
    stack = [fn]
    while stack:  # pre-order, source order: the outermost matching loop wins
        c = stack.pop()
        if c.kind == K.FOR_STMT:
            nest = loop_nest(c)
            if nest and not _in_macro(nest["stmts"], spans):
                for op, m in MATCHERS:
                    if m(nest):
                        return op, c.location.line
        stack += reversed(list(c.get_children()))
    return None


def match_file(path: str, flags: list[str] | None = None) -> list[dict]:
    """One {"function", "op", "line"} per function definition of the file that holds a textbook kernel."""
    tu = parse(path, list(flags or []))
    filename = os.path.abspath(path)
    spans = _function_macro_calls(tu, filename)
    found = []
    for fn in tu.cursor.get_children():
        if fn.kind != K.FUNCTION_DECL or not fn.is_definition() or not fn.location.file or \
                os.path.abspath(fn.location.file.name) != filename:
            continue
        hit = _match_function(fn, spans)
        if hit:
            found.append({"function": fn.spelling, "op": hit[0], "line": hit[1]})
    return found
