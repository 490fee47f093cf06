"""One article, several forms: the same facts must come out of each.

Researchers hand unionnews the same kind of article in many shapes: a bare
text scrape, a saved page with its title line, a text file with a ``URL:`` /
``Title:`` / ``Date:`` header, an HTML page, a row of a JSONL table. This module
renders an article in each of :data:`FORMS` and scores every form against the
same gold, so that a loss in the reading stage shows up as a difference between
forms (``python -m unionnews.evaluation.forms tests/heldout9``).

An article's source is read from a header-form text file (title, URL and date
from its header, the paragraphs below it). A file without a header is read by
the extractor itself first (its title, dateline, URL and text), so scores of
such sets measure consistency more than truth.
"""

from __future__ import annotations

import argparse
import html
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from unionnews.articles import extract_article
from unionnews.articles.header import read_header
from unionnews.dataset import Dataset
from unionnews.errors import InputError
from unionnews.evaluation.gold import GoldArticle, load_gold
from unionnews.evaluation.score import EvaluationReport, evaluate
from unionnews.inputs.decode import decode_bytes
from unionnews.options import ExtractOptions

#: The forms an article is rendered in.
FORMS: tuple[str, ...] = ("txt_plain", "txt_title", "txt_header", "html", "jsonl")
#: What each form is.
FORM_DESCRIPTIONS = {
    "txt_plain": "the paragraphs alone: no title line, no date, no URL",
    "txt_title": "title line, dateline, paragraphs",
    "txt_header": "URL:/Title:/Date: header, paragraphs",
    "html": "a full HTML page: menus, breadcrumb, h1, dateline, paragraphs, related links, footer",
    "jsonl": "one row of a JSONL table with url, title, date, text",
}


@dataclass(frozen=True, slots=True)
class SourceArticle:
    """An article as its parts: what every form is rendered from."""

    name: str  # file stem, kept by every form
    body: tuple[str, ...]  # paragraphs in order, captions and byline included
    title: str | None = None
    url: str | None = None
    date: str | None = None  # as the site prints it


def source_of(path: Path) -> SourceArticle:
    """The parts of the article in ``path``: from its header when it has one, else as the
    extractor reads it."""
    page = decode_bytes(path.read_bytes()).text
    header = read_header(page)
    if header.lines:
        lines = page.split("\n")
        body = [line.strip() for i, line in enumerate(lines) if i not in header.lines and line.strip()]
        return SourceArticle(path.stem, tuple(body), header.title, header.url, header.published)
    article = extract_article(path.read_bytes(), path=str(path))
    lines = article.text.split("\n")
    date = None
    if article.published and lines and article.text.startswith(lines[0]) and len(lines) > 1:
        date, lines = lines[0], lines[1:]  # the stored text opens with the dateline
    url = article.url if article.url.startswith("http") else None
    return SourceArticle(path.stem, tuple(line for line in lines if line.strip()), article.title, url, date)


def render_txt(src: SourceArticle, *, title: bool, header: bool = False) -> str:
    """A text file: the paragraphs, after a title line and dateline (``title``) or a
    ``URL:``/``Title:``/``Date:`` header (``header``)."""
    top: list[str] = []
    if header:
        top += [f"URL: {src.url}"] if src.url else []
        top += [f"Title: {src.title}"] if src.title else []
        top += [f"Date: {src.date}"] if src.date else []
    elif title:
        top += [line for line in (src.title, src.date) if line]
    return "\n\n".join([*top, *src.body]) + "\n"


#: Chrome of the rendered HTML page, written for this project in the shape of a provincial portal.
_MENU = ("Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Hoạt động công đoàn", "Văn bản", "Liên hệ")
_RELATED = (
    "Hội nghị sơ kết công tác nữ công 6 tháng đầu năm (14/07/2023)",
    "Ra mắt câu lạc bộ bóng đá công nhân khu công nghiệp (02/06/2023)",
    "Tập huấn nghiệp vụ kế toán công đoàn cơ sở (21/05/2023)",
)


def render_html(src: SourceArticle) -> str:
    """A full page in the shape of a provincial union portal, the article in its column."""
    esc = html.escape
    title = esc(src.title or "")
    menu = "".join(f'<li><a href="/{i}">{esc(m)}</a></li>' for i, m in enumerate(_MENU))
    related = "".join(f'<li><a href="/tin-{i}.html">{esc(r)}</a></li>' for i, r in enumerate(_RELATED))
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in src.body)
    canonical = f'<link rel="canonical" href="{esc(src.url)}">' if src.url else ""
    heading = f'<h1 class="title">{title}</h1>' if src.title else ""
    dateline = f'<div class="time">{esc(src.date)}</div>' if src.date else ""
    return (
        "<!DOCTYPE html><html lang='vi'><head><meta charset='utf-8'>"
        f"<title>{title} - Cổng thông tin công đoàn</title>{canonical}</head><body>"
        f"<div id='header'><div class='logo'>CỔNG THÔNG TIN CÔNG ĐOÀN</div><ul class='menu'>{menu}</ul></div>"
        "<div class='breadcrumb'><a href='/'>Trang chủ</a> » <a href='/tin-tuc'>Tin tức - Sự kiện</a></div>"
        f"<div class='main'><div class='news-detail'>{heading}{dateline}"
        f"<div class='bodytext'>{paragraphs}</div></div>"
        f"<div class='related'><h3>Tin liên quan</h3><ul>{related}</ul></div></div>"
        "<div id='footer'><p>Bản quyền thuộc về Cổng thông tin công đoàn. Địa chỉ: số 8 đường Trần Phú.</p>"
        "<p>Đang truy cập: 27</p></div></body></html>\n"
    )


def render_row(src: SourceArticle) -> dict[str, str | None]:
    """One row of a table of articles."""
    return {"url": src.url, "title": src.title, "date": src.date, "text": "\n\n".join(src.body)}


def write_forms(
    sources: Sequence[SourceArticle], gold: Sequence[GoldArticle], work: Path
) -> dict[str, tuple[Path, list[GoldArticle]]]:
    """Write every source in every form under ``work``; return, per form, the input to
    extract and the gold with its sources pointing at that form's files."""
    by_name = {Path(g.source).stem: g for g in gold}
    out: dict[str, tuple[Path, list[GoldArticle]]] = {}
    for form in FORMS:
        folder = work / form
        folder.mkdir(parents=True, exist_ok=True)
        golds: list[GoldArticle] = []
        if form == "jsonl":
            table = folder / "articles.jsonl"
            with table.open("w", encoding="utf-8") as fh:
                for n, src in enumerate(sources, start=1):
                    fh.write(json.dumps(render_row(src), ensure_ascii=False) + "\n")
                    if src.name in by_name:
                        golds.append(replace(by_name[src.name], source=f"{table}#{n}"))
            out[form] = (table, golds)
            continue
        for src in sources:
            if form == "html":
                path, text = folder / f"{src.name}.html", render_html(src)
            else:
                path = folder / f"{src.name}.txt"
                text = render_txt(src, title=form == "txt_title", header=form == "txt_header")
            path.write_text(text, encoding="utf-8")
            if src.name in by_name:
                golds.append(replace(by_name[src.name], source=str(path)))
        out[form] = (folder, golds)
    return out


def score_forms(articles: Path, gold_dir: Path, work: Path) -> dict[str, EvaluationReport]:
    """Render every article of ``articles`` in every form, extract each form, and score it
    against the gold of ``gold_dir``."""
    from unionnews.runner import run_extract  # the runner imports the whole pipeline

    gold = load_gold(gold_dir)
    sources = []
    for path in sorted(p for p in articles.iterdir() if p.suffix in (".txt", ".html", ".htm")):
        try:
            sources.append(source_of(path))
        except InputError as exc:
            print(f"{path}: cannot be read ({exc}); left out", file=sys.stderr)
    reports: dict[str, EvaluationReport] = {}
    for form, (inputs, golds) in write_forms(sources, gold, work).items():
        summary = run_extract([inputs], None, ExtractOptions(progress=False))
        reports[form] = evaluate(golds, Dataset.from_tables(summary.tables or {}))
    return reports


#: Scores shown per form.
SHOWN = ("figures", "figures_metric", "metric_accuracy", "persons", "dates", "title", "published", "province")


def forms_table(reports: dict[str, EvaluationReport]) -> str:
    """Scores per form, one row each."""
    lines = ["form          " + "".join(f"{name[:15]:>16}" for name in SHOWN)]
    for form, report in reports.items():
        scores = report.scores
        lines.append(f"{form:<14}" + "".join(f"{scores.get(name, float('nan')):>16.3f}" for name in SHOWN))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m unionnews.evaluation.forms",
        description="Score a gold set with every article rendered in every form.",
    )
    parser.add_argument("set", type=Path, help="a folder with articles/ and gold/ (e.g. tests/heldout9)")
    parser.add_argument(
        "--work", type=Path, default=None, help="where to write the forms (default: a temp dir)"
    )
    args = parser.parse_args(argv)
    import tempfile

    with tempfile.TemporaryDirectory(prefix="unionnews-forms-") as tmp:
        work = args.work or Path(tmp)
        reports = score_forms(args.set / "articles", args.set / "gold", work)
    print(forms_table(reports))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
