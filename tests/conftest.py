import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(__file__))  # so tests can import the specs package


@pytest.fixture(autouse=True)
def _seed():
    import autograd_core as ag
    ag.manual_seed(0)
    np.random.seed(0)
