"""The data cache folder and verified, atomic downloads into it."""
import hashlib
import os
import urllib.error
import urllib.request
from pathlib import Path

from autograd_core.serialization import atomic_write

from .errors import ChecksumMismatchError, DatasetNotFoundError

_CHUNK = 1 << 20


def data_root(root=None):
    """Where data sets live: ``root``, else ``$AUTOGRAD_CORE_DATA``, else ``~/.cache/autograd_core``."""
    if root is not None:
        return Path(root).expanduser()
    env = os.environ.get("AUTOGRAD_CORE_DATA")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "autograd_core"


def sha256sum(path):
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def verify(path, sha256):
    """Raise ChecksumMismatchError unless ``path`` has the SHA-256 ``sha256``."""
    got = sha256sum(path)
    if got != sha256:
        raise ChecksumMismatchError(f"{path}: SHA-256 is {got}, expected {sha256}; the file is damaged or "
                                    f"is not the published one: delete it and fetch it again")


def download(filename, folder, sha256, mirrors, opener=None, timeout=60):
    """Fetch ``filename`` from the first mirror that serves it, check its SHA-256, then move it
    into ``folder`` in one rename, so the cache never holds a partial or unverified file.

    Args:
        filename: the file's name, appended to each mirror's base URL.
        folder: destination folder (created if needed).
        sha256: the expected hex SHA-256.
        mirrors: base URLs ending in '/', tried in order.
        opener: ``urllib.request.urlopen``-like callable (tests inject one).

    Returns:
        The path of the verified file.
    """
    opener = opener or urllib.request.urlopen
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    failures = []
    for base in mirrors:
        url = base + filename

        def write(out):
            digest = hashlib.sha256()
            with opener(url, timeout=timeout) as response:
                for chunk in iter(lambda: response.read(_CHUNK), b""):
                    digest.update(chunk)
                    out.write(chunk)
            if digest.hexdigest() != sha256:  # raising here discards the temp file
                raise ChecksumMismatchError(f"{url}: SHA-256 is {digest.hexdigest()}, expected {sha256}")
        try:
            atomic_write(folder / filename, write)
            return folder / filename
        except ChecksumMismatchError as e:
            failures.append(e)
        except (urllib.error.URLError, OSError, ValueError) as e:
            failures.append(e)
    if failures and all(isinstance(e, ChecksumMismatchError) for e in failures):
        raise ChecksumMismatchError(f"{filename}: every mirror served a file with the wrong SHA-256; nothing "
                                    f"was saved. " + "; ".join(str(e) for e in failures))
    raise DatasetNotFoundError(f"could not download {filename} (" + "; ".join(f"{type(e).__name__}: {e}"
                                                                              for e in failures) + ")")
