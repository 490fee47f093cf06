"""Vietnamese text in the encodings old sites used, for fixtures written in tests."""

from __future__ import annotations

import unicodedata

#: The five Vietnamese tone marks as combining characters.
TONES = frozenset({"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"})


def to_cp1258(text: str) -> bytes:
    """Encode like old Vietnamese sites: base letters precomposed, tone marks combining.

    >>> to_cp1258("Hòa").decode("cp1258") == unicodedata.normalize("NFD", "Hòa")
    True
    """
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out += (base + "".join(c for c in parts if c in TONES)).encode("cp1258")
    return out
