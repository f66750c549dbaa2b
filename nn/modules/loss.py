"""Loss layers: module forms of the functions in ``F`` (``nn.CrossEntropyLoss()`` ...).

A loss layer is a PyTorch constructor signature and the functional it calls:
``_loss(name, fn, doc, **signature)`` makes the class, the keyword arguments
being the constructor's parameters and defaults in PyTorch's order. ``_Loss``
keeps the options as attributes (tensors such as ``weight`` as buffers) and
calls ``fn(*inputs, **options, reduction=...)``. The few layers that need more
(a keyword-only signature, a check, another input name) subclass ``_Loss``.
"""
import inspect
import warnings

from .. import functional as F
from ..functional.loss import _legacy_reduction
from ..module import Module

__all__ = ["MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "CrossEntropyLoss", "NLLLoss", "BCELoss",
           "BCEWithLogitsLoss", "KLDivLoss", "MultiMarginLoss", "EpsilonInsensitiveLoss", "MarginRankingLoss",
           "HingeEmbeddingLoss", "SoftMarginLoss", "CosineEmbeddingLoss", "TripletMarginLoss",
           "TripletMarginWithDistanceLoss", "MultiLabelMarginLoss", "MultiLabelSoftMarginLoss", "GaussianNLLLoss",
           "PoissonNLLLoss", "CTCLoss"]

_BUFFERS = ("weight", "pos_weight")  # tensor options: buffers, so they move with to() and are saved


class _Loss(Module):
    """Base of the loss layers. A subclass sets ``fn`` and passes its options (beyond
    the reduction) by keyword to ``__init__``; ``forward(*inputs)`` is ``fn(*inputs,
    **options, reduction=self.reduction)``.

    ``size_average`` and ``reduce`` are PyTorch's deprecated spellings of the reduction:
    when either is given it decides the reduction (with a warning), as in PyTorch.
    """

    fn = None

    def __init__(self, size_average=None, reduce=None, reduction="mean", **options):
        super().__init__()
        if size_average is not None or reduce is not None:
            reduction = _legacy_reduction(size_average, reduce)
        self.reduction = reduction
        self._option_names = tuple(options)
        for name, value in options.items():
            if name in _BUFFERS:
                self.register_buffer(name, value)
            else:
                setattr(self, name, value)

    def forward(self, *inputs, **named_inputs):
        options = {name: getattr(self, name) for name in self._option_names}
        return type(self).fn(*inputs, **named_inputs, **options, reduction=self.reduction)

    def extra_repr(self):
        return "" if self.reduction == "mean" else f"reduction={self.reduction!r}"


def _loss(name, fn, doc, **signature):
    """A ``_Loss`` subclass called ``name`` whose forward calls ``fn`` and whose constructor takes
    ``signature`` (parameter name -> default, in PyTorch's order; positional or keyword)."""
    sig = inspect.Signature([inspect.Parameter(k, inspect.Parameter.POSITIONAL_OR_KEYWORD, default=v)
                             for k, v in signature.items()])

    def __init__(self, *args, **kwargs):
        try:
            bound = sig.bind(*args, **kwargs)
        except TypeError as e:
            raise TypeError(f"{name}{sig}: {e}") from None
        bound.apply_defaults()
        _Loss.__init__(self, **bound.arguments)

    self_param = inspect.Parameter("self", inspect.Parameter.POSITIONAL_ONLY)
    __init__.__signature__ = sig.replace(parameters=[self_param, *sig.parameters.values()])  # for help()
    __init__.__qualname__ = f"{name}.__init__"
    return type(name, (_Loss,), {"fn": staticmethod(fn), "__init__": __init__, "__doc__": doc, "__module__": __name__})


# -- regression ----------------------------------------------------------------
MSELoss = _loss("MSELoss", F.mse_loss, "Mean squared error: ``F.mse_loss``.",
                size_average=None, reduce=None, reduction="mean")
L1Loss = _loss("L1Loss", F.l1_loss, "Mean absolute error: ``F.l1_loss``.",
               size_average=None, reduce=None, reduction="mean")
SmoothL1Loss = _loss("SmoothL1Loss", F.smooth_l1_loss, "``F.smooth_l1_loss`` (quadratic below ``beta``, linear above).",
                     size_average=None, reduce=None, reduction="mean", beta=1.0)
HuberLoss = _loss("HuberLoss", F.huber_loss, "``F.huber_loss`` (quadratic below ``delta``, linear above).",
                  reduction="mean", delta=1.0)
EpsilonInsensitiveLoss = _loss(
    "EpsilonInsensitiveLoss", F.epsilon_insensitive_loss,
    "The support-vector-regression loss max(|x - y| - epsilon, 0): ``F.epsilon_insensitive_loss``.",
    epsilon=0.1, reduction="mean")

# -- classification ------------------------------------------------------------
CrossEntropyLoss = _loss(
    "CrossEntropyLoss", F.cross_entropy,
    "Cross-entropy of logits against class indices or class probabilities: ``F.cross_entropy``.",
    weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean", label_smoothing=0.0)
NLLLoss = _loss("NLLLoss", F.nll_loss, "Negative log-likelihood of log-probabilities: ``F.nll_loss``.",
                weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean")


class NLLLoss2d(NLLLoss):
    """Deprecated (PyTorch warns the same): NLLLoss, which takes (N, C, H, W) input as it is."""

    def __init__(self, weight=None, size_average=None, ignore_index=-100, reduce=None, reduction="mean"):
        warnings.warn("`NLLLoss2d` has been deprecated. Please use `NLLLoss` instead as a drop-in replacement",
                      FutureWarning, stacklevel=2)
        super().__init__(weight, size_average, ignore_index, reduce, reduction)


BCELoss = _loss("BCELoss", F.binary_cross_entropy, "Binary cross-entropy of probabilities: ``F.binary_cross_entropy``.",
                weight=None, size_average=None, reduce=None, reduction="mean")
BCEWithLogitsLoss = _loss(
    "BCEWithLogitsLoss", F.binary_cross_entropy_with_logits,
    "Sigmoid + binary cross-entropy, stable: ``F.binary_cross_entropy_with_logits``.",
    weight=None, size_average=None, reduce=None, reduction="mean", pos_weight=None)
KLDivLoss = _loss("KLDivLoss", F.kl_div, "KL divergence of log-probabilities ``input`` from ``target``: ``F.kl_div``.",
                  size_average=None, reduce=None, reduction="mean", log_target=False)


class MultiMarginLoss(_Loss):
    """Multi-class hinge loss: ``F.multi_margin_loss``."""

    fn = staticmethod(F.multi_margin_loss)

    def __init__(self, p=1, margin=1.0, weight=None, size_average=None, reduce=None, reduction="mean"):
        if p not in (1, 2):
            raise ValueError(f"MultiMarginLoss: only p = 1 and p = 2 are supported, got {p}")
        super().__init__(size_average, reduce, reduction, p=p, margin=margin, weight=weight)


# -- margins and embeddings ----------------------------------------------------
MarginRankingLoss = _loss("MarginRankingLoss", F.margin_ranking_loss,
                          "max(0, -y (x1 - x2) + margin): ``F.margin_ranking_loss``.",
                          margin=0.0, size_average=None, reduce=None, reduction="mean")
HingeEmbeddingLoss = _loss("HingeEmbeddingLoss", F.hinge_embedding_loss,
                           "x for y = 1, max(0, margin - x) for y = -1: ``F.hinge_embedding_loss``.",
                           margin=1.0, size_average=None, reduce=None, reduction="mean")
SoftMarginLoss = _loss("SoftMarginLoss", F.soft_margin_loss, "log(1 + exp(-y x)): ``F.soft_margin_loss``.",
                       size_average=None, reduce=None, reduction="mean")
CosineEmbeddingLoss = _loss(
    "CosineEmbeddingLoss", F.cosine_embedding_loss,
    "1 - cos(x1, x2) for y = 1, max(0, cos(x1, x2) - margin) for y = -1: ``F.cosine_embedding_loss``.",
    margin=0.0, size_average=None, reduce=None, reduction="mean")
TripletMarginLoss = _loss(
    "TripletMarginLoss", F.triplet_margin_loss,
    "max(0, d(a, p) - d(a, n) + margin) with the p-norm distance: ``F.triplet_margin_loss``.",
    margin=1.0, p=2.0, eps=1e-6, swap=False, size_average=None, reduce=None, reduction="mean")


class TripletMarginWithDistanceLoss(_Loss):
    """``F.triplet_margin_with_distance_loss``: the triplet loss with any distance function."""

    fn = staticmethod(F.triplet_margin_with_distance_loss)

    def __init__(self, *, distance_function=None, margin=1.0, swap=False, reduction="mean"):
        super().__init__(reduction=reduction, distance_function=distance_function, margin=margin, swap=swap)


MultiLabelMarginLoss = _loss("MultiLabelMarginLoss", F.multilabel_margin_loss,
                             "Multi-label hinge loss over class-index targets: ``F.multilabel_margin_loss``.",
                             size_average=None, reduce=None, reduction="mean")
MultiLabelSoftMarginLoss = _loss("MultiLabelSoftMarginLoss", F.multilabel_soft_margin_loss,
                                 "Multi-label one-vs-all logistic loss: ``F.multilabel_soft_margin_loss``.",
                                 weight=None, size_average=None, reduce=None, reduction="mean")


# -- likelihoods ---------------------------------------------------------------
class GaussianNLLLoss(_Loss):
    """Gaussian negative log-likelihood with predicted variances: ``F.gaussian_nll_loss``."""

    fn = staticmethod(F.gaussian_nll_loss)

    def __init__(self, *, full=False, eps=1e-6, reduction="mean"):
        super().__init__(reduction=reduction, full=full, eps=eps)


class PoissonNLLLoss(_Loss):
    """Poisson negative log-likelihood of counts: ``F.poisson_nll_loss``."""

    fn = staticmethod(F.poisson_nll_loss)

    def __init__(self, log_input=True, full=False, size_average=None, eps=1e-8, reduce=None, reduction="mean"):
        super().__init__(size_average, reduce, reduction, log_input=log_input, full=full, eps=eps)

    def forward(self, log_input, target):  # PyTorch's input name, which is also the name of an option
        return super().forward(log_input, target)


# -- sequences -----------------------------------------------------------------
CTCLoss = _loss("CTCLoss", F.ctc_loss, "Connectionist temporal classification loss: ``F.ctc_loss``.",
                blank=0, reduction="mean", zero_infinity=False)
