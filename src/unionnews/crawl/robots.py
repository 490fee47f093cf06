"""robots.txt by RFC 9309, one rule set per origin.

Rules belong to an **origin**: scheme, host and port (a default port written or
not is one origin). ``http://h/``, ``https://h/`` and ``http://h:8080/`` each have
their own robots.txt and their own rules, never a rule set shared by host name.

Parsing and matching are Protego's (the RFC 9309 parser Scrapy uses): ``*`` and
``$`` in paths, the longest match wins, Allow wins a tie, paths and patterns
compared with the same percent-encoding, and the group chosen by our product
token (the User-Agent up to its first "/" or space, e.g. ``unionnews``), else
the ``*`` group, else no rules.

What an answer means (RFC 9309 section 2.3.1):

- 2xx: the rules it holds (read up to the crawler's size cap);
- 4xx, 404 included: no robots.txt, everything allowed;
- 5xx, a timeout, a reset, or an answer that cannot be read (too many redirects):
  nothing allowed until it can be read. The crawler tries again later and records
  each attempt.

The crawler follows up to 5 redirects of a robots.txt, to other origins too; the
rules then apply to the origin whose robots.txt was asked for. Rules are read
again by each new crawl process and, within one crawl, once they are
:data:`MAX_AGE` seconds old.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from protego import Protego

from unionnews.sources.urls import MalformedURL, canonical_url

#: (scheme, host, port): what a robots.txt applies to. The host is lower case, without brackets.
Origin = tuple[str, str, int]

#: Ports a URL may leave out.
DEFAULT_PORTS = {"http": 80, "https": 443}
#: Seconds rules are used before robots.txt is read again (RFC 9309 section 2.4: 24 hours).
MAX_AGE = 24 * 3600.0

#: The product token at the start of a User-Agent: "unionnews" in "unionnews/0.3 (research crawler)".
#: RFC 9309 allows letters, "_" and "-"; digits are accepted too, as real bots use them.
PRODUCT_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]+")

#: Verdicts of a robots.txt read: its rules, or everything allowed (4xx).
RULES, ALLOW_ALL = "rules", "allow_all"


def product_token(user_agent: str) -> str:
    """The name robots.txt groups are matched against, lower case ("*" when there is none).

    >>> product_token("unionnews/0.3 (research crawler)"), product_token("  Foo-Bot_2 x"), product_token("/")
    ('unionnews', 'foo-bot_2', '*')
    """
    m = PRODUCT_TOKEN_RE.match(user_agent.strip())
    return m.group(0).lower() if m else "*"


def origin_of(url: str) -> Origin:
    """The origin of ``url``, its default port filled in.

    >>> origin_of("HTTP://Ldld.VN/a"), origin_of("http://ldld.vn:80/b"), origin_of("https://[::1]:8443/")
    (('http', 'ldld.vn', 80), ('http', 'ldld.vn', 80), ('https', '::1', 8443))
    """
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:  # "Port out of range", "Invalid IPv6 URL"
        raise MalformedURL(url, str(exc)) from exc
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in DEFAULT_PORTS or not host:
        raise MalformedURL(url, "no http(s) origin")
    return scheme, host, port if port is not None else DEFAULT_PORTS[scheme]


def origin_text(origin: Origin) -> str:
    """``scheme://host[:port]`` as URLs of that origin start (the port only when not the default).

    >>> origin_text(("http", "ldld.vn", 80)), origin_text(("http", "::1", 8080))
    ('http://ldld.vn', 'http://[::1]:8080')
    """
    scheme, host, port = origin
    netloc = f"[{host}]" if ":" in host else host
    return f"{scheme}://{netloc}" if port == DEFAULT_PORTS[scheme] else f"{scheme}://{netloc}:{port}"


def robots_url(url: str) -> str:
    """The robots.txt of ``url``'s origin.

    >>> robots_url("HTTP://Ldld.vn:80/tin-tuc/a.html?x=1")
    'http://ldld.vn/robots.txt'
    """
    return canonical_url(origin_text(origin_of(url)) + "/robots.txt")


@dataclass(slots=True)
class RobotsRules:
    """What one origin's robots.txt allows our product token, as read at ``read_at``."""

    origin: Origin
    verdict: str
    token: str
    #: time.monotonic() of the read
    read_at: float
    parser: Protego | None = field(default=None, repr=False)

    def allowed(self, url: str) -> bool:
        """May ``url`` (of this origin) be fetched?"""
        if self.verdict == ALLOW_ALL or self.parser is None:
            return True
        return bool(self.parser.can_fetch(url, self.token))

    @property
    def crawl_delay(self) -> float | None:
        """The Crawl-delay of the group that applies to us (fractions allowed), or None."""
        if self.parser is None:
            return None
        delay = self.parser.crawl_delay(self.token)
        return float(delay) if delay is not None and delay >= 0 else None

    def stale(self, now: float | None = None, max_age: float | None = None) -> bool:
        """Are these rules older than ``max_age`` (default :data:`MAX_AGE`) at ``now`` (time.monotonic())?"""
        age = (time.monotonic() if now is None else now) - self.read_at
        return age >= (MAX_AGE if max_age is None else max_age)


def parse_robots(
    origin: Origin, body: bytes | str, user_agent: str, read_at: float | None = None
) -> RobotsRules:
    """The rules of a robots.txt body (2xx) for ``user_agent``; bytes are read as UTF-8."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    when = time.monotonic() if read_at is None else read_at
    return RobotsRules(origin, RULES, product_token(user_agent), when, Protego.parse(text))


def allow_all(origin: Origin, user_agent: str, read_at: float | None = None) -> RobotsRules:
    """Rules of an origin whose robots.txt answered 4xx: everything allowed."""
    when = time.monotonic() if read_at is None else read_at
    return RobotsRules(origin, ALLOW_ALL, product_token(user_agent), when)


def rules_for_answer(
    origin: Origin, status: int | None, body: bytes, user_agent: str, read_at: float | None = None
) -> RobotsRules | None:
    """The rules a robots.txt answer gives, by RFC 9309 section 2.3.1: a 2xx its body's rules,
    a 4xx none (all allowed); None for anything else (5xx, no answer): nothing allowed yet."""
    if status is not None and 200 <= status < 300:
        return parse_robots(origin, body, user_agent, read_at)
    if status is not None and 400 <= status < 500:
        return allow_all(origin, user_agent, read_at)
    return None
