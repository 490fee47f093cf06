"""What an HTML page says about itself in its meta tags and its canonical link."""

from __future__ import annotations

import re
from collections.abc import Sequence

from lxml import html as lxml_html
from lxml.etree import XPath

from unionnews.nlp.normalize import clean_text

#: The meta tags with a content that a property, name or itemprop ``$n`` names, in page order.
_META_XPATH = XPath("//meta[@content and (@property=$n or @name=$n or @itemprop=$n)]")
#: The meta tags with a content and a property, name or itemprop, in page order.
_METAS_XPATH = XPath("//meta[@content and (@property or @name or @itemprop)]")
#: The attributes that name a meta tag, the first trusted first.
META_NAME_ATTRS = ("property", "name", "itemprop")


def meta_content(tree: lxml_html.HtmlElement, name: str) -> str | None:
    """The content of the first meta tag whose property is ``name``, else of the first whose
    name is, else itemprop (the first such tag's content when it is blank: the next attribute)."""
    return meta_contents(tree, (name,), _META_XPATH(tree, n=name))[name]


def meta_contents(
    tree: lxml_html.HtmlElement, names: Sequence[str], tags: list[lxml_html.HtmlElement] | None = None
) -> dict[str, str | None]:
    """:func:`meta_content` of each of ``names``, in one pass over the page's meta tags (``tags``,
    when the caller has found those that may name them)."""
    first: dict[tuple[str, str], str] = {}  # (attribute, name) -> content of the first such tag
    wanted = set(names)
    for tag in _METAS_XPATH(tree) if tags is None else tags:
        for attr in META_NAME_ATTRS:
            value = tag.get(attr)
            if value in wanted:
                first.setdefault((attr, value), str(tag.get("content")))
    found: dict[str, str | None] = {}
    for name in names:
        contents = (first.get((attr, name)) for attr in META_NAME_ATTRS)
        value = next((c for c in contents if c is not None and c.strip()), None)
        found[name] = " ".join(clean_text(value).split()) if value is not None else None
    return found


#: An absolute web address, as a page's canonical URL must be.
ABSOLUTE_URL_RE = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$", re.IGNORECASE)


def find_page_url(tree: lxml_html.HtmlElement) -> str | None:
    """Where the page says it lives: ``<link rel="canonical">``, else ``og:url``; None when
    neither is an absolute http(s) URL."""
    for value in [*tree.xpath("//link[@rel='canonical']/@href"), meta_content(tree, "og:url")]:
        if value and ABSOLUTE_URL_RE.match(str(value).strip()):
            return str(value).strip()
    return None
