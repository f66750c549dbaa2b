"""Complex logcumsumexp against torch 2.13 (session 10): vectorised, with PyTorch's branch of the logarithm, its
tie rule (the new term wins), -inf + 0j over leading -inf terms, NaN from a NaN on, and complex64 computed in
complex128 as torch does. The edge cases are also checked without torch, against the spec's NumPy steps."""
import numpy as np
import pytest
from specs.special_s10 import _logcumsumexp_steps

import autograd_core as ag

INF, NAN = np.inf, np.nan
MINUS_INF_RUNS = [  # the steps give NaN at -inf - (-inf): their expected values are written out
    ([complex(-INF, 1), complex(-INF, 2), 0 + 1j, complex(-INF, 3)], [complex(-INF, 0), complex(-INF, 0), 1j, 1j]),
    ([complex(-INF, 1), complex(-INF, -2), complex(-INF, 0.5)], [complex(-INF, 0)] * 3),
]
STEPPED_EDGES = [
    [1 + 2j, 0.5 - 3j, 2 + 3j, -1 + 1j, 3 - 2.9j, 3 + 3.1j],
    [0 + 3j, 0 - 3j, 0 + 3j, 0 - 3j, 0 + 3.1j, 0 - 3.1j, 0 + 1e3j, 5 + 7j, 5 - 7j],  # ties: the new term's branch
    [1 + 1j, complex(INF, 0), 2 + 1j, 5 - 4j],
    [1 + 1j, complex(NAN, 0), 2 + 1j], [1 + 1j, complex(1, NAN), 2 + 1j],
    [-0.0 - 0.33j, 0 + 9.08j, 0 - 9.1j],
]
EDGES = STEPPED_EDGES + [values for values, _ in MINUS_INF_RUNS]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the steps' inf - inf and NaN arithmetic
@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@pytest.mark.parametrize("values", STEPPED_EDGES)
def test_edge_cases_match_the_numpy_steps(values, dtype):
    """complex64 against the steps in complex128, as it is computed."""
    x = np.array(values, dtype)
    ours = ag.logcumsumexp(ag.tensor(x), 0).numpy()
    assert ours.dtype == dtype
    tol = 1e-12 if dtype == np.complex128 else 1e-6
    np.testing.assert_allclose(ours, _logcumsumexp_steps(x.astype(np.complex128), 0).astype(dtype), rtol=tol, atol=tol)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
@pytest.mark.parametrize("values, expected", MINUS_INF_RUNS)
def test_runs_of_minus_inf_give_minus_inf_plus_0j(values, expected, dtype):
    ours = ag.logcumsumexp(ag.tensor(np.array(values, dtype)), 0).numpy()
    assert ours.dtype == dtype
    np.testing.assert_allclose(ours, np.array(expected, dtype), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("values", EDGES)
def test_edge_cases_match_torch(values):
    torch = pytest.importorskip("torch")
    x = np.array(values)
    theirs = torch.logcumsumexp(torch.tensor(x), 0).numpy()
    np.testing.assert_allclose(ag.logcumsumexp(ag.tensor(x), 0).numpy(), theirs, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("dtype", [np.complex128, np.complex64])
def test_random_lines_with_ties_match_torch(dtype):
    """Integer real parts (ties with the running value) and imaginary parts up to 10 (branches beyond pi), on
    increasing and mixed lines; complex64 runs in complex128, as torch's steps (their ties depend on it)."""
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(0)
    for trial in range(60):
        real = np.round(rng.standard_normal((3, int(rng.integers(1, 80)))) * [1, 5, 50][trial % 3])
        if trial % 2:
            real = np.cumsum(np.abs(real), axis=1)
        x = (real + 1j * rng.uniform(-10, 10, real.shape)).astype(dtype)
        theirs = torch.logcumsumexp(torch.tensor(x), 1).numpy()
        ours = ag.logcumsumexp(ag.tensor(x), 1).numpy()
        assert ours.dtype == theirs.dtype
        tol = 1e-9 if dtype == np.complex128 else 1e-4
        np.testing.assert_allclose(ours, theirs, rtol=tol, atol=tol * np.abs(real).max(initial=1.0))


def test_long_dim_values_and_gradient_match_torch():
    pytest.importorskip("torch")
    import torch
    from torch_parity import compare_complex
    rng = np.random.default_rng(1)
    x = rng.standard_normal((2, 3000)) * 3 + 1j * rng.standard_normal((2, 3000)) * 3
    compare_complex(lambda a: ag.logcumsumexp(a, 1), lambda a: torch.logcumsumexp(a, 1), [x], atol=1e-8)
