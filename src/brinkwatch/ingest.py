"""Read stage: files, directories, HTML pages, JSON Lines, WARC crawls, feeds, URLs and stdin -> ``Article`` records.

A reader never raises for a bad input: it yields a ``Failure`` whose message names the input and says what is
wrong, and goes on with the next input.

Inputs: a path (file or directory, read recursively), ``-`` for stdin, or an http(s) URL. Files are read by
suffix, else by content: ``.txt`` plain text, ``.html`` pages, ``.jsonl`` one article per line, ``.warc`` and
``.warc.gz`` crawls (HTML ``response`` and ``resource`` records, and the text ``conversion`` records of WET files),
``.rss``/``.atom``/``.xml`` feeds (each item's page is fetched), and ``.urls`` files (or ``.txt`` files holding
nothing but URLs, ``#`` comments allowed) listing article pages or feeds. A URL is fetched (see ``fetch.py``); a
feed's items are fetched in turn. With ``known``, a URL for which ``known(url)`` is true is not fetched at all: the
reader yields ``Skip(url, "already in the store")`` instead.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import BrinkwatchError
from .models import Article, Failure, Skip

if TYPE_CHECKING:
    from .fetch import Fetcher, Response

__all__ = ["count_articles", "parse_date", "read_html", "read_inputs", "read_jsonl_text", "read_plain_text",
           "read_warc"]

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
URL_LIST_SUFFIXES = {".urls"}
WARC_SUFFIXES = (".warc", ".warc.gz")
DIRECTORY_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES | URL_LIST_SUFFIXES | {".rss", ".atom"}
_URL_LINE = re.compile(r"^https?://\S+$", re.IGNORECASE)
Known = Callable[[str], bool]
_DATE_PREFIX = re.compile(r"^(\d{4}-\d{2}-\d{2})")
_DATE_IN_TEXT = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


def require_date(value: Any, what: str) -> dt.date | None:
    """A date given by a user (a filter, an option): None when absent, else 'YYYY-MM-DD' or a ``date``; anything
    else is a clear error naming ``what``."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise BrinkwatchError(f"{what} {value!r} is not a date YYYY-MM-DD") from None


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


def _jsonl_line(line: str, where: str, default_date: dt.date | None) -> Article | Failure:
    """One JSON Lines article, or a Failure naming ``where`` (file:line)."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Failure(where, f"not valid JSON ({exc.msg} at column {exc.colno})")
    return _jsonl_record(obj, where, default_date)


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
        yield _jsonl_line(line, f"{name}:{lineno}", default_date)


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


def _is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def _in_directory(path: Path) -> bool:
    return path.suffix.lower() in DIRECTORY_SUFFIXES or _is_warc(path)


def _url_list(text: str) -> list[str] | None:
    """The URLs of a file listing nothing but URLs (blank lines and # comments allowed), else None."""
    urls = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if not _URL_LINE.match(line):
            return None
        urls.append(line)
    return urls or None


def _unreadable(name: str, exc: OSError) -> Failure:
    """The one-line failure for a file the operating system would not let us read."""
    if isinstance(exc, PermissionError):
        return Failure(name, "permission denied: cannot read the file")
    return Failure(name, f"cannot read the file ({exc.strerror or exc})")


def _read_jsonl_file(path: Path, name: str, default_date: dt.date | None,
                     max_bytes: int) -> Iterator[Article | Failure]:
    """A JSON Lines file of any size, streamed; the size limit applies to each line (article)."""
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield _unreadable(name, exc)
        return
    seen = False
    with fh:
        if b"\x00" in fh.read(8192):
            yield Failure(name, "binary file, not text, HTML or JSON Lines")
            return
        fh.seek(0)
        for lineno, raw in enumerate(fh, start=1):
            where = f"{name}:{lineno}"
            if len(raw) > max_bytes:
                yield Failure(where, f"line is {len(raw) / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit "
                                     f"(raise max_input_bytes to read it)")
                continue
            if not raw.strip():
                continue
            seen = True
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError:
                yield Failure(where, "not UTF-8 text; convert the file to UTF-8")
                continue
            yield _jsonl_line(line, where, default_date)
    if not seen:
        yield Failure(name, "empty input: nothing to code")


def _read_file(path: Path, name: str, default_date: dt.date | None, max_bytes: int,
               net: _Net) -> Iterator[Article | Failure | Skip]:
    if _is_warc(path):
        yield from read_warc(path, name, default_date, max_bytes)
        return
    if path.suffix.lower() in JSONL_SUFFIXES:
        yield from _read_jsonl_file(path, name, default_date, max_bytes)
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Failure(name, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB limit "
                                f"(raise max_input_bytes to read it)")
            return
        data = path.read_bytes()
    except OSError as exc:
        yield _unreadable(name, exc)
        return
    if data.startswith(b"WARC/") or (data[:2] == b"\x1f\x8b" and path.suffix.lower() == ".gz"):
        yield from read_warc(path, name, default_date, max_bytes)
        return
    text = _decode(data, name)
    if isinstance(text, Failure):
        yield text
        return
    suffix = path.suffix.lower()
    if suffix in FEED_SUFFIXES or (suffix not in TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
                                   and _looks_like_feed(text)):
        yield from net.read_feed_text(text, name, None, default_date)
        return
    urls = _url_list(text) if suffix in URL_LIST_SUFFIXES | TEXT_SUFFIXES or not suffix else None
    if urls is not None:
        for url in urls:
            yield from net.read_url(url, default_date)
        return
    if suffix in URL_LIST_SUFFIXES:
        yield Failure(name, "a .urls file must list one http(s) URL per line (# comments allowed)")
        return
    kind = ("jsonl" if suffix in JSONL_SUFFIXES else "html" if suffix in HTML_SUFFIXES
            else "text" if suffix in TEXT_SUFFIXES else _sniff(text))
    yield from _read_text_as(kind, text, name, default_date)


def _looks_like_feed(text: str) -> bool:
    from .feeds import looks_like_feed

    return looks_like_feed(text)


def read_warc(path: Path, name: str, default_date: dt.date | None,
              max_bytes: int) -> Iterator[Article | Failure]:
    """Articles from the HTML pages and texts of a WARC or WARC.gz file; other records are passed over."""
    from .warc import WarcProblem, iter_records, open_stream, parse_http_response

    try:
        stream = open_stream(str(path))
    except OSError as exc:
        yield _unreadable(name, exc)
        return
    found = 0
    with stream:
        for record in iter_records(stream, max_block=max_bytes + 65536):
            if isinstance(record, WarcProblem):
                yield Failure(f"{name}:{record.number}", record.message)
                continue
            where = f"{name}:{record.number}"
            uri = record.target_uri
            crawl_date = parse_date(record.date)
            fallback = default_date or crawl_date
            content_type = record.content_type
            body: bytes
            charset = None
            if record.type == "response" and content_type.startswith("application/http"):
                payload = parse_http_response(record.block, max_bytes=max_bytes)
                if payload is None or payload.status != 200:
                    continue
                content_type, body, charset = payload.content_type, payload.body, payload.charset
            elif record.type in ("resource", "conversion"):
                content_type, body = content_type.split(";", 1)[0].strip(), record.block
            else:
                continue  # warcinfo, request, metadata, revisit
            if content_type not in ("text/html", "application/xhtml+xml", "text/plain"):
                continue
            if len(body) > max_bytes:
                yield Failure(where, f"page {uri} is {len(body) / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB "
                                     f"limit (raise max_input_bytes to read it)")
                continue
            text = _decode_charset(body, where, charset)
            if isinstance(text, Failure):
                yield text
                continue
            found += 1
            if content_type == "text/plain":
                article = read_plain_text(text, where, fallback)
                if isinstance(article, Article):
                    article = dataclasses.replace(article, id=uri or where, url=uri,
                                                  source=_host(uri) if uri else None)
                yield article
            else:
                yield read_html(text, where, fallback, article_id=uri or where, url=uri)
    if not found:
        yield Failure(name, "WARC file holds no HTML or text pages")


def _decode_charset(data: bytes, name: str, charset: str | None) -> str | Failure:
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return _decode(data, name)


def _host(url: str) -> str | None:
    from urllib.parse import urlsplit

    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host or None


class _Net:
    """Reads URLs and feeds for ``read_inputs``: fetches lazily, skips what ``known`` says is stored."""

    def __init__(self, fetcher: Fetcher | None, known: Known | None, max_bytes: int) -> None:
        self._fetcher = fetcher
        self.known = known
        self.max_bytes = max_bytes

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            from .fetch import Fetcher

            self._fetcher = Fetcher(max_bytes=self.max_bytes)
        return self._fetcher

    def _get(self, url: str, *, conditional: bool = False) -> Response | Failure:
        from .errors import FetchError

        try:
            return self.fetcher.get(url, conditional=conditional)
        except FetchError as exc:
            return Failure(url, exc.problem)

    def read_url(self, url: str, default_date: dt.date | None, *,
                 conditional: bool = False) -> Iterator[Article | Failure | Skip]:
        """An article page, or every item of a feed (a feed's items are read as pages, never as feeds)."""
        if self.known is not None and self.known(url):
            yield Skip(url, "already in the store")
            return
        response = self._get(url, conditional=conditional)
        if isinstance(response, Failure):
            yield response
            return
        if response.status == 304:
            yield Skip(url, "feed not modified since the last poll")
            return
        text = response.text()
        if not text.strip():
            yield Failure(url, "empty response: nothing to code")
            return
        if _looks_like_feed(text):
            yield from self.read_feed_text(text, url, response.url, default_date)
            return
        yield from self.page(url, response, default_date)

    def page(self, url: str, response: Response, default_date: dt.date | None, *, title: str | None = None,
             date: dt.date | None = None, source: str | None = None) -> Iterator[Article | Failure]:
        text = response.text()
        if response.content_type == "text/plain":
            article = read_plain_text(text, url, default_date)
            if isinstance(article, Article):
                article = dataclasses.replace(article, id=url, url=url, source=source or _host(url),
                                              date=date or article.date, title=article.title or title)
            yield article
            return
        if response.content_type not in ("text/html", "application/xhtml+xml", "") and _sniff(text) != "html":
            yield Failure(url, f"not an article page or feed (Content-Type {response.content_type})")
            return
        article = read_html(text, url, default_date, article_id=url, url=url, source=source, date=date)
        if isinstance(article, Article):
            article = dataclasses.replace(article, source=article.source or _host(url),
                                          title=article.title or title)
        yield article

    def read_feed_text(self, text: str, name: str, base_url: str | None,
                       default_date: dt.date | None) -> Iterator[Article | Failure | Skip]:
        from .feeds import FeedError, parse_feed

        try:
            feed = parse_feed(text, base_url)
        except FeedError as exc:
            yield Failure(name, str(exc))
            return
        if not feed.items:
            yield Skip(name, "feed lists no items")
            return
        for item in feed.items:
            if self.known is not None and self.known(item.url):
                yield Skip(item.url, "already in the store")
                continue
            response = self._get(item.url)
            if isinstance(response, Failure):
                yield response
                continue
            yield from self.page(item.url, response, default_date, title=item.title, date=item.date,
                                 source=feed.title)


def read_inputs(inputs: Iterable[str], *, default_date: dt.date | None = None, max_bytes: int = 5_000_000,
                stdin: io.TextIOBase | None = None, fetcher: Fetcher | None = None,
                known: Known | None = None, conditional: bool = False) -> Iterator[Article | Failure | Skip]:
    """Yield an Article or a Failure for every article in ``inputs`` (paths, directories, URLs, or '-' for stdin).

    ``fetcher`` fetches URLs (default: a ``Fetcher`` that refuses private addresses). With ``known``, URLs that
    ``known`` reports as stored are not fetched and come back as ``Skip``; so do feeds that have not changed when
    ``conditional`` is set (HTTP ETag / Last-Modified). Without ``known``/``conditional`` and URL inputs, only
    Articles and Failures are yielded.
    """
    net = _Net(fetcher, known, max_bytes)
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
        if item.lower().startswith(("http://", "https://")):
            yield from net.read_url(item, default_date, conditional=conditional)
            continue
        path = Path(item)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and _in_directory(p)
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not files:
                yield Failure(item, "directory holds no .txt, .html, .jsonl, .warc(.gz), feed or .urls files")
            for file in files:
                yield from _read_file(file, str(file), default_date, max_bytes, net)
        elif path.exists():
            yield from _read_file(path, item, default_date, max_bytes, net)
        else:
            yield Failure(item, "no such file or directory")


def count_articles(inputs: Iterable[str]) -> int | None:
    """How many articles ``inputs`` hold, counted cheaply (files, JSON Lines lines); None when it cannot be known
    without reading them (stdin, URLs, feeds, WARC files, URL lists)."""
    total = 0
    for item in inputs:
        if item == "-" or item.lower().startswith(("http://", "https://")):
            return None
        path = Path(item)
        files = [p for p in path.rglob("*") if p.is_file() and _in_directory(p)] if path.is_dir() else [path]
        for file in files:
            suffix = file.suffix.lower()
            if _is_warc(file) or suffix in FEED_SUFFIXES | URL_LIST_SUFFIXES:
                return None
            if suffix in JSONL_SUFFIXES:
                try:
                    with file.open("rb") as fh:
                        total += sum(1 for line in fh if line.strip())
                except OSError:
                    total += 1
            else:
                total += 1
    return total
