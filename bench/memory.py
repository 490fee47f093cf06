"""Peak memory of ``unionnews extract`` as the input grows.

Usage: python bench/memory.py [--sizes 50 200 800]

Builds corpora of N articles (copies of the bundled corpus, each copy made
distinct by a numbered line), runs the CLI on each in a fresh process, with and
without the DuckDB copy, and prints the peak resident set size. Flat memory
means peak RSS barely moves while N grows 32×. Not a test: it prints.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n"
)


def make_corpus(target: Path, n: int) -> None:
    sources = sorted(p for p in (ROOT / "corpus").iterdir() if p.suffix in {".txt", ".html"})
    for i in range(n):
        src = sources[i % len(sources)]
        data = src.read_bytes()
        marker = f"\n<!-- copy {i} -->\n".encode() if src.suffix == ".html" else b""
        body = data + marker if src.suffix == ".html" else data + f"\n\nBản số {i}\n".encode()
        (target / f"{i:05d}-{src.name}").write_bytes(body)


def peak_rss_mb(corpus: Path, out: Path, *extra: str) -> tuple[float, float, int]:
    cmd = [sys.executable, "-m", "unionnews", "-q", "extract", str(corpus), "--out", str(out), *extra]
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    kb, rc = res.stdout.split()[-2:]
    return int(kb) / 1024, elapsed, int(rc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 200, 800])
    args = parser.parse_args()
    print(f"{'articles':>8} {'variant':>12} {'peak RSS MB':>12} {'seconds':>8} {'exit':>5}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            corpus = Path(tmp) / "in"
            corpus.mkdir()
            make_corpus(corpus, n)
            for variant, extra in (("full", ()), ("no-duckdb", ("--no-duckdb",))):
                mb, secs, rc = peak_rss_mb(corpus, Path(tmp) / variant, *extra)
                print(f"{n:>8} {variant:>12} {mb:>12.1f} {secs:>8.1f} {rc:>5}")


if __name__ == "__main__":
    main()
