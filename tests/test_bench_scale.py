"""bench/scale.py and bench/variants.py: the generated articles are distinct and still read as
articles with figures; the harness runs the CLI and reads what it wrote. No timing is asserted."""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

import pytest

from unionnews.articles.dedup import near_duplicate_key
from unionnews.options import ExtractOptions
from unionnews.runner import run_extract

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import scale  # noqa: E402
import variants  # noqa: E402

CORPUS = ROOT / "corpus"


@pytest.fixture(scope="module")
def sources() -> list[variants.Source]:
    return variants.load_sources(CORPUS)


@pytest.fixture(scope="module")
def provinces() -> list[str]:
    return variants.province_names()


def test_thirty_variants_are_thirty_distinct_articles_with_figures(
    sources: list[variants.Source], tmp_path: Path
) -> None:
    paths = variants.write_variants(sources, range(30), tmp_path)
    assert len(paths) == 30 and len(list(tmp_path.rglob("v*"))) == 30
    tables = run_extract([tmp_path], None, ExtractOptions(progress=False)).tables
    assert tables is not None
    articles, figures = tables["articles"], tables["figures"]
    assert len(articles) == 30 and tables["errors"].empty
    assert articles["duplicate_of"].isna().all()
    assert len({near_duplicate_key(text) for text in articles["text"]}) == 30
    assert articles["content_hash"].nunique() == 30
    # the shifted numbers still read as figures: every article keeps several
    per_article = figures.groupby("article_id").size()
    assert len(per_article) == 30 and per_article.min() >= 3


def test_variants_go_to_folders_of_a_thousand(sources: list[variants.Source], tmp_path: Path) -> None:
    assert variants.variant_path(tmp_path, 999, sources[0]).parent.name == "part-000"
    assert variants.variant_path(tmp_path, 1000, sources[0]).parent.name == "part-001"
    assert variants.variant_path(tmp_path, 20_001, sources[1]).name == f"v020001-{sources[1].name}"


def test_every_source_is_written_back_byte_for_byte(sources: list[variants.Source]) -> None:
    """Encoding and Unicode form kept: windows-1258 with separate tones, NFD, NFC."""
    assert {s.form for s in sources} >= {"bytes", "NFD", "NFC"}
    for source in sources:
        assert variants.encode_like(source.text, source) == (CORPUS / source.name).read_bytes(), source.name


def test_html_variants_keep_every_tag_and_sizes_follow_the_corpus(
    sources: list[variants.Source], provinces: list[str]
) -> None:
    pattern = variants.province_pattern(provinces)
    for i, source in enumerate(sources):
        data = variants.make_variant(source, i + 1234, provinces, pattern)
        assert data != (CORPUS / source.name).read_bytes()
        assert source.size <= len(data) <= source.size * 1.15 + 40, source.name
        if source.suffix == ".html":
            page = data.decode(source.encoding)
            assert variants.MARKUP_RE.findall(page) == variants.MARKUP_RE.findall(
                (CORPUS / source.name).read_bytes().decode(source.encoding)
            )
            assert variants.opening_sentence(i + 1234, provinces) in unicodedata.normalize("NFC", page)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("kết nạp 1.742 đoàn viên", "kết nạp 1.749 đoàn viên"),
        ("có 995 người", "có 1.002 người"),
        ("thành lập 03 CĐCS", "thành lập 10 CĐCS"),
        ("trị giá 31,5 tỷ đồng", "trị giá 38,5 tỷ đồng"),
        ("Sáng 14/6/2023 lúc 09:30", "Sáng 14/6/2023 lúc 09:30"),
        ("đạt 112,6% chỉ tiêu, 90 % kế hoạch", "đạt 112,6% chỉ tiêu, 90 % kế hoạch"),
        ("điện thoại 0238.3598.888", "điện thoại 0238.3598.888"),
        ("Nghị quyết số 02-NQ/TW", "Nghị quyết số 02-NQ/TW"),
        ("tháng 10 và 6 tháng đầu năm 2023", "tháng 10 và 6 tháng đầu năm 2023"),
        ("gian hàng 0 đồng", "gian hàng 0 đồng"),
        ("&#8211; 12 tập thể", "&#8211; 19 tập thể"),
    ],
)
def test_counts_shift_and_dates_codes_percentages_stay(text: str, expected: str) -> None:
    assert variants.shift_counts(text, 7) == expected


def test_the_patterns_of_the_generator() -> None:
    assert [m.group() for m in variants.COUNT_RE.finditer("1.126 và 45 và 2.456.789")] == [
        "1.126",
        "45",
        "2.456.789",
    ]
    assert variants.COUNT_RE.search("0209.3870.456") is None
    assert variants.PRECEDING_WORD_RE.search("vào tháng ").group(1) == "tháng"  # type: ignore[union-attr]
    assert variants.FOLLOWING_WORD_RE.match(" tháng đầu").group(1) == "tháng"  # type: ignore[union-attr]
    assert variants.WORD_RE.findall("Hà Nội, 2023.") == ["Hà", "Nội", "2023"]
    assert variants.BLANK_LINE_RE.split("a\n \u00a0\nb\nc") == ["a", "\n \u00a0\n", "b\nc"]
    page = '<p class="x">Một <b>hai</b></p><!-- 3 --><script>var n = 4;</script>'
    assert variants.MARKUP_RE.sub("", page) == "Một hai"
    assert variants.P_TAG_RE.fullmatch('<p class="x">') and not variants.P_TAG_RE.fullmatch("<pre>")
    found = variants.CHARSET_RE.search(b'content="text/html; charset=windows-1258">')
    assert found is not None and found.group(1) == b"windows-1258"
    assert scale.VMHWM_RE.search("VmPeak:\t 9 kB\nVmHWM:\t  2048 kB\n").group(1) == "2048"  # type: ignore[union-attr]


def test_provinces_are_swapped_consistently(provinces: list[str]) -> None:
    pattern = variants.province_pattern(provinces)
    pieces = ["Công đoàn tỉnh Nghệ An", "Bí thư Tỉnh ủy Nghệ An; Hà Nam và Hà Nội"]
    swapped = variants.swap_provinces(pieces, 5, provinces, pattern)
    assert "Nghệ An" not in " ".join(swapped)
    first = swapped[0].removeprefix("Công đoàn tỉnh ")
    assert first in provinces and swapped[1].startswith(f"Bí thư Tỉnh ủy {first};")
    assert "Hồ Chí Minh" not in provinces and len(provinces) == 62


def test_opening_sentences_differ_for_every_variant(provinces: list[str]) -> None:
    n = 25_000
    assert variants.distinct_limit(provinces) > n
    assert len({variants.opening_sentence(i, provinces) for i in range(n)}) == n


def test_the_windows_1258_encoder_writes_tones_apart() -> None:
    assert variants.encode_windows_1258("ấ").decode("cp1258") == "â\u0301"
    assert variants.encode_windows_1258("ặ") == "ă\u0323".encode("cp1258")


def test_the_one_mode_on_twenty_articles(sources: list[variants.Source], tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    variants.write_variants(sources, range(20), corpus)
    row = scale.run_mode("one", 20, corpus, tmp_path / "out", interval=0.05)
    assert row.exit_code == 0 and row.articles == 20 and row.extracted == 20
    assert row.duplicates == 0 and row.distinct_hashes == 20
    assert row.main_rss_mb > 20 and row.rate is not None and row.rate > 0
    assert row.workers == 0 and row.worker_rss_mb is None
    table = scale.markdown_table([row])
    assert table.count("\n") == 2 and "| 20 | one | 0 |" in table


def test_a_failing_mode_is_a_row_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Một bài.\n", encoding="utf-8")
    row = scale.run_mode("x", 1, tmp_path / "in", tmp_path / "out", ("--no-such-option",), 0.05)
    assert row.exit_code == 2 and row.articles is None and row.rate is None
    assert "--no-such-option" in row.stderr_tail


def test_counts_of_a_missing_dataset_are_unknown(tmp_path: Path) -> None:
    assert scale.read_counts(tmp_path / "nothing") == scale.Counts()


def test_compare_datasets_finds_a_missing_article(sources: list[variants.Source], tmp_path: Path) -> None:
    corpus = tmp_path / "in"
    paths = variants.write_variants(sources, range(4), corpus)
    run_extract([corpus], tmp_path / "a", ExtractOptions(progress=False))
    run_extract([corpus], tmp_path / "b", ExtractOptions(progress=False))
    assert scale.compare_datasets(tmp_path / "a", tmp_path / "b") == []
    paths[-1].unlink()
    run_extract([corpus], tmp_path / "c", ExtractOptions(progress=False))
    differences = scale.compare_datasets(tmp_path / "a", tmp_path / "c")
    assert any(line.startswith("articles: 4 rows in the update, 3 in the full run") for line in differences)
    # the same file (so the same article_id) with other text: named column by column
    text = paths[1].read_text(encoding="utf-8")
    assert "Cộng tác viên tại" in text
    paths[1].write_text(text.replace("Cộng tác viên tại", "Phóng viên tại"), encoding="utf-8")
    run_extract([corpus], tmp_path / "d", ExtractOptions(progress=False))
    changed = scale.compare_datasets(tmp_path / "c", tmp_path / "d")
    assert any(
        line.startswith("  same article_id, other values in:") and "content_hash" in line for line in changed
    )


def test_helper_processes_are_not_workers() -> None:
    assert (
        scale.process_kind(["python", "-c", "from multiprocessing.resource_tracker import main"]) == "helper"
    )
    assert scale.process_kind(["python", "-m", "unionnews", "extract"]) == "worker"


def test_the_high_water_mark_of_this_process() -> None:
    mark = scale.high_water_mark(os.getpid())
    assert mark is None or mark > 1024 * 1024
    if sys.platform.startswith("linux"):
        assert mark is not None


def test_the_update_mode_flow_with_a_full_run_standing_in_for_update(
    sources: list[variants.Source], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Until --update exists, a full re-run on the same --out plays its part: the flow (base,
    1 % added, update, full N + 1 % run, ratio, check-same) must give SAME and count one new article."""
    monkeypatch.setattr(scale, "UPDATE_ARGS", scale.FULL_ARGS)
    corpus = tmp_path / "in"
    variants.write_variants(sources, range(10), corpus)
    rows = scale.run_update(10, corpus, tmp_path, sources, None, interval=0.05, check_same=True)
    assert [r.mode for r in rows] == ["update-base", "update", "full+1%"]
    base, update, full = rows
    assert (base.articles, update.articles, full.articles) == (10, 11, 11)
    assert update.extracted == 1 and update.differences == []
    assert "SAME" in update.note and "update/full = " in update.note
    assert len(list(corpus.rglob("v*"))) == 11
