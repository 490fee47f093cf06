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

from unionnews.nlp.normalize import match_key

#: Elements that hold a photo caption: "<figcaption>", or a class naming a caption
#: ("wp-caption-text", "image-caption", "PhotoCMS_Caption", "caption").
CAPTION_CLASS_RE = re.compile(r"caption", re.IGNORECASE)
#: A caption is a line of text, not a block of the article: at most this many characters.
MAX_CAPTION_CHARS = 400
#: … and at least this many (a lone credit "Ảnh: TL" is not worth a line of its own).
MIN_CAPTION_CHARS = 12


def collapsed_key(text: str) -> str:
    """The match key with whitespace collapsed: how a page line and a kept line are compared."""
    return " ".join(match_key(text).split())


def find_captions(tree: lxml_html.HtmlElement) -> list[str]:
    """Caption texts of the page, in page order, each once."""
    found: list[str] = []
    seen: set[str] = set()
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
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


def restore_captions(body: list[str], lines: Sequence[str], captions: Sequence[str]) -> int:
    """Insert into ``body`` (in place) each caption that the page shows inside the article
    and the body lacks; returns how many were restored. ``lines`` are the page's visible
    lines in order (wrapped however the page's source wraps them).

    >>> body = ["Đoạn một của bài.", "Đoạn hai của bài."]
    >>> page = ["Menu", "Đoạn một", "của bài.", "Ông A trao quà cho công nhân."]
    >>> page += ["Đoạn hai của bài.", "Tin khác"]
    >>> restore_captions(body, page, ["Ông A trao quà cho công nhân.", "Tin khác ảnh"])
    1
    >>> body[1]
    'Ông A trao quà cho công nhân.'
    """
    page = collapsed_key(" ".join(lines))

    def locate(text: str) -> int | None:
        found = page.find(collapsed_key(text)[:LOCATE_CHARS])
        return None if found < 0 else found

    at = [locate(line) for line in body]
    known = [p for p in at if p is not None]
    if not known:
        return 0
    first, last = min(known), max(known)
    body_keys = [collapsed_key(line) for line in body]
    restored = 0
    for caption in captions:
        key = collapsed_key(caption)
        place = locate(caption)
        if place is None or not first < place < last or any(key in b for b in body_keys):
            continue
        after = max((j for j, p in enumerate(at) if p is not None and p < place), default=-1)
        body.insert(after + 1, caption)
        at.insert(after + 1, place)
        body_keys.insert(after + 1, key)
        restored += 1
    return restored
