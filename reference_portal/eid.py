"""Simulated national electronic identification (eID) sign-on."""

from __future__ import annotations

import functools
import hmac
import re
import secrets
from urllib.parse import quote, urlsplit

from flask import Flask, abort, current_app, g, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash, generate_password_hash

from reference_portal import register, sessions, throttling
from reference_portal.database import get_db
from reference_portal.defects import defect_here
from reference_portal.dialects import OTP_DIGITS, dialect_on, form_status, new_code
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


# Session key of the sign-in token (reference_portal/sessions.py); the cookie holds nothing else
# about who is signed in.
_SESSION_TOKEN = "sid"


def _lifetime() -> float:
    return current_app.config["SESSION_LIFETIME_S"]


def _load_citizen() -> None:
    token = session.get(_SESSION_TOKEN)
    db = get_db()
    citizen_id = sessions.citizen_id(db, token, _lifetime())
    g.citizen = register.find_by_id(db, citizen_id) if citizen_id else None
    if token and g.citizen is None:
        # Signed out elsewhere, expired, or a fresh database: this cookie signs nobody in any more.
        _keep_only_language()


def _keep_only_language() -> None:
    lang = session.get("lang")
    session.clear()
    if lang:
        session["lang"] = lang  # signing in or out does not switch the language back


def _throttle_policy() -> throttling.Policy:
    config = current_app.config
    return throttling.Policy(
        max_failures=config["SIGN_ON_MAX_FAILURES"],
        window_s=config["SIGN_ON_WINDOW_S"],
        lockout_s=config["SIGN_ON_LOCKOUT_S"],
    )


# Session keys of the sign-on dialects (otp_sign_on, eid_chooser).
_OTP_PENDING = "otp_sign_on"
_IDP_STATE = "idp_state"
_IDP_TICKET = "idp_ticket"


def _chooser_on() -> bool:
    """eid_chooser: several sign-in methods first (not with the no_national_eid defect's own login)."""
    return dialect_on("eid_chooser") and not defect_here("no_national_eid")


def _sign_in(citizen_id: int) -> None:
    db = get_db()
    sessions.end(db, session.get(_SESSION_TOKEN))  # a previous sign-in in this browser ends here
    _keep_only_language()  # a fresh session (and CSRF token) for the signed-in citizen
    session[_SESSION_TOKEN] = sessions.create(db, citizen_id, _lifetime())


def _password_accepted(citizen, next_url: str, via_idp: bool):
    """The password was right: a one-time code comes next (otp_sign_on), else the sign-on completes."""
    if dialect_on("otp_sign_on"):
        session[_OTP_PENDING] = {
            "citizen": citizen["id"],
            "throttle_key": citizen["personal_id"],
            "next": next_url,
            "code": new_code(),
            "idp": via_idp,
            "phone": citizen["phone"][-3:],
        }
        return redirect(url_for("eid.otp"))
    return _signed_on(citizen["id"], next_url, via_idp)


def _signed_on(citizen_id: int, next_url: str, via_idp: bool):
    """Back to the portal: directly, or (eid_chooser) through the provider's ticket and callback."""
    if not via_idp:
        _sign_in(citizen_id)
        return redirect(next_url)
    ticket = secrets.token_urlsafe(16)
    session[_IDP_TICKET] = {"ticket": ticket, "citizen": citizen_id, "next": next_url}
    return redirect(url_for("eid.callback", ticket=ticket))


@routes.route("login", methods=["GET", "POST"])
def login():
    next_url = safe_next(request.values.get("next"))
    if request.method == "GET" and g.citizen is not None:
        return redirect(next_url)
    if _chooser_on():
        if request.method == "POST":
            abort(405)  # the password form is the identity provider's, not the portal's
        return render_template("eid_chooser.html", next_url=next_url, unavailable=False, expired=False)
    return _password_form(next_url, via_idp=False)


def _password_form(next_url: str, via_idp: bool, state: str = ""):
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
            db = get_db()
            wait = throttling.locked_for(db, personal_id)
            if wait:
                # Refused before the password is even checked, so a guess cannot be confirmed.
                return _locked(personal_id, next_url, via_idp, state, wait)
            citizen = register.find_by_personal_id(db, personal_id)
            hashed = citizen["password_hash"] if citizen else _DUMMY_HASH
            if check_password_hash(hashed, password) and citizen is not None:
                if wait is not None:
                    throttling.clear(db, personal_id)
                return _password_accepted(citizen, next_url, via_idp)
            throttling.record_failure(db, personal_id, _throttle_policy())
            failure = t("eid.failed")
    form_action = url_for("eid.idp_login", state=state) if via_idp else None
    return render_template(
        "eid_login.html",
        errors=errors,
        failure=failure,
        personal_id=personal_id,
        next_url=next_url,
        form_action=form_action,
    ), form_status(errors or failure)


def _locked(personal_id: str, next_url: str, via_idp: bool, state: str, wait: float):
    """Too many wrong passwords for this number: 429, with the wait, in the sign-on page's alert."""
    response = current_app.make_response(
        (
            render_template(
                "eid_login.html",
                errors={},
                failure=t("eid.locked", minutes=throttling.minutes(wait)),
                personal_id=personal_id,
                next_url=next_url,
                form_action=url_for("eid.idp_login", state=state) if via_idp else None,
            ),
            429,
        )
    )
    response.headers["Retry-After"] = str(max(1, round(wait)))
    return response


@routes.post("choose")
def choose():
    """eid_chooser: the citizen picked a sign-in method; the national eID goes to its provider."""
    if not _chooser_on():
        abort(404)
    next_url = safe_next(request.form.get("next"))
    if request.form.get("method") != "national_eid":
        return render_template("eid_chooser.html", next_url=next_url, unavailable=True, expired=False)
    state = secrets.token_urlsafe(16)
    session[_IDP_STATE] = {"state": state, "next": next_url}
    return redirect(
        url_for("eid.idp_authorize", client_id="portal", state=state, redirect_uri=url_for("eid.callback"))
    )


def _idp_state() -> dict | None:
    """The pending sign-on the provider was sent for, when ``state`` in the address matches it."""
    pending = session.get(_IDP_STATE)
    sent = request.args.get("state", "")
    if not pending or not hmac.compare_digest(sent.encode(), pending["state"].encode()):
        return None
    return pending


def _expired():
    return render_template("eid_chooser.html", next_url="/", unavailable=False, expired=True), 400


@routes.get("idp_authorize")
def idp_authorize():
    """The identity provider's entry point: it sends the browser on to its own sign-in page."""
    if not _chooser_on():
        abort(404)
    pending = _idp_state()
    if pending is None:
        return _expired()
    return redirect(url_for("eid.idp_login", state=pending["state"]))


@routes.route("idp_login", methods=["GET", "POST"])
def idp_login():
    """The identity provider's sign-in page: personal identification number and password."""
    if not _chooser_on():
        abort(404)
    pending = _idp_state()
    if pending is None:
        return _expired()
    return _password_form(pending["next"], via_idp=True, state=pending["state"])


@routes.get("callback")
def callback():
    """The portal's return address: the provider's ticket signs the citizen in."""
    if not _chooser_on():
        abort(404)
    issued = session.get(_IDP_TICKET)
    sent = request.args.get("ticket", "")
    if not issued or not hmac.compare_digest(sent.encode(), issued["ticket"].encode()):
        return _expired()
    _sign_in(issued["citizen"])
    return redirect(issued["next"])


@routes.route("otp", methods=["GET", "POST"])
def otp():
    """otp_sign_on: the one-time code after the password (the test portal shows the code)."""
    if not dialect_on("otp_sign_on"):
        abort(404)
    pending = session.get(_OTP_PENDING)
    if not pending:
        return redirect(login_url("/"))
    error, status = "", None
    if request.method == "POST":
        error, status = check_code(request.form.get("code", ""), pending["code"], pending["throttle_key"])
        if not error:
            session.pop(_OTP_PENDING, None)
            return _signed_on(pending["citizen"], pending["next"], pending["idp"])
    return render_template(
        "otp.html",
        look="eid",
        action=url_for("eid.otp"),
        intro=t("otp.sent_sign_on", last=pending["phone"]),
        test_code=pending["code"],
        error=error,
    ), status or form_status(error)


def check_code(sent: str, expected: str, throttle_key: str) -> tuple[str, int | None]:
    """The error message for a one-time code ("" when it is the expected one) and the status to
    answer with when it is not the form's usual one (429 while wrong codes have locked the key).

    Wrong codes are throttled like wrong passwords (reference_portal/throttling.py), counted in the
    database under `throttle_key`: the count lives with the server, not in the session cookie, so
    replaying an older cookie gains no guesses. A locked key refuses the right code too.
    """
    sent = "".join(sent.split())
    if not sent:
        return t("otp.missing"), None
    db = get_db()
    wait = throttling.locked_for(db, throttle_key)
    if wait:
        return t("otp.locked", minutes=throttling.minutes(wait)), 429
    if not hmac.compare_digest(sent.encode(), expected.encode()):
        throttling.record_failure(db, throttle_key, _throttle_policy())
        return t("otp.wrong", digits=OTP_DIGITS), None
    if wait is not None:
        throttling.clear(db, throttle_key)
    return "", None


@routes.post("logout")
def logout():
    # Deleting the server-side row is what signs out: a copy of the cookie no longer signs in.
    sessions.end(get_db(), session.get(_SESSION_TOKEN))
    _keep_only_language()
    return redirect(url_for("pages.home", signed_out=1))


def init_app(app: Flask) -> None:
    policy = throttling.Policy()
    app.config.setdefault("SESSION_LIFETIME_S", sessions.DEFAULT_LIFETIME_S)
    app.config.setdefault("SIGN_ON_MAX_FAILURES", policy.max_failures)
    app.config.setdefault("SIGN_ON_WINDOW_S", policy.window_s)
    app.config.setdefault("SIGN_ON_LOCKOUT_S", policy.lockout_s)
    app.before_request(_load_citizen)
