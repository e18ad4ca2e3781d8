"""Every call an OpSpec emits matches an entry point declared in runtime_stubs/atc_runtime.h: same name, same
number of arguments, each named argument where the prototype names it, and a C file making every call (every
flag variant) with the types the rewritten code declares compiles without a warning."""

import itertools
import re

import pytest

from atc import runtime
from atc.synth.specs import SPECS
from conftest import cc_available, run

pytestmark = pytest.mark.skipif(not cc_available(), reason="needs cc")

WARNINGS_AS_ERRORS = ["-Wall", "-Wextra", "-Wno-unused-parameter", "-Werror", "-Werror=implicit-function-declaration",
                      "-Werror=int-conversion", "-Werror=incompatible-pointer-types"]


def split_arguments(text: str) -> list:
    """Top-level comma-separated items of an argument or parameter list (without its parentheses)."""
    items, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            items.append(text[start:i].strip())
            start = i + 1
    items.append(text[start:].strip())
    return [item for item in items if item]


@pytest.fixture(scope="module")
def prototypes(tmp_path_factory):
    """{entry point: [(parameter type, parameter name)]}, as the preprocessed header declares them."""
    src = tmp_path_factory.mktemp("header") / "decls.c"
    src.write_text('#include "atc_runtime.h"\n')
    text = run(["cc", "-E", "-P", "-I", str(runtime.stubs_dir()), str(src)], check=True).stdout
    out = {}
    for name, params in re.findall(r"\bint\s+(atc_\w+)\s*\(([^()]*)\)\s*;", text):
        decls = [re.match(r"(.*?)\s*(\w+)$", p).groups() for p in split_arguments(params)]
        out[name] = [(" ".join(t.split()), n) for t, n in decls]
    assert {"atc_sgemm", "atc_dgemv", "atc_dsdot", "atc_sconv1d"} <= set(out), sorted(out)
    return out


def declarations(spec) -> dict:
    """Each value the call passes -> its declaration in the library-path function (atc/rewrite/emit.py): sizes
    as long, inputs as const pointers, the output as a pointer, scalars by value, a scalar result by pointer."""
    decls = {p: f"long {p}" for p in spec.int_params}
    decls.update({b: f"const {spec.ctype} *{b}" for b in spec.inputs})
    decls[spec.output] = f"{spec.result_ctype or spec.ctype} *{spec.output}"
    for scalar in (spec.scale, None if spec.output_scalar else spec.accumulate):
        if scalar:
            decls[scalar] = f"{spec.ctype} {scalar}"
    return decls


def variants(spec):
    """The flag values of every variant the search can bind."""
    names = list(spec.flags)
    for values in itertools.product(*(spec.flags[n] for n in names)):
        yield dict(zip(names, values))


def call_text(spec, flags) -> str:
    args = {name: name for name in declarations(spec)}
    args.update({f: str(v) for f, v in flags.items()})
    return spec.call(args)


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_call_matches_the_prototype(spec, prototypes):
    by_name = {flag: flag for flag in spec.flags}  # the call with every flag spelled as its name
    text = call_text(spec, by_name)
    name, _, rest = text.partition("(")
    assert name == spec.api and rest.endswith(")"), text
    assert name in prototypes, f"{name} is not declared in atc_runtime.h"
    params = prototypes[name]
    args = split_arguments(rest[:-1])
    assert len(args) == len(params), f"{text} passes {len(args)} arguments, {name} takes {len(params)}"
    header_names = [n for _, n in params]
    for position, arg in enumerate(args):
        # a value the spec names as the prototype does (m, lda, alpha, trans_a, ...) goes where it is declared
        if arg.lower() in header_names:
            assert header_names[position] == arg.lower(), \
                f"{spec.name}: '{arg}' passed as '{header_names[position]}' (argument {position + 1}): {text}"
        if arg in spec.flags:
            assert params[position][0] == "int", f"{spec.name}: flag {arg} passed as {params[position]}"


def test_every_entry_point_is_called_by_a_spec(prototypes):
    not_ops = {"atc_worth_loading"}  # the loader's test the guards call, not a library op
    assert set(prototypes) - not_ops == {spec.api for spec in SPECS}


def test_every_variant_compiles_against_the_header(tmp_path):
    """One function per spec and flag variant, calling the runtime as the rewritten code does."""
    lines = ['#include "atc_runtime.h"']
    count = 0
    for spec in SPECS:
        params = ", ".join(declarations(spec).values())
        for flags in variants(spec):
            lines.append(f"int call_{count}({params});")
            lines.append(f"int call_{count}({params}) {{ return {call_text(spec, flags)}; }}")
            count += 1
    src = tmp_path / "calls.c"
    src.write_text("\n".join(lines) + "\n")
    assert count >= 2 * len(SPECS)
    for std in (["-std=gnu89"], ["-std=c99", "-pedantic"]):  # user code may be C89 with GNU extensions
        run(["cc", *std, *WARNINGS_AS_ERRORS, "-I", str(runtime.stubs_dir()), "-c", str(src),
             "-o", str(tmp_path / "calls.o")], check=True)
