"""Typed records that flow between the pipeline stages.

Matchers compute these; :mod:`unionnews.dataset` turns them into table rows.
Offsets (``start``/``end``) are always character offsets into ``Article.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from unionnews.nlp.normalize import match_key

#: Controlled vocabularies from the data contract (DESIGN.md).
METRICS: tuple[str, ...] = (
    "union_members",
    "union_members_female",
    "new_union_members",
    "grassroots_unions",
    "new_grassroots_unions",
    "party_members",
    "party_admissions",
    "party_referrals",
    "money",
    "percentage",
    "people_supported",
    "gifts",
    "houses",
    "awards",
    "initiatives",
    "trainings",
    "targets",
    "events",
    "documents_issued",
    "other_count",
)
UNITS: tuple[str, ...] = (
    "VND",
    "percent",
    "person",
    "org",
    "house",
    "gift",
    "item",
    "event",
    "class",
    "tree",
    "document",
    "project",
    "other",
)
QUALIFIERS: tuple[str, ...] = ("exact", "over", "under", "approx")
#: How a figure's period is given (``figures.period_granularity``): one day, month, quarter or
#: calendar year, or a term (a span given by its years: "nhiệm kỳ 2018 - 2023", "từ năm 2019 đến nay").
PERIOD_GRANULARITIES: tuple[str, ...] = ("year", "quarter", "month", "day", "term")
#: What a percentage is a percentage of (``figures.measure`` of unit percent): of a plan or
#: target ("đạt 104% kế hoạch"), of members ("96% đoàn viên"), of workers ("85% công nhân lao
#: động"), a change ("tăng 15% so với cùng kỳ"), or other.
PERCENT_MEASURES: tuple[str, ...] = ("of_plan", "of_members", "of_workers", "growth", "other")
#: What an amount of money is (``figures.measure`` of unit VND): raised ("vận động", "quyên
#: góp", "ủng hộ"), given ("trao", "tặng", "hỗ trợ", "chi"), paid (dues and fees: "đóng/nộp
#: đoàn phí, kinh phí công đoàn"), a budget ("dự toán", "ngân sách", "kế hoạch chi"), the value
#: of a gift ("trị giá"), or other.
MONEY_MEASURES: tuple[str, ...] = ("raised", "given", "paid", "budget", "value", "other")
#: Every measure (``figures.measure``); null for counts (see unionnews.nlp.measures).
MEASURES: tuple[str, ...] = (*PERCENT_MEASURES, *MONEY_MEASURES[:-1])
#: What a figure is: a result or state the article reports, or a goal it sets.
STATUSES: tuple[str, ...] = ("reported", "target")
#: How sure the metric is: "low" when the cues of the figure's clause disagree.
CONFIDENCES: tuple[str, ...] = ("high", "low")
ENTITY_TYPES: tuple[str, ...] = ("PERSON", "ORG", "LOC", "DATE", "TERM", "DOCUMENT")
#: How an article's province was found.
PROVINCE_SOURCES: tuple[str, ...] = ("registry", "host", "text", "site_name")
#: Where an article's title came from.
TITLE_SOURCES: tuple[str, ...] = ("page", "metadata")
#: The article field a span's offsets point into.
FIELDS: tuple[str, ...] = ("text", "title")
#: Why a line of the input is not in the article's text or title (the ``dropped`` table).
DROP_REASONS: tuple[str, ...] = (
    "metadata",  # a "URL:"/"Title:"/"Date:" header line of a text file, read as metadata
    "page_header",  # above the article's title or dateline: site name, top bar, category label
    "menu",  # a menu item ("• Tin tức")
    "breadcrumb",  # "Trang chủ > Tin tức", "vị trí của bạn: …"
    "chrome",  # share buttons, counters, font-size controls, separators, tags
    "repeated_title",  # the headline printed again at the top of the body
    "related_links",  # a box or run of links to other articles
    "spam",  # a line that is mostly injected spam (content-farm copies)
    "after_end",  # after the article's end marker ("Ý kiến bạn đọc", "Tin liên quan", the footer)
    "outside_main_text",  # HTML: visible page text the main-text extractor left out
)


@dataclass(frozen=True, slots=True)
class DroppedLine:
    """One line of an input that is not in the article's text or title, and why."""

    line: int  # 1-based: line of the decoded file (text), or of the page's visible text (HTML)
    text: str
    reason: str  # one of DROP_REASONS
    prose: bool = False  # does it read as a sentence (unionnews.articles.lines.is_prose)?

    def __post_init__(self) -> None:
        if self.reason not in DROP_REASONS:
            raise ValueError(f"unknown drop reason {self.reason!r}; known: {DROP_REASONS}")


@dataclass(slots=True)
class Article:
    """One news article after HTML/text processing, before fact extraction."""

    article_id: str
    url: str
    text: str
    title: str | None = None
    published: str | None = None  # ISO 8601: "2021-10-09T22:48:00" or "2021-10-09"
    author: str | None = None
    site: str | None = None
    province: str | None = None  # as written at publication time (pre-2025 name)
    province_2025: str | None = None
    content_hash: str = ""
    fetched_at: str | None = None
    extractor_version: str = ""
    source_path: str | None = None
    #: article_id of the first article with the same (normalised) text, for copies.
    duplicate_of: str | None = None
    #: For a duplicate: "alias" (another URL of the same site) or "copy" (republished elsewhere).
    copy_kind: str | None = None
    #: Other URLs that served this very page: redirect sources, the URL asked for, re-captures.
    aliases: list[str] = field(default_factory=list)
    #: Non-fatal remarks (e.g. "spam phrase removed", "charset guessed: cp1258").
    notes: list[str] = field(default_factory=list)
    #: How ``province`` was found: registry, host, text or site_name (None when not found).
    province_source: str | None = None
    #: Where ``title`` came from: "page" (the page's own headline) or "metadata" (given with
    #: the text: a table row, a "Title:" header); None when there is no title.
    title_source: str | None = None
    #: Lines of the input that are in neither ``text`` nor ``title``, with the reason.
    dropped: list[DroppedLine] = field(default_factory=list)
    #: Another URL of the same site that the page names as its own (``<link rel=canonical>``):
    #: a print or AMP copy, an old address. Used to count the page once; not a column.
    declared_url: str | None = None
    #: (the text it was computed from, its match key): see :attr:`key`. Not a column.
    _key: tuple[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def key(self) -> str:
        """The match key of ``text`` (:func:`~unionnews.nlp.normalize.match_key`), computed
        once and shared by every stage that reads the article (hashes, province, facts);
        computed again only when ``text`` is replaced."""
        cached = self._key
        if cached is None or cached[0] is not self.text:
            cached = (self.text, match_key(self.text))
            self._key = cached
        return cached[1]

    def remember_key(self, key: str) -> None:
        """Keep ``key``, computed by the caller as ``match_key(self.text)``, as :attr:`key`."""
        if len(key) != len(self.text):
            raise ValueError(f"a match key has the text's length ({len(self.text)}), not {len(key)}")
        self._key = (self.text, key)

    @property
    def published_date(self) -> date | None:
        if not self.published:
            return None
        try:
            return date.fromisoformat(self.published[:10])
        except ValueError:
            return None


@dataclass(slots=True)
class Context:
    """What the fact matchers know about the article they are reading."""

    province: str | None = None
    published: date | None = None
    #: The article's main term, e.g. (2018, 2023), used as the default period.
    term: tuple[int, int] | None = None
    #: The year the article reports on, for "trong năm", "năm qua": the publication year, or
    #: the year before when the article speaks of it more (a January review of last year).
    reported_year: int | None = None


@dataclass(slots=True)
class Figure:
    """A quantity found in the text, with what it counts and where it came from."""

    start: int
    end: int
    text: str
    value: float
    unit: str
    metric: str
    qualifier: str = "exact"
    total: float | None = None
    value_high: float | None = None  # upper bound of a range ("từ 50 đến 60"); value is the lower
    period_start: str | None = None
    period_end: str | None = None
    subject: str | None = None
    province: str | None = None
    sentence: str = ""
    rule: str = ""  # name of the rule that produced it (for debugging/evaluation)
    status: str = "reported"  # or "target": "phấn đấu kết nạp 500 đoàn viên"
    field_name: str = "text"  # the article field start/end point into ("field" column): text or title
    fact_id: str | None = None  # mentions of one fact in an article share it
    flag: str | None = None  # why the value is doubtful ("implausible: …"); None when it is not
    #: "high", or "low" when the evidence for the metric conflicts (compare leaves it out by default)
    confidence: str = "high"
    cues: str = ""  # the evidence for the metric, deciding cue first ("after:được kết nạp đảng=…")
    #: (start, end) of the figure of the same metric and sentence this one is a part of
    #: ("09 CĐCS, trong đó 07 CĐCS"); None when it is no part (unionnews.nlp.parts)
    part_of: tuple[int, int] | None = None
    #: what a percentage is of, what money is (MEASURES); None for counts (unionnews.nlp.measures)
    measure: str | None = None


@dataclass(slots=True)
class Entity:
    """A typed span: person, organisation, place, date, term or document reference."""

    type: str
    start: int
    end: int
    text: str
    canonical: str
    role: str | None = None  # PERSON only: "; "-joined roles
    rule: str = ""
    #: Extra structured fields (DOCUMENT: doc_type, date; PERSON: roles list…).
    attrs: dict[str, str] = field(default_factory=dict)
    field_name: str = "text"  # the article field start/end point into ("field" column): text or title


@dataclass(slots=True)
class DocumentError:
    """Why one input could not be turned into an article."""

    source: str
    stage: str  # "read", "decode", "parse", "extract"
    error: str  # exception class name, e.g. "EmptyDocument"
    message: str


@dataclass(slots=True)
class ArticleResult:
    """Everything extracted from one article: the unit the dataset writers consume."""

    article: Article
    figures: list[Figure] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
