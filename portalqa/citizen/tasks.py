"""The tasks a citizen performs on any portal, written once in terms of the portal driver.

Each task reads what the portal shows and records what the assessment needs (pre-filled fields,
uploads, in-person requirements, whether the journey reached its end) in the driver's journey
record, so the steps only act and check. A task that the portal can answer badly without breaking
the journey (tracking, the result) returns what it saw for a Then step to judge. Nothing here
knows a particular portal: all wording comes from the profile's vocabulary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from portalqa.citizen import assistant, eform_pages, form_filling, information_page, regions, wayfinding
from portalqa.citizen.driver import (
    ControlNotFound,
    JourneyStuck,
    PageScan,
    PortalDriver,
    name_matches,
)
from portalqa.citizen.kept_sessions import snapshot
from portalqa.citizen.sample_documents import sample_document
from portalqa.citizen.secret_entry import type_secret_from_env
from portalqa.citizen.wayfinding import tracking_code_on_page
from portalqa.model.full_online import ReasonKind
from portalqa.secrets_guard import env_value
from portalqa.standard.catalog import Document, StandardProcedure
from portalqa.text import fold

MAX_FORM_PAGES = 12
MAX_SIGN_ON_PAGES = 6


def sign_on_with_national_eid(driver: PortalDriver) -> None:
    """Sign on as the test citizen, through as many pages as the portal's sign-on takes.

    A page may first offer several sign-on methods (the national e-identity is chosen), the identity
    provider may be another site reached by redirects, and a one-time code may follow the password.
    With `sign_on.method: none` the portal's services need no sign-on and nothing is done.
    """
    sign_on = driver.profile.sign_on
    driver.record.signed_on_with = sign_on.method
    if sign_on.method == "none":
        return
    sessions = driver.sign_on_sessions
    before = snapshot(driver.record)
    restored = sessions is not None and sessions.restore(driver)
    driver.open(driver.url_for("home"))
    if restored and sessions.resume(driver, before, offers_sign_in=_offers_sign_in(driver)):
        return  # an earlier journey's sign-on, resumed (citizen.kept_sessions)
    driver.click("nav.sign_in")
    submitted = False
    for _ in range(MAX_SIGN_ON_PAGES):
        scan = driver.scan()
        _note_national_eid(driver, scan)
        if wayfinding.one_time_code_field(driver, scan) is not None:
            wayfinding.enter_one_time_code(driver, scan)
            continue
        if not submitted and driver.find_control("sign_on.personal_id", scan, quiet=True) is not None:
            # The personal ID identifies the test citizen (every e-form shows it pre-filled); only
            # the password is a secret.
            personal_id = env_value(sign_on.personal_id_env)
            driver.fill("sign_on.personal_id", personal_id, scan, counts_as_typing=False)
            type_secret_from_env(driver, "sign_on.password", sign_on.password_env, scan)
            press_and_check(driver, "sign_on.submit", "sign-on refused the test citizen")
            submitted = True
            continue
        if submitted:
            if sessions is not None:
                sessions.keep(driver, before, offers_sign_in=_offers_sign_in(driver))
            return  # back on the portal, signed on
        if driver.profile.labels_for("sign_on.choose_eid") and driver.find_action("sign_on.choose_eid", scan):
            driver.press("sign_on.choose_eid", scan)
            continue
        driver.fill("sign_on.personal_id", "", scan)  # raises: no sign-on form, with the label it wanted
    raise JourneyStuck(
        f"sign-on did not finish within {MAX_SIGN_ON_PAGES} pages ({driver.browser.current_url})"
    )


def _offers_sign_in(driver: PortalDriver) -> bool:
    """Whether the page offers to sign in: a portal that knows the citizen no longer does."""
    return driver.find_action("nav.sign_in", driver.scan(), quiet=True) is not None


def _note_national_eid(driver: PortalDriver, scan: PageScan) -> None:
    # Convenience: the citizen signs on with the national e-identity, not a portal account.
    if (
        driver.profile.labels_for("sign_on.national_eid") is not None
        and not driver.record.national_eid_sign_on
    ):
        driver.record.national_eid_sign_on = driver.mentions("sign_on.national_eid", scan) is not None


def open_information_page(driver: PortalDriver, procedure: StandardProcedure) -> None:
    entry = driver.profile.procedure_entry(procedure.id)
    if entry is None:
        detail = f"{driver.profile.name} does not offer {procedure.name.en} online (profile procedure map)"
        driver.record.add_reason(ReasonKind.NOT_OFFERED_ONLINE, detail)
        raise AssertionError(detail)
    driver.open(entry.info_path or driver.url_for("procedure_info", code=entry.code))
    driver.record.information_page = information_page.read(driver)


def press_and_check(driver: PortalDriver, key: str, refusal: str, scan=None, hint: str = "") -> None:
    """Press a form's button; if the portal answers with validation messages, stop with its words."""
    driver.press(key, scan)
    problems = driver.error_messages()
    if problems:
        raise AssertionError(f"{refusal}: {'; '.join(problems)}{hint}")


def start_online_application(driver: PortalDriver, procedure_name: str) -> None:
    if driver.find_action("procedure.apply_online") is None:
        detail = f"the information page of {procedure_name} offers no way to apply online"
        driver.record.add_reason(ReasonKind.NOT_OFFERED_ONLINE, detail)
        raise AssertionError(detail)
    driver.click("procedure.apply_online")


def complete_eform(driver: PortalDriver, answers: dict[str, str], procedure: StandardProcedure) -> None:
    """Answer every e-form page, however many the portal uses, until the next stage of the application.

    Every required question is answered (form_filling); fields the portal has already filled (from
    the population register) are left as they are and counted as pre-filled; a validation message
    on a standard answer stops the task with the portal's own words. A standard field the portal
    never asks for is recorded as not asked. On the first page with two or more answers typed, one
    required answer is held back once to see how the portal handles the error (convenience).
    """
    entry = driver.profile.procedure_entry(procedure.id)
    declared_absent = set(entry.not_asked) if entry else set()
    sheet = form_filling.AnswerSheet(
        procedure=procedure,
        feature_answers={k: v for k, v in answers.items() if k not in declared_absent},
        profile_answers=dict(entry.answers) if entry else {},
    )
    driver.answer_sheet = sheet
    driver.record.standard_fields_not_asked.extend(k for k in answers if k in declared_absent)
    stage, _ = wayfinding.advance_to(driver, wayfinding.Stage.EFORM, {})
    for _ in range(MAX_FORM_PAGES):
        if stage != wayfinding.Stage.EFORM:
            break
        eform_pages.fill_eform_page(driver, sheet)
        stage, _ = wayfinding.advance_to(driver, wayfinding.Stage.EFORM, {})
    for key in sheet.remaining:
        # Not a blocker: the portal's form differs from the standard dossier (or the label is wrong).
        driver.record.standard_fields_not_asked.append(key)
    eform_pages.record_answers_beyond_standard(driver, sheet)


def attach_required_documents(
    driver: PortalDriver, work_dir: Path, procedure: StandardProcedure | None = None
) -> None:
    """Upload a sample for every document asked for, and compare what is asked with the standard.

    The pages before the uploads (more of the e-form, an appointment) are played first; a portal
    that asks for no document has no upload page, and nothing is uploaded.
    """
    driver.work_dir = work_dir
    if procedure is not None:
        driver.record.documents_standard = [d.name for d in procedure.requested_documents]
    stage, scan = wayfinding.advance_to(driver, wayfinding.Stage.UPLOADS, _handlers(driver))
    if stage != wayfinding.Stage.UPLOADS:
        return
    file_inputs = [c for c in scan.controls if c.type == "file" and not c.readonly]
    # A careful citizen attaches what is required; optional documents ("if any") are left out when
    # the page says which are required.
    if any(c.required for c in file_inputs):
        file_inputs = [c for c in file_inputs if c.required]
    for control in file_inputs:
        name = re.sub(r"\s*[(*].*$", "", control.label).strip() or control.name
        driver.record.documents_requested.append(name)
        if procedure is not None:
            _compare_with_standard(driver, procedure, name)
        accepted = f"{control.element.get_attribute('accept') or ''} {control.label}"
        driver.set_value(control, str(sample_document(work_dir, name, accepted)))
        driver.record.uploads += 1
    if file_inputs:
        press_and_check(driver, "eform.continue", "the portal refused the documents", scan)


def _handlers(driver: PortalDriver) -> dict:
    """What the citizen does on each page met on the way to the stage a step needs."""
    return {
        wayfinding.Stage.EFORM: lambda scan: _late_eform_page(driver),
        wayfinding.Stage.APPOINTMENT: lambda scan: book_appointment(driver, scan),
        wayfinding.Stage.UPLOADS: lambda scan: attach_required_documents(driver, _work_dir(driver)),
        wayfinding.Stage.REVIEW: lambda scan: review_and_confirm(driver),
        wayfinding.Stage.GATEWAY: lambda scan: driver.press("payment.gateway_pay", scan),
    }


def _work_dir(driver: PortalDriver) -> Path:
    if driver.work_dir is None:
        raise JourneyStuck(
            f"{driver.browser.current_url} asks for documents before the step that attaches them"
        )
    return driver.work_dir


def _late_eform_page(driver: PortalDriver) -> None:
    sheet = driver.answer_sheet or form_filling.AnswerSheet(procedure=None, feature_answers={})
    eform_pages.fill_eform_page(driver, sheet)
    eform_pages.record_answers_beyond_standard(driver, sheet)


def book_appointment(driver: PortalDriver, scan: PageScan) -> None:
    """An appointment page: the procedure needs an office visit (partial), and the citizen books one."""
    if not any(r.kind == ReasonKind.APPOINTMENT_IN_PERSON for r in driver.record.reasons):
        said = (
            driver.mentions("appointment.in_person", scan)
            if driver.profile.labels_for("appointment.in_person")
            else None
        )
        heading = driver.browser.title
        driver.record.add_reason(
            ReasonKind.APPOINTMENT_IN_PERSON, said or f"the portal asks to book a visit ({heading})"
        )
    sheet = form_filling.AnswerSheet(procedure=None, feature_answers={})
    eform_pages.fill_eform_page(driver, sheet, button="appointment.confirm", probe=False)


def _compare_with_standard(driver: PortalDriver, procedure: StandardProcedure, name: str) -> None:
    if any(same_document(document, name) for document in procedure.redundant_documents):
        driver.record.redundant_documents.append(name)
    elif not any(same_document(document, name) for document in procedure.requested_documents):
        driver.record.documents_beyond_standard.append(name)


def same_document(document: Document, asked: str) -> bool:
    """Whether the portal's name for a document is the standard's (in English or Vietnamese)."""
    asked = fold(asked)
    names = [document.name, getattr(document, "vi", None) or ""]
    return any(n and (fold(n) in asked or asked in fold(n)) for n in names if n)


def review_and_confirm(driver: PortalDriver) -> None:
    stage, scan = wayfinding.advance_to(driver, wayfinding.Stage.REVIEW, _handlers(driver))
    if stage != wayfinding.Stage.REVIEW:
        return  # the portal has no review page
    if driver.find_control("review.declaration", scan) is not None:
        driver.fill("review.declaration", "yes", scan, counts_as_typing=False)  # ticking a box
    press_and_check(driver, "review.confirm", "the review was not accepted", scan)


def pay_fee_online(driver: PortalDriver) -> None:
    """Pay through the portal's gateway; a fee payable only at a counter makes the procedure partial.

    The method is chosen however the page offers it (a button, a radio option, a list), then the
    gateway is played: a one-time code, a pay button, or one button that pays and submits at once.
    """
    stage, scan = wayfinding.advance_to(driver, wayfinding.Stage.PAYMENT, _handlers(driver))
    if stage == wayfinding.Stage.PAYMENT:
        _choose_online_payment(driver, scan)
        wayfinding.advance_to(driver, wayfinding.Stage.SUBMISSION, _handlers(driver))
        return
    if any(r.kind == ReasonKind.PAY_AT_COUNTER for r in driver.record.reasons):
        return  # a page on the way said so (wayfinding notes it)
    if stage < wayfinding.Stage.SUBMISSION:
        raise ControlNotFound(f"no way to pay the fee online on {driver.browser.current_url}")
    # No payment step and nothing said about a counter: the procedure charges no fee online.


def _choose_online_payment(driver: PortalDriver, scan: PageScan) -> None:
    action = driver.find_action("payment.pay_online", scan, prefer="button")
    if action is not None:
        driver.click("payment.pay_online", scan, prefer="button")
        return
    option = driver.find_control("payment.pay_online", scan)
    if option is not None:
        driver.set_value(option, "yes")  # the radio option the profile names
    else:
        # Any of the offered methods pays online (banks, wallets): the page's questions are answered.
        form_filling.answer_page(driver, form_filling.AnswerSheet(procedure=None, feature_answers={}))
    press_and_check(driver, "payment.proceed", "the payment method was not accepted")


def submit_application(driver: PortalDriver) -> str:
    stage, scan = wayfinding.advance_to(driver, wayfinding.Stage.SUBMISSION, _handlers(driver))
    if stage == wayfinding.Stage.SUBMISSION:
        driver.press("submission.submit", scan)
        scan = driver.scan()
        wayfinding.note_in_person_requirements(driver, scan)
    code = tracking_code_on_page(driver, scan.text)
    if code is None:
        raise AssertionError("the portal confirmed no tracking code after submission")
    driver.record.tracking_code_received = True
    return code


@dataclass(frozen=True)
class TrackedApplication:
    """What the tracking page showed for a dossier's code."""

    code: str
    found: bool
    timeline: list[str]

    @property
    def problem(self) -> str | None:
        # A dossier found without a status timeline is a convenience finding, not a broken journey.
        return None if self.found else f"the tracking page does not find the application {self.code}"


def track_application(driver: PortalDriver, code: str) -> TrackedApplication:
    """Look the dossier up by its code and read the status timeline the portal shows.

    The result may come as a new page or be fetched and rendered by script; the timeline is the
    list the profile names (by the list's own name or its region's heading).
    """
    driver.open(driver.url_for("tracking"))
    scan = driver.scan()
    driver.fill("tracking.code", code, scan, counts_as_typing=False)  # not a field of the procedure
    driver.activate("tracking.submit", scan)
    items = regions.region_list_items(driver, "tracking.timeline")
    if code.casefold() not in driver.scan().text.casefold():
        return TrackedApplication(code, found=False, timeline=[])
    driver.record.tracking_status_shown = bool(items)
    return TrackedApplication(code, found=True, timeline=items)


@dataclass(frozen=True)
class ResultHandedOver:
    """How the portal hands the result over: downloaded, or only at a counter (in_person says where)."""

    downloaded: bool = False
    in_person: str | None = None
    problem: str | None = None  # why the citizen got no result at all


def download_electronic_result(driver: PortalDriver, *, ends_journey: bool = True) -> ResultHandedOver:
    """The result must come back online; being told to collect it at a counter makes the procedure partial.

    Receiving the result (online or not) is the end of a standard journey: the record says the
    citizen completed it. A custom journey may declare steps after it and says so itself.
    """
    result = _fetch_electronic_result(driver)
    if result.downloaded:
        driver.record.electronic_result = True
    if result.problem is None and ends_journey:
        driver.record.completed = True
    return result


def _fetch_electronic_result(driver: PortalDriver) -> ResultHandedOver:
    scan = driver.scan()
    action = driver.find_action("result.download", scan)
    if action is None:
        in_person = driver.mentions("result.in_person", scan)
        if in_person:
            driver.record.add_reason(ReasonKind.RESULT_IN_PERSON, in_person)
            return ResultHandedOver(in_person=in_person)
        return ResultHandedOver(problem="the tracking page offers no electronic result to download")
    url = action.element.get_attribute("href")
    status, content_type, body = driver.fetch(url)
    if status != 200 or not body:
        return ResultHandedOver(problem=f"the electronic result could not be downloaded (HTTP {status})")
    if "pdf" in content_type and not body.startswith(b"%PDF"):
        return ResultHandedOver(problem="the electronic result claims to be a PDF but is not one")
    return ResultHandedOver(downloaded=True)


def electronic_results_offered(driver: PortalDriver) -> list[str]:
    """Names of every electronic result the tracking page offers (linked procedures give several)."""
    labels = driver.locator("result.download").labels
    return [
        action.name
        for action in driver.scan().actions
        if any(name_matches(action.name, label) for label in labels)
    ]


def ask_assistant_about(driver: PortalDriver, procedure: StandardProcedure) -> dict:
    """Ask the portal's assistant about the procedure; the answers (or its absence) go on the record."""
    language = driver.profile.language
    try:
        answers = assistant.ask_about(driver, procedure)
    except assistant.AssistantNotFound as missing:
        # A portal without an assistant is a finding of the criterion, not a broken scenario.
        driver.record.assistant = {"language": language, "missing": str(missing), "answers": []}
    else:
        driver.record.assistant = {
            "language": language,
            "missing": None,
            "answers": [qa.to_dict() for qa in answers],
        }
    return driver.record.assistant
