"""Anomaly mode as torch.autograd's: NaN from a backward raises, naming the Function and where it was called."""
import warnings

import numpy as np
import pytest

import autograd_core as ag


def _nan_backward():
    x = ag.tensor([0.0, 1.0], requires_grad=True)
    y = ag.sqrt(x - 1.0)  # sqrt(-1) is NaN, and so is its gradient: the line the error must point to
    return y.sum()


def test_nan_from_backward_names_the_function_and_its_forward_traceback():
    with pytest.warns(UserWarning, match="Anomaly Detection"), ag.detect_anomaly():
        loss = _nan_backward()
        with np.errstate(all="ignore"), pytest.raises(RuntimeError) as info:
            loss.backward()
    message = str(info.value)
    assert message.startswith("Function 'SqrtBackward0' returned nan values in its 0th output.")
    assert "Traceback of forward call that caused the error" in message
    assert "y = ag.sqrt(x - 1.0)" in message and "_nan_backward" in message


def test_off_or_check_nan_false_lets_nan_through():
    with np.errstate(all="ignore"):
        loss = _nan_backward()
        loss.backward()  # anomaly mode off: NaN gradients, no error
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with ag.detect_anomaly(check_nan=False):
                assert ag.is_anomaly_enabled() and not ag.is_anomaly_check_nan_enabled()
                _nan_backward().backward()
    assert not ag.is_anomaly_enabled()


def test_set_detect_anomaly_switches_as_a_call_and_restores_as_a_block():
    assert not ag.is_anomaly_enabled()
    ag.autograd.set_detect_anomaly(True)
    try:
        assert ag.is_anomaly_enabled() and ag.is_anomaly_check_nan_enabled()
    finally:
        ag.autograd.set_detect_anomaly(False)
    assert not ag.is_anomaly_enabled()
    with ag.autograd.set_detect_anomaly(True, check_nan=False):
        assert ag.is_anomaly_enabled() and not ag.is_anomaly_check_nan_enabled()
    assert not ag.is_anomaly_enabled() and not ag.grad_mode._mode.instrumented


def test_an_op_recorded_outside_anomaly_mode_still_gets_named():
    with np.errstate(all="ignore"):
        loss = _nan_backward()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with ag.detect_anomaly(), pytest.raises(RuntimeError, match="called outside anomaly mode"):
                loss.backward()
