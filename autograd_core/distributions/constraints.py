"""Constraints: the set a parameter or a sample must lie in (torch.distributions.constraints).

``check(value)`` returns a bool Tensor, one entry per element (``event_dim`` trailing dims folded into one
entry); distributions use it to validate their arguments and the values given to ``log_prob``.
"""
import numpy as np

from ..creation import full
from ..dtypes import finfo
from ..ops.comparison import isclose
from ..ops.linalg import eigvalsh
from ..ops import shape


class Constraint:
    """Base class: ``check(value)`` is True where ``value`` satisfies the constraint."""
    is_discrete = False
    event_dim = 0

    def check(self, value):
        raise NotImplementedError(f"{type(self).__name__}.check")

    def __repr__(self):  # torch's: the class name, then the bounds of those that have them
        bounds = ", ".join(f"{name}={getattr(self, name)}" for name in ("lower_bound", "upper_bound")
                           if hasattr(self, name))
        return f"{type(self).__name__.lstrip('_')}({bounds})"


def _all_last(ok, n):
    """``ok`` reduced with all() over its last ``n`` dims."""
    for _ in range(n):
        ok = ok.all(-1)
    return ok


class _Dependent(Constraint):
    """Placeholder for a constraint that depends on other parameters; its check is an error."""

    def __init__(self, is_discrete=False, event_dim=0):
        self.is_discrete, self.event_dim = is_discrete, event_dim

    def check(self, value):
        raise ValueError("Cannot determine validity of dependent constraint")


def is_dependent(constraint):
    """True for ``dependent`` placeholders."""
    return isinstance(constraint, _Dependent)


class _Real(Constraint):
    def check(self, value):
        return value == value  # False only at NaN


class _Boolean(Constraint):
    is_discrete = True

    def check(self, value):
        return (value == 0) | (value == 1)


class _IntegerInterval(Constraint):
    is_discrete = True

    def __init__(self, lower_bound, upper_bound):
        self.lower_bound, self.upper_bound = lower_bound, upper_bound

    def check(self, value):
        return (value % 1 == 0) & (self.lower_bound <= value) & (value <= self.upper_bound)


class _IntegerGreaterThan(Constraint):
    is_discrete = True

    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def check(self, value):
        return (value % 1 == 0) & (value >= self.lower_bound)


class _GreaterThan(Constraint):
    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def check(self, value):
        return self.lower_bound < value


class _GreaterThanEq(_GreaterThan):
    def check(self, value):
        return self.lower_bound <= value


class _LessThan(Constraint):
    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def check(self, value):
        return value < self.upper_bound


class _Interval(Constraint):
    def __init__(self, lower_bound, upper_bound):
        self.lower_bound, self.upper_bound = lower_bound, upper_bound

    def check(self, value):
        return (self.lower_bound <= value) & (value <= self.upper_bound)


class _HalfOpenInterval(_Interval):
    def check(self, value):
        return (self.lower_bound <= value) & (value < self.upper_bound)


class _Independent(Constraint):
    """A base constraint with ``reinterpreted_batch_ndims`` more dims folded into each event."""

    def __init__(self, base_constraint, reinterpreted_batch_ndims):
        self.base_constraint, self.reinterpreted_batch_ndims = base_constraint, reinterpreted_batch_ndims
        self.is_discrete = base_constraint.is_discrete
        self.event_dim = base_constraint.event_dim + reinterpreted_batch_ndims

    def check(self, value):
        return _all_last(self.base_constraint.check(value), self.reinterpreted_batch_ndims)

    def __repr__(self):
        return f"{type(self).__name__.lstrip('_')}({self.base_constraint!r}, {self.reinterpreted_batch_ndims})"


class _Simplex(Constraint):
    event_dim = 1

    def check(self, value):
        return (value >= 0).all(-1) & ((value.sum(-1) - 1).abs() < 1e-6)


class _OneHot(Constraint):
    is_discrete = True
    event_dim = 1

    def check(self, value):
        return ((value == 0) | (value == 1)).all(-1) & (value.sum(-1) == 1)


class _Multinomial(Constraint):
    """Non-negative count vectors summing to at most ``upper_bound`` (as torch's, which does not require whole
    numbers or the exact total)."""
    is_discrete = True
    event_dim = 1

    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def check(self, value):
        return (value >= 0).all(-1) & (value.sum(-1) <= self.upper_bound)


class _LowerTriangular(Constraint):
    event_dim = 2

    def check(self, value):
        return _all_last(value.tril() == value, 2)


class _LowerCholesky(_LowerTriangular):
    def check(self, value):
        return super().check(value) & (value.diagonal(0, -2, -1) > 0).all(-1)


class _CorrCholesky(_LowerCholesky):
    """Cholesky factors of correlation matrices: rows of unit norm (within ``10 n eps``, as torch)."""

    def check(self, value):
        tol = float(finfo(value.dtype).eps) * value.shape[-1] * 10
        unit_rows = ((value.detach().square().sum(-1).sqrt() - 1).abs() <= tol).all(-1)
        return super().check(value) & unit_rows


class _Square(Constraint):
    event_dim = 2

    def check(self, value):
        return full(value.shape[:-2], value.shape[-2] == value.shape[-1], dtype=bool, device=value.device)


class _Symmetric(_Square):
    def check(self, value):
        square = super().check(value)
        if value.shape[-2] != value.shape[-1]:
            return square
        return _all_last(isclose(value, value.mT, atol=1e-6), 2)  # torch's tolerance: relative too


class _PositiveSemidefinite(_Symmetric):
    def check(self, value):
        symmetric = super().check(value)
        if value.shape[-2] != value.shape[-1]:
            return symmetric
        return symmetric & (eigvalsh(value) >= 0).all(-1)


class _PositiveDefinite(_Symmetric):
    def check(self, value):
        symmetric = super().check(value)
        if value.shape[-2] != value.shape[-1]:
            return symmetric
        return symmetric & (eigvalsh(value) > 0).all(-1)


class _Cat(Constraint):
    """The constraints ``cseq`` on consecutive slices of ``dim`` (of sizes ``lengths``, 1 each by default), as
    ``cat`` would join them."""

    def __init__(self, cseq, dim=0, lengths=None):
        self.cseq, self.dim = list(cseq), dim
        self.lengths = [1] * len(self.cseq) if lengths is None else list(lengths)
        if not all(isinstance(c, Constraint) for c in self.cseq):
            raise TypeError(f"constraints.cat: cseq must hold Constraints, got {self.cseq!r}")
        if len(self.lengths) != len(self.cseq):
            raise ValueError(f"constraints.cat: lengths ({len(self.lengths)}) must match cseq ({len(self.cseq)})")

    @property
    def is_discrete(self):
        return any(c.is_discrete for c in self.cseq)

    @property
    def event_dim(self):
        return max(c.event_dim for c in self.cseq)

    def check(self, value):
        _check_dim("cat", self.dim, value)
        starts = np.cumsum([0] + self.lengths[:-1])
        return shape.cat([c.check(value.narrow(self.dim, int(start), n))
                    for c, start, n in zip(self.cseq, starts, self.lengths)], self.dim)


class _Stack(Constraint):
    """The constraints ``cseq`` on the slices along ``dim``, as ``stack`` would join them."""

    def __init__(self, cseq, dim=0):
        self.cseq, self.dim = list(cseq), dim
        if not all(isinstance(c, Constraint) for c in self.cseq):
            raise TypeError(f"constraints.stack: cseq must hold Constraints, got {self.cseq!r}")

    @property
    def is_discrete(self):
        return any(c.is_discrete for c in self.cseq)

    @property
    def event_dim(self):
        event_dim = max(c.event_dim for c in self.cseq)
        return event_dim + 1 if self.dim + event_dim < 0 else event_dim

    def check(self, value):
        _check_dim("stack", self.dim, value)
        return shape.stack([c.check(value.select(self.dim, i)) for i, c in enumerate(self.cseq)], self.dim)


def _check_dim(name, dim, value):
    if not -value.dim() <= dim < value.dim():
        raise IndexError(f"constraints.{name}: dim {dim} out of range for a value with {value.dim()} dims")


dependent = _Dependent()
boolean = _Boolean()
real = _Real()
real_vector = _Independent(real, 1)
positive = _GreaterThan(0.0)
nonnegative = _GreaterThanEq(0.0)
unit_interval = _Interval(0.0, 1.0)
nonnegative_integer = _IntegerGreaterThan(0)
positive_integer = _IntegerGreaterThan(1)
simplex = _Simplex()
one_hot = _OneHot()
lower_cholesky = _LowerCholesky()
lower_triangular = _LowerTriangular()
corr_cholesky = _CorrCholesky()
square = _Square()
symmetric = _Symmetric()
positive_semidefinite = _PositiveSemidefinite()
positive_definite = _PositiveDefinite()
multinomial = _Multinomial
cat = _Cat
stack = _Stack
greater_than = _GreaterThan
greater_than_eq = _GreaterThanEq
less_than = _LessThan
interval = _Interval
half_open_interval = _HalfOpenInterval
integer_interval = _IntegerInterval
independent = _Independent
