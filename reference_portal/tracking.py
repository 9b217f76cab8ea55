"""Tracking: the simulated back office, the status timeline and the electronic result download."""

from __future__ import annotations

import re
import secrets
import sqlite3
from datetime import datetime, timedelta

from flask import Response, abort, g, jsonify, redirect, render_template, request, url_for

from reference_portal import appointments, result_document
from reference_portal.database import VIETNAM_TZ, get_db, iso, now
from reference_portal.defects import current_defects, defect_here, set_page_procedure
from reference_portal.dialects import TRACKING_DELAY_MS, dialect_on, form_status
from reference_portal.eid import login_url
from reference_portal.i18n import t
from reference_portal.procedures import current_catalogue
from reference_portal.skins import Routes

routes = Routes("tracking")

# HS<year>-<10 random digits>: a code is not derived from anything (dossier id, time), so one code
# tells nothing about the others and guessing one is a 1 in 10^10 try.
CODE_DIGITS = 10
TRACKING_CODE = re.compile(rf"HS\d{{4}}-\d{{{CODE_DIGITS}}}")
# The back office of the simulation works instantly; each status follows the previous by seconds.
# Statuses are stored in English and shown in the page's language.
STATUSES = ("Submitted", "Accepted", "Processed", "Result issued")
STATUS_GAP = timedelta(seconds=2)


def process_submission(db, dossier_id: int) -> str:
    """Submit the dossier and run it through the back office; returns the tracking code."""
    submitted = now()
    year = submitted.astimezone(VIETNAM_TZ).year
    while True:
        tracking_code = f"HS{year}-{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
        try:
            db.execute(
                "UPDATE dossiers SET status = 'result_issued', tracking_code = ?, submitted_at = ?, "
                "updated_at = ? WHERE id = ?",
                (tracking_code, iso(submitted), iso(submitted), dossier_id),
            )
            break
        except sqlite3.IntegrityError:
            continue  # the code is taken (the column is UNIQUE): draw another
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


def result_url(tracking_code: str, number: int) -> str:
    if number == 1:
        return url_for("tracking.result", code=tracking_code)
    return url_for("tracking.result_part", code=tracking_code, number=number)


def download_links(procedure, tracking_code: str) -> list[tuple[str, str]]:
    """(address, link text) per result; several results are told apart by their names."""
    if len(procedure.results) == 1:
        return [(result_url(tracking_code, 1), t("result.download"))]
    return [
        (result_url(tracking_code, number), f"{t('result.download')} ({result.name})")
        for number, result in enumerate(procedure.results, start=1)
    ]


def pending_steps(dossier, procedure) -> list[str]:
    """Steps still to come: the appointment_booking dialect's in-person appointment."""
    booking = appointments.load(get_db(), dossier["id"])
    if booking is None:
        return []
    return [t("booking.pending", summary=appointments.summary(booking, procedure))]


def _look_up(code: str) -> dict:
    """What the tracking page shows for ``code``: an error, nothing found, or the dossier."""
    context = {"code": code, "error": "", "dossier": None, "owner": False, "pending_steps": []}
    if "code" in request.args:
        if not code:
            context["error"] = t("track.enter_code")
        elif not TRACKING_CODE.fullmatch(code):
            context["error"] = t("track.bad_format")
        elif g.citizen is None:
            # Signed out, every well-formed code gets the same answer, without even a look-up: the
            # page cannot tell whether a code exists.
            context["sign_in_needed"] = True
        else:
            dossier = _find(code)
            if dossier is None or not _is_owner(dossier):
                # Someone else's dossier reads exactly as a missing one.
                context["not_found"] = True
            else:
                # Only now is the page the dossier's (its procedure's defects apply): a stranger's
                # page must not differ by the procedure of a dossier that is not theirs.
                set_page_procedure(dossier["procedure_code"])
                context["dossier"] = dossier
                context["owner"] = True
    dossier = context["dossier"]
    if dossier is not None:
        procedure = current_catalogue().get(dossier["procedure_code"])
        context["procedure"] = procedure
        context["events"] = (
            get_db()
            .execute(
                "SELECT * FROM status_events WHERE dossier_id = ? ORDER BY occurred_at, id", (dossier["id"],)
            )
            .fetchall()
        )
        context["downloadable"] = _result_downloadable(dossier)
        context["downloads"] = download_links(procedure, dossier["tracking_code"])
        context["pending_steps"] = pending_steps(dossier, procedure)
    context["login_url"] = login_url(url_for("tracking.track", code=code))
    return context


@routes.get("track")
def track():
    code = request.args.get("code", "").strip().upper()
    if dialect_on("js_tracking"):
        # The page only holds the form; its script asks tracking.api after the button is pressed.
        return render_template("track_js.html", code=code, tracking_delay_ms=TRACKING_DELAY_MS)
    context = _look_up(code)
    return render_template("track.html", **context), form_status(context["error"])


@routes.get("api")
def api():
    """js_tracking: the tracking result as JSON, for the tracking page's script."""
    if not dialect_on("js_tracking"):
        abort(404)
    code = request.args.get("code", "").strip().upper()
    if "code" not in request.args:
        return jsonify(error=t("track.enter_code")), 400
    context = _look_up(code)
    dossier = context["dossier"]
    if context["error"]:
        return jsonify(error=context["error"]), 400
    if context.get("sign_in_needed"):
        sign_in = {"href": context["login_url"], "text": t("nav.sign_in")}
        return jsonify(error=t("track.sign_in_to_see"), sign_in=sign_in), 401
    if context.get("not_found"):
        return jsonify(error=t("track.not_found", code=code)), 404
    procedure = context["procedure"]
    facts = [
        (t("track.code"), dossier["tracking_code"]),
        (t("track.procedure"), f"{procedure.name} ({procedure.code})"),
        (t("track.applicant"), dossier["full_name"]),
        (t("track.agency"), procedure.agency),
    ]
    if dossier["appointment_date"]:
        facts.append((t("track.appointment"), dossier["appointment_date"]))
    events = context["events"]
    body = {
        "code": dossier["tracking_code"],
        "facts": [{"label": label, "value": value} for label, value in facts],
        "heading": t("track.status"),
        "steps": [
            {
                "status": event["status"],
                "label": t("status." + event["status"]),
                "at": event["occurred_at"],
                "time": _local_time(event["occurred_at"]),
            }
            for event in events
        ],
        "pending": context["pending_steps"],
        "sentence": "",
        "result": None,
    }
    if defect_here("no_status_timeline") and events:
        latest = events[-1]
        body["steps"] = []
        body["sentence"] = t(
            "track.status_sentence",
            status=t("status." + latest["status"]),
            when=_local_time(latest["occurred_at"]),
        )
    if dossier["status"] == "result_issued":
        downloads = context["downloads"] if context["downloadable"] else []
        body["result"] = {
            "heading": t("track.result"),
            "downloads": [{"href": href, "text": text} for href, text in downloads],
            "note": f"{procedure.result} (PDF)" if len(downloads) == 1 else "",
            "in_person": "" if context["downloadable"] else t("result.in_person", agency=procedure.agency),
        }
    return jsonify(body)


def _local_time(stamp: str) -> str:
    return datetime.fromisoformat(stamp).astimezone(VIETNAM_TZ).strftime("%Y-%m-%d %H:%M:%S")


@routes.get("result")
def result(code: str):
    return _result(code, 1)


@routes.get("result_part")
def result_part(code: str, number: int):
    return _result(code, number)


def _result(code: str, number: int):
    well_formed = TRACKING_CODE.fullmatch(code.upper())
    if well_formed and g.citizen is None:
        # Any well-formed code asks for sign-in, existing or not: the answer reveals nothing.
        return redirect(login_url(result_url(code, number)))
    dossier = _find(code.upper()) if well_formed else None
    if dossier is None or not _is_owner(dossier) or not _result_downloadable(dossier):
        abort(404)
    procedure = current_catalogue().get(dossier["procedure_code"])
    if not 1 <= number <= len(procedure.results):
        abort(404)
    issued_result = procedure.results[number - 1]
    issued = (
        get_db()
        .execute(
            "SELECT occurred_at FROM status_events WHERE dossier_id = ? AND status = 'Result issued'",
            (dossier["id"],),
        )
        .fetchone()
    )
    lines = [
        t("pdf.procedure", name=procedure.name, code=procedure.code),
        t("pdf.result", name=issued_result.title),
        t("pdf.citizen", name=dossier["full_name"]),
        t("pdf.personal_id", id=g.citizen["personal_id"]),
        t("pdf.tracking_code", code=dossier["tracking_code"]),
        t("pdf.issued", when=issued["occurred_at"] if issued else ""),
        "",
        t("pdf.issued_by", agency=issued_result.agency),
        t("pdf.disclaimer"),
    ]
    pdf = result_document.build_pdf(
        issued_result.title,
        lines,
        author=issued_result.agency,
        subject=f"{procedure.name} - {dossier['full_name']} - {dossier['tracking_code']}",
    )
    suffix = "" if number == 1 else f"-{number}"
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{dossier["tracking_code"]}{suffix}.pdf"'},
    )
