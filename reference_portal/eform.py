"""The online application: e-form steps, documents, review, payment page and submission.

A dossier is a row in ``dossiers`` that stays a draft until submitted. Stages are ordered (steps,
documents, review, payment, submission) and a stage can only be opened once every earlier stage is
complete, so deep links cannot skip validation.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from datetime import date, datetime, timedelta
from pathlib import Path

from flask import abort, current_app, g, redirect, render_template, request, url_for

from reference_portal import appointments, uploads, validation
from reference_portal import payment as paygate
from reference_portal.database import VIETNAM_TZ, get_db, iso, now
from reference_portal.defects import current_defects, offered_online, set_page_procedure
from reference_portal.dialects import (
    accepted_as_asked,
    current_dialects,
    dialect_on,
    form_status,
    shape_steps,
)
from reference_portal.eid import login_required
from reference_portal.i18n import current_language, t
from reference_portal.procedures import Document, Field, Procedure, Step, current_catalogue
from reference_portal.skins import Routes
from reference_portal.tracking import process_submission

routes = Routes("eform")

APPOINTMENT_DAYS = 5


def citizen_id_copy() -> Document:
    """The redundant upload a defective portal asks for when a procedure names no state-held document."""
    return Document(
        key="citizen_id_copy",
        name=t("documents.citizen_id_copy"),
        types=("pdf", "jpg", "png"),
        required=True,
        held_by_state=True,
        lang=current_language(),
    )


def asked_documents(procedure: Procedure) -> list[Document]:
    """The documents this portal asks for: the procedure's own, plus state-held ones by defect."""
    asked = [d for d in procedure.documents if not d.held_by_state]
    if current_defects().applies("redundant_documents", procedure.code):
        held = [d for d in procedure.documents if d.held_by_state]
        asked += [dataclasses.replace(d, required=True) for d in held] or [citizen_id_copy()]
    return asked


def extra_fields() -> tuple[Field, ...]:
    """The optional questions beyond the standard dossier that the extra_fields defect adds."""
    lang = current_language()
    return (
        Field(name="religion", label=t("extra.religion"), autocomplete="off", lang=lang),
        Field(name="occupation", label=t("extra.occupation"), autocomplete="off", lang=lang),
    )


def today() -> date:
    return datetime.now(VIETNAM_TZ).date()


def _upload_dir(dossier_id: int) -> Path:
    return Path(current_app.config["UPLOAD_DIR"]) / str(dossier_id)


def _online_procedure(code: str) -> Procedure:
    procedure = current_catalogue().get(code)
    if procedure is None or not offered_online(procedure):
        abort(404)
    set_page_procedure(procedure.code)
    return procedure


class Dossier:
    """A draft or submitted application of the signed-in citizen."""

    def __init__(self, procedure: Procedure, row):
        self.procedure = procedure
        self.row = row
        self.id = row["id"]
        self.answers: dict[str, dict[str, str]] = json.loads(row["answers"])

    @classmethod
    def load(cls, code: str, dossier_id: int) -> Dossier:
        procedure = _online_procedure(code)
        row = get_db().execute("SELECT * FROM dossiers WHERE id = ?", (dossier_id,)).fetchone()
        # Someone else's dossier looks exactly like a missing one: no hint that the id exists.
        if row is None or row["citizen_id"] != g.citizen["id"] or row["procedure_code"] != code:
            abort(404)
        return cls(procedure, row)

    @property
    def is_draft(self) -> bool:
        return self.row["status"] == "draft"

    @property
    def documents(self) -> dict[str, dict]:
        rows = get_db().execute("SELECT * FROM documents WHERE dossier_id = ?", (self.id,)).fetchall()
        return {r["doc_key"]: r for r in rows}

    @property
    def document_list(self) -> list[Document]:
        return asked_documents(self.procedure)

    @functools.cached_property
    def steps(self) -> tuple[Step, ...]:
        """The e-form steps as this portal shows them (the extra_fields defect adds to the first; the
        e-form dialects reshape them)."""
        steps = self.procedure.steps
        if current_defects().applies("extra_fields", self.procedure.code):
            first = dataclasses.replace(steps[0], fields=steps[0].fields + extra_fields())
            steps = (first, *steps[1:])
        return shape_steps(self.procedure, steps)

    def step(self, number: int) -> Step | None:
        return self.steps[number - 1] if 1 <= number <= len(self.steps) else None

    @property
    def prefills(self) -> bool:
        """Whether applicant fields come from the population register (the once-only principle)."""
        return not current_defects().applies("no_prefill", self.procedure.code)

    @property
    def register_citizen(self):
        return g.citizen if self.prefills else None

    @property
    def needs_appointment(self) -> bool:
        return self.procedure.appointment_required or current_defects().applies(
            "appointment_in_person", self.procedure.code
        )

    @property
    def pays_online(self) -> bool:
        return self.procedure.fee > 0 and not current_defects().applies(
            "no_online_payment", self.procedure.code
        )

    @property
    def payment_settled(self) -> bool:
        """Paid online, or nothing to pay online (free, or paid at the counter by defect)."""
        return not self.pays_online or self.row["payment_status"] == "paid"

    def save(self, **columns) -> None:
        columns["updated_at"] = iso(now())
        assignments = ", ".join(f"{name} = ?" for name in columns)
        db = get_db()
        with db:
            db.execute(f"UPDATE dossiers SET {assignments} WHERE id = ?", (*columns.values(), self.id))

    @property
    def books_appointment(self) -> bool:
        """The appointment_booking dialect: a booking page follows the e-form."""
        return current_dialects().applies("appointment_booking", self.procedure.code)

    @property
    def booking(self):
        return appointments.load(get_db(), self.id) if self.books_appointment else None

    # Stage bookkeeping: stages 1..N are e-form steps, then (appointment_booking) the booking page,
    # documents, review, payment.
    @property
    def booking_stage(self) -> int | None:
        return len(self.steps) + 1 if self.books_appointment else None

    @property
    def documents_stage(self) -> int:
        return len(self.steps) + 1 + (1 if self.books_appointment else 0)

    @property
    def review_stage(self) -> int:
        return self.documents_stage + 1

    @property
    def payment_stage(self) -> int:
        return self.review_stage + 1

    def first_incomplete_stage(self) -> int | None:
        for step in self.steps:
            values = self.answers.get(str(step.number))
            if values is None or validation.validate(step, values, today()):
                return step.number
        if self.books_appointment and not appointments.still_valid(self.booking, today()):
            return self.booking_stage
        stored = self.documents
        if any(d.required and d.key not in stored for d in self.document_list):
            return self.documents_stage
        if not self.row["declared"]:
            return self.review_stage
        if not self.payment_settled:
            return self.payment_stage
        return None

    def next_stage(self, stage: int) -> int:
        """The stage after ``stage``; the documents page is skipped when nothing is to be attached."""
        following = stage + 1
        if following == self.documents_stage and not self.document_list:
            following += 1
        return following

    def previous_stage(self, stage: int) -> int:
        earlier = stage - 1
        if earlier == self.documents_stage and not self.document_list:
            earlier -= 1
        return earlier

    def stage_url(self, stage: int) -> str:
        code = self.procedure.code
        if stage <= len(self.steps):
            return url_for("eform.step", code=code, dossier_id=self.id, number=stage)
        if stage == self.booking_stage:
            return url_for("eform.appointment", code=code, dossier_id=self.id)
        if stage == self.documents_stage:
            return url_for("eform.documents", code=code, dossier_id=self.id)
        if stage == self.review_stage:
            return url_for("eform.review", code=code, dossier_id=self.id)
        return url_for("eform.payment", code=code, dossier_id=self.id)

    def gate(self, stage: int):
        """A redirect to the first incomplete earlier stage, or to the confirmation once submitted."""
        if not self.is_draft:
            return redirect(url_for("eform.submitted", code=self.procedure.code, dossier_id=self.id))
        first = self.first_incomplete_stage()
        if first is not None and first < stage:
            return redirect(self.stage_url(first))
        return None

    def progress(self, current: int) -> list[dict]:
        titles = [s.title for s in self.steps]
        if self.books_appointment:
            titles.append(t("progress.appointment"))
        if self.document_list:
            titles.append(t("progress.documents"))
        titles.append(t("progress.review"))
        if self.procedure.fee > 0:
            titles.append(t("progress.payment"))
        if not self.document_list and current >= self.documents_stage:
            current -= 1
        return [{"title": t, "current": i == current} for i, t in enumerate(titles, start=1)]


def _render(template: str, dossier: Dossier, stage: int, **context):
    return render_template(
        template,
        procedure=dossier.procedure,
        dossier=dossier,
        progress=dossier.progress(stage),
        documents=dossier.document_list,
        prefills=dossier.prefills,
        **context,
    )


@routes.get("start")
@login_required
def start(code: str):
    procedure = _online_procedure(code)
    db = get_db()
    row = db.execute(
        "SELECT id FROM dossiers WHERE citizen_id = ? AND procedure_code = ? AND status = 'draft' "
        "ORDER BY id DESC LIMIT 1",
        (g.citizen["id"], procedure.code),
    ).fetchone()
    if row is None:
        stamp = iso(now())
        with db:
            cursor = db.execute(
                "INSERT INTO dossiers (citizen_id, procedure_code, created_at, updated_at) "
                "VALUES (?, ?, ?, ?)",
                (g.citizen["id"], procedure.code, stamp, stamp),
            )
        dossier_id = cursor.lastrowid
    else:
        dossier_id = row["id"]
    return redirect(url_for("eform.step", code=procedure.code, dossier_id=dossier_id, number=1))


@routes.route("step", methods=["GET", "POST"])
@login_required
def step(code: str, dossier_id: int, number: int):
    dossier = Dossier.load(code, dossier_id)
    form_step = dossier.step(number)
    if form_step is None:
        abort(404)
    blocked = dossier.gate(number)
    if blocked:
        return blocked
    from_review = request.values.get("return_to") == "review"
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = validation.collect(form_step, request.form, dossier.register_citizen)
        errors = validation.validate(form_step, values, today())
        if errors and current_defects().applies("values_cleared_on_error", code):
            # The defect: everything typed is lost; only the register's values come back.
            values = validation.prefill(form_step, dossier.register_citizen)
        if not errors:
            dossier.answers[str(number)] = values
            # Changed answers must be declared true again before submission.
            dossier.save(answers=json.dumps(dossier.answers, ensure_ascii=False), declared=0)
            next_stage = dossier.review_stage if from_review else dossier.next_stage(number)
            first = dossier.first_incomplete_stage()
            if first is not None and first < next_stage:
                next_stage = first
            return redirect(dossier.stage_url(next_stage))
    else:
        values = dossier.answers.get(str(number)) or validation.prefill(form_step, dossier.register_citizen)
    back_url = url_for("pages.procedure", code=code) if number == 1 else dossier.stage_url(number - 1)
    if from_review:
        back_url = dossier.stage_url(dossier.review_stage)
    return _render(
        "step.html",
        dossier,
        number,
        step=form_step,
        values=values,
        errors=errors,
        back_url=back_url,
        from_review=from_review,
        unlabelled_extras=number == 1 and current_defects().applies("unlabelled_inputs", code),
    ), form_status(errors)


@routes.route("appointment", methods=["GET", "POST"])
@login_required
def appointment(code: str, dossier_id: int):
    """The appointment_booking dialect: location, day and time slot of the in-person appointment."""
    dossier = Dossier.load(code, dossier_id)
    if not dossier.books_appointment:
        abort(404)
    blocked = dossier.gate(dossier.booking_stage)
    if blocked:
        return blocked
    from_review = request.values.get("return_to") == "review"
    errors: dict[str, str] = {}
    booking = dossier.booking
    values = {k: booking[k] for k in ("location", "day", "slot")} if booking else {}
    if request.method == "POST":
        values, errors = appointments.check(request.form, today())
        if not errors:
            appointments.save(get_db(), dossier.id, values, iso(now()))
            dossier.save(declared=0)  # a changed appointment must be declared again
            following = dossier.review_stage if from_review else dossier.next_stage(dossier.booking_stage)
            return redirect(dossier.stage_url(following))
    back_url = dossier.stage_url(dossier.review_stage if from_review else dossier.booking_stage - 1)
    return _render(
        "appointment.html",
        dossier,
        dossier.booking_stage,
        values=values,
        errors=errors,
        locations=appointments.locations(dossier.procedure),
        slots=appointments.SLOTS,
        full_slot=appointments.FULL_SLOT,
        first_day=appointments.first_day(today()),
        last_day=appointments.last_day(today()),
        booking_days=appointments.BOOKING_DAYS,
        from_review=from_review,
        back_url=back_url,
    ), form_status(errors)


@routes.route("documents", methods=["GET", "POST"])
@login_required
def documents(code: str, dossier_id: int):
    dossier = Dossier.load(code, dossier_id)
    blocked = dossier.gate(dossier.documents_stage)
    if blocked:
        return blocked
    errors: dict[str, str] = {}
    if request.method == "POST":
        db = get_db()
        stored = dossier.documents
        changed = False
        for document in dossier.document_list:
            upload = request.files.get(document.key)
            if upload is None or not upload.filename:
                continue  # keeping an earlier upload is fine; re-upload is optional
            try:
                saved = uploads.store(upload, document, _upload_dir(dossier.id))
            except uploads.UploadError as exc:
                errors[document.key] = str(exc)
                continue
            with db:
                db.execute(
                    "INSERT INTO documents (dossier_id, doc_key, original_name, stored_name, file_type, "
                    "size, uploaded_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT(dossier_id, doc_key) DO UPDATE SET "
                    "original_name = excluded.original_name, stored_name = excluded.stored_name, "
                    "file_type = excluded.file_type, size = excluded.size, "
                    "uploaded_at = excluded.uploaded_at",
                    (
                        dossier.id,
                        document.key,
                        saved.original_name,
                        saved.stored_name,
                        saved.file_type,
                        saved.size,
                        iso(now()),
                    ),
                )
            if document.key in stored:
                uploads.remove(_upload_dir(dossier.id), stored[document.key]["stored_name"])
            changed = True
        stored = dossier.documents
        for document in dossier.document_list:
            if document.required and document.key not in stored and document.key not in errors:
                errors[document.key] = document.missing_message
        if changed:
            dossier.save(declared=0)
        if not errors:
            return redirect(dossier.stage_url(dossier.review_stage))
    return _render(
        "documents.html",
        dossier,
        dossier.documents_stage,
        errors=errors,
        stored=dossier.documents,
        back_url=dossier.stage_url(dossier.documents_stage - 1),
    ), form_status(errors)


def _answer_text(field, value: str) -> str:
    if not value:
        return t("review.not_provided")
    return field.option_label(value) if field.type == "select" else value


@routes.route("review", methods=["GET", "POST"])
@login_required
def review(code: str, dossier_id: int):
    dossier = Dossier.load(code, dossier_id)
    blocked = dossier.gate(dossier.review_stage)
    if blocked:
        return blocked
    errors: dict[str, str] = {}
    if request.method == "POST":
        if request.form.get("declaration") == "yes":
            dossier.save(declared=1)
            return redirect(dossier.stage_url(dossier.payment_stage))
        errors["declaration"] = t("review.declaration_missing")
    sections = [
        {
            "title": s.title,
            "change_url": url_for(
                "eform.step", code=code, dossier_id=dossier.id, number=s.number, return_to="review"
            ),
            "rows": [
                (f.label, _answer_text(f, dossier.answers[str(s.number)].get(f.name, ""))) for f in s.fields
            ],
        }
        for s in dossier.steps
    ]
    booking = dossier.booking
    if booking is not None:
        sections.append(
            {
                "title": t("booking.heading"),
                "change_url": url_for(
                    "eform.appointment", code=code, dossier_id=dossier.id, return_to="review"
                ),
                "rows": [(t("progress.appointment"), appointments.summary(booking, dossier.procedure))],
            }
        )
    return _render(
        "review.html",
        dossier,
        dossier.review_stage,
        sections=sections,
        stored=dossier.documents,
        errors=errors,
        back_url=dossier.stage_url(dossier.previous_stage(dossier.review_stage)),
    ), form_status(errors)


def appointment_dates(start: date, count: int = APPOINTMENT_DAYS) -> list[date]:
    """The next working days (Monday to Friday) after ``start``."""
    days: list[date] = []
    day = start
    while len(days) < count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def _payment_page(dossier: Dossier, *, errors=None, just_paid=False):
    needs_appointment = dossier.needs_appointment
    errors = errors or {}
    return _render(
        "payment.html",
        dossier,
        dossier.payment_stage,
        fee=dossier.procedure.fee,
        pays_online=dossier.pays_online,
        paid=dossier.row["payment_status"] == "paid",
        just_paid=just_paid,
        cancelled=request.args.get("cancelled") == "1",
        needs_appointment=needs_appointment,
        appointment_dates=appointment_dates(today()) if needs_appointment else [],
        errors=errors,
        back_url=dossier.stage_url(dossier.review_stage),
    ), form_status(errors)


@routes.route("payment", methods=["GET", "POST"])
@login_required
def payment(code: str, dossier_id: int):
    """The payment page; with no fee it is the plain submission page."""
    dossier = Dossier.load(code, dossier_id)
    blocked = dossier.gate(dossier.payment_stage)
    if blocked:
        return blocked
    if request.method == "POST":
        if not dossier.pays_online or dossier.payment_settled:
            return redirect(dossier.stage_url(dossier.payment_stage))
        if dossier.needs_appointment and dialect_on("one_click_gateway"):
            # The gateway submits at once: the appointment is chosen before paying.
            choice = request.form.get("appointment_date", "")
            if choice not in {d.isoformat() for d in appointment_dates(today())}:
                return _payment_page(dossier, errors={"appointment_date": t("appointment.missing")})
            dossier.save(appointment_date=choice)
        db = get_db()
        with db:
            txn_id = paygate.create_transaction(db, dossier.id, dossier.procedure.fee)
        return redirect(url_for("paygate.checkout", txn_id=txn_id))
    return _payment_page(dossier)


@routes.get("payment_return")
@login_required
def payment_return(code: str, dossier_id: int):
    dossier = Dossier.load(code, dossier_id)
    blocked = dossier.gate(dossier.payment_stage)
    if blocked:
        return blocked
    txn = paygate.find_transaction(get_db(), request.args.get("txn", ""), dossier.id)
    if txn is None or txn["status"] != "paid":
        return redirect(dossier.stage_url(dossier.payment_stage))
    if dialect_on("one_click_gateway"):
        # The gateway's one button paid and submitted: straight on to the confirmation.
        _submit(dossier, dossier.row["appointment_date"] if dossier.needs_appointment else None)
        return redirect(url_for("eform.submitted", code=code, dossier_id=dossier.id))
    return _payment_page(dossier, just_paid=True)


@routes.post("submit")
@login_required
def submit(code: str, dossier_id: int):
    dossier = Dossier.load(code, dossier_id)
    if not dossier.is_draft:
        return redirect(url_for("eform.submitted", code=code, dossier_id=dossier.id))
    first = dossier.first_incomplete_stage()
    if first is not None:
        return redirect(dossier.stage_url(first))
    appointment = None
    if dossier.needs_appointment:
        choice = request.form.get("appointment_date", "")
        if choice not in {d.isoformat() for d in appointment_dates(today())}:
            return _payment_page(dossier, errors={"appointment_date": t("appointment.missing")})
        appointment = choice
    _submit(dossier, appointment)
    return redirect(url_for("eform.submitted", code=code, dossier_id=dossier.id))


def _submit(dossier: Dossier, appointment: str | None) -> None:
    """Submit a complete draft (once: a double click or a second return cannot submit twice)."""
    db = get_db()
    payment_status = dossier.row["payment_status"]
    if dossier.procedure.fee == 0:
        payment_status = "not_required"
    elif not dossier.pays_online:
        payment_status = "at_counter"
    with db:
        # Only a draft can be submitted, so a double click cannot create two submissions.
        updated = db.execute(
            "UPDATE dossiers SET appointment_date = ?, payment_status = ?, status = 'submitting' "
            "WHERE id = ? AND status = 'draft'",
            (appointment, payment_status, dossier.id),
        ).rowcount
        if updated:
            process_submission(db, dossier.id)


@routes.get("submitted")
@login_required
def submitted(code: str, dossier_id: int):
    dossier = Dossier.load(code, dossier_id)
    if dossier.is_draft:
        return redirect(dossier.stage_url(dossier.first_incomplete_stage() or dossier.payment_stage))
    booking = dossier.booking
    return render_template(
        "submitted.html",
        procedure=dossier.procedure,
        dossier=dossier,
        booking=appointments.summary(booking, dossier.procedure) if booking else "",
        urgent=dialect_on("grouped_yes_no") and not accepted_as_asked(dossier.answers),
    )
