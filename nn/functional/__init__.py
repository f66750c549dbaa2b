"""autograd_core.nn.functional (``F``): the functional forms of layers, activations and losses."""
from .conv import *  # noqa: F401,F403
from .pooling import *  # noqa: F401,F403
