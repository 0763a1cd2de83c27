from __future__ import annotations

import gzip

import pytest

from brinkwatch import fetch
from brinkwatch.errors import FetchError
from brinkwatch.feeds import FeedError, looks_like_feed, parse_feed
from brinkwatch.fetch import Fetcher, canonical_url

from .httpserver import Handler, serve


def _fetcher(**kwargs: object) -> Fetcher:
    values: dict[str, object] = {"allow_private": True, "interval": 0, "backoff": 0.01, "timeout": 5, "retries": 0}
    values.update(kwargs)
    return Fetcher(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("url", "expected"),
    [("HTTP://WWW.Example.org:80/news/story/?utm_source=rss&b=2&a=1#top", "https://example.org/news/story?a=1&b=2"),
     ("https://example.org/", "https://example.org/"),
     ("https://example.org:8443/a?fbclid=x", "https://example.org:8443/a"),
     ("https://example.org/a?id=5&ref=home", "https://example.org/a?id=5")],
)
def test_fetch_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize("address", ["10.1.2.3", "192.168.0.10", "172.16.5.5", "127.0.0.1", "169.254.169.254",
                                     "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1",
                                     "224.0.0.1"])
def test_fetch_refuses_private_addresses_from_fake_resolution(address: str) -> None:
    calls: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        calls.append(host)
        return [address]

    fetcher = Fetcher(resolver=resolver, interval=0)
    with pytest.raises(FetchError, match=r"refused.*non-public address.*--allow-private"):
        fetcher.get("https://news.example/feed.xml")
    assert calls == ["news.example"] and fetcher.requests == 0  # nothing was sent


def test_fetch_refuses_a_name_that_also_resolves_privately() -> None:
    fetcher = Fetcher(resolver=lambda host, port: ["93.184.216.34", "10.0.0.8"], interval=0)
    with pytest.raises(FetchError, match=r"10\.0\.0\.8"):
        fetcher.check_address("https://rebind.example/")
    # the public address alone passes
    ok = Fetcher(resolver=lambda host, port: ["93.184.216.34"], interval=0)
    assert ok.check_address("https://public.example/x") == ("public.example", 443, ["93.184.216.34"])


def test_fetch_refuses_loopback_literal_without_allow_private() -> None:
    with serve({"/": (200, {"Content-Type": "text/html"}, b"<html></html>")}) as server:
        with pytest.raises(FetchError, match="refused"):
            Fetcher(interval=0).get(server.base + "/")
        assert server.hits == []
        assert _fetcher().get(server.base + "/").status == 200


def test_fetch_refuses_non_http_schemes() -> None:
    with pytest.raises(FetchError, match="http"):
        _fetcher().get("file:///etc/passwd")


def test_fetch_redirect_to_private_address_is_checked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch, "_public", lambda address: address == "127.0.0.1")  # pretend the test server is public
    routes = {"/r": (302, {"Location": "http://10.9.9.9/inside"}, b""),
              "/ok": (301, {"Location": "/final"}, b""), "/final": (200, {"Content-Type": "text/plain"}, b"done")}
    with serve(routes) as server:
        fetcher = _fetcher(allow_private=False)
        assert fetcher.get(server.base + "/ok").body == b"done"
        with pytest.raises(FetchError, match=r"10\.9\.9\.9"):
            fetcher.get(server.base + "/r")
        assert [path for path, _ in server.hits] == ["/ok", "/final", "/r"]


def test_fetch_sends_a_clear_user_agent_and_decodes_gzip() -> None:
    body = "<html><body>Grüße</body></html>".encode()
    routes = {"/": (200, {"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"},
                    gzip.compress(body))}
    with serve(routes) as server:
        response = _fetcher().get(server.base + "/")
        assert response.body == body and "Grüße" in response.text()
        agent = server.hits[0][1]["User-Agent"]
        assert agent.startswith("Brinkwatch/") and "gzip" in server.hits[0][1]["Accept-Encoding"]


def test_fetch_retries_with_backoff_then_succeeds() -> None:
    count = {"n": 0}

    def flaky(handler: Handler) -> tuple[int, dict[str, str], bytes]:
        count["n"] += 1
        return (503, {}, b"busy") if count["n"] < 3 else (200, {"Content-Type": "text/plain"}, b"ok")

    slept: list[float] = []
    with serve({"/flaky": flaky, "/limited": (429, {"Retry-After": "7"}, b"")}) as server:
        fetcher = _fetcher(retries=3, backoff=0.5, sleep=slept.append)
        assert fetcher.get(server.base + "/flaky").body == b"ok"
        assert slept == [0.5, 1.0] and count["n"] == 3
        slept.clear()
        with pytest.raises(FetchError, match=r"HTTP 429.*gave up after 2 attempts"):
            _fetcher(retries=1, sleep=slept.append).get(server.base + "/limited")
        assert slept == [7.0]  # Retry-After is honoured


def test_fetch_http_error_fails_at_once() -> None:
    with serve({}) as server:
        with pytest.raises(FetchError, match="HTTP 404"):
            _fetcher(retries=3).get(server.base + "/missing")
        assert len(server.hits) == 1


@pytest.mark.parametrize("headers", [{}, {"Transfer-Encoding": "chunked"}])
def test_fetch_size_limit(headers: dict[str, str]) -> None:
    big = b"x" * 300_000
    with serve({"/big": (200, {"Content-Type": "text/plain", **headers}, big)}) as server:
        with pytest.raises(FetchError, match="limit"):
            _fetcher(max_bytes=100_000).get(server.base + "/big")
        assert len(_fetcher(max_bytes=400_000).get(server.base + "/big").body) == 300_000


def test_fetch_size_limit_applies_after_decompression() -> None:
    bomb = gzip.compress(b"\0" * 2_000_000)
    routes = {"/bomb": (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"}, bomb)}
    with serve(routes) as server, pytest.raises(FetchError, match="decompressed"):
        _fetcher(max_bytes=100_000).get(server.base + "/bomb")


def test_fetch_timeout() -> None:
    routes = {"/slow": (200, {"Content-Type": "text/plain", "X-Sleep": "1"}, b"late")}
    with serve(routes) as server, pytest.raises(FetchError, match="timed out"):
        _fetcher(timeout=0.3).get(server.base + "/slow")


def test_fetch_conditional_get_and_politeness_interval() -> None:
    def feed(handler: Handler) -> tuple[int, dict[str, str], bytes]:
        if handler.headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"Content-Type": "application/rss+xml", "ETag": '"v1"'}, b"<rss/>"

    slept: list[float] = []
    with serve({"/feed": feed}) as server:
        fetcher = _fetcher(interval=5.0, sleep=slept.append)
        assert fetcher.get(server.base + "/feed", conditional=True).status == 200
        assert fetcher.get(server.base + "/feed", conditional=True).status == 304
        assert fetcher.get(server.base + "/feed").status == 200  # unconditional
        assert len(slept) == 2 and all(4.0 < s <= 5.0 for s in slept)


# --- feeds -------------------------------------------------------------------------------------------------------

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Steppe Wire</title>
<item><title>Talks resume</title><link>https://example.org/a?utm_source=rss</link>
<pubDate>Mon, 06 May 2024 08:00:00 +0000</pubDate><description>Summary</description></item>
<item><title>No link</title><guid isPermaLink="false">x-1</guid></item>
<item><title>Guid link</title><guid>https://example.org/b</guid><dc:date>2024-05-07T10:00:00Z</dc:date></item>
</channel></rss>"""
ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title>
<entry><title>One</title><link rel="alternate" href="/news/1"/><link rel="edit" href="/edit/1"/>
<published>2024-05-08T00:00:00Z</published><id>tag:1</id></entry></feed>"""
RDF = """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>RDF Wire</title></channel>
<item rdf:about="https://example.org/r1"><title>R1</title><link>https://example.org/r1</link>
<dc:date>2024-05-09</dc:date></item></rdf:RDF>"""


def test_feeds_rss_items() -> None:
    feed = parse_feed(RSS)
    assert feed.title == "Steppe Wire" and [i.url for i in feed.items] == ["https://example.org/a?utm_source=rss",
                                                                          "https://example.org/b"]
    assert [str(i.date) for i in feed.items] == ["2024-05-06", "2024-05-07"] and feed.items[0].title == "Talks resume"


def test_feeds_atom_items_resolve_relative_links() -> None:
    feed = parse_feed(ATOM, "https://atom.example/feed")
    assert feed.title == "Atom Wire" and [i.url for i in feed.items] == ["https://atom.example/news/1"]
    assert str(feed.items[0].date) == "2024-05-08"


def test_feeds_rss1_items() -> None:
    [item] = parse_feed(RDF).items
    assert item.url == "https://example.org/r1" and str(item.date) == "2024-05-09"


@pytest.mark.parametrize(("text", "problem"), [
    ("<rss><channel>", "well-formed"), ("<html><body>page</body></html>", "not an RSS"),
    ('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaa">]><rss><channel></channel></rss>', "entities"),
])
def test_feeds_bad_feed_is_a_clear_error(text: str, problem: str) -> None:
    with pytest.raises(FeedError, match=problem):
        parse_feed(text)


def test_feeds_sniffing() -> None:
    assert looks_like_feed(RSS) and looks_like_feed(ATOM) and looks_like_feed(RDF)
    assert not looks_like_feed("<!doctype html><html><body><p>rss</p></body></html>")
