"""Score a dataset against gold annotations: precision/recall/F1 per field.

Conventions (also in docs/annotation.md's spirit):

* Articles are paired by gold ``source`` and ``articles.source_path``, both
  resolved to absolute paths (gold relative to ``gold_root`` or the working
  directory, predictions relative to the working directory), falling back to
  the bare file name when it is unique among the predictions. Every item of
  an unmatched gold article is a false negative; its title/published/province
  count as wrong.
* Figures: the gold lists each distinct (value, unit, metric) once, so the
  predictions are deduplicated the same way (first occurrence kept) before a
  multiset matching on (value, unit) with relative tolerance 1e-6. The
  matching prefers pairs whose total, then metric, also agree. Metric,
  qualifier and total accuracy are measured over the matched pairs, range
  accuracy over the matched pairs whose gold gives a ``value_high``;
  ``figures_metric`` is a stricter F1 on (value, unit, metric).
* Persons: canonical names compared case- and tone-placement-insensitively
  (``match_key``) with whitespace collapsed. Roles: a gold (person, title) is
  found when a predicted role of that person starts with the title (at a word
  boundary); a predicted role of a matched person is correct when it starts
  with one of that person's gold titles. Roles of spurious persons are not
  counted again.
* Subjects (gold figures annotated with ``subject``, see docs/annotation.md): over the
  matched pairs, right when body type, level and place agree
  (:func:`unionnews.evaluation.subjects.same_subject`). ``confident_metric_accuracy``
  is the metric accuracy of the matched figures the extractor marked ``confidence ==
  "high"``; ``confident_share`` the share of matched figures so marked.
* Per metric (``metric:<name>`` rows, not in :data:`FIELDS`): precision and recall
  of the label over all figures, a matched figure with another gold metric and a
  spurious figure both counting against the predicted label's precision.
* terms, dates, documents: sets per article (documents without whitespace,
  case-insensitive), micro-averaged.
* title (NFC, whitespace collapsed), published (date part), province: accuracy.
* With nothing to find and nothing found, precision, recall and F1 are 1.0;
  an accuracy over zero items is NaN (``None`` in :meth:`EvaluationReport.as_dict`).
"""

from __future__ import annotations

import logging
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from unionnews.dataset.load import Dataset
from unionnews.dataset.typed import LIST_SEPARATOR
from unionnews.evaluation.gold import GoldArticle, GoldFigure, GoldPerson
from unionnews.evaluation.subjects import same_subject
from unionnews.nlp.normalize import match_key

logger = logging.getLogger(__name__)

#: Relative tolerance when comparing figure values and totals.
REL_TOL = 1e-6
#: Separator of joined roles and cues: "Chủ tịch X; Bí thư Y" (how reports show them, and how
#: datasets written before the list columns held them).
ROLE_SEPARATOR = LIST_SEPARATOR
#: Any run of whitespace, e.g. "Nguyễn  Văn\tA" -> "Nguyễn Văn A".
WHITESPACE_RE = re.compile(r"\s+")

#: Fields of the report, in display order.
PRF_FIELDS = ("figures", "figures_metric", "persons", "roles", "terms", "dates", "documents")
ACCURACY_FIELDS = (
    "metric_accuracy",
    "confident_metric_accuracy",
    "confident_share",
    "subject_accuracy",
    "qualifier_accuracy",
    "total_accuracy",
    "range_accuracy",
    "title",
    "published",
    "province",
)
FIELDS = (
    "figures",
    "figures_metric",
    "metric_accuracy",
    "confident_metric_accuracy",
    "confident_share",
    "subject_accuracy",
    "qualifier_accuracy",
    "total_accuracy",
    "range_accuracy",
    "persons",
    "roles",
    "terms",
    "dates",
    "documents",
    "title",
    "published",
    "province",
)


# --- counters ------------------------------------------------------------------------------


def _ratio(num: int, den: int, *, empty: float) -> float:
    return num / den if den else empty


@dataclass(slots=True)
class PRF:
    """True/false positives and false negatives of one field.

    ``tp_pred`` is the number of correct *predictions* when it differs from
    the number of gold items found (roles); precision uses it.
    """

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tp_pred: int | None = None

    @property
    def _tp_pred(self) -> int:
        return self.tp if self.tp_pred is None else self.tp_pred

    @property
    def precision(self) -> float:
        n_pred = self._tp_pred + self.fp
        return _ratio(self._tp_pred, n_pred, empty=1.0 if self.fn == 0 else 0.0)

    @property
    def recall(self) -> float:
        return _ratio(self.tp, self.tp + self.fn, empty=1.0 if self.fp == 0 else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def headline(self) -> float:
        return self.f1

    def add(self, other: PRF) -> None:
        if other.tp_pred is not None or self.tp_pred is not None:
            self.tp_pred = self._tp_pred + other._tp_pred
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }


@dataclass(slots=True)
class Accuracy:
    """Correct answers out of ``n`` scored items."""

    correct: int = 0
    n: int = 0

    @property
    def accuracy(self) -> float:
        return self.correct / self.n if self.n else math.nan

    @property
    def headline(self) -> float:
        return self.accuracy

    def add(self, other: Accuracy) -> None:
        self.correct += other.correct
        self.n += other.n

    def score(self, ok: bool) -> None:
        self.n += 1
        self.correct += int(ok)

    def as_dict(self) -> dict[str, Any]:
        return {"correct": self.correct, "n": self.n, "accuracy": _json_float(self.accuracy)}


Score = PRF | Accuracy


def _json_float(value: float) -> float | None:
    return None if math.isnan(value) else value


def _empty_scores() -> dict[str, Score]:
    scores: dict[str, Score] = {name: PRF() for name in PRF_FIELDS}
    scores.update({name: Accuracy() for name in ACCURACY_FIELDS})
    return {name: scores[name] for name in FIELDS}


# --- keys ----------------------------------------------------------------------------------


def collapse(text: str) -> str:
    """NFC with runs of whitespace collapsed to one space and the ends stripped."""
    return WHITESPACE_RE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def name_key(text: str) -> str:
    """Case- and tone-placement-insensitive key of a name or title."""
    return match_key(collapse(text))


def document_key(text: str) -> str:
    """A document number without whitespace, case-folded: '666/QĐ - LĐLĐ' ~ '666/qđ-lđlđ'."""
    return WHITESPACE_RE.sub("", unicodedata.normalize("NFC", text)).casefold()


def term_key(text: str) -> str:
    """A term without whitespace, dashes unified: '2018 – 2023' ~ '2018-2023'."""
    return match_key(WHITESPACE_RE.sub("", unicodedata.normalize("NFC", text)))


def date_key(text: str) -> str:
    return text.strip()


def starts_with_title(role: str, title: str) -> bool:
    """Whether ``role`` begins with ``title`` at a word boundary (both already keyed)."""
    if not role.startswith(title):
        return False
    return len(role) == len(title) or not role[len(title)].isalnum()


# --- figures -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fig:
    value: float
    unit: str
    metric: str
    qualifier: str | None
    total: float | None
    text: str | None = None
    start: int | None = None
    end: int | None = None
    sentence: str | None = None
    value_high: float | None = None
    subject: str | None = None
    has_subject: bool = False
    confidence: str | None = None
    cues: str | None = None

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": self.value,
            "unit": self.unit,
            "metric": self.metric,
            "qualifier": self.qualifier,
            "total": self.total,
            "text": self.text,
        }
        if self.value_high is not None:
            out["value_high"] = self.value_high
        if self.has_subject or self.subject is not None:
            out["subject"] = self.subject
        if self.confidence is not None:
            out.update(confidence=self.confidence, cues=self.cues)
        if self.start is not None:
            out.update(start=self.start, end=self.end, sentence=self.sentence)
        return out


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=REL_TOL)


def _same_value(g: _Fig, p: _Fig) -> bool:
    return g.unit == p.unit and _close(g.value, p.value)


def _same_total(g: _Fig, p: _Fig) -> bool:
    return _same_value(g, p) and _close(g.total, p.total)


def _same_metric(g: _Fig, p: _Fig) -> bool:
    return _same_value(g, p) and g.metric == p.metric


def _same_all(g: _Fig, p: _Fig) -> bool:
    return _same_total(g, p) and g.metric == p.metric


def _dedupe(figs: Iterable[_Fig]) -> list[_Fig]:
    """Keep the first of figures with the same (value, unit, metric, total)."""
    kept: list[_Fig] = []
    for fig in figs:
        if not any(_same_all(k, fig) for k in kept):
            kept.append(fig)
    return kept


Pairs = list[tuple[int, int]]


def align(
    gold: Sequence[_Fig], pred: Sequence[_Fig], passes: Sequence[Callable[[_Fig, _Fig], bool]]
) -> tuple[Pairs, list[int], list[int]]:
    """Greedy one-to-one matching, strictest condition first.

    Returns the (gold index, pred index) pairs and the unmatched indices of each side.
    """
    free = list(range(len(pred)))
    left = list(range(len(gold)))
    pairs: Pairs = []
    for same in passes:
        rest = []
        for gi in left:
            pj = next((j for j in free if same(gold[gi], pred[j])), None)
            if pj is None:
                rest.append(gi)
            else:
                pairs.append((gi, pj))
                free.remove(pj)
        left = rest
    return sorted(pairs), left, free


def _gold_fig(f: GoldFigure) -> _Fig:
    return _Fig(
        f.value,
        f.unit,
        f.metric,
        f.qualifier,
        f.total,
        f.text,
        value_high=f.value_high,
        subject=f.subject,
        has_subject=f.has_subject,
    )


def _pred_fig(row: Mapping[str, Any]) -> _Fig:
    return _Fig(
        value=float(row["value"]),
        unit=str(row["unit"]),
        metric=str(row["metric"]),
        qualifier=row["qualifier"],
        total=None if row["total"] is None else float(row["total"]),
        text=row["text"],
        start=None if row["start"] is None else int(row["start"]),
        end=None if row["end"] is None else int(row["end"]),
        sentence=row["sentence"],
        value_high=_optional_float(row.get("value_high")),
        subject=row.get("subject"),
        confidence=row.get("confidence"),
        cues=_joined(row.get("cues")),
    )


def _items(value: Any) -> list[str]:
    """A list cell (``figures.cues``, ``entities.role``: a list, an array, or the "; "-joined
    text of datasets written before lists were typed) as its items; none when null."""
    if value is None:
        return []
    if isinstance(value, str):
        return value.split(ROLE_SEPARATOR) if value else []
    return [str(v) for v in value]


def _joined(value: Any) -> str | None:
    """A list cell as "; "-joined text (how reports show cues); ``None`` when null."""
    return None if value is None else ROLE_SEPARATOR.join(_items(value))


def _optional_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _score_metric_labels(
    g: Sequence[_Fig], p: Sequence[_Fig], pairs: Pairs, spurious: Sequence[int], scores: dict[str, Score]
) -> None:
    """``metric:<name>`` precision and recall of each metric label (module docstring)."""

    def prf(metric: str) -> PRF:
        score = scores.setdefault(f"metric:{metric}", PRF())
        assert isinstance(score, PRF)
        return score

    matched_gold = {gi for gi, _ in pairs}
    for gi, pj in pairs:
        if g[gi].metric == p[pj].metric:
            prf(g[gi].metric).tp += 1
        else:
            prf(p[pj].metric).fp += 1
            prf(g[gi].metric).fn += 1
    for pj in spurious:
        prf(p[pj].metric).fp += 1
    for gi, fig in enumerate(g):
        if gi not in matched_gold:
            prf(fig.metric).fn += 1


def _score_figures(
    gold: Sequence[GoldFigure],
    pred_rows: Sequence[Mapping[str, Any]],
    scores: dict[str, Score],
    province: str | None = None,
) -> dict[str, Any]:
    g = _dedupe(_gold_fig(f) for f in gold)
    p = _dedupe(_pred_fig(r) for r in pred_rows if r["value"] is not None)
    pairs, missed, spurious = align(g, p, (_same_all, _same_total, _same_metric, _same_value))
    scores["figures"] = PRF(len(pairs), len(spurious), len(missed))
    metric, qualifier, total, high = Accuracy(), Accuracy(), Accuracy(), Accuracy()
    confident, share, subject = Accuracy(), Accuracy(), Accuracy()
    wrong = []
    for gi, pj in pairs:
        checks = {
            "metric": g[gi].metric == p[pj].metric,
            "qualifier": g[gi].qualifier == p[pj].qualifier,
            "total": _close(g[gi].total, p[pj].total),
        }
        if g[gi].has_subject:
            checks["subject"] = same_subject(g[gi].subject, p[pj].subject, province)
            subject.score(checks["subject"])
        if p[pj].confidence is not None:
            share.score(p[pj].confidence == "high")
            if p[pj].confidence == "high":
                confident.score(checks["metric"])
        if g[gi].value_high is not None:
            checks["value_high"] = _close(g[gi].value_high, p[pj].value_high)
            high.score(checks["value_high"])
        metric.score(checks["metric"])
        qualifier.score(checks["qualifier"])
        total.score(checks["total"])
        if not all(checks.values()):
            bad = [name for name, ok in checks.items() if not ok]
            wrong.append({"differs": bad, "gold": g[gi].describe(), "pred": p[pj].describe()})
    scores["metric_accuracy"], scores["qualifier_accuracy"] = metric, qualifier
    scores["total_accuracy"], scores["range_accuracy"] = total, high
    scores["confident_metric_accuracy"], scores["confident_share"] = confident, share
    scores["subject_accuracy"] = subject
    _score_metric_labels(g, p, pairs, spurious, scores)
    strict, strict_missed, strict_spurious = align(g, p, (_same_all, _same_metric))
    scores["figures_metric"] = PRF(len(strict), len(strict_spurious), len(strict_missed))
    return {
        "missed": [g[i].describe() for i in missed],
        "spurious": [p[j].describe() for j in spurious],
        "mismatched": wrong,
    }


# --- persons and roles ---------------------------------------------------------------------


@dataclass(slots=True)
class _PredPerson:
    name: str
    roles: dict[str, str] = field(default_factory=dict)  # role key -> role as written
    spans: list[tuple[int, int]] = field(default_factory=list)


def _pred_persons(rows: Iterable[Mapping[str, Any]]) -> dict[str, _PredPerson]:
    persons: dict[str, _PredPerson] = {}
    for row in rows:
        canonical = row["canonical"] or row["text"]
        if not canonical:
            continue
        person = persons.setdefault(name_key(canonical), _PredPerson(collapse(canonical)))
        if row["start"] is not None:
            person.spans.append((int(row["start"]), int(row["end"])))
        for role in _items(row["role"]):
            if role.strip():
                person.roles.setdefault(name_key(role), collapse(role))
    return persons


def _score_persons(
    gold: Sequence[GoldPerson], pred_rows: Sequence[Mapping[str, Any]], scores: dict[str, Score]
) -> dict[str, Any]:
    pred = _pred_persons(pred_rows)
    gold_by_key: dict[str, tuple[str, set[str], dict[str, str]]] = {}
    for person in gold:
        key = name_key(person.name)
        _, titles, shown = gold_by_key.setdefault(key, (collapse(person.name), set(), {}))
        for title in person.roles:
            titles.add(name_key(title))
            shown.setdefault(name_key(title), collapse(title))
    matched = gold_by_key.keys() & pred.keys()
    scores["persons"] = PRF(len(matched), len(pred) - len(matched), len(gold_by_key) - len(matched))
    found = fn = correct = fp = 0
    missed_roles, spurious_roles = [], []
    for key, (name, titles, shown) in gold_by_key.items():
        found_person = pred.get(key)
        for title in sorted(titles):
            if found_person is not None and any(starts_with_title(r, title) for r in found_person.roles):
                found += 1
            else:
                fn += 1
                missed_roles.append({"person": name, "title": shown[title]})
        if found_person is None:
            continue
        for role_key, role in found_person.roles.items():
            if any(starts_with_title(role_key, t) for t in titles):
                correct += 1
            else:
                fp += 1
                spurious_roles.append({"person": name, "role": role})
    scores["roles"] = PRF(found, fp, fn, tp_pred=correct)
    return {
        "persons": {
            "missed": sorted(gold_by_key[k][0] for k in gold_by_key.keys() - matched),
            "spurious": [
                {"name": pred[k].name, "spans": pred[k].spans} for k in sorted(pred.keys() - matched)
            ],
        },
        "roles": {"missed": missed_roles, "spurious": spurious_roles},
    }


# --- sets ----------------------------------------------------------------------------------


def _score_set(
    gold: Iterable[str], pred: Iterable[str], key: Callable[[str], str]
) -> tuple[PRF, dict[str, Any]]:
    g = {key(v): v for v in gold}
    p: dict[str, str] = {}
    for v in pred:
        p.setdefault(key(v), v)
    both = g.keys() & p.keys()
    counts = PRF(len(both), len(p) - len(both), len(g) - len(both))
    detail = {
        "missed": sorted(g[k] for k in g.keys() - both),
        "spurious": sorted(p[k] for k in p.keys() - both),
    }
    return counts, detail


# --- article-level -------------------------------------------------------------------------


@dataclass(slots=True)
class ArticleEvaluation:
    """Scores and differences for one gold article."""

    source: str
    pred_source: str | None
    article_id: str | None
    scores: dict[str, Score]
    details: dict[str, Any]


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as dicts with ``None`` for missing values."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")  # type: ignore[return-value]


def _by_article(frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in _records(frame):
        grouped[str(row["article_id"])].append(row)
    return grouped


def _accuracy_fields(
    gold: GoldArticle, row: Mapping[str, Any] | None, scores: dict[str, Score]
) -> dict[str, Any]:
    pred_published = row["published"] if row else None
    checks: dict[str, tuple[str | None, str | None, bool]] = {}
    if gold.title is not None:
        pred_title = row["title"] if row else None
        ok = pred_title is not None and collapse(pred_title) == collapse(gold.title)
        checks["title"] = (gold.title, pred_title, ok)
    if gold.published is not None:
        pred_date = str(pred_published)[:10] if pred_published else None
        checks["published"] = (gold.published, pred_date, pred_date == gold.published)
    if gold.province is not None:
        pred_province = row["province"] if row else None
        ok = pred_province is not None and collapse(pred_province) == collapse(gold.province)
        checks["province"] = (gold.province, pred_province, ok)
    out = {}
    for name, (want, got, ok) in checks.items():
        _accuracy(scores, name).score(ok)
        out[name] = {"gold": want, "pred": got, "ok": ok}
    return out


def _accuracy(scores: Mapping[str, Score], name: str) -> Accuracy:
    score = scores[name]
    if not isinstance(score, Accuracy):
        raise TypeError(f"field {name!r} is not an accuracy field")
    return score


def _add(total: Score, part: Score) -> None:
    """Add an article's counts to the running total of the same field."""
    if isinstance(total, PRF) and isinstance(part, PRF):
        total.add(part)
    elif isinstance(total, Accuracy) and isinstance(part, Accuracy):
        total.add(part)
    else:
        raise TypeError(f"cannot add {type(part).__name__} to {type(total).__name__}")


def score_article(
    gold: GoldArticle,
    article: Mapping[str, Any] | None,
    figures: Sequence[Mapping[str, Any]],
    entities: Sequence[Mapping[str, Any]],
) -> ArticleEvaluation:
    """Compare one gold article with its predicted rows (``article=None``: not extracted)."""
    scores = _empty_scores()
    details: dict[str, Any] = {"figures": _score_figures(gold.figures, figures, scores, gold.province)}
    persons = [e for e in entities if e["type"] == "PERSON"]
    details.update(_score_persons(gold.persons, persons, scores))
    for name, etype, want, key in (
        ("terms", "TERM", gold.terms, term_key),
        ("dates", "DATE", gold.dates, date_key),
        ("documents", "DOCUMENT", gold.documents, document_key),
    ):
        got = [str(e["canonical"]) for e in entities if e["type"] == etype and e["canonical"]]
        scores[name], details[name] = _score_set(want, got, key)
    details.update(_accuracy_fields(gold, article, scores))
    return ArticleEvaluation(
        source=gold.source,
        pred_source=article["source_path"] if article else None,
        article_id=article["article_id"] if article else None,
        scores=scores,
        details=details,
    )


# --- pairing gold and predicted articles ---------------------------------------------------


def _absolute(path: str, root: Path) -> str:
    p = Path(path).expanduser()
    if not p.is_absolute():
        p = root / p
    return str(p.resolve(strict=False))


def pair_articles(
    gold: Sequence[GoldArticle], articles: Sequence[Mapping[str, Any]], gold_root: Path | None
) -> dict[str, Mapping[str, Any] | None]:
    """Gold source -> predicted article row (``None`` when not found)."""
    cwd = Path.cwd()
    by_path: dict[str, Mapping[str, Any]] = {}
    by_name: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for article in articles:
        source = article["source_path"]
        if not source:
            continue
        by_path.setdefault(_absolute(str(source), cwd), article)
        by_name[Path(str(source)).name].append(article)
    pairs: dict[str, Mapping[str, Any] | None] = {}
    for art in gold:
        row: Mapping[str, Any] | None = by_path.get(_absolute(art.source, gold_root or cwd))
        if row is None:
            candidates = by_name.get(Path(art.source).name, [])
            if len(candidates) == 1:
                row = candidates[0]
            elif len(candidates) > 1:
                logger.warning(
                    "gold %s: %d predicted articles share its file name and none has its "
                    "path; pass gold_root (the directory gold sources are relative to)",
                    art.source,
                    len(candidates),
                )
        pairs[art.source] = row
    return pairs


# --- the report ----------------------------------------------------------------------------


@dataclass(slots=True)
class EvaluationReport:
    """Micro-averaged scores over all gold articles, with per-article details."""

    totals: dict[str, Score]
    articles: dict[str, ArticleEvaluation]
    unmatched: list[str]

    @property
    def scores(self) -> dict[str, float]:
        """Field -> headline number (F1, or accuracy; NaN when nothing was scored)."""
        return {name: score.headline for name, score in self.totals.items()}

    def as_dict(self) -> dict[str, Any]:
        return {
            "scores": {k: _json_float(v) for k, v in self.scores.items()},
            "fields": {name: score.as_dict() for name, score in self.totals.items()},
            "articles": {
                "gold": len(self.articles),
                "matched": len(self.articles) - len(self.unmatched),
                "unmatched": list(self.unmatched),
            },
            "per_article": {
                source: {k: _json_float(s.headline) for k, s in ev.scores.items()}
                for source, ev in self.articles.items()
            },
        }

    def as_table(self) -> str:
        header = f"{'field':<30}{'tp':>6}{'fp':>6}{'fn':>6}{'prec':>8}{'recall':>8}{'f1':>8}"
        header += f"{'acc':>8}{'n':>6}"
        lines = [header, "-" * len(header)]
        for name, s in sorted(self.totals.items(), key=lambda item: item[0].startswith("metric:")):
            if isinstance(s, PRF):
                lines.append(
                    f"{name:<30}{s.tp:>6}{s.fp:>6}{s.fn:>6}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
                )
            else:
                acc = "n/a" if math.isnan(s.accuracy) else f"{s.accuracy:.3f}"
                lines.append(f"{name:<30}{'':>6}{'':>6}{'':>6}{'':>8}{'':>8}{'':>8}{acc:>8}{s.n:>6}")
        matched = len(self.articles) - len(self.unmatched)
        lines.append(f"articles: {len(self.articles)} gold, {matched} matched")
        lines.extend(f"  not found in the dataset: {source}" for source in self.unmatched)
        return "\n".join(lines)

    def details(self, source: str) -> dict[str, Any]:
        """Missed and spurious items of one gold article (by its ``source``)."""
        evaluation = self.articles.get(source)
        if evaluation is None:
            raise KeyError(f"no gold article with source {source!r}; have {list(self.articles)}")
        return {
            "source": evaluation.source,
            "matched": evaluation.pred_source,
            "article_id": evaluation.article_id,
            "scores": {k: _json_float(s.headline) for k, s in evaluation.scores.items()},
            **evaluation.details,
        }


def evaluate(gold: list[GoldArticle], pred: Dataset, *, gold_root: Path | None = None) -> EvaluationReport:
    """Score ``pred`` against ``gold``; see the module docstring for the rules."""
    articles = _records(pred.articles)
    figures = _by_article(pred.figures)
    entities = _by_article(pred.entities)
    pairs = pair_articles(gold, articles, gold_root)
    totals = _empty_scores()
    per_article: dict[str, ArticleEvaluation] = {}
    unmatched: list[str] = []
    for art in gold:
        row = pairs[art.source]
        if row is None:
            unmatched.append(art.source)
            evaluation = score_article(art, None, [], [])
        else:
            aid = str(row["article_id"])
            evaluation = score_article(art, row, figures.get(aid, []), entities.get(aid, []))
        per_article[art.source] = evaluation
        for name, score in evaluation.scores.items():
            _add(totals.setdefault(name, type(score)()), score)
    return EvaluationReport(totals, per_article, unmatched)
