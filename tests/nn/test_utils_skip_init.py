"""nn.utils.skip_init."""
import pytest

from autograd_core import nn


def test_skip_init_builds_the_module_with_its_arguments():
    m = nn.utils.skip_init(nn.Linear, 5, out_features=3, bias=False)
    assert isinstance(m, nn.Linear) and m.weight.shape == (3, 5) and m.bias is None
    assert str(m.weight.device) == "cpu"


def test_skip_init_errors_match_torch():
    with pytest.raises(RuntimeError, match="Expected a Module"):
        nn.utils.skip_init(dict)
    with pytest.raises(RuntimeError, match="support a 'device' arg"):
        nn.utils.skip_init(nn.ReLU)
