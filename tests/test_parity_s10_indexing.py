"""PyTorch parity of x[index] and x[index] = v (tests skip without torch)."""
import numpy as np
import pytest

import autograd_core as ag
from tests.torch_parity import compare


@pytest.mark.parametrize("index", [[], (slice(None), []), (Ellipsis, [])], ids=repr)
def test_empty_list_index_selects_nothing(index):
    """NumPy reads [] as a float array and refuses it; PyTorch selects nothing."""
    compare(lambda t: t[index], lambda t: t[index], [np.ones((2, 3))])
