"""autograd_core.nn: modules, layers, functional ops, init and the model zoo (PyTorch's names)."""
from . import functional
from .modules import *  # noqa: F401,F403
