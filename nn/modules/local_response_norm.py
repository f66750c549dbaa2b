"""nn.LocalResponseNorm: the module form of ``F.local_response_norm``."""
from ..functional.local_response_norm import local_response_norm
from ..module import Module

__all__ = ["LocalResponseNorm"]


class LocalResponseNorm(Module):
    """Normalise each element by the squares of its ``size`` neighbouring channels:
    ``x / (k + alpha / size * sum x**2) ** beta`` (``F.local_response_norm``)."""

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1.0):
        super().__init__()
        self.size, self.alpha, self.beta, self.k = size, alpha, beta, k

    def forward(self, input):
        return local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self):
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"
