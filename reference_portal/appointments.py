"""The appointment_booking dialect: where and when the citizen comes in person, and its validation.

A booking is one row of ``appointments`` per dossier (location, day, slot). The booking page follows
the e-form of the procedures listed in ``dialect_options.appointment_booking``; tracking shows the
appointment as a pending in-person step.
"""

from __future__ import annotations

from datetime import date, timedelta

from reference_portal.i18n import long_date, t
from reference_portal.procedures import Procedure
from reference_portal.validation import parse_date

OFFICES = ("ba_dinh", "hoan_kiem", "cau_giay")  # submitted values; labels name the procedure's agency
SLOTS = ("08:00–09:00", "09:00–10:00", "10:00–11:00", "14:00–15:00", "15:00–16:00")
FULL_SLOT = "09:00–10:00"  # fully booked on every day: shown disabled, refused by the server
BOOKING_DAYS = 30  # the latest day that can be booked, counted from today


def locations(procedure: Procedure) -> list[tuple[str, str]]:
    return [(key, t(f"booking.office.{i}", agency=procedure.agency)) for i, key in enumerate(OFFICES)]


def first_day(today: date) -> date:
    return today + timedelta(days=1)


def last_day(today: date) -> date:
    return today + timedelta(days=BOOKING_DAYS)


def bookable(day: date | None, today: date) -> bool:
    return day is not None and first_day(today) <= day <= last_day(today) and day.weekday() < 5


def check(form, today: date) -> tuple[dict[str, str], dict[str, str]]:
    """The chosen location, day and slot, and the errors keyed by field (in page order)."""
    values = {name: (form.get(name) or "").strip() for name in ("location", "day", "slot")}
    errors: dict[str, str] = {}
    if values["location"] not in OFFICES:
        errors["location"] = t("booking.location_missing")
    if not values["day"]:
        errors["day"] = t("booking.date_missing")
    elif not bookable(parse_date(values["day"]), today):
        errors["day"] = t("booking.date_invalid", days=BOOKING_DAYS)
    if values["slot"] == FULL_SLOT:
        errors["slot"] = t("booking.slot_full")
    elif values["slot"] not in SLOTS:
        errors["slot"] = t("booking.slot_missing")
    return values, errors


def load(db, dossier_id: int):
    return db.execute("SELECT * FROM appointments WHERE dossier_id = ?", (dossier_id,)).fetchone()


def save(db, dossier_id: int, values: dict[str, str], stamp: str) -> None:
    with db:
        db.execute(
            "INSERT INTO appointments (dossier_id, location, day, slot, booked_at) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(dossier_id) DO UPDATE SET location = excluded.location, day = excluded.day, "
            "slot = excluded.slot, booked_at = excluded.booked_at",
            (dossier_id, values["location"], values["day"], values["slot"], stamp),
        )


def still_valid(row, today: date, submitted: bool = False) -> bool:
    """A draft's booking must still be bookable (not in the past); a submitted one stays as it was."""
    if row is None:
        return False
    return submitted or (bookable(parse_date(row["day"]), today) and row["slot"] in SLOTS)


def summary(row, procedure: Procedure) -> str:
    where = dict(locations(procedure)).get(row["location"], row["location"])
    day = parse_date(row["day"])
    return t("booking.summary", location=where, date=long_date(day) if day else row["day"], slot=row["slot"])
