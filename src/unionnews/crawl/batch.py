"""Batch crawls over the site registry, and a check that each registered site answers.

``unionnews crawl --all`` (or ``--province``, repeatable) starts from every chosen site's
seeds (:attr:`~unionnews.sources.registry.Site.seeds`: a newspaper's union sections and
feeds, a union body's entry points, feeds and sitemaps). ``unionnews sites --check`` asks
each site's first seed once, robots.txt obeyed, through the crawler's own fetch.
"""

from __future__ import annotations

import logging
import time
import tomllib
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from unionnews.crawl.failures import cause
from unionnews.crawl.fetch import USER_AGENT, FetchLimits, fetch, new_session
from unionnews.crawl.robots import origin_of, robots_url, rules_for_answer
from unionnews.lexicon import find_province
from unionnews.sources.registry import Registry, RegistryError, Site, normalize_host, unit_2025

logger = logging.getLogger(__name__)

#: Parallel checks (each on its own host).
CHECK_WORKERS = 8
#: Bytes of a robots.txt read by a check (as the crawler reads it).
MAX_ROBOTS_BYTES = 500 * 1024
#: Longest robots.txt Crawl-delay a check waits between robots.txt and the seed (seconds).
MAX_CHECK_DELAY = 60.0


def sites_of_province(registry: Registry, name: str) -> list[Site]:
    """Registered sites of a province named before or after the 2025 merger (any accents).

    A name that is both (Phú Thọ) gives the sites of either. Raises
    :class:`~unionnews.sources.registry.RegistryError` for a name that is no province.
    """
    prov, unit = find_province(name), unit_2025(name)
    if prov is None and unit is None:
        raise RegistryError(f"--province '{name}' is not a province name (before or after the 2025 merger).")
    return [
        site
        for site in registry
        if (prov is not None and site.province == prov.name)
        or (unit is not None and site.province_2025 == unit)
    ]


def file_hosts(path: Path) -> frozenset[str]:
    """The hosts a sites TOML file registers (the file as :func:`load_registry` read it)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    tables = data.get("site", [])
    return frozenset(normalize_host(str(t["host"])) for t in tables if isinstance(t, dict) and "host" in t)


def choose_sites(
    registry: Registry,
    provinces: Sequence[str] = (),
    every: bool = False,
    confirmed_only: bool = False,
    among: frozenset[str] | None = None,
) -> list[Site]:
    """The sites of a batch crawl, in registry order, each once: every site (``every``) or
    those of ``provinces``; without unconfirmed entries when ``confirmed_only``; only hosts
    of ``among`` when given (the sites of one's own file).

    A province without any such site raises :class:`RegistryError`: a batch that would
    crawl nothing of it is a mistake to show, not to run.
    """

    def wanted(site: Site) -> bool:
        return (not confirmed_only or site.status == "confirmed") and (among is None or site.host in among)

    chosen: dict[str, Site] = {}
    if every:
        chosen.update((site.host, site) for site in registry if wanted(site))
    for name in provinces:
        found = [site for site in sites_of_province(registry, name) if wanted(site)]
        if not found:
            which = "confirmed site" if confirmed_only else "site"
            raise RegistryError(
                f"No registered {which} for the province {name}. Add a [[site]] to your sites TOML "
                "(docs/sites.md), or give the site's URL."
            )
        chosen.update((site.host, site) for site in found)
    order = {site.host: i for i, site in enumerate(registry)}
    return sorted(chosen.values(), key=lambda s: order[s.host])


def seeds_of(sites: Iterable[Site]) -> list[str]:
    """The seed URLs of ``sites``, in order, each once."""
    return list(dict.fromkeys(url for site in sites for url in site.seeds))


def first_seed(site: Site) -> str:
    """The URL a check asks: the site's first seed, else its home page."""
    return site.seeds[0] if site.seeds else f"https://{site.host}/"


@dataclass(frozen=True, slots=True)
class SiteCheck:
    """What one site's first seed answered."""

    host: str
    url: str
    #: the HTTP status of the seed (after redirects), None when it gave none
    status: int | None
    #: "ok", or why the seed gave no page: a fetch outcome, "robots_unavailable", "robots_disallowed"
    outcome: str
    reason: str
    seconds: float

    @property
    def answered(self) -> bool:
        """Did the seed give a page (a 2xx after any redirects)?"""
        return self.outcome == "ok" and self.status is not None and self.status < 300

    @property
    def answer(self) -> str:
        """The status code, or the short reason there is none ("DNS failure", "timeout"…)."""
        if self.status is not None and self.outcome in ("ok", "http_error", "retry", "rate_limited"):
            return str(self.status)
        return short_reason(self.outcome, self.reason)


def short_reason(outcome: str, reason: str) -> str:
    """Why a fetch gave no answer, in a few words.

    >>> short_reason("retry", "ConnectionError: ... [Errno 111] Connection refused")
    'connection refused'
    >>> short_reason("private_address", "127.0.0.1 is a loopback address; pass --allow-private-addresses")
    'private address'
    """
    if outcome in ("retry", "too_slow"):
        return cause(reason)
    if outcome in ("private_address", "redirect_loop", "offsite_redirect", "malformed_url", "too_large"):
        return outcome.replace("_", " ")
    return reason or outcome


def check_site(
    site: Site, limits: FetchLimits, user_agent: str = USER_AGENT, max_delay: float = MAX_CHECK_DELAY
) -> SiteCheck:
    """GET ``site``'s first seed once, after its robots.txt (obeyed, its Crawl-delay waited,
    at most ``max_delay`` seconds), through the crawler's fetch and limits."""
    url = first_seed(site)
    session = new_session(user_agent, limits.allow_private_addresses, limits.resolve)
    try:
        robots = fetch(session, robots_url(url), limits, 0.0, None, MAX_ROBOTS_BYTES, True)
        readable = robots.outcome in ("ok", "http_error")
        rules = rules_for_answer(origin_of(url), robots.status if readable else None, robots.body, user_agent)
        if rules is None:
            answer = (
                str(robots.status)
                if robots.status is not None
                else short_reason(robots.outcome, robots.reason)
            )
            return SiteCheck(site.host, url, None, "robots_unavailable", f"robots.txt: {answer}", 0.0)
        if not rules.allowed(url):
            return SiteCheck(site.host, url, None, "robots_disallowed", "disallowed by robots.txt", 0.0)
        time.sleep(min(rules.crawl_delay or 0.0, max_delay))
        started = time.monotonic()
        page = fetch(session, url, limits, 0.0)
        seconds = time.monotonic() - started
    finally:
        session.close()
    return SiteCheck(site.host, url, page.status, page.outcome, page.reason, seconds)


def check_sites(
    sites: Sequence[Site], limits: FetchLimits, user_agent: str = USER_AGENT, workers: int = CHECK_WORKERS
) -> list[SiteCheck]:
    """:func:`check_site` for each site, several hosts at a time; results in the sites' order."""
    if not sites:
        return []
    with ThreadPoolExecutor(max_workers=min(workers, len(sites))) as pool:
        return list(pool.map(lambda site: _guarded_check(site, limits, user_agent), sites))


def _guarded_check(site: Site, limits: FetchLimits, user_agent: str) -> SiteCheck:
    """:func:`check_site`; an error raised (a bug: fetch decides by outcomes) is that site's answer."""
    try:
        return check_site(site, limits, user_agent)
    except Exception as exc:
        logger.error("checking %s failed: %s: %s", site.host, type(exc).__name__, exc, exc_info=exc)
        return SiteCheck(
            site.host, first_seed(site), None, "check_error", f"{type(exc).__name__}: {exc}", 0.0
        )
