"""The layer classes (``nn.Linear``, ``nn.Conv2d`` ...)."""
from .conv import *  # noqa: F401,F403
from .pooling import *  # noqa: F401,F403
