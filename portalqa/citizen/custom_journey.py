"""Plays a custom procedure: a journey of generic steps declared in a portal profile, not in Python.

Each declared step maps onto the same citizen tasks the standard features use, so a custom
procedure is measured and classified (full / partial / not online) exactly like a standard one.
"""

from __future__ import annotations

from pathlib import Path

import allure

from portalqa.citizen import eform_pages, form_filling
from portalqa.citizen import tasks as citizen_tasks
from portalqa.citizen.driver import ControlNotFound, PortalDriver, literal
from portalqa.profiles.profile import BARE_JOURNEY_STEPS, CustomProcedure


def play(driver: PortalDriver, procedure: CustomProcedure, work_dir: Path) -> None:
    tracking_code: str | None = None
    for number, step in enumerate(procedure.journey, start=1):
        name, argument = (step, None) if isinstance(step, str) else next(iter(step.items()))
        title = BARE_JOURNEY_STEPS.get(name, name.replace("_", " "))
        with allure.step(f"{number}. {title}" + (f": {argument}" if isinstance(argument, str) else "")):
            driver.record.current_step = f"journey step {number} ({name})"
            tracking_code = _run(driver, name, argument, work_dir, tracking_code, procedure.name)
    driver.record.completed = True


def _run(
    driver: PortalDriver, name: str, argument, work_dir: Path, tracking_code: str | None, procedure_name: str
) -> str | None:
    match name:
        case "sign_on":
            citizen_tasks.sign_on_with_national_eid(driver)
        case "open":
            driver.open(argument)
        case "click":
            driver.click(literal(argument))
        case "fill":
            # Through the same answer sheet as the standard e-forms: radio groups by their legend,
            # yes/no in the page's words, dates in the control's format.
            sheet = _sheet(driver)
            sheet.feature_answers.update({literal(label): value for label, value in argument.items()})
            sheet.placed = {k: v for k, v in sheet.placed.items() if not k.startswith(literal(""))}
            form_filling.answer_page(driver, sheet)
            missing = [k.removeprefix(literal("")) for k in argument if literal(k) not in sheet.placed]
            if missing:
                raise ControlNotFound(f"no field labelled {missing} on {driver.browser.current_url}")
        case "expect_value":
            scan = driver.scan()
            for label, value in argument.items():
                control = driver.find_control(literal(label), scan)
                if control is None or " ".join(control.value.split()) != " ".join(value.split()):
                    shown = control.value if control else "no such field"
                    raise AssertionError(f"{label!r} should show {value!r}; it shows {shown!r}")
        case "expect_text":
            if " ".join(argument.split()).casefold() not in " ".join(driver.scan().text.split()).casefold():
                raise AssertionError(f"the page does not say {argument!r}")
        case "apply_online":
            citizen_tasks.start_online_application(driver, procedure_name)
        case "continue":
            # Every required question answered, the validation probe once, then the next page.
            eform_pages.fill_eform_page(driver, _sheet(driver))
        case "attach_documents":
            citizen_tasks.attach_required_documents(driver, work_dir)
        case "review_and_confirm":
            citizen_tasks.review_and_confirm(driver)
        case "pay_fee_online":
            citizen_tasks.pay_fee_online(driver)
        case "submit":
            return citizen_tasks.submit_application(driver)
        case "track":
            if tracking_code is None:
                raise AssertionError("track needs a submit step before it")
            _check(citizen_tasks.track_application(driver, tracking_code).problem)
        case "download_result":
            # Steps may follow: the journey is completed when its last step is done (play).
            _check(citizen_tasks.download_electronic_result(driver, ends_journey=False).problem)
    return tracking_code


def _sheet(driver: PortalDriver) -> form_filling.AnswerSheet:
    if driver.answer_sheet is None:
        driver.answer_sheet = form_filling.AnswerSheet(procedure=None, feature_answers={})
    return driver.answer_sheet


def _check(problem: str | None) -> None:
    """A declared step is both act and check: what a feature's Then step would find stops the journey."""
    if problem:
        raise AssertionError(problem)
