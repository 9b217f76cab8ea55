"""Public pages: home, procedure catalogue and information pages, privacy, accessibility, health."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, url_for

from reference_portal.procedures import current_catalogue

bp = Blueprint("pages", __name__)


@bp.get("/")
def home():
    catalogue = current_catalogue()
    online = [p for p in catalogue if p.online]
    return render_template("home.html", online=online, signed_out=request.args.get("signed_out") == "1")


@bp.get("/procedures")
def procedures():
    query = request.args.get("q", "").strip()
    results = current_catalogue().search(query)
    return render_template("procedures.html", query=query, results=results)


@bp.get("/procedures/<code>")
def procedure(code: str):
    found = current_catalogue().get(code)
    if found is None:
        abort(404)
    return render_template("procedure.html", procedure=found)


@bp.get("/privacy")
def privacy():
    return render_template("privacy.html")


@bp.get("/accessibility")
def accessibility():
    return render_template("accessibility.html")


@bp.get("/healthz")
def healthz():
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/favicon.ico")
def favicon():
    return redirect(url_for("static", filename="favicon.svg"), code=301)
