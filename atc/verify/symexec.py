"""Symbolic execution of a region's C code: integers and indices concrete, floating-point values z3 reals.

The libclang AST is first lowered to small `Node` objects (libclang calls are slow and a loop body is
visited many times); `Executor` then interprets them. Memory is a set of `Mem` objects (one per buffer)
holding z3 terms; pointers are (Mem, element offset, elements per pointee). What the interpreter cannot
model raises `Unsupported` with the construct that stopped it; the region is then not rewritten.
"""

from __future__ import annotations

import operator as operator_module
import re
from dataclasses import dataclass, field
from fractions import Fraction

import z3
from clang.cindex import CursorKind, TypeKind

from ..frontend.dimensions import dimension_tree, dimension_value
from ..frontend.operators import evaluate, is_postfix, operator
from ..frontend.regions import ARRAY_KINDS, INT_KINDS, REAL_DTYPES, const_int_value, decl_key

MAX_STEPS = 3_000_000
UNSIGNED_KINDS = {TypeKind.UINT, TypeKind.ULONG, TypeKind.ULONGLONG, TypeKind.USHORT, TypeKind.UCHAR,
                  TypeKind.BOOL}
ALLOWED_EXTERNAL = {"memset", "memcpy", "fabs", "fabsf", "fmax", "fmaxf", "fmin", "fminf"}


REAL_OPS = {"+": operator_module.add, "-": operator_module.sub, "*": operator_module.mul,
            "/": operator_module.truediv}
INT_OPS = {"+": operator_module.add, "-": operator_module.sub, "*": operator_module.mul,
           "/": lambda a, b: _trunc_div(a, b), "%": lambda a, b: a - _trunc_div(a, b) * b,
           "<<": operator_module.lshift, ">>": operator_module.rshift, "&": operator_module.and_,
           "|": operator_module.or_, "^": operator_module.xor}


class Unsupported(Exception):
    """A construct the symbolic executor does not model."""


class OutOfBounds(Exception):
    """An access outside the memory a buffer was given."""


# --- AST lowering ---------------------------------------------------------------------------------------

@dataclass
class Node:
    kind: str
    children: list = field(default_factory=list)
    op: str = ""
    tclass: str = "other"        # "int", "real", "ptr", "array", "struct", "void", "other"
    unsigned_bits: int = 0       # for unsigned integer types: width, to wrap around
    stride: int = 1              # for pointers and arrays: base elements per pointee
    value: object = None         # literal value, referenced declaration key, field name, callee
    text: str = ""               # for messages


def _type_class(t):
    c = t.get_canonical()
    if c.kind in INT_KINDS:
        return "int"
    if c.kind in REAL_DTYPES:
        return "real"
    if c.kind == TypeKind.POINTER:
        return "ptr"
    if c.kind in ARRAY_KINDS:
        return "array"
    if c.kind == TypeKind.RECORD:
        return "struct"
    if c.kind == TypeKind.VOID:
        return "void"
    return "other"


def _pointee_stride(t):
    """Base elements spanned by one step of a pointer (or decayed array) of this type: an int, or for
    variable-length arrays a tuple of ints and dimension trees (frontend/dimensions.py) whose product it is."""
    c = t.get_canonical()
    inner = c.get_pointee() if c.kind == TypeKind.POINTER else (
        c.get_array_element_type() if c.kind in ARRAY_KINDS else None)
    if inner is None or inner.get_canonical().kind not in ARRAY_KINDS:
        return 1
    if all(k == TypeKind.CONSTANTARRAY for k in _array_kinds(inner)):
        stride = 1
        while inner.get_canonical().kind in ARRAY_KINDS:
            ic = inner.get_canonical()
            stride *= ic.get_array_size()
            inner = ic.get_array_element_type()
        return stride
    # Variable-length rows: take the dimensions from the type's spelling, e.g. "float (*)[k]".
    spelled = inner.spelling
    factors = []
    for dim in re.findall(r"\[([^\]]*)\]", spelled):
        dim = dim.strip()
        try:
            tree = dimension_tree(dim)   # a name, or integer arithmetic over names (`n + 0`)
        except ValueError:
            raise Unsupported(f"variable-length array dimension '{dim}'") from None
        factors.append(tree[1] if tree[0] == "const" else tree)
    if not factors:
        raise Unsupported("variable-length array")
    return tuple(factors)


def _array_kinds(t):
    kinds = []
    c = t.get_canonical()
    while c.kind in ARRAY_KINDS:
        kinds.append(c.kind)
        c = c.get_array_element_type().get_canonical()
    return kinds


class Lowering:
    """Turns libclang cursors into Nodes, following calls into static helpers of the same file."""

    def __init__(self, opaque: frozenset = frozenset()):
        self.functions: dict = {}   # callee key -> (param keys, body Node)
        # pure library functions (expf, tanhf) kept as uninterpreted functions: enough to prove two programs
        # equal that call them on equal arguments, never to prove a program equal to an op's formula
        self.opaque = opaque

    def lower(self, c) -> Node:
        k = c.kind
        ch = list(c.get_children())
        t = c.type
        node = Node(k.name, text=c.spelling)
        if k in (CursorKind.UNEXPOSED_EXPR, CursorKind.PAREN_EXPR) and len(ch) == 1:
            inner = self.lower(ch[0])
            # An implicit conversion keeps the converted type (int -> float, array -> pointer).
            node = Node("CAST", [inner], text=inner.text)
        elif k == CursorKind.CSTYLE_CAST_EXPR:
            node = Node("CAST", [self.lower(ch[-1])])
        elif k == CursorKind.INTEGER_LITERAL:
            node.value = evaluate(c)
            if not isinstance(node.value, int):
                raise Unsupported("integer literal the compiler cannot evaluate")
        elif k == CursorKind.FLOATING_LITERAL:
            value = evaluate(c)
            if not isinstance(value, (int, float)):
                raise Unsupported("floating literal the compiler cannot evaluate")
            node.value = Fraction(value)
        elif k == CursorKind.CHARACTER_LITERAL:
            raise Unsupported("character literal")
        elif k == CursorKind.DECL_REF_EXPR:
            ref = c.referenced
            if ref is None:
                raise Unsupported(f"reference to '{c.spelling}'")
            if ref.kind == CursorKind.ENUM_CONSTANT_DECL:
                node = Node("INTEGER_LITERAL", value=ref.enum_value)
            elif const_int_value(ref) is not None:
                node = Node("INTEGER_LITERAL", value=const_int_value(ref))
            else:
                node.value = decl_key(ref)
        elif k == CursorKind.MEMBER_REF_EXPR:
            node.value = c.spelling
            node.children = [self.lower(ch[0])]
        elif k == CursorKind.CALL_EXPR:
            node.value = self._callee(c)
            node.children = [self.lower(a) for a in c.get_arguments()]
        elif k == CursorKind.CXX_UNARY_EXPR:
            node = Node("INTEGER_LITERAL", value=self._sizeof(c, ch))
        elif k == CursorKind.VAR_DECL:
            node.value = decl_key(c)
            init = [x for x in ch if x.kind not in (CursorKind.TYPE_REF, CursorKind.INTEGER_LITERAL)
                    or x.kind == CursorKind.INTEGER_LITERAL and not _is_array_dim(c, x)]
            if t.get_canonical().kind in ARRAY_KINDS:
                base = _base_type(t)
                node.op = (t.get_canonical().get_size() // max(1, base.get_size()), base.get_size(),
                           base.kind in REAL_DTYPES)
                if any(x.kind == CursorKind.INIT_LIST_EXPR for x in ch):
                    raise Unsupported("array initialiser")
                node.children = []
            else:
                node.children = [self.lower(x) for x in init[-1:]] if init else []
        elif k in (CursorKind.BINARY_OPERATOR, CursorKind.COMPOUND_ASSIGNMENT_OPERATOR,
                   CursorKind.UNARY_OPERATOR):
            node.op = operator(c)
            node.value = "post" if is_postfix(c) else None
            node.children = [self.lower(x) for x in ch]
        elif k == CursorKind.FOR_STMT:
            node.children = [self.lower(x) for x in ch]
            node.value = _for_parts(c, ch)
        elif k == CursorKind.LABEL_STMT:
            return self.lower(ch[-1])  # a label without goto only names its statement
        elif k in (CursorKind.GOTO_STMT, CursorKind.INDIRECT_GOTO_STMT, CursorKind.SWITCH_STMT, CursorKind.ASM_STMT, CursorKind.INIT_LIST_EXPR,
                   CursorKind.STRING_LITERAL, CursorKind.COMPOUND_LITERAL_EXPR):
            raise Unsupported(k.name.lower().replace("_", " "))
        else:
            node.children = [self.lower(x) for x in ch if x.kind != CursorKind.TYPE_REF]
        node.tclass = _type_class(t) if t.kind != TypeKind.INVALID else "other"
        if node.tclass == "int" and t.get_canonical().kind in UNSIGNED_KINDS:
            node.unsigned_bits = 8 * t.get_canonical().get_size()
        if node.tclass in ("ptr", "array"):
            node.stride = _pointee_stride(t)
        return node

    def _sizeof(self, c, ch):
        toks = [x.spelling for x in c.get_tokens()]
        if not toks or toks[0] != "sizeof":
            raise Unsupported(f"'{toks[0] if toks else '?'}' expression")
        for x in ch:
            if x.kind != CursorKind.TYPE_REF and x.type.get_size() > 0:
                return x.type.get_size()
        sizes = {"float": 4, "double": 8, "int": 4, "long": 8, "short": 2, "char": 1, "size_t": 8}
        names = [x for x in toks[1:] if x not in ("(", ")", "const", "unsigned", "signed")]
        if len(names) == 1 and names[0] in sizes:
            return sizes[names[0]]
        raise Unsupported(f"sizeof({' '.join(toks[1:])})")

    def _callee(self, c):
        ref = c.referenced
        name = c.spelling
        if ref is None:
            raise Unsupported("call through a function pointer")
        definition = ref.get_definition()
        if definition is None:
            if name in ALLOWED_EXTERNAL or name in self.opaque:
                return name
            raise Unsupported(f"call to '{name}'")
        key = decl_key(definition)
        if key not in self.functions:
            self.functions[key] = None  # recursion guard
            params = [decl_key(p) for p in definition.get_children() if p.kind == CursorKind.PARM_DECL]
            body = next(x for x in definition.get_children() if x.kind == CursorKind.COMPOUND_STMT)
            ret_class = _type_class(definition.result_type)
            self.functions[key] = (params, self.lower(body), ret_class)
        elif self.functions[key] is None:
            raise Unsupported(f"recursive call to '{name}'")
        return key


def _for_parts(c, ch):
    """Which of init, cond, inc a for statement has (libclang omits the absent ones): the header's three
    slots, read off its tokens (inside a macro expansion every child has the expansion's location, so
    positions cannot tell them apart)."""
    slots, depth = [[]], 0
    for t in c.get_tokens():
        s = t.spelling
        if s == "(":
            depth += 1
            if depth == 1:
                continue
        elif s == ")":
            depth -= 1
            if depth == 0:
                break
        elif s == ";" and depth == 1:
            slots.append([])
            continue
        if depth >= 1:
            slots[-1].append(s)
    parts = tuple(bool(slot) for slot in slots)
    if len(parts) != 3 or sum(parts) != len(ch) - 1:
        raise Unsupported("for statement written through a macro")
    return parts


def _is_array_dim(decl, lit) -> bool:
    return decl.type.get_canonical().kind in ARRAY_KINDS


def _base_type(t):
    c = t.get_canonical()
    while c.kind in ARRAY_KINDS:
        c = c.get_array_element_type().get_canonical()
    return c


# --- values ----------------------------------------------------------------------------------------------

class Mem:
    """One buffer: `size` elements, each a z3 term (or a Python int for integer buffers)."""

    def __init__(self, name: str, size: int, initial=None, real=True, elem_size=4):
        self.name = name
        self.size = size
        self.real = real
        self.elem_size = elem_size
        self.cells = {}
        self.initial = initial   # index -> initial term, or None for uninitialised storage

    def load(self, i: int):
        if not 0 <= i < self.size:
            raise OutOfBounds(f"reads '{self.name}'[{i}] outside its {self.size} elements")
        if i in self.cells:
            return self.cells[i]
        if self.initial is None:
            raise Unsupported(f"reads uninitialised '{self.name}'[{i}]")
        return self.initial(i)

    def store(self, i: int, v):
        if not 0 <= i < self.size:
            raise OutOfBounds(f"writes '{self.name}'[{i}] outside its {self.size} elements")
        self.cells[i] = v


@dataclass
class Ptr:
    mem: Mem
    offset: int
    stride: int = 1

    def moved(self, n: int, stride=None) -> "Ptr":
        s = self.stride if stride is None else stride
        return Ptr(self.mem, self.offset + n * s, s)


class _Return(Exception):
    def __init__(self, value):
        self.value = value


class _Break(Exception):
    pass


class _Continue(Exception):
    pass


def to_real(v):
    if isinstance(v, (int, Fraction)):
        return z3.RealVal(v)
    if isinstance(v, bool):
        return z3.RealVal(int(v))
    if isinstance(v, z3.ExprRef):
        if z3.is_bool(v):
            return z3.If(v, z3.RealVal(1), z3.RealVal(0))
        return v
    raise Unsupported(f"{type(v).__name__} used as a floating-point value")


def _concrete(v, what="condition"):
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, Fraction)):
        return v != 0
    if isinstance(v, Ptr):
        return True
    if isinstance(v, z3.BoolRef):
        s = z3.simplify(v)
        if z3.is_true(s):
            return True
        if z3.is_false(s):
            return False
    raise Unsupported(f"{what} depends on floating-point data")


def _trunc_div(a: int, b: int) -> int:
    if b == 0:
        raise Unsupported("integer division by zero")
    q = abs(a) // abs(b)
    return q if (a >= 0) == (b >= 0) else -q


class Executor:
    """Interprets lowered Nodes over an environment of declaration keys -> values (or Mem-backed lvalues)."""

    def __init__(self, lowering: Lowering, env: dict):
        self.lowering = lowering
        self.env = env
        self.steps = 0

    def tick(self):
        self.steps += 1
        if self.steps > MAX_STEPS:
            raise Unsupported(f"more than {MAX_STEPS} steps")

    # statements
    def run(self, node: Node):
        self.tick()
        k = node.kind
        if k == "COMPOUND_STMT":
            for ch in node.children:
                self.run(ch)
        elif k == "DECL_STMT":
            for ch in node.children:
                self.run(ch)
        elif k == "VAR_DECL":
            if node.op:  # array
                count, elem_size, real = node.op
                self.env[node.value] = Ptr(Mem(node.text, count, None, real, elem_size), 0, self.stride(node))
            elif node.children:
                self.env[node.value] = self.convert(self.eval(node.children[0]), node)
            else:
                self.env[node.value] = None
        elif k == "FOR_STMT":
            self._for(node)
        elif k == "WHILE_STMT":
            cond, body = node.children
            while _concrete(self.eval(cond)) and self._iteration(body):
                pass
        elif k == "DO_STMT":
            body, cond = node.children
            while self._iteration(body) and _concrete(self.eval(cond)):
                pass
        elif k == "IF_STMT":
            cond = self.eval(node.children[0])
            if self.lowering.opaque and _undecided(cond):
                self._both_branches(cond, node)
            elif _concrete(cond):
                self.run(node.children[1])
            elif len(node.children) > 2:
                self.run(node.children[2])
        elif k == "RETURN_STMT":
            raise _Return(self.eval(node.children[0]) if node.children else None)
        elif k == "BREAK_STMT":
            raise _Break()
        elif k == "CONTINUE_STMT":
            raise _Continue()
        elif k == "NULL_STMT":
            pass
        else:
            self.eval(node)

    def _both_branches(self, cond, node):
        """`if` on floating-point data, comparing two programs: each branch runs from the same state, and
        every variable and element either changed ends as If(cond, then-value, else-value)."""
        mems = self._mems()
        start_env, start_cells = dict(self.env), {id(m): dict(m.cells) for m in mems}
        outcomes = []
        for branch in (node.children[1], node.children[2] if len(node.children) > 2 else None):
            self.env.clear()
            self.env.update(start_env)
            for m in mems:
                m.cells = dict(start_cells[id(m)])
            if branch is not None:
                self.run(branch)
            outcomes.append((dict(self.env), {id(m): dict(m.cells) for m in mems}))
        (env_t, cells_t), (env_f, cells_f) = outcomes
        self.env.clear()
        for key in set(env_t) | set(env_f):
            self.env[key] = _merged(cond, env_t.get(key), env_f.get(key))
        for m in mems:
            m.cells = {}
            for j in set(cells_t[id(m)]) | set(cells_f[id(m)]):
                old = start_cells[id(m)].get(j)
                then = cells_t[id(m)].get(j, old)
                other = cells_f[id(m)].get(j, old)
                if then is None or other is None:
                    then = then if then is not None else m.load(j)
                    other = other if other is not None else m.load(j)
                m.cells[j] = _merged(cond, then, other)

    def _mems(self) -> list:
        seen, out = set(), []
        values = list(self.env.values())
        while values:
            v = values.pop()
            if isinstance(v, Ptr) and id(v.mem) not in seen:
                seen.add(id(v.mem))
                out.append(v.mem)
            elif isinstance(v, StructPtr):
                values.extend(v.fields.values())
            elif isinstance(v, dict):
                values.extend(v.values())
        return out

    def _for(self, node):
        parts = list(node.children[:-1])
        body = node.children[-1]
        init, cond, inc = (parts.pop(0) if present else None for present in node.value)
        if init is not None:
            self.run(init)
        while (cond is None or _concrete(self.eval(cond))) and self._iteration(body):
            if inc is not None:
                self.eval(inc)
            self.tick()

    def _iteration(self, body) -> bool:
        """Run a loop body once; False when it breaks out of the loop."""
        try:
            self.run(body)
        except _Break:
            return False
        except _Continue:
            pass
        return True

    # expressions
    def eval(self, node: Node):
        self.tick()
        k = node.kind
        if k == "INTEGER_LITERAL":
            return node.value
        if k == "FLOATING_LITERAL":
            return z3.RealVal(node.value)
        if k == "CAST":
            return self.convert(self.eval(node.children[0]), node)
        if k in ("DECL_REF_EXPR", "MEMBER_REF_EXPR", "ARRAY_SUBSCRIPT_EXPR") or \
                (k == "UNARY_OPERATOR" and node.op == "*"):
            loc = self.lvalue(node)
            return loc.get()
        if k == "UNARY_OPERATOR":
            return self._unary(node)
        if k == "BINARY_OPERATOR":
            return self._binary(node)
        if k == "COMPOUND_ASSIGNMENT_OPERATOR":
            loc = self.lvalue(node.children[0])
            value = self.arith(node.op[:-1], loc.get(), self.eval(node.children[1]), node.children[0])
            loc.set(self.convert(value, node.children[0]))
            return loc.get()
        if k == "CONDITIONAL_OPERATOR":
            cond, a, b = node.children
            c = self.eval(cond)
            if isinstance(c, z3.BoolRef) and not z3.is_true(z3.simplify(c)) and not z3.is_false(z3.simplify(c)):
                return z3.If(c, to_real(self.eval(a)), to_real(self.eval(b)))
            return self.eval(a) if _concrete(c) else self.eval(b)
        if k == "CALL_EXPR":
            return self._call(node)
        if k == "PAREN_EXPR":
            return self.eval(node.children[0])
        raise Unsupported(f"expression {k.lower()}")

    def convert(self, v, node: Node):
        """Convert a value to the node's type class (C's implicit and explicit conversions)."""
        t = node.tclass
        if t == "real":
            return to_real(v)
        if t == "int":
            if isinstance(v, bool):
                v = int(v)
            if isinstance(v, Fraction):
                v = int(v)
            if isinstance(v, z3.ExprRef):
                if z3.is_bool(v):
                    return 1 if _concrete(v) else 0
                raise Unsupported("floating-point value converted to an integer")
            if isinstance(v, Ptr):
                raise Unsupported("pointer converted to an integer")
            if node.unsigned_bits:
                v %= 1 << node.unsigned_bits
            return v
        if t in ("ptr", "array") and isinstance(v, Ptr):
            return Ptr(v.mem, v.offset, self.stride(node))
        return v

    def stride(self, node) -> int:
        if isinstance(node.stride, int):
            return node.stride
        total = 1
        for factor in node.stride:
            if isinstance(factor, tuple):
                factor = dimension_value(factor, self._int_named)
            total *= factor
        return total

    def _int_named(self, name: str) -> int:
        values = [v for k, v in self.env.items() if k[0] == name]
        if len(values) != 1 or not isinstance(values[0], int):
            raise Unsupported(f"variable-length array dimension '{name}'")
        return values[0]

    def _unary(self, node):
        op = node.op
        child = node.children[0]
        if op in ("++", "--"):
            loc = self.lvalue(child)
            old = loc.get()
            new = self.arith("+" if op == "++" else "-", old, 1, child)
            loc.set(self.convert(new, child))
            return old if _is_postfix(node) else loc.get()
        if op == "&":
            loc = self.lvalue(child)
            if isinstance(loc, _Elem):
                return Ptr(loc.mem, loc.index, self.stride(node))
            raise Unsupported("address of a variable")
        v = self.eval(child)
        if op == "-":
            return -v if not isinstance(v, Ptr) else _unsupported("negated pointer")
        if op == "+":
            return v
        if op == "!":
            if isinstance(v, z3.ExprRef):
                return z3.Not(v) if z3.is_bool(v) else v == 0
            return int(not v)
        if op == "~":
            if isinstance(v, int):
                return self.convert(~v, node)
        raise Unsupported(f"unary operator '{op}'")

    def _binary(self, node):
        op = node.op
        a, b = node.children
        if op == "=":
            loc = self.lvalue(a)
            loc.set(self.convert(self.eval(b), a))
            return loc.get()
        if op == "&&":
            return int(_concrete(self.eval(a)) and _concrete(self.eval(b)))
        if op == "||":
            return int(_concrete(self.eval(a)) or _concrete(self.eval(b)))
        if op == ",":
            self.eval(a)
            return self.eval(b)
        x, y = self.eval(a), self.eval(b)
        if op in ("<", "<=", ">", ">=", "==", "!="):
            return self.compare(op, x, y)
        return self.convert(self.arith(op, x, y, node), node)

    def compare(self, op, x, y):
        if isinstance(x, Ptr) and isinstance(y, Ptr):
            if x.mem is not y.mem:
                raise Unsupported("comparison of pointers into different buffers")
            x, y = x.offset, y.offset
        elif isinstance(x, Ptr) or isinstance(y, Ptr):
            raise Unsupported("comparison of a pointer with a number")
        if isinstance(x, z3.ExprRef) or isinstance(y, z3.ExprRef):
            x, y = to_real(x), to_real(y)
        r = {"<": lambda: x < y, "<=": lambda: x <= y, ">": lambda: x > y, ">=": lambda: x >= y,
             "==": lambda: x == y, "!=": lambda: x != y}[op]()
        return int(r) if isinstance(r, bool) else r

    def arith(self, op, x, y, node):
        if isinstance(x, Ptr) or isinstance(y, Ptr):
            if op == "+" and isinstance(x, Ptr) and isinstance(y, int):
                return x.moved(y)
            if op == "+" and isinstance(y, Ptr) and isinstance(x, int):
                return y.moved(x)
            if op == "-" and isinstance(x, Ptr) and isinstance(y, int):
                return x.moved(-y)
            if op == "-" and isinstance(x, Ptr) and isinstance(y, Ptr) and x.mem is y.mem:
                return (x.offset - y.offset) // x.stride
            raise Unsupported(f"pointer arithmetic '{op}'")
        if isinstance(x, z3.ExprRef) or isinstance(y, z3.ExprRef) or node.tclass == "real":
            x, y = to_real(x), to_real(y)
            if op == "/" and not self.lowering.opaque and not z3.is_rational_value(z3.simplify(y)):
                # comparing two programs, x / y is a term like any other (z3 leaves x / 0 unspecified)
                raise Unsupported("division by a floating-point variable")
            if op not in REAL_OPS:
                raise Unsupported(f"floating-point operator '{op}'")
            return REAL_OPS[op](x, y)
        if op in INT_OPS:
            return INT_OPS[op](x, y)
        raise Unsupported(f"integer operator '{op}'")

    def _call(self, node):
        callee = node.value
        args = [self.eval(a) for a in node.children]
        if isinstance(callee, str):
            if callee not in ALLOWED_EXTERNAL:
                return _opaque(callee, args)
            return _builtin(callee, args)
        params, body, ret_class = self.lowering.functions[callee]
        saved = {p: self.env.get(p, _MISSING) for p in params}
        for p, a in zip(params, args):
            self.env[p] = a
        try:
            self.run(body)
            result = None
        except _Return as r:
            result = r.value
        finally:
            for p, old in saved.items():
                if old is _MISSING:
                    self.env.pop(p, None)
                else:
                    self.env[p] = old
        if ret_class == "real":
            return to_real(result)
        return result

    # lvalues
    def lvalue(self, node):
        k = node.kind
        if k == "CAST" or k == "PAREN_EXPR":
            return self.lvalue(node.children[0])
        if k == "DECL_REF_EXPR":
            if node.value not in self.env:
                raise Unsupported(f"'{node.text}' has no value")
            return _Var(self.env, node.value, node.text)
        if k == "MEMBER_REF_EXPR":
            base = self.eval(node.children[0])
            if isinstance(base, StructPtr):
                base = base.fields
            elif not isinstance(base, dict):
                raise Unsupported(f"field '{node.value}' of a value the executor does not model")
            if node.value not in base:
                raise Unsupported(f"field '{node.value}' has no value")
            return _Var(base, node.value, node.value)
        if k == "ARRAY_SUBSCRIPT_EXPR":
            base, index = node.children
            p = self.eval(base)
            i = self.eval(index)
            if isinstance(p, int) and isinstance(i, Ptr):
                p, i = i, p
            if not isinstance(p, Ptr) or not isinstance(i, int):
                raise Unsupported("subscript of something other than a buffer")
            target = p.moved(i)
            if node.tclass in ("array",):
                return _Const(Ptr(target.mem, target.offset, self.stride(node)))
            return _Elem(target.mem, target.offset)
        if k == "UNARY_OPERATOR" and node.op == "*":
            p = self.eval(node.children[0])
            if isinstance(p, StructPtr):
                return _Const(p.fields)
            if not isinstance(p, Ptr):
                raise Unsupported("dereference of something other than a buffer pointer")
            if node.tclass == "array":
                return _Const(Ptr(p.mem, p.offset, self.stride(node)))
            return _Elem(p.mem, p.offset)
        raise Unsupported(f"assignment to {k.lower()}")


_MISSING = object()


def _is_postfix(node) -> bool:
    return node.value == "post"


def _unsupported(msg):
    raise Unsupported(msg)


def _builtin(name, args):
    if name in ("fabs", "fabsf"):
        x = to_real(args[0])
        return z3.If(x >= 0, x, -x)
    if name in ("fmax", "fmaxf"):
        x, y = to_real(args[0]), to_real(args[1])
        return z3.If(x >= y, x, y)
    if name in ("fmin", "fminf"):
        x, y = to_real(args[0]), to_real(args[1])
        return z3.If(x <= y, x, y)
    if name == "memset":
        p, value, nbytes = args
        if not isinstance(p, Ptr) or value != 0 or not isinstance(nbytes, int):
            raise Unsupported("memset other than zeroing a buffer")
        for i in range(_elems(p, nbytes)):
            p.mem.store(p.offset + i, z3.RealVal(0) if p.mem.real else 0)
        return p
    if name == "memcpy":
        dst, src, nbytes = args
        if not isinstance(dst, Ptr) or not isinstance(src, Ptr) or not isinstance(nbytes, int):
            raise Unsupported("memcpy of something other than buffers")
        n = _elems(dst, nbytes)
        vals = [src.mem.load(src.offset + i) for i in range(n)]
        for i, v in enumerate(vals):
            dst.mem.store(dst.offset + i, v)
        return dst
    raise Unsupported(f"call to '{name}'")


def _undecided(c) -> bool:
    return isinstance(c, z3.BoolRef) and not z3.is_true(z3.simplify(c)) and not z3.is_false(z3.simplify(c))


def _merged(cond, then, other):
    """One value for what a branch on cond leaves: equal values stay, numbers become If(cond, ...)."""
    if then is other or (isinstance(then, (int, Fraction)) and isinstance(other, (int, Fraction)) and then == other):
        return then
    if then is None or other is None or isinstance(then, (Ptr, StructPtr, dict)) or \
            isinstance(other, (Ptr, StructPtr, dict)):
        raise Unsupported("a branch on floating-point data changes a pointer or leaves a variable unset")
    if isinstance(then, int) and not isinstance(then, bool) or isinstance(other, int) and not isinstance(other, bool):
        if not (isinstance(then, z3.ExprRef) or isinstance(other, z3.ExprRef)):
            raise Unsupported("a branch on floating-point data changes an integer")
    return z3.If(cond, to_real(then), to_real(other))


def _opaque(name, args):
    reals = [to_real(a) for a in args]
    return z3.Function(name, *([z3.RealSort()] * (len(reals) + 1)))(*reals)


def _elems(p: Ptr, nbytes: int) -> int:
    size = p.mem.elem_size
    if nbytes % size:
        raise Unsupported("byte count that is not a whole number of elements")
    return nbytes // size


class _Var:
    def __init__(self, env, key, name):
        self.env, self.key, self.name = env, key, name

    def get(self):
        v = self.env[self.key]
        if v is None:
            raise Unsupported(f"'{self.name}' is read before it is set")
        return v

    def set(self, v):
        self.env[self.key] = v


class _Elem:
    def __init__(self, mem, index):
        self.mem, self.index = mem, index

    def get(self):
        return self.mem.load(self.index)

    def set(self, v):
        self.mem.store(self.index, v)


class _Const:
    def __init__(self, value):
        self.value = value

    def get(self):
        return self.value

    def set(self, v):
        raise Unsupported("assignment to an array")


class StructPtr:
    """A pointer to a struct: its fields by name."""

    def __init__(self, fields: dict):
        self.fields = fields
