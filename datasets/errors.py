"""The errors a data file can raise, one class per way it can be wrong."""


class DataFileError(ValueError):
    """A data file is present but unusable (base class)."""


class BadMagicNumberError(DataFileError):
    """An IDX file does not start with the magic number its kind needs."""


class TruncatedFileError(DataFileError):
    """A file holds fewer bytes than its header (or gzip stream) promises."""


class ChecksumMismatchError(DataFileError):
    """A file's SHA-256 differs from the published one."""


class DatasetNotFoundError(FileNotFoundError):
    """The files of a data set are not on disk and could not be downloaded."""
