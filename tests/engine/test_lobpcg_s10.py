"""ag.lobpcg against PyTorch's torch.lobpcg (skipped where torch is absent) and NumPy's eigh: eigenvalues,
eigenvectors up to sign, gradients of sign-free losses, options, the tracker and the errors."""
import numpy as np
import pytest

import autograd_core as ag
from torch_parity import compare


def _spd(m, seed=0, batch=()):
    """Symmetric positive-definite with eigenvalues near 1, 2, ..., m (well separated)."""
    rng = np.random.default_rng(seed)
    q = np.linalg.qr(rng.standard_normal(batch + (m, m)))[0]
    return (q * (np.arange(1, m + 1) + rng.uniform(0, 0.3, batch + (m,)))[..., None, :]) @ q.swapaxes(-1, -2)


def _top(a, k, largest=True, b=None):
    """The k largest (smallest) eigenpairs of ``a x = e b x`` by NumPy, x B-orthonormal."""
    if b is not None:
        li = np.linalg.inv(np.linalg.cholesky(b))
        e, y = np.linalg.eigh(li @ a @ li.swapaxes(-1, -2))
        v = li.swapaxes(-1, -2) @ y
    else:
        e, v = np.linalg.eigh(a)
    e, v = (e[..., ::-1], v[..., ::-1]) if largest else (e, v)
    return e[..., :k], v[..., :k]


def _same_up_to_sign(x, y, atol):
    signs = np.sign((x * y).sum(axis=-2, keepdims=True))
    np.testing.assert_allclose(x * signs, y, atol=atol)


A = _spd(15, 1, (2,))
B = np.broadcast_to(_spd(15, 2) / 10 + np.eye(15), A.shape).copy()
OPTIONS = {
    "default": {}, "smallest": {"largest": False}, "basic": {"method": "basic"},
    "basic_smallest": {"method": "basic", "largest": False}, "B": {"B": B}, "n": {"n": 4},
    "iK": {"iK": np.linalg.inv(A[0] + np.eye(15))},
    "X": {"X": np.random.default_rng(3).standard_normal((2, 15, 3))},
    "ortho_params": {"ortho_iparams": {"ortho_i_max": 5}, "ortho_bparams": {"ortho_use_drop": True}},
}


@pytest.mark.parametrize("name", list(OPTIONS))
def test_eigenpairs_match_numpy(name):
    kw = dict(OPTIONS[name])
    k = 3 if "X" in kw else 2
    E, X = ag.lobpcg(ag.tensor(A), k=k, **{key: ag.tensor(v) if isinstance(v, np.ndarray) else v for key, v in kw.items()})
    e, v = _top(A, k, kw.get("largest", True), kw.get("B"))
    assert E.shape == (2, k) and X.shape == (2, 15, k)
    np.testing.assert_allclose(E.numpy(), e, rtol=1e-10)
    _same_up_to_sign(X.numpy(), v, atol=1e-6)


@pytest.mark.parametrize("name", ["default", "smallest", "basic", "B", "n", "X"])
def test_eigenpairs_match_torch(name):
    torch = pytest.importorskip("torch")
    kw = OPTIONS[name]
    ours = ag.lobpcg(ag.tensor(A), **{key: ag.tensor(v) if isinstance(v, np.ndarray) else v for key, v in kw.items()})
    theirs = torch.lobpcg(torch.tensor(A), **{key: torch.tensor(v) if isinstance(v, np.ndarray) else v
                                              for key, v in kw.items()})
    np.testing.assert_allclose(ours[0].numpy(), theirs[0].numpy(), rtol=1e-10)
    _same_up_to_sign(ours[1].numpy(), theirs[1].numpy(), atol=1e-6)


@pytest.mark.parametrize("largest", [True, False])
@pytest.mark.parametrize("output", ["E", "XXt"])
def test_gradient_matches_torch(largest, output):
    """Sign-free outputs (E, X X^T) of a tightly converged run, one matrix and a batch."""
    def run(lobpcg):
        def fn(a):
            E, X = lobpcg(a, k=2, largest=largest, tol=1e-12)
            return E if output == "E" else X @ X.mT
        return fn
    torch = pytest.importorskip("torch")
    for a in (_spd(9, 4), _spd(8, 5, (2,))):
        compare(run(ag.lobpcg), run(torch.lobpcg), [a], atol=1e-8)


def test_gradient_is_symmetric_and_matches_eigh():
    a = ag.tensor(_spd(10, 6), requires_grad=True)
    w = np.random.default_rng(7).standard_normal((10, 10))
    E, X = ag.lobpcg(a, k=3, tol=1e-12)
    (E.sum() + (X @ X.mT * ag.tensor(w)).sum()).backward()
    b = ag.tensor(_spd(10, 6), requires_grad=True)
    e, v = ag.linalg.eigh(b)
    v = v[:, 7:]
    (e[7:].sum() + (v @ v.mT * ag.tensor(w)).sum()).backward()
    np.testing.assert_allclose(a.grad.numpy(), a.grad.numpy().T, atol=1e-12)
    np.testing.assert_allclose(a.grad.numpy(), b.grad.numpy(), atol=1e-8)


def test_tracker_sees_the_state_and_can_stop():
    steps = []

    def tracker(worker):
        steps.append((worker.ivars["istep"], worker.X.shape, worker.tvars["rerr"].shape))
        worker.bvars["force_stop"] = worker.ivars["istep"] == 3
    ag.lobpcg(ag.tensor(_spd(12)), k=2, tracker=tracker)
    assert steps == [(i, (12, 2), (2,)) for i in (1, 2, 3)]


def test_float32_and_niter():
    E, X = ag.lobpcg(ag.tensor(_spd(12).astype(np.float32)), k=2)
    assert E.dtype == np.float32 and X.dtype == np.float32
    np.testing.assert_allclose(E.numpy(), _top(_spd(12), 2)[0], rtol=1e-5)
    steps = []
    ag.lobpcg(ag.tensor(_spd(12)), k=2, niter=2, tracker=lambda w: steps.append(w.ivars["istep"]))
    assert steps == [1, 2]


@pytest.mark.parametrize("kw,error,match", [
    ({"k": 5}, ValueError, r"number of A rows \(=12\) is smaller than 3 x the number of requested eigenpairs \(=5\)"),
    ({"k": 1, "n": 5}, ValueError, "requested eigenpairs"),
    ({"method": "lanczos"}, ValueError, "method must be 'ortho' or 'basic'"),
    ({"B": np.eye(4)}, ValueError, "A and B must have the same shape"),
    ({"X": np.ones((11, 2))}, ValueError, r"X must have shape \(12, 2\)"),
    ({"X": np.ones((3, 12, 2))}, ValueError, r"X must have shape \(12, 2\)"),
])
def test_errors(kw, error, match):
    with pytest.raises(error, match=match):
        ag.lobpcg(ag.tensor(_spd(12)), **{key: ag.tensor(v) if isinstance(v, np.ndarray) else v for key, v in kw.items()})


def test_refuses_integer_and_complex_matrices():
    with pytest.raises(TypeError, match="lobpcg"):
        ag.lobpcg(ag.tensor(np.eye(6, dtype=np.int64)))
    with pytest.raises(TypeError, match="lobpcg: A must be a float32 or float64 tensor"):
        ag.lobpcg(ag.tensor(np.eye(6) + 0j))


def test_failed_factorization_names_lobpcg_not_linalg():
    with pytest.raises(RuntimeError, match="^lobpcg: "):
        ag.lobpcg(ag.tensor(np.full((12, 12), np.nan)), k=2)


def test_backward_with_B_raises_as_torch():
    a = ag.tensor(_spd(12), requires_grad=True)
    E, _ = ag.lobpcg(a, k=2, B=ag.tensor(np.eye(12)))
    with pytest.raises(ValueError, match="lobpcg: the backward with B"):
        E.sum().backward()
