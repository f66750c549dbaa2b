"""LKJ distribution over the Cholesky factors of correlation matrices."""
import math

from ..creation import arange
from ..dtypes import finfo
from ..ops import cat, mvlgamma
from . import constraints
from .beta import Beta
from .distribution import Distribution
from .utils import broadcast_all, standard_normal


class LKJCholesky(Distribution):
    """LKJ distribution with ``concentration`` (eta) over the lower Cholesky factors ``L`` of ``dim x dim``
    correlation matrices: the density of ``L L^T`` is proportional to ``det(L L^T)^(eta - 1)``. Samples come from
    the onion method (Lewandowski, Kurowicka and Joe, 2009) and carry no gradient.

    Example:
        >>> LKJCholesky(3, 0.5).sample()  # L with L @ L.mT a 3 x 3 correlation matrix
    """
    arg_constraints = {"concentration": constraints.positive}
    support = constraints.corr_cholesky

    def __init__(self, dim, concentration=1.0, validate_args=None):
        if dim < 2:
            raise ValueError(f"LKJCholesky: expected dim to be an integer greater than or equal to 2. Found dim={dim}.")
        self.dim = dim
        self.concentration, = broadcast_all(concentration)
        super().__init__(self.concentration.shape, (dim, dim), validate_args=validate_args)

    @property
    def _beta(self):
        """The Beta distributions of the squared norms of the rows below the diagonal: ``Beta(i / 2, eta + (dim - 2)
        / 2 - (i - 1) / 2)`` for row ``i >= 1`` (section 3.2 of Lewandowski et al., vectorized over rows and a batch
        of concentrations; row 0 is a stand-in). torch's first concentration is ``i - 1/2``, which makes the
        correlations of the later rows too spread out (variance 0.30, not 0.25, for dim 3 and eta 1)."""
        c = self.concentration
        offset = arange(self.dim - 1, dtype=c.dtype, device=c.device)
        offset = cat([offset.new_zeros((1,)), offset])  # i - 1, and 0 for row 0
        return Beta(0.5 * offset + 0.5, (c + 0.5 * (self.dim - 2)).unsqueeze(-1) - 0.5 * offset, validate_args=False)

    def sample(self, sample_shape=()):
        """Rows ``sqrt(y) u`` below the diagonal for ``y ~ Beta`` and ``u`` uniform on the hypersphere, with the
        diagonal entry that makes the row a unit vector."""
        y = self._beta.sample(sample_shape).detach().unsqueeze(-1)
        u = standard_normal(self._extended_shape(sample_shape), y).tril(-1)
        first_row = (arange(self.dim, device=y.device) == 0).unsqueeze(-1)
        u = u / u.square().sum(-1, keepdim=True).sqrt().masked_fill(first_row, 1.0)  # row 0 is 0: not 0 / 0
        w = y.sqrt() * u
        diagonal = (1 - w.square().sum(-1)).clamp(min=float(finfo(w.dtype).tiny)).sqrt()
        return w + diagonal.diag_embed()

    def log_prob(self, value):
        """``sum_i (2 (eta - 1) + dim - i) log(L_ii)`` (the density of ``L L^T`` times the Jacobian of
        ``L -> L L^T``) minus the log normalizer."""
        if self._validate_args:
            self._validate_sample(value)
        diagonal = value.diagonal(0, -2, -1)[..., 1:]
        order = 2 * (self.concentration - 1).unsqueeze(-1) + self.dim - arange(2, self.dim + 1,
                                                                                device=value.device)
        dm1 = self.dim - 1
        alpha = self.concentration + 0.5 * dm1
        normalizer = 0.5 * dm1 * math.log(math.pi) + mvlgamma(alpha - 0.5, dm1) - alpha.lgamma() * dm1
        return (order * diagonal.log()).sum(-1) - normalizer
