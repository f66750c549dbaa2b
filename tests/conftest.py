import os
import sys

import numpy as np
import pytest

sys.path.insert(0, os.path.dirname(__file__))  # so tests can import the specs package
if os.environ.get("AUTOGRAD_CORE_FAKE_CUPY") == "1":  # the GPU paths on a CPU stand-in for CuPy (tests/fakegpu)
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "fakegpu"))


@pytest.fixture(autouse=True)
def _seed():
    import autograd_core as ag
    ag.manual_seed(0)
    np.random.seed(0)
