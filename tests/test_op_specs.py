"""Generic op tests generated from the op-spec table (tests/specs)."""
import numpy as np
import pytest

import autograd_core as ag
from specs import all_specs

SPECS = all_specs()
CASES = [(s, i) for s in SPECS for i in range(len(s.samples()))]
IDS = [f"{s.name}-{i}" for s, i in CASES]
DEVICES = ["cpu", pytest.param("cuda", marks=[pytest.mark.gpu, pytest.mark.skipif(
    not ag.cuda.is_available(), reason="needs CuPy and a CUDA GPU")])]


@pytest.fixture(params=DEVICES)
def device(request):
    return request.param


@pytest.fixture(autouse=True)
def _skip_cpu_only(request):
    spec = request.node.callspec.params.get("spec") if hasattr(request.node, "callspec") else None
    if spec is not None and spec.cpu_only and request.node.callspec.params.get("device") == "cuda":
        pytest.skip(f"{spec.name}: CPU only ({spec.cpu_only})")


def _tensors(sample, spec, requires_grad, device="cpu"):
    out = []
    for k, a in enumerate(sample):
        wants = a.dtype.kind in "fc" and (spec.diff is None or k in spec.diff)
        out.append(ag.tensor(a, requires_grad=requires_grad and wants, device=device))
    return out


def _as_list(y):
    return list(y) if isinstance(y, (tuple, list)) else [y]


@pytest.mark.parametrize("spec,i", CASES, ids=IDS)
def test_forward_matches_reference(spec, i, device):
    if spec.ref is None:
        pytest.skip(f"{spec.name}: no NumPy reference ({spec.note})")
    if spec.gpu_ref and device == "cuda":
        pytest.skip(f"{spec.name}: reference holds on the CPU only ({spec.gpu_ref})")
    sample = spec.samples()[i]
    ours = _as_list(spec.fn(*_tensors(sample, spec, False, device)))
    expected = _as_list(spec.ref(*[a.copy() for a in sample]))
    assert len(ours) == len(expected)
    for y, e in zip(ours, expected):
        e = np.asarray(e)
        assert y.shape == e.shape, f"{spec.name}: shape {y.shape}, reference {e.shape}"
        assert y.device == device, f"{spec.name}: output on {y.device}, inputs on {device}"
        np.testing.assert_allclose(y.numpy(), e, atol=spec.atol, rtol=spec.rtol)


@pytest.mark.parametrize("spec,i", CASES, ids=IDS)
def test_gradcheck(spec, i, device):
    if not spec.grad:
        pytest.skip(f"{spec.name}: not differentiable ({spec.note})")
    inputs = _tensors(spec.samples()[i], spec, True, device)
    assert ag.gradcheck(spec.fn, inputs, atol=spec.grad_atol, rtol=spec.grad_rtol)


@pytest.mark.parametrize("spec,i", CASES, ids=IDS)
def test_gradgradcheck(spec, i, device):
    if not (spec.grad and spec.gradgrad):
        pytest.skip(f"{spec.name}: not twice differentiable ({spec.note})")
    inputs = _tensors(spec.samples()[i], spec, True, device)
    assert ag.gradgradcheck(spec.fn, inputs, atol=spec.grad_atol, rtol=spec.grad_rtol)


@pytest.mark.gpu
@pytest.mark.skipif(not ag.cuda.is_available(), reason="needs CuPy and a CUDA GPU")
@pytest.mark.parametrize("spec,i", CASES, ids=IDS)
def test_gpu_forward_and_backward_do_not_synchronize(spec, i):
    """No device-to-host copy (a GPU sync) in the op's forward or backward."""
    import cupyx
    if spec.syncs:
        pytest.skip(f"{spec.name}: synchronizes by design ({spec.syncs})")
    if spec.cpu_only:
        pytest.skip(f"{spec.name}: CPU only ({spec.cpu_only})")
    inputs = _tensors(spec.samples()[i], spec, spec.grad, "cuda")
    with cupyx.allow_synchronize(False):
        outs = [y for y in _as_list(spec.fn(*inputs)) if y.requires_grad]
        if outs:
            ag.autograd.backward(outs, [ag.ones_like(y) for y in outs])  # complex outputs need explicit ones
    for x in inputs:
        assert x.grad is None or x.grad.device == "cuda"


@pytest.mark.parametrize("spec", SPECS, ids=[s.name for s in SPECS])
def test_float32_in_float32_out(spec):
    """float32 (complex64) inputs give float32 (complex64) outputs."""
    sample = spec.samples()[0]
    single = {np.dtype(np.float64): np.float32, np.dtype(np.complex128): np.complex64}
    inputs = [ag.tensor(a.astype(single[a.dtype]) if a.dtype in single else a) for a in sample]
    for y in _as_list(spec.fn(*inputs)):
        if y.dtype.kind in "fc":
            assert y.dtype.itemsize == (4 if y.dtype.kind == "f" else 8), f"{spec.name}: single-precision inputs gave {y.dtype}"


@pytest.mark.parametrize("spec", [s for s in SPECS if s.grad], ids=[s.name for s in SPECS if s.grad])
def test_gradient_shapes_and_dtypes_match_inputs(spec):
    sample = spec.samples()[0]
    inputs = _tensors(sample, spec, True)
    outs = [y for y in _as_list(spec.fn(*inputs)) if y.requires_grad]
    ag.autograd.backward(outs, [ag.ones_like(y) for y in outs])
    for x in inputs:
        if x.requires_grad and x.grad is not None:
            assert x.grad.shape == x.shape and x.grad.dtype == x.dtype
