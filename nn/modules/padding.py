"""Padding layers, the module forms of ``F.pad``, as in PyTorch: ``{Zero,Constant,Reflection,Replication,
Circular}Pad{1,2,3}d``. Constant and zero padding take any input with at least as many dims as they pad
(negative widths crop); the other modes take (C, *spatial) or (N, C, *spatial)."""
from .. import functional as F
from ..module import Module

_SIDES = {1: "(left, right)", 2: "(left, right, top, bottom)", 3: "(left, right, top, bottom, front, back)"}
_MODES = {"Zero": "constant", "Constant": "constant", "Reflection": "reflect", "Replication": "replicate",
          "Circular": "circular"}
_DOCS = {"Zero": "Pad with zeros.", "Constant": "Pad with the constant ``value``.",
         "Reflection": "Pad with the reflection of the input at its border (the edge itself not repeated).",
         "Replication": "Pad by repeating the edge values.",
         "Circular": "Pad by wrapping around: the left border gets the right end's values, and so on."}


class _PadNd(Module):
    """Pad the last ``dims`` dims by ``padding``: an int for every side, or one (before, after) pair per dim,
    last dim first."""

    dims = 2
    mode = "constant"
    value = 0.0  # the fill of constant padding (ConstantPad takes its own)

    def __init__(self, padding):
        super().__init__()
        padding = (padding,) * 2 * self.dims if isinstance(padding, int) else tuple(padding)
        if len(padding) != 2 * self.dims:
            raise ValueError(f"{type(self).__name__}: padding must be an int or {_SIDES[self.dims]}, got {padding}")
        self.padding = padding

    def forward(self, input):
        d = self.dims
        if self.mode == "constant" and input.ndim < d:
            raise ValueError(f"{type(self).__name__}: expected an input of {d} dims or more, got shape {input.shape}")
        if self.mode != "constant" and input.ndim not in (d + 1, d + 2):
            raise ValueError(f"{type(self).__name__}: expected {d + 1}D or {d + 2}D input (C or N, C before the "
                             f"{d} padded dims), got shape {input.shape}")
        return F.pad(input, self.padding, mode=self.mode, value=self.value)  # value counts in constant mode only

    def extra_repr(self):
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding, value):
        super().__init__(padding)
        self.value = value

    def extra_repr(self):
        return f"padding={self.padding}, value={self.value}"


def _pad_class(kind, dims):
    base = _ConstantPadNd if kind == "Constant" else _PadNd
    return type(f"{kind}Pad{dims}d", (base,), {"__doc__": _DOCS[kind], "__module__": __name__,
                                                "dims": dims, "mode": _MODES[kind]})


_CLASSES = [_pad_class(kind, dims) for kind in _MODES for dims in (1, 2, 3)]
globals().update({cls.__name__: cls for cls in _CLASSES})
__all__ = [cls.__name__ for cls in _CLASSES]
