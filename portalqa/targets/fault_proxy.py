"""A fault-injecting HTTP proxy on loopback: a portal that dies, resets, errs or hangs, on demand.

It stands between the browser and a portal (the embedded reference portal, usually) so that the
harness's handling of network and server faults can be tested end to end (docs/faults.md). Every
answer carries ``Connection: close``, so each request is a connection of its own and a fault hits
the request it is meant for (never a kept-alive connection the browser would quietly retry).

Modes (``FaultProxy.mode``, changeable while it runs):

- ``pass``: every request is forwarded and its answer relayed unchanged;
- ``die``: the portal dies: after ``die_after`` requests the proxy stops listening, so every later
  connection is refused;
- ``reset_post``: every POST (a form submitted by a click) has its connection reset before any
  answer; other requests pass;
- ``error_500``: every request is answered 500 with a small error page (the portal's server is
  broken on every page);
- ``hang``: every request is read and never answered (until the proxy stops).

Loopback only: it listens on 127.0.0.1 and forwards only to a loopback upstream.
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import socket
import struct
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

MODES = ("pass", "die", "reset_post", "error_500", "hang")
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# Headers that describe one hop's connection, not the message: never relayed (RFC 9110 section 7.6.1).
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"}
)
ERROR_PAGE = (
    b"<!doctype html><html lang='en'><head><title>500 Internal Server Error</title></head>"
    b"<body><h1>Internal Server Error</h1></body></html>"
)


class FaultProxy:
    """`with FaultProxy(upstream, mode=...) as proxy:` -> `proxy.url` is the faulty portal's address."""

    def __init__(self, upstream: str, mode: str = "pass", *, die_after: int = 0, port: int = 0):
        parts = urlsplit(upstream)
        if parts.scheme != "http" or parts.hostname not in LOOPBACK:
            raise ValueError(f"the fault proxy forwards only to an http:// loopback portal, not {upstream!r}")
        self.upstream = (parts.hostname, parts.port or 80)
        self.mode = mode
        self.die_after = die_after
        self.counts: Counter[str] = Counter()  # "requests", "GET", "POST", "faults", "refused" ...
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", port), self._handler())
        self._server.daemon_threads = True
        self._thread: threading.Thread | None = None
        self.url = f"http://127.0.0.1:{self._server.server_port}"

    @property
    def mode(self) -> str:
        return self._mode

    @mode.setter
    def mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown fault mode {mode!r}; modes: {', '.join(MODES)}")
        self._mode = mode

    def start(self) -> FaultProxy:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()  # hanging requests end (their connections close unanswered)
        with contextlib.suppress(OSError):
            self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def _count(self, *keys: str) -> int:
        """Count the keys; the new value of the last one."""
        with self._lock:
            for key in keys:
                self.counts[key] += 1
            return self.counts[keys[-1]]

    def _die(self) -> None:
        """Stop listening: the next connections are refused, as to a portal that went down."""
        if self._count("died") > 1:
            return

        def down() -> None:
            self._server.shutdown()  # the accept loop ends first, then the listening socket closes
            with contextlib.suppress(OSError):
                self._server.socket.close()

        threading.Thread(target=down, daemon=True).start()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                self._serve()

            do_POST = do_PUT = do_DELETE = do_HEAD = do_PATCH = do_OPTIONS = do_GET

            def _serve(self) -> None:
                proxy._count(self.command)
                seen = proxy._count("requests")
                body = self._body()
                mode = proxy.mode
                if mode == "die" and seen > proxy.die_after:
                    proxy._count("faults")
                    proxy._die()
                    self._reset()
                elif mode == "reset_post" and self.command == "POST":
                    proxy._count("faults")
                    self._reset()
                elif mode == "error_500":
                    proxy._count("faults")
                    self._answer(500, "Internal Server Error", {"Content-Type": "text/html"}, ERROR_PAGE)
                elif mode == "hang":
                    proxy._count("faults")
                    proxy._stopping.wait()
                    self.close_connection = True
                else:
                    self._forward(body)

            def _body(self) -> bytes:
                length = int(self.headers.get("Content-Length") or 0)
                return self.rfile.read(length) if length else b""

            def _forward(self, body: bytes) -> None:
                upstream = http.client.HTTPConnection(*proxy.upstream, timeout=60)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP}
                try:
                    upstream.request(self.command, self.path, body=body or None, headers=headers)
                    answer = upstream.getresponse()
                    content = answer.read()
                except OSError:
                    proxy._count("upstream_errors")
                    self._reset()
                    return
                finally:
                    upstream.close()
                relayed = [(k, v) for k, v in answer.getheaders() if k.lower() not in HOP_BY_HOP]
                self._answer(answer.status, answer.reason, relayed, content)

            def _answer(self, status: int, reason: str, headers, content: bytes) -> None:
                self.send_response_only(status, reason)
                items = headers.items() if isinstance(headers, dict) else headers
                for key, value in items:
                    if key.lower() != "content-length":
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(content)))
                self.send_header("Connection", "close")
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(content)
                self.close_connection = True

            def _reset(self) -> None:
                """Close with a TCP reset (SO_LINGER 0): the browser sees ERR_CONNECTION_RESET."""
                with contextlib.suppress(OSError):
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.connection.close()
                self.close_connection = True

        return Handler


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m portalqa.targets.fault_proxy", description=__doc__.splitlines()[0]
    )
    parser.add_argument("upstream", help="the portal's loopback address, e.g. http://127.0.0.1:8123")
    parser.add_argument("--mode", choices=MODES, default="pass")
    parser.add_argument(
        "--die-after", type=int, default=0, metavar="N", help="mode die: how many requests are served first"
    )
    parser.add_argument("--port", type=int, default=0, help="port to listen on (default: a free one)")
    args = parser.parse_args(argv)
    try:
        proxy = FaultProxy(args.upstream, args.mode, die_after=args.die_after, port=args.port)
    except (ValueError, OSError) as err:
        parser.error(str(err))
    print(f"fault proxy ({args.mode}) at {proxy.url} -> {args.upstream}; Ctrl-C stops it", flush=True)
    proxy.start()
    with contextlib.suppress(KeyboardInterrupt):
        threading.Event().wait()
    proxy.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
