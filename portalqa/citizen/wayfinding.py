"""Where the citizen is in an application, recognised from the page itself and the profile's words.

Portals order the same stages differently and spread them over any number of pages: an e-form of
one page or five, an appointment before the uploads, a review whose button already submits, a
gateway whose one button pays and submits, one-time codes at sign-on or payment. The steps keep the
citizen's intent ("attach the documents"); underneath, `advance_to` plays whatever pages stand
between the current one and the stage the step needs, doing what each page asks, and notes on every
page the in-person requirements it states.
"""

from __future__ import annotations

import re
from enum import IntEnum

from portalqa.citizen.driver import JourneyStuck, PageScan, PortalDriver
from portalqa.model.full_online import ReasonKind
from portalqa.secrets_guard import env_value

MAX_PAGES = 15
TRACKING_CODE = re.compile(r"[A-Z]{1,4}[-\d][A-Z0-9-]{4,}")


class Stage(IntEnum):
    """The stages of an application, in the order a journey passes them (values order them)."""

    OTHER = 0
    EFORM = 10
    APPOINTMENT = 20
    UPLOADS = 30
    REVIEW = 40
    PAYMENT = 50
    ONE_TIME_CODE = 55
    GATEWAY = 60
    SUBMISSION = 70
    CONFIRMATION = 80


# Phrases that say the procedure needs the citizen at an office, noted on whichever page says them.
IN_PERSON_PHRASES = {
    "payment.at_counter": ReasonKind.PAY_AT_COUNTER,
    "appointment.in_person": ReasonKind.APPOINTMENT_IN_PERSON,
}


def recognise(driver: PortalDriver, scan: PageScan) -> Stage:
    """The stage this page belongs to, judged by what it offers (first match in this order)."""
    if tracking_code_on_page(driver, scan.text):
        return Stage.CONFIRMATION
    if one_time_code_field(driver, scan) is not None:
        return Stage.ONE_TIME_CODE
    if any(c.visible and c.type == "file" for c in scan.controls):
        return Stage.UPLOADS
    if _has(driver, "appointment.confirm", scan, action=True):
        return Stage.APPOINTMENT
    if (
        _has(driver, "payment.pay_online", scan, action=True)
        or _has(driver, "payment.pay_online", scan)
        or _has(driver, "payment.proceed", scan, action=True)
    ):
        return Stage.PAYMENT
    if _has(driver, "review.declaration", scan) or _has(driver, "review.confirm", scan, action=True):
        return Stage.REVIEW
    if _has(driver, "payment.gateway_pay", scan, action=True):
        return Stage.GATEWAY
    if _has(driver, "submission.submit", scan, action=True):
        return Stage.SUBMISSION
    if _has(driver, "eform.continue", scan, action=True):
        return Stage.EFORM
    return Stage.OTHER


def tracking_code_on_page(driver: PortalDriver, text: str) -> str | None:
    """The dossier code the page gives after the profile's label for it (the confirmation page)."""
    for label in driver.locator("submission.tracking_code").labels:
        at = text.casefold().find(label.casefold())
        if at >= 0:
            found = TRACKING_CODE.search(text, at + len(label))
            if found:
                return found.group(0)
    return None


def _has(driver: PortalDriver, key: str, scan: PageScan, action: bool = False) -> bool:
    if driver.profile.labels_for(key) is None:
        return False
    if action:
        return driver.find_action(key, scan, quiet=True) is not None
    return driver.find_control(key, scan, quiet=True) is not None


def note_in_person_requirements(driver: PortalDriver, scan: PageScan) -> None:
    """Record, once each, the office visits this page says the procedure needs."""
    for key, kind in IN_PERSON_PHRASES.items():
        if driver.profile.labels_for(key) is None or any(r.kind == kind for r in driver.record.reasons):
            continue
        sentence = driver.mentions(key, scan)
        if sentence:
            driver.record.add_reason(kind, sentence)


def one_time_code_field(driver: PortalDriver, scan: PageScan):
    """The one-time-code field of this page: by the profile's label, or by autocomplete=one-time-code."""
    if driver.profile.labels_for("otp.code") is not None:
        control = driver.find_control("otp.code", scan, quiet=True)
        if control is not None:
            return control
    for control in scan.controls:
        if control.visible and control.autocomplete == "one-time-code":
            return control
    return None


def enter_one_time_code(driver: PortalDriver, scan: PageScan) -> None:
    """Type the one-time code the profile says where to find, and confirm it."""
    field = one_time_code_field(driver, scan)
    source = driver.profile.one_time_code
    if source is None:
        raise JourneyStuck(
            f"{driver.browser.current_url} asks for a one-time code and {driver.profile.source} does not say "
            "where to find one: add one_time_code: {from_page: <regular expression>} or {env: <VARIABLE>}"
        )
    code = None
    if source.from_page:
        found = re.search(source.from_page, scan.text)
        code = found.group(1) if found else None
    if code is None and source.env:
        code = env_value(source.env)
    if not code:
        raise JourneyStuck(
            f"no one-time code on {driver.browser.current_url}: one_time_code.from_page "
            f"{source.from_page!r} does not match the page"
        )
    driver.set_value(field, code)
    driver.record.one_time_codes += 1
    driver.press("otp.confirm", scan)
    problems = driver.error_messages()
    if problems and one_time_code_field(driver, driver.scan()) is not None:
        raise JourneyStuck(f"the one-time code was refused: {'; '.join(problems)}")


def advance_to(driver: PortalDriver, target: Stage, handlers: dict[Stage, object]) -> tuple[Stage, PageScan]:
    """Play the pages before `target` with their handlers; return the first page at or past it.

    A page whose stage has no handler, or that does not change after its handler ran, stops the
    journey with what the page says: portalqa does not know how to go on from it.
    """
    seen: list[tuple[str, str, Stage]] = []
    for _ in range(MAX_PAGES):
        scan = driver.scan()
        note_in_person_requirements(driver, scan)
        stage = recognise(driver, scan)
        if stage >= target and stage != Stage.ONE_TIME_CODE or stage == target:
            return stage, scan
        where = (driver.browser.current_url, driver.browser.title, stage)
        if seen.count(where) >= 2:
            raise JourneyStuck(
                f"{where[0]} ({where[1]}) came back unchanged after portalqa acted on it"
                + _page_messages(driver, scan)
            )
        seen.append(where)
        if stage == Stage.ONE_TIME_CODE:
            enter_one_time_code(driver, scan)
            continue
        handler = handlers.get(stage)
        if handler is None:
            return stage, scan
        handler(scan)
    raise JourneyStuck(f"the application did not reach {target.name.lower()} within {MAX_PAGES} pages")


def _page_messages(driver: PortalDriver, scan: PageScan) -> str:
    problems = driver.error_messages(scan)
    return f"; the portal says: {'; '.join(problems)}" if problems else ""
