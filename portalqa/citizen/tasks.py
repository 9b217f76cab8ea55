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

from portalqa.citizen import assistant, information_page
from portalqa.citizen.driver import TEXT_TYPES, Control, ControlNotFound, PageScan, PortalDriver, name_matches
from portalqa.citizen.sample_documents import sample_document
from portalqa.model.full_online import ReasonKind
from portalqa.secrets_guard import env_value
from portalqa.standard.catalog import Document, StandardProcedure
from portalqa.text import fold

MAX_FORM_PAGES = 12
TRACKING_CODE = re.compile(r"[A-Z]{1,4}[-\d][A-Z0-9-]{4,}")


def sign_on_with_national_eid(driver: PortalDriver) -> None:
    sign_on = driver.profile.sign_on
    driver.open(driver.url_for("home"))
    driver.click("nav.sign_in")
    scan = driver.scan()
    if driver.profile.labels_for("sign_on.national_eid") is not None:
        # Convenience: the citizen signs on with the national e-identity, not a portal account.
        driver.record.national_eid_sign_on = driver.mentions("sign_on.national_eid", scan) is not None
    # The personal ID identifies the test citizen (every e-form shows it pre-filled); only the
    # password is a secret.
    driver.fill("sign_on.personal_id", env_value(sign_on.personal_id_env), scan, counts_as_typing=False)
    driver.fill_secret_from_env("sign_on.password", sign_on.password_env, scan)
    press_and_check(driver, "sign_on.submit", "sign-on refused the test citizen")
    driver.record.signed_on_with = sign_on.method


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
    """Fill every answer wherever the e-form asks for it, page after page, until all are given.

    Fields the portal has already filled (from the population register) are left as they are and
    counted as pre-filled; a validation message stops the task with the portal's own words. On the
    first page with two or more answers, one required answer is held back once to see how the
    portal handles the error (the convenience criterion).
    """
    remaining = dict(answers)
    for _ in range(MAX_FORM_PAGES):
        scan = driver.scan()
        _note_fields_beyond_standard(driver, scan, procedure)
        typed_here: dict[str, str] = {}
        for control in scan.controls:
            if not control.visible or control.readonly and control.value:
                continue
            key = _answer_for(driver, control.label, remaining)
            if key is not None:
                typed_here[key] = remaining.pop(key)
                driver.set_value(control, typed_here[key])
                driver.record.fields_typed += 1
        _count_prefilled(driver, scan, procedure, answers)
        _type_what_was_not_prefilled(driver, scan, procedure, answers)
        if not driver.record.validation_probe.checked and len(typed_here) >= 2:
            scan = _probe_validation(driver, scan, typed_here)
        press_and_check(
            driver, "eform.continue", "the e-form rejected the answers", scan, _unplaced(driver, remaining)
        )
        if not remaining:
            return
        if not typed_here and not _has_register_fields(driver, scan, procedure):
            break
    missing = ", ".join(remaining)
    raise ControlNotFound(f"the e-form never asked for: {missing} (check the profile's vocabulary)")


def _probe_validation(driver: PortalDriver, scan: PageScan, typed_here: dict[str, str]) -> PageScan:
    """Send the page once without one required answer: does the portal keep the rest and say where?

    Returns the scan of the page to submit next (the same form, whole again).
    """
    probe = driver.record.validation_probe
    required = [k for k in typed_here if (c := driver.find_control(k, scan)) and c.required and _clearable(c)]
    if not required:
        probe.note = "no required text answer on the first page with several answers"
        return scan
    held_back = required[-1]
    driver.set_value(driver.find_control(held_back, scan), "")
    probe.checked, probe.held_back = True, held_back
    driver.press("eform.continue", scan)
    driver.record.clicks -= 1  # the probe's click is portalqa's, not the citizen's
    after = driver.scan()
    control = driver.find_control(held_back, after)
    if control is None:
        # The page moved on without a required answer: the portal validates nothing here.
        probe.note = "the e-form accepted a missing required answer"
        raise AssertionError(f"the e-form accepted an empty required field ({held_back})")
    tied = [c for c in after.controls if c.invalid and c.described_by]
    probe.error_shown = bool(tied or after.alerts or driver.error_messages(after))
    probe.errors_tied = bool(tied) or bool(after.alerts)
    for key, value in typed_here.items():
        again = driver.find_control(key, after)
        if key == held_back or again is None:
            continue
        if not again.value.strip():
            probe.values_lost.append(key)
            driver.set_value(again, value)
            driver.record.fields_typed += 1  # the citizen types it a second time
    driver.set_value(control, typed_here[held_back])
    return after


def _clearable(control: Control) -> bool:
    return control.type in TEXT_TYPES and not control.readonly


def _note_fields_beyond_standard(driver: PortalDriver, scan: PageScan, procedure: StandardProcedure) -> None:
    """Labelled inputs that no field of the standard dossier explains are extra work for the citizen."""
    known = [
        label for f in procedure.dossier if (loc := driver.profile.labels_for(f.key)) for label in loc.labels
    ]
    for control in scan.controls:
        if (
            not control.visible
            or not control.label
            or control.type in ("file", "checkbox", "radio", "hidden")
        ):
            continue
        if control.type in ("submit", "button", "password", "search"):
            continue
        if any(name_matches(control.label, label) for label in known):
            continue
        label = re.sub(r"\s*[(*].*$", "", control.label).strip()
        if label not in driver.record.fields_beyond_standard:
            driver.record.fields_beyond_standard.append(label)


def _unplaced(driver: PortalDriver, remaining: dict[str, str]) -> str:
    """Answers not typed yet: if one belonged on the rejected page, its vocabulary label is wrong."""
    if not remaining:
        return ""
    labels = "; ".join(f"{key} ({', '.join(driver.locator(key).labels)})" for key in remaining)
    return f". Not yet found on any page (check these labels in {driver.profile.source}): {labels}"


def _answer_for(driver: PortalDriver, label: str, remaining: dict[str, str]) -> str | None:
    for key in remaining:
        locator = driver.profile.labels_for(key)
        if locator and any(name_matches(label, wanted) for wanted in locator.labels):
            return key
    return None


def _count_prefilled(driver: PortalDriver, scan, procedure: StandardProcedure, answers: dict) -> None:
    """Register fields (per the standard) that arrived already filled are what spared the citizen typing."""
    for key in procedure.register_fields:
        if key in answers or key in driver.record.prefilled_keys:
            continue
        control = driver.find_control(key, scan)
        if control and control.type in TEXT_TYPES | {"select"} and control.value.strip():
            driver.record.prefilled_keys.append(key)
            driver.record.fields_prefilled += 1


def _type_what_was_not_prefilled(
    driver: PortalDriver, scan, procedure: StandardProcedure, answers: dict
) -> None:
    """A citizen facing an empty register field types it in (the pre-fill finding is recorded apart)."""
    for key in procedure.register_fields:
        if key in answers or key not in driver.profile.test_citizen:
            continue
        control = driver.find_control(key, scan)
        if control and not control.readonly and not control.value.strip():
            driver.set_value(control, driver.profile.test_citizen[key])
            driver.record.fields_typed += 1
            if key not in driver.record.register_fields_not_prefilled:
                driver.record.register_fields_not_prefilled.append(key)


def _has_register_fields(driver: PortalDriver, scan, procedure: StandardProcedure) -> bool:
    return any(driver.find_control(key, scan) for key in procedure.register_fields)


def attach_required_documents(
    driver: PortalDriver, work_dir: Path, procedure: StandardProcedure | None = None
) -> None:
    """Upload a sample for every document asked for, and compare what is asked with the standard."""
    scan = driver.scan()
    file_inputs = [c for c in scan.controls if c.type == "file" and c.visible]
    if procedure is not None:
        driver.record.documents_standard = [d.name for d in procedure.requested_documents]
    for control in file_inputs:
        name = re.sub(r"\s*\(.*$", "", control.label).strip() or control.name
        driver.record.documents_requested.append(name)
        if procedure is not None:
            _compare_with_standard(driver, procedure, name)
        accepted = f"{control.element.get_attribute('accept') or ''} {control.label}"
        driver.set_value(control, str(sample_document(work_dir, name, accepted)))
        driver.record.uploads += 1
    if file_inputs:
        press_and_check(driver, "eform.continue", "the portal refused the documents", scan)


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
    scan = driver.scan()
    if driver.find_control("review.declaration", scan) is not None:
        driver.fill("review.declaration", "yes", scan, counts_as_typing=False)  # ticking a box
    press_and_check(driver, "review.confirm", "the review was not accepted", scan)


def pay_fee_online(driver: PortalDriver) -> None:
    """Pay through the portal's gateway; a fee payable only at a counter makes the procedure partial."""
    scan = driver.scan()
    _note_appointment(driver, scan)
    if driver.find_action("payment.pay_online", scan) is not None:
        driver.click("payment.pay_online", scan)
        driver.press("payment.gateway_pay")
        return
    counter = driver.mentions("payment.at_counter", scan)
    if counter:
        driver.record.add_reason(ReasonKind.PAY_AT_COUNTER, counter)
        return
    if driver.find_action("submission.submit", scan) is None:
        raise ControlNotFound(f"no way to pay the fee online on {driver.browser.current_url}")
    # No payment step and nothing said about a counter: the procedure charges no fee online.


def _note_appointment(driver: PortalDriver, scan) -> None:
    appointment = driver.mentions("appointment.in_person", scan)
    if appointment and not any(r.kind == ReasonKind.APPOINTMENT_IN_PERSON for r in driver.record.reasons):
        driver.record.add_reason(ReasonKind.APPOINTMENT_IN_PERSON, appointment)


def submit_application(driver: PortalDriver) -> str:
    scan = driver.scan()
    _note_appointment(driver, scan)
    driver.press("submission.submit", scan)
    scan = driver.scan()
    code = tracking_code_on_page(driver, scan.text)
    if code is None:
        raise AssertionError("the portal confirmed no tracking code after submission")
    driver.record.tracking_code_received = True
    return code


def tracking_code_on_page(driver: PortalDriver, text: str) -> str | None:
    for label in driver.locator("submission.tracking_code").labels:
        at = text.casefold().find(label.casefold())
        if at >= 0:
            found = TRACKING_CODE.search(text, at + len(label))
            if found:
                return found.group(0)
    return None


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
    """Look the dossier up by its code and read the status timeline the portal shows."""
    driver.open(driver.url_for("tracking"))
    scan = driver.scan()
    driver.fill("tracking.code", code, scan, counts_as_typing=False)  # not a field of the procedure
    driver.press("tracking.submit", scan)
    timeline_names = driver.locator("tracking.timeline").labels
    if code.casefold() not in driver.scan().text.casefold():
        return TrackedApplication(code, found=False, timeline=[])
    items = driver.browser.execute_script(
        """const names = arguments[0].map((n) => n.toLowerCase());
        const lists = [...document.querySelectorAll('ol, ul, [role=list]')].filter((l) =>
            names.includes((l.getAttribute('aria-label') || '').toLowerCase()));
        return lists.length ? [...lists[0].querySelectorAll('li')].map((li) => li.innerText.trim()) : [];""",
        timeline_names,
    )
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
