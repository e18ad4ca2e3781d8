"""Operator of a libclang operator cursor, asked of libclang itself (the Python bindings do not expose it).

Reading operators off the tokens fails inside macro expansions, where every token is the macro's call.
"""

from __future__ import annotations

import ctypes
import functools

from clang import cindex

POSTFIX_UNARY = {1, 2}  # CXUnaryOperator_PostInc, CXUnaryOperator_PostDec


@functools.lru_cache(maxsize=None)
def _lib():
    cindex.Index.create()  # loads libclang
    lib = cindex.conf.lib
    for name in ("clang_getCursorBinaryOperatorKind", "clang_getCursorUnaryOperatorKind"):
        fn = getattr(lib, name)
        fn.argtypes = [cindex.Cursor]
        fn.restype = ctypes.c_int
    for name in ("clang_getBinaryOperatorKindSpelling", "clang_getUnaryOperatorKindSpelling"):
        fn = getattr(lib, name)
        fn.argtypes = [ctypes.c_int]
        fn.restype = cindex._CXString
        fn.errcheck = cindex._CXString.from_result
    return lib


@functools.lru_cache(maxsize=None)
def _spelling(binary: bool, kind: int) -> str:
    lib = _lib()
    fn = lib.clang_getBinaryOperatorKindSpelling if binary else lib.clang_getUnaryOperatorKindSpelling
    return fn(kind)


def operator(cursor) -> str:
    """'+', '+=', '*' (dereference or multiply), '++', ... or '' for a cursor that is no operator."""
    lib = _lib()
    if cursor.kind in (cindex.CursorKind.BINARY_OPERATOR, cindex.CursorKind.COMPOUND_ASSIGNMENT_OPERATOR):
        kind = lib.clang_getCursorBinaryOperatorKind(cursor)
        return _spelling(True, kind) if kind else ""
    if cursor.kind == cindex.CursorKind.UNARY_OPERATOR:
        kind = lib.clang_getCursorUnaryOperatorKind(cursor)
        return _spelling(False, kind) if kind else ""
    return ""


def is_postfix(cursor) -> bool:
    return cursor.kind == cindex.CursorKind.UNARY_OPERATOR and \
        _lib().clang_getCursorUnaryOperatorKind(cursor) in POSTFIX_UNARY


@functools.lru_cache(maxsize=None)
def _eval_lib():
    lib = _lib()
    lib.clang_Cursor_Evaluate.argtypes = [cindex.Cursor]
    lib.clang_Cursor_Evaluate.restype = ctypes.c_void_p
    lib.clang_EvalResult_getKind.argtypes = [ctypes.c_void_p]
    lib.clang_EvalResult_getKind.restype = ctypes.c_int
    lib.clang_EvalResult_getAsLongLong.argtypes = [ctypes.c_void_p]
    lib.clang_EvalResult_getAsLongLong.restype = ctypes.c_longlong
    lib.clang_EvalResult_getAsDouble.argtypes = [ctypes.c_void_p]
    lib.clang_EvalResult_getAsDouble.restype = ctypes.c_double
    lib.clang_EvalResult_dispose.argtypes = [ctypes.c_void_p]
    lib.clang_EvalResult_dispose.restype = None
    return lib


def evaluate(cursor):
    """The value of a constant expression (int or float), or None; works through macros."""
    lib = _eval_lib()
    res = lib.clang_Cursor_Evaluate(cursor)
    if not res:
        return None
    try:
        kind = lib.clang_EvalResult_getKind(res)
        if kind == 1:  # CXEval_Int
            return lib.clang_EvalResult_getAsLongLong(res)
        if kind == 2:  # CXEval_Float
            return lib.clang_EvalResult_getAsDouble(res)
        return None
    finally:
        lib.clang_EvalResult_dispose(res)
