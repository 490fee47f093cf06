"""Is underthesea fast enough and accurate enough to read the clause that governs a number?

Usage: python bench/clause_parsers.py [--repeat 3] [--sets corpus seeds heldout ...]

Over every sentence that holds a figure matched to a gold figure (the sets of
bench/metric_learning.py; never the blind sets heldout10-12):

1. Time per sentence of underthesea ``word_tokenize``, ``pos_tag``, ``chunk`` and
   ``dependency_parse`` (a failure, e.g. a missing model or library, is printed as the
   finding), next to the time of unionnews' own figure finder on the same sentences and of
   the full unionnews extraction per sentence of the same articles.
2. A "POS verb" classifier: from ``pos_tag``, the governing verb of the number (the nearest
   V before it in its clause, and the first V after its head) with the words that follow the
   verb, mapped to a metric by the lexicon's own cues (src/unionnews/lexicon/metrics.toml),
   else the head's default metric. Scored against the gold metric on the figures whose head
   allows cues, next to the rules on the same figures.

Not a test: it prints. Run from the repository root.
"""

from __future__ import annotations

import argparse
import gc
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from metric_learning import SET_NAMES, Example, collect, gold_sets, head_of, locate

from unionnews.articles import extract_article
from unionnews.inputs.discover import InputDocument, iter_documents
from unionnews.model import Context
from unionnews.nlp.figures import find_figures, load_metric_rules
from unionnews.nlp.figures.metric import TRAILING_QUALIFIER_RE
from unionnews.nlp.figures.rules import Cue, Head, MetricRules
from unionnews.nlp.normalize import match_key
from unionnews.nlp.sentences import split_sentences
from unionnews.pipeline import Pipeline, extract_facts

#: Tokens that end a clause for the verb search before a number ("." and ":" as tokens only).
BEFORE_STOP = frozenset({";", ".", "!", "?", ":", "\n"})
#: Tokens that end the verb's complement after the head.
AFTER_STOP = BEFORE_STOP | {",", "(", "-", "–"}
#: Adverbs kept in front of a verb after the head: "được kết nạp", "đã được tặng".
PRE_VERB = frozenset({"được", "đã", "vừa", "đều", "cùng", "đã được", "vinh dự", "mới"})
DIGIT_RE = re.compile(r"\d")


# --- timing ------------------------------------------------------------------------------


def per_sentence(fn: Callable[[str], object], sentences: Sequence[str], repeat: int) -> tuple[float, str]:
    """Median milliseconds per sentence over ``repeat`` passes, or the error that stopped it."""
    try:
        fn(sentences[0])  # warm-up: model load
    except Exception as err:  # the finding is the failure itself
        return float("nan"), f"{type(err).__name__}: {str(err).splitlines()[0][:90]}"
    passes = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        for s in sentences:
            fn(s)
        passes.append(time.perf_counter() - t0)
    return 1000 * statistics.median(passes) / len(sentences), ""


def pipeline_ms_per_sentence(inputs: Sequence[Path], repeat: int) -> tuple[float, int]:
    """Full unionnews extraction, in milliseconds per sentence of the articles."""
    articles = [
        extract_article(d.data, url=d.url, path=d.path, kind=d.kind)
        for d in iter_documents(list(inputs))
        if isinstance(d, InputDocument)
    ]
    n_sentences = sum(len(split_sentences(a.text)) for a in articles)
    pipeline = Pipeline.default()
    extract_facts(articles[0], pipeline)
    passes = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        for art in articles:
            extract_facts(art, pipeline)
        passes.append(time.perf_counter() - t0)
    return 1000 * statistics.median(passes) / n_sentences, n_sentences


# --- the POS verb classifier -------------------------------------------------------------


def offsets(sentence: str, tokens: Sequence[str]) -> list[tuple[int, int]] | None:
    """Where each token stands in the sentence (None when underthesea changed the text).

    Compared as match keys: underthesea rewrites tone placement ("Hoá" -> "Hóa").
    """
    key = match_key(sentence)
    if len(key) != len(sentence):
        return None
    spans, pos = [], 0
    for tok in map(match_key, tokens):
        i = key.find(tok, pos)
        if i < 0:
            return None
        spans.append((i, i + len(tok)))
        pos = i + len(tok)
    return spans


def is_verb(word: str, tag: str) -> bool:
    return tag.startswith("V") and DIGIT_RE.search(word) is None


def best_after(cues: Sequence[Cue], head: Head, phrase: str) -> Cue | None:
    found = []
    for cue in cues:
        if (
            cue.where == "after"
            and not cue.modifier
            and cue.applies(head)
            and (m := cue.pattern.search(phrase))
        ):
            found.append(((cue.fallback, m.start(), cue.order), cue))
    return min(found, key=lambda f: f[0])[1] if found else None


def best_before(cues: Sequence[Cue], head: Head, phrase: str) -> Cue | None:
    found = []
    for cue in cues:
        if cue.where != "before" or not cue.applies(head):
            continue
        last = None
        for m in cue.pattern.finditer(phrase):
            last = m
        if last is not None:
            found.append(((cue.fallback, -last.end(), cue.order), cue))
    return min(found, key=lambda f: f[0])[1] if found else None


def pos_verb_metric(
    rules: MetricRules,
    head: Head,
    tagged: Sequence[tuple[str, str]],
    spans: Sequence[tuple[int, int]],
    a: int,
    b: int,
) -> tuple[str, str]:
    """The metric the governing verbs give (and the verb phrases), else the head's default."""
    inside = [i for i, (s, e) in enumerate(spans) if s < b and e > a]
    if not inside:
        return head.metric, "no token"
    first, last = inside[0], inside[-1]
    # the nearest verb before the number, in its clause, not past another number
    before_phrase, i = "", first - 1
    while i >= 0 and tagged[i][0] not in BEFORE_STOP and DIGIT_RE.search(tagged[i][0]) is None:
        if is_verb(*tagged[i]):
            words = [w for w, _ in tagged[i:first]]
            before_phrase = TRAILING_QUALIFIER_RE.sub("", match_key(" ".join(words)))
            break
        i -= 1
    # the first verb after the head, with the adverbs before it and its complement
    after_phrase, j = "", last + 1
    while j < len(tagged) and tagged[j][0] not in AFTER_STOP:
        if is_verb(*tagged[j]):
            k = j
            while k - 1 > last and match_key(tagged[k - 1][0]) in PRE_VERB:
                k -= 1
            end = j
            while end < len(tagged) and tagged[end][0] not in AFTER_STOP:
                end += 1
            after_phrase = match_key(" ".join(w for w, _ in tagged[k:end]))
            break
        j += 1
    after = best_after(rules.cues, head, after_phrase) if after_phrase else None
    before = best_before(rules.cues, head, before_phrase) if before_phrase else None
    chosen = next(
        (c for c in (after, before) if c is not None and not c.fallback),
        after or before,
    )
    metric = head.metric if chosen is None or chosen.metric == "default" else chosen.metric
    return metric, f"before={before_phrase!r} after={after_phrase!r}"


def cue_head(rules: MetricRules, ex: Example) -> Head | None:
    """The head of a figure when it allows cues (people and bodies), else None."""
    words = head_of(str(ex.row.get("text") or ""))
    # "lượt đoàn viên": a filler before the head; a bare "lượt" is its own head
    m = rules.head_re.match(words, rules.filler_re.match(words).end()) or rules.head_re.match(words)
    if m is None:
        return None
    head = rules.heads[m.group()]
    return head if head.cues else None


# --- report ------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=list(SET_NAMES))
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--show", type=int, default=0, help="print this many POS-verb errors")
    args = parser.parse_args()

    import underthesea

    data = collect(args.sets)
    sentences = sorted({locate(ex)[0] for exs in data.values() for ex in exs})
    print(f"{len(sentences)} sentences holding a gold-matched figure, {sum(map(len, data.values()))} figures")
    ctx = Context()
    tools: list[tuple[str, Callable[[str], object]]] = [
        ("unionnews find_figures", lambda s: find_figures(s, ctx)),
        ("underthesea word_tokenize", underthesea.word_tokenize),
        ("underthesea pos_tag", underthesea.pos_tag),
        ("underthesea chunk", underthesea.chunk),
        ("underthesea dependency_parse", underthesea.dependency_parse),
    ]
    print(f"\n{'per sentence':<32}{'ms':>8}  note")
    for name, fn in tools:
        ms, error = per_sentence(fn, sentences, args.repeat)
        print(f"{name:<32}{'n/a' if error else f'{ms:.3f}':>8}  {error}")
    ms, n = pipeline_ms_per_sentence([s.inputs for s in gold_sets(args.sets)], args.repeat)
    print(f"{'unionnews full extraction':<32}{ms:>8.3f}  per sentence of the same articles ({n} sentences)")

    rules = load_metric_rules()
    tags = {s: underthesea.pos_tag(s) for s in sentences}
    print("\nfigures whose head allows cues; accuracy of the metric against gold")
    print(f"{'set':<10}{'n':>6}{'rules':>9}{'posverb':>9}{'agree':>8}{'fixes':>7}")
    tot = [0, 0, 0, 0, 0]
    errors = []
    unaligned = 0
    for name, exs in data.items():
        n = ok_rules = ok_pos = agree = fixes = 0
        for ex in exs:
            head = cue_head(rules, ex)
            if head is None:
                continue
            sentence, a, b = locate(ex)
            tagged = tags[sentence]
            spans = offsets(sentence, [w for w, _ in tagged])
            if spans is None:
                unaligned += 1
                spans = []
            metric, why = pos_verb_metric(rules, head, tagged, spans, a, b)
            n += 1
            ok_rules += ex.rules == ex.gold
            ok_pos += metric == ex.gold
            agree += metric == ex.rules
            fixes += metric == ex.gold != ex.rules
            if metric != ex.gold:
                errors.append((ex.row["text"], ex.gold, metric, ex.rules, why))
        for k, v in enumerate((n, ok_rules, ok_pos, agree, fixes)):
            tot[k] += v
        if n:
            print(f"{name:<10}{n:>6}{ok_rules / n:>9.3f}{ok_pos / n:>9.3f}{agree / n:>8.3f}{fixes:>7}")
    n, ok_rules, ok_pos, agree, fixes = tot
    print(f"{'total':<10}{n:>6}{ok_rules / n:>9.3f}{ok_pos / n:>9.3f}{agree / n:>8.3f}{fixes:>7}")
    print("fixes = figures the rules get wrong and the POS verb gets right")
    print(f"({unaligned} figures whose sentence the tagger rewrote beyond alignment: head default)")
    for text, gold, got, by_rules, why in errors[: args.show]:
        print(f"  {text!r}: gold {gold}, posverb {got}, rules {by_rules}; {why}")


if __name__ == "__main__":
    main()
