"""MLP: a stack of Linear layers with an activation between them."""
from ..containers import Sequential
from ..modules.dropout import Dropout
from ..modules.linear import Linear
from ..modules import activation as activations

__all__ = ["MLP"]


def _activation_layer(activation):
    if isinstance(activation, str):
        names = {name.lower(): name for name in activations.__all__}
        if activation.lower() not in names:
            raise ValueError(f"MLP: unknown activation {activation!r}; use one of {sorted(names)} or a Module class")
        return getattr(activations, names[activation.lower()])()
    return activation()


class MLP(Sequential):
    """Fully connected network: ``sizes[0] -> sizes[1] -> ... -> sizes[-1]``, with ``activation``
    (a Module class such as ``nn.ReLU``, or its name) after every layer but the last.

    Children are numbered as in ``nn.Sequential`` (``0.weight``, ``2.weight`` ...).

    Example:
        >>> net = MLP([784, 256, 10], activation="relu")
        >>> net(ag.randn(32, 784)).shape
        (32, 10)
    """

    def __init__(self, sizes, activation="relu", dropout=0.0, bias=True):
        sizes = list(sizes)
        if len(sizes) < 2:
            raise ValueError(f"MLP: sizes needs an input and an output size at least, got {sizes}")
        layers = []
        for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
            layers.append(Linear(n_in, n_out, bias=bias))
            if i < len(sizes) - 2:
                layers.append(_activation_layer(activation))
                if dropout:
                    layers.append(Dropout(dropout))
        super().__init__(*layers)
        self.sizes = sizes
