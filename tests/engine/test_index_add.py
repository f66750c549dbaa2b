"""backend.index_add (the backward of advanced indexing) against NumPy's add.at, on every index form it
turns into flat positions and on those it leaves to add.at."""
import numpy as np
import pytest

from autograd_core import backend

RNG = np.random.default_rng(0)
INDICES = [
    np.array([0, 2, 2, -1, -5]),                                                  # rows, repeated and negative
    np.array([[1, 1], [-2, 0]], dtype=np.int8),                                   # narrow ints: no overflow
    np.array([3, 3, 250], dtype=np.uint8) % 5,                                    # unsigned
    (np.array([0, 0, 4, -1]), np.array([1, 1, -4, 3])),                           # two leading dims
    (np.array([[0], [1]]), np.array([1, 2, 2]), np.array([0, 0, -1])),            # all dims, broadcast
    (slice(None), np.array([1, 1])),                                              # a slice first: add.at
    (np.array([1, 1]), slice(0, 2)),                                              # a slice after: add.at
    np.array([True, False, True, True, False]),                                   # a mask: add.at
    (0, np.array([1, 1])),                                                        # an int: add.at
]


@pytest.mark.parametrize("index", INDICES, ids=range(len(INDICES)))
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_index_add_matches_numpy_add_at(index, dtype):
    target = RNG.standard_normal((5, 40, 3)).astype(dtype)  # rows of 120: int8 row * 120 would overflow
    values = RNG.standard_normal(target[index].shape).astype(dtype)
    expected = target.copy()
    np.add.at(expected, index, values)
    backend.index_add(target, index, values)
    np.testing.assert_allclose(target, expected, rtol=1e-6)


def test_index_add_broadcasts_values_over_the_indexed_shape():
    target, expected = np.zeros((4, 3)), np.zeros((4, 3))
    index = np.array([1, 1, 3])
    backend.index_add(target, index, np.array([1.0, 2.0, 3.0]))
    np.add.at(expected, index, np.array([1.0, 2.0, 3.0]))
    np.testing.assert_array_equal(target, expected)


def test_index_add_on_a_non_contiguous_target_goes_through_add_at():
    base = np.zeros((5, 8))
    target = base[:, ::2]
    backend.index_add(target, np.array([0, 0, 4]), np.ones((3, 4)))
    assert target[0].tolist() == [2.0] * 4 and target[4].tolist() == [1.0] * 4 and base[:, 1::2].sum() == 0
