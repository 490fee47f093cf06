"""Union news only, on the sites of general publishers: which links to follow, which pages to mark.

A newspaper or a broadcaster (registry kinds in
:data:`~unionnews.sources.registry.GENERAL_PUBLISHERS`) publishes far more than union news.
On such a host the crawler

- follows a link found on a page, in a sitemap or in a feed only when
  :func:`unionnews.sources.relevance.link_verdict` judges its URL and words union news;
  the next pages of a listing, child sitemaps and feeds are followed unjudged (what they
  list is judged in turn). A link judged otherwise is counted in crawl.sqlite, not fetched;
- reads every page it stored with the project's own reader
  (:func:`unionnews.articles.extract_article`) and, when it is an article that
  :func:`unionnews.sources.relevance.text_verdict` judges no union news, marks its WARC
  record (``WARC-Unionnews-Relevant: no``): the page is kept, and ``unionnews extract``
  counts it as a skipped page, not an article.

The sites of union bodies themselves (federations, civil-servants unions, sector unions),
hosts outside the registry and a crawl with ``--everything`` follow every link as before.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from unionnews.errors import InputError
from unionnews.inputs.warc import CHARSET_RE
from unionnews.sources.discover import Discovered
from unionnews.sources.registry import GENERAL_PUBLISHERS

if TYPE_CHECKING:
    from unionnews.sources.registry import Site

logger = logging.getLogger(__name__)

#: Registry kinds whose sites are filtered: newspapers and broadcasters.
FILTERED_KINDS = GENERAL_PUBLISHERS
#: Links followed without judging: the next pages of a listing, child sitemaps, feeds.
UNJUDGED_LINKS = frozenset({"page", "sitemap", "feed"})
#: Frontier kinds whose pages are never judged as articles: they are ways to articles.
NOT_ARTICLES = frozenset({"robots", "seed", "page", "sitemap", "feed"})


@dataclass(frozen=True, slots=True)
class Judged:
    """A verdict of :mod:`unionnews.sources.relevance` on one link or page."""

    relevant: bool
    score: float
    reasons: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        """The reasons on one line: what crawl.sqlite and the WARC header keep."""
        return "; ".join(self.reasons)


@dataclass(frozen=True, slots=True)
class UnionFilter:
    """The filter of one crawl: registered hosts and their kinds (see the module's text)."""

    #: registered host (without "www.") -> registry kind
    kinds: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of_sites(cls, sites: Iterable[Site]) -> UnionFilter:
        """The filter for a registry's sites (every site: a link may lead from one to another)."""
        return cls({site.host: site.kind for site in sites})

    def applies(self, host: str) -> bool:
        """Is ``host`` (a crawler host: lower case, no "www.") a general publisher's? The
        nearest registered name decides: the host itself, then its parent domains.

        >>> f = UnionFilter({"bao.vn": "newspaper", "congdoan.bao.vn": "sector_union"})
        >>> f.applies("bao.vn"), f.applies("m.bao.vn"), f.applies("congdoan.bao.vn"), f.applies("x.vn")
        (True, True, False, False)
        """
        labels = host.lower().rstrip(".").split(".")
        for start in range(len(labels) - 1):
            kind = self.kinds.get(".".join(labels[start:]))
            if kind is not None:
                return kind in FILTERED_KINDS
        return False

    def judge_link(self, link: Discovered) -> Judged | None:
        """The verdict on a link of a filtered host; None for links followed unjudged."""
        if link.kind in UNJUDGED_LINKS:
            return None
        from unionnews.sources.relevance import link_verdict

        verdict = link_verdict(link.url, link.text)
        return Judged(bool(verdict.relevant), float(verdict.score), tuple(verdict.reasons))

    def judge_page(self, url: str, content_type: str, body: bytes) -> Judged | None:
        """The verdict on a stored page of a filtered host, read as the extraction reads it;
        None when it is no article (a listing, an error page) or not HTML."""
        if "html" not in content_type.lower() or not body:
            return None
        from unionnews.articles import extract_article
        from unionnews.sources.relevance import text_verdict

        charset = CHARSET_RE.search(content_type)
        try:
            article = extract_article(
                body, url=url, kind="html", charset=charset.group(1) if charset else None
            )
            verdict = text_verdict(article.title or "", article.text)
        except InputError as exc:  # no article: a listing, a home page, an error page
            logger.debug("%s not judged: %s", url, type(exc).__name__)
            return None
        except Exception as exc:  # a fault of the reader on one page: the page is stored unmarked
            logger.warning("%s not judged: %s: %s", url, type(exc).__name__, exc, exc_info=exc)
            return None
        return Judged(bool(verdict.relevant), float(verdict.score), tuple(verdict.reasons))
