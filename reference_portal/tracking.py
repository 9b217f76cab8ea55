"""Tracking: the simulated back office, the status timeline and the electronic result download."""

from __future__ import annotations

import re
from datetime import timedelta

from flask import Blueprint, Response, abort, g, redirect, render_template, request

from reference_portal import result_document
from reference_portal.database import VIETNAM_TZ, get_db, iso, now
from reference_portal.defects import current_defects
from reference_portal.eid import login_url
from reference_portal.procedures import current_catalogue

bp = Blueprint("tracking", __name__)

TRACKING_CODE = re.compile(r"HS\d{4}-\d{6}")
# The back office of the simulation works instantly; each status follows the previous by seconds.
STATUSES = ("Submitted", "Accepted", "Processed", "Result issued")
STATUS_GAP = timedelta(seconds=2)


def process_submission(db, dossier_id: int) -> str:
    """Submit the dossier and run it through the back office; returns the tracking code."""
    submitted = now()
    year = submitted.astimezone(VIETNAM_TZ).year
    tracking_code = f"HS{year}-{dossier_id:06d}"
    db.execute(
        "UPDATE dossiers SET status = 'result_issued', tracking_code = ?, submitted_at = ?, updated_at = ? "
        "WHERE id = ?",
        (tracking_code, iso(submitted), iso(submitted), dossier_id),
    )
    for index, status in enumerate(STATUSES):
        db.execute(
            "INSERT INTO status_events (dossier_id, status, occurred_at) VALUES (?, ?, ?)",
            (dossier_id, status, iso(submitted + index * STATUS_GAP)),
        )
    return tracking_code


def _find(code: str):
    return (
        get_db()
        .execute(
            "SELECT d.*, c.full_name FROM dossiers d JOIN citizens c ON c.id = d.citizen_id "
            "WHERE d.tracking_code = ?",
            (code,),
        )
        .fetchone()
    )


def _is_owner(dossier) -> bool:
    return g.citizen is not None and dossier["citizen_id"] == g.citizen["id"]


def _result_downloadable(dossier) -> bool:
    return dossier["status"] == "result_issued" and not current_defects().applies(
        "result_in_person", dossier["procedure_code"]
    )


@bp.get("/track")
def track():
    code = request.args.get("code", "").strip().upper()
    context = {"code": code, "error": "", "dossier": None, "owner": False}
    if "code" in request.args:
        if not code:
            context["error"] = "Enter a tracking code"
        elif not TRACKING_CODE.fullmatch(code):
            context["error"] = "Enter the tracking code in the format HS2026-000123"
        else:
            dossier = _find(code)
            if dossier is None:
                context["not_found"] = True
            else:
                context["dossier"] = dossier
                context["owner"] = _is_owner(dossier)
    dossier = context["dossier"]
    if dossier is not None and context["owner"]:
        context["procedure"] = current_catalogue().get(dossier["procedure_code"])
        context["events"] = (
            get_db()
            .execute(
                "SELECT * FROM status_events WHERE dossier_id = ? ORDER BY occurred_at, id", (dossier["id"],)
            )
            .fetchall()
        )
        context["downloadable"] = _result_downloadable(dossier)
    context["login_url"] = login_url(f"/track?code={code}")
    return render_template("track.html", **context)


@bp.get("/results/<code>.pdf")
def result(code: str):
    dossier = _find(code.upper()) if TRACKING_CODE.fullmatch(code.upper()) else None
    if dossier is not None and g.citizen is None:
        return redirect(login_url(f"/results/{code}.pdf"))
    if dossier is None or not _is_owner(dossier) or not _result_downloadable(dossier):
        abort(404)
    procedure = current_catalogue().get(dossier["procedure_code"])
    issued = (
        get_db()
        .execute(
            "SELECT occurred_at FROM status_events WHERE dossier_id = ? AND status = 'Result issued'",
            (dossier["id"],),
        )
        .fetchone()
    )
    lines = [
        f"Procedure: {procedure.name} ({procedure.code})",
        f"Result: {procedure.result_text}",
        f"Citizen: {dossier['full_name']}",
        f"Personal identification number: {g.citizen['personal_id']}",
        f"Tracking code: {dossier['tracking_code']}",
        f"Issued: {issued['occurred_at'] if issued else ''}",
        "",
        f"Electronic result issued by {procedure.agency}.",
        "This document was produced by a simulated portal for testing and has no legal value.",
    ]
    pdf = result_document.build_pdf(
        procedure.result,
        lines,
        author=procedure.agency,
        subject=f"{procedure.name} - {dossier['full_name']} - {dossier['tracking_code']}",
    )
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{dossier["tracking_code"]}.pdf"'},
    )
