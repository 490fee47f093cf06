"""Hand memory that the HTML parser freed back to the operating system.

lxml and trafilatura build and free large trees with the C allocator; on glibc
that memory stays in the process after it is freed, and Python's own arenas
cannot reuse it, so a very large page would raise the peak of everything that
follows. After reading a large document the runner asks glibc to return it
(``malloc_trim``). Elsewhere (macOS, Windows, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import logging
import sys
from functools import cache

logger = logging.getLogger(__name__)

#: Documents at least this large are followed by a trim (smaller ones free too little to matter).
TRIM_AFTER_BYTES = 2_000_000


@cache
def _malloc_trim() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    if not sys.platform.startswith("linux"):
        return None
    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        trim = ctypes.CDLL(name).malloc_trim
    except (OSError, AttributeError) as exc:  # not glibc (musl has no malloc_trim)
        logger.debug("no malloc_trim in %s: %s", name, exc)
        return None
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_freed_memory(document_bytes: int) -> bool:
    """After a document of ``document_bytes`` was read, return freed C heap to the OS.

    Returns whether a trim was done.
    """
    if document_bytes < TRIM_AFTER_BYTES:
        return False
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
