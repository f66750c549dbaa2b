"""torch.adjoint, torch.lu, torch.lu_solve at top level; torch.swapdims' argument names; histogram's
named tuple."""
import warnings

import numpy as np
import pytest

import autograd_core as ag

A = np.array([[4.0, 1.0, 2.0], [1.0, -3.0, 0.5], [2.0, 0.0, 3.0]])


def test_adjoint_lu_and_lu_solve_at_top_level():
    a = ag.tensor(A)
    np.testing.assert_array_equal(ag.adjoint(a).numpy(), A.T)
    lu, pivots = ag.lu(a)
    b = np.arange(6.0).reshape(3, 2)
    np.testing.assert_allclose(ag.lu_solve(ag.tensor(b), lu, pivots).numpy(), np.linalg.solve(A, b), atol=1e-12)
    with pytest.raises(TypeError, match="lu: expected a Tensor"):
        ag.lu(A)


def test_they_match_torch():
    torch = pytest.importorskip("torch")
    lu, pivots = ag.lu(ag.tensor(A))
    with warnings.catch_warnings():  # torch.lu's deprecation warning (once per process)
        warnings.simplefilter("ignore")
        tlu, tpivots = torch.lu(torch.tensor(A))
    np.testing.assert_allclose(lu.numpy(), tlu.numpy(), atol=1e-12)
    np.testing.assert_array_equal(pivots.numpy(), tpivots.numpy())
    x = ag.lu_solve(ag.ones(3, 1, dtype=ag.float64), lu, pivots)
    np.testing.assert_allclose(x.numpy(), torch.lu_solve(torch.ones(3, 1, dtype=torch.float64), tlu, tpivots).numpy())


def test_swapdims_takes_torch_names():
    x = ag.ones(2, 3)
    assert ag.swapdims(x, dim0=0, dim1=1).shape == (3, 2)
    assert x.swapdims(dim0=1, dim1=0).shape == (3, 2)


def test_histogram_is_a_named_tuple():
    h = ag.histogram(ag.tensor([1.0, 2.0, 2.0, 3.0]), 3)
    assert h.hist.tolist() == [1.0, 2.0, 1.0] and h.bin_edges.shape == (4,)
    hist, edges = h
    assert hist is h.hist
