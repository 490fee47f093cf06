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


class ExtractionFailed(UnionNewsError):
    """A bug or unexpected condition while extracting facts from an article."""

    stage = "extract"


class LexiconError(UnionNewsError):
    """A lexicon file (e.g. a user's metric rules) cannot be read or is malformed."""


class GoldFormatError(UnionNewsError):
    """A gold file does not follow docs/annotation.md."""


class DatasetError(UnionNewsError):
    """An output directory is missing, incomplete or not a unionnews dataset."""
