"""Op specs for the in-place Tensor methods added with the rest of torch.Tensor's methods (``x.addmm_``,
``x.scatter_``, ``x.cumsum_``, ``x.igamma_`` ...), each applied to rows 1: of a non-leaf copy of its first
input (a view, changed through its base), and for the view ops changed in place (``x.squeeze_()``,
``x.t_()`` ...), whose result takes the new shape."""
import numpy as np

from .conv3d_resize_scatter_reduce import scatter_reduce_ref
from .inplace_aliases import ROW, S, _inplace, _method, _on_view, _ref_on_view, _u
from .spec import OpSpec, away_from
from .special_contraction import _digamma
from .special_namespace import _bessel, _gammainc
from .tensor_utils import mvlgamma_ref, renorm_ref

IDX_ONE_ROW = np.array([[1, 0, 1, 0]])  # (1, 4) into dim 0 of the (2, 4) view: each place written once
IDX_REPEATS = np.array([[0, 3, 0], [2, 2, 1]])  # (2, 3) with repeats along dim 1 of the (2, 4) view
COLUMNS = np.array([3, 0, 3])


def _scatter_one_row(a, s):
    out = a.copy()
    out[IDX_ONE_ROW[0], np.arange(4)] = s[0]
    return out


def _reshaped(change, ref):
    """The spec of a view op changed in place: ``change(h)`` on ``h = a * 1``, which then has the new shape."""
    def fn(a):
        h = a * 1
        change(h)
        return h
    return fn, ref


def _view_spec(name, change, ref, shape):
    fn, ref = _reshaped(change, ref)
    return OpSpec(name, fn, ref, shapes=[(shape,)])


SPECS = [
    _inplace("addmm_", lambda v, a, b: v.addmm_(a, b, beta=0.5, alpha=2.0), lambda x, a, b: 0.5 * x + 2.0 * a @ b,
             _u(-2, 2), _u(-2, 2, (2, 3)), _u(-2, 2, (3, 4))),
    _inplace("addbmm_", lambda v, a, b: v.addbmm_(a, b, beta=0.5, alpha=2.0),
             lambda x, a, b: 0.5 * x + 2.0 * np.einsum("bij,bjk->ik", a, b),
             _u(-2, 2), _u(-2, 2, (3, 2, 3)), _u(-2, 2, (3, 3, 4))),
    _inplace("baddbmm_", lambda v, a, b: v.baddbmm_(a, b, beta=0.5, alpha=2.0), lambda x, a, b: 0.5 * x + 2.0 * a @ b,
             _u(-2, 2, (3, 2, 4)), _u(-2, 2, (2, 2, 3)), _u(-2, 2, (2, 3, 4))),
    _inplace("addmv_", lambda v, m, w: v.addmv_(m, w, beta=0.5, alpha=2.0), lambda x, m, w: 0.5 * x + 2.0 * m @ w,
             _u(-2, 2, (3,)), _u(-2, 2, (2, 4)), _u(-2, 2, (4,))),
    _inplace("addr_", lambda v, a, b: v.addr_(a, b, beta=0.5, alpha=2.0),
             lambda x, a, b: 0.5 * x + 2.0 * np.outer(a, b), _u(-2, 2), _u(-2, 2, (2,)), _u(-2, 2, (4,))),
    _method("cumsum_", lambda a: np.cumsum(a, 1), _u(-2, 2), args=(1,)),
    _method("cumprod_", lambda a: np.cumprod(a, 1), _u(0.5, 1.5), args=(1,)),
    _inplace("index_add_", lambda v, s: v.index_add_(1, COLUMNS, s, alpha=2.0),
             lambda a, s: a + 2.0 * np.stack([s[:, 1], 0 * s[:, 0], 0 * s[:, 0], s[:, 0] + s[:, 2]], 1),
             _u(-2, 2), _u(-2, 2, (2, 3))),
    _inplace("scatter_", lambda v, s: v.scatter_(0, IDX_ONE_ROW, s), _scatter_one_row, _u(-2, 2), _u(-2, 2, (1, 4))),
    _inplace("scatter_value_", lambda v: v.scatter_(0, IDX_ONE_ROW, 0.5),
             lambda a: _scatter_one_row(a, np.full((1, 4), 0.5)), _u(-2, 2)),
    _inplace("scatter_add_", lambda v, s: v.scatter_add_(1, IDX_REPEATS, s),
             lambda a, s: scatter_reduce_ref(a, 1, IDX_REPEATS, s, "sum"), _u(-2, 2), _u(-2, 2, (2, 3))),
    _inplace("scatter_reduce_", lambda v, s: v.scatter_reduce_(1, IDX_REPEATS, s, "prod", include_self=False),
             lambda a, s: scatter_reduce_ref(a, 1, IDX_REPEATS, s, "prod", include_self=False),
             _u(-2, 2), _u(0.5, 2, (2, 3))),
    _method("copysign_", np.copysign, away_from([0.0], S), away_from([0.0], ROW)),
    _method("exp2_", np.exp2, _u(-2, 2)),
    # float_power_ is refused on a tensor other than float64 (PyTorch's rule), so the float32 run goes through one
    OpSpec("float_power_", lambda a, b: _on_view(lambda v, e: v.float_power_(e))(a.double(), b).to(a.dtype),
           _ref_on_view(np.float_power), make=lambda rng: [(rng.uniform(0.5, 2, S), rng.uniform(-2, 2, ROW))]),
    _method("heaviside_", np.heaviside, away_from([0.0], S), _u(-1, 1, ROW), note="a step: gradient 0"),
    _method("i0_", _bessel(0, False), _u(-3, 3), rtol=1e-9),
    _method("igamma_", _gammainc, _u(0.5, 4), _u(0.2, 8, ROW), diff=(1,), rtol=1e-8,
            note="no gradient for the shape parameter, the tensor changed (as PyTorch)"),
    _method("igammac_", lambda a, x: 1.0 - _gammainc(a, x), _u(0.5, 4), _u(0.2, 8, ROW), diff=(1,), rtol=1e-8,
            note="no gradient for the shape parameter, the tensor changed (as PyTorch)"),
    _method("ldexp_", lambda a, b: a * 2.0 ** b, _u(-2, 2), _u(-2, 2, ROW)),
    _method("mvlgamma_", lambda a: mvlgamma_ref(a, 3), _u(1.2, 4), args=(3,)),
    _method("polygamma_", lambda a: (_digamma(a + 1e-4) - _digamma(a - 1e-4)) / 2e-4, _u(0.5, 3), args=(1,),
            atol=1e-5),
    _method("renorm_", lambda a: renorm_ref(a, 2, 0, 1.5), _u(-2, 2), args=(2, 0, 1.5)),
    # view ops in place: the tensor itself takes the new shape, and its gradient flows back through it
    _view_spec("squeeze_", lambda h: h.squeeze_(), lambda a: a.reshape(3, 4), (3, 1, 4)),
    _view_spec("squeeze_dim_", lambda h: h.squeeze_(-1), lambda a: a.reshape(1, 3), (1, 3, 1)),
    _view_spec("unsqueeze_", lambda h: h.unsqueeze_(1), lambda a: a[:, None], S),
    _view_spec("t_", lambda h: h.t_(), lambda a: a.T, S),
    _view_spec("transpose_", lambda h: h.transpose_(0, 2), lambda a: a.transpose(2, 1, 0), (2, 3, 4)),
    _view_spec("swapaxes_", lambda h: h.swapaxes_(0, 1), lambda a: a.swapaxes(0, 1), (2, 3, 4)),
    _view_spec("swapdims_", lambda h: h.swapdims_(-1, 0).mul_(2.0), lambda a: 2.0 * a.swapaxes(-1, 0), (2, 3, 4)),
    # a view of a non-leaf reshaped in place, then changed in place through its base
    _inplace("t_then_mul_", lambda v, w: v.t_().mul_(w), lambda a, w: a * w.T, _u(-2, 2), _u(-2, 2, (4, 2))),
]
