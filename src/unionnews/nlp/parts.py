"""Parts of a whole: which figure is a part of another figure of the same metric.

"thành lập 09 CĐCS, trong đó 07 CĐCS khu vực ngoài nhà nước" states 9 unions and,
of them, 7: both are ``new_grassroots_unions``, and a sum over the two counts
16. :func:`link_parts` marks the 7 as a part of the 9 (``Figure.part_of``, the
``figures.part_of`` column as the whole's ``figure_id``), so that ``compare``
and a user's sum leave it out.

A figure is a part of an earlier figure of its sentence when both have the same
metric and unit, "trong đó", "trong số đó", "bao gồm" or "gồm" stands right
before it (:data:`PART_GAP_RE`; "gồm" only right after the whole), and its
value is at most the whole's. The next figures of a list of parts ("gồm 5 CĐCS
khối doanh nghiệp và 4 CĐCS khối hành chính") are parts of the same whole while
the list goes on (:data:`SIBLING_GAP_RE`, :data:`NOT_SIBLING_RE`) and the parts
add up to at most the whole. A part of another metric ("28.500 đoàn viên, trong
đó 15.300 nữ": female members) is not linked: it is a figure of its own series.
Percentages are never linked: a rate is not a sum of rates.

The pass looks only at the words between figures of one sentence: it adds no
scan of the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from unionnews.model import Figure

#: The words between a whole and its part end with what introduces a part: "09 CĐCS, trong
#: đó 07", "1.200 đoàn viên, trong số đó có 500", "500 triệu đồng, bao gồm" (a "gồm" right
#: after the whole only: in "Ban Thường vụ gồm 9 đồng chí và Ủy ban Kiểm tra gồm 7 đồng chí"
#: the 7 is no part of the 9).
PART_GAP_RE = re.compile(
    r"(?:(?<!\w)(?:trong đó|trong số đó)|^[\s,:(–-]*(?:bao gồm|gồm))(?!\w)[^\d.;!?]{0,60}$",
)
#: The words between two parts of one list: " CĐCS khối doanh nghiệp và ", " người, ".
SIBLING_GAP_RE = re.compile(r"^[^\d.!?]{0,60}(?:,|;|\svà\s)[^\d.!?]{0,30}$")
#: Words that make the next figure a change or a comparison, not one more part of the list:
#: "17 điều khoản có lợi hơn …, tăng 5 điều khoản so với", "giảm".
NOT_SIBLING_RE = re.compile(r"(?<!\w)(?:tăng|giảm|so với)(?!\w)")
#: Units whose figures do not add up, so are never parts.
UNADDED_UNITS = frozenset({"percent"})
#: Most earlier figures of the sentence looked at for a figure's whole (a long list stays linear).
LOOK_BACK = 8


def link_parts(figures: Sequence[Figure], text: str, title: str = "") -> None:
    """Set ``part_of`` (the whole's ``(start, end)`` in the same field) on every figure that
    is a part of an earlier figure of its sentence; see the module docstring.

    >>> text = "Thành lập 09 CĐCS, trong đó 07 CĐCS ngoài nhà nước."
    >>> whole = Figure(10, 12, "09", 9, "org", "new_grassroots_unions", sentence=text)
    >>> part = Figure(28, 30, "07", 7, "org", "new_grassroots_unions", sentence=text)
    >>> link_parts([whole, part], text)
    >>> part.part_of, whole.part_of
    ((10, 12), None)
    """
    # the figures of one sentence, in order; a figure's earlier ones are looked at only there
    by_sentence: dict[tuple[str, str], list[Figure]] = {}
    for fig in figures:
        if fig.unit in UNADDED_UNITS or not fig.sentence:
            continue
        by_sentence.setdefault((fig.field_name, fig.sentence), []).append(fig)
    for (field, _), group in by_sentence.items():
        if len(group) < 2:
            continue
        source = title if field == "title" else text
        group.sort(key=lambda f: (f.start, f.end))
        # whole figure -> the sum of its parts so far
        taken: dict[int, float] = {}
        for i, fig in enumerate(group):
            for j in range(i - 1, max(-1, i - 1 - LOOK_BACK), -1):
                prev = group[j]
                if prev.metric != fig.metric or prev.unit != fig.unit or prev.end > fig.start:
                    continue
                gap = source[prev.end : fig.start].lower()
                if PART_GAP_RE.search(gap) is not None:
                    whole = prev
                elif (
                    prev.part_of is not None and SIBLING_GAP_RE.match(gap) and not NOT_SIBLING_RE.search(gap)
                ):
                    whole = next((w for w in group[:j] if (w.start, w.end) == prev.part_of), prev)
                    if whole is prev:
                        break
                else:
                    break  # the nearest figure of the metric is no whole: nothing further back is
                so_far = taken.get(id(whole), 0.0)
                if so_far + fig.value <= whole.value:
                    fig.part_of = (whole.start, whole.end)
                    taken[id(whole)] = so_far + fig.value
                break
