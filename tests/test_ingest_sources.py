"""Reading WARC crawls, feeds (files and URLs) and URL lists, without the network: a local server on 127.0.0.1."""

from __future__ import annotations

import datetime as dt
import gzip
from pathlib import Path

import pytest

from brinkwatch.fetch import Fetcher
from brinkwatch.ingest import count_articles, read_inputs
from brinkwatch.models import Article, Failure, Skip

from .httpserver import html, serve

PAGE = html("Border talks resume", "Kazakhstan and Kyrgyzstan held talks on their shared border on Tuesday, officials "
            "in Astana said, and agreed to meet again in April to finish the demarcation of the remaining sections.",
            "The delegations also discussed water sharing on the rivers that cross the border.")


def _warc_record(kind: str, block: bytes, uri: str | None = None, content_type: str = "application/http; "
                 "msgtype=response", date: str = "2024-05-09T10:00:00Z") -> bytes:
    head = f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Date: {date}\r\nWARC-Record-ID: <urn:uuid:{abs(hash(block))}>\r\n"
    if uri:
        head += f"WARC-Target-URI: {uri}\r\n"
    head += f"Content-Type: {content_type}\r\nContent-Length: {len(block)}\r\n\r\n"
    return head.encode() + block + b"\r\n\r\n"


def _http(body: bytes, *, status: str = "200 OK", content_type: str = "text/html; charset=utf-8",
          chunked: bool = False, gzipped: bool = False) -> bytes:
    headers = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}"]
    if gzipped:
        body = gzip.compress(body)
        headers.append("Content-Encoding: gzip")
    if chunked:
        headers.append("Transfer-Encoding: chunked")
        body = b"".join(f"{len(body[i:i + 100]):x}\r\n".encode() + body[i:i + 100] + b"\r\n"
                        for i in range(0, len(body), 100)) + b"0\r\n\r\n"
    return ("\r\n".join(headers) + "\r\n\r\n").encode() + body


def _crawl() -> list[bytes]:
    text = b"Kyrgyzstan and Tajikistan signed a border treaty in Bishkek on Thursday after years of talks."
    return [
        _warc_record("warcinfo", b"software: test\r\n", content_type="application/warc-fields"),
        _warc_record("request", b"GET /a HTTP/1.1\r\nHost: news.example\r\n\r\n", "https://news.example/a",
                     "application/http; msgtype=request"),
        _warc_record("response", _http(PAGE), "https://news.example/a"),
        _warc_record("response", _http(PAGE.replace(b"Tuesday", b"Monday"), chunked=True, gzipped=True),
                     "https://news.example/b"),
        _warc_record("response", _http(b"gone", status="404 Not Found"), "https://news.example/gone"),
        _warc_record("response", _http(b"\x89PNG....", content_type="image/png"), "https://news.example/logo.png"),
        _warc_record("conversion", text, "https://news.example/c", "text/plain"),
    ]


def _read(*inputs: str, **kwargs: object) -> list[Article | Failure | Skip]:
    return list(read_inputs(list(inputs), **kwargs))  # type: ignore[arg-type]


@pytest.mark.parametrize("compressed", [False, True])
def test_ingest_warc_reads_pages_and_texts(tmp_path: Path, compressed: bool) -> None:
    records = _crawl()
    path = tmp_path / ("crawl.warc.gz" if compressed else "crawl.warc")
    path.write_bytes(b"".join(gzip.compress(r) for r in records) if compressed else b"".join(records))
    items = _read(str(path))
    assert all(isinstance(i, Article) for i in items), items
    a, b, c = items
    assert (a.id, a.url, a.date) == ("https://news.example/a", "https://news.example/a", dt.date(2024, 5, 6))
    assert "held talks on their shared border on Tuesday" in a.text
    assert "on Monday" in b.text  # chunked and gzipped HTTP payload
    assert c.url == "https://news.example/c" and c.date == dt.date(2024, 5, 9) and "border treaty" in c.text
    assert c.source == "news.example"


def test_ingest_warc_truncated_keeps_what_was_read(tmp_path: Path) -> None:
    data = b"".join(gzip.compress(r) for r in _crawl())
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) - 40])
    items = _read(str(path))
    assert [type(i).__name__ for i in items] == ["Article", "Article", "Failure"]
    assert "truncated" in items[-1].message and items[-1].input.startswith(str(path))


def test_ingest_warc_oversized_record_is_skipped_with_a_failure(tmp_path: Path) -> None:
    big = _warc_record("response", _http(b"<html><body>" + b"x" * 50_000 + b"</body></html>"),
                       "https://news.example/huge")
    path = tmp_path / "big.warc"
    path.write_bytes(big + _crawl()[2])
    failure, article = _read(str(path), max_bytes=20_000)
    assert isinstance(failure, Failure) and "huge" in failure.message and "limit" in failure.message
    assert isinstance(article, Article) and article.url == "https://news.example/a"


def test_ingest_warc_in_a_directory(tmp_path: Path) -> None:
    (tmp_path / "crawls").mkdir()
    (tmp_path / "crawls" / "x.warc.gz").write_bytes(gzip.compress(b"".join(_crawl())))
    assert sum(isinstance(i, Article) for i in _read(str(tmp_path))) == 3


def _routes() -> dict:
    return {f"/a{i}": (200, {"Content-Type": "text/html"}, PAGE.replace(b"Tuesday", f"day {i}".encode()))
            for i in range(1, 4)}


def _feed(base: str, paths: list[str]) -> str:
    items = "".join(f"<item><title>Item {p}</title><link>{base}{p}</link>"
                    f"<pubDate>Wed, 08 May 2024 09:00:00 +0000</pubDate></item>" for p in paths)
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Local Wire</title>{items}</channel></rss>'


def test_ingest_feed_file_fetches_its_items(tmp_path: Path) -> None:
    with serve(_routes()) as server:
        feed = tmp_path / "wire.rss"
        feed.write_text(_feed(server.base, ["/a1", "/a2", "/missing"]), encoding="utf-8")
        fetcher = Fetcher(allow_private=True, interval=0, retries=0)
        a1, a2, missing = _read(str(feed), fetcher=fetcher)
        assert isinstance(a1, Article) and a1.url == server.base + "/a1" and a1.source == "Local Wire"
        assert a1.date == dt.date(2024, 5, 8) and "day 1" in a1.text and a1.id == server.base + "/a1"
        assert isinstance(a2, Article) and "day 2" in a2.text
        assert isinstance(missing, Failure) and missing.input == server.base + "/missing" and "404" in missing.message


def test_ingest_feed_items_already_stored_are_not_fetched(tmp_path: Path) -> None:
    with serve(_routes()) as server:
        feed = tmp_path / "wire.xml"
        feed.write_text(_feed(server.base, ["/a1", "/a2"]), encoding="utf-8")
        fetcher = Fetcher(allow_private=True, interval=0)
        items = _read(str(feed), fetcher=fetcher, known=lambda url: url.endswith("/a2"))
        assert isinstance(items[0], Article) and items[1] == Skip(server.base + "/a2", "already in the store")
        assert [path for path, _ in server.hits] == ["/a1"]


def test_ingest_feed_items_on_private_addresses_are_refused_by_default(tmp_path: Path) -> None:
    with serve(_routes()) as server:
        feed = tmp_path / "wire.rss"
        feed.write_text(_feed(server.base, ["/a1"]), encoding="utf-8")
        [failure] = _read(str(feed))
        assert isinstance(failure, Failure) and "refused" in failure.message and server.hits == []


def test_ingest_feed_url_and_url_lists(tmp_path: Path) -> None:
    routes = _routes()
    with serve(routes) as server:
        routes["/feed"] = (200, {"Content-Type": "application/rss+xml"}, _feed(server.base, ["/a3"]).encode())
        fetcher = Fetcher(allow_private=True, interval=0)
        [article] = _read(server.base + "/feed", fetcher=fetcher)
        assert isinstance(article, Article) and "day 3" in article.text
        listing = tmp_path / "pages.urls"
        listing.write_text(f"# pages to code\n{server.base}/a1\n\n{server.base}/a2\n", encoding="utf-8")
        plain = tmp_path / "pages.txt"
        plain.write_text(f"{server.base}/a3\n", encoding="utf-8")
        items = _read(str(listing), str(plain), fetcher=fetcher)
        assert [i.url for i in items] == [server.base + p for p in ("/a1", "/a2", "/a3")]


def test_ingest_count_articles(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Russia held talks with China.", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": 1, "text": "x"}\n\n{"id": 2, "text": "y"}\n', encoding="utf-8")
    assert count_articles([str(tmp_path)]) == 3
    assert count_articles([str(tmp_path), "https://example.org/feed"]) is None


def test_ingest_jsonl_file_is_streamed_and_the_limit_is_per_article(tmp_path: Path) -> None:
    import json

    path = tmp_path / "big.jsonl"
    lines = [json.dumps({"id": f"a{i}", "text": "Russia held talks with China. " * 30}) for i in range(400)]
    lines.insert(3, json.dumps({"id": "huge", "text": "word " * 5000}))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert path.stat().st_size > 20_000
    items = _read(str(path), max_bytes=20_000)
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(items) == 401 and len(failures) == 1
    assert failures[0].input == f"{path}:4" and "over the" in failures[0].message
