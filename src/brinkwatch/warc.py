"""A small WARC (ISO 28500, WARC/1.0 and 1.1) record reader, plain or gzipped (one gzip member per record or one
for the whole file), streaming: a multi-gigabyte crawl is read one record at a time.

Also reads the HTTP response inside a ``response`` record (status, headers, chunked transfer encoding, gzip or
deflate content encoding).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

__all__ = ["HttpPayload", "WarcProblem", "WarcRecord", "iter_records", "parse_http_response"]

_MAGIC_GZIP = b"\x1f\x8b"


@dataclass(frozen=True, slots=True)
class WarcRecord:
    number: int  # 1-based position in the file
    headers: dict[str, str]  # WARC header names lowercased
    block: bytes

    @property
    def type(self) -> str:
        return self.headers.get("warc-type", "").lower()

    @property
    def target_uri(self) -> str | None:
        uri = self.headers.get("warc-target-uri")
        return uri.strip("<> ") if uri else None

    @property
    def date(self) -> str | None:
        return self.headers.get("warc-date")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").lower()


@dataclass(frozen=True, slots=True)
class WarcProblem:
    """A record that could not be read, or the point where the file stopped making sense."""

    number: int
    message: str
    fatal: bool = False  # nothing after it can be read


@dataclass(frozen=True, slots=True)
class HttpPayload:
    status: int
    headers: dict[str, str]  # lowercased names
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.partition("=")
            if key.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


def open_stream(path: str) -> BinaryIO:
    """The file, transparently gunzipped when it starts with the gzip magic bytes."""
    raw = open(path, "rb")  # noqa: SIM115 - the caller closes it
    head = raw.read(2)
    raw.seek(0)
    if head == _MAGIC_GZIP:
        return gzip.GzipFile(fileobj=raw, mode="rb")  # reads concatenated members (one per record) too
    return raw


def _readline(stream: BinaryIO, limit: int = 65536) -> bytes:
    return stream.readline(limit)


def iter_records(stream: BinaryIO, *, max_block: int = 5_000_000) -> Iterator[WarcRecord | WarcProblem]:
    """Records in order; a record whose block is over ``max_block`` bytes is skipped with a WarcProblem."""
    number = 0
    while True:
        try:
            line = _readline(stream)
            while line in (b"\r\n", b"\n"):
                line = _readline(stream)
            if not line:
                return
            number += 1
            if not line.startswith(b"WARC/"):
                yield WarcProblem(number, f"record {number}: expected a 'WARC/1.x' version line, found "
                                          f"{line[:40]!r}; stopped reading", fatal=True)
                return
            headers: dict[str, str] = {}
            last = ""
            while True:
                line = _readline(stream)
                if not line:
                    yield WarcProblem(number, f"record {number}: file ends inside the record headers "
                                              f"(truncated?)", fatal=True)
                    return
                if line in (b"\r\n", b"\n"):
                    break
                text = line.decode("utf-8", errors="replace").rstrip("\r\n")
                if text[:1] in (" ", "\t") and last:  # folded header line
                    headers[last] += " " + text.strip()
                    continue
                name, _, value = text.partition(":")
                last = name.strip().lower()
                headers[last] = value.strip()
            try:
                length = int(headers.get("content-length", ""))
            except ValueError:
                yield WarcProblem(number, f"record {number}: missing or invalid Content-Length; stopped reading",
                                  fatal=True)
                return
            if length > max_block:
                remaining = length
                while remaining > 0:
                    chunk = stream.read(min(remaining, 1 << 20))
                    if not chunk:
                        break
                    remaining -= len(chunk)
                uri = headers.get("warc-target-uri", "")
                yield WarcProblem(number, f"record {number} ({uri}): {length / 1e6:.1f} MB, over the "
                                          f"{max_block / 1e6:.1f} MB limit (raise max_input_bytes to read it)")
                continue
            block = stream.read(length)
            if len(block) < length:
                yield WarcProblem(number, f"record {number}: file ends inside the record body (truncated?)",
                                  fatal=True)
                return
            yield WarcRecord(number, headers, block)
        except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
            yield WarcProblem(number, f"record {number}: cannot read further ({type(exc).__name__}: {exc}); "
                                      f"the file is truncated or corrupt", fatal=True)
            return


def _dechunk(body: bytes) -> bytes:
    out = bytearray()
    pos = 0
    while pos < len(body):
        end = body.find(b"\r\n", pos)
        if end < 0:
            break
        size_text = body[pos:end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return body  # not really chunked
        if size == 0:
            break
        out += body[end + 2:end + 2 + size]
        pos = end + 2 + size + 2
    return bytes(out)


def parse_http_response(block: bytes, *, max_bytes: int = 5_000_000) -> HttpPayload | None:
    """The HTTP response stored in a ``response`` record's block; None when it is not one."""
    head, sep, body = block.partition(b"\r\n\r\n")
    if not sep:
        head, sep, body = block.partition(b"\n\n")
        if not sep:
            return None
    lines = head.decode("iso-8859-1").splitlines()
    if not lines or not lines[0].startswith("HTTP/"):
        return None
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    encoding = headers.get("content-encoding", "").lower()
    if encoding in ("gzip", "x-gzip", "deflate") and body:
        wbits = 16 + zlib.MAX_WBITS if "gzip" in encoding else zlib.MAX_WBITS
        try:
            body = zlib.decompressobj(wbits).decompress(body, max_bytes + 1)
        except zlib.error:
            try:
                body = zlib.decompressobj(-zlib.MAX_WBITS).decompress(body, max_bytes + 1)
            except zlib.error:
                return HttpPayload(status, headers, b"")
    return HttpPayload(status, headers, body)
