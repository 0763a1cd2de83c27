"""HTTP fetching for feeds and article pages: careful by default.

- A clear User-Agent (``Brinkwatch/<version> ...``, setting ``user_agent``), gzip accepted.
- Timeouts on connect and on every read, and a deadline for the whole response (3x ``fetch_timeout``) so a server
  that trickles bytes cannot hold a run hostage.
- Retries with exponential backoff (and ``Retry-After``) for connection errors, timeouts, HTTP 429 and 5xx; other
  HTTP errors fail at once.
- A size limit (``max_input_bytes``), checked on ``Content-Length``, while reading, and after decompression.
- At most one request per ``fetch_interval`` seconds to the same host.
- It refuses URLs whose host resolves to a private, loopback, link-local, shared, multicast or otherwise non-public
  address unless ``allow_private`` is set, so a feed cannot make Brinkwatch reach into the user's network. The
  check is made on every address the name resolves to, the connection goes to the address that was checked (no
  second lookup that a rebinding DNS server could answer differently), and every redirect is checked again.

No proxy support: environment proxy variables are ignored.
"""

from __future__ import annotations

import email.utils
import http.client
import ipaddress
import re
import socket
import ssl
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from . import __version__
from .errors import FetchError

__all__ = ["DEFAULT_USER_AGENT", "Fetcher", "Response", "canonical_url", "is_url"]

DEFAULT_USER_AGENT = f"Brinkwatch/{__version__} (political event coder; polite fetcher of news feeds and articles)"
_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|_ga|_gl|cmpid|ocid|"
                       r"ref|ref_src|src|smid|taid|at_medium|at_campaign|rss|outputtype)$", re.IGNORECASE)
_RETRY_STATUS = frozenset({408, 425, 429, 500, 502, 503, 504})

Resolver = Callable[[str, int], list[str]]


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


def canonical_url(url: str) -> str:
    """The URL an article is known by: lowercase scheme and host, no default port, fragment, tracking parameters
    (utm_*, fbclid, ...) or trailing slash; the remaining query parameters sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    port = parts.port if parts.port and (scheme, parts.port) not in (("http", 80), ("https", 443)) else None
    netloc = f"[{host}]" if ":" in host else host
    if port:
        netloc += f":{port}"
    path = parts.path or "/"
    if len(path) > 1 and path.endswith("/"):
        path = path.rstrip("/") or "/"
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not _TRACKING.match(k)))
    # http and https copies of a page are the same article
    return urlunsplit(("https" if scheme in ("http", "https") else scheme, netloc, path, query, ""))


def _system_resolver(host: str, port: int) -> list[str]:
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@dataclass(frozen=True)
class Response:
    url: str  # the final URL, after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lowercased names
    body: bytes = b""

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        match = re.search(r"charset=[\"']?([\w.:-]+)", self.headers.get("content-type", ""), re.IGNORECASE)
        return match[1] if match else None

    def text(self) -> str:
        """The body decoded with the declared charset (header or <meta>), else UTF-8 with replacements."""
        charset = self.charset
        if charset is None:
            meta = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", self.body[:4096], re.IGNORECASE)
            charset = meta[1].decode("ascii", "replace") if meta else None
        for encoding in (charset, "utf-8"):
            if not encoding:
                continue
            try:
                return self.body.decode(encoding)
            except (LookupError, UnicodeDecodeError):
                continue
        return self.body.decode("utf-8", errors="replace")


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, whatever the name resolves to now."""

    def __init__(self, host: str, port: int, address: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float, context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


class _Retry(Exception):
    def __init__(self, message: str, wait: float | None = None) -> None:
        super().__init__(message)
        self.wait = wait


class Fetcher:
    """GET URLs with the safeguards above; ``get`` returns a Response or raises FetchError naming the URL."""

    def __init__(self, *, user_agent: str = "", timeout: float = 20.0, retries: int = 3, backoff: float = 1.0,
                 max_bytes: int = 5_000_000, allow_private: bool = False, interval: float = 1.0,
                 max_redirects: int = 5, resolver: Resolver | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.user_agent = user_agent or DEFAULT_USER_AGENT
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.max_bytes = max_bytes
        self.allow_private = allow_private
        self.interval = interval
        self.max_redirects = max_redirects
        self.resolver = resolver or _system_resolver
        self.sleep = sleep
        self.requests = 0  # connections attempted (for tests and the summary)
        # ETag / Last-Modified of URLs fetched with conditional=True: a later conditional fetch gets a 304 when
        # nothing changed. `watch` keeps them in the store between runs.
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self._last: dict[str, float] = {}
        self._ssl = ssl.create_default_context()

    @classmethod
    def from_settings(cls, settings: object, **overrides: object) -> Fetcher:
        values = {
            "user_agent": getattr(settings, "user_agent", ""),
            "timeout": getattr(settings, "fetch_timeout", 20.0),
            "retries": getattr(settings, "fetch_retries", 3),
            "max_bytes": getattr(settings, "max_input_bytes", 5_000_000),
            "allow_private": getattr(settings, "allow_private", False),
            "interval": getattr(settings, "fetch_interval", 1.0),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]

    # -- public ---------------------------------------------------------------------------------------------------

    def get(self, url: str, *, conditional: bool = False) -> Response:
        """Fetch ``url`` (following up to ``max_redirects`` redirects). With ``conditional``, send the validators
        of the last fetch of ``url``; a 304 Not Modified is then returned (empty body), not raised."""
        etag, last_modified = self.validators.get(url, (None, None)) if conditional else (None, None)
        attempt = 0
        while True:
            try:
                response = self._follow(url, etag, last_modified)
                if conditional and response.status == 200:
                    found = (response.headers.get("etag"), response.headers.get("last-modified"))
                    if any(found):
                        self.validators[url] = found
                return response
            except _Retry as exc:
                if attempt >= self.retries:
                    raise FetchError(url, f"{exc} (gave up after {attempt + 1} attempts)") from None
                wait = exc.wait if exc.wait is not None else self.backoff * (2 ** attempt)
                self.sleep(min(wait, 60.0))
                attempt += 1

    def check_address(self, url: str) -> tuple[str, int, list[str]]:
        """Host, port and the resolved addresses of ``url``; FetchError if any address is not public (unless
        ``allow_private``), if the scheme is not HTTP(S), or if the name does not resolve."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(url, "only http:// and https:// URLs can be fetched")
        host = parts.hostname
        if not host:
            raise FetchError(url, "the URL has no host")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise FetchError(url, "the URL has an invalid port") from None
        try:
            ipaddress.ip_address(host)
            addresses = [host]
        except ValueError:
            try:
                addresses = self.resolver(host, port)
            except (OSError, UnicodeError) as exc:
                raise FetchError(url, f"cannot resolve host {host!r} ({exc})") from None
        if not addresses:
            raise FetchError(url, f"cannot resolve host {host!r}")
        if not self.allow_private:
            blocked = [a for a in addresses if not _public(a)]
            if blocked:
                raise FetchError(url, f"refused: {host} resolves to the non-public address {blocked[0]} (private, "
                                      f"loopback or link-local); use --allow-private to fetch from such addresses")
        return host, port, addresses

    # -- internals ------------------------------------------------------------------------------------------------

    def _follow(self, url: str, etag: str | None, last_modified: str | None) -> Response:
        current = url
        for _ in range(self.max_redirects + 1):
            response = self._request(current, etag, last_modified)
            if response.status in (301, 302, 303, 307, 308) and "location" in response.headers:
                current = urljoin(current, response.headers["location"])
                continue
            if response.status == 304:
                return response
            if response.status in _RETRY_STATUS:
                raise _Retry(f"HTTP {response.status}", _retry_after(response.headers.get("retry-after")))
            if response.status >= 400:
                raise FetchError(url, f"HTTP {response.status} {http.client.responses.get(response.status, '')}"
                                 .rstrip())
            if response.status >= 300:
                raise FetchError(url, f"HTTP {response.status} without a Location to follow")
            return response
        raise FetchError(url, f"more than {self.max_redirects} redirects")

    def _request(self, url: str, etag: str | None, last_modified: str | None) -> Response:
        host, port, addresses = self.check_address(url)
        self._throttle(host)
        parts = urlsplit(url)
        target = urlunsplit(("", "", parts.path or "/", parts.query, ""))
        headers = {"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate",
                   "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,"
                             "application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        last_error: Exception | None = None
        for address in addresses:
            conn: http.client.HTTPConnection
            if parts.scheme == "https":
                conn = _PinnedHTTPSConnection(host, port, address, self.timeout, self._ssl)
            else:
                conn = _PinnedHTTPConnection(host, port, address, self.timeout)
            self.requests += 1
            try:
                conn.request("GET", target, headers=headers)
                resp = conn.getresponse()
                resp_headers = {k.lower(): v for k, v in resp.getheaders()}
                body = b"" if resp.status in (204, 304) or 300 <= resp.status < 400 else self._read(url, resp)
                return Response(url, resp.status, resp_headers, _decompress(url, body, resp_headers,
                                                                            self.max_bytes))
            except ssl.SSLCertVerificationError as exc:
                raise FetchError(url, f"TLS certificate not valid ({exc.verify_message})") from None
            except FetchError:
                raise
            except TimeoutError:
                last_error = _Retry(f"timed out after {self.timeout:g}s")
            except (OSError, http.client.HTTPException) as exc:
                last_error = _Retry(f"connection failed ({type(exc).__name__}: {exc})".replace("\n", " "))
            finally:
                conn.close()
        assert last_error is not None
        raise last_error

    def _read(self, url: str, resp: http.client.HTTPResponse) -> bytes:
        length = resp.getheader("content-length")
        if length and length.isdigit() and int(length) > self.max_bytes:
            raise FetchError(url, f"response is {int(length) / 1e6:.1f} MB, over the {self.max_bytes / 1e6:.1f} MB "
                                  f"limit (raise max_input_bytes to fetch it)")
        deadline = time.monotonic() + 3 * self.timeout
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > self.max_bytes:
                raise FetchError(url, f"response is over the {self.max_bytes / 1e6:.1f} MB limit "
                                      f"(raise max_input_bytes to fetch it)")
            if time.monotonic() > deadline:
                raise _Retry(f"response took longer than {3 * self.timeout:g}s")
        return b"".join(chunks)

    def _throttle(self, host: str) -> None:
        if self.interval <= 0:
            return
        now = time.monotonic()
        wait = self._last.get(host, -1e9) + self.interval - now
        if wait > 0:
            self.sleep(wait)
        self._last[host] = time.monotonic()


def _decompress(url: str, body: bytes, headers: dict[str, str], limit: int) -> bytes:
    encoding = headers.get("content-encoding", "").lower().strip()
    if not body or encoding in ("", "identity"):
        return body
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise FetchError(url, f"unsupported Content-Encoding {encoding!r}")
    wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
    try:
        decoder = zlib.decompressobj(wbits)
        out = decoder.decompress(body, limit + 1)
    except zlib.error:
        try:  # raw deflate, as some servers send
            decoder = zlib.decompressobj(-zlib.MAX_WBITS)
            out = decoder.decompress(body, limit + 1)
        except zlib.error as exc:
            raise FetchError(url, f"corrupt {encoding} response ({exc})") from None
    if len(out) > limit:
        raise FetchError(url, f"response is over the {limit / 1e6:.1f} MB limit once decompressed")
    return out


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    if value.strip().isdigit():
        return float(value.strip())
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())

