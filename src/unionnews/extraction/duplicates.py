"""Which documents of a dataset are one page read twice, and which texts are copies.

Decided once over the whole dataset, after extraction, in document order, so the answer is
the same whether the inputs were extracted in one process, by a pool, on a cluster, in
shards merged later or by ``--update`` runs:

* The same page again is folded into the first one (its row is dropped, its URLs join the
  kept page's ``aliases``): the same canonical URL (so the same ``article_id``: a second
  capture in a web archive, a tracking-parameter variant), or the same page key
  (:func:`~unionnews.sources.urls.page_key`: NukeViet's ``index.php?nv=…&op=…`` form of a
  rewritten path, a print or AMP copy, a redirect source), or a page whose
  ``<link rel=canonical>`` names a kept page with the same title (or is named by one).
  When the page named as canonical comes after its copy, the copy is folded into it.
* The same text under another URL (equal ``text_key``) is kept with ``duplicate_of``
  pointing to the first occurrence and ``copy_kind`` "alias" (the same known site) or
  "copy" (another site, an unknown one such as a local file, or a content-farm copy). Its
  facts stay, so evaluation and provenance work, while comparative tables count the text once.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from unionnews.articles import LOCAL_SITE
from unionnews.nlp.normalize import match_key
from unionnews.sources.urls import WEB_URL_RE, safe_page_key

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DocKeys:
    """What the decisions read of one document that became an article (a ledger row)."""

    doc: int
    article_id: str
    url: str
    aliases: tuple[str, ...]
    declared_url: str | None
    site: str | None
    title: str | None  # compared (by match key) only when two pages name one canonical URL
    text_key: str
    farm: bool = False  # marked as a content-farm copy when read


@dataclass(slots=True)
class Kept:
    """A document kept as an article: what its row says about copies and other URLs."""

    article_id: str
    duplicate_of: str | None = None
    copy_kind: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)
class Decisions:
    """``kept[doc]`` for every document kept; ``folded[doc]`` = the article_id of the page a
    re-capture was folded into."""

    kept: dict[int, Kept] = field(default_factory=dict)
    folded: dict[int, str] = field(default_factory=dict)

    @property
    def n_copies(self) -> int:
        return sum(1 for k in self.kept.values() if k.duplicate_of is not None)


def _copy_kind(original_site: str | None, copy: DocKeys) -> str:
    """ "alias" for another URL of the same known site, "copy" otherwise."""
    same_site = copy.site is not None and copy.site != LOCAL_SITE and original_site == copy.site
    return "alias" if same_site and not copy.farm else "copy"


@lru_cache(maxsize=4096)
def _title_key(title: str | None) -> str:
    """The match key of a title (two pages that name one canonical URL must agree on it)."""
    return match_key(title or "")


def _page_keys(keys: DocKeys) -> tuple[set[str], str | None]:
    """(keys of the URLs that served the page, key of the URL it declares as its own)."""
    own = {safe_page_key(u) for u in (keys.url, *keys.aliases) if WEB_URL_RE.match(u)}
    return own, safe_page_key(keys.declared_url) if keys.declared_url else None


@dataclass(slots=True)
class _Seen:
    by_text: dict[str, str] = field(default_factory=dict)  # text_key -> article_id
    docs: dict[str, int] = field(default_factory=dict)  # article_id -> doc kept under it
    keys: dict[int, DocKeys] = field(default_factory=dict)
    #: page key -> (article_id, declared): declared keys come from a canonical link and fold
    #: only pages whose titles agree
    pages: dict[str, tuple[str, bool]] = field(default_factory=dict)


def _same_page(keys: DocKeys, seen: _Seen) -> str | None:
    """The article_id of an article already kept that is this very page under another URL."""
    if keys.article_id in seen.docs:
        return keys.article_id
    own, declared = _page_keys(keys)
    for key, trusted in [*((k, True) for k in own), *([(declared, False)] if declared else [])]:
        hit = seen.pages.get(key)
        if hit is None:
            continue
        other, other_trusted = hit
        if trusted and other_trusted:
            return other
        title = _title_key(keys.title)
        if title and _title_key(seen.keys[seen.docs[other]].title) == title:
            return other
    return None


def _register(keys: DocKeys, seen: _Seen) -> None:
    own, declared = _page_keys(keys)
    for key in own:
        seen.pages[key] = (keys.article_id, True)
    if declared:
        seen.pages.setdefault(declared, (keys.article_id, False))


def decide(documents: Iterable[DocKeys]) -> Decisions:
    """The decisions for ``documents``, given in document order (see the module's docstring)."""
    seen = _Seen()
    out = Decisions()
    for keys in documents:
        first_id = _same_page(keys, seen)
        if first_id is not None:
            first_doc = seen.docs[first_id]
            first = out.kept[first_doc]
            first_keys = seen.keys[first_doc]
            if first_keys.declared_url and first_keys.declared_url == keys.url:
                _take_place(keys, first_doc, seen, out)
            else:
                first.aliases = tuple(sorted({*first.aliases, *keys.aliases, keys.url} - {first_keys.url}))
                out.folded[keys.doc] = first_id
            logger.info("%s: the same page as %s, kept once", keys.url, first_id)
            continue
        kept = Kept(keys.article_id, aliases=keys.aliases)
        out.kept[keys.doc] = kept
        seen.docs[keys.article_id] = keys.doc
        seen.keys[keys.doc] = keys
        _register(keys, seen)
        original = seen.by_text.setdefault(keys.text_key, keys.article_id)
        if original != keys.article_id:
            kept.duplicate_of = original
            kept.copy_kind = _copy_kind(seen.keys[seen.docs[original]].site, keys)
    return out


def _take_place(keys: DocKeys, copy_doc: int, seen: _Seen, out: Decisions) -> None:
    """``keys`` is the page that a kept page (``copy_doc``) named as canonical: the copy is
    folded into it, it takes over the copy's duplicate link, and what pointed to the copy
    points to it."""
    old = out.kept.pop(copy_doc)
    old_keys = seen.keys.pop(copy_doc)
    new = Kept(
        keys.article_id,
        old.duplicate_of,
        old.copy_kind,
        tuple(sorted({*keys.aliases, *old.aliases, old_keys.url} - {keys.url})),
    )
    out.kept[keys.doc] = new
    out.folded[copy_doc] = keys.article_id
    for doc, target in out.folded.items():
        if target == old.article_id:
            out.folded[doc] = keys.article_id
    del seen.docs[old.article_id]
    seen.docs[keys.article_id] = keys.doc
    seen.keys[keys.doc] = keys
    for text, article_id in seen.by_text.items():
        if article_id == old.article_id:
            seen.by_text[text] = keys.article_id
    for kept in out.kept.values():
        if kept.duplicate_of == old.article_id:
            kept.duplicate_of = keys.article_id
    for page, (article_id, trusted) in list(seen.pages.items()):
        if article_id == old.article_id:
            seen.pages[page] = (keys.article_id, trusted)
    _register(keys, seen)
