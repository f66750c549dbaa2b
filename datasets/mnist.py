"""MNIST and Fashion-MNIST: verified downloads into the cache, read from their IDX files."""
import numpy as np

from .dataset import ArrayDataset
from .download import data_root, verify
from .download import download as fetch_file
from .errors import DataFileError, DatasetNotFoundError
from .idx import IMAGES_MAGIC, LABELS_MAGIC, read_idx


class MNIST(ArrayDataset):
    """The MNIST hand-written digits (LeCun, Cortes and Burges): 60,000 training and
    10,000 test images of 28x28 pixels, 10 classes.

    Samples ``(x, t)``: ``x`` float32 of shape (1, 28, 28) (or (784,) with
    ``flatten=True``), pixels scaled to [0, 1]; ``t`` int64 class 0..9.
    ``data`` holds the raw uint8 images (N, 28, 28), ``targets`` the int64 labels.

    The four ``.gz`` files live in ``<root>/<folder_name>/``; ``root`` defaults to
    ``$AUTOGRAD_CORE_DATA`` or ``~/.cache/autograd_core``. With ``download=True``
    missing files are fetched from the mirrors, checked against their published
    SHA-256 and renamed into place only once verified. Files found on disk are
    verified too.

    Args:
        root: cache folder (see above).
        train: the training split (True) or the test split (False).
        transform, target_transform: per-sample callables.
        download: fetch missing files (needs the network).
        flatten: give each image as a 784-vector.
        opener: ``urllib.request.urlopen``-like callable used to download.
    """

    folder_name = "MNIST"
    mirrors = ("https://ossci-datasets.s3.amazonaws.com/mnist/",
               "https://storage.googleapis.com/cvdf-datasets/mnist/")
    resources = {
        "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
        "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
        "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
        "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
    }
    classes = [str(k) for k in range(10)]

    def __init__(self, root=None, train=True, transform=None, target_transform=None, download=False,
                 flatten=False, opener=None):
        self.folder = data_root(root) / self.folder_name
        self.train, self.flatten = bool(train), bool(flatten)
        images_file, labels_file = [f"{'train' if train else 't10k'}-{kind}-ubyte.gz"
                                    for kind in ("images-idx3", "labels-idx1")]
        self._fetch_missing(download, opener)
        for name in (images_file, labels_file):
            verify(self.folder / name, self.resources[name])
        images = read_idx(self.folder / images_file, IMAGES_MAGIC)
        labels = read_idx(self.folder / labels_file, LABELS_MAGIC)
        if images.dtype != np.uint8 or labels.dtype != np.uint8:
            raise DataFileError(f"{self.folder}: expected uint8 images and labels, got {images.dtype} and "
                                f"{labels.dtype}")
        if len(images) != len(labels):
            raise DataFileError(f"{self.folder}: {images_file} holds {len(images)} images but {labels_file} "
                                f"holds {len(labels)} labels")
        if labels.size and labels.max() >= len(self.classes):
            raise DataFileError(f"{self.folder / labels_file}: label {labels.max()} is out of range "
                                f"0..{len(self.classes) - 1}")
        super().__init__(images, labels.astype(np.int64), transform, target_transform)

    def _fetch_missing(self, download, opener):
        missing = [name for name in self.resources if not (self.folder / name).exists()]
        if not missing:
            return
        if not download:
            raise DatasetNotFoundError(self._where_to_put_them(missing, "pass download=True to fetch them"))
        try:
            for name in missing:
                fetch_file(name, self.folder, self.resources[name], self.mirrors, opener)
        except DatasetNotFoundError as e:
            raise DatasetNotFoundError(self._where_to_put_them(missing, f"the download failed: {e}")) from None

    def _where_to_put_them(self, missing, why):
        files = "\n".join(f"  {name}  (sha256 {self.resources[name]})" for name in self.resources)
        urls = ", ".join(self.mirrors)
        return (f"{type(self).__name__}: {len(missing)} of its files are missing from {self.folder} ({why}).\n"
                f"Put these four files there (from {urls}):\n{files}\n"
                f"or choose another folder with root=... or $AUTOGRAD_CORE_DATA.")

    def _inputs(self, raw):
        x = raw.astype(np.float32) / np.float32(255)
        if self.flatten:
            return x.reshape(*raw.shape[:-2], -1)
        return x[..., None, :, :]


class FashionMNIST(MNIST):
    """Fashion-MNIST (Xiao, Rasul and Vollgraf, Zalando, 2017): 28x28 grey images of
    10 kinds of clothing, the same layout, sizes and API as ``MNIST``."""

    folder_name = "FashionMNIST"
    mirrors = ("http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
               "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/")
    resources = {
        "train-images-idx3-ubyte.gz": "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
        "train-labels-idx1-ubyte.gz": "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
        "t10k-images-idx3-ubyte.gz": "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
        "t10k-labels-idx1-ubyte.gz": "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
    }
    classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
               "Ankle boot"]
