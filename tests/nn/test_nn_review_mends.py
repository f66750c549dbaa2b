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
