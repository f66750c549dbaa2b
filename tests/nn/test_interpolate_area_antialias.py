"""F.interpolate's 'area', 'nearest-exact' and 'lanczos' modes and ``antialias=True`` against PyTorch (forward
and gradient, float64), and their errors. The op specs (tests/specs/nn_resize.py) hold the NumPy references
and the gradchecks."""
import numpy as np
import pytest

import autograd_core as ag
import autograd_core.nn.functional as F
from autograd_core import nn
from torch_parity import compare

AREA_CASES = [
    ((2, 3, 7), dict(size=3)),
    ((2, 3, 7), dict(size=11)),
    ((2, 3, 8), dict(scale_factor=0.5)),
    ((1, 2, 7), dict(scale_factor=1.3)),
    ((2, 3, 7, 5), dict(size=(3, 2))),
    ((2, 3, 7, 5), dict(size=(1, 1))),
    ((2, 3, 7, 5), dict(size=(7, 9))),
    ((2, 3, 8, 6), dict(size=(4, 3))),
    ((1, 2, 7, 5), dict(scale_factor=(0.6, 1.5))),
    ((1, 2, 5, 4, 6), dict(size=(2, 3, 4))),
    ((1, 2, 5, 4, 6), dict(size=(5, 1, 9))),
    ((1, 2, 5, 4, 6), dict(scale_factor=0.7)),
]


@pytest.mark.parametrize("shape,kw", AREA_CASES)
def test_area_matches_torch(shape, kw):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape)
    compare(lambda t: F.interpolate(t, mode="area", **kw),
            lambda t: torch.nn.functional.interpolate(t, mode="area", **kw), [x], atol=1e-12)


AA_SHAPES = [(2, 3, 7, 9), (1, 2, 16, 5), (1, 1, 1, 4), (1, 1, 20, 13)]
AA_RESIZES = [dict(size=(3, 2)), dict(size=(1, 1)), dict(size=(5, 7)), dict(size=(30, 1)),
              dict(scale_factor=0.37), dict(scale_factor=(1.0, 0.6)), dict(scale_factor=(2.5, 0.45)),
              dict(scale_factor=2, recompute_scale_factor=True)]
AA_CASES = [(shape, kw) for shape in AA_SHAPES for kw in AA_RESIZES  # leaving out the empty outputs
            if "size" in kw or min(np.floor(np.multiply(shape[2:], kw["scale_factor"]))) > 0]


def _torch_antialias(torch, x, mode, align_corners, kw):
    """PyTorch's antialiased interpolate; one axis at a time when the output is 1 wide and the height
    changes: there PyTorch 2.13's CPU kernel (NCHW input) fills every row with the first row's value."""
    def resize(t, **kw):
        return torch.nn.functional.interpolate(t, mode=mode, antialias=True, align_corners=align_corners, **kw)
    y = resize(x, **kw)
    if y.shape[3] == 1 and y.shape[2] != x.shape[2]:
        scales = kw.get("scale_factor") if not kw.get("recompute_scale_factor") else None
        scales = scales if isinstance(scales, tuple) or scales is None else (scales, scales)
        if scales is None:
            y = resize(resize(x, size=(y.shape[2], x.shape[3])), size=tuple(y.shape[2:]))
        else:
            y = resize(resize(x, scale_factor=(scales[0], 1.0)), scale_factor=(1.0, scales[1]))
    return y


@pytest.mark.parametrize("mode,align_corners", [("bilinear", False), ("bilinear", True), ("bicubic", False),
                                                ("bicubic", True), ("lanczos", False)])
@pytest.mark.parametrize("shape,kw", AA_CASES)
def test_antialias_matches_torch(shape, kw, mode, align_corners):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape)
    compare(lambda t: F.interpolate(t, mode=mode, align_corners=align_corners, antialias=True, **kw),
            lambda t: _torch_antialias(torch, t, mode, align_corners, kw), [x], atol=1e-12)


@pytest.mark.parametrize("mode", ["bilinear", "bicubic", "lanczos"])
def test_antialias_copies_a_dim_that_keeps_its_size(mode):
    """floor(n * 1.1) == n: PyTorch copies the dim whatever the scale factor. Values only: its backward
    applies the scale factor (torch.autograd.gradcheck fails), so ours is checked by gradcheck."""
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal((1, 2, 7, 9))

    def fn(t):
        return F.interpolate(t, scale_factor=(1.1, 0.5), mode=mode, antialias=True)

    expected = torch.nn.functional.interpolate(torch.tensor(x), scale_factor=(1.1, 0.5), mode=mode, antialias=True)
    np.testing.assert_allclose(fn(ag.tensor(x)).numpy(), expected.numpy(), atol=1e-12)
    assert ag.gradcheck(fn, [ag.tensor(x, requires_grad=True)])


NEAREST_EXACT_CASES = [((2, 3, 7), dict(size=3)), ((2, 3, 7), dict(size=12)), ((1, 2, 3), dict(scale_factor=1.3)),
                       ((2, 3, 7, 5), dict(size=(3, 8))), ((1, 2, 5, 6), dict(scale_factor=(0.45, 2.5))),
                       ((1, 2, 3, 4, 5), dict(size=(5, 2, 7))), ((1, 2, 3, 4, 5), dict(scale_factor=1.3))]


@pytest.mark.parametrize("shape,kw", NEAREST_EXACT_CASES)
def test_nearest_exact_matches_torch(shape, kw):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(0).standard_normal(shape)
    compare(lambda t: F.interpolate(t, mode="nearest-exact", **kw),
            lambda t: torch.nn.functional.interpolate(t, mode="nearest-exact", **kw), [x], atol=1e-12)


def test_antialias_keeps_float32_and_matches_torch():
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(2).standard_normal((2, 3, 12, 10)).astype(np.float32)
    y = F.interpolate(ag.tensor(x), size=(5, 4), mode="bicubic", antialias=True)
    assert y.dtype == np.float32
    ty = torch.nn.functional.interpolate(torch.tensor(x), size=(5, 4), mode="bicubic", antialias=True)
    np.testing.assert_allclose(y.numpy(), ty.numpy(), atol=1e-5)


@pytest.mark.parametrize("mode", ["area", "nearest-exact"])
def test_upsample_layer_takes_the_new_modes(mode):
    torch = pytest.importorskip("torch")
    x = np.random.default_rng(1).standard_normal((1, 2, 7, 5))
    y = nn.Upsample(size=(3, 8), mode=mode)(ag.tensor(x))
    np.testing.assert_allclose(y.numpy(), torch.nn.Upsample(size=(3, 8), mode=mode)(torch.tensor(x)).numpy(),
                               atol=1e-12)


def test_antialias_and_area_errors_name_the_problem():
    x = ag.randn(1, 2, 6, 6)
    for mode, t in [("nearest", x), ("area", x), ("linear", ag.randn(1, 2, 6)), ("trilinear", ag.randn(1, 1, 2, 3, 4))]:
        with pytest.raises(ValueError, match=rf"interpolate: antialias=True only applies to the modes "
                                             rf"\['bicubic', 'bilinear', 'lanczos'\] \(4-D input\), got mode '{mode}'"):
            F.interpolate(t, scale_factor=0.5, mode=mode, antialias=True)
    with pytest.raises(ValueError, match=r"mode 'bilinear' needs a \[4\]-D input"):
        F.interpolate(ag.randn(1, 2, 3, 4, 5), size=2, mode="bilinear", antialias=True)
    for mode in ("area", "nearest-exact"):
        with pytest.raises(ValueError, match="interpolate: align_corners only applies to"):
            F.interpolate(x, size=3, mode=mode, align_corners=False)
    with pytest.raises(ValueError, match="interpolate: mode 'lanczos' needs antialias=True"):
        F.interpolate(x, size=3, mode="lanczos")
    with pytest.raises(ValueError, match="interpolate: mode 'lanczos' does not support align_corners=True"):
        F.interpolate(x, size=3, mode="lanczos", antialias=True, align_corners=True)
    with pytest.raises(ValueError, match="recompute_scale_factor=True needs scale_factor, not an explicit size"):
        F.interpolate(x, size=3, mode="area", recompute_scale_factor=True)
    with pytest.raises(ValueError, match=r"interpolate: bad output size \(0, 0\)"):
        F.interpolate(x, scale_factor=0.1, mode="bilinear", antialias=True)
