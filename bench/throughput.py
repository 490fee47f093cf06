"""Extraction throughput against underthesea ``word_tokenize`` on the same texts, in one run.

Usage: python bench/throughput.py [--repeat 20] [--seeds ../shared/seeds]

Prints characters per second for (a) underthesea.word_tokenize alone and (b) the full
unionnews fact extraction (sentences, dates, terms, documents, figures, persons, bodies,
places, subjects) on the very same article texts, and the ratio (b)/(a). A ratio >= 1.0
means full extraction is at least as fast as tokenization alone. Not a test: it prints.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from underthesea import word_tokenize

from unionnews.articles import extract_article
from unionnews.inputs.discover import InputDocument, iter_documents
from unionnews.model import Article
from unionnews.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent


def load_articles(paths: list[Path]) -> list[Article]:
    articles = []
    for doc in iter_documents(paths):
        if isinstance(doc, InputDocument):
            articles.append(extract_article(doc.data, url=doc.url, path=doc.path, kind=doc.kind))
    return articles


def time_pass(fn: Callable[[Article], object], articles: list[Article], repeat: int) -> list[float]:
    """Seconds per full pass over all articles, ``repeat`` times."""
    fn(articles[0])  # warm-up: imports, caches, model load
    passes = []
    for _ in range(repeat):
        gc.collect()
        t0 = time.perf_counter()
        for art in articles:
            fn(art)
        passes.append(time.perf_counter() - t0)
    return passes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    args = parser.parse_args()

    paths = [ROOT / "corpus"] + ([args.seeds] if args.seeds.is_dir() else [])
    articles = load_articles(paths)
    n_chars = sum(len(a.text) for a in articles)
    pipeline = Pipeline.default()

    # interleave the two measurements so machine noise hits both alike
    tok: list[float] = []
    ext: list[float] = []
    for _ in range(args.repeat):
        tok += time_pass(lambda a: word_tokenize(a.text), articles, 1)
        ext += time_pass(pipeline, articles, 1)

    t_tok, t_ext = statistics.median(tok), statistics.median(ext)
    print(f"articles: {len(articles)}  characters: {n_chars}  passes: {args.repeat}")
    print(
        f"underthesea.word_tokenize : {t_tok * 1000 / len(articles):7.2f} ms/article "
        f"{n_chars / t_tok / 1000:8.1f} kchar/s"
    )
    print(
        f"unionnews full extraction : {t_ext * 1000 / len(articles):7.2f} ms/article "
        f"{n_chars / t_ext / 1000:8.1f} kchar/s"
    )
    print(f"ratio (extraction speed / word_tokenize speed): {t_tok / t_ext:.2f}")
    # per-component cost: run the pipeline cumulatively, one more component each time
    prev = 0.0
    for i, name in enumerate(pipeline.names, start=1):
        partial = Pipeline(pipeline.components[:i])
        t = statistics.median(time_pass(partial, articles, max(3, args.repeat // 2)))
        print(f"  + {name:<10} {max(t - prev, 0.0) * 1000 / len(articles):6.2f} ms/article")
        prev = t


if __name__ == "__main__":
    main()
