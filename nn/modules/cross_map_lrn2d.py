"""nn.CrossMapLRN2d: PyTorch's legacy local response normalisation of 4-D input across channels."""
from ..functional.local_response_norm import cross_map_lrn2d
from .local_response_norm import LocalResponseNorm

__all__ = ["CrossMapLRN2d"]


class CrossMapLRN2d(LocalResponseNorm):
    """Normalise each element of an (N, C, H, W) input by the squares of its neighbouring channels:
    ``x / (k + alpha / size * s) ** beta``, s summing x**2 over channels c - h .. c + h, h = (size - 1) // 2.

    As PyTorch's forward, every channel past h also sums channel 0's square. PyTorch's hand-written backward
    is not the gradient of that forward (its gradcheck fails); here the gradient is the exact one. Here it
    is a ``LocalResponseNorm`` with that forward (PyTorch's class stands alone); ``nn.LocalResponseNorm`` is
    the usual form (any rank, the window PyTorch documents).
    """

    def __init__(self, size, alpha=1e-4, beta=0.75, k=1):
        super().__init__(size, alpha, beta, k)

    def forward(self, input):
        return cross_map_lrn2d(input, self.size, self.alpha, self.beta, self.k)
