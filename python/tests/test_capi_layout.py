"""strata/_capi.py mirrors include/strata.h: ctypes checks nothing against the header, so
a C compiler reports sizeof/offsetof of every struct and they must equal ctypes' layout;
every function the header declares has a signature, and the version macros match."""

from __future__ import annotations

import ctypes
import os
import re
import shutil
import subprocess

import pytest

from strata import _capi
from conftest import ROOT

HEADER = os.path.join(ROOT, "include", "strata.h")
STRUCTS = {
    "strata_dimension": _capi.strata_dimension,
    "strata_options": _capi.strata_options,
    "strata_input": _capi.strata_input,
    "strata_output": _capi.strata_output,
}


def test_struct_layouts_equal_the_c_compilers(tmp_path) -> None:
    compiler = shutil.which("cc")
    if compiler is None:
        pytest.fail("no C compiler (cc) to check the layouts with; Scripts/test-c needs one too")
    lines = ['#include <stddef.h>', '#include <stdio.h>', '#include "strata.h"', "int main(void) {"]
    for name, struct in STRUCTS.items():
        lines.append(f'    printf("{name} size %zu\\n", sizeof({name}));')
        for field, _ in struct._fields_:
            lines.append(f'    printf("{name}.{field} %zu %zu\\n", offsetof({name}, {field}), sizeof((({name} *)0)->{field}));')
    lines += ["    return 0;", "}"]
    source = tmp_path / "layout.c"
    source.write_text("\n".join(lines) + "\n")
    program = tmp_path / "layout"
    subprocess.run([compiler, "-std=c11", "-I", os.path.join(ROOT, "include"), str(source), "-o", str(program)], check=True)
    reported = subprocess.run([str(program)], check=True, capture_output=True, text=True).stdout.splitlines()
    expected = []
    for name, struct in STRUCTS.items():
        expected.append(f"{name} size {ctypes.sizeof(struct)}")
        for field, field_type in struct._fields_:
            expected.append(f"{name}.{field} {getattr(struct, field).offset} {ctypes.sizeof(field_type)}")
    assert reported == expected


def test_every_declared_function_has_a_signature() -> None:
    with open(HEADER) as file:
        header = file.read()
    # Every `strata_name(`: the declarations, and calls in the header's examples (of
    # declared functions too).
    declared = set(re.findall(r"\b(strata_[a-z_]+)\s*\(", header))
    assert declared == set(_capi._SIGNATURES), sorted(declared ^ set(_capi._SIGNATURES))


def test_header_version_matches() -> None:
    with open(HEADER) as file:
        header = file.read()
    (version,) = re.findall(r'#define STRATA_VERSION "([0-9.]+)"', header)
    assert version == _capi.HEADER_VERSION
    (max_rank,) = re.findall(r"#define STRATA_MAX_RANK (\d+)", header)
    assert int(max_rank) == _capi.MAX_RANK


# The ctypes type _capi must use for each C type spelled in strata.h's prototypes.
_C_TYPES = {
    "void": None,
    "void *": ctypes.c_void_p,
    "const void *": ctypes.c_void_p,
    "const char *": ctypes.c_char_p,
    "const char **": ctypes.POINTER(ctypes.c_char_p),
    # char ** out_text: a void* out-parameter, so the address survives for strata_free.
    "char **": ctypes.POINTER(ctypes.c_void_p),
    "size_t": ctypes.c_size_t,
    "size_t *": ctypes.POINTER(ctypes.c_size_t),
    "int32_t": ctypes.c_int32,
    "int64_t *": ctypes.POINTER(ctypes.c_int64),
    "strata_status": ctypes.c_int,
    "strata_element_type *": ctypes.POINTER(ctypes.c_int),
    "strata_options": _capi.strata_options,
    "const strata_options *": ctypes.POINTER(_capi.strata_options),
    "strata_model *": ctypes.c_void_p,
    "const strata_model *": ctypes.c_void_p,
    "strata_model **": ctypes.POINTER(ctypes.c_void_p),
    "const strata_input *": ctypes.POINTER(_capi.strata_input),
    "strata_output *": ctypes.POINTER(_capi.strata_output),
}


def _c_type(declaration: str) -> str:
    """"const int64_t * dims" -> "const int64_t *" (the type without the parameter name)."""
    declaration = " ".join(declaration.replace("*", " * ").split())
    words = declaration.split(" ")
    if words[-1] not in ("*", "void") and len(words) > 1:
        words = words[:-1]  # The parameter's name.
    return " ".join(words).replace("* *", "**")


def test_every_prototype_matches_its_ctypes_signature() -> None:
    with open(HEADER) as file:
        header = re.sub(r"//[^\n]*", "", file.read())
    prototypes = re.findall(r"^((?:const )?[a-z_]+(?: \*)?)\s*(strata_[a-z_]+)\(([^)]*)\);", header, flags=re.MULTILINE)
    assert {name for _, name, _ in prototypes} == set(_capi._SIGNATURES)
    for result, name, arguments in prototypes:
        restype, argtypes = _capi._SIGNATURES[name]
        parameters = [] if arguments.strip() == "void" else [_c_type(part) for part in arguments.split(",")]
        assert restype == _C_TYPES[_c_type(result)], f"{name} returns {result}"
        assert argtypes == [_C_TYPES[parameter] for parameter in parameters], f"{name}({', '.join(parameters)})"
