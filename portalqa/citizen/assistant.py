"""Ask a portal's virtual assistant about a procedure, in the browser, as a citizen would.

The questions come from portalqa.citizen.assistant_questions; each answer is checked against the
standard catalog by portalqa.citizen.assistant_answers. The profile's vocabulary names the
assistant's controls: ``nav.assistant`` (the link to it), ``assistant.question`` (the question field),
``assistant.ask`` (the button) and ``assistant.answer`` (the aria-label of the answer region).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from portalqa.citizen.assistant_answers import check_answer
from portalqa.citizen.assistant_questions import QA, TOPICS, language_of, question_for
from portalqa.standard.catalog import StandardProcedure
from portalqa.text import collapse_space, label_matches

if TYPE_CHECKING:
    from portalqa.citizen.driver import PortalDriver

# How long an answer may take to appear once the answer page has loaded (or the button was pressed).
ANSWER_WAIT_S = 2.0


class AssistantNotFound(AssertionError):
    """The portal offers no virtual assistant: a finding about the portal."""


# Every element named by aria-label (or aria-labelledby), with its visible text, in document order.
_NAMED_REGIONS_JS = """
const out = [];
for (const el of document.querySelectorAll("[aria-label], [aria-labelledby]")) {
  let name = el.getAttribute("aria-label") || "";
  if (!name.trim() && el.getAttribute("aria-labelledby")) {
    name = el.getAttribute("aria-labelledby").split(/\\s+/)
      .map((id) => { const ref = document.getElementById(id); return ref ? ref.textContent : ""; })
      .join(" ");
  }
  const visible = el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  out.push([name, visible ? el.innerText : ""]);
}
return out;
"""


def ask(driver: PortalDriver, question: str, reuse_page: bool = False) -> str:
    """Ask the portal's assistant one question and return its answer (whitespace normalised).

    Opens the assistant from the portal's home page, as a citizen finds it. ``reuse_page=True`` asks
    on the current page when its question field is there (the follow-up questions of one conversation;
    a page left by an earlier scenario may belong to an expired session, so the first question always
    starts from home). Raises AssistantNotFound when the portal has no link to an assistant,
    AssertionError when no answer appears.
    """
    if not (reuse_page and _question_field_here(driver)):
        _open_assistant(driver)
    before = _answer_text(driver)
    driver.fill("assistant.question", question, counts_as_typing=False)
    try:
        driver.press("assistant.ask")
    except AssertionError:
        # The page stayed: an assistant that answers in place (script) rather than with a new page.
        answer = _wait_for_answer(driver, other_than=before, seconds=ANSWER_WAIT_S)
        if answer is None:
            raise
        return answer
    answer = _wait_for_answer(driver, other_than=None, seconds=ANSWER_WAIT_S)
    if answer is None:
        labels = driver.locator("assistant.answer").labels
        raise AssertionError(
            f"the assistant gave no answer to {question!r} on {driver.browser.current_url}: no visible "
            f"element whose aria-label is {labels} (vocabulary key assistant.answer)"
        )
    return answer


def ask_about(driver: PortalDriver, procedure: StandardProcedure) -> list[QA]:
    """Ask the three standard questions about ``procedure`` in the portal's language; check each answer.

    The procedure is named as the portal names it on its information page (as a citizen who has just
    read that page would ask); the answers are checked against the standard catalog.
    """
    language = language_of(driver.profile)
    name = portal_name_of(driver, procedure)
    answers = []
    for number, topic in enumerate(TOPICS):
        question = question_for(procedure, topic, language, driver.profile, name=name)
        answer = ask(driver, question, reuse_page=number > 0)
        # An assistant may echo the question (and with it a name like "... under 6"): not a stated fact.
        stated = answer.replace(collapse_space(question), " ")
        answers.append(QA(topic, question, answer, check_answer(procedure, topic, stated, language)))
    return answers


def portal_name_of(driver: PortalDriver, procedure: StandardProcedure) -> str | None:
    """The procedure's name as the heading of its information page on this portal (None: not listed)."""
    entry = driver.profile.procedure_entry(procedure.id)
    if entry is None:
        return None
    driver.open(entry.info_path or driver.url_for("procedure_info", code=entry.code))
    headings = driver.browser.find_elements(By.TAG_NAME, "h1")
    return collapse_space(headings[0].text) if headings and headings[0].text.strip() else None


def _question_field_here(driver: PortalDriver) -> bool:
    if driver.profile.labels_for("nav.assistant") is None:
        return False  # _open_assistant says why
    try:
        return driver.find_control("assistant.question") is not None
    except WebDriverException:
        return False  # no page yet (about:blank before the first open)


def _open_assistant(driver: PortalDriver) -> None:
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
    if driver.find_action("nav.assistant", scan) is None:
        raise AssistantNotFound(
            f"{portal} offers no virtual assistant (no link named {link.labels} on "
            f"{driver.browser.current_url})"
        )
    driver.click("nav.assistant", scan)


def _answer_text(driver: PortalDriver) -> str | None:
    """The text of the last visible answer region on the page (the newest answer of a conversation)."""
    labels = driver.locator("assistant.answer").labels
    try:
        regions = driver.browser.execute_script(_NAMED_REGIONS_JS) or []
    except WebDriverException:
        return None
    texts = [
        collapse_space(text)
        for name, text in regions
        if any(label_matches(name, label) for label in labels) and (text or "").strip()
    ]
    return texts[-1] if texts else None


def _wait_for_answer(driver: PortalDriver, other_than: str | None, seconds: float) -> str | None:
    """The first answer that differs from ``other_than``, waited for as a condition (None: none came)."""

    def new_answer(_browser) -> str | bool:
        answer = _answer_text(driver)
        return answer if answer is not None and answer != other_than else False

    try:
        return WebDriverWait(driver.browser, seconds, poll_frequency=0.1).until(new_answer)
    except TimeoutException:
        return None
