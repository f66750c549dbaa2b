"""The add-a-product ops on integer tensors: PyTorch's addmm/addmv/baddbmm/addbmm/addcmul truncate a float
beta/alpha/value to an int silently (beta=0.5 drops input), its addr refuses it; ours refuse it everywhere."""
import numpy as np
import pytest

import autograd_core as ag

M = np.array([[1, 2], [3, 4]])
V = np.array([3, 5])
CASES = [("addmm", (M, M, M)), ("addmv", (V, M, V)), ("addr", (M, V, V)), ("baddbmm", (M[None], M[None], M[None])),
         ("addbmm", (M, M[None], M[None]))]


@pytest.mark.parametrize("name, args", CASES)
@pytest.mark.parametrize("scale", ["beta", "alpha"])
def test_float_scale_of_integer_tensors_is_refused(name, args, scale):
    with pytest.raises(TypeError, match=f"{name}: for integer tensors \\(int64\\), {scale} must not be a float"):
        getattr(ag, name)(*[ag.tensor(a) for a in args], **{scale: 0.5})


def test_addcmul_float_value_of_integer_tensors_is_refused():
    with pytest.raises(TypeError, match="addcmul: for integer tensors"):
        ag.addcmul(ag.tensor(V), ag.tensor(V), ag.tensor(V), value=0.5)


@pytest.mark.parametrize("name, args", CASES)
def test_int_scales_of_integer_tensors_match_torch(name, args):
    torch = pytest.importorskip("torch")
    ours = getattr(ag, name)(*[ag.tensor(a) for a in args], beta=2, alpha=3)
    theirs = getattr(torch, name)(*[torch.tensor(a) for a in args], beta=2, alpha=3)
    assert ours.dtype == np.int64 and theirs.dtype == torch.int64
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


@pytest.mark.parametrize("name, args", CASES)
def test_float_scales_of_float_tensors_still_work(name, args):
    torch = pytest.importorskip("torch")
    ours = getattr(ag, name)(*[ag.tensor(a * 1.0) for a in args], beta=0.5, alpha=1.5)
    theirs = getattr(torch, name)(*[torch.tensor(a * 1.0) for a in args], beta=0.5, alpha=1.5)
    np.testing.assert_allclose(ours.numpy(), theirs.numpy())
