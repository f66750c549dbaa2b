"""The layer classes (``nn.Linear``, ``nn.Conv2d`` ...)."""
from . import module
from .activation import *  # noqa: F401,F403
from .adaptive_softmax import *  # noqa: F401,F403
from .attention import *  # noqa: F401,F403
from .bilinear import *  # noqa: F401,F403
from .conv import *  # noqa: F401,F403
from .cross_map_lrn2d import *  # noqa: F401,F403
from .distance import *  # noqa: F401,F403
from .dropout import *  # noqa: F401,F403
from .embedding import *  # noqa: F401,F403
from .fold import *  # noqa: F401,F403
from .fractional_max_pool import *  # noqa: F401,F403
from .lazy import *  # noqa: F401,F403
from .linear import *  # noqa: F401,F403
from .local_response_norm import *  # noqa: F401,F403
from .loss import *  # noqa: F401,F403
from .loss import NLLLoss2d  # noqa: F401  (deprecated, as torch's, whose signature is *args: not in loss.__all__)
from .normalization import *  # noqa: F401,F403
from .padding import *  # noqa: F401,F403
from .pixel_shuffle import *  # noqa: F401,F403
from .pooling import *  # noqa: F401,F403
from .rnn import *  # noqa: F401,F403
from .transformer import *  # noqa: F401,F403
