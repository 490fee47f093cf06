"""Every crawl test also checks that no fixture site received a request its robots.txt
disallows (RFC 9309, checked with the independent matcher of ``robots_check``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .fixture_sites import Site
from .robots_check import assert_no_disallowed


@pytest.fixture(autouse=True)
def _no_disallowed_request(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Record the sites a test starts; after it, check their logs against their robots.txt.

    A test that changes a site's robots.txt while it runs marks itself
    ``robots_changes`` and checks each phase itself.
    """
    started: list[Site] = []
    original = Site.start

    def start(self: Site) -> Site:
        started.append(self)
        return original(self)

    monkeypatch.setattr(Site, "start", start)
    yield
    if request.node.get_closest_marker("robots_changes") is None:
        assert_no_disallowed(*started)
