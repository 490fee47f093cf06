"""Heads: the noun after a number (or named before it) that says what it counts, and its unit."""

from __future__ import annotations

import re
from dataclasses import dataclass

from unionnews.nlp.figures.rules import Head, MetricRules
from unionnews.nlp.numbers import Quantity

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


#: A plan right after "vượt N%": the number is the margin by which the plan was exceeded, an
#: exact figure ("vượt 18% chỉ tiêu năm", "vượt 12% so với kế hoạch"; docs/annotation.md).
PLAN_AFTER_MARGIN_RE = re.compile(
    r"\s*(?:so với\s+)?(?:kế hoạch|chỉ tiêu|mục tiêu|kh(?!\w)|định mức|dự toán|chương trình)"
)
#: A result just stated before "vượt N%": "đạt 112% kế hoạch, vượt 12%", "bằng 106% dự toán, vượt 6%".
RESULT_BEFORE_MARGIN_RE = re.compile(r"(?:đạt|bằng)\s+[\d.,]+\s*%[^;.]{0,30}?,?\s*vượt\s*$")
#: A clause that ends right after "vượt N%": the margin stands alone ("…, vượt 13,8%.").
CLAUSE_END_AFTER_RE = re.compile(r"\s*(?:[.;,)!?]|$)")
#: A comma that joins two verbs of one predicate, not two clauses: ", giới thiệu" after "xem
#: xét" in "được xem xét, giới thiệu cho Đảng" (", kết nạp được 11 đảng viên" after a count is
#: a new clause).
COORDINATED_VERB_RE = re.compile(r"(?:(?<=xem xét)|(?<=bồi dưỡng)),\s*(?:giới thiệu|đề nghị)(?!\w)")
#: "một, hai" / "một hai" before a number in words: a few, not a count ("một, hai quần chúng").
FEW_BEFORE_RE = re.compile(r"(?<!\w)(?:một|vài)\s*,?\s*$")
#: "vượt" right before a ratio: "đạt và vượt 8/8 chỉ tiêu" is an exact 8 of 8.
OVER_RATIO_RE = re.compile(r"(?<!\w)vượt\s+$")


#: The verbs (or the colon) that end the phrase naming a head before its number.
ANTECEDENT_VERBS = ("là", "lên", "lên đến", "lên tới", "đạt", "đạt được", ":")
#: A head named before a number that has none after it: "nâng tổng số đoàn viên lên 45.678",
#: "với số đoàn viên là 1.742", "tổng số CĐCS: 345".
ANTECEDENT_RE = re.compile(
    r"(?<!\w)(?:tổng số|số lượng|số)\s+(?P<rest>[^,;.]{1,50}?)\s*"
    r"(?:hiện\s+|đã\s+|được\s+)?(?:" + "|".join(ANTECEDENT_VERBS) + r")\s*$"
)
#: How the words before a number end, whitespace aside, when :data:`ANTECEDENT_RE` can match
#: them: with the last word of one of :data:`ANTECEDENT_VERBS`.
ANTECEDENT_TAILS = tuple(verb.split()[-1] for verb in ANTECEDENT_VERBS)


#: A report label naming a head right before its number: "Phát triển đoàn viên: 1.234",
#: "(nữ: 9.870)", "- Đoàn viên mới: 120". The head is searched inside ``label``.
LABEL_ANTECEDENT_RE = re.compile(r"(?:^|[(\-–•*+,]|(?<=\s))\s*(?P<label>[^\d,;.:()\-–•*+|]{1,45}?)\s*:\s*$")


#: What may follow the head at the end of a report label: "mới" in "Đoàn viên mới:", "toàn tỉnh"
#: in "Tổng số đoàn viên toàn tỉnh:"; anything else ("Bình chọn:") means the word is no head.
LABEL_TAIL_RE = re.compile(
    r"^(?:\s+(?:mới|nữ|trực thuộc|ưu tú|cơ sở|công đoàn|hiện có|hiện nay|được kết nạp|kết nạp mới|"
    r"phát triển mới|thành lập mới|toàn (?:tỉnh|huyện|ngành|thành phố|quốc)|(?:trong|cả) năm))*\s*$"
)


#: "từ 55 lên 61 CĐCS": the first number shares the head of the second.
SHARED_HEAD_GAP_RE = re.compile(r"^\s*(?:lên|xuống|lên thành|còn)\s*$")


#: Units that may be listed after one number: "1.245 lượt tập thể, cá nhân".
MIXED_LIST_UNITS = frozenset({"person", "org"})


#: Most heads read as one list ("cán bộ, công chức, viên chức, lao động").
MAX_LIST = 8


@dataclass(slots=True)
class HeadMatch:
    """The head noun(s) found for a quantity."""

    head: Head
    start: int  # where the first head starts
    first_end: int  # where the first head ends
    end: int  # where the list of heads ends
    default_metric: str
    times: bool = False  # "lượt" before the head: person-times, not persons


def find_head(rules: MetricRules, key: str, pos: int) -> HeadMatch | None:
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
    return HeadMatch(head, m.start(), m.end(), end, default, times)


def antecedent(
    rules: MetricRules, key: str, q: Quantity, clause_start: int
) -> tuple[HeadMatch, int, int] | None:
    """The head named before a number without one after it: "tổng số đoàn viên lên 45.678",
    "Phát triển đoàn viên: 1.234", "(nữ: 9.870)".

    Returns the head, where the words that may hold cues before it start (the head
    itself after "tổng số", the whole label before ":") and where the words after it
    end (the rest of the phrase after "tổng số", the end of the label: "Kết nạp đảng viên
    mới:").
    """
    if q.percent or q.spelled or q.value == 0:
        return None  # "là: 0 trong 0 đánh giá" is a rating widget, not a count
    window = key[max(0, q.start - 70) : q.start]
    base = q.start - len(window)
    tail = window.rstrip()  # both patterns end the window, whitespace aside: a cheap test first
    m = ANTECEDENT_RE.search(window) if tail.endswith(ANTECEDENT_TAILS) else None
    head = rules.head_re.match(key, base + m.start("rest")) if m is not None else None
    if m is not None and head is not None:
        if base + m.start() < clause_start - 1 and ":" not in m.group():
            return None
        # the words after the head up to the verb belong to it: "tổng số đoàn viên công đoàn
        # là đảng viên của Công ty lên 286 người" counts Party members
        context_start, label_end = head.start(), max(head.end(), base + m.end("rest"))
    else:
        label = LABEL_ANTECEDENT_RE.search(window) if tail.endswith(":") else None
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
    return HeadMatch(h, head.start(), head.end(), head.end(), h.metric), context_start, label_end
