"""Dialect switches: patterns that real, independently built portals use, off by default.

A defect (``defects.py``) is a shortcoming that portalqa must catch; a dialect is a different but
legitimate way of building the same service (radio groups instead of selects, dates typed as
dd/mm/yyyy, a tracking page that renders by script, a one-time code after the password, ...), so
that portalqa's journeys are exercised against more than one way of building a portal. A variant
switches dialects on with ``dialects: [name, ...]``; ``appointment_booking`` also needs the procedure
codes it applies to, in ``dialect_options: {appointment_booking: ["2.001765"]}``.

With no dialect on, the portal renders and behaves exactly as without this module: every check is
``dialect_on(name)``, and everything a dialect changes is derived from the procedures here
(``shape_steps``), never written into them.
"""

from __future__ import annotations

import dataclasses
import secrets

from reference_portal.i18n import current_language, lower_first, t
from reference_portal.procedures import Field, Procedure, Step

DIALECTS: dict[str, str] = {
    "label_styles": "e-form fields labelled in mixed ways; choices are radio groups in fieldset/legend",
    "grouped_yes_no": "two required Yes/No radio groups on each e-form; 'urgent service' must be No",
    "native_dates": "date fields are <input type=date> (value yyyy-mm-dd)",
    "dmy_dates": "date fields are text typed as dd/mm/yyyy (the format is in the label), strictly checked",
    "info_tabs": "the information page's sections are a WAI-ARIA tablist: one panel visible at a time",
    "js_tracking": "tracking fetches a JSON result after the button is pressed and renders it by script",
    "js_assistant": "the assistant is a widget on every page; replies are appended to a role=log region",
    "multi_page_eform": "the e-form is three pages: applicant and contact, the procedure's fields, result",
    "one_click_gateway": "the gateway's one button pays and submits: the next page is the confirmation",
    "otp_sign_on": "after the password, a page asks for a one-time code",
    "otp_payment": "at the gateway, a page asks for a one-time code before paying",
    "eid_chooser": "sign-on offers several methods; the national eID form is on an identity-provider page",
    "appointment_booking": "after the e-form, listed procedures book an appointment (location, date, slot)",
    "extra_required_fields": "e-forms add required Occupation, Religion and Bank account number",
    "absent_standard_fields": "each e-form omits one field of the national standard's dossier",
    "server_validation_only": "no client-side constraints: errors come only from the server, with HTTP 400",
}
# Dialects that cannot be on together (a date field has one format).
EXCLUSIVE = (("native_dates", "dmy_dates"),)
# Dialects that apply to listed procedures only: the codes are in `dialect_options: {<name>: [...]}`.
WITH_CODES = ("appointment_booking",)

# --- the e-form dialects' data -------------------------------------------------------------------

# absent_standard_fields: per procedure code, the field this portal's e-form leaves out, and the key of
# that field in the national standard's dossier (portalqa's catalog), so a test can expect it
# "recorded as not asked". None of them is supplied by the population register.
ABSENT_STANDARD_FIELDS: dict[str, tuple[str, str]] = {
    "1.000656": ("place_of_death", "deceased.place_of_death"),
    "1.000894": ("spouse_date_of_birth", "spouse.date_of_birth"),
    "1.001193": ("child_ethnicity", "child.ethnicity"),
    "1.001978": ("social_insurance_number", "employment.social_insurance_number"),
    "1.002103": ("members", "insurance.members"),
    "1.002804": ("licence_class", "licence.class"),
    "1.003531": ("organisation_code", "seal.organisation_code"),
    "1.003542": ("reregistration_reason", "seal.reason"),
    "1.004194": ("owner_full_name", "residence.owner_full_name"),
    "1.004199": ("absence_reason", "absence.reason"),
    "1.004212": ("stay_end_date", "stay.end_date"),
    "1.004222": ("owner_full_name", "residence.owner_full_name"),
    "1.005088": ("subjects", "exam.subjects"),
    "1.010063": ("purpose", "request.purpose"),
    "2.000488": ("copies", "request.copies"),
    "2.000710": ("capacity_kw", "electricity.capacity_kw"),
    "2.000725": ("customer_code", "electricity.customer_code"),
    "2.000889": ("change_description", "land.change_description"),
    "2.001702": ("reason", "request.reason"),
    "2.001765": ("colour", "vehicle.colour"),
    "2.002220": ("passport_reason", "passport.reason"),
    "2.002258": ("plate_number", "fine.plate_number"),
    "2.002311": ("child_ethnicity", "child.ethnicity"),
    "2.002312": ("place_of_death", "deceased.place_of_death"),
    # 2.000720 (business household registration) is not in the national standard: nothing to omit.
}

# grouped_yes_no: the two questions; an application is taken as asked only with "No" to the urgent
# service (an urgent service is a different, surcharged request).
HELD_BEFORE = "held_before"
URGENT_SERVICE = "urgent_service"
YES, NO = "Yes", "No"
# extra_required_fields: the questions the national standard does not know.
EXTRA_REQUIRED = ("occupation", "religion", "bank_account")
BANK_ACCOUNT_DIGITS = (8, 14)
# multi_page_eform: the third page's question.
RESULT_DELIVERY = "result_delivery"
RESULT_DELIVERY_OPTIONS = ("Electronic copy in your account", "By post", "At the counter")
PAGES = 3
# label_styles: the ways a text-like field is labelled, in turn.
LABEL_STYLES = ("for", "wrap", "labelledby")

# The one-time codes (otp_sign_on, otp_payment) are random per attempt and shown on the page.
OTP_DIGITS = 6
# How long the scripts of js_tracking and js_assistant wait before they show what the server said.
TRACKING_DELAY_MS = 300
ASSISTANT_DELAY_MS = 600


class Dialects:
    def __init__(self, names: list[str], options: dict[str, list[str]] | None = None):
        self._on = frozenset(names)
        self._codes = {name: frozenset((options or {}).get(name) or ()) for name in WITH_CODES}

    def on(self, name: str) -> bool:
        if name not in DIALECTS:
            # A typo in a template or view must fail loudly rather than silently disable a dialect.
            raise KeyError(f"unknown dialect '{name}'")
        return name in self._on

    def applies(self, name: str, code: str | None) -> bool:
        """Whether dialect ``name`` (one of WITH_CODES) is on for procedure ``code``."""
        return self.on(name) and code is not None and code in self._codes[name]

    @property
    def any(self) -> bool:
        return bool(self._on)

    def as_list(self) -> list[str]:
        return sorted(self._on)


def current_dialects() -> Dialects:
    from flask import current_app

    return current_app.extensions["refportal.dialects"]


def dialect_on(name: str) -> bool:
    """Whether dialect ``name`` is on in the running portal (templates and views)."""
    return current_dialects().on(name)


def validate(names, options, online_codes: set[str], skin: str) -> tuple[list[str], dict[str, list[str]]]:
    """The checked ``dialects`` list and ``dialect_options`` mapping; ValueError names the mistake."""
    if names is None:
        names = []
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise ValueError(f"dialects: must be a list of dialect names (known dialects: {', '.join(DIALECTS)})")
    unknown = [n for n in names if n not in DIALECTS]
    if unknown:
        raise ValueError(
            f"dialects: unknown dialect{'s' if len(unknown) > 1 else ''} {', '.join(map(repr, unknown))} "
            f"(known dialects: {', '.join(DIALECTS)})"
        )
    for pair in EXCLUSIVE:
        if all(n in names for n in pair):
            raise ValueError(f"dialects: {pair[0]} and {pair[1]} cannot both be on (a date has one format)")
    if names and skin != "default":
        raise ValueError(f"dialects: only the default skin has dialects (this variant's skin is '{skin}')")
    options = options or {}
    if not isinstance(options, dict):
        raise ValueError("dialect_options: must be a mapping of dialect name to a list of procedure codes")
    checked: dict[str, list[str]] = {}
    for name, codes in options.items():
        if name not in WITH_CODES:
            raise ValueError(
                f"dialect_options.{name}: only {', '.join(WITH_CODES)} take options "
                "(a list of procedure codes)"
            )
        if name not in names:
            raise ValueError(f"dialect_options.{name}: the dialect is not on (add it to dialects:)")
        if not isinstance(codes, list) or not codes:
            raise ValueError(f"dialect_options.{name}: must be a non-empty list of procedure codes")
        for code in codes:
            if str(code) not in online_codes:
                raise ValueError(
                    f"dialect_options.{name}: unknown procedure code '{code}' "
                    f"(online procedures: {', '.join(sorted(online_codes))})"
                )
        checked[name] = [str(c) for c in codes]
    for name in WITH_CODES:
        if name in names and name not in checked:
            raise ValueError(
                f"dialects: {name} needs the procedure codes it applies to, in "
                f'dialect_options: {{{name}: ["<code>", ...]}}'
            )
    return list(dict.fromkeys(names)), checked


# --- the e-form as this portal asks it -----------------------------------------------------------


def _yes_no(name: str, label_key: str) -> Field:
    lang = current_language()
    return Field(
        name=name,
        label=t(label_key),
        type="select",
        required=True,
        options=(YES, NO),
        option_labels=(t("dialect.yes"), t("dialect.no")),
        widget="radio",
        messages={"required": t("dialect.answer_question", question=t(label_key))},
        lang=lang,
    )


def yes_no_fields() -> tuple[Field, ...]:
    return (_yes_no(HELD_BEFORE, "dialect.held_before"), _yes_no(URGENT_SERVICE, "dialect.urgent"))


def extra_required_fields() -> tuple[Field, ...]:
    lang = current_language()
    low, high = BANK_ACCOUNT_DIGITS
    return (
        Field(name="occupation", label=t("extra.occupation"), required=True, autocomplete="off", lang=lang),
        Field(name="religion", label=t("extra.religion"), required=True, autocomplete="off", lang=lang),
        Field(
            name="bank_account",
            label=t("dialect.bank_account"),
            required=True,
            format="bank_account",
            inputmode="numeric",
            autocomplete="off",
            hint=t("dialect.bank_account_hint", low=low, high=high),
            messages={"invalid": t("dialect.bank_account_invalid", low=low, high=high)},
            lang=lang,
        ),
    )


def result_delivery_field() -> Field:
    return Field(
        name=RESULT_DELIVERY,
        label=t("dialect.result_delivery"),
        type="select",
        required=True,
        options=RESULT_DELIVERY_OPTIONS,
        option_labels=tuple(t(f"dialect.delivery.{i}") for i in range(len(RESULT_DELIVERY_OPTIONS))),
        lang=current_language(),
    )


def _dated(field: Field, native: bool) -> Field:
    """A date field as the date dialect asks it."""
    if field.type != "date":
        return field
    if native:
        # The browser's date picker shows the format itself: the typed-format hint goes.
        return dataclasses.replace(field, date_format="native", hint="")
    messages = dict(field.messages)
    messages["invalid"] = t("dialect.date_invalid", label=lower_first(field.label))
    return dataclasses.replace(
        field,
        label=t("dialect.date_label", label=field.label),
        date_format="dmy",
        hint=t("dialect.date_hint"),
        messages=messages,
    )


def _three_pages(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """Applicant and contact (the first step), every other field, then how the result is received."""
    own = tuple(f for step in steps[1:] for f in step.fields)
    return (
        Step(1, t("dialect.page.applicant"), steps[0].fields),
        Step(2, t("dialect.page.details"), own),
        Step(3, t("dialect.page.result"), (result_delivery_field(),)),
    )


def _labelled(steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """label_styles: choices become radio groups; the other fields take the label styles in turn."""
    shaped = []
    turn = 0
    for step in steps:
        fields = []
        for field in step.fields:
            if field.type == "select":
                field = dataclasses.replace(field, widget="radio")
            elif not field.widget:
                field = dataclasses.replace(field, label_style=LABEL_STYLES[turn % len(LABEL_STYLES)])
                turn += 1
            fields.append(field)
        shaped.append(dataclasses.replace(step, fields=tuple(fields)))
    return tuple(shaped)


def shape_steps(procedure: Procedure, steps: tuple[Step, ...]) -> tuple[Step, ...]:
    """The e-form steps as the dialects switched on ask them (the steps unchanged when none is on)."""
    dialects = current_dialects()
    if not dialects.any:
        return steps
    if dialects.on("absent_standard_fields") and procedure.code in ABSENT_STANDARD_FIELDS:
        omitted = ABSENT_STANDARD_FIELDS[procedure.code][0]
        steps = tuple(
            dataclasses.replace(s, fields=tuple(f for f in s.fields if f.name != omitted)) for s in steps
        )
    if dialects.on("extra_required_fields"):
        kept = tuple(f for f in steps[0].fields if f.name not in EXTRA_REQUIRED)  # the extra_fields defect's
        steps = (dataclasses.replace(steps[0], fields=kept + extra_required_fields()), *steps[1:])
    if dialects.on("grouped_yes_no"):
        steps = (*steps[:-1], dataclasses.replace(steps[-1], fields=steps[-1].fields + yes_no_fields()))
    if dialects.on("multi_page_eform"):
        steps = _three_pages(steps)
    if dialects.on("native_dates") or dialects.on("dmy_dates"):
        native = dialects.on("native_dates")
        steps = tuple(
            dataclasses.replace(s, fields=tuple(_dated(f, native) for f in s.fields)) for s in steps
        )
    if dialects.on("label_styles"):
        steps = _labelled(steps)
    return steps


def all_answers(answers: dict[str, dict[str, str]]) -> dict[str, str]:
    """A dossier's stored answers by field name, whatever step they were given on."""
    merged: dict[str, str] = {}
    for step in sorted(answers, key=int):
        merged.update(answers[step])
    return merged


def accepted_as_asked(answers: dict[str, dict[str, str]]) -> bool:
    """grouped_yes_no: the application is the one asked for only when no urgent service was requested."""
    return all_answers(answers).get(URGENT_SERVICE) == NO


def new_code() -> str:
    return f"{secrets.randbelow(10**OTP_DIGITS):0{OTP_DIGITS}d}"


def form_status(errors) -> int:
    """server_validation_only: a form that failed validation answers 400; otherwise 200 as before."""
    return 400 if errors and dialect_on("server_validation_only") else 200
