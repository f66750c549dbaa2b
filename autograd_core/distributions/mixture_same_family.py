"""MixtureSameFamily: a mixture whose components are one batch of distributions of the same family."""
from .. import ops
from ..grad_mode import no_grad
from . import constraints
from .categorical import Categorical
from .distribution import Distribution


class _MixtureSupport(constraints.Constraint):
    """A value is in the support where every component's support holds it (a component batch dim is inserted
    before its event dims, then reduced)."""

    def __init__(self, base_constraint):
        self.base_constraint = base_constraint
        self.is_discrete, self.event_dim = base_constraint.is_discrete, base_constraint.event_dim

    def check(self, value):
        return self.base_constraint.check(value.unsqueeze(-1 - self.event_dim)).all(-1)


class MixtureSameFamily(Distribution):
    """A batch of mixtures: ``mixture_distribution`` (a Categorical over ``k`` components) picks one of the
    ``k`` distributions indexed by the rightmost batch dim of ``component_distribution``.

    Example:
        >>> gmm = MixtureSameFamily(Categorical(ag.ones(5)), Normal(ag.randn(5), ag.rand(5) + 0.1))
        >>> gmm.log_prob(ag.tensor([0.0, 1.0]))  # a Gaussian mixture of 5 equally weighted normals
    """
    arg_constraints = {}
    has_rsample = False

    def __init__(self, mixture_distribution, component_distribution, validate_args=None):
        if not isinstance(mixture_distribution, Categorical):
            raise ValueError("MixtureSameFamily: the mixture distribution needs to be an instance of Categorical, "
                             f"got {type(mixture_distribution).__name__}")
        if not isinstance(component_distribution, Distribution):
            raise ValueError("MixtureSameFamily: the component distribution needs to be an instance of "
                             f"Distribution, got {type(component_distribution).__name__}")
        mixture_batch, component_batch = mixture_distribution.batch_shape, component_distribution.batch_shape[:-1]
        # the mixture batch broadcasts to the components' (torch also takes one that broadcasts only with it, and
        # its log_prob then has more entries than batch_shape says)
        if len(mixture_batch) > len(component_batch) or any(
                m not in (1, c) for m, c in zip(reversed(mixture_batch), reversed(component_batch))):
            raise ValueError(f"MixtureSameFamily: `mixture_distribution.batch_shape` ({mixture_batch}) is not "
                             f"compatible with `component_distribution.batch_shape` ({component_batch})")
        k_mixture = mixture_distribution.logits.shape[-1]
        k_component = component_distribution.batch_shape[-1:] or (None,)
        if k_mixture != k_component[0]:
            raise ValueError(f"MixtureSameFamily: `mixture_distribution` components ({k_mixture}) do not equal "
                             f"`component_distribution.batch_shape[-1]` ({k_component[0]})")
        self._mixture_distribution, self._component_distribution = mixture_distribution, component_distribution
        self._num_component = k_mixture
        self._event_ndims = len(component_distribution.event_shape)
        super().__init__(component_batch, component_distribution.event_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        new = self._shallow_copy(batch_shape, _instance)
        new._component_distribution = self._component_distribution.expand(new._batch_shape + (self._num_component,))
        new._mixture_distribution = self._mixture_distribution.expand(new._batch_shape)
        return new

    @property
    def support(self):
        return _MixtureSupport(self._component_distribution.support)

    @property
    def mixture_distribution(self):
        return self._mixture_distribution

    @property
    def component_distribution(self):
        return self._component_distribution

    def _pad(self, x):
        """``x`` with a component dim before its event dims."""
        return x.unsqueeze(-1 - self._event_ndims)

    def _weighted_sum(self, x):
        """The sum over the components of ``x`` (``(B, k, E)``) weighted by the mixture probabilities ``(..., k)``:
        right-aligned, a mixture batch broadcasts to any component batch the constructor accepts (torch pads a
        mixture batch of more than one dim on the wrong side, so a (5, 2) one fails against (3, 5, 2))."""
        probs = self._mixture_distribution.probs
        return (probs.reshape(probs.shape + (1,) * self._event_ndims) * x).sum(-1 - self._event_ndims)

    @property
    def mean(self):
        return self._weighted_sum(self._component_distribution.mean)

    @property
    def variance(self):
        """The law of total variance: ``E[Var(Y | X)] + Var(E[Y | X])``."""
        component = self._component_distribution
        return self._weighted_sum(component.variance) + self._weighted_sum(
            (component.mean - self._pad(self.mean)).square())

    def cdf(self, x):
        return (self._component_distribution.cdf(self._pad(x)) * self._mixture_distribution.probs).sum(-1)

    def log_prob(self, x):
        if self._validate_args:
            self._validate_sample(x)
        log_prob_x = self._component_distribution.log_prob(self._pad(x))  # (S, B, k)
        return (log_prob_x + self._mixture_distribution.logits.log_softmax(-1)).logsumexp(-1)

    def sample(self, sample_shape=()):
        """Draws of the components picked by draws of the mixture, one pick for each batch entry (a mixture batch
        that broadcasts to the components' is expanded first, where torch's gather fails)."""
        with no_grad():
            shape = self._extended_shape(sample_shape)
            sample_shape = shape[:len(shape) - len(self._batch_shape) - self._event_ndims]
            index = self._mixture_distribution.expand(self._batch_shape).sample(sample_shape)  # (S, B)
            samples = self._component_distribution.sample(sample_shape)  # (S, B, k, E)
            event = self._event_shape
            dim = index.dim()  # the component dim of the samples
            index = index.reshape(index.shape + (1,) * (1 + len(event))).expand(index.shape + (1,) + event)
            return ops.gather(samples, dim, index).squeeze(dim)

    def __repr__(self):
        return f"MixtureSameFamily(\n  {self._mixture_distribution},\n  {self._component_distribution})"
