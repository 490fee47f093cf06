"""Named exceptions for the decisions the pipeline makes about an input.

Each is recorded in the ``errors`` table with its class name and message; the
messages say what happened and what the user can do.
"""

from __future__ import annotations


class UnionNewsError(Exception):
    """Base class of every error unionnews raises on purpose."""


class InputError(UnionNewsError):
    """An input document could not be turned into an article."""

    stage = "read"


class Unreadable(InputError):
    """The file could not be opened or read (permissions, I/O error)."""


class TooLarge(InputError):
    """The document exceeds the size limit (``max_bytes``)."""


class EmptyDocument(InputError):
    """The document has no bytes, or no text once markup is removed."""

    stage = "parse"


class NotText(InputError):
    """The bytes are not text in any encoding we know (binary, image, PDF…)."""

    stage = "decode"


class DecodeError(InputError):
    """Text whose encoding could not be determined with confidence."""

    stage = "decode"


class NotAnArticle(InputError):
    """Readable text, but no article in it (too short, not Vietnamese, a listing page…)."""

    stage = "parse"


class NotATable(InputError):
    """A file named as a table of articles (.jsonl, .json, .csv, .tsv, .parquet) that holds
    no table we can read, or stops being one (the rows before that point are kept)."""


class MissingColumn(InputError):
    """A table has no column that can hold the article text, or lacks a column named with
    ``--columns``: none of its rows is read."""


class BadRow(InputError):
    """One row of a table cannot be read: malformed JSON, a value of the wrong type, a
    broken CSV record. The other rows are read."""


class NotARegularFile(InputError):
    """A path that is no regular file: a named pipe (FIFO), a socket, a device, or a symbolic
    link to one (``/dev/zero``). It is refused from its ``stat``, never opened."""


class DecompressionBomb(TooLarge):
    """Compressed data that expands far more than real pages do (a gzip stream of zeros):
    refused after a bounded amount of it was unpacked."""


class DamagedArchive(InputError):
    """A WARC or ARC archive cannot be read past some point (cut short, corrupt bytes, no
    archive at all). The records before it are kept; in a ``.gz`` archive written one
    record per gzip member, reading resumes at the next whole member."""


class BadRecord(InputError):
    """One record of a WARC or ARC archive cannot be used (a response without
    ``WARC-Target-URI``, a body whose encoding cannot be undone). The other records are read."""


class ExtractionFailed(UnionNewsError):
    """A bug or unexpected condition while extracting facts from an article."""

    stage = "extract"


class LexiconError(UnionNewsError):
    """A lexicon file (e.g. a user's metric rules) cannot be read or is malformed."""


class GoldFormatError(UnionNewsError):
    """A gold file does not follow docs/annotation.md."""


class DatasetError(UnionNewsError):
    """An output directory is missing, incomplete or not a unionnews dataset."""


class OutputNotWritable(DatasetError, OSError):
    """The dataset cannot be written where it should go: no permission, a read-only disk.

    Nothing is replaced; the message names the folder and what to do. The CLI exits
    with status 2, as for a mistyped input path. Also an :class:`OSError` (``errno``
    is the system's), so code that caught the system's error still does.
    """


class OutputWriteFailed(DatasetError, OSError):
    """Writing the dataset failed part-way: the disk is full, a quota is reached, an I/O
    error. The temporary folder is removed and a previous dataset is left as it was.
    Also an :class:`OSError` (``errno`` is the system's, when known)."""


class InputNotFound(UnionNewsError):
    """An input path given to a run does not exist (a typo?): nothing is read or written.

    A usage error, not an ``errors`` row: the run stops before it starts, so a
    mistyped path can never replace a dataset. ``paths`` holds every missing path.
    """

    def __init__(self, paths: tuple[str, ...], cwd: str | None = None) -> None:
        self.paths = paths
        self.cwd = cwd
        named = ", ".join(repr(p) for p in paths)
        if len(paths) == 1:
            what = f"input path does not exist: {named}"
        else:
            what = f"{len(paths)} input paths do not exist: {named}"
        where = f" (relative paths are read from {cwd})" if cwd else ""
        super().__init__(f"{what}; check the spelling{where}. Nothing was read or written.")

    def __reduce__(self) -> tuple[type[InputNotFound], tuple[tuple[str, ...], str | None]]:
        return (type(self), (self.paths, self.cwd))


class TimeBudgetExceeded(InputError):
    """Extracting one article took longer than its time budget (``--time-budget``): it is
    left out and recorded, so one pathological input cannot hold up a run."""

    stage = "extract"
