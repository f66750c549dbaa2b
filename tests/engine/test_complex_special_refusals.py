"""Special functions computed in float64 refuse complex input, as PyTorch, rather than drop its imaginary part."""
import numpy as np
import pytest

import autograd_core as ag

Z = ag.tensor(np.array([0.5 + 0.5j, 1.5 - 0.2j]))


@pytest.mark.parametrize("name,call", [
    ("lgamma", lambda z: ag.lgamma(z)),
    ("polygamma", lambda z: ag.digamma(z)),
    ("erfinv", lambda z: ag.erfinv(z)),
    ("erfc", lambda z: ag.erfc(z)),
])
def test_special_functions_refuse_complex_input_naming_the_function(name, call):
    with pytest.raises(TypeError, match=f"{name}: complex input \\(complex128\\) is not supported"):
        call(Z)
