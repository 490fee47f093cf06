"""Photo captions of a saved page, put back into the article where the page shows them.

Main-text extractors drop ``<figure>`` captions ("<figcaption>", WordPress
"wp-caption-text", CMS "image-caption"/"PhotoCMS_Caption" blocks) with the image. A
caption is part of the article (docs/annotation.md): it names the people in the photo
and their roles, and often states a figure. A caption is restored when the page shows
it between the first and the last line of the kept body, after the body line that
precedes it on the page; captions elsewhere (galleries in the sidebar, other articles'
thumbnails) stay out.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import html as lxml_html
from lxml.etree import XPath

from unionnews.nlp.normalize import match_key

#: Elements that hold a photo caption: "<figcaption>", or a class naming a caption
#: ("wp-caption-text", "image-caption", "PhotoCMS_Caption", "caption").
CAPTION_CLASS_RE = re.compile(r"caption", re.IGNORECASE)
#: The elements that may hold a caption, in page order: figcaptions and elements with a class.
_CAPTION_CANDIDATES_XPATH = XPath("descendant-or-self::figcaption|descendant-or-self::*[@class]")
#: A caption is a line of text, not a block of the article: at most this many characters.
MAX_CAPTION_CHARS = 400
#: … and at least this many (a lone credit "Ảnh: TL" is not worth a line of its own).
MIN_CAPTION_CHARS = 12


def collapsed_key(text: str) -> str:
    """The match key with whitespace collapsed: how a page line and a kept line are compared."""
    return " ".join(match_key(text).split())


def has_key(text: str, key: str) -> bool:
    """Is ``key`` the :func:`match_key` of ``text``? (A key is as long as its text: other
    lengths are told apart without computing it.)"""
    return len(text) == len(key) and match_key(text) == key


def collapsed_keys(texts: Sequence[str]) -> list[str]:
    """``[collapsed_key(t) for t in texts]``, with one :func:`match_key` call for all of them.

    The key of a text is made word by word (a tone mark moves only inside a word; a line
    break is no letter), so the key of the texts joined by line breaks is their keys joined
    by line breaks; except where a letter's lower case is two characters ("İ"), which makes
    :func:`match_key` lower the whole text letter by letter: such texts are keyed one by one.

    >>> collapsed_keys(["Công  đoàn HOÀ", "", " Mái ấm "])
    ['công đoàn hòa', '', 'mái ấm']
    """
    joined = "\n".join(texts)
    if joined.count("\n") != len(texts) - 1 or len(joined.lower()) != len(joined):
        return [collapsed_key(text) for text in texts]
    return [" ".join(key.split()) for key in match_key(joined).split("\n")]


def find_captions(tree: lxml_html.HtmlElement) -> list[str]:
    """Caption texts of the page, in page order, each once."""
    found: list[str] = []
    seen: set[str] = set()
    for node in _CAPTION_CANDIDATES_XPATH(tree):
        cls = node.get("class") or ""
        if node.tag != "figcaption" and not CAPTION_CLASS_RE.search(cls):
            continue
        text = " ".join(node.text_content().split())
        key = collapsed_key(text)
        if MIN_CAPTION_CHARS <= len(text) <= MAX_CAPTION_CHARS and key not in seen:
            seen.add(key)
            found.append(text)
    return found


#: How much of a line's start locates it on the page (lines may wrap differently there).
LOCATE_CHARS = 60


def restore_captions(
    body: list[str],
    lines: Sequence[str],
    captions: Sequence[str],
    *,
    line_keys: Sequence[str] | None = None,
) -> int:
    """Insert into ``body`` (in place) each caption that the page shows inside the article
    and the body lacks; returns how many were restored. ``lines`` are the page's visible
    lines in order (wrapped however the page's source wraps them); ``line_keys`` their
    :func:`collapsed_keys`, when the caller has them.

    >>> body = ["Đoạn một của bài.", "Đoạn hai của bài."]
    >>> page = ["Menu", "Đoạn một", "của bài.", "Ông A trao quà cho công nhân."]
    >>> page += ["Đoạn hai của bài.", "Tin khác"]
    >>> restore_captions(body, page, ["Ông A trao quà cho công nhân.", "Tin khác ảnh"])
    1
    >>> body[1]
    'Ông A trao quà cho công nhân.'
    """
    keys = collapsed_keys(lines) if line_keys is None else line_keys
    page = " ".join(key for key in keys if key)  # the key of the lines joined by spaces: word by word
    body_keys = collapsed_keys(body)
    at = [_found(page.find(key[:LOCATE_CHARS])) for key in body_keys]
    known = [p for p in at if p is not None]
    if not known:
        return 0
    first, last = min(known), max(known)
    restored = 0
    for caption in captions:
        key = collapsed_key(caption)
        place = _found(page.find(key[:LOCATE_CHARS]))
        if place is None or not first < place < last or any(key in b for b in body_keys):
            continue
        after = max((j for j, p in enumerate(at) if p is not None and p < place), default=-1)
        body.insert(after + 1, caption)
        at.insert(after + 1, place)
        body_keys.insert(after + 1, key)
        restored += 1
    return restored


def _found(index: int) -> int | None:
    return None if index < 0 else index
