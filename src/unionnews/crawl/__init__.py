"""Polite, resumable crawling of provincial union sites into WARC files.

>>> summary = crawl(["https://ldld.example.gov.vn/news/"], "corpus", CrawlOptions(delay=2))  # doctest: +SKIP
"""

from unionnews.crawl.crawler import CrawlOptions, CrawlSummary, crawl
from unionnews.crawl.fetch import FetchLimits
from unionnews.crawl.state import CrawlerBusy

__all__ = ["CrawlOptions", "CrawlSummary", "CrawlerBusy", "FetchLimits", "crawl"]
