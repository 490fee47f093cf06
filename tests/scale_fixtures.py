"""A small crawl for the scale tests: the sample corpus served as web pages and archived in
several WARC files, with what makes partitions matter (a page captured twice in two
archives, a content-farm copy in another archive than its original, a copy on another URL of
the same site), plus plain text files; and a row-for-row comparison of two datasets."""

from __future__ import annotations

import html
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

import pyarrow.parquet as pq
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
#: Every table of a dataset; columns that depend on the run, not on the inputs.
TABLES = ("articles", "figures", "entities", "errors", "dropped", "inputs")
RUN_COLUMNS = ("fetched_at", "run_at")


def as_page(path: Path) -> bytes:
    """A corpus file as a web page: HTML as it is, text wrapped in an article page."""
    if path.suffix == ".html":
        return path.read_bytes()
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    title, body = lines[0], lines[1:]
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body)
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"</head><body><article><h1>{html.escape(title)}</h1>{paragraphs}</article></body></html>"
    ).encode()


def write_warc(path: Path, pages: Iterable[tuple[str, bytes]]) -> Path:
    """A member-per-record .warc.gz of response records (url, page)."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, body in pages:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(record)
    return path


def url_of(name: str, host: str = "ldld.example.vn") -> str:
    return f"https://{host}/tin-tuc/{Path(name).stem}.html"


def crawl(folder: Path) -> Path:
    """``folder`` with three archives and two text files (see the module's docstring)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = sorted(
        p for p in CORPUS.iterdir() if p.suffix in (".html", ".txt") and "contentfarm" not in p.name
    )
    first, second = files[:5], files[5:-2]
    write_warc(folder / "a-crawl.warc.gz", [(url_of(p.name), as_page(p)) for p in first])
    farm = CORPUS / "quangnam-contentfarm-copy.txt"
    again = first[1]
    write_warc(
        folder / "b-crawl.warc.gz",
        [
            (url_of(again.name), as_page(again)),  # the same page captured again
            *((url_of(p.name), as_page(p)) for p in second),
            (url_of(second[0].name) + "?print=1", as_page(second[0])),  # a print copy of one page
        ],
    )
    write_warc(
        folder / "c-crawl.warc.gz",
        [
            (
                url_of("ban-sao-" + first[2].name),
                as_page(first[2]),
            ),  # the same text on another URL of the site
            (url_of(farm.name, "tin-nhanh.example.com"), as_page(farm)),  # a content-farm copy of a page in b
        ],
    )
    for path in files[-2:]:
        (folder / path.name).write_bytes(path.read_bytes())
    return folder


def differences(a: Path, b: Path, ignore: Sequence[str] = ()) -> list[str]:
    """What differs between the datasets in ``a`` and ``b``, table by table and column by
    column (run columns and ``ignore`` — "table.column" or "column" — left out); [] when
    every row is the same."""
    out: list[str] = []
    for table in TABLES:
        left, right = pq.read_table(a / f"{table}.parquet"), pq.read_table(b / f"{table}.parquet")
        dropped = [
            c for c in left.column_names if c in RUN_COLUMNS or c in ignore or f"{table}.{c}" in ignore
        ]
        left, right = left.drop_columns(dropped), right.drop_columns(dropped)
        if left.num_rows != right.num_rows:
            out.append(f"{table}: {left.num_rows} rows against {right.num_rows}")
            continue
        for name in left.column_names:
            if not left.column(name).equals(right.column(name)):
                seen, other = left.column(name).to_pylist()[:4], right.column(name).to_pylist()[:4]
                out.append(f"{table}.{name}: {seen} != {other}")
    return out


#: The columns that order each table's rows in a comparison of a DuckDB copy with the Parquet files.
KEYS = {
    "articles": "article_id",
    "figures": "figure_id",
    "entities": "entity_id",
    "errors": "source, stage, error",
    "dropped": "article_id, line, reason",
    "inputs": "seq",
}


def duckdb_differences(dataset: Path) -> list[str]:
    """The tables of ``dataset``'s DuckDB copy that do not hold its Parquet files' rows (both
    ordered by :data:`KEYS`); [] when every table does."""
    import duckdb

    out = []
    con = duckdb.connect(str(dataset / "unionnews.duckdb"), read_only=True)
    try:
        for table, key in KEYS.items():
            held = con.execute(f'SELECT * FROM "{table}" ORDER BY {key}').fetchall()
            parquet = str(dataset / f"{table}.parquet").replace("'", "''")
            written = con.execute(f"SELECT * FROM read_parquet('{parquet}') ORDER BY {key}").fetchall()
            if held != written:
                out.append(f"{table}: {len(held)} rows in DuckDB, {len(written)} in Parquet, or other values")
    finally:
        con.close()
    return out
