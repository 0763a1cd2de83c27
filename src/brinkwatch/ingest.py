"""Read stage: files, directories, HTML pages, JSON Lines and stdin -> ``Article`` records.

A reader never raises for a bad input: it yields a ``Failure`` whose message names the input and says what is
wrong, and goes on with the next input.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .models import Article, Failure

__all__ = ["parse_date", "read_html", "read_inputs", "read_jsonl_text", "read_plain_text"]

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
DIRECTORY_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_DATE_IN_TEXT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: Any) -> dt.date | None:
    """Read a date from 'YYYY-MM-DD', an ISO timestamp, or a ``date``; None for anything else."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = _DATE_IN_TEXT.match(str(value).strip())
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _decode(data: bytes, name: str) -> str | Failure:
    if not data.strip():
        return Failure(name, "empty input: nothing to code")
    if b"\x00" in data[:8192]:
        return Failure(name, "binary file, not text, HTML or JSON Lines")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("utf-8", errors="replace")
        if text.count("\ufffd") > max(10, len(text) // 100):
            return Failure(name, "not UTF-8 text (too many undecodable bytes); convert it to UTF-8")
        return text


def read_plain_text(text: str, name: str, default_date: dt.date | None) -> Article | Failure:
    """A plain-text article; a short first line followed by a blank line is its title."""
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    if not body.strip():
        return Failure(name, "empty input: nothing to code")
    first, _, rest = body.lstrip().partition("\n")
    title = first.strip() if rest.startswith("\n") and len(first) < 200 else None
    date = parse_date(_DATE_PREFIX.match(Path(name).name)[1]) if _DATE_PREFIX.match(Path(name).name) else None
    return Article(id=Path(name).name if name != "stdin" else "stdin", text=body, date=date or default_date,
                   title=title, origin=name)


def read_html(html: str, name: str, default_date: dt.date | None, *, article_id: str | None = None,
              url: str | None = None, source: str | None = None, date: dt.date | None = None) -> Article | Failure:
    """Main text and metadata (title, date, URL) of an HTML page, via trafilatura."""
    import trafilatura  # imported here: it is slow to import and only HTML needs it

    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, favor_precision=True)
    except Exception as exc:  # trafilatura raises many parser-specific errors on broken markup
        return Failure(name, f"could not parse HTML ({type(exc).__name__}: {exc})")
    if doc is None or not (doc.text or "").strip():
        return Failure(name, "HTML page has no main text that could be extracted")
    return Article(
        id=article_id or Path(name).name,
        text=doc.text,
        date=date or parse_date(doc.date) or default_date,
        title=doc.title,
        url=url or doc.url,
        source=source or doc.sitename,
        origin=name,
    )


def _jsonl_record(obj: Any, where: str, default_date: dt.date | None) -> Article | Failure:
    if not isinstance(obj, dict):
        return Failure(where, "a JSON Lines article must be an object with 'id' and 'text' or 'html'")
    text, html = obj.get("text"), obj.get("html")
    if not isinstance(text, str) and not isinstance(html, str):
        return Failure(where, "needs a 'text' or 'html' string")
    article_id = str(obj.get("id") or where)
    date = parse_date(obj.get("date"))
    if obj.get("date") is not None and date is None:
        return Failure(where, f"'date' {obj.get('date')!r} is not a date (YYYY-MM-DD)")
    meta = {"url": obj.get("url"), "source": obj.get("source")}
    if isinstance(text, str) and text.strip():
        return Article(id=article_id, text=text.replace("\r\n", "\n"), date=date or default_date,
                       title=obj.get("title"), origin=where, **meta)
    if isinstance(html, str) and html.strip():
        return read_html(html, where, default_date, article_id=article_id, date=date, **meta)
    return Failure(where, "empty 'text': nothing to code")


def read_jsonl_text(text: str, name: str, default_date: dt.date | None) -> Iterator[Article | Failure]:
    """One article per line; a bad line is a Failure naming ``file:line``, the other lines still go through."""
    for lineno, line in enumerate(io.StringIO(text), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield Failure(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
            continue
        yield _jsonl_record(obj, where, default_date)


def _sniff(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith("{"):
        return "jsonl"
    if head.startswith(("<!doctype html", "<html", "<?xml")) or "<body" in text[:5000].lower():
        return "html"
    return "text"


def _read_text_as(kind: str, text: str, name: str, default_date: dt.date | None) -> Iterator[Article | Failure]:
    if kind == "jsonl":
        yield from read_jsonl_text(text, name, default_date)
    elif kind == "html":
        yield read_html(text, name, default_date)
    else:
        yield read_plain_text(text, name, default_date)


def _read_file(path: Path, name: str, default_date: dt.date | None, max_bytes: int) -> Iterator[Article | Failure]:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Failure(name, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit "
                                f"(raise max_input_bytes to read it)")
            return
        data = path.read_bytes()
    except PermissionError:
        yield Failure(name, "permission denied: cannot read the file")
        return
    except OSError as exc:
        yield Failure(name, f"cannot read the file ({exc.strerror or exc})")
        return
    text = _decode(data, name)
    if isinstance(text, Failure):
        yield text
        return
    suffix = path.suffix.lower()
    kind = ("jsonl" if suffix in JSONL_SUFFIXES else "html" if suffix in HTML_SUFFIXES
            else "text" if suffix in TEXT_SUFFIXES else _sniff(text))
    yield from _read_text_as(kind, text, name, default_date)


def read_inputs(inputs: Iterable[str], *, default_date: dt.date | None = None, max_bytes: int = 5_000_000,
                stdin: io.TextIOBase | None = None) -> Iterator[Article | Failure]:
    """Yield an Article or a Failure for every article in ``inputs`` (paths, directories, or '-' for stdin)."""
    for item in inputs:
        if item == "-":
            stream = stdin or sys.stdin
            raw = stream.buffer.read() if hasattr(stream, "buffer") else stream.read().encode("utf-8")
            if len(raw) > max_bytes:
                yield Failure("stdin", f"input is over the {max_bytes / 1e6:.1f} MB limit")
                continue
            text = _decode(raw, "stdin")
            if isinstance(text, Failure):
                yield text
                continue
            yield from _read_text_as(_sniff(text), text, "stdin", default_date)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in DIRECTORY_SUFFIXES
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                yield Failure(item, "directory holds no .txt, .html or .jsonl files")
            for file in files:
                yield from _read_file(file, str(file), default_date, max_bytes)
        elif path.exists():
            yield from _read_file(path, item, default_date, max_bytes)
        else:
            yield Failure(item, "no such file or directory")
