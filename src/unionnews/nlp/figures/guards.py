"""Guards: numbers that count nothing (years, dates, codes, phone numbers, names, page chrome)."""

from __future__ import annotations

import re

from unionnews.nlp.numbers import Quantity
from unionnews.nlp.patterns import max_width
from unionnews.nlp.spans import Literals, finditer_near

#: Labels (a pattern) that make the number an ordinal, a date part, a code or an address, not a count:
#: "lần thứ 2", "khóa 12", "số 140", "tháng 12", "ngày 9", "quý 3", "Điều 5", "đợt 2",
#: "điện thoại 0206…", "tuổi 18", "tổ 3", "F 0"; places named after a date: "Hội trường 2-9",
#: "Quảng trường 3/2", "chợ 30/4".
LABELS = (
    r"thứ|lần thứ|khóa|khoá|(?<!tổng )số|mã số|mã|tháng|quý|ngày|hôm|sáng|chiều|tối|trưa|đêm|"
    r"lúc|tuổi|đường|km|quốc lộ|ql|tỉnh lộ|phòng|điều|khoản|mục|chương|top|hạng|vòng|tổ|đợt|"
    r"giai đoạn|kỳ|phiên|khu|lô|năm|năm học|niên khóa|điện thoại|đt|đtdđ|tel|fax|hotline|sđt|"
    r"di động|zalo|stk|tài khoản|covid|sars-cov|ca khúc|bài|trang|câu|tập|tầng|nhà số|ngõ|"
    r"ngách|hẻm|kiệt|tờ|thửa|lớp|khối|tuần|version|phiên bản|"
    r"hội trường|quảng trường|công viên|sân vận động|nhà văn hóa|cầu|chợ|bến"
)
#: A label of :data:`LABELS` right before the number, maybe with ":", "." or "-".
LABEL_BEFORE_RE = re.compile(rf"(?<!\w)(?:{LABELS})\s*[:.\-]?\s*$")


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


#: Labels (a pattern) of page-chrome counters: "Lượt xem: 1.234", "Số lần nhấp:61", "Đang truy cập 16",
#: "Hôm nay 2.946", "Tổng số: 175", "Trang: 1".
CHROME_LABELS = (
    r"lượt xem|lượt đọc|lượt truy cập|số lần nhấp|lần nhấp|đã xem|lượt nghe|lượt tải|"
    r"đang truy cập|đang online|trực tuyến|hôm nay|hôm qua|tuần này|tháng này|tháng hiện tại|"
    r"năm hiện tại|tổng lượt|truy cập|trang|đánh giá|bình luận|lượt thích|"
    r"lượt chia sẻ|views?|máy chủ tìm kiếm|khách viếng thăm|thành viên online"
)
#: A counter's label of :data:`CHROME_LABELS` right before the number, maybe with ":"; "tổng số:".
CHROME_BEFORE_RE = re.compile(rf"(?:{CHROME_LABELS})\s*:?\s*$|tổng số\s*:\s*$")
#: The longest label of :data:`LABEL_BEFORE_RE` and of :data:`CHROME_BEFORE_RE`: a match
#: starts at most so far before the end of its label (:func:`label_end`).
LABEL_MAX = max_width(LABELS)
CHROME_MAX = max(max_width(CHROME_LABELS), len("tổng số"))


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


#: Where a :data:`PHONE_RE` match starts: "(", "+", the "8" of "84" or a "0", not after a
#: letter, digit, "." or "," (the anchor of :func:`~unionnews.nlp.spans.finditer_near`; the
#: lookbehind comes after the first character so that the regex engine can skip to the four
#: characters that may open one).
PHONE_ANCHOR_RE = re.compile(r"[(+80](?<![\w.,][(+80])")


#: Web addresses: "http://ldld.caobang.gov.vn", "www.x.vn/tin-123".
URL_RE = re.compile(r"(?:https?://|www\.)\S+")


#: Mail addresses: "vanphong123@gmail.com".
EMAIL_RE = re.compile(r"[\w.\-]+@[\w\-]+(?:\.[\w\-]+)+")


#: A rating widget: "Bình chọn: 4/5 (9 phiếu)", "Đánh giá: 4,5/5 (12 lượt)".
RATING_RE = re.compile(r"(?:bình chọn|đánh giá|xếp hạng)\s*:?\s*[\d.,]+\s*/\s*\d+\s*\(\s*\d+\s*[^\W\d]*\s*\)")


#: Disease and vaccine codes written with a space: "Covid 19", "COVID - 19", "SARS-CoV-2".
DISEASE_CODE_RE = re.compile(r"(?:covid|sars-cov)\s*-?\s*\d+")


#: Where a :data:`URL_RE`, a :data:`RATING_RE` or a :data:`DISEASE_CODE_RE` match starts: the
#: words each opens with (anchors of :func:`~unionnews.nlp.spans.finditer_near`).
URL_ANCHOR = Literals("http", "www.")
RATING_ANCHOR = Literals("bình chọn", "đánh giá", "xếp hạng")
DISEASE_CODE_ANCHOR = Literals("covid", "sars-cov")


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


#: How far back (characters) the labels before a number are looked for ("lần thứ", "năm").
LABEL_WINDOW = 40


def guard_spans(key: str) -> list[tuple[int, int]]:
    """Phone numbers, addresses, disease codes and rating widgets: numbers inside them are no figures."""
    # each pattern is tried only where the words it opens with stand (faster than a full scan)
    spans = [(m.start(), m.end()) for m in finditer_near(URL_RE, key, URL_ANCHOR)]
    spans += [(m.start(), m.end()) for m in finditer_near(RATING_RE, key, RATING_ANCHOR)]
    if "@" in key:
        spans += [(m.start(), m.end()) for m in EMAIL_RE.finditer(key)]
    spans += [(m.start(), m.end()) for m in finditer_near(DISEASE_CODE_RE, key, DISEASE_CODE_ANCHOR)]
    for m in finditer_near(PHONE_RE, key, PHONE_ANCHOR_RE):
        digits = sum(c.isdigit() for c in m.group())
        if 9 <= digits <= 12:
            spans.append((m.start(), m.end()))
    return spans


def previous_word(text: str, pos: int) -> tuple[int, str]:
    """The word ending right before ``pos`` (one space allowed) and its start."""
    end = pos
    while end > 0 and text[end - 1] == " ":
        end -= 1
    start = end
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    return start, text[start:end]


def label_end(before: str) -> int:
    """Where a label that ends ``before`` ends: before the whitespace and the one ":", "." or
    "-" after it. No label ends with one of those, so a match of :data:`LABEL_BEFORE_RE` or
    :data:`CHROME_BEFORE_RE` starts no more than :data:`LABEL_MAX` or :data:`CHROME_MAX`
    characters before this: they are searched from there, not over the whole window.

    >>> label_end("Lượt xem : "), label_end("tháng")
    (8, 5)
    """
    words = before.rstrip()
    if words.endswith((":", ".", "-")):
        words = words[:-1].rstrip()
    return len(words)


def is_label(text: str, key: str, q: Quantity) -> bool:
    """True when the words right before ``q`` make it a name, ordinal, date part or chrome."""
    before = key[max(0, q.start - LABEL_WINDOW) : q.start]
    end = label_end(before)
    if LABEL_BEFORE_RE.search(before, max(0, end - LABEL_MAX)):
        return True
    if (programme := PROGRAMME_BEFORE_RE.search(before)) is not None:
        verb = VERB_DOCUMENT_WORDS_RE.search(before)
        at = q.start - len(before) + programme.start()
        if not (verb and verb.start() == programme.start() and text[at : at + 1].islower()):
            return True
    if CHROME_BEFORE_RE.search(before, max(0, end - CHROME_MAX)) or COPYRIGHT_BEFORE_RE.search(before):
        return True
    if q.percent and FEE_NAME_BEFORE_RE.search(before):
        return True
    return bool(q.is_year and (year_label(key, q) or YEAR_PAIR_BEFORE_RE.search(before)))


def year_label(key: str, q: Quantity) -> bool:
    """A year written as a time ("năm 2024", "đến 2023"), not a count."""
    return YEAR_CONTEXT_BEFORE_RE.search(key[max(0, q.start - LABEL_WINDOW) : q.start]) is not None


def after_name(text: str, q: Quantity, sentence_start: int) -> bool:
    """A capitalised word right before a number, not opening the sentence: a name part
    ("Chương trình 135", "Nhơn Trạch 3", "Tết Sum vầy 2023"). Title-case headlines
    ("Tặng Quà 500 Công Nhân") still count when a head noun follows."""
    start, word = previous_word(text, q.start)
    return bool(word) and word[0].isupper() and not word.isupper() and start > sentence_start
