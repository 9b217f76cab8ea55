"""Helpers of the load tests: portal profiles copied from the reference one, and a counting server.

A module of its own (not conftest.py) so that test modules can import the functions by name.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import yaml

from portalqa.paths import PROFILES_DIR


def write_reference_copy(folder: Path, portal_id: str, *, embedded: dict | None = None,
                         base_url: str | None = None, **load) -> Path:  # fmt: skip
    """A copy of portals/reference.yaml with another id, target and `load:` keys, written to `folder`.

    With `base_url` the copy targets that address instead of an embedded portal.
    """
    data = yaml.safe_load((PROFILES_DIR / "reference.yaml").read_text(encoding="utf-8"))
    data["id"] = portal_id
    data["name"] = f"Reference portal ({portal_id})"
    if base_url:
        data.pop("embedded")
        data["base_url"] = base_url
    elif embedded:
        data["embedded"].update(embedded)
    data["load"].update(load)
    path = folder / f"{portal_id}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class CountingServer:
    """A loopback HTTP server that only counts what reaches it: proof that nothing was sent."""

    def __init__(self) -> None:
        self.requests = 0
        counter = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                counter.requests += 1
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
