"""Extraction throughput against underthesea ``word_tokenize`` on the same texts.

Usage: python bench/throughput.py [--n 300] [--seeds ../shared/seeds] [--repeat 3]
                                  [--skip-process] [--skip-stages] [--skip-profile]

Builds ``--n`` distinct article files from the seeds (or, without them, from the
bundled corpus's text articles): article i is seed i mod k with its paragraphs
rotated and every count changed by i, so no duplicate shortcut applies. Then, on
those same files:

1. **Whole processes**, as a user runs them, start-up, reading and writing
   included: ``python -c <word_tokenize every file>`` against
   ``unionnews -q extract DIR --out OUT --workers 1``. Each is run
   ``--repeat`` times, interleaved; the medians and their ratio are printed.
2. **Per stage**, in this process: read (decode, main text, metadata), normalise
   (the match key and the sentences), the temporal, figures, entities and
   subjects components, the headline pass, duplicates marking and writing the
   dataset; milliseconds per article and per 6.6k characters.
3. **A profile** of the in-process run: the top functions by own time.

Not a test: it prints.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: A run of digits with its grouping dots ("2.719"), not part of a longer word.
COUNT_RE = re.compile(r"(?<![\w.])\d{1,3}(?:\.\d{3})*(?![\w.]?\d)")
#: Tokenizes every file named on the command line; the baseline a user would run.
TOKENIZE_SCRIPT = (
    "import sys\n"
    "from pathlib import Path\n"
    "from underthesea import word_tokenize\n"
    "n = 0\n"
    "for p in sorted(Path(sys.argv[1]).iterdir()):\n"
    "    n += len(word_tokenize(p.read_text(encoding='utf-8')))\n"
    "print(n)\n"
)
#: Characters of the issue's reference article (the seeds' mean length).
REFERENCE_CHARS = 6600


def source_texts(seeds: Path) -> list[str]:
    """The seed texts, or, when the seeds are absent, the text articles of the bundled corpus
    and of the blind sets."""
    if seeds.is_dir():
        paths = sorted(seeds.glob("*.txt"))
    else:
        paths = sorted([*ROOT.glob("corpus/*.txt"), *ROOT.glob("tests/heldout*/articles/*.txt")])
    return [p.read_text(encoding="utf-8", errors="replace") for p in paths]


def variant(text: str, i: int) -> str:
    """Article ``i`` made from ``text``: every count that is not a year raised by ``i`` (years
    1945-2100 stay) and, in a text of at least 12 blank-line paragraphs, the paragraphs
    between the first three and the last two rotated by ``i``."""

    def shift(m: re.Match[str]) -> str:
        value = int(m.group().replace(".", ""))
        if 1945 <= value <= 2100 or i == 0:
            return m.group()
        return f"{value + i:,}".replace(",", ".")

    paras = text.split("\n\n")
    if len(paras) >= 12:
        head, body, tail = paras[:3], paras[3:-2], paras[-2:]
        k = i % len(body)
        paras = head + body[k:] + body[:k] + tail
    return COUNT_RE.sub(shift, "\n\n".join(paras))


def write_corpus(texts: list[str], n: int, folder: Path) -> int:
    """Write ``n`` distinct variants into ``folder``; return their total characters."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(n):
        body = variant(texts[i % len(texts)], i // len(texts))
        (folder / f"article-{i:05d}.txt").write_text(body, encoding="utf-8")
        total += len(body)
    return total


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def whole_process(corpus: Path, out: Path, repeat: int) -> tuple[float, float]:
    """Median seconds of (word_tokenize process, unionnews extract process)."""
    tok_cmd = [sys.executable, "-c", TOKENIZE_SCRIPT, str(corpus)]
    ext_cmd = [sys.executable, "-m", "unionnews", "-q", "extract", str(corpus), "--out", str(out)]
    ext_cmd += ["--workers", "1"]
    tok, ext = [], []
    for _ in range(repeat):  # interleaved, so machine noise hits both alike
        tok.append(timed(tok_cmd))
        ext.append(timed(ext_cmd))
    return statistics.median(tok), statistics.median(ext)


def stage_times(corpus: Path, out: Path) -> tuple[dict[str, float], int, int]:
    """Seconds per stage over every file of ``corpus`` (one pass, after a warm-up article)."""
    import duckdb  # noqa: F401  (imported before timing: a whole process pays it at start)
    import pyarrow.parquet  # noqa: F401

    from unionnews.articles import extract_article
    from unionnews.dataset import DatasetWriter, build_arrow_tables
    from unionnews.extraction.duplicates import DocKeys, decide
    from unionnews.extraction.ledger import text_key
    from unionnews.inputs.discover import InputDocument, list_inputs, read_input
    from unionnews.model import ArticleResult
    from unionnews.nlp.plausibility import flag_implausible
    from unionnews.pipeline import Doc, Pipeline, adopt_title_figures, group_facts, title_doc_of

    pipeline = Pipeline.default()
    spent: dict[str, float] = defaultdict(float)
    results: list[ArticleResult] = []
    n_chars = 0
    items = [p for p in list_inputs([corpus]) if isinstance(p, Path)]
    warm = read_input(items[0])
    assert isinstance(warm, InputDocument)
    pipeline(extract_article(warm.data, url=warm.url, path=warm.path, kind=warm.kind))
    for path in items:
        t0 = time.perf_counter()
        doc_in = read_input(path)
        assert isinstance(doc_in, InputDocument)
        article = extract_article(doc_in.data, url=doc_in.url, path=doc_in.path, kind=doc_in.kind)
        t1 = time.perf_counter()
        spent["read"] += t1 - t0
        n_chars += len(article.text)
        doc = Doc.from_article(article)
        spent["normalise"] += time.perf_counter() - t1
        for component in pipeline.components:
            t = time.perf_counter()
            component(doc)
            spent[component.name] += time.perf_counter() - t
        t = time.perf_counter()
        doc.figures.sort(key=lambda f: (f.start, f.end))
        doc.entities.sort(key=lambda e: (e.start, e.end, e.type))
        figures, entities = doc.figures, doc.entities
        if article.title and article.title.strip():
            title_doc = pipeline.run(title_doc_of(article, doc))
            figures = figures + adopt_title_figures(title_doc.figures, doc)
            entities = entities + title_doc.entities
        group_facts(figures, article.article_id)
        flag_implausible(figures)
        spent["headline"] += time.perf_counter() - t
        results.append(ArticleResult(article=article, figures=figures, entities=entities))
    t = time.perf_counter()
    keys = [
        DocKeys(
            n,
            r.article.article_id,
            r.article.url,
            tuple(r.article.aliases),
            r.article.declared_url,
            r.article.site,
            r.article.title,
            text_key(r.article.text, r.article.key),
        )
        for n, r in enumerate(results)
    ]
    decided = decide(keys)
    results = [r for n, r in enumerate(results) if n in decided.kept]
    spent["duplicates"] += time.perf_counter() - t
    t = time.perf_counter()
    with DatasetWriter(out) as writer:
        writer.add(build_arrow_tables(results, [], run_at="2026-01-01T00:00:00+00:00"))
    spent["write"] += time.perf_counter() - t
    return dict(spent), len(items), n_chars


def profile_summary(corpus: Path, out: Path, top: int) -> str:
    """The top functions by own time of an in-process ``run_extract`` over ``corpus``."""
    from unionnews.options import ExtractOptions
    from unionnews.runner import run_extract

    profiler = cProfile.Profile()
    profiler.enable()
    run_extract([corpus], out, ExtractOptions(progress=False))
    profiler.disable()
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).strip_dirs().sort_stats("tottime").print_stats(top)
    lines = buf.getvalue().splitlines()
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return "\n".join(lines[start - 2 :])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300, help="distinct articles to build")
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("--repeat", type=int, default=3, help="whole-process runs of each")
    parser.add_argument("--top", type=int, default=20, help="functions in the profile summary")
    parser.add_argument("--skip-process", action="store_true")
    parser.add_argument("--skip-stages", action="store_true")
    parser.add_argument("--skip-profile", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        texts = source_texts(args.seeds)
        n_chars = write_corpus(texts, args.n, corpus)
        source = args.seeds if args.seeds.is_dir() else "corpus/ and tests/heldout*/articles/"
        print(f"articles: {args.n} distinct variants of {len(texts)} texts in {source}")
        print(f"characters: {n_chars:,} ({n_chars / args.n:,.0f} per article)")

        if not args.skip_process:
            t_tok, t_ext = whole_process(corpus, Path(tmp) / "out-process", args.repeat)
            print(f"\nwhole processes (median of {args.repeat}, start-up, reading and writing included)")
            print(f"  underthesea.word_tokenize : {t_tok:7.2f} s  {t_tok * 1000 / args.n:7.2f} ms/article")
            print(f"  unionnews extract -w 1    : {t_ext:7.2f} s  {t_ext * 1000 / args.n:7.2f} ms/article")
            print(f"  ratio (extract speed / word_tokenize speed): {t_tok / t_ext:.2f}")

        if not args.skip_stages:
            spent, n_items, chars = stage_times(corpus, Path(tmp) / "out-stages")
            total = sum(spent.values())
            scale = REFERENCE_CHARS / (chars / n_items)
            print(f"\nper stage, in process ({n_items} articles, {chars / n_items:,.0f} characters each)")
            print(f"  {'stage':<12}{'ms/article':>11}{'ms/6.6k chars':>15}{'share':>8}")
            for name, seconds in spent.items():
                per = seconds * 1000 / n_items
                print(f"  {name:<12}{per:>11.2f}{per * scale:>15.2f}{seconds / total:>8.1%}")
            facts = sum(v for k, v in spent.items() if k not in ("read", "duplicates", "write"))
            per_fact = facts * 1000 / n_items
            print(
                f"  facts (normalise..headline): {per_fact:.2f} ms/article, "
                f"{per_fact * scale:.2f} ms/6.6k chars"
            )

        if not args.skip_profile:
            print(f"\nprofile of an in-process run (top {args.top} by own time)")
            print(profile_summary(corpus, Path(tmp) / "out-profile", args.top))


if __name__ == "__main__":
    main()
