"""Precision, recall and F1 of the relevance classifier (unionnews.sources.relevance) on labelled sets.

    python bench/relevance.py              # links (URL only) and texts, with the errors
    python bench/relevance.py --anchors F  # also links with anchor text, from a TSV of your own
    python bench/relevance.py --timing     # also microseconds per link and per 1,000 characters

Sets (docs/relevance.md says how they were made):

* ``tests/relevance/links.tsv``: real listing-item URLs labelled union/other, split into a dev part
  (used for tuning) and a test part (not tuned on); scored with :func:`link_verdict` on the URL alone.
* ``tests/relevance/texts/*.txt``: short articles written for the project, labelled union/other.
* the project's held-out and fixture articles (``tests/heldout*/articles``, ``tests/fixtures/articles``):
  all union news, so they only measure recall.

``--anchors`` takes a TSV without header: url, label, anchor text (rows without a text are skipped);
it compares URL-only and URL+anchor scores on the same rows. Anchor texts are not committed.
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from unionnews.sources.relevance import link_verdict, text_verdict

ROOT = Path(__file__).resolve().parent.parent
LINKS = ROOT / "tests" / "relevance" / "links.tsv"
TEXTS = ROOT / "tests" / "relevance" / "texts"
#: Folders of the project's own union articles (all positives).
UNION_ARTICLE_GLOBS = ("tests/heldout*/articles/*", "tests/fixtures/articles/*")
LABELS = ("union", "other")


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One labelled listing item."""

    url: str
    label: str
    site: str
    split: str


@dataclass(frozen=True, slots=True)
class TextRow:
    """One labelled article: where it came from, its label, title and body."""

    name: str
    label: str
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Scores:
    """Counts of a binary decision where "union" is the positive class."""

    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        """Share of items called union that are union (1.0 when none is called union)."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of union items called union (1.0 when there is none)."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def n(self) -> int:
        """Number of items scored."""
        return self.tp + self.fp + self.fn + self.tn


def score(pairs: Iterable[tuple[bool, bool]]) -> Scores:
    """Scores of (is union, called union) pairs."""
    tp = fp = fn = tn = 0
    for gold, predicted in pairs:
        if gold and predicted:
            tp += 1
        elif predicted:
            fp += 1
        elif gold:
            fn += 1
        else:
            tn += 1
    return Scores(tp, fp, fn, tn)


def read_links(path: Path = LINKS) -> list[LinkRow]:
    """The labelled links of ``path`` (a TSV with a header; ``#`` lines are comments)."""
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    rows = [
        LinkRow(r["url"], r["label"], r["site"], r["split"]) for r in csv.DictReader(lines, delimiter="\t")
    ]
    for row in rows:
        if row.label not in LABELS or row.split not in ("dev", "test"):
            raise ValueError(f"{path}: bad label or split in {row}")
    return rows


def read_text_file(path: Path) -> TextRow:
    """One text of the labelled folder: a "label:" line, a "title:" line, then the body."""
    lines = path.read_text(encoding="utf-8").split("\n")
    if not lines[0].startswith("label:") or not lines[1].startswith("title:"):
        raise ValueError(f"{path}: the first lines must be 'label: ...' and 'title: ...'")
    label = lines[0].removeprefix("label:").strip()
    if label not in LABELS:
        raise ValueError(f"{path}: label must be one of {LABELS}")
    return TextRow(path.name, label, lines[1].removeprefix("title:").strip(), "\n".join(lines[2:]).strip())


def read_texts(folder: Path = TEXTS) -> list[TextRow]:
    """Every labelled text of ``folder``, by file name."""
    return [read_text_file(p) for p in sorted(folder.glob("*.txt"))]


def union_articles(root: Path = ROOT) -> list[TextRow]:
    """The project's own union articles, read the way the pipeline reads them."""
    from unionnews.articles import extract_article

    rows = []
    for pattern in UNION_ARTICLE_GLOBS:
        for path in sorted(root.glob(pattern)):
            article = extract_article(path.read_bytes(), path=str(path))
            rows.append(TextRow(str(path.relative_to(root)), "union", article.title or "", article.text))
    return rows


def link_scores(rows: Sequence[LinkRow], split: str | None = None) -> tuple[Scores, list[str]]:
    """Scores of :func:`link_verdict` on the URLs of ``rows`` (one split or all), and the errors."""
    pairs, errors = [], []
    for row in rows:
        if split is not None and row.split != split:
            continue
        verdict = link_verdict(row.url)
        pairs.append((row.label == "union", verdict.relevant))
        if verdict.relevant != (row.label == "union"):
            errors.append(
                f"{row.label:5} {row.split:4} {verdict.score:5.1f} {row.url} {list(verdict.reasons)}"
            )
    return score(pairs), errors


def text_scores(rows: Sequence[TextRow]) -> tuple[Scores, list[str]]:
    """Scores of :func:`text_verdict` on ``rows``, and the errors."""
    pairs, errors = [], []
    for row in rows:
        verdict = text_verdict(row.title, row.text)
        pairs.append((row.label == "union", verdict.relevant))
        if verdict.relevant != (row.label == "union"):
            errors.append(f"{row.label:5} {verdict.score:5.1f} {row.name} {list(verdict.reasons)}")
    return score(pairs), errors


def anchor_scores(path: Path) -> tuple[Scores, Scores, list[str]]:
    """URL-only and URL+anchor scores on the rows of ``path`` that have an anchor text."""
    url_only, with_text, errors = [], [], []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            url, label, *rest = line.rstrip("\n").split("\t")
            text = rest[0] if rest else ""
            if not text.strip():
                continue
            gold = label == "union"
            url_only.append((gold, link_verdict(url).relevant))
            verdict = link_verdict(url, text)
            with_text.append((gold, verdict.relevant))
            if verdict.relevant != gold:
                errors.append(f"{label:5} {verdict.score:5.1f} {url} {list(verdict.reasons)}")
    return score(url_only), score(with_text), errors


def timings(links: Sequence[LinkRow], texts: Sequence[TextRow], rounds: int = 20) -> list[str]:
    """Microseconds per link verdict, and per 1,000 characters of text at three text lengths."""
    start = time.perf_counter()
    for _ in range(rounds):
        for row in links:
            link_verdict(row.url)
    per_link = (time.perf_counter() - start) / (rounds * len(links)) * 1e6
    out = [f"link_verdict: {per_link:.1f} us per URL ({len(links)} URLs x {rounds})"]
    body = "\n".join(t.text for t in texts)
    for times in (1, 10, 50):
        text = body * times
        start = time.perf_counter()
        for _ in range(3):
            text_verdict("", text)
        seconds = (time.perf_counter() - start) / 3
        out.append(
            f"text_verdict: {len(text):9,} chars in {seconds * 1e3:7.1f} ms = "
            f"{seconds * 1e6 / len(text) * 1000:.1f} us per 1,000 chars"
        )
    return out


def line(name: str, s: Scores) -> str:
    """One row of the report."""
    return (
        f"{name:34} n={s.n:4}  P={s.precision:.3f}  R={s.recall:.3f}  F1={s.f1:.3f}  (fp={s.fp}, fn={s.fn})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Print the scores and the errors."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--anchors", type=Path, help="TSV url, label, anchor text (not committed)")
    parser.add_argument("--quiet", action="store_true", help="scores only, no error lists")
    parser.add_argument("--timing", action="store_true", help="also time link_verdict and text_verdict")
    args = parser.parse_args(argv)
    links = read_links()
    own = read_texts()
    heldout = union_articles()
    report: list[tuple[str, Scores, list[str]]] = []
    for split in ("dev", "test", None):
        s, errors = link_scores(links, split)
        report.append((f"links, URL only, {split or 'all'}", s, errors))
    s_own, e_own = text_scores(own)
    s_held, e_held = text_scores(heldout)
    s_all, _ = text_scores([*own, *heldout])
    report += [
        ("texts, own (union+other)", s_own, e_own),
        ("texts, held-out (union only)", s_held, e_held),
        ("texts, all", s_all, []),
    ]
    if args.anchors:
        s_url, s_text, e_text = anchor_scores(args.anchors)
        report += [("anchor rows, URL only", s_url, []), ("anchor rows, URL + anchor", s_text, e_text)]
    for name, s, _ in report:
        print(line(name, s))
    if args.timing:
        print("\n".join(timings(links, own)))
    if not args.quiet:
        for name, _, errors in report:
            if errors and not name.startswith("links, URL only, all"):
                print(f"\n{name}: {len(errors)} errors")
                print("\n".join("  " + e for e in errors))
    return 0


if __name__ == "__main__":
    sys.exit(main())
