"""Finding inputs: folders walked in order, hidden/unknown files skipped, unreadable ones reported."""

import os
from pathlib import Path

import pytest

from unionnews.inputs.discover import (
    MARKUP_START_RE,
    InputDocument,
    iter_documents,
    list_inputs,
    sniff_kind,
)
from unionnews.model import DocumentError


def test_walks_recursively_in_sorted_order_skipping_hidden_and_unknown(tmp_path: Path):
    (tmp_path / "b.txt").write_text("b")
    (tmp_path / "a.html").write_text("<p>a</p>")
    (tmp_path / ".hidden.txt").write_text("x")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.htm").write_text("c")
    (tmp_path / "sub" / "d.XHTML").write_text("d")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "e.txt").write_text("e")
    docs = list(iter_documents([tmp_path]))
    assert all(isinstance(d, InputDocument) for d in docs)
    assert [Path(d.path).name for d in docs] == ["a.html", "b.txt", "c.htm", "d.XHTML"]
    assert [d.kind for d in docs] == ["html", "txt", "html", "html"]
    first = docs[0]
    assert first.abspath == str((tmp_path / "a.html").resolve())
    assert first.url == (tmp_path / "a.html").resolve().as_uri() and first.url.startswith("file://")
    assert first.data == b"<p>a</p>"


def test_explicit_file_with_unknown_extension_is_sniffed(tmp_path: Path):
    page = tmp_path / "saved.php"
    page.write_bytes(b"  <!DOCTYPE html><html><body>x</body></html>")
    note = tmp_path / "note.dat"
    note.write_bytes("Công đoàn".encode())
    docs = list(iter_documents([page, str(note)]))
    assert [d.kind for d in docs if isinstance(d, InputDocument)] == ["html", "txt"]
    assert docs[1].path == str(note)  # the path as given


def test_missing_path_is_an_error_not_an_exception(tmp_path: Path):
    (docs,) = [list(iter_documents([tmp_path / "nope.txt"]))]
    assert len(docs) == 1 and isinstance(docs[0], DocumentError)
    assert docs[0].error == "Unreadable" and docs[0].stage == "read" and "no such file" in docs[0].message


def test_broken_symlink_is_reported(tmp_path: Path):
    (tmp_path / "gone.txt").symlink_to(tmp_path / "target-missing.txt")
    (docs,) = [list(iter_documents([tmp_path]))]
    assert len(docs) == 1 and isinstance(docs[0], DocumentError)
    assert docs[0].error == "Unreadable" and "broken symbolic link" in docs[0].message


def test_too_large_is_decided_by_size_without_reading(tmp_path: Path, monkeypatch):
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # sparse: nothing written
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("the file was read"))
    (err,) = list(iter_documents([huge]))
    assert isinstance(err, DocumentError) and err.error == "TooLarge"
    assert "52,428,800 bytes" in err.message and "--max-bytes" in err.message


def test_max_bytes_is_configurable(tmp_path: Path):
    (tmp_path / "small.txt").write_bytes(b"x" * 100)
    assert isinstance(next(iter_documents([tmp_path], max_bytes=10)), DocumentError)
    assert isinstance(next(iter_documents([tmp_path], max_bytes=100)), InputDocument)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_and_folder(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("x")
    secret.chmod(0)
    closed = tmp_path / "closed"
    closed.mkdir()
    (closed / "inside.txt").write_text("x")
    closed.chmod(0)
    try:
        errors = [d for d in iter_documents([tmp_path]) if isinstance(d, DocumentError)]
    finally:
        closed.chmod(0o755)
    assert {e.error for e in errors} == {"Unreadable"}
    assert any("Permission denied" in e.message for e in errors)
    assert any("cannot list this folder" in e.message for e in errors)


def test_listing_opens_nothing(tmp_path: Path):
    (tmp_path / "a.txt").write_text("x")
    assert list_inputs([tmp_path]) == [tmp_path / "a.txt"]


def test_markup_sniffing():
    assert MARKUP_START_RE.match(b"\xef\xbb\xbf<!doctype html>")
    assert MARKUP_START_RE.match(b"\n <div class='x'>")
    assert not MARKUP_START_RE.match(b"Trang chu <b>")
    assert sniff_kind(Path("a.HTM"), b"plain") == "html"
    assert sniff_kind(Path("a"), b"<?xml version='1.0'?>") == "html"
