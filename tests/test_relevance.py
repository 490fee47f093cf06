"""unionnews.sources.relevance: link and article decisions, the vocabulary file, the labelled sets,
and a regression gate on the scores reported in docs/relevance.md. No timing is asserted
(bench/relevance.py measures; speed is a bench matter)."""

from __future__ import annotations

import dataclasses
import hashlib
import random
import re
import sys
import unicodedata
from pathlib import Path

import pytest

from unionnews.sources import relevance as rel
from unionnews.sources.relevance import (
    LINK_THRESHOLD,
    TEXT_THRESHOLD,
    RelevanceError,
    Verdict,
    link_verdict,
    load_vocabulary,
    text_verdict,
    trie_pattern,
    url_slug,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import relevance as bench  # noqa: E402

UNION_TEXT = (
    "Chiều 12/3, Liên đoàn Lao động huyện phối hợp với công đoàn cơ sở Công ty may Hòa Phát tổ chức "
    "đối thoại với người lao động. Chủ tịch công đoàn công ty cho biết ban chấp hành đã thương lượng "
    "tập thể để nâng tiền ăn ca cho đoàn viên, đồng thời đề xuất sửa đổi thỏa ước lao động tập thể. "
    "Dịp này, công đoàn trao 30 suất quà cho công nhân có hoàn cảnh khó khăn."
)
ROAD_TEXT = (
    "Tuyến đường tỉnh dài 8 km đã được thông xe sau 14 tháng thi công. Nhà thầu huy động máy móc, "
    "nhiều công nhân làm cả ban đêm để kịp tiến độ. Mặt đường được mở rộng lên 12 m, có hệ thống "
    "chiếu sáng và thoát nước. Người dân hai bên đường đã hiến đất để mở rộng các nút giao. " * 2
)
SCHOOL_TEXT = (
    "Sáng 5/9, nhà trường tổ chức lễ khai giảng năm học mới với hơn 1.000 học sinh. Dự lễ có đại diện "
    "Sở Giáo dục, hội cha mẹ học sinh và công đoàn trường. Năm học qua, trường có 70 học sinh giỏi cấp "
    "tỉnh và tỷ lệ đỗ tốt nghiệp đạt 100%. Sau phần lễ, học sinh biểu diễn văn nghệ và tham gia ngày "
    "hội câu lạc bộ. Nhà trường trao học bổng cho học sinh vượt khó học tốt trong năm học. " * 2
)


# --- API -----------------------------------------------------------------------------------------


def test_verdict_is_a_frozen_record_with_the_agreed_fields():
    v = link_verdict("https://bao.vn/cong-doan/x-1.html")
    assert isinstance(v, Verdict)
    assert [f.name for f in dataclasses.fields(Verdict)] == ["relevant", "score", "reasons"]
    assert isinstance(v.relevant, bool) and isinstance(v.score, float) and isinstance(v.reasons, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        v.relevant = False  # type: ignore[misc]
    assert isinstance(LINK_THRESHOLD, float) and isinstance(TEXT_THRESHOLD, float)


def test_link_without_any_cue_is_not_relevant():
    v = link_verdict("https://baomau.vn/tin-tuc/2024/05/99831.html")
    assert v == Verdict(False, 0.0, ())
    assert not link_verdict("https://baomau.vn/xa-hoi/ngay-moi-12.html", "Một ngày mới").relevant


def test_link_strong_slug_cues():
    v = link_verdict("https://laodong.vn/cong-doan/ldld-tinh-trao-qua-tet-sum-vay-631620.bld")
    assert v.relevant and v.reasons == ("url:cong-doan", "url:ldld", "url:tet-sum-vay")
    assert v.score == 9.0


def test_link_weak_cue_alone_is_enough_but_a_negative_section_cancels_it():
    assert link_verdict("https://baomau.vn/tham-cong-nhan-o-tro-12.html").relevant
    v = link_verdict("https://baomau.vn/the-thao/doi-bong-cong-nhan-thang-12.html")
    assert not v.relevant and "-url:the-thao" in v.reasons


def test_link_strong_cue_outweighs_one_negative_section():
    v = link_verdict("https://baomau.vn/the-thao/giai-bong-chuyen-cnvcld-cong-doan-nganh-7.html")
    assert v.relevant and v.reasons[-1] == "-url:the-thao"


def test_link_sections_that_are_never_union_news():
    for url in (
        "https://baomau.vn/the-thao/u13-thang-dam-2.html",
        "https://baomau.vn/thoi-tiet/ret-dam-vung-nui-3.html",
        "https://baomau.vn/giai-tri/showbiz/ca-si-ra-mat-mv-4.html",
        "https://baomau.vn/xo-so/ket-qua-xsmb-5.html",
    ):
        v = link_verdict(url)
        assert not v.relevant and v.score < 0, url


def test_link_host_cues_and_anchor_text():
    v = link_verdict("http://congdoanquangnam.org.vn/Default.aspx?tabid=656&NID=1373")
    assert v.relevant and v.reasons == ("host:congdoan",)
    v = link_verdict("https://baomau.vn/xa-hoi/2024/05/99831.html", "Mái ấm Công đoàn cho nữ giáo viên")
    assert v.relevant and v.reasons == ("text:mái ấm công đoàn",)


def test_link_slug_folding_handles_accents_percent_encoding_and_dropped_d():
    plain = link_verdict("https://x.vn/lien-doan-lao-dong-tinh-ban-giao-nha")
    for url in (
        "https://x.vn/Li%C3%AAn-%C4%91o%C3%A0n-Lao-%C4%91%E1%BB%99ng-t%E1%BB%89nh-ban-giao-nha",
        "https://x.vn/Liên-đoàn-Lao-động-tỉnh-bàn-giao-nhà",
        "https://x.vn/Lien-oan-Lao-ong-tinh-ban-giao-nha",
    ):
        assert link_verdict(url).relevant == plain.relevant is True, url


def test_link_neutral_words_are_not_read_as_cues():
    # "gia đình công nhân" is not "đình công" (a strike); "được công nhận" is not "công nhân"
    v = link_verdict("https://x.vn/nhung-gia-dinh-cong-nhan-o-lai-don-tet-1.html")
    assert v.reasons == ("url:cong-nhan",)
    v = link_verdict("https://x.vn/them-22-san-pham-duoc-cong-nhan-dat-ocop-5-sao.html")
    assert v == Verdict(False, 0.0, ())


def test_text_accepts_union_work_and_rejects_one_passing_mention():
    v = text_verdict("Công ty may Hòa Phát đối thoại với công nhân", UNION_TEXT)
    assert v.relevant and v.score >= TEXT_THRESHOLD + 4
    assert v.reasons[:2] == ("title:công nhân", "text:liên đoàn lao động")
    road = text_verdict("Thông xe tuyến đường tỉnh", ROAD_TEXT)
    assert not road.relevant and road.reasons == ("text:công nhân",)
    school = text_verdict("Trường THPT khai giảng năm học mới", SCHOOL_TEXT)
    assert not school.relevant and "text:công đoàn" in school.reasons


def test_text_hard_positive_without_union_in_title():
    body = (
        "Liên đoàn Lao động tỉnh trao 200 suất quà cho đoàn viên khó khăn. Danh sách do các công đoàn "
        "cơ sở đề xuất; mỗi suất 1 triệu đồng từ quỹ xã hội công đoàn."
    )
    assert text_verdict("Trao quà Tết cho người lao động", body).relevant


def test_text_overlapping_words_take_the_longest_cue():
    v = text_verdict("", "Hơn 500 đoàn viên thanh niên ra quân tình nguyện.")
    assert v.reasons == ("-text:đoàn viên thanh niên",)
    v = text_verdict("Khám bệnh cho nữ công nhân", "Gia đình công nhân được tặng quà.")
    assert v.reasons == ("title:công nhân",)  # not "nữ công", not "đình công"


def test_text_empty_is_not_relevant():
    assert text_verdict("", "") == Verdict(False, 0.0, ())


# --- every regex ---------------------------------------------------------------------------------


def test_slug_separator_re():
    assert rel.SLUG_SEPARATOR_RE.sub("-", "cong doan/tinh?id=7&x") == "cong-doan-tinh-id-7-x"


def test_slug_cue_re():
    assert rel.SLUG_CUE_RE.match("cong-doan") and rel.SLUG_CUE_RE.match("ldld")
    for bad in ("Cong-doan", "cong--doan", "-cong", "cong-", "công-đoàn", "cong doan"):
        assert not rel.SLUG_CUE_RE.match(bad), bad


def test_host_cue_re():
    assert rel.HOST_CUE_RE.match("congdoan")
    for bad in ("cong-doan", "congdoan.vn", "Congdoan", ""):
        assert not rel.HOST_CUE_RE.match(bad), bad


def test_text_cue_re():
    for good in ("công đoàn", "cnvc-lđ", "công nhân, viên chức, lao động", "v-league"):
        assert rel.TEXT_CUE_RE.match(good), good
    for bad in ("Công đoàn", " công", "công ", "công\tđoàn", ""):
        assert not rel.TEXT_CUE_RE.match(bad), bad


def test_space_run_re():
    assert rel.SPACE_RUN_RE.sub(" ", "công \n\t đoàn") == "công đoàn"


def test_www_re():
    assert rel.WWW_RE.sub("", "www.baomau.vn") == "baomau.vn"
    assert rel.WWW_RE.sub("", "www2.baomau.vn") == "baomau.vn"
    assert rel.WWW_RE.sub("", "wwwbao.vn") == "wwwbao.vn"


def test_url_slug():
    assert url_slug("https://x.vn/Công-Đoàn/Tin%20m%E1%BB%9Bi?id=7") == "-cong-doan-tin-moi-id-7-"
    assert url_slug("https://x.vn/") == "--"


def test_trie_pattern_matches_exactly_its_words_longest_first():
    rng = random.Random(7)
    alphabet = "abcđơ -"
    words = {
        "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 6))).strip() or "a" for _ in range(60)
    }
    pattern = re.compile(trie_pattern(words))
    assert pattern.groups == 0
    for word in words:
        assert pattern.fullmatch(word), word
    for _ in range(300):
        other = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 7)))
        assert bool(pattern.fullmatch(other)) == (other in words), other
    assert re.match(trie_pattern(["công đoàn", "công đoàn cơ sở"]), "công đoàn cơ sở x").group() == (
        "công đoàn cơ sở"
    )


# --- accents and case do not change verdicts ------------------------------------------------------


def _flip_case(text: str, rng: random.Random) -> str:
    return "".join(ch.upper() if rng.random() < 0.5 else ch for ch in text)


#: Tone placements of open "oa/oe/uy" syllables the old and new conventions write differently.
TONE_VARIANTS = {"hòa": "hoà", "thỏa": "thoả", "Hòa": "Hoà", "thủy": "thuỷ", "Thủy": "Thuỷ", "khỏe": "khoẻ"}


def test_case_tone_placement_and_unicode_form_do_not_change_text_verdicts():
    rng = random.Random(11)
    for row in bench.read_texts():
        want = text_verdict(row.title, row.text)
        variants = [
            row.text,
            row.text.upper(),
            _flip_case(row.text, rng),
            unicodedata.normalize("NFD", row.text),
        ]
        toned = row.text
        for new, old in TONE_VARIANTS.items():
            toned = toned.replace(new, old)
        variants.append(toned)
        for text in variants:
            got = text_verdict(row.title.upper(), text)
            assert (got.relevant, got.score) == (want.relevant, want.score), row.name


def test_accents_case_and_encoding_do_not_change_link_verdicts():
    phrases = [
        "Liên đoàn Lao động tỉnh trao quà Tết",
        "Công đoàn cơ sở ký thỏa ước lao động tập thể",
        "Đội bóng đá tỉnh thắng trận thể thao",
        "Thời tiết rét đậm ở vùng núi",
        "Nữ công nhân được khám sức khỏe",
        "Đoàn viên thanh niên tình nguyện",
    ]
    rng = random.Random(3)
    for phrase in phrases:
        accented = "-".join(phrase.split())
        plain = "-".join(bench_fold(phrase).split())
        want = link_verdict(f"https://x.vn/{plain}-1.html")
        for slug in (accented, accented.upper(), _flip_case(accented, rng), plain.upper()):
            encoded = "".join(f"%{b:02X}" for b in slug.encode()) if rng.random() < 0.5 else slug
            got = link_verdict(f"https://x.vn/{encoded}-1.html")
            assert (got.relevant, got.score) == (want.relevant, want.score), slug


def bench_fold(text: str) -> str:
    """ASCII-fold Vietnamese for a slug: "Đoàn" -> "doan"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c)).lower()


# --- the vocabulary file ------------------------------------------------------------------------


def test_packaged_vocabulary_loads_and_is_cached():
    voc = rel.vocabulary()
    assert voc is rel.vocabulary()
    assert voc.hosts == ("congdoan", "ldld")
    kinds = {kind for kind, _ in voc.url.cues.values()} | {kind for kind, _ in voc.text.cues.values()}
    assert kinds == {"strong", "weak", "negative", "neutral"}
    assert voc.url.cues["cdcs"] == ("strong", "cong-doan-co-so")
    assert voc.text.cues["lđlđ"] == ("strong", "liên đoàn lao động")
    assert voc.weights["strong"] > 0 > voc.weights["negative"]


GOOD_TOML = """
[weights]
strong = 3
weak = 1
negative = -2
host = 3
[url]
host = ["congdoan"]
strong = ["cong-doan"]
weak = ["cong-nhan"]
negative = ["the-thao"]
[text]
strong = ["Công Đoàn|cđ"]
weak = ["công nhân"]
negative = ["bóng đá"]
[text.weights]
strong = 1.5
weak = 0.5
negative = -1
title_strong = 2
title_weak = 1
density = 0.5
density_cap = 6
min_length = 500
"""


def test_a_user_vocabulary_is_read_and_folded(tmp_path: Path):
    path = tmp_path / "voc.toml"
    path.write_text(GOOD_TOML, encoding="utf-8")
    voc = load_vocabulary(path)
    assert voc.text.cues["công đoàn"] == ("strong", "công đoàn")  # written with capitals, folded
    assert voc.url.find("-tin-cong-doan-the-thao-") == [("strong", "cong-doan"), ("negative", "the-thao")]
    v = link_verdict("https://x.vn/tin-cong-doan-7", "Giải bóng đá", vocab=voc)
    assert v == Verdict(True, 1.0, ("url:cong-doan", "-text:bóng đá"))
    assert text_verdict("Tin CĐ", "", vocab=voc).reasons == ("title:công đoàn",)
    assert link_verdict("https://x.vn/tin-ldld-7").relevant  # the packaged one is untouched
    assert not link_verdict("https://x.vn/tin-ldld-7", vocab=voc).relevant


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("[url]\nhost", "[urls]\nhost"), "needs a \\[url\\] and a \\[text\\] table"),
        (('strong = ["cong-doan"]', 'strong = ["Cong-Doan"]'), "not a valid cue"),
        (('host = ["congdoan"]', 'host = ["cong-doan"]'), "not a valid host cue"),
        (('weak = ["cong-nhan"]', 'weak = ["cong-doan"]'), "listed twice"),
        (("negative = -2\n", "negative = 2\n"), "negative below zero"),
        (("density_cap = 6\n", ""), "density_cap must be a number"),
        (('strong = ["cong-doan"]', 'strong = "cong-doan"'), "must be a list"),
        (("[weights]", "[weights"), "cannot read"),
    ],
)
def test_a_wrong_vocabulary_is_refused(tmp_path: Path, change: tuple[str, str], message: str):
    old, new = change
    assert old in GOOD_TOML
    path = tmp_path / "voc.toml"
    path.write_text(GOOD_TOML.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RelevanceError, match=message):
        load_vocabulary(path)


def test_a_missing_vocabulary_file_is_refused(tmp_path: Path):
    with pytest.raises(RelevanceError, match="cannot read"):
        load_vocabulary(tmp_path / "none.toml")


# --- the labelled sets --------------------------------------------------------------------------


def test_links_set_is_large_varied_and_split_by_url_hash():
    rows = bench.read_links()
    assert len(rows) >= 300
    assert len({r.url for r in rows}) == len(rows)
    assert len({r.site for r in rows}) >= 10
    assert sum(r.label == "union" for r in rows) >= 80
    for r in rows:
        assert r.site in r.url
        # the split is fixed by the URL, so nobody moves a hard row out of the test part
        want = "test" if int(hashlib.sha1(r.url.encode()).hexdigest(), 16) % 3 == 0 else "dev"
        assert r.split == want, r.url
    assert 0.25 < sum(r.split == "test" for r in rows) / len(rows) < 0.42


def test_own_texts_are_labelled_short_articles():
    rows = bench.read_texts()
    assert sum(r.label == "union" for r in rows) >= 30
    assert sum(r.label == "other" for r in rows) >= 30
    for r in rows:
        words = len(r.text.split())
        assert 120 <= words <= 300, (r.name, words)
        assert r.title and r.name.startswith(r.label[0])


def test_text_file_format_is_checked(tmp_path: Path):
    path = tmp_path / "x.txt"
    path.write_text("title: a\nlabel: union\n\nbody", encoding="utf-8")
    with pytest.raises(ValueError, match="first lines"):
        bench.read_text_file(path)
    path.write_text("label: maybe\ntitle: a\n\nbody", encoding="utf-8")
    with pytest.raises(ValueError, match="label must be"):
        bench.read_text_file(path)


def test_scores_arithmetic():
    s = bench.score([(True, True), (True, False), (False, True), (False, False), (True, True)])
    assert (s.tp, s.fn, s.fp, s.tn) == (2, 1, 1, 1)
    assert (s.precision, s.recall) == (2 / 3, 2 / 3) and s.f1 == pytest.approx(2 / 3)
    assert bench.score([]).f1 == 1.0


# --- regression gate: the scores reported in docs/relevance.md -----------------------------------


def test_link_scores_stay_at_or_above_the_reported_values():
    rows = bench.read_links()
    dev, _ = bench.link_scores(rows, "dev")
    test, _ = bench.link_scores(rows, "test")
    assert dev.precision >= 0.93 and dev.recall >= 0.87 and dev.f1 >= 0.90
    assert test.precision >= 0.88 and test.recall >= 0.80 and test.f1 >= 0.84


def test_text_scores_stay_at_or_above_the_reported_values():
    own, errors = bench.text_scores(bench.read_texts())
    assert own.precision == 1.0 and own.recall == 1.0, errors
    heldout, errors = bench.text_scores(bench.union_articles())
    assert heldout.n >= 160 and heldout.recall == 1.0, errors
