"""Application factory of the reference portal."""

from __future__ import annotations

import os
import secrets
import tempfile
from datetime import datetime
from pathlib import Path

from flask import Flask, g, render_template
from werkzeug.exceptions import HTTPException

from reference_portal import config as config_module
from reference_portal import database, eform, eid, pages, payment, register, security, tracking
from reference_portal.database import VIETNAM_TZ
from reference_portal.defects import Defects
from reference_portal.procedures import default_catalogue
from reference_portal.uploads import MAX_BYTES

SECRET_KEY_ENV = "REFPORTAL_SECRET_KEY"
DATA_DIR_ENV = "REFPORTAL_DATA_DIR"


def _vnd(amount: int) -> str:
    return f"{amount:,} VND"


def _working_days(days: int) -> str:
    return f"{days} working day" if days == 1 else f"{days} working days"


def _local_time(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(VIETNAM_TZ).strftime("%Y-%m-%d %H:%M:%S")


def _long_date(day) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def create_app(config: dict | None = None) -> Flask:
    """Build the portal. ``config`` is a variant (see config.py) plus optional ``data_dir``/``secret_key``.

    Everything that must be identical across gunicorn workers (secret key, seeded database) is set
    up here, so a server that creates the app once before forking shares it with every worker.
    """
    settings = config_module.normalize(config or {})
    data_dir = Path(
        settings.pop("data_dir", None)
        or os.environ.get(DATA_DIR_ENV)
        or tempfile.mkdtemp(prefix="refportal-")
    )
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
    app.extensions["refportal.catalogue"] = default_catalogue()
    app.extensions["refportal.defects"] = Defects(settings["defects"])

    database.init_app(app)
    register.seed(app.config["DATABASE"], register.test_password())
    # The citizen is loaded before the CSRF check so even the error page shows who is signed in.
    eid.init_app(app)
    security.init_app(app)
    for blueprint in (pages.bp, eform.bp, payment.bp, tracking.bp):
        app.register_blueprint(blueprint)

    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(
        vnd=_vnd, working_days=_working_days, local_time=_local_time, long_date=_long_date
    )

    @app.context_processor
    def _globals():
        return {"portal": settings, "citizen": g.get("citizen")}

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code is None or exc.code < 400:
            return exc
        return render_template("error.html", error=exc), exc.code

    return app
