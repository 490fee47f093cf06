"""Time and peak memory of ``unionnews extract`` on one article as it grows.

Usage: python bench/sizes.py [--sizes 1 5 20] [--kinds txt html-one-line]

Builds single articles of N megabytes from the paragraphs of the bundled corpus
(each paragraph made distinct by a number, so no rule sees one repeated
sentence), as a text file and as an HTML page written on one line, runs the
CLI on each in a fresh process and prints seconds, seconds per MB and peak RSS.
Linear time means seconds per MB stays flat as N grows. Not a test: it prints.
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20])
    parser.add_argument("--kinds", nargs="+", default=["txt", "html-one-line"])
    args = parser.parse_args()
    print(f"{'kind':<14}{'MB':>6}{'seconds':>10}{'s/MB':>8}{'peak RSS MB':>13}{'exit':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for kind in args.kinds:
            for size in args.sizes:
                suffix = ".txt" if kind == "txt" else ".html"
                path = Path(tmp) / f"article-{size}{suffix}"
                path.write_text(make_article(size, "txt" if kind == "txt" else "html"), encoding="utf-8")
                mb = path.stat().st_size / 1_000_000
                seconds, rss, rc = run(path, Path(tmp) / f"out-{kind}-{size}")
                print(f"{kind:<14}{mb:>6.1f}{seconds:>10.1f}{seconds / mb:>8.1f}{rss:>13.0f}{rc:>6}")


if __name__ == "__main__":
    main()
