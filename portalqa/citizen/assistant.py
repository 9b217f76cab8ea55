"""Ask a portal's virtual assistant about a procedure, in the browser, as a citizen would.

The questions come from portalqa.citizen.assistant_questions; each answer is checked by
portalqa.citizen.assistant_answers against the procedure's own information page on the portal (read
first, as a citizen who has just read it would ask) and the standard's authoritative values. The
profile's vocabulary names the assistant's controls: ``nav.assistant`` (the link to the assistant's
page, or the button that opens its panel), ``assistant.question`` (the question field),
``assistant.ask`` (the send button) and ``assistant.answer`` (the region the answers appear in, found
by its name through portalqa.citizen.regions: its aria-label, aria-labelledby text or heading; a chat
``role=log`` or live region works too).

Assistants answer in two ways, and both are handled: a form that posts the question and shows the
answer on a new page, and a script that appends the reply to the page (the question field stays).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

from portalqa.citizen import information_page, regions
from portalqa.citizen.assistant_answers import References, check_answer, reference_of, references_for
from portalqa.citizen.assistant_questions import QA, TOPICS, language_of, question_for
from portalqa.citizen.driver import ControlNotFound
from portalqa.standard.catalog import StandardProcedure
from portalqa.text import collapse_space

if TYPE_CHECKING:
    from selenium.webdriver.remote.webelement import WebElement

    from portalqa.citizen.driver import Action, PortalDriver

ANSWER = "assistant.answer"
QUESTION = "assistant.question"


class AssistantNotFound(AssertionError):
    """The portal offers no virtual assistant: a finding about the portal."""


# Would clicking the element load another document? A link to another address, or a form's submit
# button. (A script may still cancel it, or navigate from a plain button: both are handled after.)
_MAY_NAVIGATE_JS = """
const el = arguments[0];
const link = el.closest("a[href]");
if (link) {
  const href = (link.getAttribute("href") || "").trim();
  return !(href === "" || href.startsWith("#") || /^javascript:/i.test(href));
}
const form = el.form || el.closest("form");
if (!form) return false;
if (el.tagName === "BUTTON") return (el.getAttribute("type") || "submit").toLowerCase() === "submit";
return el.tagName === "INPUT" && ["submit", "image"].includes((el.type || "").toLowerCase());
"""


class Conversation:
    """One conversation with the portal's assistant: opened once, then questions one after another.

    The first question opens the assistant from the portal's home page, as a citizen finds it (a page
    left by an earlier scenario may belong to an expired session). Follow-up questions are asked
    where the question field is, after the previous answer.
    """

    def __init__(self, driver: PortalDriver):
        self.driver = driver
        self.opened = False
        # None until the first answer: whether the assistant answers on the same page (a script).
        self.in_place: bool | None = None

    def ask(self, question: str) -> str:
        """Ask one question and return the answer's text (whitespace collapsed).

        Raises AssistantNotFound when the portal has no assistant, AssertionError when no answer
        appears within ``driver.wait_s``.
        """
        driver = self.driver
        if not (self.opened and _question_field_here(driver)):
            open_assistant(driver)
            self.opened = True
        before = regions.mark_entries(driver, ANSWER)
        driver.fill(QUESTION, question, counts_as_typing=False)
        self._send()
        answer = regions.new_entry_text(driver, ANSWER, before, echo=question)
        if answer is None:
            where = driver.profile.source or driver.profile.id
            raise AssertionError(
                f"the assistant gave no answer to {question!r} on {driver.browser.current_url} within "
                f"{driver.wait_s:g} s: no visible region named {driver.locator(ANSWER).labels} said anything "
                f"new (vocabulary key {ANSWER} in {where}: its aria-label, aria-labelledby text or heading)"
            )
        return answer

    def _send(self) -> None:
        driver = self.driver
        action = driver.find_action("assistant.ask", prefer="button")
        if action is None:
            driver.press("assistant.ask")  # raises ControlNotFound, naming the vocabulary key
            return
        if self.in_place or not _may_navigate(driver, action):
            _click_here(driver, action)
            return
        try:
            driver.press("assistant.ask")
        except ControlNotFound:
            raise
        except AssertionError:
            # The click was made and no page came: a script answers on this page (and the next times).
            self.in_place = True
        else:
            self.in_place = False


def ask(driver: PortalDriver, question: str) -> str:
    """Open the portal's assistant and ask it one question; the answer's text (see Conversation.ask)."""
    return Conversation(driver).ask(question)


def ask_about(driver: PortalDriver, procedure: StandardProcedure) -> list[QA]:
    """Ask the three standard questions about ``procedure`` in the portal's language; check each answer.

    The procedure's information page on the portal is read first: the procedure is named as its
    heading names it, and its documents, online fee and online time limit are what the answers are
    checked against (with the standard's authoritative values; portalqa.citizen.assistant_answers).
    """
    language = language_of(driver.profile)
    name, page = read_information_page(driver, procedure)
    references = references_for(procedure, page)
    conversation = Conversation(driver)
    answers = []
    for topic in TOPICS:
        question = question_for(procedure, topic, language, driver.profile, name=name)
        answer = conversation.ask(question)
        answers.append(checked(procedure, topic, question, answer, language, references))
    return answers


def checked(
    procedure: StandardProcedure, topic, question: str, answer: str, language: str, references: References
) -> QA:
    """The question and its answer with what the answer gets wrong against its reference (if it has one)."""
    # An assistant may echo the question (and with it a name like "... under 6"): not a stated fact.
    stated = answer.replace(collapse_space(question), " ")
    reference = reference_of(topic, references)
    problems = check_answer(procedure, topic, stated, language, references)
    return QA(topic, question, answer, problems, assessable=reference is not None, reference=reference or "")


def read_information_page(
    driver: PortalDriver, procedure: StandardProcedure
) -> tuple[str | None, dict | None]:
    """The procedure's name as its information page's heading gives it, and what the page states
    (portalqa.citizen.information_page.read); (None, None) when the portal does not list it."""
    entry = driver.profile.procedure_entry(procedure.id)
    if entry is None:
        return None, None
    driver.open(entry.info_path or driver.url_for("procedure_info", code=entry.code))
    headings = driver.browser.find_elements(By.TAG_NAME, "h1")
    name = collapse_space(headings[0].text) if headings and headings[0].text.strip() else None
    return name, information_page.read(driver)


def portal_name_of(driver: PortalDriver, procedure: StandardProcedure) -> str | None:
    """The procedure's name as the heading of its information page on this portal (None: not listed)."""
    return read_information_page(driver, procedure)[0]


def open_assistant(driver: PortalDriver) -> None:
    """From the home page, follow the assistant's link, or press the button that opens its panel, and
    wait (up to ``driver.wait_s``) for the question field to be visible."""
    portal = driver.profile.name
    link = driver.profile.labels_for("nav.assistant")
    if link is None:
        where = driver.profile.source or driver.profile.id
        raise AssistantNotFound(
            f"{portal} offers no virtual assistant (its profile {where} names no assistant link: add "
            "`nav.assistant: <the link's name>` under vocabulary if the portal has one)"
        )
    driver.open(driver.url_for("home"))
    scan = driver.scan()
    action = driver.find_action("nav.assistant", scan)
    if action is None:
        raise AssistantNotFound(
            f"{portal} offers no virtual assistant (no link named {link.labels} on "
            f"{driver.browser.current_url})"
        )
    if _may_navigate(driver, action):
        driver.click("nav.assistant", scan)
    else:
        _click_here(driver, action)  # a button that shows the assistant's panel on this page
    _wait_for_question_field(driver)  # if none comes, filling the question says which label is missing


def _question_field_here(driver: PortalDriver) -> bool:
    if driver.profile.labels_for("nav.assistant") is None:
        return False  # open_assistant says why
    try:
        return driver.find_control(QUESTION) is not None
    except WebDriverException:
        return False  # no page yet (about:blank before the first open)


def _wait_for_question_field(driver: PortalDriver) -> bool:
    deadline = time.monotonic() + driver.wait_s
    while not _question_field_here(driver):
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.2)
    return True


def _may_navigate(driver: PortalDriver, action: Action) -> bool:
    return bool(_run(driver, _MAY_NAVIGATE_JS, action.element))


def _click_here(driver: PortalDriver, action: Action) -> None:
    """A click that shows its result on the same page (no new page to wait for): a citizen's click.
    Should it load a page after all, a page that never comes is a timeout fault (citizen.faults)."""
    driver.make_click(action.element.click, f"clicking {action.name!r}")


def _run(driver: PortalDriver, script: str, element: WebElement):
    try:
        return driver.browser.execute_script(script, element)
    except WebDriverException:
        return None
