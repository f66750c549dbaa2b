"""nn.init.dirac_, sparse_ and the deprecated names without the underscore, against PyTorch."""
import math
import warnings

import numpy as np
import pytest

import autograd_core as ag
from autograd_core import nn

torch = pytest.importorskip("torch")


@pytest.mark.parametrize("shape,groups", [((4, 4, 3), 1), ((6, 2, 3, 3), 3), ((2, 5, 4, 4), 1), ((8, 3, 3, 2), 2),
                                          ((3, 2, 3, 3, 3), 1), ((4, 1, 2, 2, 2), 4)])
def test_dirac_matches_pytorch(shape, groups):
    ours, theirs = ag.randn(*shape), torch.randn(*shape)
    assert nn.init.dirac_(ours, groups) is ours
    torch.nn.init.dirac_(theirs, groups)
    np.testing.assert_array_equal(ours.numpy(), theirs.numpy())


def test_dirac_convolution_is_the_identity():
    conv = nn.Conv2d(3, 3, 3, padding=1, bias=False)
    nn.init.dirac_(conv.weight)
    x = ag.randn(2, 3, 5, 5)
    np.testing.assert_allclose(conv(x).detach().numpy(), x.numpy(), atol=1e-6)


def test_dirac_errors():
    with pytest.raises(ValueError, match="dirac_: only tensors with 3, 4, or 5 dimensions"):
        nn.init.dirac_(ag.empty(3, 3))
    with pytest.raises(ValueError, match=r"dirac_: dim 0 \(4\) must be divisible by groups \(3\)"):
        nn.init.dirac_(ag.empty(4, 2, 3), groups=3)


def test_sparse_statistics_and_seeding():
    ag.manual_seed(0)
    t = ag.empty(20, 2000)
    assert nn.init.sparse_(t, 0.33, std=0.5) is t and t.dtype == np.float32
    values = t.numpy()
    zeros = (values == 0).sum(axis=0)
    np.testing.assert_array_equal(zeros, math.ceil(0.33 * 20))  # as torch: ceil(sparsity * rows) per column
    assert abs(values[values != 0].std() - 0.5) < 0.01 and abs(values[values != 0].mean()) < 0.01
    rows_hit = (values == 0).mean(axis=1)  # every row is zeroed in about a third of the columns
    assert np.all(np.abs(rows_hit - 7 / 20) < 0.05)
    ag.manual_seed(0)
    np.testing.assert_array_equal(nn.init.sparse_(ag.empty(20, 2000), 0.33, std=0.5).numpy(), values)
    np.testing.assert_array_equal(nn.init.sparse_(ag.empty(4, 3), 0.0).numpy() != 0, True)
    np.testing.assert_array_equal(nn.init.sparse_(ag.empty(4, 3), 1.0).numpy(), 0)
    with pytest.raises(ValueError, match="sparse_: only tensors with 2 dimensions"):
        nn.init.sparse_(ag.empty(3, 4, 5), 0.1)


@pytest.mark.parametrize("name,args", [("uniform", (-1, 1)), ("normal", ()), ("constant", (0.5,)), ("eye", ()),
                                       ("xavier_uniform", ()), ("xavier_normal", ()), ("kaiming_uniform", ()),
                                       ("kaiming_normal", ()), ("orthogonal", ()), ("sparse", (0.5,)), ("dirac", ())])
def test_deprecated_names_warn_as_pytorch_and_fill_alike(name, args):
    shape = (4, 4, 3) if name == "dirac" else (4, 6)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        getattr(torch.nn.init, name)(torch.empty(*shape), *args)
    ag.manual_seed(1)
    with pytest.warns(FutureWarning) as ours:
        old = getattr(nn.init, name)(ag.empty(*shape), *args)
    assert str(ours[0].message) == str(caught[0].message) and ours[0].filename == __file__
    assert getattr(nn.init, name).__name__ == name
    ag.manual_seed(1)
    np.testing.assert_array_equal(old.numpy(), getattr(nn.init, name + "_")(ag.empty(*shape), *args).numpy())
