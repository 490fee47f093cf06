"""Time and peak memory of ``unionnews extract`` on one article as it grows.

Usage: python bench/sizes.py [--sizes 1 5 20] [--kinds txt html-one-line]

Builds single articles of N megabytes from the paragraphs of the bundled corpus
(each paragraph made distinct by a number, so no rule sees one repeated
sentence), as a text file and as an HTML page written on one line, runs the
CLI on each in a fresh process and prints seconds, seconds per MB and peak RSS.
It then times, in another fresh process, reading (``extract_article``) and fact
extraction (the pipeline) alone, without start-up and writing, in microseconds per
character of article text. Linear time means those stay flat as N grows; the last
line gives the largest over the smallest. Not a test: it prints.

The issue's sizes: ``python bench/sizes.py --sizes 0.05 0.2 0.8 3``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Runs the command given in argv and prints the children's peak RSS (KiB on Linux) and exit code.
_WRAPPER = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[1:]).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n"
)
#: Reads the article named in argv[1] (kind argv[2]) and prints characters, read and facts
#: seconds, after one article of the corpus (argv[3]) has loaded the lexicons.
_STAGES = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from unionnews.articles import extract_article\n"
    "from unionnews.pipeline import Pipeline\n"
    "data = Path(sys.argv[1]).read_bytes()\n"
    "pipeline = Pipeline.default()\n"
    "pipeline(extract_article(Path(sys.argv[3]).read_bytes(), path=sys.argv[3], kind='html'))\n"
    "t0 = time.perf_counter()\n"
    "article = extract_article(data, path=sys.argv[1], kind=sys.argv[2])\n"
    "t1 = time.perf_counter()\n"
    "pipeline(article)\n"
    "t2 = time.perf_counter()\n"
    "print(len(article.text), t1 - t0, t2 - t1)\n"
)


def paragraphs() -> list[str]:
    """Prose paragraphs of the bundled text articles."""
    found: list[str] = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        found.extend(line.strip() for line in text.split("\n") if len(line.strip()) > 150)
    return found


def make_article(size_mb: float, kind: str) -> str:
    paras = paragraphs()
    out: list[str] = ["Tổng hợp báo cáo công đoàn các cấp", "12/03/2024 08:15"]
    total, i = 0, 0
    while total < size_mb * 1_000_000:
        para = f"Mục {i + 1}. " + paras[i % len(paras)]
        out.append(para)
        total += len(para.encode("utf-8")) + 1
        i += 1
    if kind == "txt":
        return "\n\n".join(out) + "\n"
    body = "".join(f"<p>{p}</p>" for p in out[2:])
    return (
        f"<html><head><meta charset='utf-8'><title>{out[0]}</title></head><body>"
        f"<h1>{out[0]}</h1><div class='time'>{out[1]}</div><div class='bodytext'>{body}</div></body></html>"
    )


def run(path: Path, out: Path) -> tuple[float, float, int]:
    cmd = [sys.executable, "-m", "unionnews", "-q", "extract", str(path), "--out", str(out), "--no-duckdb"]
    cmd += ["--max-bytes", str(200_000_000)]
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - t0
    rss_kib, rc = res.stdout.split()[-2:]
    return seconds, int(rss_kib) / 1024, int(rc)


def stages(path: Path, kind: str) -> tuple[int, float, float]:
    """(characters of article text, read seconds, facts seconds) of one article, in a fresh process."""
    warm = ROOT / "corpus" / "nghean-nukeviet-daihoi.html"
    cmd = [sys.executable, "-c", _STAGES, str(path), kind, str(warm)]
    res = subprocess.run(cmd, capture_output=True, text=True, check=True)
    chars, read, facts = res.stdout.split()[-3:]
    return int(chars), float(read), float(facts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20])
    parser.add_argument("--kinds", nargs="+", default=["txt", "html-one-line"])
    args = parser.parse_args()
    print(
        f"{'kind':<14}{'MB':>6}{'seconds':>10}{'s/MB':>8}{'peak RSS MB':>13}{'exit':>6}"
        f"{'chars':>10}{'read us/ch':>12}{'facts us/ch':>13}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds:
            per_char: list[float] = []
            for size in args.sizes:
                suffix = ".txt" if kind == "txt" else ".html"
                path = Path(tmp) / f"article-{size}{suffix}"
                path.write_text(make_article(size, "txt" if kind == "txt" else "html"), encoding="utf-8")
                mb = path.stat().st_size / 1_000_000
                seconds, rss, rc = run(path, Path(tmp) / f"out-{kind}-{size}")
                chars, read, facts = stages(path, "txt" if kind == "txt" else "html")
                per_char.append((read + facts) / chars)
                print(
                    f"{kind:<14}{mb:>6.2f}{seconds:>10.1f}{seconds / mb:>8.1f}{rss:>13.0f}{rc:>6}"
                    f"{chars:>10}{read / chars * 1e6:>12.2f}{facts / chars * 1e6:>13.2f}"
                )
            print(
                f"{kind}: read+facts time per character, largest / smallest: "
                f"{max(per_char) / min(per_char):.2f}"
            )


if __name__ == "__main__":
    main()
