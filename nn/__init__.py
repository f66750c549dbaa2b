"""autograd_core.nn: modules, layers, functional ops, init and the model zoo (PyTorch's names)."""
from . import functional, init, utils
from .containers import ModuleDict, ModuleList, ParameterDict, ParameterList, Sequential
from .module import Module
from .modules import *  # noqa: F401,F403
from .parameter import Buffer, Parameter
from . import models  # noqa: E402  (last: the zoo builds on everything above)
