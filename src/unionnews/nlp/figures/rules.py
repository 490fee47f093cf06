"""The metric lexicon (``lexicon/metrics.toml``): heads, cues, fillers, money context."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from unionnews.errors import LexiconError
from unionnews.lexicon import LEXICON_DIR
from unionnews.nlp.normalize import match_key
from unionnews.nlp.patterns import longest_first, required_words


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
    #: "after" cues: a modifier of the head ("ưu tú", "mới", "nữ"), outranked by any predicate
    #: cue after the head ("được kết nạp vào Đảng"), wherever it stands.
    modifier: bool = False
    #: "before" cues: weak evidence, used only when no other cue of the clause matches.
    fallback: bool = False
    #: The words of :func:`required_words` as one pattern (None: no such words): a text that
    #: holds none of them is not searched, which is much faster than the cue's own pattern.
    needs: re.Pattern[str] | None = field(init=False, default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        words = required_words(self.pattern)
        if words:
            alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
            object.__setattr__(self, "needs", re.compile(alternation))

    def applies(self, head: Head) -> bool:
        return head.unit in self.units and (not self.heads or head.key in self.heads)

    def search(self, text: str) -> re.Match[str] | None:
        """``pattern.search(text)``."""
        if self.needs is not None and self.needs.search(text) is None:
            return None
        return self.pattern.search(text)

    def last(self, text: str) -> re.Match[str] | None:
        """The last match of ``pattern.finditer(text)``, or None."""
        if self.needs is not None and self.needs.search(text) is None:
            return None
        last = None
        for m in self.pattern.finditer(text):
            last = m
        return last


@dataclass(frozen=True, slots=True)
class MetricRules:
    """Heads, cues, fillers and the money context, ready to match."""

    heads: dict[str, Head]
    cues: tuple[Cue, ...]
    head_re: re.Pattern[str]
    filler_re: re.Pattern[str]
    money_context_re: re.Pattern[str]
    #: (unit, head key) -> the after and the before cues that apply to such a head, in order.
    _by_head: dict[tuple[str, str], tuple[tuple[Cue, ...], tuple[Cue, ...]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def head(self, key: str) -> Head:
        return self.heads[key]

    def cues_for(self, head: Head) -> tuple[tuple[Cue, ...], tuple[Cue, ...]]:
        """The cues that apply to ``head`` (:meth:`Cue.applies`): those after it and those
        before the number, each in the order of :attr:`cues`; worked out once per head."""
        index = (head.unit, head.key)
        found = self._by_head.get(index)
        if found is None:
            fitting = [c for c in self.cues if c.applies(head)]
            found = (
                tuple(c for c in fitting if c.where == "after"),
                tuple(c for c in fitting if c.where == "before"),
            )
            self._by_head[index] = found
        return found


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
                    bool(c.get("modifier", False)),
                    bool(c.get("fallback", False)),
                )
            )
        fillers += [match_key(w) for w in _strings(data.get("fillers", {}).get("words"))]
        money = money or str(data.get("money", {}).get("context", ""))
    words = sorted(heads, key=len, reverse=True)
    head_re = re.compile(longest_first(words) + r"(?!\w)")  # the longest head that ends a word
    filler_alt = "|".join(re.escape(w) for w in sorted(set(fillers), key=len, reverse=True)) or "(?!)"
    filler_re = re.compile(rf"[ ]*(?:(?:{filler_alt})(?!\w)[ ]*)?")
    return MetricRules(heads, tuple(cues), head_re, filler_re, re.compile(money or "(?!)"))


@cache
def default_rules() -> MetricRules:
    """The packaged rules, loaded once per process."""
    return load_metric_rules()
