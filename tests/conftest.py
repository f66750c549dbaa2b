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


@pytest.fixture(autouse=True)
def _complex_mode_off():
    """A test that used complex autograd leaves the engine's checked path on (process-wide, by design):
    turn it off again so the next test runs the hot path it would run alone."""
    yield
    from autograd_core.grad_mode import _mode
    if _mode.complex:
        _mode.complex = False
        _mode.refresh()
