"""Inputs named by URLs that fsspec opens: ``s3://``, ``gs://``, ``https://``, ``memory://``,
``file://`` (the local file, read through fsspec like the others).

A URL is read only when fsspec has a filesystem for its scheme installed (``s3fs`` for
``s3://``, ``gcsfs`` for ``gs://``, ``aiohttp`` for ``https://``); otherwise the error names
the package to install. Nothing here touches the network but the filesystem asked for.

* :func:`list_remote` lists the files under a URL as local discovery lists a folder's
  (same kinds, same order, hidden names and unionnews datasets skipped);
* :func:`remote_documents` gives the documents of one listed URL, the same objects the
  local readers give for a copy of the file, named by the URL: a text, an HTML page or a
  table is copied into a temporary folder (removed once read, also on error) and read there;
  a web archive read whole is copied too, and one range of it (``span``, from
  :func:`plan_remote_warc`) is read in place, through the filesystem's seekable file, so a
  worker reads only its range's bytes;
* :func:`fetch_remote` copies one remote file into a folder, for callers that read it
  themselves.
"""

from __future__ import annotations

import logging
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, cast

from unionnews.errors import InputError, TooLarge
from unionnews.inputs.discover import (
    ARCHIVE_SUFFIX_RE,
    DATASET_MARKERS,
    KINDS,
    MAX_BYTES,
    TABLE_SUFFIX_RE,
    InputDocument,
    display_path,
    error_row,
    read_input,
    special_file,
)
from unionnews.model import DocumentError

if TYPE_CHECKING:
    from fsspec import AbstractFileSystem

    from unionnews.inputs.warc import Redirects, WarcPlan, WarcRange

logger = logging.getLogger(__name__)

#: An input named by a URL rather than a path: a scheme of two letters or more, then "://"
#: ("s3://bucket/crawl/", "gs://b/a.warc.gz", "https://x.vn/a.jsonl", "file:///data/in").
#: A Windows drive ("C:\\data", "C:/data") has a one-letter scheme, and is a local path.
REMOTE_URL_RE = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]+)://", re.I)
#: The user name and password of a URL ("https://user:secret@host/"), hidden where it is shown.
URL_USERINFO_RE = re.compile(r"^([a-z][a-z0-9+.-]+://)[^/?#@]*@", re.I)
#: The package that gives fsspec the filesystem of a scheme, for the error when it is missing.
PACKAGES = {
    "s3": "s3fs",
    "s3a": "s3fs",
    "gs": "gcsfs",
    "gcs": "gcsfs",
    "http": "aiohttp",
    "https": "aiohttp",
    "abfs": "adlfs",
    "abfss": "adlfs",
    "az": "adlfs",
    "adl": "adlfs",
    "sftp": "paramiko",
    "ssh": "paramiko",
    "hf": "huggingface_hub",
    "oci": "ocifs",
}
#: Bytes copied at a time.
COPY_BLOCK = 1 << 20


class RemoteInputError(InputError):
    """An input named by a URL cannot be listed or read."""


class MissingFilesystem(RemoteInputError):
    """fsspec has no filesystem for the URL's scheme: its package is not installed (``s3fs``
    for ``s3://``), or no package gives one."""


class RemoteNotFound(RemoteInputError):
    """No file or folder at the URL."""


def is_remote(raw: str) -> bool:
    """Whether an input is named by a URL (``file://`` included) rather than a local path.

    >>> is_remote("s3://bucket/crawl/"), is_remote("C:/data/in"), is_remote("data/in")
    (True, False, False)
    """
    return bool(REMOTE_URL_RE.match(raw))


def display_url(url: str) -> str:
    """A URL as it is shown and recorded: its user name and password hidden.

    >>> display_url("https://an:secret@data.example.vn/in/a.jsonl")
    'https://***@data.example.vn/in/a.jsonl'
    """
    return URL_USERINFO_RE.sub(r"\1***@", url)


def _scheme(url: str) -> str:
    found = REMOTE_URL_RE.match(url)
    return found.group("scheme").lower() if found else "file"


def _missing(url: str, exc: Exception) -> MissingFilesystem:
    """The error for a URL whose filesystem fsspec cannot load (``exc`` says why)."""
    scheme = _scheme(url)
    package = PACKAGES.get(scheme)
    if isinstance(exc, ImportError):
        need = f"install {package} (pip install {package})" if package else "install the package fsspec names"
        return MissingFilesystem(
            f"{display_url(url)}: reading {scheme}:// URLs needs a package that is not installed: "
            f"{need} ({exc})"
        )
    return MissingFilesystem(
        f"{display_url(url)}: no filesystem is known for {scheme}:// URLs ({exc}); name a local "
        "path, or a URL fsspec can read (s3://, gs://, https://, file://…)"
    )


def filesystem(url: str) -> tuple[AbstractFileSystem, str]:
    """The fsspec filesystem of ``url`` and the path in it; raises :class:`MissingFilesystem`
    when fsspec cannot load one (creating it opens no connection)."""
    from fsspec.core import url_to_fs

    try:
        fs, path = url_to_fs(url)
    except (ImportError, ValueError) as exc:  # fsspec: ImportError (package missing), ValueError (unknown)
        raise _missing(url, exc) from exc
    return fs, cast(str, path)


def _kept(name: str) -> bool:
    """Whether local discovery reads a file of this name found in a folder."""
    return not name.startswith(".") and bool(
        Path(name).suffix.lower() in KINDS or ARCHIVE_SUFFIX_RE.search(name) or TABLE_SUFFIX_RE.search(name)
    )


def list_remote(url: str) -> list[str]:
    """The file URLs under ``url``, in the order local discovery lists a folder's files (a
    folder's files sorted, then its subfolders, sorted, each walked in turn), or ``[url]``
    for a file (whatever its name).

    Raises :class:`MissingFilesystem` when the URL's filesystem is not installed,
    :class:`RemoteNotFound` when nothing is at the URL, and :class:`RemoteInputError` when
    it cannot be listed.
    """
    fs, root = filesystem(url)
    try:
        if fs.isdir(root):
            top = root.rstrip("/")
            return [_url_of(fs, path, top, url) for path in _walk(fs, top)]
        if fs.exists(root):  # a file; locally maybe a named pipe, which reading refuses
            return [url]
    except RemoteInputError:
        raise
    except Exception as exc:  # the filesystems raise their own types (botocore, aiohttp): one message
        raise RemoteInputError(f"{display_url(url)}: cannot list it ({type(exc).__name__}: {exc})") from exc
    raise RemoteNotFound(f"{display_url(url)}: no such file or folder; check the URL")


def _url_of(fs: AbstractFileSystem, path: str, top: str, url: str) -> str:
    """The URL of a file found under the folder ``top`` named by ``url``: the URL as the
    user wrote it, then the file's path under the folder."""
    if path.startswith(top + "/"):
        return f"{url.rstrip('/')}/{path[len(top) + 1 :]}"
    return str(fs.unstrip_protocol(path))


def _walk(fs: AbstractFileSystem, folder: str) -> Iterator[str]:
    """The paths of the files to read under ``folder``, as :func:`discover._walk` finds them:
    hidden names skipped, a folder holding a unionnews dataset skipped, links to folders not
    followed."""
    try:
        entries = fs.ls(folder, detail=True)
    except Exception as exc:  # the filesystems raise their own types: one message naming the folder
        shown = display_url(fs.unstrip_protocol(folder))
        raise RemoteInputError(f"{shown}: cannot list this folder ({type(exc).__name__}: {exc})") from exc
    files: dict[str, str] = {}
    folders: dict[str, str] = {}
    for info in entries:
        path = str(info["name"]).rstrip("/")
        if path == folder:
            continue  # some filesystems list a folder in itself
        name = path.rsplit("/", 1)[-1]
        if info.get("type") == "directory" and not info.get("islink"):
            folders[name] = path
        elif not _linked_folder(fs, info, path):
            files[name] = path  # a file; locally also a link to one, a broken link, a named pipe
    if all(marker in files for marker in DATASET_MARKERS):
        logger.info("skipping %s: a unionnews dataset, not input (name its files to read them)", folder)
        return
    for name in sorted(files):
        if _kept(name):
            yield files[name]
        else:
            logger.debug("skipping %s: not .txt/.html, an archive or a table", files[name])
    for name in sorted(folders):
        if not name.startswith("."):
            yield from _walk(fs, folders[name])


def _linked_folder(fs: AbstractFileSystem, info: Mapping[str, Any], path: str) -> bool:
    """Whether a folder entry is a link to a folder (local discovery does not follow those)."""
    if not info.get("islink"):
        return False
    return info.get("type") == "directory" or bool(fs.isdir(path))


def _local_file(fs: AbstractFileSystem, path: str) -> Path | None:
    """The local path of a ``file://`` URL's file, None for another filesystem."""
    protocols = (fs.protocol,) if isinstance(fs.protocol, str) else tuple(fs.protocol)
    return Path(path) if "file" in protocols else None


def _file_name(url: str, path: str) -> str:
    """The file name of a URL's path (what its kind is told by), or an error for a folder URL."""
    name = path.rstrip("/").rsplit("/", 1)[-1]
    if not name or name in (".", ".."):
        raise RemoteInputError(f"{display_url(url)}: no file name in this URL; name a file")
    return name


def fetch_remote(url: str, folder: Path) -> Path:
    """Copy the file at ``url`` into ``folder`` under its own name (in a new subfolder when
    ``folder`` has a file of that name already) and return the copy's path.

    The file is streamed, never held whole. Raises :class:`MissingFilesystem`,
    :class:`RemoteNotFound`, or :class:`RemoteInputError` when it cannot be copied (no
    partial copy is left). The caller removes the copy.
    """
    fs, path = filesystem(url)
    return _fetch(fs, path, url, folder)


def _fetch(fs: AbstractFileSystem, path: str, url: str, folder: Path) -> Path:
    name = _file_name(url, path)
    copy = folder / name
    if copy.exists():
        copy = Path(tempfile.mkdtemp(prefix="copy-", dir=folder)) / name
    try:
        with fs.open(path, "rb") as source, copy.open("xb") as target:
            shutil.copyfileobj(source, target, COPY_BLOCK)
    except FileNotFoundError as exc:
        copy.unlink(missing_ok=True)
        raise RemoteNotFound(f"{display_url(url)}: no such file; check the URL") from exc
    except Exception as exc:  # the filesystems raise their own types: one message, no partial copy
        copy.unlink(missing_ok=True)
        reason = getattr(exc, "strerror", None) or f"{type(exc).__name__}: {exc}"
        raise RemoteInputError(f"{display_url(url)}: cannot copy it ({reason})") from exc
    return copy


def _open(fs: AbstractFileSystem, path: str) -> IO[bytes]:
    """The remote file, opened to read (seekable): what reading an archive in place needs.

    An exception of the filesystem's own type is raised as :class:`OSError`, which the
    archive reader records as an unreadable archive.
    """
    try:
        return cast(IO[bytes], fs.open(path, "rb"))
    except OSError:
        raise
    except Exception as exc:  # botocore, aiohttp…: the archive reader records OSError
        raise OSError(f"{type(exc).__name__}: {exc}") from exc


def plan_remote_warc(url: str, records_per_range: int) -> WarcPlan:
    """:func:`~unionnews.inputs.warc.plan_warc` for a remote archive, read once in place.

    Raises :class:`MissingFilesystem` when the URL's filesystem is not installed.
    """
    from unionnews.inputs.warc import plan_warc

    fs, path = filesystem(url)
    return plan_warc(partial(_open, fs, path), records_per_range)


def remote_documents(
    url: str,
    *,
    max_bytes: int = MAX_BYTES,
    columns: Mapping[str, str] | None = None,
    span: WarcRange | None = None,
    redirects: Redirects | None = None,
    folder: Path | None = None,
) -> Iterator[InputDocument | DocumentError]:
    """The documents of the remote file at ``url`` (one that :func:`list_remote` gives), and
    the errors that kept others out, as the local readers give them for a copy of the file,
    named by the URL: ``path`` and error sources start with the URL instead of the copy's
    path, ``url`` is the URL for a text or an HTML page (a table row without a web address
    gets ``URL#row``; an archive's pages keep theirs), and ``abspath`` is None.

    ``span`` and ``redirects`` read one range of an archive (from :func:`plan_remote_warc`)
    in place; otherwise (and for a range that is the whole file) the file is copied into a
    temporary folder in ``folder`` (the system's by default), read there, and removed once
    read, also on error; ``redirects``, when given, spare an archive's redirect pass. A text or
    HTML file over ``max_bytes`` is refused from its size, without being copied. Problems
    are error rows, never exceptions (a missing filesystem package too: it may be missing
    on a worker only).
    """
    shown = display_url(url)
    try:
        fs, path = filesystem(url)
        name = _file_name(url, path)
    except RemoteInputError as exc:
        yield error_row(shown, exc)
        return
    if span is not None and not ARCHIVE_SUFFIX_RE.search(name):
        raise ValueError(f"{shown}: a range is for web archives (.warc, .arc), not for {name}")
    local = _local_file(fs, path)
    special = special_file(local) if local is not None else None
    if special is not None:  # a named pipe would never end, a device neither: never opened
        if span is None or span.start == 0:
            yield error_row(shown, special)
        return
    if span is not None and (span.start > 0 or span.stop is not None):
        from unionnews.inputs.warc import read_archive

        opener = partial(_open, fs, path)
        yield from read_archive(shown, opener, max_bytes=max_bytes, span=span, redirects=redirects)
    else:
        yield from _copied(fs, path, url, _Reading(max_bytes, columns, redirects), folder)


@dataclass(frozen=True, slots=True)
class _Reading:
    """How a local copy is read: the size limit, a table's columns, an archive's redirects."""

    max_bytes: int
    columns: Mapping[str, str] | None
    redirects: Redirects | None


def _copied(
    fs: AbstractFileSystem, path: str, url: str, reading: _Reading, folder: Path | None
) -> Iterator[InputDocument | DocumentError]:
    """The documents of a copy of the remote file in a temporary folder, named by the URL;
    the folder is removed once they are read, when reading stops early, and on error."""
    shown = display_url(url)
    if not (ARCHIVE_SUFFIX_RE.search(path) or TABLE_SUFFIX_RE.search(path)):
        too_large = _over_limit(fs, path, reading.max_bytes)
        if too_large is not None:
            yield error_row(shown, too_large)
            return
    temporary = tempfile.TemporaryDirectory(
        prefix="unionnews-remote-", dir=folder, ignore_cleanup_errors=True
    )
    with temporary as tmp:
        try:
            copy = _fetch(fs, path, url, Path(tmp))
        except RemoteInputError as exc:
            yield error_row(shown, exc)
            return
        for item in _local_documents(copy, reading):
            yield _renamed(item, copy, shown)


def _over_limit(fs: AbstractFileSystem, path: str, max_bytes: int) -> TooLarge | None:
    """The error :func:`read_input` gives a file over ``max_bytes``, from the remote file's
    size (None when it is within the limit or its size is unknown: the copy is then checked)."""
    try:
        size = fs.size(path)
    except Exception as exc:  # the copy says why the file cannot be read
        logger.debug("%s: no size (%s)", path, exc)
        return None
    if size is None or size <= max_bytes:
        return None
    return TooLarge(f"{size:,} bytes is over the {max_bytes:,}-byte limit; raise --max-bytes to read it")


def _local_documents(copy: Path, reading: _Reading) -> Iterator[InputDocument | DocumentError]:
    """The documents of a local copy, read by the reader of its kind (by its name)."""
    from unionnews.inputs.tables import iter_table
    from unionnews.inputs.warc import iter_warc

    if ARCHIVE_SUFFIX_RE.search(copy.name):
        yield from iter_warc(copy, max_bytes=reading.max_bytes, redirects=reading.redirects)
    elif TABLE_SUFFIX_RE.search(copy.name):
        yield from iter_table(copy, max_bytes=reading.max_bytes, columns=reading.columns)
    else:
        yield read_input(copy, max_bytes=reading.max_bytes)


def _renamed(item: InputDocument | DocumentError, copy: Path, shown: str) -> InputDocument | DocumentError:
    """A document or error of the local copy, named by the URL instead of the copy."""
    local = display_path(copy)
    uri = copy.resolve().as_uri()

    def name(text: str) -> str:
        for prefix in (local, uri):
            if text.startswith(prefix):
                return shown + text[len(prefix) :]
        return text

    if isinstance(item, DocumentError):
        message = item.message.replace(local, shown).replace(uri, shown)
        return DocumentError(name(item.source), item.stage, item.error, message)
    return replace(item, path=name(item.path), url=name(item.url), abspath=None)
