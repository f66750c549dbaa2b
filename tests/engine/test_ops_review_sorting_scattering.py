"""Regression tests from the review of sorting, scattering, shape and reductions (session 6)."""
import numpy as np
import pytest

import autograd_core as ag


def test_circular_pad_that_crops_more_than_the_dim_holds_is_refused():
    # PyTorch: "Negative padding value is resulting in an empty dimension"; it gave an empty tensor
    with pytest.raises(ValueError, match=r"pad: circular padding \(-2, -2\) crops more than dimension 2 of size 3"):
        ag.pad(ag.ones(1, 1, 3), (-2, -2), mode="circular")
    assert ag.pad(ag.arange(3.0).reshape(1, 1, 3), (-1, -1), mode="circular").tolist() == [[[1.0]]]
