"""Simulated national electronic identification (eID) sign-on."""

from __future__ import annotations

import functools
import re
from urllib.parse import quote, urlsplit

from flask import Flask, g, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from reference_portal import register
from reference_portal.database import get_db
from reference_portal.i18n import t
from reference_portal.skins import Routes

routes = Routes("eid")

PERSONAL_ID = re.compile(r"\d{12}")
# Compared against when the personal ID is unknown, so both failures take the same time.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def safe_next(target: str | None) -> str:
    """Only same-site relative paths are followed after sign-on (no open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    if any(ord(c) < 32 for c in target):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def login_url(next_path: str) -> str:
    # Keep '/' readable so the address bar shows /eid/login?next=/apply/1.001193.
    return url_for("eid.login") + "?next=" + quote(next_path, safe="/")


def login_required(view):
    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        if g.citizen is None:
            path = request.full_path if request.query_string else request.path
            return redirect(login_url(path))
        return view(*args, **kwargs)

    return wrapper


def _load_citizen() -> None:
    citizen_id = session.get("citizen_id")
    g.citizen = register.find_by_id(get_db(), citizen_id) if citizen_id else None
    if citizen_id and g.citizen is None:
        session.clear()  # the citizen disappeared (fresh database): forget the stale session


@routes.route("login", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET" and g.citizen is not None:
        return redirect(next_url)
    errors: dict[str, str] = {}
    failure = ""
    personal_id = ""
    if request.method == "POST":
        personal_id = request.form.get("personal_id", "").strip()
        password = request.form.get("password", "")
        if not PERSONAL_ID.fullmatch(personal_id):
            errors["personal_id"] = t("eid.bad_id")
        if not password:
            errors["password"] = t("eid.no_password")
        if not errors:
            citizen = register.find_by_personal_id(get_db(), personal_id)
            hashed = citizen["password_hash"] if citizen else _DUMMY_HASH
            if check_password_hash(hashed, password) and citizen is not None:
                lang = session.get("lang")
                session.clear()  # a fresh session (and CSRF token) for the signed-in citizen
                session["citizen_id"] = citizen["id"]
                if lang:
                    session["lang"] = lang
                return redirect(next_url)
            failure = t("eid.failed")
    return render_template(
        "eid_login.html", errors=errors, failure=failure, personal_id=personal_id, next_url=next_url
    )


@routes.post("logout")
def logout():
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang  # signing out does not switch the language back
    return redirect(url_for("pages.home", signed_out=1))


def init_app(app: Flask) -> None:
    app.before_request(_load_citizen)
