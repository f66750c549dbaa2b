"""Matrix adjoints (x.H, x.mH, x.adjoint(), ag.adjoint) conjugate complex tensors, as PyTorch."""
import numpy as np
import pytest

import autograd_core as ag
from torch_parity import compare_complex

Z = np.arange(12).reshape(2, 2, 3) * (1 + 0.5j) - 2j


@pytest.mark.parametrize("name", ["mH", "adjoint", "H", "ag.adjoint"])
def test_matrix_adjoints_conjugate_complex_tensors_as_pytorch(name):
    torch = pytest.importorskip("torch")
    if name == "ag.adjoint":
        compare_complex(ag.adjoint, torch.adjoint, [Z])
    elif name == "H":
        compare_complex(lambda t: t.H, lambda t: t.H, [Z[0]])
    elif name == "adjoint":
        compare_complex(lambda t: t.adjoint(), lambda t: t.adjoint(), [Z])
    else:
        compare_complex(lambda t: t.mH, lambda t: t.mH, [Z])


def test_adjoint_of_a_real_matrix_is_its_transpose():
    a = ag.tensor(Z.real)
    np.testing.assert_array_equal(a.mH.numpy(), np.swapaxes(Z.real, -1, -2))
