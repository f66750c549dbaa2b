"""Von Mises distribution: a circular normal over angles."""
import math

import numpy as np

from ..grad_mode import no_grad
from ..ops import where
from ..special import i0e, i1e
from . import constraints
from .distribution import Distribution
from .utils import broadcast_all, standard_uniform


def _log_i0(x):
    """``log(I0(x))``, without the overflow of ``I0`` for large ``x``."""
    return i0e(x).log() + x


class VonMises(Distribution):
    """Von Mises distribution with mean angle ``loc`` (radians) and ``concentration``: density
    ``exp(concentration cos(x - loc)) / (2 pi I0(concentration))``. ``loc`` and the values may be any real
    numbers, read as angles modulo 2 pi; samples lie in [-pi, pi). Mean and variance are the circular ones.

    Example:
        >>> VonMises(ag.tensor([1.0]), ag.tensor([1.0])).sample()
    """
    arg_constraints = {"loc": constraints.real, "concentration": constraints.positive}
    support = constraints.real
    has_rsample = False

    def __init__(self, loc, concentration, validate_args=None):
        self.loc, self.concentration = broadcast_all(loc, concentration)
        super().__init__(self.loc.shape, validate_args=validate_args)

    @property
    def mean(self):
        """The circular mean: ``loc``."""
        return self.loc

    mode = mean

    @property
    def variance(self):
        """The circular variance ``1 - I1(concentration) / I0(concentration)``."""
        return 1 - i1e(self.concentration) / i0e(self.concentration)

    def log_prob(self, value):
        if self._validate_args:
            self._validate_sample(value)
        return self.concentration * (value - self.loc).cos() - math.log(2 * math.pi) - _log_i0(self.concentration)

    def sample(self, sample_shape=()):
        """Best and Fisher's rejection sampler ("Efficient simulation of the von Mises distribution", 1979), in
        float64 (as torch's: in float32 it can stall for small concentrations). Each round reads whether all
        draws were accepted, so on a GPU it waits for the device."""
        with no_grad():
            shape = self._extended_shape(sample_shape)
            loc, kappa = self.loc.double(), self.concentration.double()
            tau = 1 + (1 + 4 * kappa.square()).sqrt()
            rho = (tau - (2 * tau).sqrt()) / (2 * kappa)
            r = where(kappa < 1e-5, 1 / kappa + kappa, (1 + rho.square()) / (2 * rho))  # Taylor for small kappa
            x = loc.new_zeros(shape)
            done = x.new_zeros(shape, dtype=np.bool_)
            while not done.all().item():
                u1, u2, u3 = standard_uniform((3,) + shape, loc).unbind(0)
                z = (math.pi * u1).cos()
                f = (1 + r * z) / (r + z)
                c = kappa * (r - f)
                accept = ~done & (((c * (2 - c) - u2) > 0) | ((c / u2).log() + 1 - c >= 0))
                x = where(accept, (u3 - 0.5).sign() * f.acos(), x)
                done = done | accept
            return ((x + math.pi + loc) % (2 * math.pi) - math.pi).type_as(self.loc)
