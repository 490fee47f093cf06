"""What the crawler knows of one host's pages: which URLs lead to a page already queued or
stored, and how much its sitemaps have brought.

A link is not queued when its :func:`~unionnews.sources.urls.page_key` is the key of a URL
already in the frontier (a tracking variant, NukeViet's ``index.php?nv=…&op=…`` form of a
rewritten path, a print or AMP copy, ``?page=1`` of a listing) or of a copy the page itself
declared (its ``<link rel="amphtml">``). The keys are rebuilt from the frontier when a run
meets the host first, so a resumed crawl folds the same links.

Sitemaps are followed to every child, within :data:`MAX_CHILD_SITEMAPS` child sitemaps and
:data:`MAX_SITEMAP_URLS` URLs per host; what a cap leaves out is logged and noted in the
reason of the sitemap's fetch.
"""

from __future__ import annotations

import logging
import sqlite3
from dataclasses import dataclass, field

from unionnews.sources.urls import safe_page_key

logger = logging.getLogger(__name__)

#: Most sitemaps (indexes and children) queued per host.
MAX_CHILD_SITEMAPS = 1000
#: Most URLs queued from sitemaps and feeds per host.
MAX_SITEMAP_URLS = 200_000


@dataclass(slots=True)
class HostPages:
    """Page keys and sitemap counts of one host (loaded from the frontier on first use)."""

    keys: set[str] = field(default_factory=set)
    sitemaps: int = 0
    sitemap_urls: int = 0

    @classmethod
    def load(cls, db: sqlite3.Connection, host: str) -> HostPages:
        pages = cls()
        for url, kind, found_in in db.execute(
            "SELECT f.url, f.kind, s.kind FROM frontier f LEFT JOIN frontier s ON s.url = f.discovered_from "
            "WHERE f.host = ? AND f.kind != 'malformed'",
            (host,),
        ):
            pages.keys.add(safe_page_key(url))
            if kind == "sitemap":
                pages.sitemaps += 1
            elif found_in in ("sitemap", "feed"):
                pages.sitemap_urls += 1
        return pages

    def known(self, url: str) -> bool:
        return safe_page_key(url) in self.keys

    def add(self, url: str) -> None:
        self.keys.add(safe_page_key(url))

    def within_caps(self, kind: str) -> tuple[bool, str]:
        """May one more link of ``kind`` found in a sitemap or feed be queued? (yes/no, why not)."""
        if kind == "sitemap":
            if self.sitemaps >= MAX_CHILD_SITEMAPS:
                return False, f"more than {MAX_CHILD_SITEMAPS} sitemaps on this host"
            self.sitemaps += 1
            return True, ""
        if self.sitemap_urls >= MAX_SITEMAP_URLS:
            return False, f"more than {MAX_SITEMAP_URLS} URLs from sitemaps and feeds on this host"
        self.sitemap_urls += 1
        return True, ""
