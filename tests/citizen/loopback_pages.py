"""Small pages served on 127.0.0.1 for the citizen tests that drive the real Chromium."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextmanager
def loopback_server(handler) -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1 with `handler`; yields its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_pages(root: Path, pages: dict[str, str]) -> Iterator[str]:
    """The pages (file name -> HTML) written under `root` and served from loopback."""
    for name, text in pages.items():
        (root / name).write_text(text, encoding="utf-8")
    handler: type[BaseHTTPRequestHandler] = QuietFiles
    with loopback_server(lambda *a: handler(*a, directory=str(root))) as url:
        yield url
