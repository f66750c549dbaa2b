"""autograd_core.nn.functional (``F``): the functional forms of layers, activations and losses."""
from .activation import *  # noqa: F401,F403
from .adaptive_pooling import *  # noqa: F401,F403
from .attention import *  # noqa: F401,F403
from .bilinear import *  # noqa: F401,F403
from .conv import *  # noqa: F401,F403
from .ctc_loss import *  # noqa: F401,F403
from .distance import *  # noqa: F401,F403
from .embedding import *  # noqa: F401,F403
from .fold import *  # noqa: F401,F403
from .grid_sample import *  # noqa: F401,F403
from .linear import *  # noqa: F401,F403
from .loss import *  # noqa: F401,F403
from .normalization import *  # noqa: F401,F403
from .pixel_shuffle import *  # noqa: F401,F403
from .pooling import *  # noqa: F401,F403
from .resize import *  # noqa: F401,F403
from .rms_norm import *  # noqa: F401,F403
