"""The op-spec table, one module per op family; ``ALL_SPECS`` joins them.

Each family module defines ``SPECS``: a list of OpSpec. tests/test_op_specs.py
generates the forward-vs-reference, float64 gradcheck, gradgradcheck, float32
dtype and broadcasting tests from them.
"""
import importlib
import pkgutil

from .spec import OpSpec  # noqa: F401


def all_specs():
    specs = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name != "spec":
            specs += importlib.import_module(f"{__name__}.{info.name}").SPECS
    names = [s.name for s in specs]
    duplicated = {n for n in names if names.count(n) > 1}
    assert not duplicated, f"op specs listed twice: {duplicated}"
    return specs
