"""Keys that make the same article under several URLs, or a content-farm copy, count once."""

from __future__ import annotations

import hashlib
import re
from itertools import islice

from unionnews.articles.chrome import chrome_rules
from unionnews.articles.text import find_dateline
from unionnews.nlp.normalize import match_key

#: A word of letters or digits (punctuation and spacing differences are ignored).
WORD_RE = re.compile(r"\w+")
#: Words of the text body used for the key: enough to be unique, few enough that a copy
#: with a changed ending (a different byline, a footer, injected chrome) still matches.
KEY_WORDS = 120


def content_hash(text: str, key: str | None = None) -> str:
    """sha1 of the whitespace-collapsed match key: equal for equal texts up to typography.

    ``key`` is ``match_key(text)`` when the caller has it already."""
    key = match_key(text) if key is None else key
    return hashlib.sha1(" ".join(key.split()).encode("utf-8")).hexdigest()


def near_duplicate_key(text: str, key: str | None = None) -> str:
    """A key shared by copies of one article: its first words, normalised.

    Spam phrases are cut before this is computed (see ``articles.chrome``), so a
    content-farm copy keys like its original. ``key`` is ``match_key(text)`` when the
    caller has it already.
    """
    key = match_key(text) if key is None else key
    first, _, rest = text.partition("\n")
    if rest and find_dateline([first]):
        key = key[len(first) + 1 :]  # copies often carry another dateline format
    rules = chrome_rules()
    if rules.may_hold_spam(key):
        key = rules.spam_re.sub(" ", key)  # spam left in a copy does not count
    words = [m.group() for m in islice(WORD_RE.finditer(key), KEY_WORDS)]
    return hashlib.sha1(" ".join(words).encode("utf-8")).hexdigest()
