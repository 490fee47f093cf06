"""One document (HTML or saved text) to one :class:`~unionnews.model.Article`.

:func:`extract_article` decodes bytes (:mod:`unionnews.inputs.decode`), parses a
saved text page (:mod:`.text`) or an HTML page (:mod:`.html`), removes chrome and
injected spam (:mod:`.chrome`), finds the byline (:mod:`.byline`), the dateline
(:mod:`.dates`) and the province (:mod:`.province`). The stored text opens with
the page's dateline as written, so the publication date is a traceable DATE.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from unionnews import __version__
from unionnews.articles.dates import parse_date_value, parse_dateline
from unionnews.articles.dedup import content_hash
from unionnews.articles.header import TextHeader, read_header
from unionnews.articles.html import (
    LISTING_SIGNS,
    MAX_LISTING_LEAD,
    MIN_LISTING_LINKS,
    is_listing,
    parse_html_page,
)
from unionnews.articles.province import find_province, host_of
from unionnews.articles.text import ParsedPage, parse_text_page
from unionnews.errors import EmptyDocument, NotAnArticle
from unionnews.inputs.decode import VIETNAMESE_CHAR_RE, decode_bytes
from unionnews.lexicon import successor_2025
from unionnews.model import Article, DroppedLine
from unionnews.nlp.normalize import clean_text, match_key
from unionnews.sources.urls import WEB_URL_RE, canonical_url

#: The site of a local file (no host known).
LOCAL_SITE = "local"
#: Fewer characters of body text than this is not an article (a listing, an error page).
MIN_ARTICLE_CHARS = 200
#: A page whose text is mostly link titles (this share, on at least MIN_LISTING_LINKS lines)
#: is a listing of articles, not an article.
MAX_LINK_SHARE = 0.5

#: Days by which the page's date may differ from the date its sitemap or feed gave it
#: before the difference is noted.
LISTED_DATE_TOLERANCE_DAYS = 3

#: Share of letters that must be Vietnamese-only letters for the text to count as Vietnamese.
MIN_VIETNAMESE_RATIO = 0.03


def _looks_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype", "<html", "<?xml", "<head", "<meta")) or "<body" in head


def _check(parsed: ParsedPage, source: str) -> None:
    if not parsed.text.strip():
        raise EmptyDocument(
            f"{source}: no article text left after removing page chrome; "
            "check that the file is an article page, not a menu or an empty template"
        )
    if len(parsed.text) < MIN_ARTICLE_CHARS:
        raise NotAnArticle(
            f"{source}: only {len(parsed.text)} characters of article text (a listing, "
            "a contact or an error page?); nothing to extract"
        )
    if parsed.link_lines >= MIN_LISTING_LINKS and (
        parsed.link_share >= MAX_LINK_SHARE or parsed.lead_share < MAX_LISTING_LEAD
    ):
        raise NotAnArticle(
            f"{source}: a listing page ({parsed.link_lines} items open with the title of a link, "
            f"{parsed.link_share:.0%} of the text); its articles are read from their own pages"
        )
    if is_listing(parsed.listing_signs):
        raise NotAnArticle(
            f"{source}: a listing page ("
            + "; ".join(LISTING_SIGNS[sign] for sign in parsed.listing_signs)
            + "); its articles are read from their own pages"
        )
    letters = sum(map(str.isalpha, parsed.text))
    ratio = len(VIETNAMESE_CHAR_RE.findall(parsed.text.lower())) / max(letters, 1)
    if ratio < MIN_VIETNAMESE_RATIO:
        raise NotAnArticle(
            f"not Vietnamese: {source} has {ratio:.1%} Vietnamese letters "
            f"(a Vietnamese article has over {MIN_VIETNAMESE_RATIO:.0%}); only Vietnamese pages are read"
        )


def extract_article(
    data: bytes | str,
    *,
    url: str | None = None,
    path: str | None = None,
    kind: str | None = None,
    fetched_at: str | None = None,
    charset: str | None = None,
    aliases: Sequence[str] = (),
    title: str | None = None,
    published: str | None = None,
    listed: tuple[str, str] | None = None,
) -> Article:
    """Decode, parse and describe one document; raise a named InputError when it is not one.

    ``kind`` is "html" or "txt" (guessed from the content when None); ``charset`` is
    the encoding a server declared, tried first. ``url`` is the page's URL (else the
    file:// URI of ``path``); web URLs are canonicalised (tracking parameters,
    fragments and index files dropped) and hashed into the stable ``article_id``
    (first 16 hex digits of its SHA-1; the text's own hash when there is neither).
    ``aliases`` are other URLs that served the page (redirect sources).
    ``title`` and ``published`` are metadata that came with the document (a row of a
    table of articles, a text file's header): the title is the article's and is not
    looked for in the text; the date (ISO 8601 or a dateline form) is the publication
    time when it can be read. ``listed`` is the (ISO date, source kind) a sitemap, feed or
    listing gave the page when it was crawled: a page date more than
    :data:`LISTED_DATE_TOLERANCE_DAYS` away from it is noted (the page's date is kept).
    ``content_hash`` is the SHA-1 of the whitespace-collapsed :func:`match_key` of
    the stored text.

    Raises :class:`EmptyDocument`, :class:`NotText`, :class:`DecodeError` or
    :class:`NotAnArticle` (all :class:`~unionnews.errors.InputError`).
    """
    notes: list[str] = []
    if isinstance(data, bytes):
        decoded = decode_bytes(data, declared=charset)
        page, notes = decoded.text, list(decoded.notes)
    else:
        page = clean_text(data)
    is_html = kind == "html" or (kind is None and _looks_html(page))
    header = TextHeader() if is_html else read_header(page)
    dropped: list[DroppedLine] = []
    if header.lines:
        lines = page.split("\n")
        dropped = [DroppedLine(i + 1, lines[i].strip(), "metadata") for i in header.lines if lines[i].strip()]
        for i in header.lines:
            lines[i] = ""  # read as metadata; line numbers of the rest stay true
        page = "\n".join(lines)
        url = header.url or url
        title = title or header.title
        published = published or header.published
    source = path or url or "<text>"
    meta_title = " ".join(title.split()) if title and title.strip() else None
    parsed = (
        parse_html_page(page, title=meta_title, url=url)
        if is_html
        else parse_text_page(page, title=meta_title)
    )
    _check(parsed, source)
    if parsed.url and not (url and WEB_URL_RE.match(url)):
        url = parsed.url  # a saved page says where it lives
        notes.append("URL from the page's canonical link")
    if url is None and path is not None:
        url = Path(path).resolve().as_uri()
    elif url is not None and WEB_URL_RE.match(url):
        url = canonical_url(url)
    dropped.extend(parsed.dropped)
    meta_time = _metadata_time(published)
    if published and meta_time is None:
        notes.append(f"date given with the text could not be read: {published!r}")
    if meta_time is not None:
        if (
            parsed.published
            and parsed.published[:10] == meta_time[:10]
            and len(parsed.published) > len(meta_time)
        ):
            meta_time = parsed.published  # the page's dateline adds the time of day
        elif parsed.published and parsed.published[:10] != meta_time[:10]:
            notes.append(f"the page's dateline says {parsed.published}; the date given with it is kept")
        parsed.published = meta_time
        if parsed.dateline is None and published:
            parsed.dateline = " ".join(published.split())  # the stored text opens with the date as given
    if listed is not None:
        notes.extend(_listed_note(parsed.published, listed))
    host = host_of(url)
    text = parsed.full_text
    key = match_key(text)  # the one normalisation of the text: the Article carries it on
    province, province_source = find_province(
        title=parsed.title,
        text=parsed.text,
        host=host,
        site_name=parsed.site_name,
        site_lines=parsed.site_lines,
        key=key[len(text) - len(parsed.text) :],  # the body's key: the dateline line is cut off
    )
    digest = content_hash(text, key)
    article = Article(
        article_id=hashlib.sha1(url.encode("utf-8")).hexdigest()[:16] if url else digest[:16],
        url=url or "",
        text=text,
        title=parsed.title,
        published=parsed.published,
        author=parsed.author,
        site=host or LOCAL_SITE,
        province=province,
        province_2025=successor_2025(province),
        content_hash=digest,
        fetched_at=fetched_at,
        extractor_version=__version__,
        source_path=path,
        notes=notes + parsed.notes,
        aliases=sorted({canonical_url(a) for a in aliases if WEB_URL_RE.match(a)} - {url}),
        province_source=province_source,
        title_source=None if parsed.title is None else ("metadata" if meta_title else "page"),
        dropped=dropped,
        declared_url=_declared_url(url, parsed.url),
    )
    article.remember_key(key)
    return article


def _declared_url(url: str | None, declared: str | None) -> str | None:
    """The canonical link of a web page when it names another page of the same site than
    ``url``, and not the site's home page (a template that points every page there)."""
    if not (url and declared and WEB_URL_RE.match(url)):
        return None
    try:
        target = canonical_url(declared)
    except ValueError:
        return None
    if target == url or host_of(target) != host_of(url) or urlsplit(target).path in ("", "/"):
        return None
    return target


def _listed_note(published: str | None, listed: tuple[str, str]) -> list[str]:
    """A note when the page's date and the date its sitemap or feed gave disagree."""
    when, source = listed
    try:
        given = date.fromisoformat(when[:10])
    except ValueError:
        return [f"the {source} date of this page cannot be read: {when!r}"]
    if not published:
        return [f"no date on the page; the {source} gives {given.isoformat()}"]
    try:
        page = date.fromisoformat(published[:10])
    except ValueError:
        return []
    if abs((page - given).days) > LISTED_DATE_TOLERANCE_DAYS:
        return [
            f"the page says {page.isoformat()}, its {source} {given.isoformat()} "
            f"({abs((page - given).days)} days apart); the page's date is kept"
        ]
    return []


def _metadata_time(value: str | None) -> str | None:
    """A date given with the text ("2024-03-12T08:15:00+07:00", "12/03/2024 08:15",
    "Thứ Ba, 12/03/2024"), as ISO 8601; None when it cannot be read."""
    if not value or not value.strip():
        return None
    return parse_date_value(value) or parse_dateline(value)
