"""A cheap relevance classifier for trade-union news: which links to fetch, which articles to keep.

Provincial newspapers publish far more than union news. A batch crawl asks two questions:

* :func:`link_verdict` — is a listing item (its URL and anchor text) worth fetching?
* :func:`text_verdict` — does a fetched article (its title and body) enter the dataset?

Both look for cues of the vocabulary ``lexicon/relevance.toml`` (strong, weak and negative
lists for URL slugs and for text, loaded once). A URL is folded to an ASCII slug
(``"/Công-Đoàn/x"`` -> ``"-cong-doan-x-"``); a text to its :func:`~unionnews.nlp.normalize.match_key`
(lower case, one tone placement). Each vocabulary is one compiled pattern, factored by common
prefixes (a trie), so a text is read once whatever the number of cues.

>>> link_verdict("https://baomau.vn/xa-hoi/ldld-tinh-trao-qua-tet-cho-doan-vien-123.html").relevant
True
>>> link_verdict("https://baomau.vn/the-thao/doi-bong-tinh-thang-tran-mo-man-124.html").relevant
False

A link without any cue is not relevant: on a general newspaper most links are not union news.
The caller decides when that applies (a union federation's own site keeps every link).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from unionnews.errors import UnionNewsError
from unionnews.lexicon import LEXICON_DIR
from unionnews.nlp.normalize import match_key, strip_accents

__all__ = [
    "LINK_THRESHOLD",
    "TEXT_THRESHOLD",
    "RelevanceError",
    "Verdict",
    "Vocabulary",
    "link_verdict",
    "load_vocabulary",
    "text_verdict",
    "trie_pattern",
    "url_slug",
    "vocabulary",
]

#: A link whose score reaches this is worth fetching: one strong cue, or one weak cue that no
#: negative cue outweighs.
LINK_THRESHOLD: float = 1.0
#: An article whose score reaches this enters the dataset (see :func:`text_verdict`).
TEXT_THRESHOLD: float = 4.0

#: The packaged vocabulary.
VOCABULARY_FILE = LEXICON_DIR / "relevance.toml"
#: The cue lists that score, in the order reasons are given.
KINDS: tuple[str, ...] = ("strong", "weak", "negative")
#: The optional list of words that only stop a cue from being read inside them (no score).
NEUTRAL = "neutral"
#: Factors of the text score, all required in ``[text.weights]``.
TEXT_WEIGHT_KEYS: tuple[str, ...] = (
    "strong",
    "weak",
    "negative",
    "title_strong",
    "title_weak",
    "density",
    "density_cap",
    "min_length",
)

#: Runs of characters other than ASCII letters and digits: the word separators of a folded slug.
SLUG_SEPARATOR_RE = re.compile(r"[^a-z0-9]+")
#: A slug cue as the vocabulary writes it: ASCII words joined by single hyphens ("cong-doan").
SLUG_CUE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: A host cue: one run of ASCII letters and digits, found anywhere in the host ("congdoan").
HOST_CUE_RE = re.compile(r"^[a-z0-9]+$")
#: A text cue: lower-case words, digits and the punctuation cues use (",", "-", ".", spaces).
TEXT_CUE_RE = re.compile(r"^[^\sA-Z](?:[^A-Z\n\t]*[^\sA-Z])?$")
#: Runs of white space, made one space before text cues are looked for.
SPACE_RUN_RE = re.compile(r"\s+")
#: A leading "www." of a host, which names no different site.
WWW_RE = re.compile(r"^www\d*\.")


class RelevanceError(UnionNewsError):
    """The relevance vocabulary file is unreadable or wrong."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """A relevance decision: whether, how strongly (higher = more union-like) and why.

    ``reasons`` are the cues found, strong first, each as ``"source:cue"`` (``"url:cong-doan"``,
    ``"host:congdoan"``, ``"title:công đoàn"``, ``"text:đoàn viên"``); negative cues carry a
    leading ``"-"`` (``"-url:the-thao"``).
    """

    relevant: bool
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Matcher:
    """One cue list compiled: the pattern of every form, and each form's (kind, cue name)."""

    pattern: re.Pattern[str]
    cues: Mapping[str, tuple[str, str]]

    def find(self, key: str) -> list[tuple[str, str]]:
        """The (kind, cue name) of every scoring match in ``key``, in text order (repeats kept).

        Neutral words are matched (so no cue is read inside them) but left out.
        """
        found = (self.cues[m.group()] for m in self.pattern.finditer(key))
        return [cue for cue in found if cue[0] != NEUTRAL]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """A loaded, validated vocabulary (see ``lexicon/relevance.toml``)."""

    url: Matcher
    text: Matcher
    hosts: tuple[str, ...]
    weights: Mapping[str, float]
    text_weights: Mapping[str, float]


def trie_pattern(words: Iterable[str]) -> str:
    """A regular expression matching any of ``words``, factored by their common prefixes.

    Where one word is a prefix of another the longer is tried first, so the longest word that
    fits wins; the pattern has no groups that capture.

    >>> trie_pattern(["ab", "abc", "b"])
    '(?:ab(?:c)?|b)'
    >>> re.fullmatch(trie_pattern(["công đoàn", "công đoàn cơ sở"]), "công đoàn cơ sở") is not None
    True
    """
    trie: dict[str, Any] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _node_pattern(trie)


def _node_pattern(node: Mapping[str, Any]) -> str:
    """The pattern of one trie node: its branches, made optional when a word ends here."""
    branches = [re.escape(ch) + _node_pattern(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
    return body + "?" if "" in node else body


def _compile(forms: Mapping[str, tuple[str, str]], word: str) -> re.Pattern[str]:
    """One pattern for every form, matched only as whole words (``word`` = a word character)."""
    return re.compile(f"(?<!{word})" + trie_pattern(forms) + f"(?!{word})")


def _read_list(table: Mapping[str, Any], kind: str, where: str) -> list[str]:
    """The entries of ``table[kind]``: a list of non-empty strings."""
    entries = table.get(kind, [])
    if not isinstance(entries, list) or not all(isinstance(e, str) and e.strip() for e in entries):
        raise RelevanceError(f"{where}.{kind} must be a list of non-empty strings")
    return entries


def _forms(
    table: Mapping[str, Any], where: str, fold: Callable[[str], str], valid: re.Pattern[str]
) -> dict[str, tuple[str, str]]:
    """Map every written form of every cue of ``table`` to its (kind, cue name)."""
    forms: dict[str, tuple[str, str]] = {}
    for kind in (*KINDS, NEUTRAL):
        for entry in _read_list(table, kind, where):
            synonyms = [fold(s.strip()) for s in entry.split("|")]
            for form in synonyms:
                if not valid.match(form):
                    raise RelevanceError(f"{where}.{kind}: {form!r} is not a valid cue")
                if form in forms and forms[form] != (kind, synonyms[0]):
                    raise RelevanceError(f"{where}: {form!r} is listed twice ({forms[form][0]}, {kind})")
                forms[form] = (kind, synonyms[0])
    if not forms:
        raise RelevanceError(f"{where} has no cues")
    return forms


def _weights(table: Any, keys: Iterable[str], where: str) -> dict[str, float]:
    """The numbers of ``table`` for ``keys``, all required."""
    if not isinstance(table, Mapping):
        raise RelevanceError(f"{where} is missing")
    out: dict[str, float] = {}
    for key in keys:
        value = table.get(key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise RelevanceError(f"{where}.{key} must be a number")
        out[key] = float(value)
    return out


def _fold_text_cue(cue: str) -> str:
    """A text cue as it is matched: its match_key with single spaces."""
    return match_key(SPACE_RUN_RE.sub(" ", cue))


def load_vocabulary(path: str | Path | None = None) -> Vocabulary:
    """Read and validate a vocabulary file (the packaged one when ``path`` is None).

    Raises :class:`RelevanceError` when the file is unreadable, a list or weight is missing or
    of the wrong type, a cue is not in the form its list needs, or one form is listed twice.
    """
    source = Path(path) if path is not None else VOCABULARY_FILE
    try:
        data = tomllib.loads(source.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise RelevanceError(f"cannot read the relevance vocabulary {source}: {exc}") from exc
    url = data.get("url")
    text = data.get("text")
    if not isinstance(url, Mapping) or not isinstance(text, Mapping):
        raise RelevanceError(f"{source} needs a [url] and a [text] table")
    weights = _weights(data.get("weights"), (*KINDS, "host"), "weights")
    if weights["strong"] <= 0 or weights["weak"] <= 0 or weights["negative"] >= 0:
        raise RelevanceError("weights: strong and weak must be positive, negative below zero")
    text_weights = _weights(text.get("weights"), TEXT_WEIGHT_KEYS, "text.weights")
    hosts = _read_list(url, "host", "url")
    for host in hosts:
        if not HOST_CUE_RE.match(host):
            raise RelevanceError(f"url.host: {host!r} is not a valid host cue")
    url_forms = _forms(url, "url", lambda s: s, SLUG_CUE_RE)
    text_forms = _forms(text, "text", _fold_text_cue, TEXT_CUE_RE)
    return Vocabulary(
        url=Matcher(_compile(url_forms, "[a-z0-9]"), url_forms),
        text=Matcher(_compile(text_forms, r"\w"), text_forms),
        hosts=tuple(hosts),
        weights=weights,
        text_weights=text_weights,
    )


@cache
def vocabulary() -> Vocabulary:
    """The packaged vocabulary, read once per process."""
    return load_vocabulary()


def url_slug(url: str) -> str:
    """The folded path and query of ``url``: ASCII words between hyphens, framed by hyphens.

    >>> url_slug("https://x.vn/Công-Đoàn/Tin%20m%E1%BB%9Bi?id=7")
    '-cong-doan-tin-moi-id-7-'
    """
    parts = urlsplit(url.strip())
    raw = unquote(parts.path + ("-" + parts.query if parts.query else ""))
    return "-" + SLUG_SEPARATOR_RE.sub("-", strip_accents(raw).lower()).strip("-") + "-"


def _host(url: str) -> str:
    """The lower-case host of ``url`` without a leading "www."."""
    return WWW_RE.sub("", (urlsplit(url.strip()).hostname or "").lower())


def _text_key(text: str) -> str:
    """``text`` as text cues are matched: NFC, its match_key, single spaces."""
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return match_key(SPACE_RUN_RE.sub(" ", text))


def _distinct(found: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """Distinct cue names per kind, in order of first appearance."""
    out: dict[str, list[str]] = {kind: [] for kind in KINDS}
    for kind, name in found:
        if name not in out[kind]:
            out[kind].append(name)
    return out


def _reasons(source: str, cues: Mapping[str, list[str]]) -> list[str]:
    """Reasons for the cues of one source, negative ones marked with "-"."""
    return [("-" if kind == "negative" else "") + f"{source}:{name}" for kind in KINDS for name in cues[kind]]


def _sum(cues: Mapping[str, list[str]], weights: Mapping[str, float]) -> float:
    """The link score of distinct cues: each counts its list's weight once."""
    return sum(weights[kind] * len(names) for kind, names in cues.items())


def link_verdict(url: str, text: str = "", *, vocab: Vocabulary | None = None) -> Verdict:
    """Is a listing item worth fetching? ``url`` is its address, ``text`` its anchor text.

    The score adds the weight of each distinct cue: host cues, slug cues of the URL's path and
    query, text cues of the anchor text (``[weights]`` of the vocabulary). The link is relevant
    when the score reaches :data:`LINK_THRESHOLD`; without any cue it is 0 and not relevant.
    ``vocab`` replaces the packaged vocabulary (one read with :func:`load_vocabulary`).

    >>> v = link_verdict("https://bao.vn/cong-doan/trao-mai-am-cong-doan-99.html")
    >>> v.relevant, v.reasons
    (True, ('url:cong-doan', 'url:mai-am-cong-doan'))
    >>> link_verdict("https://bao.vn/tin-tuc/99.html").relevant
    False
    """
    voc = vocab or vocabulary()
    host = _host(url)
    host_cues = [cue for cue in voc.hosts if cue in host]
    url_cues = _distinct(voc.url.find(url_slug(url)))
    text_cues = _distinct(voc.text.find(_text_key(text))) if text.strip() else _distinct(())
    score = voc.weights["host"] * len(host_cues) + _sum(url_cues, voc.weights) + _sum(text_cues, voc.weights)
    reasons = [f"host:{cue}" for cue in host_cues] + _reasons("url", url_cues) + _reasons("text", text_cues)
    return Verdict(score >= LINK_THRESHOLD, round(score, 3), _ordered(reasons))


def _ordered(reasons: list[str]) -> tuple[str, ...]:
    """Positive reasons before negative ones, each group in its given order."""
    return tuple([r for r in reasons if not r.startswith("-")] + [r for r in reasons if r.startswith("-")])


def text_verdict(title: str, text: str, *, vocab: Vocabulary | None = None) -> Verdict:
    """Does a fetched article (``title``, body ``text``) enter the dataset?

    Cues are counted once each (distinct cues), so one "công nhân" in a road-works story or one
    "công đoàn trường" in a school story weighs little, while an article about union work
    names several union bodies and activities. With the factors of ``[text.weights]``::

        score = strong x distinct strong cues + weak x distinct weak cues
              + negative x distinct negative cues
              + title_strong if the title has a strong cue, else title_weak if it has a weak one
              + density x min(strong matches per 1,000 body characters, density_cap)

    The body counts as at least ``min_length`` characters for the density. The article is
    relevant when the score reaches :data:`TEXT_THRESHOLD`. Reading is one pass over the
    folded title and one over the folded body. ``vocab`` replaces the packaged vocabulary.
    """
    voc = vocab or vocabulary()
    weights = voc.text_weights
    title_found = voc.text.find(_text_key(title)) if title.strip() else []
    body_key = _text_key(text)
    body_found = voc.text.find(body_key)
    title_cues = _distinct(title_found)
    cues = _distinct(title_found + body_found)
    strong_hits = sum(1 for kind, _ in body_found if kind == "strong")
    density = strong_hits * 1000.0 / max(len(body_key), weights["min_length"])
    score = (
        weights["strong"] * len(cues["strong"])
        + weights["weak"] * len(cues["weak"])
        + weights["negative"] * len(cues["negative"])
        + weights["density"] * min(density, weights["density_cap"])
    )
    if title_cues["strong"]:
        score += weights["title_strong"]
    elif title_cues["weak"]:
        score += weights["title_weak"]
    body_only = {kind: [n for n in cues[kind] if n not in title_cues[kind]] for kind in KINDS}
    reasons = _reasons("title", title_cues) + _reasons("text", body_only)
    return Verdict(score >= TEXT_THRESHOLD, round(score, 3), _ordered(reasons))
