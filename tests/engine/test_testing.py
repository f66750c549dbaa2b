"""ag.testing.assert_close against torch.testing.assert_close: the same verdict and the same message
(torch's Size and dtype spellings aside) for tensors, arrays, numbers, sequences and mappings."""
import numpy as np
import pytest

import autograd_core as ag
from autograd_core.testing import assert_close

torch = pytest.importorskip("torch")
nan, inf = float("nan"), float("inf")


def _ours(x):
    if isinstance(x, torch.Tensor):
        return ag.tensor(x.numpy())
    if isinstance(x, (list, tuple)):
        return type(x)(_ours(v) for v in x)
    if isinstance(x, dict):
        return {k: _ours(v) for k, v in x.items()}
    return x


def _outcome(fn, a, b, **kw):
    try:
        fn(a, b, **kw)
    except (AssertionError, ValueError, TypeError) as e:
        return type(e).__name__, str(e).replace("torch.Size(", "").replace("])", "]").replace("torch.", "")
    return "passed"


def _shape_text(text):  # torch's Size([2]) against our (2,)
    return text.replace("([2]) != ([3])", "[2] != [3]").replace("(2,) != (3,)", "[2] != [3]")


CASES = {
    "float32": (torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.1, 3.0])),
    "float64_2d": (torch.tensor([[1.0, 2.0], [3.0, 4.0]], dtype=torch.float64),
                   torch.tensor([[1.0, 2.0], [3.0, 4.5]], dtype=torch.float64)),
    "float16": (torch.tensor([1.0], dtype=torch.float16), torch.tensor([1.01], dtype=torch.float16)),
    "close_enough": (torch.tensor([0.0, 1.0]), torch.tensor([1e-9, 1.0])),
    "int": (torch.tensor([1, 2, 3]), torch.tensor([1, 3, 3])),
    "bool": (torch.tensor([True, False]), torch.tensor([True, True])),
    "nan": (torch.tensor([nan]), torch.tensor([nan])),
    "relative_inf": (torch.tensor([0.0, 1.0]), torch.tensor([0.0, 0.0])),
    "equal_infs": (torch.tensor([inf]), torch.tensor([inf])),
    "opposite_infs": (torch.tensor([inf]), torch.tensor([-inf])),
    "empty": (torch.tensor([]), torch.tensor([])),
    "dtype": (torch.tensor([1, 2]), torch.tensor([1.0, 2.0])),
    "zero_dim": (torch.tensor(1.0), torch.tensor(1.5)),
    "zero_dim_int": (torch.tensor(1), torch.tensor(2)),
    "numpy": (np.array([1.0, 2.0]), np.array([1.0, 2.5])),
    "floats": (1.0, 1.5),
    "numpy_scalar": (np.float64(1.0), 1.5),
    "ints": (1, 2),
    "int_and_float": (1, 1.0),
    "bools": (True, False),
    "tuple_and_list": ((1.0, 2.0), [1.0, 2.0]),
    "lengths": ([1.0, 2.0], [1.0]),
    "keys": ({"a": 1.0}, {"b": 1.0}),
    "list_item": ([torch.tensor(1.0), torch.tensor(2.0)], [torch.tensor(1.0), torch.tensor(2.5)]),
    "dict_item": ({"a": torch.tensor(1.0)}, {"a": torch.tensor(3.0)}),
    "nested_item": ([[torch.tensor([1.0])]], [[torch.tensor([2.0])]]),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_verdict_and_message_match_torch(name):
    a, b = CASES[name]
    assert _outcome(assert_close, _ours(a), _ours(b)) == _outcome(torch.testing.assert_close, a, b)


@pytest.mark.parametrize("kw", [dict(rtol=1e-3), dict(msg="custom"), dict(check_dtype=False), dict(equal_nan=True),
                                dict(rtol=0.5, atol=0.0), dict(check_dtype=False, equal_nan=True),
                                dict(check_dtype=False, rtol=0.0, atol=0.0)], ids=str)
def test_options_match_torch(kw):
    a, b = torch.tensor([1.0, nan]), torch.tensor([1.5, nan], dtype=torch.float64)
    assert _outcome(assert_close, _ours(a), _ours(b), **kw) == _outcome(torch.testing.assert_close, a, b, **kw)


def test_shape_message():
    a, b = torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0, 3.0])
    ours = _outcome(assert_close, _ours(a), _ours(b))
    theirs = _outcome(torch.testing.assert_close, a, b)
    assert ours[0] == theirs[0] and _shape_text(ours[1]) == _shape_text(theirs[1])


def test_a_callable_msg_gets_the_message():
    with pytest.raises(AssertionError, match="^X: Tensor-likes are not close!"):
        assert_close(ag.tensor([1.0]), ag.tensor([2.0]), msg=lambda text: "X: " + text)


def test_mixed_kinds_are_refused():
    with pytest.raises(TypeError, match="No comparison pair"):
        assert_close(ag.tensor([1.0]), 1.0)
    with pytest.raises(TypeError, match="No comparison pair"):
        assert_close(ag.tensor([1.0]), np.array([1.0], np.float32))


def test_tensors_that_require_grad_compare_by_value():
    x = ag.tensor([1.0, 2.0], requires_grad=True)
    assert_close(x * 1, ag.tensor([1.0, 2.0]))
