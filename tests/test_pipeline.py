"""The default pipeline end to end on one article written for this test."""

from pathlib import Path

import pytest

from unionnews.articles import extract_article
from unionnews.model import Article, Entity
from unionnews.pipeline import FunctionComponent, Pipeline, extract_facts, main_term

FIXTURE = Path(__file__).parent / "fixtures" / "bacgiang-congdoan.txt"


@pytest.fixture(scope="module")
def result():
    article = extract_article(FIXTURE.read_bytes(), path=str(FIXTURE))
    return extract_facts(article)


def _by_value(result, value):
    return [f for f in result.figures if f.value == value]


def test_article_metadata(result):
    art = result.article
    assert art.title == "LĐLĐ tỉnh Bắc Giang tổng kết công tác công đoàn năm 2022"
    assert art.published.startswith("2023-01-13")
    assert art.province == "Bắc Giang" and art.province_2025 == "Bắc Ninh"
    assert art.author == "Hà Văn Tùng"
    assert "Ý kiến bạn đọc" not in art.text and "Tổng số: 120" not in art.text


def test_figures_classified(result):
    expected = {
        1204: ("org", "grassroots_unions", "exact"),
        215370: ("person", "union_members", "exact"),
        12450: ("person", "new_union_members", "exact"),
        38: ("org", "new_grassroots_unions", "exact"),
        104.2: ("percent", "percentage", "exact"),
        9800: ("gift", "gifts", "exact"),
        5.4e9: ("VND", "money", "under"),
        27: ("house", "houses", "exact"),
        5e7: ("VND", "money", "exact"),
        1320: ("person", "party_referrals", "exact"),
        846: ("person", "party_admissions", "exact"),
        16: ("class", "trainings", "exact"),
        1900: ("person", "trainings", "approx"),
        25: ("org", "awards", "exact"),
        40: ("person", "awards", "exact"),
    }
    got = {f.value: (f.unit, f.metric, f.qualifier) for f in result.figures}
    assert got == expected


def test_non_figures_are_not_figures(result):
    values = {f.value for f in result.figures}
    assert not values & {2022, 2023, 2018, 45, 12, 13, 20, 3, 204}


def test_offsets_and_sentences(result):
    text = result.article.text
    for f in result.figures:
        assert text[f.start : f.end] == f.text
        assert f.text in f.sentence
    (fig,) = _by_value(result, 846)
    assert fig.text == "846 người"


def test_subject_and_period(result):
    (members,) = _by_value(result, 215370)
    assert members.subject == "Liên đoàn Lao động tỉnh Bắc Giang"
    assert members.province == "Bắc Giang"
    (new,) = _by_value(result, 12450)
    assert (new.period_start, new.period_end) == ("2023", "2023")


def test_entities(result):
    by_type = {}
    for e in result.entities:
        by_type.setdefault(e.type, set()).add(e.canonical)
    assert by_type["TERM"] == {"2018-2023"}
    assert by_type["DOCUMENT"] == {"45/KH-LĐLĐ"}
    assert {"2023-01-12", "2022-03-20"} <= by_type["DATE"]
    assert by_type["PERSON"] == {"Nguyễn Văn Minh", "Hà Văn Tùng"}
    (minh,) = [e for e in result.entities if e.canonical == "Nguyễn Văn Minh"]
    assert minh.role == "Phó Chủ tịch Thường trực Liên đoàn Lao động tỉnh Bắc Giang"
    assert "Liên đoàn Lao động tỉnh Bắc Giang" in by_type["ORG"]


def test_components_can_be_swapped():
    pipe = Pipeline.default()
    assert pipe.names == ["temporal", "figures", "entities", "subjects"]
    calls = []
    quiet = pipe.replace("entities", FunctionComponent("entities", lambda doc: calls.append(1)))
    art = Article(article_id="x", url="", text="Có 45 đoàn viên. Ông Lê Văn An dự.")
    res = quiet(art)
    assert calls == [1] and not [e for e in res.entities if e.type == "PERSON"]
    with pytest.raises(KeyError):
        pipe.replace("nope", quiet.components[0])


def test_main_term_prefers_most_mentioned():
    from unionnews.model import Entity

    terms = [
        Entity("TERM", 0, 1, "", "2018-2023"),
        Entity("TERM", 5, 6, "", "2023-2028"),
        Entity("TERM", 9, 10, "", "2023-2028"),
    ]
    assert main_term(terms) == (2023, 2028)
    assert main_term([]) is None


def test_main_term_leaves_out_the_term_a_congress_opens():
    from datetime import date

    def term(canonical: str, start: int) -> Entity:
        return Entity("TERM", start, start + 11, canonical, canonical)

    terms = [term("2023-2028", 10), term("2023-2028", 300), term("2018-2023", 120)]
    assert main_term(terms) == (2023, 2028)
    assert main_term(terms, date(2023, 6, 15)) == (2018, 2023)  # what the congress reported on
    assert main_term([term("2023-2028", 10)], date(2023, 6, 15)) is None  # then: as of publication
    assert main_term([term("2023-2028", 10)], date(2024, 1, 5)) == (2023, 2028)


def _subjects(text: str, province: str = "Bắc Kạn") -> dict[str, str | None]:
    article = Article(article_id="t", url="file:///t.txt", source_path="t.txt", text=text, province=province)
    return {f.text: f.subject for f in extract_facts(article).figures}


def test_bodies_that_do_not_act_are_no_subjects():
    from unionnews.nlp.subjects import DOCUMENT_OWNER_RE, NOT_ACTOR_AFTER_RE, NOT_ACTOR_BEFORE_RE

    assert NOT_ACTOR_BEFORE_RE.search("đạt 112% chỉ tiêu ")
    assert NOT_ACTOR_BEFORE_RE.search("đi dự đại hội xiii ")
    assert NOT_ACTOR_AFTER_RE.match(" giao;")
    assert DOCUMENT_OWNER_RE.search("thực hiện đề án phát triển nhà ở của ")
    got = _subjects(
        "LĐLĐ tỉnh Bắc Kạn tổng kết năm 2023. Toàn tỉnh kết nạp 1.126 đoàn viên, đạt 112% chỉ tiêu "
        "Tổng Liên đoàn giao; thành lập mới 09 công đoàn cơ sở. LĐLĐ tỉnh phối hợp với UBND các "
        "huyện hỗ trợ 40 đoàn viên. Thực hiện Đề án của UBND tỉnh, dự án có 520 căn hộ."
    )
    assert set(got.values()) == {"Liên đoàn Lao động tỉnh Bắc Kạn"}, got


def test_the_body_that_acts_is_the_subject():
    got = _subjects(
        "LĐLĐ tỉnh Bắc Kạn tổng kết năm 2023. Dịp này, Tổng LĐLĐ Việt Nam tặng Bằng khen cho 12 "
        "tập thể; CĐVC tỉnh có 61 CĐCS trực thuộc."
    )
    assert got["12 tập thể"] == "Liên đoàn Lao động tỉnh Bắc Kạn"  # awards: the body whose units receive them
    assert got["61 CĐCS"] == "Công đoàn Viên chức tỉnh Bắc Kạn"


def test_components_are_checked_for_what_they_read_when_a_pipeline_is_built():
    from unionnews.pipeline import DEFAULT_COMPONENTS, FunctionComponent, Pipeline, PipelineError

    temporal, figures, *rest = DEFAULT_COMPONENTS
    with pytest.raises(PipelineError, match=r"figures.*ctx\.term"):
        Pipeline([figures, temporal, *rest])  # figures would read a term nothing has set yet
    custom = FunctionComponent("counts", lambda doc: None, ("figures",), ("ctx.counted",))
    assert Pipeline([*DEFAULT_COMPONENTS, custom]).names[-1] == "counts"
    with pytest.raises(PipelineError, match="counts"):
        Pipeline([custom, *DEFAULT_COMPONENTS])
