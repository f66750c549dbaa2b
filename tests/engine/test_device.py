"""Device logic that runs without a GPU: parsing, clear errors, CPU moves."""
import sys

import pytest

import autograd_core as ag
from autograd_core import backend


def test_device_parsing_and_equality():
    assert str(ag.device("cpu")) == "cpu" and str(ag.device("cuda")) == "cuda:0"
    assert ag.device("cuda:1") == ag.device("cuda", 1) == "cuda:1" and ag.device(2) == "cuda:2"
    assert repr(ag.device("cuda:1")) == "device(type='cuda', index=1)"
    assert ag.device("cpu") != "cuda:0" and len({ag.device("cpu"), ag.device("cpu")}) == 1
    for bad in ("tpu", "cuda:x", "cpu:1"):
        with pytest.raises(ValueError, match="device"):
            ag.device(bad)


def test_cpu_tensors_report_cpu_and_moves_to_cpu_are_free():
    x = ag.ones(3, requires_grad=True)
    assert x.device == "cpu" and x.device == ag.device("cpu")
    assert x.to("cpu") is x and x.cpu() is x and x.to(ag.device("cpu")) is x
    assert ag.zeros(2, device="cpu").device == "cpu"


@pytest.mark.skipif(ag.cuda.is_available(), reason="checks the errors of a machine without CUDA")
def test_cuda_requests_without_a_gpu_give_a_clear_error():
    assert ag.cuda.device_count() == 0
    for make in (lambda: ag.ones(2).cuda(), lambda: ag.zeros(2, device="cuda"), lambda: ag.ones(2).to("cuda:0")):
        with pytest.raises(RuntimeError, match="CuPy|CUDA device"):
            make()


def test_broken_cupy_install_is_reported_only_when_a_gpu_is_asked_for(monkeypatch):
    class Broken:
        def __getattr__(self, name):
            raise OSError("libcudart.so.12: cannot open shared object file")
    monkeypatch.setitem(sys.modules, "cupy", None)  # import cupy -> ImportError
    with pytest.raises(RuntimeError, match="CuPy is not installed.*pip install"):
        backend.cupy_module()
    assert ag.tensor([1.0]).device == "cpu"  # CPU work never touches CuPy
    assert ag.cuda.is_available() is False
