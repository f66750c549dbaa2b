"""FloorValue, the engine's straight-through floor: max(x, low) in value, the identity in gradient."""
import numpy as np

import autograd_core as ag
from autograd_core.nn.functional import distance
from autograd_core.ops.elementwise import FloorValue


def test_floors_the_value_and_passes_the_gradient_through_unchanged():
    x = ag.tensor([-1.0, 0.25, 0.5, 2.0], dtype=ag.float64, requires_grad=True)
    y = FloorValue(0.5)(x)
    assert y.tolist() == [0.5, 0.5, 0.5, 2.0]
    g = ag.tensor([1.0, -2.0, 3.0, 4.0], dtype=ag.float64)
    gx, = ag.grad(y, [x], grad_outputs=g, create_graph=True)
    assert gx.tolist() == g.tolist()
    np.testing.assert_array_equal(ag.grad((gx * x).sum(), [x])[0].numpy(), g.numpy())


def test_cosine_similarity_uses_the_engine_op():
    assert distance.FloorValue is FloorValue
