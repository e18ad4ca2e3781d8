"""Candidate regions of a C file: whole functions and outermost loop nests, with their inputs and outputs.

A region is described by its *leaves*: every scalar and buffer it can see from outside, each with the C
expression that names it in the region's scope (`n`, `a->data`, `A`). The harness fills leaves with probe
data; bindings map API parameters to leaf expressions; the rewrite emits those expressions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from clang.cindex import Cursor, CursorKind, TranslationUnit, TypeKind

from .dimensions import dimension_tree
from .operators import evaluate, operator

INT_KINDS = {TypeKind.INT, TypeKind.UINT, TypeKind.LONG, TypeKind.ULONG, TypeKind.LONGLONG,
             TypeKind.ULONGLONG, TypeKind.SHORT, TypeKind.USHORT, TypeKind.CHAR_S, TypeKind.SCHAR,
             TypeKind.UCHAR, TypeKind.BOOL}
REAL_DTYPES = {TypeKind.FLOAT: "float32", TypeKind.DOUBLE: "float64"}
INT_DTYPES = {TypeKind.INT: "int32", TypeKind.UINT: "uint32", TypeKind.LONG: "int64", TypeKind.ULONG: "uint64",
              TypeKind.LONGLONG: "int64", TypeKind.ULONGLONG: "uint64", TypeKind.SHORT: "int16",
              TypeKind.USHORT: "uint16", TypeKind.CHAR_S: "int8", TypeKind.SCHAR: "int8",
              TypeKind.UCHAR: "uint8"}
ARRAY_KINDS = {TypeKind.CONSTANTARRAY, TypeKind.INCOMPLETEARRAY, TypeKind.VARIABLEARRAY}
LOOP_KINDS = {CursorKind.FOR_STMT, CursorKind.WHILE_STMT, CursorKind.DO_STMT}
# Calls a region may make: pure functions of their arguments.
PURE_CALLS = {"fabs", "fabsf", "sqrt", "sqrtf", "fmax", "fmaxf", "fmin", "fminf", "exp", "expf", "tanh",
              "tanhf", "log", "logf", "pow", "powf", "floor", "floorf", "ceil", "ceilf"}
ASSIGN_OPS = {"=", "+=", "-=", "*=", "/=", "%=", "<<=", ">>=", "&=", "|=", "^="}
# Static features of a region, in the order the classifier sees them.
FEATURES = ("loop_depth", "loops", "float_mults", "float_adds", "int_mults", "int_adds", "divisions", "comparisons",
            "logic", "accumulations", "scalar_accumulations", "assignments", "stores", "accesses",
            "subscript_depth", "derefs", "increments", "calls", "ifs", "conditionals", "float_literals", "buffers",
            "int_vars")


@dataclass
class Leaf:
    """One scalar or buffer a region sees from outside."""
    expr: str             # C expression in the region's scope, used by the rewrite
    set_expr: str         # lvalue the harness assigns
    kind: str             # "int" | "real" | "buffer"
    ctype: str            # C type of the scalar, or of a buffer's elements
    dtype: str            # numpy dtype of the value or of the buffer's elements
    capacity: int | None = None    # elements available, when the storage has a fixed size
    referenced: bool = True        # the region's code names it
    row_dims: tuple = ()           # inner dimensions of a multi-dimensional array (row lengths)
    in_array: bool = False         # the storage is an array object (global, field), not a pointer
    root_key: tuple = ()           # declaration of the variable the leaf belongs to
    field: str | None = None       # the struct field, for leaves inside a struct
    result: bool = False           # the region's scalar result (a returned value, or a variable used after)
    dump_expr: str = ""            # where the harness reads the value after the run, when not set_expr
    # Row-pointer matrices (`float **a`): the buffer leaf is the block the rows point into (set_expr names the
    # row array) and `spacing` the index of an integer pseudo-leaf, the elements from one row to the next;
    # that leaf's `spacing_of` names the buffer leaf back. The code never spells the spacing: the rewrite
    # computes it from the rows at run time.
    spacing: int | None = None
    spacing_of: int | None = None

    @property
    def is_pointer_buffer(self) -> bool:
        return self.kind == "buffer" and not self.in_array


@dataclass
class Root:
    """A variable the harness declares and passes to the region (a parameter, or an outlined local)."""
    name: str
    hname: str            # the harness's own name for it
    decl: str             # harness declaration
    struct_store: str = ""    # for struct pointers: the harness's struct object
    key: tuple = ()           # its declaration
    kind: str = "value"       # "value" | "struct" | "struct_ptr"


@dataclass
class Region:
    function: str
    kind: str                  # "function" | "loop"
    start_line: int
    end_line: int
    start: int                 # byte offsets of the region statement (function: its body)
    end: int
    text: str
    roots: list[Root] = field(default_factory=list)
    temps: list[tuple[str, str]] = field(default_factory=list)   # (name, type) locals of an outlined loop
    temp_keys: list = field(default_factory=list)                # their declarations
    globals: list = field(default_factory=list)                  # (declaration, "value" | "struct")
    size_macros: dict = field(default_factory=dict)              # integer macros of this file it uses
    outline_params: list[str] = field(default_factory=list)      # declarations of the outlined function
    leaves: list[Leaf] = field(default_factory=list)
    constants: dict[int, str] = field(default_factory=dict)      # value -> C spelling
    compared: set = field(default_factory=set)   # integer constants the code (and its helpers) compares with
    features: dict = field(default_factory=dict)
    reject: str | None = None
    returns_void: bool = True
    result_type: str = ""          # C type of the scalar result, when the region has one
    sole_statement: bool = False   # a loop that is all its function does (besides declarations)

    @property
    def name(self) -> str:
        return f"{self.function}:{self.start_line}"


def decl_key(cursor) -> tuple:
    """Identifies a declaration across cursors: name, file and offset."""
    loc = cursor.location
    return (cursor.spelling, loc.file.name if loc.file else "", loc.offset)


def _unqualified(spelling: str) -> str:
    return re.sub(r"^(const|volatile)\s+", "", spelling).strip()


def _canon(t):
    return t.get_canonical()


def _innermost(t):
    """Element scalar type and row dimensions of an array (or pointer-to-array) type."""
    dims = []
    t = _canon(t)
    while t.kind in ARRAY_KINDS:
        if t.kind == TypeKind.CONSTANTARRAY:
            dims.append(t.get_array_size())
        else:
            dims.append(None)
        t = _canon(t.get_array_element_type())
    return t, dims


def _bare(node):
    while node.kind in (CursorKind.UNEXPOSED_EXPR, CursorKind.PAREN_EXPR):
        children = list(node.get_children())
        if len(children) != 1:
            break
        node = children[0]
    return node


def _self_added(lhs, assignment):
    """(the `+`/`-` node, the position of x among its operands) of `x = x + e`, `x = e + x` or `x = x - e`
    (x spelled the same on both sides), else None."""
    children = list(assignment.get_children())
    rhs = _bare(children[-1]) if len(children) == 2 else None
    if rhs is None or rhs.kind != CursorKind.BINARY_OPERATOR or operator(rhs) not in ("+", "-"):
        return None
    operands = list(rhs.get_children())
    spell = lambda n: [t.spelling for t in _bare(n).get_tokens()]  # noqa: E731
    if len(operands) != 2:
        return None
    target = spell(lhs)
    for position in ((0, 1) if operator(rhs) == "+" else (0,)):
        if spell(operands[position]) == target:
            return rhs, position
    return None


def _scalar_leaf(expr, set_expr, t, referenced) -> Leaf | None:
    c = _canon(t)
    if c.kind in INT_KINDS or c.kind == TypeKind.ENUM:
        return Leaf(expr, set_expr, "int", _unqualified(c.spelling), "int64", referenced=referenced)
    if c.kind in REAL_DTYPES:
        return Leaf(expr, set_expr, "real", _unqualified(c.spelling), "float64", referenced=referenced)
    return None


def _elem_dtype(t) -> str | None:
    c = _canon(t)
    return REAL_DTYPES.get(c.kind) or INT_DTYPES.get(c.kind)


def _buffer_leaf(expr, set_expr, t, referenced) -> Leaf | None:
    """A pointer or array of scalars (any dimensionality) as a flat buffer."""
    c = _canon(t)
    if c.kind == TypeKind.POINTER:
        elem, dims = _innermost(c.get_pointee())
        if any(d is None for d in dims):
            dims = [d for d in dims if d is not None]
        dtype = _elem_dtype(elem)
        if dtype is None:
            return None
        return Leaf(expr, set_expr, "buffer", _unqualified(elem.spelling), dtype, referenced=referenced,
                    row_dims=tuple(dims))
    if c.kind in ARRAY_KINDS:
        elem, dims = _innermost(c)
        dtype = _elem_dtype(elem)
        if dtype is None:
            return None
        if c.kind == TypeKind.CONSTANTARRAY and all(d is not None for d in dims):
            cap = 1
            for d in dims:
                cap *= d
            return Leaf(expr, set_expr, "buffer", _unqualified(elem.spelling), dtype, capacity=cap,
                        referenced=referenced, row_dims=tuple(dims[1:]), in_array=True)
        return Leaf(expr, set_expr, "buffer", _unqualified(elem.spelling), dtype, referenced=referenced,
                    row_dims=tuple(d for d in dims[1:] if d is not None))
    return None


def _row_pointer_elem(t):
    """The element type of a pointer to pointers to float or double (`float **`, `const double *const *`)."""
    c = _canon(t)
    if c.kind != TypeKind.POINTER:
        return None
    row = _canon(c.get_pointee())
    if row.kind != TypeKind.POINTER:
        return None
    elem = _canon(row.get_pointee())
    return elem if elem.kind in REAL_DTYPES else None


def _record_fields(t):
    c = _canon(t)
    if c.kind != TypeKind.RECORD:
        return None
    return list(c.get_fields())


def walk(cursor: Cursor, parent: Cursor | None = None):
    """Pre-order walk yielding (node, parent)."""
    yield cursor, parent
    for child in cursor.get_children():
        yield from walk(child, cursor)


def const_int_value(decl) -> int | None:
    """The value of a global `const` integer variable whose initializer is a constant, else None."""
    if decl is None or decl.kind != CursorKind.VAR_DECL or not decl.type.is_const_qualified() or \
            _canon(decl.type).kind not in INT_KINDS or decl.semantic_parent is None or \
            decl.semantic_parent.kind != CursorKind.TRANSLATION_UNIT:
        return None
    definition = decl.get_definition() or decl
    init = [c for c in definition.get_children() if c.kind != CursorKind.TYPE_REF]
    value = evaluate(init[-1]) if init else None
    return value if isinstance(value, int) else None


def _unlabelled(cursor: Cursor) -> Cursor:
    """The statement a label names (`outer: for (...)` -> the loop)."""
    while cursor.kind == CursorKind.LABEL_STMT:
        cursor = list(cursor.get_children())[-1]
    return cursor


def _inside_one_expansion(stmt: Cursor) -> bool:
    """The whole statement comes from one macro expansion (its text is the macro's name, which cannot be
    outlined): libclang then gives every part of it the expansion's location."""
    start = stmt.extent.start.offset
    return all(child.extent.start.offset == start for child in stmt.get_children())


def _vm_dimensions(decl: Cursor) -> list:
    """The variables naming the dimensions of a pointer to variable-length rows (`float (*a)[k]`, or the array
    `float a[n][k]` that arrives as one) -> [k] (and n, harmlessly, for the array)."""
    c = _canon(decl.type)
    rows = c.get_pointee() if c.kind == TypeKind.POINTER else \
        c.get_array_element_type() if c.kind in ARRAY_KINDS else None
    if rows is None or _canon(rows).kind != TypeKind.VARIABLEARRAY:
        return []
    return [node.referenced for child in decl.get_children() for node in child.walk_preorder()
            if node.kind == CursorKind.DECL_REF_EXPR and node.referenced is not None and
            node.referenced.kind in (CursorKind.VAR_DECL, CursorKind.PARM_DECL)]


def _outlinable_dimensions(spelling: str) -> bool:
    """Every dimension is one the outlined code can spell again and the prover evaluate: integer arithmetic
    over variables passed before the array (`[k]`, `[n + 0]` as benchmark macros write it)."""
    try:
        for d in re.findall(r"\[([^\]]*)\]", spelling):
            dimension_tree(d)
    except ValueError:
        return False
    return True


def _compared_constants(stmt: Cursor, filename: str) -> set:
    """Every integer constant the region, or a function of this file it calls, compares anything with
    (`trans == NO_TRANS`, `if (n > 64)`)."""
    out = set()
    pending, seen = [stmt], set()
    while pending:
        for node, _ in walk(pending.pop()):
            if node.kind == CursorKind.CALL_EXPR and node.referenced is not None:
                ref = node.referenced.get_definition()
                if ref is not None and _in_file(ref, filename) and ref.hash not in seen:
                    seen.add(ref.hash)
                    pending.append(ref)
            if node.kind != CursorKind.BINARY_OPERATOR or operator(node) not in ("==", "!=", "<", "<=", ">", ">="):
                continue
            sides = list(node.get_children())
            values = [evaluate(side) for side in sides]
            if isinstance(values[0], int) != isinstance(values[1], int):
                out.add(values[0] if isinstance(values[0], int) else values[1])
    return out


def _tested(stmt: Cursor, decl: Cursor) -> bool:
    """Whether the code compares the variable, or branches on it directly (`if (trans == NoTrans)`)."""
    def names_decl(expr):
        while expr.kind in (CursorKind.UNEXPOSED_EXPR, CursorKind.PAREN_EXPR, CursorKind.CSTYLE_CAST_EXPR):
            children = list(expr.get_children())
            if not children:
                return False
            expr = children[-1]
        return expr.kind == CursorKind.DECL_REF_EXPR and expr.referenced is not None and \
            expr.referenced.hash == decl.hash
    for node, _ in walk(stmt):
        if node.kind == CursorKind.BINARY_OPERATOR and operator(node) in ("==", "!=", "<", "<=", ">", ">="):
            operands = list(node.get_children())
        elif node.kind in (CursorKind.IF_STMT, CursorKind.WHILE_STMT, CursorKind.CONDITIONAL_OPERATOR,
                           CursorKind.SWITCH_STMT):
            operands = list(node.get_children())[:1]
        else:
            continue
        if any(names_decl(operand) for operand in operands):
            return True
    return False


def _has_goto(function: Cursor) -> bool:
    return any(n.kind in (CursorKind.GOTO_STMT, CursorKind.INDIRECT_GOTO_STMT, CursorKind.ADDR_LABEL_EXPR)
               for n, _ in walk(function))


def _in_file(cursor: Cursor, filename: str) -> bool:
    loc = cursor.location
    return loc.file is not None and loc.file.name == filename


def _write_kind(node: Cursor, parent: Cursor | None, grand: Cursor | None) -> str | None:
    """How a reference is written: "=" for plain assignment as LHS, "rw" for ++/--/op=/&x, None if read."""
    if parent is None:
        return None
    target = parent
    if parent.kind == CursorKind.UNEXPOSED_EXPR or parent.kind == CursorKind.PAREN_EXPR:
        target = grand if grand is not None else parent
    if target.kind in (CursorKind.BINARY_OPERATOR, CursorKind.COMPOUND_ASSIGNMENT_OPERATOR):
        children = list(target.get_children())
        if children and children[0].extent.start.offset == node.extent.start.offset and \
                children[0].extent.end.offset >= node.extent.end.offset:
            op = operator(target)
            if op == "=":
                return "="
            if op in ASSIGN_OPS:
                return "rw"
    if target.kind == CursorKind.UNARY_OPERATOR:
        op = operator(target)
        if op in ("++", "--", "&"):
            return "rw"
    return None


class FileRegions:
    """Finds and describes candidate regions in one parsed file."""

    def __init__(self, tu: TranslationUnit, filename: str, source: bytes):
        self.tu = tu
        self.filename = filename
        self.source = source
        self._macro_cursors = {}
        self.local_macros = set()
        self._functions = []
        for c in tu.cursor.get_children():
            if c.kind == CursorKind.MACRO_DEFINITION and c.location.file is not None:
                self._macro_cursors[c.spelling] = c
                if c.location.file.name == filename:
                    self.local_macros.add(c.spelling)
            elif c.kind == CursorKind.FUNCTION_DECL and c.is_definition() and _in_file(c, filename):
                self._functions.append(c)
        self._macro_values = {}
        self._helper_mults = {}     # function -> whether it multiplies floats
        self._prefilter = None

    def macro_value(self, name: str) -> int | None:
        """The value of a macro whose body is one integer literal, else None."""
        if name not in self._macro_values:
            value = None
            cursor = self._macro_cursors.get(name)
            if cursor is not None:
                toks = [t.spelling for t in cursor.get_tokens()][1:]
                toks = [t for t in toks if t not in ("(", ")")]
                if len(toks) == 1:
                    value = _int_literal(toks[0])
            self._macro_values[name] = value
        return self._macro_values[name]

    def functions(self):
        return list(self._functions)

    def regions(self, only: tuple | None = None, prefilter=None) -> list[Region]:
        """Candidate regions in source order; `only` = (function, kind, start_line) builds just that one.
        `prefilter(features)` may return a reason to skip a region before its inputs are worked out."""
        self._prefilter = prefilter
        out = []
        for fn in self._functions:
            if only and fn.spelling != only[0]:
                continue
            body = next((c for c in fn.get_children() if c.kind == CursorKind.COMPOUND_STMT), None)
            if body is None:
                continue
            if fn.spelling != "main" and (not only or only[1] == "function"):
                out.append(self._function_region(fn, body))
            if only and only[1] != "loop":
                continue
            statements = [_unlabelled(c) for c in body.get_children() if c.kind != CursorKind.DECL_STMT]
            for loop in self._outer_loops(body):
                if not only or loop.extent.start.line == only[2]:
                    region = self._loop_region(fn, body, loop)
                    region.sole_statement = len(statements) == 1 and statements[0] == loop
                    out.append(region)
        return out

    def _outer_loops(self, cursor):
        for child in cursor.get_children():
            if child.kind in LOOP_KINDS:
                if _in_file(child, self.filename):
                    yield child
            elif child.kind not in (CursorKind.DECL_STMT,):
                yield from self._outer_loops(child)

    # --- region construction -------------------------------------------------------------------------

    def _base(self, fn, stmt, kind) -> Region:
        start, end = stmt.extent.start.offset, stmt.extent.end.offset
        region = Region(function=fn.spelling, kind=kind, start_line=stmt.extent.start.line,
                        end_line=stmt.extent.end.line, start=start, end=end,
                        text=self.source[start:end].decode("utf-8", "replace"),
                        returns_void=_canon(fn.result_type).kind == TypeKind.VOID)
        region.cursor = stmt  # kept for symbolic execution while the translation unit lives
        return region

    def _skipped(self, region, stmt) -> bool:
        """Cheap rejection first: most functions of a large file end here."""
        if region.reject:
            return True
        region.features = self._features(stmt)
        reason = self._prefilter(region.features) if self._prefilter else None
        if reason:
            region.reject = reason
            return True
        return region.reject is not None

    def _function_region(self, fn, body) -> Region:
        region = self._base(fn, body, "function")
        result_type = _canon(fn.result_type)
        if not region.returns_void and result_type.kind not in REAL_DTYPES:
            region.reject = "function returns a non-floating-point value (its loop nests are tried instead)"
        if self._skipped(region, body):
            return region
        refs = self._references(body)
        for i, param in enumerate(c for c in fn.get_children() if c.kind == CursorKind.PARM_DECL):
            if not param.spelling:
                region.reject = region.reject or "unnamed parameter"
                continue
            self._add_root(region, param, i, refs, outlined=False)
        if not region.returns_void:
            region.result_type = _unqualified(result_type.spelling)
            region.leaves.append(Leaf("return", "__atc_ret", "real", region.result_type, "float64",
                                      root_key=("<return>",), result=True))
        self._finish(region, fn, body, body, refs)
        return region

    def _loop_region(self, fn, body, loop) -> Region:
        region = self._base(fn, loop, "loop")
        if _inside_one_expansion(loop):
            region.reject = "the loop nest is written inside a macro (its function is tried as a whole)"
        if self._skipped(region, loop):
            return region
        refs = self._references(loop)
        start, end = loop.extent.start.offset, loop.extent.end.offset
        seen = {}
        for node, parent, grand in self._refs_with_parents(loop):
            decl = node.referenced
            if decl is None or decl.kind not in (CursorKind.VAR_DECL, CursorKind.PARM_DECL):
                continue
            if self._is_global(decl):
                continue
            if start <= decl.extent.start.offset < end:
                continue  # declared inside the region
            key = decl.hash
            if key in seen:
                continue
            seen[key] = decl
            for dim in _vm_dimensions(decl):
                # `float (*a)[k]`: k is passed before a, whose type names it.
                if dim.hash not in seen and not self._is_global(dim):
                    seen[dim.hash] = dim
                    self._add_root(region, dim, len(region.roots), refs | {dim.spelling}, outlined=True)
            is_temp = _write_kind(node, parent, grand) == "=" and \
                _canon(decl.type).kind not in ARRAY_KINDS and _canon(decl.type).kind != TypeKind.RECORD
            if is_temp:
                region.temps.append((decl.spelling, _unqualified(decl.type.spelling)))
                region.temp_keys.append(decl_key(decl))
            else:
                self._add_root(region, decl, len(region.roots), refs, outlined=True)
        # Scalars the loop writes must be dead afterwards (the fast path does not update them), except
        # one floating-point result, which the rewrite assigns.
        written = self._written_decls(loop)
        for key, decl in written.items():
            if self._is_global(decl) or start <= decl.extent.start.offset < end:
                continue
            if not self._live_after(body, decl, end):
                continue
            if _canon(decl.type).kind in REAL_DTYPES and not region.result_type:
                self._make_result(region, decl, refs)
            else:
                region.reject = region.reject or f"writes '{decl.spelling}', which is used after the loop"
        for node, _ in walk(loop):
            if node.kind == CursorKind.RETURN_STMT:
                region.reject = region.reject or "returns from inside the loop"
        self._finish(region, fn, body, loop, refs)
        return region

    def _make_result(self, region, decl, refs):
        """A variable the loop computes and the code after it uses: an input and the region's result."""
        key = decl_key(decl)
        if key in region.temp_keys:
            i = region.temp_keys.index(key)
            del region.temp_keys[i], region.temps[i]
            self._add_root(region, decl, len(region.roots), refs | {decl.spelling}, outlined=True)
        leaf = next(leaf for leaf in region.leaves if leaf.root_key == key and leaf.field is None)
        leaf.result, leaf.dump_expr = True, "__atc_res"
        region.result_type = leaf.ctype

    def _finish(self, region, fn, body, stmt, refs):
        for decl in self._globals_used(stmt):
            self._add_global(region, decl, refs)
        region.constants = self._constants(stmt, region)
        region.compared = _compared_constants(stmt, self.filename)
        reason = self._unsupported(stmt, fn)
        if reason:
            region.reject = region.reject or reason

    def _is_global(self, decl) -> bool:
        sp = decl.semantic_parent
        return sp is not None and sp.kind == CursorKind.TRANSLATION_UNIT

    def _refs_with_parents(self, stmt):
        stack = [(stmt, None, None)]
        while stack:
            node, parent, grand = stack.pop()
            if node.kind == CursorKind.DECL_REF_EXPR:
                yield node, parent, grand
            children = list(node.get_children())
            for child in reversed(children):
                stack.append((child, node, parent))

    def _references(self, stmt) -> set:
        """What the region's code mentions: variable names, and (variable, field) pairs for struct fields."""
        names = set()
        for node, _ in walk(stmt):
            if node.kind == CursorKind.DECL_REF_EXPR and node.referenced is not None:
                names.add(node.referenced.spelling)
            elif node.kind == CursorKind.MEMBER_REF_EXPR and node.referenced is not None:
                base = next(iter(node.get_children()), None)
                while base is not None and base.kind in (CursorKind.UNEXPOSED_EXPR, CursorKind.PAREN_EXPR):
                    base = next(iter(base.get_children()), None)
                if base is not None and base.kind == CursorKind.DECL_REF_EXPR and base.referenced is not None:
                    names.add((base.referenced.spelling, node.referenced.spelling))
        return names

    def _written_decls(self, stmt) -> dict:
        written = {}
        for node, parent, grand in self._refs_with_parents(stmt):
            decl = node.referenced
            if decl is None or decl.kind not in (CursorKind.VAR_DECL, CursorKind.PARM_DECL):
                continue
            if _write_kind(node, parent, grand) is not None:
                written[decl.hash] = decl
        return written

    def _live_after(self, body, decl, end) -> bool:
        later = [(n, p, g) for n, p, g in self._refs_with_parents(body)
                 if n.referenced is not None and n.referenced.hash == decl.hash and n.extent.start.offset >= end]
        if not later:
            return False
        later.sort(key=lambda t: t[0].extent.start.offset)
        node, parent, grand = later[0]
        return _write_kind(node, parent, grand) != "="

    def _globals_used(self, stmt):
        seen = {}
        for node, _ in walk(stmt):
            if node.kind == CursorKind.DECL_REF_EXPR and node.referenced is not None:
                decl = node.referenced
                if decl.kind == CursorKind.VAR_DECL and self._is_global(decl):
                    seen.setdefault(decl.hash, decl)
        return list(seen.values())

    def _add_root(self, region, decl, index, refs, outlined):
        name, t, key = decl.spelling, decl.type, decl_key(decl)
        hname = f"__atc_r{index}"
        c = _canon(t)
        referenced = name in refs
        spelled = _unqualified(t.spelling)
        if outlined:
            region.outline_params.append(self._outline_param(region, name, t))
        if c.kind == TypeKind.ENUM and _tested(region.cursor, decl):
            # The binding would hold for the variant the probes happen to select, not for every value.
            region.reject = region.reject or \
                f"selects a variant by the enum '{name}' (each variant's loop nest is tried on its own)"
        leaf = _scalar_leaf(name, hname, t, referenced)
        decl_text = f"__typeof__({spelled}) {hname};"
        if leaf is None:
            leaf = _buffer_leaf(name, hname, t, referenced)
            if leaf is not None:
                leaf.in_array = False  # parameters and outlined arrays arrive as pointers
                if decl.kind == CursorKind.PARM_DECL and c.kind == TypeKind.CONSTANTARRAY and \
                        c.get_array_size() == 1:
                    # `x[static 1]` (or `x[1]`) says "at least one element", not the buffer's size.
                    leaf.capacity = None
                decl_text = f"void *{hname};"
        if leaf is not None:
            leaf.root_key = key
            region.roots.append(Root(name, hname, decl_text, key=key))
            region.leaves.append(leaf)
            return
        elem = _row_pointer_elem(t)
        if elem is not None:
            self._add_row_pointers(region, name, hname, elem, referenced, key)
            return
        pointee = c.get_pointee() if c.kind == TypeKind.POINTER else None
        fields = _record_fields(pointee) if pointee is not None else _record_fields(t)
        if fields is None:
            region.reject = region.reject or f"'{name}' has a type the analysis does not model ({t.spelling})"
            return
        if pointee is not None:
            store = f"__atc_s{index}"
            stype = _unqualified(_canon(pointee).spelling)
            region.roots.append(Root(name, hname, f"__typeof__({stype}) {store}; __typeof__({stype}) *{hname} = &{store};",
                                     struct_store=store, key=key, kind="struct_ptr"))
            self._add_fields(region, name, "->", f"{store}.", fields, refs, key)
        else:
            region.roots.append(Root(name, hname, f"__typeof__({_unqualified(c.spelling)}) {hname};", key=key,
                                     kind="struct"))
            self._add_fields(region, name, ".", f"{hname}.", fields, refs, key)

    def _add_row_pointers(self, region, name, hname, elem, referenced, key):
        """A row-pointer matrix: the block its rows point into, and the spacing of the rows as a pseudo-leaf."""
        block = Leaf(name, hname, "buffer", _unqualified(elem.spelling), REAL_DTYPES[elem.kind],
                     referenced=referenced, root_key=key, spacing=len(region.leaves) + 1)
        step = Leaf(f"rowstep({name})", f"__atc_rowstep_{hname}", "int", "long", "int64", referenced=referenced,
                    root_key=("<rowstep>", *key), spacing_of=len(region.leaves))
        region.roots.append(Root(name, hname, f"void *{hname}; long {step.set_expr};", key=key))
        region.leaves += [block, step]

    def _outline_param(self, region, name, t) -> str:
        c = _canon(t)
        if c.kind in ARRAY_KINDS:
            elem = c.get_array_element_type()
            if _canon(elem).kind == TypeKind.VARIABLEARRAY:
                # `double a[n][m]` arrives as `double (*a)[m]`: m is passed before a (see _vm_dimensions)
                base, _, dims = elem.spelling.partition("[")
                if not _outlinable_dimensions("[" + dims):
                    region.reject = region.reject or f"'{name}' is a variable-length array of computed size"
                return f"__typeof__({base.strip()} (*)[{dims}) {name}"
            return f"__typeof__({_unqualified(elem.spelling)}) *{name}"
        if "[" in t.spelling and c.kind == TypeKind.POINTER and \
                _canon(c.get_pointee()).kind == TypeKind.VARIABLEARRAY and \
                not _outlinable_dimensions(t.spelling):
            region.reject = region.reject or f"'{name}' points to a variable-length array of computed size"
        return f"__typeof__({_unqualified(t.spelling)}) {name}"

    def _add_fields(self, region, owner, arrow, set_prefix, fields, refs, key):
        for f in fields:
            referenced = (owner, f.spelling) in refs
            expr, set_expr = owner + arrow + f.spelling, set_prefix + f.spelling
            leaf = _scalar_leaf(expr, set_expr, f.type, referenced) or _buffer_leaf(expr, set_expr, f.type, referenced)
            if leaf is None:
                if referenced:
                    region.reject = region.reject or f"field '{f.spelling}' has a type the analysis does not model"
                continue
            leaf.root_key, leaf.field = key, f.spelling
            region.leaves.append(leaf)

    def _add_global(self, region, decl, refs):
        t = decl.type
        if const_int_value(decl) is not None:
            return  # a named constant: the region's constants hold its value and spelling
        if t.is_const_qualified():
            region.reject = region.reject or f"reads the constant global '{decl.spelling}'"
            return
        name, key = decl.spelling, decl_key(decl)
        leaf = _scalar_leaf(name, name, t, True) or _buffer_leaf(name, name, t, True)
        if leaf is not None:
            leaf.root_key = key
            region.leaves.append(leaf)
            region.globals.append((key, "value"))
            return
        fields = _record_fields(t)
        if fields is not None:
            self._add_fields(region, name, ".", f"{name}.", fields, refs, key)
            region.globals.append((key, "struct"))
            return
        region.reject = region.reject or f"global '{name}' has a type the analysis does not model"

    # --- facts about the code ---------------------------------------------------------------------

    def _constants(self, stmt, region) -> dict[int, str]:
        """Integer constants a binding may use: literals (spelled as their macro when they come from one)
        and the row lengths of fixed-size arrays."""
        consts: dict[int, str] = {}
        for tok in stmt.get_tokens():
            value = self.macro_value(tok.spelling) if tok.kind.name == "IDENTIFIER" else None
            if value is not None and value > 1:
                consts.setdefault(value, tok.spelling)
                if tok.spelling in self.local_macros:
                    region.size_macros[tok.spelling] = value
        for node, _ in walk(stmt):
            if node.kind == CursorKind.DECL_REF_EXPR:
                value = const_int_value(node.referenced)
                if value is not None and value > 1:
                    consts.setdefault(value, node.referenced.spelling)
                    if _in_file(node.referenced, self.filename):
                        region.size_macros[node.referenced.spelling] = value
            elif node.kind == CursorKind.INTEGER_LITERAL:
                value = evaluate(node)
                if isinstance(value, int) and value > 1:
                    toks = [t.spelling for t in node.get_tokens()]
                    consts.setdefault(value, toks[0] if len(toks) == 1 else str(value))
        for leaf in region.leaves:
            for d in leaf.row_dims:
                if d and d > 1:
                    consts.setdefault(d, str(d))
        return consts

    def _features(self, stmt) -> dict:
        """Cheap static facts, in one walk: the gate and the classifier decide from these."""
        f = dict.fromkeys(FEATURES, 0)
        buffers, ints, expanded, folded = set(), set(), set(), {}
        stack = [(stmt, 0, 0)]
        while stack:
            node, d, sub = stack.pop()
            kind = node.kind
            if node.hash in folded:   # the `x + e` of `x = x + e`, counted as the `+= e` it spells
                stack.extend((child, d, 0) for i, child in enumerate(node.get_children()) if i != folded[node.hash])
                continue
            if kind in LOOP_KINDS:
                d += 1
                f["loops"] += 1
                f["loop_depth"] = max(f["loop_depth"], d)
            elif kind in (CursorKind.BINARY_OPERATOR, CursorKind.COMPOUND_ASSIGNMENT_OPERATOR):
                op = operator(node)
                real = _canon(node.type).kind in REAL_DTYPES
                if op in ("*", "*="):
                    f["float_mults" if real else "int_mults"] += 1
                elif op in ("+", "-"):
                    f["float_adds" if real else "int_adds"] += 1
                elif op in ("/", "%", "/=", "%="):
                    f["divisions"] += 1
                elif op in ("<", "<=", ">", ">=", "==", "!="):
                    f["comparisons"] += 1
                elif op in ("&&", "||"):
                    f["logic"] += 1
                lhs = next(iter(node.get_children()), None)
                if op == "=" and real and lhs is not None:
                    added = _self_added(lhs, node)
                    if added is not None:   # `x = x + e` is `x += e` spelled out: the same features
                        folded[added[0].hash] = added[1]
                        op = "+="
                if op in ("+=", "-=") and real:
                    f["accumulations"] += 1
                if op in ASSIGN_OPS:
                    f["assignments"] += 1
                    if lhs is not None and lhs.kind in (CursorKind.ARRAY_SUBSCRIPT_EXPR, CursorKind.UNARY_OPERATOR,
                                                       CursorKind.MEMBER_REF_EXPR):
                        f["stores"] += 1
                    if op != "=" and lhs is not None and lhs.kind == CursorKind.DECL_REF_EXPR and real:
                        f["scalar_accumulations"] += 1
            elif kind == CursorKind.ARRAY_SUBSCRIPT_EXPR:
                f["accesses"] += 1
                sub += 1
                f["subscript_depth"] = max(f["subscript_depth"], sub)
            elif kind == CursorKind.UNARY_OPERATOR:
                op = operator(node)
                if op == "*":
                    f["accesses"] += 1
                    f["derefs"] += 1
                elif op in ("++", "--"):
                    f["increments"] += 1
            elif kind == CursorKind.CALL_EXPR:
                f["calls"] += 1
                # A helper of this file that multiplies floats (`static inline float dot(...)`) is part of
                # the computation: its body counts as if written in place, once. Other helpers (indexing)
                # count as one access.
                ref = node.referenced
                if ref is not None and ref.is_definition() and _in_file(ref, self.filename):
                    if ref.hash not in expanded and self._multiplies_floats(ref):
                        expanded.add(ref.hash)
                        stack.extend((child, d, 0) for child in ref.get_children()
                                     if child.kind == CursorKind.COMPOUND_STMT)
                    else:
                        f["accesses"] += 1
            elif kind == CursorKind.IF_STMT:
                f["ifs"] += 1
            elif kind == CursorKind.CONDITIONAL_OPERATOR:
                f["conditionals"] += 1
            elif kind == CursorKind.FLOATING_LITERAL:
                f["float_literals"] += 1
            elif kind == CursorKind.DECL_REF_EXPR:
                ref = node.referenced
                if ref is not None and ref.kind in (CursorKind.VAR_DECL, CursorKind.PARM_DECL):
                    t = _canon(ref.type).kind
                    if t == TypeKind.POINTER or t in ARRAY_KINDS:
                        buffers.add(ref.spelling)
                    elif t in INT_KINDS:
                        ints.add(ref.spelling)
            if kind != CursorKind.ARRAY_SUBSCRIPT_EXPR:
                sub = 0
            stack.extend((child, d, sub) for child in node.get_children())
        f["buffers"], f["int_vars"] = len(buffers), len(ints)
        return f

    def _multiplies_floats(self, function, active=frozenset()) -> bool:
        """Whether a function of this file, or a helper of this file it calls, multiplies floats."""
        key = function.hash
        if key in active:
            return False
        if key not in self._helper_mults:
            found = False
            for node, _ in walk(function):
                if node.kind in (CursorKind.BINARY_OPERATOR, CursorKind.COMPOUND_ASSIGNMENT_OPERATOR) and \
                        operator(node) in ("*", "*=") and _canon(node.type).kind in REAL_DTYPES:
                    found = True
                elif node.kind == CursorKind.CALL_EXPR:
                    ref = node.referenced
                    found = ref is not None and ref.is_definition() and _in_file(ref, self.filename) and \
                        self._multiplies_floats(ref, active | {key})
                if found:
                    break
            self._helper_mults[key] = found
        return self._helper_mults[key]

    def _unsupported(self, stmt, function, seen=None) -> str | None:
        """A construct whose effects the harness cannot observe, or that makes outlining unsound.
        Labels alone are names (high-level-synthesis code labels its loops); with a goto anywhere in the
        function, control may enter or leave the region other than through its start and end."""
        seen = seen if seen is not None else set()
        for node, _ in walk(stmt):
            if node.kind in (CursorKind.GOTO_STMT, CursorKind.INDIRECT_GOTO_STMT, CursorKind.ADDR_LABEL_EXPR):
                return "uses goto"
            if node.kind == CursorKind.LABEL_STMT and _has_goto(function):
                return "has labels in a function that uses goto"
            if node.kind == CursorKind.ASM_STMT:
                return "contains inline assembly"
            if node.kind == CursorKind.CALL_EXPR:
                ref = node.referenced
                name = node.spelling
                if ref is None:
                    return "calls through a function pointer"
                if name in PURE_CALLS:
                    continue
                definition = ref.get_definition()
                if definition is None:
                    return f"calls external function '{name}'"
                if definition.hash in seen:
                    continue
                seen.add(definition.hash)
                reason = self._unsupported(definition, definition, seen)
                if reason:
                    return f"calls '{name}', which {reason}"
        return None


def _int_literal(tok: str) -> int | None:
    m = re.fullmatch(r"(0[xX][0-9a-fA-F]+|\d+)[uUlL]*", tok)
    if not m:
        return None
    return int(m.group(1), 0) if not (m.group(1).startswith("0") and len(m.group(1)) > 1 and
                                      m.group(1)[1] not in "xX") else int(m.group(1), 8)
