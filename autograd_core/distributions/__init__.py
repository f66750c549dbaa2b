"""Probability distributions, as torch.distributions: sampling, reparameterized sampling (rsample),
log_prob, cdf/icdf, entropy, moments and KL divergences, differentiable in the parameters.

    >>> from autograd_core.distributions import Normal, kl_divergence
    >>> loc = ag.tensor([0.0], requires_grad=True)
    >>> Normal(loc, 1.0).rsample((5,)).sum().backward()   # gradient through the samples
"""
from . import constraints
from .bernoulli import Bernoulli
from .categorical import Categorical
from .distribution import Distribution
from .exponential import Exponential
from .kl import kl_divergence, register_kl
from .normal import Normal
from .uniform import Uniform

__all__ = ["Bernoulli", "Categorical", "Distribution", "Exponential", "Normal", "Uniform", "constraints",
           "kl_divergence", "register_kl"]
