"""nn.functional on complex tensors against PyTorch (values and gradients in its convention)."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from torch_parity import compare_complex

RNG = np.random.default_rng(0)


def _c(*shape):
    return RNG.standard_normal(shape) + 1j * RNG.standard_normal(shape)


@pytest.mark.parametrize("name,kwargs,shapes", [
    ("conv2d", dict(stride=2, padding=1), ((2, 2, 5, 5), (3, 2, 3, 3), (3,))),
    ("conv1d", dict(groups=2, dilation=2), ((2, 4, 9), (4, 2, 3), (4,))),
    ("conv_transpose2d", dict(stride=2, padding=1), ((1, 2, 4, 4), (2, 3, 3, 3), (3,))),
    ("linear", {}, ((2, 5, 3), (4, 3), (4,))),
    ("unfold", dict(kernel_size=2, stride=1, padding=1), ((1, 2, 3, 4),)),
    ("fold", dict(output_size=(3, 3), kernel_size=2), ((2, 8, 4),)),
])
def test_complex_layers_match_pytorch(name, kwargs, shapes):
    torch = pytest.importorskip("torch")
    compare_complex(lambda *a: getattr(F, name)(*a, **kwargs),
                    lambda *a: getattr(torch.nn.functional, name)(*a, **kwargs), [_c(*s) for s in shapes])


def test_conv_refuses_integer_input_naming_complex_as_allowed():
    with pytest.raises(TypeError, match="floating-point \\(or complex\\) input"):
        F.conv2d(ag.tensor(np.ones((1, 1, 3, 3), np.int64)), ag.tensor(np.ones((1, 1, 2, 2), np.int64)))


def test_cosine_similarity_refuses_complex_inputs_as_pytorch():
    z = ag.tensor(_c(3, 4))
    with pytest.raises(TypeError, match="cosine_similarity: expected floating-point inputs, got complex128"):
        F.cosine_similarity(z, z)
