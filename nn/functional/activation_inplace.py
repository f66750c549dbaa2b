"""The in-place activations (``F.relu_``, ``F.elu_`` ...): the activation's result written into its input
through the engine's in-place machinery (recorded in the graph like ``x.sigmoid_()``); each takes the
arguments of the activation it names."""
from autograd_core.ops.inplace import inplace_form

from .activation import celu, elu, hardtanh, leaky_relu, relu, selu, threshold

__all__ = ["relu_", "elu_", "leaky_relu_", "hardtanh_", "threshold_", "celu_", "selu_"]

relu_ = inplace_form("relu_", relu)
elu_ = inplace_form("elu_", elu)
leaky_relu_ = inplace_form("leaky_relu_", leaky_relu)
hardtanh_ = inplace_form("hardtanh_", hardtanh)
threshold_ = inplace_form("threshold_", threshold)
celu_ = inplace_form("celu_", celu)
selu_ = inplace_form("selu_", selu)
