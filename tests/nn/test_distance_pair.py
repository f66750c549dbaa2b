"""cosine_similarity and pairwise_distance pair their inputs with the engine's ``_pair``: one
shape (broadcast), one dtype (promoted before the norms), and an error naming the op and shapes."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F

RNG = np.random.default_rng(11)


def test_mixed_dtypes_are_promoted_before_the_norms_and_gradients_keep_their_dtype():
    a32, b64 = RNG.normal(size=(3, 4)).astype(np.float32), RNG.normal(size=(1, 4))
    a64 = a32.astype(np.float64)
    cos_ref = (a64 * b64).sum(1) / (np.linalg.norm(a64, axis=1) * np.linalg.norm(b64, axis=1))
    x, y = ag.tensor(a32, requires_grad=True), ag.tensor(b64, requires_grad=True)
    cos = F.cosine_similarity(x, y)
    assert cos.dtype == np.float64
    np.testing.assert_allclose(cos.detach().numpy(), cos_ref, rtol=1e-14)
    dist = F.pairwise_distance(x, y)
    np.testing.assert_allclose(dist.detach().numpy(), np.linalg.norm(a64 - b64 + 1e-6, axis=1), rtol=1e-14)
    (cos.sum() + dist.sum()).backward()
    assert (x.grad.dtype, y.grad.dtype, y.grad.shape) == (np.float32, np.float64, (1, 4))


def test_shapes_that_do_not_broadcast_name_the_op():
    with pytest.raises(ValueError, match=r"pairwise_distance: shapes \(3, 4\) and \(2, 4\) can't be broadcast"):
        F.pairwise_distance(ag.ones(3, 4), ag.ones(2, 4))
    with pytest.raises(ValueError, match=r"cosine_similarity: shapes \(3, 4\) and \(3, 2\) can't be broadcast"):
        F.cosine_similarity(ag.ones(3, 4), ag.ones(3, 2))


def test_array_and_number_operands():
    x = RNG.normal(size=(2, 3))
    np.testing.assert_allclose(F.pairwise_distance(x, np.zeros(3)).numpy(), np.linalg.norm(x + 1e-6, axis=1))
    np.testing.assert_allclose(F.cosine_similarity(ag.tensor(np.abs(x)), 2.0).numpy(), 2 * np.abs(x).sum(1) /
                               (np.linalg.norm(x, axis=1) * np.sqrt(3 * 4.0)), rtol=1e-6)
