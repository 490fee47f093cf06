"""An independent robots.txt matcher, and a check of fixture servers' logs against it.

Deliberately tiny and written apart from the crawler (which uses Protego), so that a
mistake in how the crawler uses its parser shows up as a request this check refuses.
It covers what the fixture robots.txt files use: groups (several User-agent lines, the
product token or ``*``, same-name groups merged), Allow/Disallow with ``*`` and a
final ``$``, longest match, Allow on a tie, percent-encoding compared unescaped.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote

from unionnews.crawl.fetch import USER_AGENT

from .fixture_sites import Site

#: One "field: value" line of robots.txt, comments already cut.
LINE_RE = re.compile(r"^\s*([A-Za-z-]+)\s*:\s*(.*?)\s*$")


def _norm(text: str) -> str:
    """Both paths and patterns, spelled one way: "%7E" and "~", "đ" and "%C4%91" alike."""
    return quote(unquote(text), safe="/?=&*$:@!'()+,;-._~%")


def rules_for(robots_txt: str, token: str) -> list[tuple[bool, str]]:
    """(allow, pattern) rules of the group for ``token`` (lower case), else of ``*``."""
    groups: dict[str, list[tuple[bool, str]]] = {}
    agents: list[str] = []
    in_rules = False
    for raw in robots_txt.splitlines():
        m = LINE_RE.match(raw.split("#", 1)[0])
        if not m:
            continue
        name, value = m.group(1).lower(), m.group(2)
        if name == "user-agent":
            if in_rules:
                agents, in_rules = [], False
            agents.append(value.lower())
            for agent in agents:
                groups.setdefault(agent, [])
        elif name in ("allow", "disallow"):
            in_rules = True
            if value:
                for agent in agents:
                    groups[agent].append((name == "allow", value))
    return groups.get(token, groups.get("*", []))


def _matches(pattern: str, path: str) -> bool:
    """Only a written "*" and a written final "$" are special ("%2A", "%24" are characters)."""
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    regex = ".*".join(re.escape(_norm(part)) for part in body.split("*"))
    return re.match(regex + (r"\Z" if anchored else ""), _norm(path)) is not None


def allowed(robots_txt: str, path: str, token: str = "unionnews") -> bool:
    """Is ``path`` (with its query) allowed to ``token`` by ``robots_txt``?"""
    if path == "/robots.txt":
        return True
    best: tuple[int, bool] | None = None  # (length, allow): longest wins, allow wins ties
    for allow, pattern in rules_for(robots_txt, token):
        if _matches(pattern, path):
            key = (len(pattern), allow)
            best = key if best is None or key > best else best
    return best is None or best[1]


def token_of(user_agent: str = USER_AGENT) -> str:
    return user_agent.split("/", 1)[0].split()[0].lower()


def robots_text(site: Site) -> str | None:
    """The robots.txt a site serves with a plain 200 route, or None."""
    route = site.routes.get("/robots.txt")
    if isinstance(route, tuple) and route[0] == 200:
        return route[2].decode("utf-8")
    return None


def disallowed_requests(
    site: Site, robots_txt: str | None = None, user_agent: str = USER_AGENT, since: int = 0
) -> list[str]:
    """Paths ``site`` received (from log entry ``since`` on) that its robots.txt disallows."""
    text = robots_text(site) if robots_txt is None else robots_txt
    assert text is not None, f"{site.base} serves no fixed robots.txt: pass robots_txt"
    token = token_of(user_agent)
    return [p for _, p in site.log[since:] if not p.startswith("!") and not allowed(text, p, token)]


def assert_no_disallowed(*sites: Site, user_agent: str = USER_AGENT) -> None:
    """No site with a fixed robots.txt received a request its robots.txt disallows."""
    for site in sites:
        if robots_text(site) is not None:
            assert disallowed_requests(site, user_agent=user_agent) == [], site.base
