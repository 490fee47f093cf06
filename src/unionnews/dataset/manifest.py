"""The manifest of a dataset directory, and the check of what a run may replace there."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from unionnews.dataset.files import sha256_of
from unionnews.errors import DatasetError

MANIFEST = "manifest.json"
#: Marker stored in manifest.json so a directory can be recognised as ours.
MANIFEST_KIND = "unionnews-dataset"
#: How a checked file is recognised later: size, modification time (ns), inode.
_Signature = tuple[int, int, int]


def read_manifest(directory: Path) -> dict[str, Any] | None:
    """The manifest of a dataset directory, or ``None`` when there is none."""
    path = directory / MANIFEST
    if not path.is_file():
        return None
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DatasetError(
            f"{path} exists but cannot be read ({exc}); the dataset in {directory} is damaged: "
            "re-run `unionnews extract INPUT --out DIR`"
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("kind") != MANIFEST_KIND:
        raise DatasetError(
            f"{path} is not a unionnews manifest; {directory} does not look like a unionnews "
            "dataset. Choose another --out directory."
        )
    return manifest


def check_out_dir(out_dir: str | Path) -> None:
    """Raise :class:`DatasetError` unless ``write_dataset`` may write to ``out_dir``.

    Allowed: a path that does not exist, an empty directory, or a previous
    unionnews dataset holding only the files its manifest lists, unchanged
    (same size and SHA-256). Call it before a long run so a typo fails in a
    second, not after the extraction.
    """
    _dataset_files(Path(out_dir).expanduser())


def _signature(stat: os.stat_result) -> _Signature:
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _is_listed_copy(entry: os.DirEntry[str], info: object) -> bool:
    """``entry`` is a regular file with the size and SHA-256 that ``info`` (a manifest row) gives."""
    if not isinstance(info, dict) or not entry.is_file(follow_symlinks=False):
        return False
    size = info.get("bytes")
    if size is not None and entry.stat(follow_symlinks=False).st_size != size:
        return False
    return sha256_of(Path(entry.path)) == info.get("sha256")


def _dataset_files(out: Path) -> dict[str, _Signature]:
    """The files of the dataset in ``out`` (name -> signature), each checked against its
    manifest; :class:`DatasetError` when ``out`` holds anything else.

    Only names read from the directory itself are ever matched against the manifest,
    so a manifest listing ``../x`` or ``/home/x`` names nothing a run could delete.
    """
    if not out.exists():
        return {}
    if not out.is_dir():
        raise DatasetError(f"{out} exists and is not a directory; choose another --out path")
    with os.scandir(out) as scan:
        entries = sorted(scan, key=lambda e: e.name)
    if not entries:
        return {}
    manifest = read_manifest(out)
    if manifest is None:
        raise DatasetError(
            f"{out} is not empty and is not a unionnews dataset (no {MANIFEST}); refusing to "
            "replace it. Choose a new or empty --out directory."
        )
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        listed = {}
    files: dict[str, _Signature] = {}
    foreign: list[str] = []
    changed: list[str] = []
    for entry in entries:
        if entry.name == MANIFEST and entry.is_file(follow_symlinks=False):
            pass
        elif entry.name not in listed:
            foreign.append(entry.name)
            continue
        elif not _is_listed_copy(entry, listed[entry.name]):
            changed.append(entry.name)
            continue
        files[entry.name] = _signature(entry.stat(follow_symlinks=False))
    if foreign or changed:
        held = []
        if foreign:
            held.append(f"files that unionnews did not write: {foreign[:5]}")
        if changed:
            held.append(
                f"files that changed since unionnews wrote them (not as {MANIFEST} lists them): {changed[:5]}"
            )
        raise DatasetError(
            f"{out} holds {' and '.join(held)}; writing a new dataset there would delete them. "
            "Move them out of the directory first, or choose another --out directory."
        )
    return files
