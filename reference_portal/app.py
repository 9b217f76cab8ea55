"""Application factory of the reference portal."""

from __future__ import annotations

import atexit
import dataclasses
import os
import secrets
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from flask import Flask, current_app, g, render_template, request, session
from markupsafe import Markup
from werkzeug.exceptions import HTTPException, NotFound

from reference_portal import (
    assistant,
    database,
    eform,
    eid,
    i18n,
    pages,
    payment,
    register,
    security,
    skins,
    slowness,
    tracking,
)
from reference_portal import config as config_module
from reference_portal.database import VIETNAM_TZ
from reference_portal.defects import (
    Defects,
    as_published,
    current_defects,
    defect_here,
    offered_online,
    page_procedure,
)
from reference_portal.dialects import ASSISTANT_DELAY_MS, Dialects, dialect_on
from reference_portal.procedures import Catalogue, default_catalogue
from reference_portal.uploads import MAX_BYTES

SECRET_KEY_ENV = "REFPORTAL_SECRET_KEY"
DATA_DIR_ENV = "REFPORTAL_DATA_DIR"


def _local_time(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(VIETNAM_TZ).strftime("%Y-%m-%d %H:%M:%S")


def _select_language() -> None:
    """The portal's language, or the one the citizen switched to with ``?lang=`` (kept in the session)."""
    portal = current_app.config["PORTAL"]
    g.skin = portal["skin"]
    wanted = request.args.get("lang")
    if wanted in portal["languages"] and session.get("lang") != wanted:
        session["lang"] = wanted
    chosen = session.get("lang")
    g.lang = chosen if chosen in portal["languages"] else portal["language"]


def _switch_url(lang: str) -> str:
    """This page in another language."""
    args = {k: v for k, v in request.args.items() if k != "lang"}
    return request.path + "?" + urlencode({**args, "lang": lang})


def _temporary_data_dir() -> str:
    """A data folder of this process only, removed when the process that made it exits."""
    folder = tempfile.mkdtemp(prefix="refportal-")
    creator = os.getpid()

    def remove() -> None:
        # gunicorn's forked workers run atexit handlers too when they stop: only the process that
        # created the folder (the master, which outlives them) removes it.
        if os.getpid() == creator:
            shutil.rmtree(folder, ignore_errors=True)

    atexit.register(remove)
    return folder


def create_app(config: dict | None = None) -> Flask:
    """Build the portal. ``config`` is a variant (see config.py) plus optional ``data_dir``/``secret_key``.

    Everything that must be identical across gunicorn workers (secret key, seeded database) is set
    up here, so a server that creates the app once before forking shares it with every worker.
    """
    settings = config_module.normalize(config or {})
    data_dir = Path(settings.pop("data_dir", None) or os.environ.get(DATA_DIR_ENV) or _temporary_data_dir())
    data_dir.mkdir(parents=True, exist_ok=True)
    secret_key = settings.pop("secret_key", None) or os.environ.get(SECRET_KEY_ENV) or secrets.token_hex(32)

    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=secret_key,
        SESSION_COOKIE_NAME="refportal_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Room for every document of a dossier; the 5 MB per-file limit gives the friendly message.
        MAX_CONTENT_LENGTH=4 * MAX_BYTES + 1024 * 1024,
        DATA_DIR=str(data_dir),
        DATABASE=str(data_dir / "portal.sqlite3"),
        UPLOAD_DIR=str(data_dir / "uploads"),
        PORTAL=settings,
    )
    defects = Defects(settings["defects"])
    app.extensions["refportal.defects"] = defects
    dialects = Dialects(settings["dialects"], settings["dialect_options"])
    app.extensions["refportal.dialects"] = dialects
    app.extensions["refportal.catalogues"] = {
        lang: Catalogue([as_published(p, defects) for p in default_catalogue(lang)])
        for lang in settings["languages"]
    }

    database.init_app(app)
    register.seed(app.config["DATABASE"], register.test_password())
    app.before_request(_select_language)
    # The citizen is loaded before the CSRF check so even the error page shows who is signed in.
    eid.init_app(app)
    security.init_app(app)
    slowness.init_app(app, settings["slow_responses_ms"])
    skin = skins.install(
        app,
        settings["skin"],
        [pages.routes, eid.routes, eform.routes, payment.routes, tracking.routes, assistant.routes],
    )

    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(
        vnd=lambda amount: i18n.vnd(amount),
        working_days=lambda days: i18n.working_days(days),
        local_time=_local_time,
        long_date=lambda day: i18n.long_date(day),
    )
    app.jinja_env.globals.update(
        t=i18n.t,
        offered_online=offered_online,
        defect_here=defect_here,
        page_procedure=page_procedure,
        sign_in_url=eid.login_url,
        switch_url=_switch_url,
        field_without_hint=lambda field: dataclasses.replace(field, hint=""),
        dialect_on=dialect_on,
        # server_validation_only: no client-side constraint attributes, so only the server validates.
        required_attr=lambda: "" if dialect_on("server_validation_only") else Markup(" required"),
    )

    @app.context_processor
    def _globals():
        return {
            "portal": settings,
            "citizen": g.get("citizen"),
            "lang": i18n.current_language(),
            "other_languages": [
                (code, i18n.LANGUAGE_NAMES[code]) for code in settings["languages"] if code != g.get("lang")
            ],
            "stylesheet": skin.stylesheet,
            "assistant_offered": not current_defects().everywhere("no_assistant"),
            "dialect_assets": dialects.any,  # dialects.css and dialects.js, only when a dialect is on
            "assistant_delay_ms": ASSISTANT_DELAY_MS,
        }

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        return render_template("error.html", error=exc), exc.code

    @app.errorhandler(OverflowError)
    def _id_too_large(_exc: OverflowError):
        # An id in the address larger than SQLite's INTEGER cannot name a record: not found, not a crash.
        return _http_error(NotFound())

    return app
