"""A tiny HTTP server on 127.0.0.1 for fetch and feed tests: routes are (status, headers, body) or callables."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

Route = tuple[int, dict[str, str], bytes] | Callable[["Handler"], tuple[int, dict[str, str], bytes]]


class Handler(BaseHTTPRequestHandler):
    server: Server

    def do_GET(self) -> None:
        self.server.hits.append((self.path, dict(self.headers)))
        route = self.server.routes.get(self.path.split("?")[0])
        if route is None:
            status, headers, body = 404, {"Content-Type": "text/plain"}, b"not found"
        else:
            status, headers, body = route(self) if callable(route) else route
        if headers.pop("X-Sleep", None):
            time.sleep(2)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers and "Transfer-Encoding" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if headers.get("Transfer-Encoding") == "chunked":
            for i in range(0, len(body), 65536):
                chunk = body[i:i + 65536]
                self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


class Server(ThreadingHTTPServer):
    daemon_threads = True
    routes: dict[str, Route]
    hits: list[tuple[str, dict[str, str]]]

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that stops reading (size limits, timeouts) is part of the tests

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@contextmanager
def serve(routes: dict[str, Route]) -> Iterator[Server]:
    server = Server(("127.0.0.1", 0), Handler)
    server.routes = routes
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def html(title: str, *paragraphs: str, date: str = "2024-05-06") -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<!doctype html><html><head><title>{title}</title>"
            f"<meta property='article:published_time' content='{date}T08:00:00Z'></head>"
            f"<body><article><h1>{title}</h1>{body}</article></body></html>").encode()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data)
