"""Answering every question of an e-form page, the way a careful citizen does.

A page's questions are its visible, editable controls, a radio group counting as one question named
by its fieldset legend (or ARIA group name). Each question is answered from, in order:

1. the feature's answers (standard dossier keys, found through the profile's vocabulary);
2. the test citizen (register fields the portal failed to pre-fill: a finding recorded elsewhere);
3. the profile's answers for this procedure, by the portal's own label;
4. for a required question nobody answered, a plausible value derived from the control itself
   (portalqa.citizen.plausible_answers), recorded as beyond the standard.

Optional questions nobody answered stay empty. A choice that cannot be told apart (two groups that
both match, an option that is not offered) is an error naming the candidates, never a guess.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.ui import Select, WebDriverWait

from portalqa.citizen.driver import TEXT_TYPES, Control, JourneyStuck, PageScan, PortalDriver, name_matches
from portalqa.citizen.plausible_answers import (
    Question,
    date_format_of,
    format_date,
    is_yes,
    plausible_answers,
)
from portalqa.profiles.profile import DATE_FORMATS
from portalqa.standard.catalog import StandardProcedure

_REQUIRED_MARK = re.compile(r"\*\s*$|\((required|bắt buộc|bat buoc)\)", re.IGNORECASE)


@dataclass
class PageQuestion:
    """One question on the page: a single control, or the options of one radio group."""

    label: str
    controls: list[Control]

    @property
    def type(self) -> str:
        first = self.controls[0]
        return "select" if first.tag == "select" else first.type

    @property
    def required(self) -> bool:
        # Marked in the markup, or only for the eye: forms validated on the server alone often carry
        # just the label's asterisk ("Time slot *") or a "(required)" / "(bắt buộc)".
        return any(c.required for c in self.controls) or bool(_REQUIRED_MARK.search(self.label))

    @property
    def answered(self) -> bool:
        if self.type == "radio":
            return any(c.checked for c in self.controls)
        if self.type == "checkbox":
            return self.controls[0].checked
        return bool(self.controls[0].value.strip())

    @property
    def identity(self) -> str:
        first = self.controls[0]
        return first.name or self.label

    def options(self) -> list[tuple[str, str, bool]]:
        if self.type == "radio":
            return [(c.label, c.value, c.readonly) for c in self.controls]
        return [(o["text"], o["value"], o["disabled"]) for o in self.controls[0].options]

    def as_question(self) -> Question:
        first = self.controls[0]
        return Question(
            label=self.label, type=self.type, required=self.required, placeholder=first.placeholder,
            hint=first.described_by, pattern=first.pattern, min=first.min, max=first.max,
            maxlength=first.maxlength, inputmode=first.inputmode, autocomplete=first.autocomplete,
            options=tuple(self.options()),
        )  # fmt: skip


def questions_on(scan: PageScan) -> list[PageQuestion]:
    """The page's questions in page order; radio options of one name form one question."""
    questions: list[PageQuestion] = []
    groups: dict[str, PageQuestion] = {}
    for control in scan.controls:
        if not control.visible or control.type in (
            "submit",
            "button",
            "file",
            "hidden",
            "search",
            "password",
        ):
            continue
        if control.type == "radio":
            key = control.name or control.group
            if key in groups:
                groups[key].controls.append(control)
                continue
            question = PageQuestion(label=control.group or control.label, controls=[control])
            groups[key] = question
        else:
            if control.readonly:
                continue
            question = PageQuestion(label=control.label, controls=[control])
        questions.append(question)
    return [q for q in questions if not all(c.readonly for c in q.controls)]


@dataclass
class AnswerSheet:
    """What the citizen answers on this procedure's e-form, and what was given so far."""

    procedure: StandardProcedure | None
    feature_answers: dict[str, str]
    profile_answers: dict[str, str] = field(default_factory=dict)
    today: dt.date = field(default_factory=dt.date.today)
    placed: dict[str, str] = field(default_factory=dict)  # feature key -> question label it went to
    # Question identity -> (source, answer) of what portalqa typed beyond the feature's answers.
    derived: dict[str, tuple[str, str]] = field(default_factory=dict)
    rejected: dict[str, list[str]] = field(default_factory=dict)  # identity -> answers the portal refused
    # Questions the portal said must be answered (marked invalid while left empty): required now.
    must_answer: set[str] = field(default_factory=set)
    # Question identity -> answer typed on the current page before it is sent (the probe's material).
    typed_on_page: dict[str, str] = field(default_factory=dict)

    @property
    def remaining(self) -> dict[str, str]:
        return {k: v for k, v in self.feature_answers.items() if k not in self.placed}


def answer_page(driver: PortalDriver, sheet: AnswerSheet, *, passes: int = 6) -> dict[str, str]:
    """Answer every question of the current page; returns {question identity: answer} typed here.

    Answering can reveal questions (a postal address after "by post") or fill lists by script (a
    district list after the province): the page is read again until nothing new needs an answer.
    """
    typed: dict[str, str] = {}
    for _ in range(passes):
        changed = False
        waiting_for_options = False
        for question in questions_on(driver.scan()):
            outcome = _answer(driver, sheet, question, typed)
            changed |= outcome == "typed"
            waiting_for_options |= outcome == "no options yet"
        if not changed:
            break
        if waiting_for_options or any(q.type == "select" for q in questions_on(driver.scan())):
            _wait_for_lists(driver)
    _answer_by_css(driver, sheet, typed)
    sheet.typed_on_page.update(typed)
    return typed


def _answer_by_css(driver: PortalDriver, sheet: AnswerSheet, typed: dict) -> None:
    """Feature answers no accessible name placed, where the profile gives a css fallback: found by the
    selector as a last resort (the driver records it: a control without a usable name is a finding)."""
    for key, value in sheet.remaining.items():
        locator = _locator(driver, key)
        if locator is None or not locator.css:
            continue
        control = driver.find_control(key)
        if control is None or not control.visible or control.readonly:
            continue
        question = PageQuestion(label=control.label or key, controls=[control])
        _give(driver, question, value, key)
        sheet.placed[key] = question.label
        typed[question.identity] = value
        driver.record.fields_typed += 1


def _answer(driver: PortalDriver, sheet: AnswerSheet, question: PageQuestion, typed: dict) -> str:
    key = _feature_key_for(driver, sheet, question)
    if key is not None:
        if key in sheet.placed and sheet.placed[key] == question.label and question.answered:
            return "kept"
        value = sheet.feature_answers[key]
        _give(driver, question, value, key)
        sheet.placed[key] = question.label
        typed[question.identity] = value
        driver.record.fields_typed += 1
        return "typed"
    refused = question.identity in sheet.rejected and question.identity not in sheet.derived
    if (question.answered and not refused) or _is_register_field(driver, sheet, question):
        return "kept"  # pre-filled, typed before, or the register field's own task types it
    profile_answer = _profile_answer(sheet, question)
    if profile_answer is not None:
        _give(driver, question, profile_answer, question.label)
        sheet.derived[question.identity] = ("profile", profile_answer)
        typed[question.identity] = profile_answer
        driver.record.fields_typed += 1
        return "typed"
    if not question.required and question.identity not in sheet.must_answer:
        return "skipped"
    tried = sheet.rejected.get(question.identity, [])
    fmt = _profile_date_format(driver)
    avoid = [answer for ident, (_, answer) in sheet.derived.items() if ident != question.identity]
    candidates = [
        c
        for c in plausible_answers(question.as_question(), today=sheet.today, date_format=fmt, avoid=avoid)
        if c not in tried
    ]
    if not candidates:
        return "no options yet" if question.type == "select" else "skipped"
    _give(driver, question, candidates[0], question.label)
    sheet.derived[question.identity] = ("derived", candidates[0])
    typed[question.identity] = candidates[0]
    driver.record.fields_typed += 1
    return "typed"


def _profile_date_format(driver: PortalDriver) -> str | None:
    return DATE_FORMATS[driver.profile.date_format] if driver.profile.date_format else None


def clear(driver: PortalDriver, question: PageQuestion) -> None:
    """Empty a question portalqa answered, before it tries another answer."""
    control = question.controls[0]
    if control.tag == "select":
        Select(control.element).select_by_index(0)
    elif control.type in TEXT_TYPES or control.tag == "textarea":
        driver.set_value(control, "")


def _feature_key_for(driver: PortalDriver, sheet: AnswerSheet, question: PageQuestion) -> str | None:
    for key in sheet.feature_answers:
        locator = _locator(driver, key)
        if locator and any(name_matches(question.label, wanted) for wanted in locator.labels):
            return key
    return None


def _is_register_field(driver: PortalDriver, sheet: AnswerSheet, question: PageQuestion) -> bool:
    if sheet.procedure is None:
        return False
    for key in sheet.procedure.applicant_fields:  # the test citizen's details, typed by their own task
        locator = driver.profile.labels_for(key)
        if locator and any(name_matches(question.label, wanted) for wanted in locator.labels):
            return True
    return False


def _profile_answer(sheet: AnswerSheet, question: PageQuestion) -> str | None:
    for label, answer in sheet.profile_answers.items():
        if name_matches(question.label, label):
            return answer
    return None


def _give(driver: PortalDriver, question: PageQuestion, value: str, source: str) -> None:
    """Set one question's answer: the right option of a group, a box ticked or not, a formatted date."""
    if question.type == "radio":
        driver.set_value(choose_option(driver, question, value, source), "yes")
        return
    control = question.controls[0]
    if question.type == "checkbox":
        wanted = is_yes(value)
        if wanted is None:
            raise JourneyStuck(
                f"{source}: {value!r} does not say whether to tick {question.label!r} (yes or no)"
            )
        if wanted != control.checked:
            control.element.click()
        return
    if control.type in TEXT_TYPES or control.tag == "textarea":
        fmt = date_format_of(question.as_question(), _profile_date_format(driver))
        if fmt is not None:
            value = format_date(value, fmt)
    driver.set_value(control, value)


def choose_option(driver: PortalDriver, question: PageQuestion, value: str, source: str) -> Control:
    """The radio option that says `value` (or the portal's word for it, or yes/no in its language)."""
    wanted = {value, driver.profile.choice(value)}
    side = is_yes(value)
    matches = [
        c
        for c in question.controls
        if any(name_matches(c.label, w) for w in wanted)
        or c.value in wanted
        or (side is not None and is_yes(c.label) == side)
    ]
    if len(matches) == 1:
        if matches[0].readonly:
            raise JourneyStuck(f"{source}: the option {matches[0].label!r} of {question.label!r} is disabled")
        return matches[0]
    offered = [c.label for c in question.controls]
    if not matches:
        raise JourneyStuck(f"{source}: {question.label!r} offers no option {value!r}; it offers {offered}")
    raise JourneyStuck(
        f"{source}: {value!r} matches several options of {question.label!r}: {[c.label for c in matches]}"
    )


def _locator(driver: PortalDriver, key: str):
    # A standard key through the vocabulary, or a label written out in a profile's custom journey.
    try:
        return driver.locator(key)
    except KeyError:
        return None


def check_unambiguous(driver: PortalDriver, sheet: AnswerSheet, scan: PageScan) -> None:
    """Two questions on one page that one feature answer matches: stop, naming both."""
    for key in sheet.remaining:
        locator = _locator(driver, key)
        if locator is None:
            continue
        matched = [
            q.label for q in questions_on(scan) if any(name_matches(q.label, w) for w in locator.labels)
        ]
        if len(matched) > 1:
            raise JourneyStuck(
                f"the answer for {key} fits several questions on {driver.browser.current_url}: "
                f"{' and '.join(repr(m) for m in matched)}; make its label in {driver.profile.source} "
                "name exactly one of them"
            )


def _wait_for_lists(driver: PortalDriver, timeout_s: float = 3.0) -> None:
    """Wait (bounded) until every visible empty list on the page has options: cascades fill by script."""

    def filled(_browser) -> bool:
        return not any(
            q.type == "select" and q.required and not q.answered and not _real_options(q)
            for q in questions_on(driver.scan())
        )

    with contextlib.suppress(TimeoutException):  # a list that stays empty is answered as it is
        WebDriverWait(driver.browser, timeout_s, poll_frequency=0.1).until(filled)


def _real_options(question: PageQuestion) -> list[tuple[str, str, bool]]:
    return [o for o in question.options() if o[1] and not o[2]]


def invalid_questions(scan: PageScan) -> Iterator[PageQuestion]:
    """Questions the portal marked invalid after a submission."""
    for question in questions_on(scan):
        if any(c.invalid for c in question.controls):
            yield question
