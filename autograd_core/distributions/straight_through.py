"""One-hot categorical with straight-through gradients."""
from .one_hot_categorical import OneHotCategorical


class OneHotCategoricalStraightThrough(OneHotCategorical):
    """A OneHotCategorical whose ``rsample`` is the one-hot draw with the gradient of ``probs``: the
    straight-through estimator (Bengio et al., 2013), a biased gradient through a discrete draw.

    Example:
        >>> logits = ag.zeros(3, requires_grad=True)
        >>> (OneHotCategoricalStraightThrough(logits=logits).rsample() * ag.tensor([1.0, 2.0, 3.0])).sum().backward()
    """
    has_rsample = True

    def rsample(self, sample_shape=()):
        probs = self.probs
        return self.sample(sample_shape) + (probs - probs.detach())
