"""A small loopback portal whose sign-on goes through a separate identity provider, for the load journeys.

The portal answers on 127.0.0.1 and its identity provider on 127.0.0.2 (both loopback, so the load guard
allows both without a `load.hosts` entry), as a national-eID sign-on does:

    portal /eid/login?next=/  --302-->  provider /idp/authorize (the login form, action "login")
    POST provider /idp/login  --303-->  provider /idp/consent  --302-->  portal /eid/callback?ticket=..
    portal /eid/callback      --302-->  portal /  (setting the session cookie)

Only a citizen with the session cookie gets an e-form (/apply/<code>/step/1); without it /apply/<code>
redirects to the sign-on, as real portals do. Every request is logged (host, method, path, whether it
carried a valid session) so tests can check what reached which server and in which order.

`mode` changes the sign-on: "ok" (above), "one-time-code" (the provider then asks for a one-time code),
"elsewhere" (the portal sends citizens to a provider on a host the guard refuses), "loop" (the portal's
sign-on redirects to itself for ever), "pages-elsewhere" (the sign-on works, but every other portal page
redirects to a host the guard refuses).
"""

from __future__ import annotations

import html
import secrets
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

SESSION_COOKIE = "portal_session"
REFUSED_PROVIDER = "http://idp.example.invalid/authorize"


@dataclass(frozen=True)
class Hit:
    at: float
    server: str  # "portal" or "provider"
    method: str
    path: str  # with its query
    signed_on: bool  # the request carried a session the portal had issued
    body: str


class EidPortal:
    def __init__(
        self, personal_id: str, password: str, *, mode: str = "ok", not_online: tuple[str, ...] = ()
    ):
        self.personal_id, self.password, self.mode = personal_id, password, mode
        self.not_online = set(not_online)  # codes with no e-form: the portal answers 404
        self.hits: list[Hit] = []
        self.sessions: set[str] = set()
        self.tickets: set[str] = set()
        self.lock = threading.Lock()
        self.portal = ThreadingHTTPServer(("127.0.0.1", 0), self._handler("portal"))
        self.provider = ThreadingHTTPServer(("127.0.0.2", 0), self._handler("provider"))
        self.url = f"http://127.0.0.1:{self.portal.server_port}"
        self.provider_url = f"http://127.0.0.2:{self.provider.server_port}"
        for server in (self.portal, self.provider):
            threading.Thread(target=server.serve_forever, daemon=True).start()

    def close(self) -> None:
        for server in (self.portal, self.provider):
            server.shutdown()
            server.server_close()

    def of(self, server: str, method: str | None = None, prefix: str = "") -> list[Hit]:
        with self.lock:
            return [
                hit
                for hit in self.hits
                if hit.server == server
                and (method is None or hit.method == method)
                and hit.path.startswith(prefix)
            ]

    # What each server answers: (status, headers, body).

    def _portal(self, method: str, path: str, query: dict, form: dict, session: str | None):
        signed_on = session in self.sessions
        if path == "/eid/login":
            if self.mode == "elsewhere":
                return 302, {"Location": REFUSED_PROVIDER}, ""
            if self.mode == "loop":
                return 302, {"Location": "/eid/login?" + urlencode(query, doseq=True)}, ""
            back = f"{self.url}/eid/callback?" + urlencode({"next": _one(query, "next", "/")})
            return 302, {"Location": f"{self.provider_url}/idp/authorize?" + urlencode({"return": back})}, ""
        if path == "/eid/callback":
            ticket = _one(query, "ticket")
            with self.lock:
                if ticket not in self.tickets:
                    return 403, {}, "<p>Unknown ticket</p>"
                self.tickets.discard(ticket)
                token = secrets.token_urlsafe(16)
                self.sessions.add(token)
            cookie = f"{SESSION_COOKIE}={token}; Path=/; HttpOnly"
            return 302, {"Location": _one(query, "next", "/"), "Set-Cookie": cookie}, ""
        if path.startswith("/apply/"):
            code, _, rest = path.removeprefix("/apply/").partition("/")
            if code in self.not_online:
                return 404, {}, "<p>No online service for this procedure</p>"
            if not signed_on:
                return 302, {"Location": "/eid/login?" + urlencode({"next": path})}, ""
            if not rest:
                return 302, {"Location": f"/apply/{code}/step/1"}, ""
            if method == "POST":
                return 303, {"Location": f"/apply/{code}/step/2"}, ""
            return (
                200,
                {},
                (
                    f'<form method="post" action="/apply/{code}/step/1">'
                    f'<input type="hidden" name="csrf_token" value="t-{code}">'
                    '<input name="place_of_birth" value=""><button>Continue</button></form>'
                ),
            )
        if self.mode == "pages-elsewhere":
            # Information and tracking pages moved to a host the load guard does not allow.
            return 302, {"Location": REFUSED_PROVIDER}, ""
        return 200, {}, f"<h1>Portal page {html.escape(path)}</h1><a href='/eid/login'>Sign in</a>"

    def _provider(self, method: str, path: str, query: dict, form: dict):
        if path == "/idp/authorize":
            back = html.escape(_one(query, "return"), quote=True)
            # A relative action ("login", not "/idp/login"): resolved against this page, as a browser does.
            return (
                200,
                {},
                (
                    '<form method="post" action="login">'
                    f'<input type="hidden" name="return" value="{back}">'
                    '<input name="personal_id"><input type="password" name="password">'
                    "<button>Sign in</button></form>"
                ),
            )
        if path == "/idp/login" and method == "POST":
            if _one(form, "personal_id") != self.personal_id or _one(form, "password") != self.password:
                return self._provider("GET", "/idp/authorize", {"return": form.get("return", [""])}, {})
            if self.mode == "one-time-code":
                return 302, {"Location": "/idp/code"}, ""
            ticket = secrets.token_urlsafe(12)
            with self.lock:
                self.tickets.add(ticket)
            step = "/idp/consent?" + urlencode({"ticket": ticket, "return": _one(form, "return")})
            return 303, {"Location": step}, ""
        if path == "/idp/consent":
            back = _one(query, "return")
            separator = "&" if "?" in back else "?"
            return 302, {"Location": back + separator + urlencode({"ticket": _one(query, "ticket")})}, ""
        if path == "/idp/code":
            return (
                200,
                {},
                (
                    '<form method="post" action="/idp/code"><label for="c">Code sent by SMS</label>'
                    '<input id="c" name="verification" autocomplete="one-time-code" inputmode="numeric">'
                    "<button>Continue</button></form>"
                ),
            )
        return 404, {}, "<p>Not found</p>"

    def _handler(self, server: str):
        portal = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 (http.server's naming)
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                query, form = parse_qs(parts.query), parse_qs(body)
                session = _cookie(self.headers.get("Cookie") or "", SESSION_COOKIE)
                with portal.lock:
                    portal.hits.append(
                        Hit(
                            time.monotonic(),
                            server,
                            self.command,
                            self.path,
                            session in portal.sessions,
                            body,
                        )
                    )
                if server == "portal":
                    status, headers, text = portal._portal(self.command, parts.path, query, form, session)
                else:
                    status, headers, text = portal._provider(self.command, parts.path, query, form)
                data = text.encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = do_GET  # noqa: N815

            def log_message(self, *args):
                pass

        return Handler


def _one(values: dict, name: str, default: str = "") -> str:
    found = values.get(name)
    return found[0] if found else default


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None
