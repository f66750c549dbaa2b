"""Review fixes of the Tensor methods of inplace.py, random_fill.py and tensor_extras.py, against PyTorch."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core import dtypes, methods, ops, storage, tensor_extras
from autograd_core.ops import aliases, inplace, random_fill


def test_each_tensor_method_is_bound_from_one_table_only():
    tables = [set(methods._method_names()), set(inplace.inplace_methods()), set(aliases.TENSOR_METHODS),
              set(dtypes.TENSOR_METHODS), set(storage.TENSOR_METHODS), set(random_fill.TENSOR_METHODS),
              set(tensor_extras.TENSOR_METHODS)]
    for i, table in enumerate(tables):
        for other in tables[i + 1:]:
            assert not table & other, sorted(table & other)
    assert ag.Tensor.geqrf is ops.geqrf and ag.Tensor.orgqr is ops.orgqr and ag.Tensor.ormqr is ops.ormqr
