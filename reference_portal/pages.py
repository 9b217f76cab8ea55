"""Public pages: home, catalogue and information pages, privacy, accessibility, contact, health."""

from __future__ import annotations

import re
import time

from flask import abort, redirect, render_template, request, url_for

from reference_portal import database
from reference_portal.defects import current_defects, offered_online, set_page_procedure
from reference_portal.dialects import form_status
from reference_portal.i18n import t
from reference_portal.procedures import current_catalogue
from reference_portal.skins import Routes

routes = Routes("pages")

SLOW_PAGE_SECONDS = 1.5  # the slow_page defect: how late the information page answers
MAX_FEEDBACK = 2000  # characters kept of a feedback message
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@routes.get("home")
def home():
    catalogue = current_catalogue()
    online = [p for p in catalogue if offered_online(p)]
    return render_template("home.html", online=online, signed_out=request.args.get("signed_out") == "1")


@routes.get("procedures")
def procedures():
    query = request.args.get("q", "").strip()
    results = current_catalogue().search(query)
    return render_template("procedures.html", query=query, results=results)


@routes.get("procedure")
def procedure(code: str):
    found = current_catalogue().get(code)
    if found is None:
        abort(404)
    set_page_procedure(found.code)
    if current_defects().applies("slow_page", found.code):
        time.sleep(SLOW_PAGE_SECONDS)
    return render_template("procedure.html", procedure=found)


@routes.get("privacy")
def privacy():
    return render_template("privacy.html")


@routes.get("accessibility")
def accessibility():
    return render_template("accessibility.html")


@routes.route("contact", methods=["GET", "POST"])
def contact():
    """Contact details and a small feedback form (name and email optional, the message required)."""
    values = {"name": "", "email": "", "message": ""}
    errors: dict[str, str] = {}
    sent = False
    if request.method == "POST":
        values = {key: " ".join(request.form.get(key, "").split()) for key in values}
        values["message"] = request.form.get("message", "").strip()[:MAX_FEEDBACK]
        if values["email"] and not EMAIL.fullmatch(values["email"]):
            errors["email"] = t("contact.bad_email")
        if not values["message"]:
            errors["message"] = t("contact.empty")
        if not errors:
            db = database.get_db()
            received = database.iso(database.now())
            db.execute(
                "INSERT INTO feedback (name, email, message, received_at) VALUES (?, ?, ?, ?)",
                (values["name"][:200], values["email"][:200], values["message"], received),
            )
            db.commit()
            sent = True
            values = {key: "" for key in values}
    page = render_template("contact.html", values=values, errors=errors, sent=sent)
    return page, form_status(errors)


@routes.get("healthz")
def healthz():
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@routes.get("favicon")
def favicon():
    return redirect(url_for("static", filename="favicon.svg"), code=301)
