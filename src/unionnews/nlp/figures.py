"""Figures: numbers that count something, with metric, unit, qualifier and period.

A quantity (:func:`unionnews.nlp.numbers.find_quantities`) becomes a figure only
when something says what it counts:

* a currency after it ("918 triệu đồng", "100.000đ") or a scale word alone
  ("trị giá 500 triệu") -> money, unit VND;
* a percent sign -> percentage;
* a head noun from ``lexicon/metrics.toml`` after it, possibly behind a filler
  ("2.445 lượt đoàn viên") -> the head's unit; lists of heads are read together
  ("2.719/2.726 cán bộ, công chức, viên chức");
* a head named just before ("nâng tổng số đoàn viên lên 45.678") or ending a report
  label ("Phát triển đoàn viên: 1.234", "(nữ: 9.870)").

Years, dates, times, terms, document numbers, phone numbers, URLs, "Covid-19",
ordinals ("lần thứ 2"), programme names ("Chương trình 135"), durations ("15
năm") and page-chrome counters ("Lượt xem: 1.234") are never figures: they have
no head noun, or a label right before them says what they are.

The metric comes from the head noun, changed by context cues (``[[cue]]`` in
the lexicon): words right after the head ("117 đoàn viên được kết nạp Đảng")
first, then the verb nearest before the number ("tặng quà 31 đoàn viên"). Members
of a list share a cue ("tặng Bằng khen 23 tập thể, 47 cá nhân").
"""

from __future__ import annotations

import logging
import re
import tomllib
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any

from unionnews.errors import LexiconError
from unionnews.lexicon import LEXICON_DIR
from unionnews.model import Context, Figure
from unionnews.nlp.normalize import match_key
from unionnews.nlp.numbers import QUALIFIER_AFTER_RE, Quantity, find_quantities

logger = logging.getLogger(__name__)

# --- what follows a number -------------------------------------------------------------------

#: Words that make "đồng" a word of its own, not the currency: "đồng chí", "đồng bào"…
NOT_CURRENCY_DONG = (
    r"chí|bào|nghiệp|hương|đội|thời|loạt|ý|hành|tâm|lòng|cấp|sức|chủ|bằng|minh|môn|niên|phục|"
    r"ca|thuận|tình|đều|nhất|bộ|hồ|khởi|xu|lúa|ruộng|quê|đ/c"
)
#: A currency right after an amount: "đồng", "đ", "VNĐ", "VND" ("đồng/người" too), but not
#: "đồng chí" (comrade) or "đ/c": " đồng", "đ", " VNĐ".
CURRENCY_RE = re.compile(rf"[ ]*(?:đồng(?!\s+(?:{NOT_CURRENCY_DONG})(?!\w))|vnđ|vnd|đ(?!/c))(?!\w)")
#: A foreign currency: "100 USD", "5.000 đô la" (an amount, but not in đồng).
FOREIGN_CURRENCY_RE = re.compile(r"[ ]*(?:usd|đô la|đô-la|euro|eur|yên nhật|nhân dân tệ)(?!\w)")
#: What joins heads into one list: "cán bộ, công chức", "đoàn viên và người lao động".
LIST_JOIN_RE = re.compile(r"\s*(?:,|/|và|hoặc)\s*")
#: A rate after an amount, skipped before a qualifier that follows it: "/người" in
#: "từ 5,5 triệu đồng/người trở lên", "/người/tháng".
RATE_SUFFIX_RE = re.compile(r"(?:[ ]?/[ ]?[^\W\d]+){1,3}")
#: One or two modifiers between a head and "trở lên": "từ 25 đoàn viên ưu tú trở lên". Not a
#: level ("từ cấp cơ sở trở lên" says where, not how many).
HEAD_MODIFIER_RE = re.compile(r"(?:[ ](?!(?:từ|cấp|trên|dưới)(?!\w))[^\W\d]+){1,2}(?=[ ]*trở lên)")
#: "vượt" right before a ratio: "đạt và vượt 8/8 chỉ tiêu" is an exact 8 of 8.
OVER_RATIO_RE = re.compile(r"(?<!\w)vượt\s+$")

# --- what precedes a number that is not a count ---------------------------------------------

#: Labels that make the number an ordinal, a date part, a code or an address, not a count:
#: "lần thứ 2", "khóa 12", "số 140", "tháng 12", "ngày 9", "quý 3", "Điều 5", "đợt 2",
#: "điện thoại 0206…", "tuổi 18", "tổ 3", "F 0"; places named after a date: "Hội trường 2-9",
#: "Quảng trường 3/2", "chợ 30/4".
LABEL_BEFORE_RE = re.compile(
    r"(?<!\w)(?:thứ|lần thứ|khóa|khoá|(?<!tổng )số|mã số|mã|tháng|quý|ngày|hôm|sáng|chiều|tối|trưa|đêm|"
    r"lúc|tuổi|đường|km|quốc lộ|ql|tỉnh lộ|phòng|điều|khoản|mục|chương|top|hạng|vòng|tổ|đợt|"
    r"giai đoạn|kỳ|phiên|khu|lô|năm|năm học|niên khóa|điện thoại|đt|đtdđ|tel|fax|hotline|sđt|"
    r"di động|zalo|stk|tài khoản|covid|sars-cov|ca khúc|bài|trang|câu|tập|tầng|nhà số|ngõ|"
    r"ngách|hẻm|kiệt|tờ|thửa|lớp|khối|tuần|version|phiên bản|"
    r"hội trường|quảng trường|công viên|sân vận động|nhà văn hóa|cầu|chợ|bến)\s*[:.\-]?\s*$"
)
#: Names of documents, programmes and funds with a number: "Chương trình 135", "Dự án vay
#: vốn 120", "Nghị quyết 02", "Quyết định số 666".
PROGRAMME_BEFORE_RE = re.compile(
    r"(?<!\w)(?:chương trình|dự án|đề án|quyết định|nghị quyết|nghị định|thông tư|chỉ thị|"
    r"kế hoạch|công văn|(?<!pháp )luật|vay vốn|thông báo|hướng dẫn|kết luận|quy định|"
    r"tiểu dự án)\s+(?:số\s+)?$"
)
#: Document words that are also verbs: in lower case right before a count they act on it
#: ("đã hướng dẫn 28 CĐCS thương lượng"), capitalised they name a document ("Hướng dẫn 28").
VERB_DOCUMENT_WORDS_RE = re.compile(r"(?:hướng dẫn|thông báo|quy định|kết luận)\s+$")
#: Page-chrome counters: "Lượt xem: 1.234", "Số lần nhấp:61", "Đang truy cập 16",
#: "Hôm nay 2.946", "Tổng số: 175", "Trang: 1".
CHROME_BEFORE_RE = re.compile(
    r"(?:lượt xem|lượt đọc|lượt truy cập|số lần nhấp|lần nhấp|đã xem|lượt nghe|lượt tải|"
    r"đang truy cập|đang online|trực tuyến|hôm nay|hôm qua|tuần này|tháng này|tháng hiện tại|"
    r"năm hiện tại|tổng lượt|truy cập|trang|đánh giá|bình luận|lượt thích|"
    r"lượt chia sẻ|views?|máy chủ tìm kiếm|khách viếng thăm|thành viên online)\s*:?\s*$|tổng số\s*:\s*$"
)
#: A copyright line before a year: "© 2023", "Bản quyền 2019 -", "Copyright ".
COPYRIGHT_BEFORE_RE = re.compile(
    r"(?:©|\(c\)|bản quyền(?: thuộc)?|copyright)\s*(?:(?:19|20)\d\d\s*[-–]\s*)?$"
)
#: A number that names the statutory union fee, not an amount: "Kinh phí công đoàn 2%".
FEE_NAME_BEFORE_RE = re.compile(r"(?:kinh phí công đoàn|kpcđ)\s*$")
#: A size class of workplaces before a head count: "doanh nghiệp nhỏ, dưới " (10 lao động),
#: "đơn vị có từ " (25 lao động trở lên), "công ty sử dụng trên " (500 công nhân). Only for
#: heads that measure a workforce (WORKFORCE_HEADS): "24 đơn vị với trên 500 vận động viên"
#: counts athletes.
SIZE_CLASS_BEFORE_RE = re.compile(
    r"(?<!\w)(?:doanh nghiệp|đơn vị|cơ sở|cơ quan|công ty|nhà máy|xí nghiệp)(?:\s+(?:nhỏ|vừa|lớn|siêu nhỏ))*"
    r",?\s*(?:có|sử dụng|với|quy mô)?\s*(?:dưới|từ|trên|không quá|tối thiểu|ít hơn|nhiều hơn)\s+$"
)
#: A comparison before "N lần" that makes it a multiplier: "gấp ", "tăng hơn ", "cao gần ".
MULTIPLIER_BEFORE_RE = re.compile(
    r"(?<!\w)(?:gấp|tăng|giảm|cao|thấp|nhiều|lớn|nhanh|bằng)(?:\s+(?:hơn|gần|khoảng|trên|lên|xấp xỉ))*\s+$"
)
#: A line of a related-news list: it ends with its date in brackets, "… (28/02/2023)".
RELATED_LINE_RE = re.compile(r"\(\s*\d{1,2}/\d{1,2}(?:/\d{2,4})?\s*\)\s*\.?\s*$")
#: Words before a year that make it a time: "năm 2021", "đến 2023", "Tết 2023", "khóa 2020".
YEAR_CONTEXT_BEFORE_RE = re.compile(
    r"(?<!\w)(?:năm|từ|đến|tới|cuối|đầu|giữa|giai đoạn|nhiệm kỳ|khóa|tết|xuân|hè|mùa|trước|sau|"
    r"trong|vào|kể từ|niên độ|và)\s*$"
)
#: The first year and dash of a year pair before the second year: "2017 - " in "2017 - 2022".
YEAR_PAIR_BEFORE_RE = re.compile(r"(?<!\d)(?:19|20)\d\d\s*-\s*$")
#: A phone number: "0206 3852 384", "02063.852.384", "0912-345-678", "(0206) 385 2384", "+84 …".
PHONE_RE = re.compile(r"(?<![\w.,])(?:\(?\+?84\)?[ .\-]?|\(?0)\d{1,4}\)?(?:[ .\-]?\d{2,4}){2,4}(?![\w])")
#: Web addresses: "http://ldld.caobang.gov.vn", "www.x.vn/tin-123".
URL_RE = re.compile(r"(?:https?://|www\.)\S+")
#: Mail addresses: "vanphong123@gmail.com".
EMAIL_RE = re.compile(r"[\w.\-]+@[\w\-]+(?:\.[\w\-]+)+")
#: A rating widget: "Bình chọn: 4/5 (9 phiếu)", "Đánh giá: 4,5/5 (12 lượt)".
RATING_RE = re.compile(r"(?:bình chọn|đánh giá|xếp hạng)\s*:?\s*[\d.,]+\s*/\s*\d+\s*\(\s*\d+\s*[^\W\d]*\s*\)")
#: Disease and vaccine codes written with a space: "Covid 19", "COVID - 19", "SARS-CoV-2".
DISEASE_CODE_RE = re.compile(r"(?:covid|sars-cov)\s*-?\s*\d+")

# --- clauses and periods -------------------------------------------------------------------

#: Clause boundaries the words before a figure do not cross: ";", "!", "?", a line break, and
#: a "." not inside a number ("1.742"). A ":" is crossed: "Kết nạp mới: 1.234 đoàn viên".
CLAUSE_BOUNDARY_RE = re.compile(r"[;!?\n]|\.(?!\d)")
#: Where the words after a head stop: a clause boundary or a comma.
AFTER_STOP_RE = re.compile(r"[;!?\n,(]|[.:](?!\d)|(?<!\w)trong đó(?!\w)")
#: Qualifier and range words at the end of the words before a number, dropped before cues
#: are matched ("thành lập từ 50 đến 60 CĐCS" reads like "thành lập 50 CĐCS").
TRAILING_QUALIFIER_RE = re.compile(
    r"(?:\s+(?:từ|trên|hơn|gần|khoảng|dưới|ít nhất|tối thiểu|xấp xỉ|chừng|tầm|ước|ước tính|"
    r"được|là|cho|thêm|mới|vượt|đạt|tổng cộng|chưa đến|chưa tới|không dưới|ngoài|lên|lên đến|"
    r"lên tới))+\s*$"
)
#: A head named before a number that has none after it: "nâng tổng số đoàn viên lên 45.678",
#: "với số đoàn viên là 1.742", "tổng số CĐCS: 345".
ANTECEDENT_RE = re.compile(
    r"(?<!\w)(?:tổng số|số lượng|số)\s+(?P<rest>[^,;.]{1,50}?)\s*"
    r"(?:hiện\s+|đã\s+|được\s+)?(?:là|lên|lên đến|lên tới|đạt|đạt được|:)\s*$"
)
#: A report label naming a head right before its number: "Phát triển đoàn viên: 1.234",
#: "(nữ: 9.870)", "- Đoàn viên mới: 120". The head is searched inside ``label``.
LABEL_ANTECEDENT_RE = re.compile(r"(?:^|[(\-–•*+,]|(?<=\s))\s*(?P<label>[^\d,;.:()\-–•*+|]{1,45}?)\s*:\s*$")
#: What may follow the head at the end of a report label: "mới" in "Đoàn viên mới:", "toàn tỉnh"
#: in "Tổng số đoàn viên toàn tỉnh:"; anything else ("Bình chọn:") means the word is no head.
LABEL_TAIL_RE = re.compile(
    r"^(?:\s+(?:mới|nữ|trực thuộc|ưu tú|cơ sở|công đoàn|hiện có|hiện nay|được kết nạp|kết nạp mới|"
    r"phát triển mới|thành lập mới|toàn (?:tỉnh|huyện|ngành|thành phố|quốc)|(?:trong|cả) năm))*\s*$"
)
#: Heads that name a part of the count before them: "28.500 đoàn viên, trong đó 15.300 nữ".
SUBSET_HEADS = frozenset({"nữ"})
#: "từ 55 lên 61 CĐCS": the first number shares the head of the second.
SHARED_HEAD_GAP_RE = re.compile(r"^\s*(?:lên|xuống|lên thành|còn)\s*$")
#: What may stand between two figures of one list: "23 tập thể, 47 cá nhân", "9 tập thể và".
LIST_GAP_RE = re.compile(r"^\s*(?:,|và|,\s*và|cùng|cùng với|,?\s*trong đó(?: có)?)?\s*$")

#: A stated year: "trong năm 2021", "năm 2018", "cuối năm 2022".
YEAR_IN_SENTENCE_RE = re.compile(r"(?<!\w)(?<!sinh )năm\s+(?P<y>(?:19|20)\d\d)(?!\d)")
#: A year pair in the sentence: "giai đoạn 2017 - 2022", "nhiệm kỳ 2018-2023", "năm học 2022-2023".
PERIOD_IN_SENTENCE_RE = re.compile(r"(?<!\d)(?P<a>(?:19|20)\d\d)\s*-\s*(?P<b>(?:19|20)\d\d)(?!\d)")
#: A span from a year to a later year or to now: "từ năm 2019 đến nay", "từ 2018 tới năm 2022".
YEAR_SPAN_IN_SENTENCE_RE = re.compile(
    r"(?<!\w)từ\s+(?:năm\s+)?(?P<a>(?:19|20)\d\d)\s+(?:đến|tới)\s+"
    r"(?:(?:năm\s+)?(?P<b>(?:19|20)\d\d)(?!\d)|(?P<now>nay|hiện nay|hiện tại)(?!\w))"
)
#: A month: "tháng 12/2022", "tháng 6 năm 2023".
MONTH_IN_SENTENCE_RE = re.compile(
    r"(?<!\w)tháng\s+(?P<m>0?[1-9]|1[0-2])\s*(?:/|-|năm\s+)\s*(?P<y>(?:19|20)\d\d)(?!\d)"
)
#: A full date: "30/6/2023", "ngày 9 tháng 2 năm 2022".
DATE_IN_SENTENCE_RE = re.compile(
    r"(?<![\d/])(?P<d>0?[1-9]|[12]\d|3[01])(?:/|\s+tháng\s+)(?P<m>0?[1-9]|1[0-2])"
    r"(?:/|,?\s+năm\s+)(?P<y>(?:19|20)\d\d)(?!\d)"
)
#: "Trong năm", "năm qua", "năm nay" without a year: the year reported on ("năm nay": the year
#: of publication). Not after a count or a plural word: "trong 5 năm qua", "nhiều năm qua"
#: are durations.
THIS_YEAR_RE = re.compile(
    r"(?<!\w)(?<!\d )(?<!nhiều )(?<!những )(?<!các )(?<!mấy )(?<!vài )"
    r"(?:trong năm qua|trong năm nay|trong năm|năm qua|năm nay)(?!\s*(?:19|20)\d\d)"
)
#: "hiện nay", "hiện có", "đến nay": the state at publication.
NOW_RE = re.compile(r"(?<!\w)(?:hiện nay|hiện có|đến nay|tới nay|hiện tại|tính đến nay|hiện đang)(?!\w)")

#: A sentence end for the fallback splitter: ". ", "! ", "? " (then an upper-case letter or
#: digit, checked in code) or a line break.
SENTENCE_END_RE = re.compile(r"[.!?…]+[\"')\]]*(?=\s+[\"'(\[\-•]?\s*(\w))|\n+")

#: Heads that measure the size of a workplace ("doanh nghiệp dưới 10 lao động").
WORKFORCE_HEADS = frozenset(
    {
        "lao động",
        "người lao động",
        "công nhân",
        "công nhân lao động",
        "cnlđ",
        "nlđ",
        "người",
        "nhân viên",
        "cán bộ, công nhân viên",
        "công nhân viên",
        "đoàn viên",
        "cnvclđ",
        "cnvc-lđ",
    }
)
#: Heads that count a family's members: written in words ("nuôi hai con nhỏ") they describe
#: someone, they count nothing.
FAMILY_HEADS = frozenset({"con", "cháu"})
#: Metrics a list member inherits from the member before or after it.
INHERITED_METRICS = frozenset(
    {
        "awards",
        "trainings",
        "people_supported",
        "party_admissions",
        "party_referrals",
        "new_grassroots_unions",
        "new_union_members",
    }
)
#: Units that may be listed after one number: "1.245 lượt tập thể, cá nhân".
MIXED_LIST_UNITS = frozenset({"person", "org"})
#: Metrics that count what exists at a moment (a stock), not what happened over a period.
STOCK_METRICS = frozenset({"union_members", "union_members_female", "grassroots_unions", "party_members"})
#: Steps towards Party membership; "lượt" (person-times) before the head makes it class
#: attendances, not people referred or admitted.
PARTY_STEP_METRICS = frozenset({"party_referrals", "party_admissions"})
#: Metrics that are head counts of members; "lượt" (person-times) before the head cannot be.
MEMBERSHIP_METRICS = frozenset({"union_members", "union_members_female", "party_members"})
#: Units that can share a cue inside a list ("23 tập thể, 47 cá nhân").
LIST_UNITS = frozenset({"person", "org", "other"})
#: Bare classifiers that stand for the fuller head of a figure shortly before them: "14 vụ
#: ngừng việc …, giảm 6 vụ" counts work stoppages, while a bare "02 vụ" at court is a case.
ELLIPTIC_HEADS = frozenset({"vụ"})
#: How far back (characters) an earlier figure may explain a later one (ellipsis, restatement,
#: "Trong đó, …" after the sentence with the whole).
CARRY_WINDOW = 400
#: A sentence that details the count of the sentence before it: "Trong đó, 38 em là sinh viên".
DETAIL_SENTENCE_RE = re.compile(r"^[\s\-–•*+]*(?:trong đó|cụ thể|bao gồm|gồm)(?!\w)")
#: A sentence that opens by naming the whole its counts are parts of: "Trong số đảng viên
#: mới, khối giáo dục có 112 đồng chí, khối y tế 41 đồng chí".
WHOLE_NAMED_RE = re.compile(
    r"^[\s\-–•*+]*trong số\s+(?P<whole>[^,;:\d]{2,40}?)(?:[,:]|\s+(?=có\s+\d|có\s+\w+\s+\d))"
)
#: Words that make the figures after them in their clause a goal, not a result: "phấn đấu kết
#: nạp 500 đoàn viên", "mục tiêu đến năm 2025 có 90% …", "chỉ tiêu Tổng Liên đoàn giao",
#: "dự kiến tổ chức 12 buổi", "sẽ trao 300 suất quà".
TARGET_BEFORE_RE = re.compile(
    r"(?<!\w)(?:phấn đấu|mục tiêu|đề ra|đặt ra|đặt chỉ tiêu|dự kiến|sẽ|hướng tới|hướng đến|cố gắng|"
    r"chỉ tiêu(?:[ ][^\s,;:]+){0,4}[ ]giao|được giao|kế hoạch năm|nhằm đạt|đặt kế hoạch|"
    r"theo kế hoạch(?=\s*[,:])|"
    r"chỉ tiêu(?:[ ](?:chủ yếu|cơ bản|chính))?[ ]*,?[ ]*(?:trong đó|gồm|như sau))(?!\w)"
)
#: Words after a goal word that return the clause to results: "mục tiêu đề ra, đã kết nạp …".
REPORTED_AFTER_TARGET_RE = re.compile(r"(?<!\w)(?:đã|đạt được|kết quả|thực tế|thực hiện được)(?!\w)")
#: Words before a goal word that speak of meeting it: "thực hiện chỉ tiêu … giao, năm 2023
#: thành lập 09 CĐCS", "vượt mục tiêu", "so với kế hoạch năm".
GOAL_MET_BEFORE_RE = re.compile(
    r"(?<!\w)(?:thực hiện|hoàn thành|vượt|đạt|so với|theo|bằng)(?:\s+[\d.,]+\s*%?)?\s+$"
)
#: How far back (characters) a goal word may stand before a figure in its sentence.
TARGET_WINDOW = 300
#: Where a goal word stops reaching: the end of a sentence (a ";" does not end a list of goals).
GOAL_BOUNDARY_RE = re.compile(r"[!?\n]|\.(?!\d)")
#: How far back (characters) the labels before a number are looked for ("lần thứ", "năm").
LABEL_WINDOW = 40
#: How far back (characters) the words before a figure reach at most.
CONTEXT_BEFORE = 120
#: How far after the head the words after it reach at most.
CONTEXT_AFTER = 70
#: Most heads read as one list ("cán bộ, công chức, viên chức, lao động").
MAX_LIST = 8


# --- the lexicon -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Head:
    """A noun that says what a number counts."""

    key: str  # match key of the written form
    unit: str
    metric: str
    cues: bool


@dataclass(frozen=True, slots=True)
class Cue:
    """Words around a figure that decide its metric."""

    pattern: re.Pattern[str]
    metric: str  # "default": the head's own metric
    units: frozenset[str]
    heads: frozenset[str]  # match keys; empty = any head
    where: str  # "before" or "after"
    order: int  # position in the files (earlier wins ties)
    raw: bool = False  # "before" cues: match the words as written, trailing "từ", "hơn", "cho"… kept

    def applies(self, head: Head) -> bool:
        return head.unit in self.units and (not self.heads or head.key in self.heads)


@dataclass(frozen=True, slots=True)
class MetricRules:
    """Heads, cues, fillers and the money context, ready to match."""

    heads: dict[str, Head]
    cues: tuple[Cue, ...]
    head_re: re.Pattern[str]
    filler_re: re.Pattern[str]
    money_context_re: re.Pattern[str]

    def head(self, key: str) -> Head:
        return self.heads[key]


def _strings(value: object) -> list[str]:
    return [str(v) for v in value] if isinstance(value, list) else []


def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise LexiconError(f"{path}: cannot read the metric rules ({exc})") from exc


def load_metric_rules(path: str | Path | None = None) -> MetricRules:
    """The packaged metric lexicon, merged with the user's TOML file when given.

    The user's heads replace packaged heads written the same way, their cues win
    ties with ours, their fillers are added and their money context replaces ours.
    The format is described at the top of ``lexicon/metrics.toml``.
    """
    layers = [_read(LEXICON_DIR / "metrics.toml")]
    if path is not None:
        layers.append(_read(Path(path)))
    heads: dict[str, Head] = {}
    cues: list[Cue] = []
    fillers: list[str] = []
    money = ""
    for rank, data in enumerate(reversed(layers)):  # the user's file first
        for h in data.get("head", []):
            for word in _strings(h.get("words")):
                head = Head(match_key(word), str(h["unit"]), str(h["metric"]), bool(h.get("cues", False)))
                heads.setdefault(head.key, head)
        for c in data.get("cue", []):
            where = str(c.get("where", "before"))
            if where not in ("before", "after"):
                raise ValueError(
                    f"cue {c.get('pattern')!r}: where must be 'before' or 'after', not {where!r}"
                )
            cues.append(
                Cue(
                    re.compile(str(c["pattern"])),
                    str(c["metric"]),
                    frozenset(_strings(c.get("units"))),
                    frozenset(match_key(w) for w in _strings(c.get("heads"))),
                    where,
                    rank * 10_000 + len(cues),
                    bool(c.get("raw", False)),
                )
            )
        fillers += [match_key(w) for w in _strings(data.get("fillers", {}).get("words"))]
        money = money or str(data.get("money", {}).get("context", ""))
    words = sorted(heads, key=len, reverse=True)
    head_re = re.compile("(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)")
    filler_alt = "|".join(re.escape(w) for w in sorted(set(fillers), key=len, reverse=True)) or "(?!)"
    filler_re = re.compile(rf"[ ]*(?:(?:{filler_alt})(?!\w)[ ]*)?")
    return MetricRules(heads, tuple(cues), head_re, filler_re, re.compile(money or "(?!)"))


@cache
def default_rules() -> MetricRules:
    """The packaged rules, loaded once per process."""
    return load_metric_rules()


# --- helpers -----------------------------------------------------------------------------------


def _split_sentences(text: str) -> list[tuple[int, int]]:
    """A simple sentence splitter (used when the caller gives no sentence spans)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in SENTENCE_END_RE.finditer(text):
        nxt = m.group(1)
        if nxt is not None and not (nxt[0].isupper() or nxt[0].isdigit()):
            continue
        end = m.end() if nxt is not None else m.start()
        _add_span(text, spans, start, end)
        start = m.end()
    _add_span(text, spans, start, len(text))
    return spans


def _add_span(text: str, spans: list[tuple[int, int]], start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


def _sentence_at(spans: Sequence[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    lo, hi = 0, len(spans)
    while lo < hi:
        mid = (lo + hi) // 2
        s, e = spans[mid]
        if offset < s:
            hi = mid
        elif offset >= e:
            lo = mid + 1
        else:
            return spans[mid]
    return None


class SpanSet:
    """Sorted, non-overlapping spans with a fast overlap test."""

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        self.starts = [s for s, _ in merged]
        self.spans = merged

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.starts, end - 1) - 1
        return i >= 0 and self.spans[i][1] > start


def _guard_spans(key: str) -> list[tuple[int, int]]:
    """Phone numbers, addresses, disease codes and rating widgets: numbers inside them are no figures."""
    spans = [(m.start(), m.end()) for m in URL_RE.finditer(key)]
    spans += [(m.start(), m.end()) for m in RATING_RE.finditer(key)]
    if "@" in key:
        spans += [(m.start(), m.end()) for m in EMAIL_RE.finditer(key)]
    spans += [(m.start(), m.end()) for m in DISEASE_CODE_RE.finditer(key)]
    for m in PHONE_RE.finditer(key):
        digits = sum(c.isdigit() for c in m.group())
        if 9 <= digits <= 12:
            spans.append((m.start(), m.end()))
    return spans


def _previous_word(text: str, pos: int) -> tuple[int, str]:
    """The word ending right before ``pos`` (one space allowed) and its start."""
    end = pos
    while end > 0 and text[end - 1] == " ":
        end -= 1
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return start, text[start:end]


def _is_label(text: str, key: str, q: Quantity) -> bool:
    """True when the words right before ``q`` make it a name, ordinal, date part or chrome."""
    before = key[max(0, q.start - LABEL_WINDOW) : q.start]
    if LABEL_BEFORE_RE.search(before):
        return True
    if (programme := PROGRAMME_BEFORE_RE.search(before)) is not None:
        verb = VERB_DOCUMENT_WORDS_RE.search(before)
        at = q.start - len(before) + programme.start()
        if not (verb and verb.start() == programme.start() and text[at : at + 1].islower()):
            return True
    if CHROME_BEFORE_RE.search(before) or COPYRIGHT_BEFORE_RE.search(before):
        return True
    if q.percent and FEE_NAME_BEFORE_RE.search(before):
        return True
    return bool(q.is_year and (_year_label(key, q) or YEAR_PAIR_BEFORE_RE.search(before)))


def _year_label(key: str, q: Quantity) -> bool:
    """A year written as a time ("năm 2024", "đến 2023"), not a count."""
    return YEAR_CONTEXT_BEFORE_RE.search(key[max(0, q.start - LABEL_WINDOW) : q.start]) is not None


def _after_name(text: str, q: Quantity, sentence_start: int) -> bool:
    """A capitalised word right before a number, not opening the sentence: a name part
    ("Chương trình 135", "Nhơn Trạch 3", "Tết Sum vầy 2023"). Title-case headlines
    ("Tặng Quà 500 Công Nhân") still count when a head noun follows."""
    start, word = _previous_word(text, q.start)
    return bool(word) and word[0].isupper() and not word.isupper() and start > sentence_start


@dataclass(slots=True)
class _Head:
    """The head noun(s) found for a quantity."""

    head: Head
    start: int  # where the first head starts
    first_end: int  # where the first head ends
    end: int  # where the list of heads ends
    default_metric: str
    times: bool = False  # "lượt" before the head: person-times, not persons


def _find_head(rules: MetricRules, key: str, pos: int) -> _Head | None:
    """The head noun (or list of heads) right after ``pos``, behind an optional filler."""
    filler = rules.filler_re.match(key, pos)
    m = rules.head_re.match(key, filler.end()) if filler else None
    if m is None:  # no head behind the filler: the filler may be the head ("1.200 lượt")
        start = pos
        while key[start : start + 1] == " ":
            start += 1
        m = rules.head_re.match(key, start) if start - pos <= 2 else None
    if m is None:
        return None
    head = rules.head(m.group())
    end, default = m.end(), head.metric
    for _ in range(MAX_LIST):
        join = LIST_JOIN_RE.match(key, end)
        if not join:
            break
        nxt = rules.head_re.match(key, join.end())
        if not nxt:
            break
        other = rules.head(nxt.group())
        same_kind = other.metric == head.metric != "other_count"  # "100 đề tài, sáng kiến"
        if other.unit != head.unit and not ({other.unit, head.unit} <= MIXED_LIST_UNITS or same_kind):
            break
        end = nxt.end()
        if other.unit == head.unit and default == "other_count" and other.metric != "other_count":
            default = other.metric  # "cán bộ, đoàn viên": union members
    times = filler is not None and key[pos : filler.end()].strip().startswith("lượt")
    return _Head(head, m.start(), m.end(), end, default, times)


def _last_boundary(key: str, lo: int, pos: int, boundary: re.Pattern[str] = CLAUSE_BOUNDARY_RE) -> int:
    """Where the text after the last ``boundary`` in ``key[lo:pos]`` starts (``lo`` if none)."""
    last = lo
    for b in boundary.finditer(key, lo, pos):
        last = b.end()
    return last


def _choose_metric(
    rules: MetricRules, found: _Head, before: str, after: str, raw_before: str | None = None
) -> tuple[str, bool]:
    """(metric, decided by a cue) for a head, from the words after it, then before it.

    ``before`` has its trailing qualifier and range words dropped; ``raw_before`` (the
    words as written, ``before`` when not given) is what ``raw`` cues are matched on.
    """
    raw_before = before if raw_before is None else raw_before
    head = found.head
    if not head.cues:
        return head.metric, False
    best: tuple[int, int, Cue] | None = None
    for cue in rules.cues:
        if cue.where != "after" or not cue.applies(head):
            continue
        m = cue.pattern.search(after)
        if m and (best is None or (m.start(), cue.order) < best[:2]):
            best = (m.start(), cue.order, cue)
    if best is None:
        for cue in rules.cues:
            if cue.where != "before" or not cue.applies(head):
                continue
            last = None
            for m in cue.pattern.finditer(raw_before if cue.raw else before):
                last = m
            if last and (best is None or (-last.end(), cue.order) < best[:2]):
                best = (-last.end(), cue.order, cue)
    if best is None or best[2].metric == "default":
        return found.default_metric, False
    return best[2].metric, True


def _period(
    key: str,
    sentence: tuple[int, int],
    at: int,
    ctx: Context,
    cache: dict[tuple[int, int], list[tuple[int, str, str]]] | None = None,
    *,
    stock: bool = False,
) -> tuple[str | None, str | None]:
    """The period a figure at ``at`` covers: the time phrase nearest before it in its sentence.

    Candidates: a date ("30/6/2023"), a month ("tháng 12/2022"), a year ("năm 2021"),
    a year pair ("giai đoạn 2017 - 2022"), "hiện nay"/"đến nay" (publication date),
    "trong năm" (publication year). Without one before the figure, the first after it;
    without any, the article's term, except for a ``stock`` (a head count such as members
    or grassroots unions), which is the state at publication: "hơn 180.000 đoàn viên" in a
    congress report counts the members now, not over the term.
    """
    found = cache.get(sentence) if cache is not None else None
    if found is None:
        found = _time_phrases(key, sentence, ctx)
        if cache is not None:
            cache[sentence] = found
    if found:
        i = bisect_left(found, at, key=lambda f: f[0])  # found is sorted
        _, start, end = found[i - 1] if i else found[0]
        return start, end
    if stock and ctx.published is not None:
        return ctx.published.isoformat(), ctx.published.isoformat()
    if ctx.term:
        return str(ctx.term[0]), str(ctx.term[1])
    return None, None


def reported_year(key: str, published: date) -> int:
    """The year an article reports on: its publication year, or the year before when
    "năm <that year>" is written more often (a review published in January).

    >>> reported_year("tổng kết năm 2023, năm 2023 đã kết nạp; năm 2024 phấn đấu", date(2024, 1, 12))
    2023
    >>> reported_year("trong năm, kết nạp 12 đoàn viên", date(2024, 1, 12))
    2024
    """
    counts = Counter(int(m["y"]) for m in YEAR_IN_SENTENCE_RE.finditer(key))
    before = published.year - 1
    return before if counts[before] > counts[published.year] else published.year


def _time_phrases(key: str, sentence: tuple[int, int], ctx: Context) -> list[tuple[int, str, str]]:
    """(offset, period start, period end) of every time phrase in a sentence, sorted."""
    s, e = sentence
    found: list[tuple[int, str, str]] = []
    taken: list[tuple[int, int]] = []
    for m in DATE_IN_SENTENCE_RE.finditer(key, s, e):
        iso = f"{m['y']}-{int(m['m']):02d}-{int(m['d']):02d}"
        found.append((m.start(), iso, iso))
        taken.append(m.span())
    for m in MONTH_IN_SENTENCE_RE.finditer(key, s, e):
        iso = f"{m['y']}-{int(m['m']):02d}"
        found.append((m.start(), iso, iso))
        taken.append(m.span())
    for m in PERIOD_IN_SENTENCE_RE.finditer(key, s, e):
        found.append((m.start(), m["a"], m["b"]))
        taken.append(m.span())
    today = ctx.published.isoformat() if ctx.published else None
    for m in YEAR_SPAN_IN_SENTENCE_RE.finditer(key, s, e):
        end = m["b"] or today
        if end is not None:
            found.append((m.start(), m["a"], end))
            taken.append(m.span())
    for m in YEAR_IN_SENTENCE_RE.finditer(key, s, e):
        if not any(a <= m.start("y") < b for a, b in taken):
            found.append((m.start(), m["y"], m["y"]))
    if today is not None:
        year = today[:4]
        found += [
            (m.start(), today, today)
            for m in NOW_RE.finditer(key, s, e)
            if not any(a <= m.start() < b for a, b in taken)
        ]
        reported = str(ctx.reported_year or year)
        found += [
            (m.start(), year, year) if m.group().endswith("nay") else (m.start(), reported, reported)
            for m in THIS_YEAR_RE.finditer(key, s, e)
        ]
    found.sort()
    return found


# --- the matcher -----------------------------------------------------------------------------


@dataclass(slots=True)
class _Found:
    """A figure being built, with what list inheritance needs to know."""

    figure: Figure
    from_cue: bool
    head_key: str = ""  # match key of the head noun ("" for money, percent)
    sentence: tuple[int, int] = (0, 0)  # span of the figure's sentence


def find_figures(
    text: str,
    ctx: Context,
    *,
    key: str | None = None,
    sentences: Sequence[tuple[int, int]] | None = None,
    blocked: Sequence[tuple[int, int]] = (),
    rules: MetricRules | None = None,
) -> list[Figure]:
    """Every figure in ``text`` with its metric, unit, qualifier, period and offsets.

    ``key`` is ``match_key(text)`` when the caller has it; ``sentences`` are
    sentence spans (split here when not given); numbers overlapping ``blocked``
    spans (dates, terms, document numbers found by other matchers) are skipped.

    >>> from datetime import date
    >>> [(f.text, f.value, f.metric) for f in find_figures("Năm 2022 kết nạp 1.234 đoàn viên.", Context())]
    [('1.234 đoàn viên', 1234.0, 'new_union_members')]
    """
    key = match_key(text) if key is None else key
    if ctx.published is not None and ctx.reported_year is None:
        ctx.reported_year = reported_year(key, ctx.published)
    spans = list(sentences) if sentences is not None else _split_sentences(text)
    rules = rules or default_rules()
    stop = SpanSet([*blocked, *_guard_spans(key)])
    quantities = find_quantities(text, key)
    found: list[_Found] = []
    periods: dict[tuple[int, int], list[tuple[int, str, str]]] = {}
    texts: dict[tuple[int, int], str] = {}
    for i, q in enumerate(quantities):
        if stop.overlaps(q.start, q.end):
            continue
        sentence = _sentence_at(spans, q.start) or (q.start, q.end)
        if sentence[1] - sentence[0] < 300 and RELATED_LINE_RE.search(text, sentence[0], sentence[1]):
            continue
        if _is_label(text, key, q):
            continue
        # the words before reach back to the previous number, a year excepted ("trao vốn vay
        # đợt I năm 2024 cho 126 đoàn viên": the cue "trao" is before the year)
        j = i - 1
        while j >= 0 and quantities[j].is_year and _year_label(key, quantities[j]):
            j -= 1
        prev_end = quantities[j].end if j >= 0 else 0
        nxt = quantities[i + 1] if i + 1 < len(quantities) else None
        if (sentence_text := texts.get(sentence)) is None:
            sentence_text = texts[sentence] = text[sentence[0] : sentence[1]]  # one copy per sentence
        built = _build(text, key, q, prev_end, nxt, rules, sentence, sentence_text)
        if built is not None:
            built.sentence = sentence
            found.append(built)
    _named_wholes(rules, found)
    _subsets(found)
    _inherit(key, found)
    _carry_over(rules, found)
    for built in found:  # periods once the metrics are final: a stock and a flow date differently
        fig = built.figure
        stock = fig.metric in STOCK_METRICS
        fig.period_start, fig.period_end = _period(key, built.sentence, fig.start, ctx, periods, stock=stock)
        if _status(key, fig.start, built.sentence[0]) == "target" or _after_publication(
            fig.period_start, ctx
        ):
            fig.status = "target"  # a goal word before it, or "đến năm 2028 … 55%" in a 2024 article
    return [f.figure for f in found]


def _build(
    text: str,
    key: str,
    q: Quantity,
    prev_end: int,
    nxt: Quantity | None,
    rules: MetricRules,
    sentence: tuple[int, int],
    sentence_text: str,
) -> _Found | None:
    """The figure of one quantity, or None when it counts nothing."""
    lo = max(prev_end, sentence[0], q.start - CONTEXT_BEFORE)
    clause_start = _last_boundary(key, lo, q.start)
    raw_before = key[clause_start : q.start]
    end, unit, metric, rule, from_cue, head_key = q.end, "", "", "", False, ""
    after_end = q.end
    if q.percent:
        unit, metric, rule = "percent", "percentage", "percent"
    elif (cur := CURRENCY_RE.match(key, q.end)) is not None:
        if q.value == 0:
            return None  # "gian hàng 0 đồng": a name, not an amount
        unit, metric, rule, end = "VND", "money", "money", cur.end()
    elif (foreign := FOREIGN_CURRENCY_RE.match(key, q.end)) is not None:
        unit, metric, rule, end = "other", "other_count", "foreign_money", foreign.end()
    else:
        found = _find_head(rules, key, q.end)
        if found is None and nxt is not None and SHARED_HEAD_GAP_RE.match(key[q.end : nxt.start]):
            shared = _find_head(rules, key, nxt.end)
            if shared is not None:
                found = _Head(shared.head, q.end, q.end, q.end, shared.default_metric)
        if found is not None:
            if q.spelled and (q.value < 2 or found.head.key in FAMILY_HEADS):
                return None  # "hai con nhỏ": a family, told in words, is no figure
            if q.is_year and found.head.unit not in ("person", "org"):
                return None
            if found.head.key == "lần" and MULTIPLIER_BEFORE_RE.search(raw_before):
                return None  # "tăng hơn 2 lần": a multiplier, not a number of events
            if found.head.key in WORKFORCE_HEADS and SIZE_CLASS_BEFORE_RE.search(raw_before):
                return None  # "doanh nghiệp nhỏ, dưới 10 lao động": a size class, not a count
            before = TRAILING_QUALIFIER_RE.sub("", raw_before)
            stop = AFTER_STOP_RE.search(key, found.end, min(len(key), found.end + CONTEXT_AFTER))
            limit = min(nxt.start if nxt else len(key), stop.start() if stop else found.end + CONTEXT_AFTER)
            after = key[found.end : max(found.end, limit)]
            unit, head_key = found.head.unit, found.head.key
            metric, from_cue = _choose_metric(rules, found, before, after, raw_before)
            if found.times and metric in MEMBERSHIP_METRICS:
                metric = "other_count"  # "2.000 lượt đoàn viên tham gia": attendances, not members
            elif found.times and metric in PARTY_STEP_METRICS:
                metric = "trainings"  # "lớp nhận thức về Đảng cho 1.032 lượt đoàn viên": attendances
            rule = "shared_head" if found.end == q.end else "head_noun"
            end = found.first_end if found.first_end > q.end else q.end
            after_end = found.end
        elif q.scaled and not q.spelled and (q.value >= 1e6 or rules.money_context_re.search(raw_before)):
            unit, metric, rule = "VND", "money", "money_scale"  # "trị giá 500 triệu"
        elif (named := _antecedent(rules, key, q, clause_start)) is not None:
            ante, context_start, label_end = named
            raw = key[context_start : q.start]
            before = TRAILING_QUALIFIER_RE.sub("", raw)
            metric, from_cue = _choose_metric(rules, ante, before, key[ante.end : label_end], raw)
            unit, rule, head_key = ante.head.unit, "antecedent", ante.head.key
        else:
            return None
    if q.is_year and rule in ("antecedent", "percent"):
        return None
    if rule in ("antecedent", "money_scale", "shared_head") or q.is_year:
        if _after_name(text, q, sentence[0]):
            return None
    qualifier = q.qualifier
    tail = max(end, after_end)
    between = RATE_SUFFIX_RE.match(key, tail) or HEAD_MODIFIER_RE.match(key, tail)  # "/người", "ưu tú"
    if QUALIFIER_AFTER_RE.match(key, tail) or (between and QUALIFIER_AFTER_RE.match(key, between.end())):
        qualifier = "over"
    if (
        qualifier == "over"
        and q.total is not None
        and OVER_RATIO_RE.search(key, max(0, q.start - 8), q.start)
    ):
        qualifier = "exact"  # "đạt và vượt 8/8 chỉ tiêu": the count itself is exact
    figure = Figure(
        start=q.start,
        end=end,
        text=text[q.start : end],
        value=q.value,
        unit=unit,
        metric=metric,
        qualifier=qualifier,
        total=q.total,
        value_high=q.high,
        sentence=sentence_text,
        rule=rule,
    )
    return _Found(figure, from_cue, head_key)


def _antecedent(
    rules: MetricRules, key: str, q: Quantity, clause_start: int
) -> tuple[_Head, int, int] | None:
    """The head named before a number without one after it: "tổng số đoàn viên lên 45.678",
    "Phát triển đoàn viên: 1.234", "(nữ: 9.870)".

    Returns the head, where the words that may hold cues before it start (the head
    itself after "tổng số", the whole label before ":") and where the words after it
    end (the head for "tổng số", the end of the label: "Kết nạp đảng viên mới:").
    """
    if q.percent or q.spelled or q.value == 0:
        return None  # "là: 0 trong 0 đánh giá" is a rating widget, not a count
    window = key[max(0, q.start - 70) : q.start]
    base = q.start - len(window)
    m = ANTECEDENT_RE.search(window)
    head = rules.head_re.match(key, base + m.start("rest")) if m is not None else None
    if m is not None and head is not None:
        if base + m.start() < clause_start - 1 and ":" not in m.group():
            return None
        context_start, label_end = head.start(), head.end()
    else:
        label = LABEL_ANTECEDENT_RE.search(window)
        if label is None or base + label.start("label") < clause_start:
            return None
        # the head ends the label, behind modifiers only ("kết nạp đảng viên mới:")
        label_end = base + label.end("label")
        head = next(
            (
                h
                for h in rules.head_re.finditer(key, base + label.start("label"), label_end)
                if (h.start() == 0 or not key[h.start() - 1].isalnum())
                and LABEL_TAIL_RE.match(key[h.end() : label_end])
            ),
            None,
        )
        if head is None:
            return None
        context_start = base + label.start("label")
    h = rules.head(head.group())
    return _Head(h, head.start(), head.end(), head.end(), h.metric), context_start, label_end


def _subsets(found: list[_Found]) -> None:
    """A part named by a subset head takes the metric of the count before it in its
    sentence: "28.500 đoàn viên, trong đó 15.300 nữ" counts female members,
    "250 đại biểu, trong đó 120 nữ" female delegates (other_count)."""
    for prev, cur in pairwise(found):
        p, c = prev.figure, cur.figure
        if cur.head_key not in SUBSET_HEADS or cur.from_cue:
            continue
        if p.unit != "person" or p.sentence != c.sentence or c.start - p.end > CONTEXT_BEFORE:
            continue
        c.metric = "union_members_female" if p.metric in ("union_members", "new_union_members") else p.metric
        cur.from_cue = True  # decided: list inheritance leaves it alone


def _inherit(key: str, found: list[_Found]) -> None:
    """Members of a list share the cue of a neighbour: "tặng Bằng khen 23 tập thể, 47 cá nhân".

    Forwards, a member whose metric is only its head's default takes the metric of
    the member before it; then backwards ("3 tập thể, 5 cá nhân được tặng Bằng khen").
    """
    for i in range(1, len(found)):
        cur, prev = found[i], found[i - 1]
        if _linked(key, prev, cur):
            cur.figure.metric = prev.figure.metric
            cur.from_cue = True
    for i in range(len(found) - 2, -1, -1):
        cur, nxt = found[i], found[i + 1]
        if _linked(key, nxt, cur, backwards=True):
            cur.figure.metric = nxt.figure.metric
            cur.from_cue = True


def _linked(key: str, donor: _Found, cur: _Found, *, backwards: bool = False) -> bool:
    d, c = donor.figure, cur.figure
    if cur.from_cue or not donor.from_cue or d.metric not in INHERITED_METRICS:
        return False
    if c.unit not in LIST_UNITS or d.unit not in LIST_UNITS or c.rule not in ("head_noun", "shared_head"):
        return False
    gap = key[c.end : d.start] if backwards else key[d.end : c.start]
    return LIST_GAP_RE.match(gap) is not None


def _carry_over(rules: MetricRules, found: list[_Found]) -> None:
    """What an earlier figure says about a later one that says little itself.

    * a bare classifier repeats the fuller head before it ("14 vụ ngừng việc …, giảm 6
      vụ": work stoppages, unit and metric);
    * a count restated with the same head ("tặng Bằng khen cho 05 tập thể …: - 05 tập
      thể: …") is the same figure and takes its metric;
    * a generic count in a sentence that details the one before it ("… học bổng cho
      162 em. Trong đó, 38 em là sinh viên") is a part of that count and takes its metric.
    """
    for i, cur in enumerate(found):
        c = cur.figure
        if cur.from_cue or not cur.head_key:
            continue
        for donor in reversed(found[max(0, i - 8) : i]):
            d = donor.figure
            if c.start - d.end > CARRY_WINDOW:
                break
            if cur.head_key in ELLIPTIC_HEADS and donor.head_key.startswith(cur.head_key + " "):
                c.unit, c.metric = d.unit, d.metric
                break
            if not donor.from_cue or d.unit != c.unit or d.metric == c.metric:
                continue
            if donor.head_key == cur.head_key and d.value == c.value and d.total == c.total:
                c.metric = d.metric
                break
            if (
                d.sentence != c.sentence
                and d.metric in INHERITED_METRICS
                and rules.heads[cur.head_key].metric == "other_count"
                and DETAIL_SENTENCE_RE.match(match_key(c.sentence))
            ):
                c.metric = d.metric
                break


def _named_wholes(rules: MetricRules, found: list[_Found]) -> None:
    """Generic counts in a sentence that opens by naming their whole take its metric:
    "Trong số đảng viên mới, khối giáo dục có 112 đồng chí" counts party admissions."""
    wholes: dict[str, tuple[str, str] | None] = {}
    for cur in found:
        c = cur.figure
        if cur.from_cue or not cur.head_key:
            continue
        if c.sentence not in wholes:
            wholes[c.sentence] = _whole_metric(rules, c.sentence, c.unit)
        whole = wholes[c.sentence]
        generic = rules.heads[cur.head_key].metric == "other_count"
        if whole is not None and (generic or whole[1] == cur.head_key):
            c.metric = whole[0]  # a generic count, or the whole's own head ("Trong số CĐCS mới có 09 CĐCS")
            cur.from_cue = True


def _whole_metric(rules: MetricRules, sentence: str, unit: str) -> tuple[str, str] | None:
    """The metric and head of the whole a sentence opens with ("Trong số đảng viên mới, …":
    party admissions), when its head counts in ``unit`` and says more than other_count."""
    m = WHOLE_NAMED_RE.match(match_key(sentence))
    if m is None:
        return None
    whole = m["whole"]
    head = rules.head_re.search(whole)
    if head is None or rules.heads[head.group()].unit != unit:
        return None
    h = rules.heads[head.group()]
    found = _Head(h, head.start(), head.end(), head.end(), h.metric)
    metric, _ = _choose_metric(rules, found, whole[: head.start()], whole[head.end() :])
    return None if metric == "other_count" else (metric, h.key)


def _status(key: str, at: int, sentence_start: int) -> str:
    """ "target" when a goal word stands before ``at`` in its sentence (a list of goals
    goes on across ";") and nothing after it says the sentence reports a result;
    "reported" otherwise. (:func:`find_figures` also makes a figure whose period lies after
    publication a target.)

    >>> _status("năm 2024 phấn đấu kết nạp 500 đoàn viên", 31, 0)
    'target'
    >>> _status("vượt mục tiêu đề ra, đã kết nạp 500 đoàn viên", 33, 0)
    'reported'
    """
    start = _last_boundary(key, max(sentence_start, at - TARGET_WINDOW), at, GOAL_BOUNDARY_RE)
    goals = list(TARGET_BEFORE_RE.finditer(key, start, at))
    last = goals[-1] if goals else None
    if last is None or REPORTED_AFTER_TARGET_RE.search(key, last.end(), at):
        return "reported"
    if GOAL_MET_BEFORE_RE.search(key, max(0, last.start() - 28), last.start()):
        return "reported"
    return "target"


def _after_publication(period_start: str | None, ctx: Context) -> bool:
    """Does the period start in a year after the article's publication (a plan)?

    >>> _after_publication("2028", Context(published=date(2024, 3, 1)))
    True
    >>> _after_publication("2024-06", Context(published=date(2024, 3, 1)))
    False
    """
    if ctx.published is None or not period_start or not period_start[:4].isdigit():
        return False
    return int(period_start[:4]) > ctx.published.year
