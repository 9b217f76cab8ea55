"""Server-side validation of e-form steps. The browser is never trusted (forms use novalidate)."""

from __future__ import annotations

import re
from datetime import date

from reference_portal.i18n import lower_first, t
from reference_portal.procedures import Field, Step

PERSONAL_ID = re.compile(r"\d{12}")
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DMY_DATE = re.compile(r"(\d{2})/(\d{2})/(\d{4})")  # the dmy_dates dialect: strictly dd/mm/yyyy
BANK_ACCOUNT = re.compile(r"\d{8,14}")  # the extra_required_fields dialect
EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
PHONE = re.compile(r"\+?\d{9,12}")
NUMBER = re.compile(r"\d{1,6}")
MAX_LENGTH = 200


def parse_date(value: str, date_format: str = "") -> date | None:
    """A date typed as YYYY-MM-DD (or dd/mm/yyyy for a field of the dmy_dates dialect)."""
    if date_format == "dmy":
        match = DMY_DATE.fullmatch(value or "")
        if match is None:
            return None
        value = f"{match.group(3)}-{match.group(2)}-{match.group(1)}"
    if not DATE.fullmatch(value or ""):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _register_value(field: Field, citizen) -> str:
    """What the population register knows for ``field``, written as the field expects it."""
    value = str(citizen[field.prefill])
    if field.date_format == "dmy":
        parsed = parse_date(value)
        if parsed is not None:
            return f"{parsed:%d/%m/%Y}"
    return value


def collect(step: Step, form, citizen) -> dict[str, str]:
    """Typed values of one step; read-only register values come from the register, not the form.

    ``citizen`` is None when the portal does not use the register (the ``no_prefill`` defect): then
    every value is what the citizen typed.
    """
    values = {}
    for field in step.fields:
        if field.readonly and field.prefill and citizen is not None:
            values[field.name] = _register_value(field, citizen)
        else:
            values[field.name] = (form.get(field.name) or "").strip()
    return values


def prefill(step: Step, citizen) -> dict[str, str]:
    """Starting values of a step: what the population register already knows (once-only principle)."""
    if citizen is None:
        return {f.name: "" for f in step.fields}
    return {f.name: _register_value(f, citizen) if f.prefill else "" for f in step.fields}


def check_field(field: Field, value: str, values: dict[str, str], today: date) -> str | None:
    """The error message for one field, or None when the value is acceptable."""
    lang = field.lang
    label = lower_first(field.label)
    if not value:
        needed = field.required or (field.required_with and values.get(field.required_with))
        if not needed:
            return None
        kind = "validation.select" if field.type == "select" else "validation.required"
        return field.message("required", t(kind, lang, label=label))
    invalid = field.message("invalid", t("validation.invalid", lang, label=label))
    if len(value) > MAX_LENGTH:
        return t("validation.too_long", lang, Label=field.label, max=MAX_LENGTH)
    if field.format == "personal_id" and not PERSONAL_ID.fullmatch(value):
        return invalid
    if field.digits and not re.fullmatch(rf"\d{{{field.digits}}}", value):
        return invalid
    if field.format == "bank_account" and not BANK_ACCOUNT.fullmatch(value):
        return invalid
    if field.type == "select" and value not in field.options:
        return field.message("required", t("validation.select", lang, label=label))
    if field.type == "email" and not EMAIL.fullmatch(value):
        return invalid
    if field.type == "tel" and not PHONE.fullmatch(value.replace(" ", "")):
        return invalid
    if field.type == "number":
        if not NUMBER.fullmatch(value):
            return invalid
        number = int(value)
        if (field.min is not None and number < field.min) or (field.max is not None and number > field.max):
            return invalid
    if field.type == "date":
        parsed = parse_date(value, field.date_format)
        if parsed is None:
            return invalid
        if field.not_future and parsed > today:
            return field.message("future", t("validation.future", lang, label=label, Label=field.label))
        if field.after:
            earlier = parse_date(values.get(field.after, ""), field.date_format)
            if earlier is not None and parsed <= earlier:
                return field.message(
                    "after",
                    t(
                        "validation.after",
                        lang,
                        label=label,
                        Label=field.label,
                        other=lower_first(field.after_label),
                    ),
                )
    return None


def validate(step: Step, values: dict[str, str], today: date) -> dict[str, str]:
    """Errors of a step keyed by field name, in form order (the order of the error summary)."""
    errors = {}
    for field in step.fields:
        message = check_field(field, values.get(field.name, ""), values, today)
        if message:
            errors[field.name] = message
    return errors
