"""Fact extraction as an ordered list of components over one article.

Each component reads and writes fields of a :class:`Doc` and declares which,
so a user can insert, drop or replace one (``Pipeline.default().replace(...)``).
The default order matters: dates, terms and document numbers are found first
so the figure matcher can skip the numbers inside them; persons and bodies
come before subjects are assigned to figures.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Protocol

from unionnews.errors import TimeBudgetExceeded
from unionnews.lexicon import successor_2025
from unionnews.model import Article, ArticleResult, Context, Entity, Figure
from unionnews.nlp.documents import find_documents
from unionnews.nlp.figures import MetricRules, find_figures, load_metric_rules
from unionnews.nlp.measures import assign_measures
from unionnews.nlp.normalize import match_key
from unionnews.nlp.orgs import find_orgs
from unionnews.nlp.parts import link_parts
from unionnews.nlp.persons import find_persons
from unionnews.nlp.places import find_places
from unionnews.nlp.plausibility import flag_implausible
from unionnews.nlp.sentences import split_sentences
from unionnews.nlp.subjects import assign_subjects
from unionnews.nlp.temporal import blocked_spans, find_dates, find_terms

logger = logging.getLogger(__name__)


@dataclass(slots=True)
class Doc:
    """The working state of one article while components run over it."""

    article: Article
    key: str
    sentences: list[tuple[int, int]]
    ctx: Context
    figures: list[Figure] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    #: The headline over this text (None for a Doc over the headline itself).
    title: str | None = None

    @classmethod
    def from_article(cls, article: Article) -> Doc:
        text = article.text
        ctx = Context(province=article.province, published=article.published_date)
        return cls(article, article.key, split_sentences(text), ctx, title=article.title)

    def of_type(self, *types: str) -> list[Entity]:
        return [e for e in self.entities if e.type in types]


class Component(Protocol):
    """One step of the pipeline: takes a Doc, fills some of its fields."""

    @property
    def name(self) -> str: ...

    @property
    def reads(self) -> tuple[str, ...]: ...

    @property
    def writes(self) -> tuple[str, ...]: ...

    def __call__(self, doc: Doc) -> None: ...


@dataclass(frozen=True, slots=True)
class FunctionComponent:
    """Wrap a plain function ``fn(doc) -> None`` as a named component."""

    name: str
    fn: Callable[[Doc], None]
    reads: tuple[str, ...] = ()
    writes: tuple[str, ...] = ()

    def __call__(self, doc: Doc) -> None:
        self.fn(doc)


# --- the default components -------------------------------------------------------------


def temporal_component(doc: Doc) -> None:
    """DATE, TERM and DOCUMENT entities; sets the article's main term on the context."""
    text, key = doc.article.text, doc.key
    terms = find_terms(text, key)
    doc.entities.extend(find_dates(text, key, published=doc.ctx.published))
    doc.entities.extend(terms)
    doc.entities.extend(find_documents(text, key))
    doc.ctx.term = main_term(terms, doc.ctx.published) or doc.ctx.term  # a title keeps the body's


def figures_component(doc: Doc) -> None:
    """Figures, skipping numbers inside dates, terms and document references."""
    blocked = blocked_spans(doc.of_type("DATE", "TERM", "DOCUMENT"))
    doc.figures.extend(
        find_figures(
            doc.article.text,
            doc.ctx,
            key=doc.key,
            sentences=doc.sentences,
            blocked=blocked,
            title=doc.title,
        )
    )


def entities_component(doc: Doc) -> None:
    """PERSON (with roles), ORG and LOC entities."""
    text, key = doc.article.text, doc.key
    doc.entities.extend(find_persons(text, doc.ctx, key=key, sentences=doc.sentences))
    doc.entities.extend(find_orgs(text, doc.ctx, key=key, title=doc.article.title))
    doc.entities.extend(find_places(text, key=key))


def subjects_component(doc: Doc) -> None:
    """Give each figure the body it is about and the province it belongs to."""
    assign_subjects(
        doc.figures, doc.entities, key=doc.key, sentences=doc.sentences, ctx=doc.ctx, title=doc.article.title
    )


def main_term(terms: Sequence[Entity], published: date | None = None) -> tuple[int, int] | None:
    """The article's term, the default period of figures that state none: the most
    mentioned TERM, earliest on ties.

    With the publication date, a term that begins in or after the publication year is
    left out: it is the term a congress opens ("Đại hội … nhiệm kỳ 2023 - 2028" in June
    2023), and what the article reports happened before it.
    """
    if published is not None:
        terms = [t for t in terms if t.canonical[:4].isdigit() and int(t.canonical[:4]) < published.year]
    if not terms:
        return None
    counts = Counter(t.canonical for t in terms)
    best = max(counts, key=lambda c: (counts[c], -min(t.start for t in terms if t.canonical == c)))
    first, _, last = best.partition("-")
    try:
        return int(first), int(last)
    except ValueError:
        return None


#: What a Doc holds before any component runs: the text, its match key, its sentences, the
#: title and the context the article gives (province, publication date).
DOC_INPUTS = frozenset({"text", "key", "sentences", "title", "ctx", "ctx.province", "ctx.published"})

#: Reads and writes of the figures component (also of :func:`figures_with`'s).
FIGURES_READS = ("text", "key", "sentences", "title", "entities", "ctx.published", "ctx.term")
FIGURES_WRITES = ("figures", "ctx.reported_year")

DEFAULT_COMPONENTS: tuple[Component, ...] = (
    FunctionComponent(
        "temporal", temporal_component, ("text", "key", "ctx.published"), ("entities", "ctx.term")
    ),
    FunctionComponent("figures", figures_component, FIGURES_READS, FIGURES_WRITES),
    FunctionComponent(
        "entities", entities_component, ("text", "key", "sentences", "ctx", "title"), ("entities",)
    ),
    FunctionComponent(
        "subjects",
        subjects_component,
        ("figures", "entities", "key", "sentences", "ctx", "title"),
        ("figures",),
    ),
)


class PipelineError(ValueError):
    """Components in an order where one reads what nothing before it writes."""


def check_order(components: Sequence[Component]) -> None:
    """Raise :class:`PipelineError` when a component reads a field that neither the Doc
    starts with (:data:`DOC_INPUTS`) nor an earlier component writes. "ctx" stands for
    every ``ctx.`` field, and a write of "ctx.x" satisfies a read of "ctx.x" only."""
    available = set(DOC_INPUTS)
    for component in components:
        reads = getattr(component, "reads", ())
        missing = [r for r in reads if r not in available]
        if missing:
            raise PipelineError(
                f"component {getattr(component, 'name', component)!r} reads {missing}, which no "
                f"earlier component writes (available: {sorted(available)})"
            )
        available.update(getattr(component, "writes", ()))


def figures_with(rules: MetricRules) -> FunctionComponent:
    """The figures component with other metric rules (e.g. the packaged ones plus a user file)."""

    def component(doc: Doc) -> None:
        blocked = blocked_spans(doc.of_type("DATE", "TERM", "DOCUMENT"))
        doc.figures.extend(
            find_figures(
                doc.article.text,
                doc.ctx,
                key=doc.key,
                sentences=doc.sentences,
                blocked=blocked,
                rules=rules,
                title=doc.title,
            )
        )

    return FunctionComponent("figures", component, FIGURES_READS, FIGURES_WRITES)


@lru_cache(maxsize=8)
def pipeline_for(metrics: str | None = None) -> Pipeline:
    """The default pipeline, with the metric lexicon extended by the TOML file ``metrics``."""
    if metrics is None:
        return Pipeline.default()
    return Pipeline.default().replace("figures", figures_with(load_metric_rules(metrics)))


@dataclass(slots=True)
class Pipeline:
    """An ordered list of components; call it on an Article to get an ArticleResult."""

    components: list[Component]

    def __post_init__(self) -> None:
        check_order(self.components)

    @classmethod
    def default(cls) -> Pipeline:
        return cls(list(DEFAULT_COMPONENTS))

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def replace(self, name: str, component: Component) -> Pipeline:
        """A copy with the component called ``name`` swapped for ``component``."""
        if name not in self.names:
            raise KeyError(f"no component {name!r}; have {self.names}")
        return Pipeline([component if c.name == name else c for c in self.components])

    def without(self, *names: str) -> Pipeline:
        return Pipeline([c for c in self.components if c.name not in names])

    def run(self, doc: Doc, deadline: float | None = None) -> Doc:
        """Run every component over ``doc``; figures and entities end up in text order.

        ``deadline`` (a :func:`time.monotonic` value) is checked before each component:
        past it, :class:`TimeBudgetExceeded` is raised.
        """
        for component in self.components:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeBudgetExceeded(
                    f"{doc.article.source_path or doc.article.url}: over its time budget before the "
                    f"{component.name!r} step ({len(doc.article.text):,} characters); raise "
                    "--time-budget to extract it"
                )
            started = time.perf_counter()
            component(doc)
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug(
                    "%s: %s (%s) in %.1f ms",
                    doc.article.source_path or doc.article.url,
                    component.name,
                    f"{len(doc.article.text):,} characters",
                    (time.perf_counter() - started) * 1000,
                )
        doc.figures.sort(key=lambda f: (f.start, f.end))
        doc.entities.sort(key=lambda e: (e.start, e.end, e.type))
        return doc

    def __call__(self, article: Article, budget: float | None = None) -> ArticleResult:
        """Facts of ``article``; ``budget`` is the most seconds it may take (None: no limit)."""
        deadline = None if budget is None else time.monotonic() + budget
        doc = self.run(Doc.from_article(article), deadline)
        figures, entities = doc.figures, doc.entities
        if article.title and article.title.strip():
            title_doc = self.run(title_doc_of(article, doc), deadline)
            figures = figures + adopt_title_figures(title_doc.figures, doc)
            entities = entities + title_doc.entities
            for fig in title_doc.figures:
                fig.field_name = "title"
            for ent in title_doc.entities:
                ent.field_name = "title"
        group_facts(figures, article.article_id)
        link_parts(figures, article.text, article.title or "")
        assign_measures(figures, article.text, article.title or "")
        flag_implausible(figures)
        return ArticleResult(article=article, figures=figures, entities=entities)


def title_doc_of(article: Article, body: Doc) -> Doc:
    """A Doc over the article's title, knowing what the body taught: province, publication
    date, the main term and the reported year."""
    title = article.title or ""
    ctx = Context(
        province=body.ctx.province,
        published=body.ctx.published,
        term=body.ctx.term,
        reported_year=body.ctx.reported_year,
    )
    return Doc(replace(article, text=title), match_key(title), split_sentences(title), ctx)


def adopt_title_figures(title_figures: list[Figure], body: Doc) -> list[Figure]:
    """Title figures, with period and subject taken from the body's mention of the same
    figure (same metric, value, unit and total) where there is one: a headline states a
    figure without the context the body gives it. Otherwise the subject defaults to the
    body's main body when the title names none."""
    by_fact = {_mention_key(f): f for f in reversed(body.figures)}
    subjects = Counter(f.subject for f in body.figures if f.subject)
    default = subjects.most_common(1)[0][0] if subjects else None
    for fig in title_figures:
        twin = by_fact.get(_mention_key(fig))
        if twin is not None:
            fig.period_start, fig.period_end = twin.period_start, twin.period_end
            fig.subject, fig.province, fig.status = twin.subject, twin.province, twin.status
        elif fig.subject is None:
            fig.subject = default
    return title_figures


def _mention_key(fig: Figure) -> tuple[object, ...]:
    return (fig.metric, fig.value, fig.unit, fig.total, fig.value_high)


def group_facts(figures: Sequence[Figure], article_id: str) -> None:
    """Give mentions of one fact the same ``fact_id``: the same metric, value, unit,
    total, status and period in one article (a figure said in the title, the lead and
    the body is one fact). The id is a short hash of the article and those fields.
    """
    for fig in figures:
        key = (
            article_id,
            *_mention_key(fig),
            fig.status,
            fig.period_start,
            fig.period_end,
        )
        fig.fact_id = hashlib.sha1(repr(key).encode("utf-8")).hexdigest()[:16]


def extract_facts(
    article: Article, pipeline: Pipeline | None = None, *, budget: float | None = None
) -> ArticleResult:
    """Figures and entities of one article, with the default pipeline unless one is given.

    ``budget`` is the most seconds the article may take (checked between steps); past it,
    :class:`~unionnews.errors.TimeBudgetExceeded` is raised.
    """
    if article.province and not article.province_2025:
        article.province_2025 = successor_2025(article.province)
    return (pipeline or Pipeline.default())(article, budget)
