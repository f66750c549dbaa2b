"""ag.inference_mode as torch.inference_mode: no graph inside, tensors made inside report is_inference(),
usable as a context manager and as a decorator (bare or called), inference_mode(False) turns it off."""
import numpy as np
import pytest

import autograd_core as ag


def test_no_graph_and_inference_tensors_inside():
    x = ag.ones(2, requires_grad=True)
    with ag.inference_mode() as mode:
        assert isinstance(mode, ag.inference_mode)
        assert ag.is_inference_mode_enabled() and not ag.is_grad_enabled()
        y, made, built = x * 2, ag.zeros(3), ag.tensor([1.0])
        assert not y.requires_grad and y.grad_fn is None
        assert y.is_inference() and made.is_inference() and built.is_inference() and ag.Tensor([1.0]).is_inference()
    assert not ag.is_inference_mode_enabled() and ag.is_grad_enabled()
    assert not x.is_inference() and not (y + 1).is_inference()
    np.testing.assert_array_equal(y.numpy(), [2.0, 2.0])


def test_false_turns_it_off_and_grad_on():
    x = ag.ones(2, requires_grad=True)
    with ag.inference_mode():
        with ag.inference_mode(False):
            assert ag.is_grad_enabled() and not ag.is_inference_mode_enabled()
            z = x * 2
            assert z.requires_grad and not z.is_inference()
        with ag.no_grad():
            assert ag.is_inference_mode_enabled()
        assert ag.is_inference_mode_enabled() and not ag.is_grad_enabled()
    with ag.no_grad(), ag.inference_mode(False):
        assert ag.is_grad_enabled()


def test_enable_grad_inside_records_nothing_as_torch():
    torch = pytest.importorskip("torch")
    for lib in (torch, ag):
        x = lib.ones(2, requires_grad=True)
        with lib.inference_mode():
            with lib.enable_grad():
                y = x * 2
            with lib.set_grad_enabled(True):
                z = x * 2
        assert not y.requires_grad and y.grad_fn is None and y.is_inference(), lib.__name__
        assert not z.requires_grad and z.is_inference(), lib.__name__
    assert ag.is_grad_enabled()


def test_decorator_bare_and_called():
    @ag.inference_mode
    def bare(a):
        return a * 2, ag.is_inference_mode_enabled()

    @ag.inference_mode()
    def called(a):
        return a * 2

    @ag.inference_mode(False)
    def off(a):
        return a * 2

    x = ag.ones(2, requires_grad=True)
    y, enabled = bare(x)
    assert enabled and y.is_inference() and not y.requires_grad and bare.__name__ == "bare"
    assert called(x).is_inference() and not ag.is_inference_mode_enabled()
    with ag.inference_mode():
        assert off(x).requires_grad


def test_state_restored_after_an_error():
    with pytest.raises(RuntimeError):
        with ag.inference_mode():
            raise RuntimeError("boom")
    assert ag.is_grad_enabled() and not ag.is_inference_mode_enabled()


def test_matches_torch():
    torch = pytest.importorskip("torch")
    with torch.inference_mode(), ag.inference_mode():
        t, a = torch.ones(2), ag.ones(2)
        assert t.is_inference() == a.is_inference() and torch.is_grad_enabled() == ag.is_grad_enabled()
    assert (t + 1).is_inference() == (a + 1).is_inference()
