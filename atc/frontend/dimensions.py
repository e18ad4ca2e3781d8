"""A variable-length array dimension as the type spells it (`k`, `n + 0`, `2 * m`), parsed once into a tree
that the outliner, the prover and the dependence analysis each read: ("const", n), ("name", spelling),
("neg", a), or (op, a, b) with op one of + - *."""

from __future__ import annotations

import ast

_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*"}


def dimension_tree(text: str) -> tuple:
    """The tree of a dimension; ValueError when it is anything but integer arithmetic over names."""
    def tree(node):
        if isinstance(node, ast.Constant) and type(node.value) is int:
            return ("const", node.value)
        if isinstance(node, ast.Name):
            return ("name", node.id)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPS:
            return (_OPS[type(node.op)], tree(node.left), tree(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return ("neg", tree(node.operand))
        raise ValueError(f"dimension '{text}' is not integer arithmetic over names")
    try:
        return tree(ast.parse(text.strip(), mode="eval").body)
    except SyntaxError:
        raise ValueError(f"dimension '{text}' is not integer arithmetic over names") from None


def dimension_value(tree: tuple, value_of) -> int:
    """The value of a dimension's tree, names valued by value_of."""
    kind = tree[0]
    if kind == "const":
        return tree[1]
    if kind == "name":
        return value_of(tree[1])
    if kind == "neg":
        return -dimension_value(tree[1], value_of)
    left, right = dimension_value(tree[1], value_of), dimension_value(tree[2], value_of)
    return left + right if kind == "+" else left - right if kind == "-" else left * right
