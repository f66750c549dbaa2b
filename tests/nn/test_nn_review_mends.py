"""Regression tests for the review of the nn functional/module additions (padding, losses, activations, Linear)."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn as nn


@pytest.mark.parametrize("name", ["ZeroPad2d", "ReflectionPad2d", "ReplicationPad2d"])
def test_padding_layers_without_a_fill_refuse_a_value_argument_as_pytorch(name):
    with pytest.raises(TypeError):
        getattr(nn, name)(1, 3.0)
    assert getattr(nn, name)(1)(ag.ones(1, 2, 2)).shape == (1, 4, 4)


def test_constant_pad_keeps_its_value():
    y = nn.ConstantPad2d(1, 2.5)(ag.zeros(1, 1, 1))
    np.testing.assert_array_equal(y.numpy(), [[[2.5, 2.5, 2.5], [2.5, 0.0, 2.5], [2.5, 2.5, 2.5]]])


def test_a_loss_shape_error_suggests_reshaping_the_input_that_differs():
    import autograd_core.nn.functional as F
    with pytest.raises(ValueError, match=r"got input1 \(3,\), input2 \(4,\), target \(3,\); a loss does not "
                                         r"broadcast \(reshape the input2, e\.g\. input2\.reshape\(input1\.shape\)\)"):
        F.margin_ranking_loss(ag.ones(3), ag.ones(4), ag.ones(3))


def test_glu_of_a_0d_tensor_says_it_has_no_dimension_to_halve():
    import autograd_core.nn.functional as F
    with pytest.raises(ValueError, match=r"glu: input is a 0-d tensor"):
        F.glu(ag.tensor(1.0))


@pytest.mark.parametrize("rows,in_features,out_features", [(4, 8, 32), (32, 512, 600), (32, 64, 512), (256, 64, 300)])
def test_linear_matches_numpy_on_both_sides_of_the_gemm_layout_switch(rows, in_features, out_features):
    import autograd_core.nn.functional as F
    rng = np.random.default_rng(0)
    x, w, b = rng.standard_normal((rows, in_features)), rng.standard_normal((out_features, in_features)), \
        rng.standard_normal(out_features)
    y = F.linear(ag.tensor(x), ag.tensor(w), ag.tensor(b))
    assert y.numpy().flags.c_contiguous
    np.testing.assert_allclose(y.numpy(), x @ w.T + b, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("make,keys", [
    (lambda: nn.BatchNorm2d(3), ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]),
    (lambda: nn.BatchNorm1d(3, affine=False), ["running_mean", "running_var", "num_batches_tracked"]),
    (lambda: nn.BatchNorm1d(3, bias=False), ["weight", "running_mean", "running_var", "num_batches_tracked"]),
    (lambda: nn.LayerNorm((2, 3)), ["weight", "bias"]),
    (lambda: nn.LayerNorm(3, bias=False), ["weight"]),
    (lambda: nn.LayerNorm(3, elementwise_affine=False), []),
    (lambda: nn.GroupNorm(1, 3), ["weight", "bias"]),
    (lambda: nn.InstanceNorm2d(3, affine=True), ["weight", "bias"]),
])
def test_norm_layers_register_and_reset_their_affine_parameters_as_pytorch(make, keys):
    m = make()
    assert list(m.state_dict()) == keys
    for p in m.parameters():
        p.data[...] = 7.0
    m.reset_parameters()
    if m.weight is not None:
        assert (m.weight.detach().numpy() == 1).all()
    if m.bias is not None:
        assert (m.bias.detach().numpy() == 0).all()


_LEGACY = [  # (name, inputs); every loss function that takes PyTorch's deprecated size_average/reduce
    ("mse_loss", lambda r: (r.standard_normal(4), r.standard_normal(4))),
    ("l1_loss", lambda r: (r.standard_normal(4), r.standard_normal(4))),
    ("smooth_l1_loss", lambda r: (r.standard_normal(4), r.standard_normal(4))),
    ("cross_entropy", lambda r: (r.standard_normal((4, 3)), np.array([0, 2, 1, 1]))),
    ("nll_loss", lambda r: (r.standard_normal((4, 3)), np.array([0, 2, 1, 1]))),
    ("binary_cross_entropy", lambda r: (r.uniform(0.1, 0.9, 4), r.uniform(0, 1, 4))),
    ("binary_cross_entropy_with_logits", lambda r: (r.standard_normal(4), r.uniform(0, 1, 4))),
    ("kl_div", lambda r: (np.log(r.uniform(0.1, 1, 4)), r.uniform(0.1, 1, 4))),
    ("multi_margin_loss", lambda r: (r.standard_normal((4, 3)), np.array([0, 2, 1, 1]))),
    ("margin_ranking_loss", lambda r: (r.standard_normal(4), r.standard_normal(4), np.array([1.0, -1, 1, -1]))),
    ("hinge_embedding_loss", lambda r: (r.standard_normal(4), np.array([1.0, -1, 1, -1]))),
    ("soft_margin_loss", lambda r: (r.standard_normal(4), np.array([1.0, -1, 1, -1]))),
    ("cosine_embedding_loss", lambda r: (r.standard_normal((4, 3)), r.standard_normal((4, 3)),
                                         np.array([1.0, -1, 1, -1]))),
    ("triplet_margin_loss", lambda r: tuple(r.standard_normal((3, 4, 3)))),
    ("poisson_nll_loss", lambda r: (r.standard_normal(4), np.array([0.0, 1, 2, 3]))),
]


@pytest.mark.filterwarnings("ignore:kl_div")
@pytest.mark.parametrize("name,make", _LEGACY, ids=[n for n, _ in _LEGACY])
@pytest.mark.parametrize("flags,reduction", [({"size_average": False}, "sum"), ({"reduce": False}, "none"),
                                             ({"size_average": True, "reduce": True}, "mean")])
def test_loss_functions_honour_the_deprecated_size_average_and_reduce_as_pytorch(name, make, flags, reduction):
    import autograd_core.nn.functional as F
    inputs = [ag.tensor(a) for a in make(np.random.default_rng(0))]
    fn = getattr(F, name)
    with pytest.warns(UserWarning, match="size_average and reduce are deprecated") as record:
        legacy = fn(*inputs, **flags)
    assert record[0].filename == __file__  # the warning points at the caller
    np.testing.assert_allclose(legacy.numpy(), fn(*inputs, reduction=reduction).numpy())


def test_loss_functions_match_torch_under_the_deprecated_flags():
    torch = pytest.importorskip("torch")
    import warnings

    import autograd_core.nn.functional as F
    x, t = np.array([1.0, 2.0, 3.0]), np.array([1.0, -1.0, 1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = F.soft_margin_loss(ag.tensor(x), ag.tensor(t), size_average=False).item()
        theirs = torch.nn.functional.soft_margin_loss(torch.tensor(x), torch.tensor(t), size_average=False).item()
    assert ours == pytest.approx(theirs)
