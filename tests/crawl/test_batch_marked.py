"""A newspaper's page that is no union news is stored but marked, and the extraction skips it.

The union section of a fixture newspaper lists, besides union stories, a weekend round-up
of football results whose title says nothing of it: the link filter lets it through (its
URL says "cong-doan"),
the page is fetched and stored, and its text is judged: its WARC record says
``WARC-Unionnews-Relevant: no`` and ``unionnews extract`` does not make it an article.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result
from warcio.archiveiterator import ArchiveIterator

from unionnews.cli import main
from unionnews.inputs.warc import NOT_UNION_NEWS, RELEVANCE_HEADER, RELEVANT_HEADER, iter_warc
from unionnews.model import DocumentError

from .batch_sites import OTHER_PARAGRAPHS, Paper, Story, build_paper, registry_toml, union_story
from .fixture_sites import query

FAST = ["--delay", "0", "--timeout", "5", "--allow-private-addresses"]
#: The football round-up filed under the union section's address.
ASTRAY = "/cong-doan/tin-ngan-cuoi-tuan-30001.html"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture()
def paper() -> Iterator[Paper]:
    stories = [union_story(i, "cong-doan", "html") for i in range(4)]
    sport = union_story(4, "cong-doan", "html")  # the union section's date and place in the listing
    stories.append(
        Story(
            ASTRAY,
            "Tin ngắn cuối tuần",
            "cong-doan",
            False,
            sport.day,
            (
                *(
                    p.format(n=5000, k=3, money=200, place="thị xã Cửa Đông")
                    for p in OTHER_PARAGRAPHS["the-thao"]
                ),
                "Các cầu thủ ghi ba bàn trong hiệp hai, thủ môn đội khách cản phá nhiều pha dứt điểm.",
            ),
        )
    )
    site = build_paper("bao-d.test", "127.0.0.181", "Báo Thử D", stories, ("cong-doan",))
    yield site
    site.stop()


def crawl(paper: Paper, tmp_path: Path, *extra: str) -> tuple[Path, Result]:
    registry = tmp_path / "sites.toml"
    registry.write_text(registry_toml([paper], {"bao-d.test": "Nghệ An"}), encoding="utf-8")
    corpus = tmp_path / "crawl"
    args = [
        "crawl",
        "bao-d.test",
        "--sites",
        str(registry),
        "--out",
        str(corpus),
        "--resolve",
        paper.site.resolve,
    ]
    return corpus, invoke(*args, *FAST, *extra)


def verdicts(corpus: Path) -> dict[str, tuple[str | None, str | None]]:
    """URL -> (relevance mark, its reasons) of every 200 response record of the corpus."""
    out = {}
    for path in sorted((corpus / "warc").glob("*.warc.gz")):
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type == "response" and record.http_headers.get_statuscode() == "200":
                    url = record.rec_headers.get_header("WARC-Target-URI")
                    out[url] = (
                        record.rec_headers.get_header(RELEVANT_HEADER),
                        record.rec_headers.get_header(RELEVANCE_HEADER),
                    )
    return out


def test_a_page_judged_no_union_news_is_stored_and_marked(paper, tmp_path: Path):
    corpus, result = crawl(paper, tmp_path)
    assert result.exit_code == 0, result.output
    marks = verdicts(corpus)
    assert marks[paper.url(ASTRAY)][0] == "no"  # stored all the same
    assert all(marks[paper.url(s.path)][0] == "yes" for s in paper.union)
    assert marks[paper.url(ASTRAY)][1].startswith("score ")
    assert marks[paper.url("/cong-doan/")][0] is None  # a listing is not judged
    rows = query(corpus, "SELECT url, what FROM not_relevant WHERE what='page'")
    assert rows == [(paper.url(ASTRAY), "page")]
    assert "off-pages" in result.output


def test_the_reader_turns_a_marked_page_into_a_not_union_news_row(paper, tmp_path: Path):
    corpus, _ = crawl(paper, tmp_path)
    docs = [d for p in sorted((corpus / "warc").glob("*.warc.gz")) for d in iter_warc(p, max_bytes=10**7)]
    marked = [d for d in docs if isinstance(d, DocumentError)]
    assert [d.error for d in marked] == [NOT_UNION_NEWS]
    assert ASTRAY in marked[0].message and "no union news" in marked[0].message
    urls = {d.url for d in docs if not isinstance(d, DocumentError)}
    assert {paper.url(s.path) for s in paper.union} <= urls and paper.url(ASTRAY) not in urls


def test_extract_keeps_the_marked_page_out_of_the_articles(paper, tmp_path: Path):
    corpus, _ = crawl(paper, tmp_path)
    out = tmp_path / "out"
    invoke("extract", str(corpus), "--out", str(out))
    articles = pd.read_parquet(out / "articles.parquet")
    assert set(articles.url) == {paper.url(s.path) for s in paper.union}


def test_extract_counts_a_marked_page_as_skipped_not_failed(paper, tmp_path: Path):
    corpus, _ = crawl(paper, tmp_path)
    result = invoke("extract", str(corpus), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    errors = pd.read_parquet(tmp_path / "out" / "errors.parquet")
    assert NOT_UNION_NEWS not in set(errors.error)


def test_everything_marks_nothing(paper, tmp_path: Path):
    corpus, result = crawl(paper, tmp_path, "--everything")
    assert result.exit_code == 0, result.output
    marks = verdicts(corpus)
    assert paper.url(ASTRAY) in marks and not [u for u, (mark, _) in marks.items() if mark]
