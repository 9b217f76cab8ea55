"""Cross-cutting protections: CSRF tokens on every state-changing form and security headers."""

from __future__ import annotations

import hmac
import secrets

from flask import Flask, request, session
from werkzeug.exceptions import BadRequest

from reference_portal.defects import defect_here

CSRF_FIELD = "csrf_token"
_SESSION_KEY = "_csrf"
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

# Everything is served by the portal itself: no CDN, fonts, analytics or inline script/style.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'"
)
# The third_party_script defect: the analytics script the pages load, and the CSP that lets it run.
THIRD_PARTY_SCRIPT = "https://analytics.example.net/collect.js"
THIRD_PARTY_ORIGIN = "https://analytics.example.net"


class CSRFError(BadRequest):
    def __init__(self):
        from reference_portal.i18n import t

        super().__init__(t("error.csrf"))


def csrf_token() -> str:
    """The per-session token templates put in a hidden field of every POST form."""
    if _SESSION_KEY not in session:
        session[_SESSION_KEY] = secrets.token_urlsafe(32)
    return session[_SESSION_KEY]


def _check_csrf() -> None:
    if request.method not in _UNSAFE_METHODS:
        return
    expected = session.get(_SESSION_KEY)
    sent = request.form.get(CSRF_FIELD, "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        raise CSRFError()


def content_security_policy() -> str:
    if defect_here("third_party_script"):
        return f"{CONTENT_SECURITY_POLICY}; script-src 'self' {THIRD_PARTY_ORIGIN}"
    return CONTENT_SECURITY_POLICY


def _add_headers(response):
    headers = response.headers
    if not defect_here("missing_security_headers"):
        headers.setdefault("Content-Security-Policy", content_security_policy())
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
    if request.endpoint != "static":
        # Pages carry personal data; shared or back-button caches must not keep them.
        headers.setdefault("Cache-Control", "no-store")
    return response


def init_app(app: Flask) -> None:
    app.before_request(_check_csrf)
    app.after_request(_add_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["csrf_field_name"] = CSRF_FIELD
    app.jinja_env.globals["third_party_script"] = THIRD_PARTY_SCRIPT
