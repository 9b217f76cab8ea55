"""One e-form page at a time: answer it, run the validation probe once, send it, retry what portalqa
derived and the portal refused, and record what the page asked beyond the standard dossier.

citizen.tasks decides which pages are e-form pages (through citizen.wayfinding); this module plays
one of them. The answers themselves come from citizen.form_filling.
"""

from __future__ import annotations

import re

from portalqa.citizen import form_filling
from portalqa.citizen.driver import TEXT_TYPES, Control, JourneyStuck, PageScan, PortalDriver, name_matches
from portalqa.standard.catalog import StandardProcedure


def record_answers_beyond_standard(driver: PortalDriver, sheet) -> None:
    driver.record.answers_beyond_standard = [
        {"field": identity, "source": source} for identity, (source, _) in sheet.derived.items()
    ]


def fill_eform_page(driver: PortalDriver, sheet, button: str = "eform.continue", probe: bool = True) -> None:
    """Answer the current page and press its button; retry answers portalqa derived that were refused.

    The validation probe runs once per journey, on the first e-form page with two or more answers.
    """
    procedure = sheet.procedure
    scan = driver.scan()
    form_filling.check_unambiguous(driver, sheet, scan)
    if procedure is not None:
        _note_fields_beyond_standard(driver, scan, procedure)
    form_filling.answer_page(driver, sheet)
    typed_here, sheet.typed_on_page = sheet.typed_on_page, {}
    scan = driver.scan()
    if procedure is not None:
        count_prefilled(driver, scan, procedure, sheet.feature_answers)
        type_what_was_not_prefilled(driver, scan, procedure, sheet.feature_answers)
    if probe and not driver.record.validation_probe.checked and len(typed_here) >= 2:
        _probe_validation(driver, scan, typed_here, sheet)
    for _attempt in range(3):
        driver.press(button)
        problems = driver.error_messages()
        if not problems:
            return
        refused = list(form_filling.invalid_questions(driver.scan()))
        # What portalqa left empty and the portal wants answered is portalqa's to answer, like what
        # it derived and the portal refused.
        unanswered = [q for q in refused if not q.answered and q.identity not in sheet.must_answer]
        sheet.must_answer.update(q.identity for q in unanswered)
        ours = [
            q for q in refused if sheet.derived.get(q.identity, ("", ""))[0] == "derived" or q in unanswered
        ]
        if not refused or len(ours) < len(refused):
            blame = [q for q in refused if q.identity in sheet.derived]
            if refused and len(blame) == len(refused):
                raise JourneyStuck(
                    f"the e-form refused the profile's answers ({', '.join(q.label for q in blame)}): "
                    f"{'; '.join(problems)}; correct them under procedures.<id>.answers "
                    f"in {driver.profile.source}"
                )
            raise AssertionError(
                f"the e-form rejected the answers: {'; '.join(problems)}{_unplaced(driver, sheet.remaining)}"
            )
        for question in ours:
            if question.identity in sheet.derived:
                refused_answer = sheet.derived.pop(question.identity)[1]
                sheet.rejected.setdefault(question.identity, []).append(refused_answer)
                form_filling.clear(driver, question)
        form_filling.answer_page(driver, sheet)
        if procedure is not None:
            type_what_was_not_prefilled(driver, driver.scan(), procedure, sheet.feature_answers)
    raise JourneyStuck(
        f"portalqa found no answer the e-form accepts for {', '.join(q.label for q in ours)}: "
        f"{'; '.join(problems)}; give one under procedures.<id>.answers in {driver.profile.source}"
    )


def _probe_validation(driver: PortalDriver, scan: PageScan, typed_here: dict[str, str], sheet) -> None:
    """Send the page once without one required answer: does the portal keep the rest and say where?

    Afterwards every answer of the page is given again, whatever the portal cleared.
    """
    probe = driver.record.validation_probe
    questions = {q.identity: q for q in form_filling.questions_on(scan)}
    required = [
        ident
        for ident in typed_here
        if (q := questions.get(ident)) and q.required and _clearable(q.controls[0])
    ]
    if not required:
        probe.note = "no required text answer on the first page with several answers"
        return
    held_back = required[-1]
    label = questions[held_back].label
    driver.set_value(questions[held_back].controls[0], "")
    probe.checked, probe.held_back = True, label
    driver.press("eform.continue", scan)
    driver.record.clicks -= 1  # the probe's click is portalqa's, not the citizen's
    after = driver.scan()
    again = {q.identity: q for q in form_filling.questions_on(after)}
    if held_back not in again:
        # The page moved on without a required answer: the portal validates nothing here.
        probe.note = "the e-form accepted a missing required answer"
        raise AssertionError(f"the e-form accepted an empty required field ({label})")
    tied = [c for c in after.controls if c.invalid and c.described_by]
    probe.error_shown = bool(tied or after.alerts or driver.error_messages(after))
    probe.errors_tied = bool(tied) or bool(after.alerts)
    for ident in typed_here:
        question = again.get(ident)
        if ident != held_back and question is not None and not question.answered:
            probe.values_lost.append(question.label)
    # The citizen types again whatever the portal cleared: the feature's answers, the derived ones,
    # the test citizen's details.
    for question in again.values():
        if question.identity in sheet.derived and not question.answered:
            sheet.derived.pop(question.identity)
    sheet.placed = {k: v for k, v in sheet.placed.items() if v != label}
    retyped = form_filling.answer_page(driver, sheet)
    if held_back in retyped:
        # portalqa emptied it for the probe: typing it back is not the citizen's work.
        driver.record.fields_typed -= 1
    if sheet.procedure is not None:
        type_what_was_not_prefilled(driver, driver.scan(), sheet.procedure, sheet.feature_answers)


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
            or control.readonly  # shown for checking (register data), not asked
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


def count_prefilled(driver: PortalDriver, scan, procedure: StandardProcedure, answers: dict) -> None:
    """The applicant's own details that arrived already filled spared the citizen typing (the register
    holds four of them; a portal may also pre-fill phone and e-mail from the citizen's account)."""
    for key in procedure.applicant_fields:
        if key in answers or key in driver.record.prefilled_keys:
            continue
        control = driver.find_control(key, scan)
        if control and control.type in TEXT_TYPES | {"select"} and control.value.strip():
            driver.record.prefilled_keys.append(key)
            driver.record.fields_prefilled += 1


def type_what_was_not_prefilled(
    driver: PortalDriver, scan, procedure: StandardProcedure, answers: dict
) -> None:
    """A citizen facing an empty field of their own details types it in; only the register's fields
    left empty are the pre-fill finding (the national register holds no phone or e-mail)."""
    for key in procedure.applicant_fields:
        if key in answers or key not in driver.profile.test_citizen:
            continue
        control = driver.find_control(key, scan)
        if control and not control.readonly and not control.value.strip():
            driver.set_value(control, driver.profile.test_citizen[key])
            driver.record.fields_typed += 1
            if key in procedure.register_fields and key not in driver.record.register_fields_not_prefilled:
                driver.record.register_fields_not_prefilled.append(key)
