"""Reading and writing the IDX format of MNIST-style files (optionally gzipped).

An IDX file is a big-endian header, ``0x00 0x00 <type> <ndim>`` (the magic
number: 2049 = 0x801 for uint8 vectors such as labels, 2051 = 0x803 for uint8
3-D arrays such as images), then ``ndim`` uint32 sizes, then the values.
"""
import gzip
import math
import struct
import zlib

import numpy as np

from .errors import BadMagicNumberError, TruncatedFileError

_DTYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
_CODES = {np.dtype(v).newbyteorder("="): k for k, v in _DTYPES.items()}
LABELS_MAGIC, IMAGES_MAGIC = 2049, 2051


def read_idx(path, expected_magic=None):
    """Read an IDX file (``.gz`` or plain) into a NumPy array.

    Args:
        path: the file.
        expected_magic: the magic number it must have (2049 labels, 2051 images), or None.

    Raises:
        BadMagicNumberError: the file does not start with an IDX magic number (or not the expected one).
        TruncatedFileError: the file (or its gzip stream) ends before the data its header promises.
    """
    raw = _read_bytes(path)
    if len(raw) < 4:
        raise TruncatedFileError(f"{path}: {len(raw)} bytes, too short even for an IDX magic number; "
                                 f"the file is truncated: delete it and fetch it again")
    magic = struct.unpack(">I", raw[:4])[0]
    type_code, ndim = raw[2], raw[3]
    if raw[:2] != b"\0\0" or type_code not in _DTYPES or (expected_magic is not None and magic != expected_magic):
        wanted = f"{expected_magic} ({_kind(expected_magic)})" if expected_magic else "an IDX magic number"
        raise BadMagicNumberError(f"{path}: bad magic number {magic} (0x{magic:08x}), expected {wanted}; "
                                  f"this is not the right IDX file (swapped images/labels, or not IDX at all)")
    header = 4 + 4 * ndim
    if len(raw) < header:
        raise TruncatedFileError(f"{path}: the header needs {header} bytes for {ndim} sizes but the file has "
                                 f"{len(raw)}; the file is truncated: delete it and fetch it again")
    shape = struct.unpack(f">{ndim}I", raw[4:header])
    dtype = np.dtype(_DTYPES[type_code])
    need = math.prod(shape) * dtype.itemsize
    have = len(raw) - header
    if have < need:
        raise TruncatedFileError(f"{path}: the header promises shape {shape} ({need} bytes of data) but only "
                                 f"{have} bytes follow; the file is truncated: delete it and fetch it again")
    if have > need:
        raise TruncatedFileError(f"{path}: {have - need} bytes follow the {need} bytes of data that shape "
                                 f"{shape} needs; the file is damaged: delete it and fetch it again")
    return np.frombuffer(raw, dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def write_idx(path, array):
    """Write ``array`` as an IDX file (gzipped when ``path`` ends in ``.gz``)."""
    array = np.asarray(array)
    code = _CODES.get(array.dtype.newbyteorder("="))
    if code is None:
        raise TypeError(f"write_idx: dtype {array.dtype} has no IDX code; use one of "
                        f"{sorted(str(np.dtype(v)) for v in _DTYPES.values())}")
    body = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    body += array.astype(np.dtype(_DTYPES[code])).tobytes()
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as f:
        f.write(body)


def _read_bytes(path):
    with open(path, "rb") as f:
        raw = f.read()
    if raw[:2] != b"\x1f\x8b":
        return raw
    try:
        return gzip.decompress(raw)
    except (EOFError, zlib.error, gzip.BadGzipFile) as e:
        raise TruncatedFileError(f"{path}: the gzip stream is cut short or damaged ({e}); delete the file "
                                 f"and fetch it again") from None


def _kind(magic):
    return {LABELS_MAGIC: "labels", IMAGES_MAGIC: "images"}.get(magic, "IDX")
