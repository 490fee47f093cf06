"""Crawl throughput against the politeness limit, on loopback fixture sites.

Several NukeViet-style archive sites are served on 127.0.0.x; one crawl fetches
them all with a per-host delay. The politeness limit is hosts / delay pages per
second (one request per host per delay); a polite crawler runs close to it and
never above it. Prints pages/s, the limit, their ratio and the smallest gap
seen between two requests to one host.

    .venv/bin/python bench/crawl_politeness.py --hosts 4 --delay 0.2 --pages 6
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.crawl.fixture_sites import archive_site  # noqa: E402
from unionnews.crawl import CrawlOptions, FetchLimits, crawl  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--hosts", type=int, default=4, help="fixture sites crawled at once")
    parser.add_argument("--delay", type=float, default=0.2, help="per-host delay in seconds")
    parser.add_argument("--pages", type=int, default=6, help="listing pages per site (3 articles each)")
    args = parser.parse_args()

    sites = [archive_site(pages=args.pages, host=f"127.0.0.{20 + i}") for i in range(args.hosts)]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            started = time.monotonic()
            summary = crawl(
                [s.base + "/news/tin-tuc/" for s in sites],
                Path(tmp) / "corpus",
                CrawlOptions(
                    delay=args.delay,
                    progress=False,
                    limits=FetchLimits(allow_private_addresses=True),
                ),
            )
            seconds = time.monotonic() - started
    finally:
        for site in sites:
            site.stop()
    requests = sum(len(s.log) for s in sites)
    limit = args.hosts / args.delay
    rate = requests / seconds
    min_gap = min(min(s.gaps()) for s in sites)
    print(f"hosts {args.hosts}, delay {args.delay} s, politeness limit {limit:.1f} requests/s")
    print(f"requests {requests} (pages stored {summary.fetched}) in {seconds:.2f} s")
    print(f"throughput {rate:.2f} requests/s = {rate / limit:.1%} of the limit")
    print(f"smallest gap between two requests to one host: {min_gap:.3f} s (delay {args.delay} s)")
    print(f"outcomes: {dict(summary.outcomes)}")


if __name__ == "__main__":
    main()
