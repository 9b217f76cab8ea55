"""Ask a portal's virtual assistant about a procedure and check its answers against the standard.

For each procedure the harness asks three questions in the portal's language (English or
Vietnamese): which documents are needed, what the fee is and how long it takes. An answer is right
when it states the standard catalog's facts (not the portal's own): every document the citizen has to
provide, the online fee first, the online time limit first (answers state the online figures first,
then the counter's).

Asking needs a browser (``ask``, ``ask_about``); checking is pure text (``check_answer``) so it can be
tested, and re-run on recorded answers, without one. The profile's vocabulary names the assistant's
controls: ``nav.assistant`` (the link to it), ``assistant.question`` (the question field),
``assistant.ask`` (the button) and ``assistant.answer`` (the aria-label of the answer region);
``assistant.question_documents``, ``assistant.question_fee`` and ``assistant.question_time`` may
reword the questions (each must contain ``{name}``).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, get_args

from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from portalqa.standard.catalog import StandardProcedure

if TYPE_CHECKING:
    from portalqa.citizen.driver import PortalDriver
    from portalqa.profiles.profile import Profile

Topic = Literal["documents", "fee", "time"]
TOPICS: tuple[Topic, ...] = get_args(Topic)
LANGUAGES = ("en", "vi")
DEFAULT_LANGUAGE = "en"

# The standard questions; {name} is the procedure's catalog name in the same language.
QUESTIONS: dict[str, dict[Topic, str]] = {
    "en": {
        "documents": "Which documents do I need for {name}?",
        "fee": "What is the fee for {name}?",
        "time": "How long does {name} take?",
    },
    "vi": {
        "documents": "Tôi cần những giấy tờ gì để làm thủ tục {name}?",
        "fee": "Lệ phí thủ tục {name} là bao nhiêu?",
        "time": "Thủ tục {name} giải quyết trong bao lâu?",
    },
}
# Vocabulary keys a profile may use to reword a question (the portal's assistant may expect its own).
QUESTION_KEYS: dict[Topic, str] = {topic: f"assistant.question_{topic}" for topic in TOPICS}
# How long an answer may take to appear once the answer page has loaded (or the button was pressed).
ANSWER_WAIT_S = 2.0


class AssistantNotFound(AssertionError):
    """The portal offers no virtual assistant: a finding about the portal."""


@dataclass
class QA:
    """One question to the assistant, its answer and what is wrong with it (nothing: it is right)."""

    topic: Topic
    question: str
    answer: str
    problems: list[str] = field(default_factory=list)

    @property
    def right(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict:
        """The shape of measurements_schema.AssistantAnswer."""
        return {
            "topic": self.topic,
            "question": self.question,
            "answer": self.answer,
            "problems": list(self.problems),
        }


# Questions -----------------------------------------------------------------------------------------


def language_of(profile: Profile | None) -> str:
    """The language to ask in: the portal's, when it is one the questions exist in; else English."""
    language = getattr(profile, "language", None)
    return language if language in LANGUAGES else DEFAULT_LANGUAGE


def question_for(
    procedure: StandardProcedure,
    topic: Topic,
    language: str,
    profile: Profile | None = None,
    name: str | None = None,
) -> str:
    """The question about ``topic`` in ``language``, as the profile rewords it if it does.

    ``name`` is the portal's own name for the procedure; by default, the catalog's name in ``language``.
    """
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}; the topics are {', '.join(TOPICS)}")
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    template = QUESTIONS[language][topic]
    override = profile.labels_for(QUESTION_KEYS[topic]) if profile is not None else None
    if override is not None and override.labels:
        template = override.labels[0]
        if "{name}" not in template:
            where = profile.source or profile.id
            raise ValueError(
                f"vocabulary {QUESTION_KEYS[topic]} in {where} must contain {{name}} (where the "
                f"procedure's name goes); it is {template!r}"
            )
    return template.replace("{name}", name or getattr(procedure.name, language))


# Asking (needs a browser) ----------------------------------------------------------------------------

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
        stated = answer.replace(normalise_space(question), " ")
        answers.append(QA(topic, question, answer, check_answer(procedure, topic, stated, language)))
    return answers


def portal_name_of(driver: PortalDriver, procedure: StandardProcedure) -> str | None:
    """The procedure's name as the heading of its information page on this portal (None: not listed)."""
    entry = driver.profile.procedure_entry(procedure.id)
    if entry is None:
        return None
    driver.open(entry.info_path or driver.url_for("procedure_info", code=entry.code))
    headings = driver.browser.find_elements(By.TAG_NAME, "h1")
    return normalise_space(headings[0].text) if headings and headings[0].text.strip() else None


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
    from portalqa.citizen.driver import name_matches  # here: checking answers needs no browser stack

    labels = driver.locator("assistant.answer").labels
    try:
        regions = driver.browser.execute_script(_NAMED_REGIONS_JS) or []
    except WebDriverException:
        return None
    texts = [
        normalise_space(text)
        for name, text in regions
        if any(name_matches(name, label) for label in labels) and (text or "").strip()
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


# Checking (pure) -------------------------------------------------------------------------------------


def check_answer(procedure: StandardProcedure, topic: Topic, answer: str, language: str) -> list[str]:
    """What the answer gets wrong against the standard catalog, in plain English; [] when it is right."""
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    if topic == "documents":
        return _check_documents(procedure, answer, language)
    if topic == "fee":
        return _check_fee(procedure, answer)
    if topic == "time":
        return _check_time(procedure, answer)
    raise ValueError(f"unknown topic {topic!r}; the topics are {', '.join(TOPICS)}")


def normalise_space(text: str) -> str:
    return " ".join((text or "").split())


def fold(text: str) -> str:
    """Lower case without Vietnamese diacritics (đ -> d), one character for one: positions still match."""
    return "".join(_fold_char(c) for c in text)


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char.lower()[:1] or char


def _words(text: str) -> str:
    """Folded, punctuation as spaces: 'Land-use right' matches 'land use right', "Parents’" 'parents'."""
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).replace("_", " ").split())


def _quote(text: str, limit: int = 160) -> str:
    text = normalise_space(text)
    return f"“{text if len(text) <= limit else text[: limit - 1].rstrip() + '…'}”"


def vnd(amount: int) -> str:
    """An amount as problem texts state it: '25,000 VND', 'free (0 VND)'."""
    return "free (0 VND)" if amount == 0 else f"{amount:,} VND"


def working_days(days: int) -> str:
    return f"{days} working day" if days == 1 else f"{days} working days"


def _check_documents(procedure: StandardProcedure, answer: str, language: str) -> list[str]:
    said = f" {_words(answer)} "
    problems = []
    for document in procedure.requested_documents:
        name = document.name_in(language)
        if f" {_words(name)} " not in said:
            problems.append(
                f"the answer does not name the document “{name}”, which the standard requires; "
                f"it says: {_quote(answer)}"
            )
    return problems


# Amounts: "25,000", "25.000", "25 000" (also no-break spaces), "25000"; not part of "123/2015".
_NUMBER = r"(?<![\d/.,])(\d{1,3}(?:[., \u00a0\u202f]\d{3})+|\d+)(?![\d/]|[.,]\d)"
_CURRENCY_AFTER = re.compile(_NUMBER + r"\s*(?:vnd|vnđ|dong|d|₫)(?![a-z0-9])")
_CURRENCY_BEFORE = re.compile(r"(?<![a-z])(?:vnd|₫)\s*" + _NUMBER)
_BARE_NUMBER = re.compile(_NUMBER)
# Words for "no fee" (folded: without diacritics), each as a whole phrase.
_FREE = re.compile(
    r"(?<![a-z])(?:free of charge|free|no fees?|no charge|without charge|mien phi|mien le phi|"
    r"khong thu phi|khong thu le phi|khong mat phi|khong (?:phai )?(?:nop |tra )?(?:le )?phi)(?![a-z])"
)
# Numbers that are time, not money: "3 working days", "5 ngày".
_TIME_AFTER = re.compile(r"\s*(?:working |business |calendar )?(?:days?|hours?|ngay|gio)(?![a-z])")


def _without_names(folded: str, procedure: StandardProcedure) -> str:
    """The folded answer with the procedure's names blanked (so 'under-6' is not an amount or a time)."""
    for name in (procedure.name.en, procedure.name.vi):
        folded_name = fold(name)
        folded = folded.replace(folded_name, " " * len(folded_name))
    return folded


def stated_amounts(answer: str, procedure: StandardProcedure | None = None) -> list[tuple[int, str]]:
    """The amounts of money an answer states, in order, each with the text that states it.

    "Free" and its Vietnamese equivalents count as 0. Amounts with a currency (VND, đồng, đ, ₫) win;
    only an answer with none of those is read for bare numbers (0, or 1,000 and more).
    """
    folded = fold(answer)
    if procedure is not None:
        folded = _without_names(folded, procedure)
    found: dict[int, tuple[int, int]] = {}  # start -> (end, amount)
    for pattern in (_CURRENCY_AFTER, _CURRENCY_BEFORE):
        for match in pattern.finditer(folded):
            found.setdefault(match.start(), (match.end(), _amount(match.group(1))))
    for match in _FREE.finditer(folded):
        found.setdefault(match.start(), (match.end(), 0))
    if not found:
        for match in _BARE_NUMBER.finditer(folded):
            value = _amount(match.group(1))
            is_time = _TIME_AFTER.match(folded, match.end())
            if not is_time and (value == 0 or value >= 1000 or not match.group(1).isdigit()):
                found[match.start()] = (match.end(), value)
    return [(amount, answer[start:end]) for start, (end, amount) in sorted(found.items())]


def _amount(digits: str) -> int:
    return int(re.sub(r"\D", "", digits))


def _check_fee(procedure: StandardProcedure, answer: str) -> list[str]:
    expected = procedure.fees.online
    amounts = stated_amounts(answer, procedure)
    if not amounts:
        return [f"the answer states no fee ({_quote(answer)}); the standard online fee is {vnd(expected)}"]
    first, text = amounts[0]
    if first == expected:
        return []
    also = (
        " (it is stated, but not first: answers state the online fee first)"
        if any(amount == expected for amount, _ in amounts[1:])
        else ""
    )
    return [
        f"the fee stated is {vnd(first)} (“{text.strip()}”); the standard online fee is {vnd(expected)}{also}"
    ]


_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30,
    "khong": 0, "mot": 1, "hai": 2, "ba": 3, "bon": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8, "chin": 9,
    "muoi": 10, "muoi lam": 15, "hai muoi": 20, "ba muoi": 30,
}  # fmt: skip
_COUNT = r"(\d+|" + "|".join(sorted(map(re.escape, _NUMBER_WORDS), key=len, reverse=True)) + r")"
_RANGE = _COUNT + r"(?:\s*(?:-|–|to|den|toi)\s*" + _COUNT + r")?"
_WORKING_DAYS = re.compile(
    r"(?<![\w.,/])" + _RANGE + r"\s*(?:(?:working|business) days?|ngay lam viec)(?![a-z])"
)
_ANY_DAYS = re.compile(r"(?<![\w.,/])" + _RANGE + r"\s*(?:calendar )?(?:days?|ngay)(?![a-z])")
# "At once" phrases: a time limit of 0 working days (on receipt). Checked on the text with diacritics.
_AT_ONCE = re.compile(
    r"\b(?:immediately|at once|instantly|on receipt|on the spot|in real time|ngay lập tức|ngay khi|"
    r"ngay sau khi|tức thì)\b"
)


def stated_days(answer: str, procedure: StandardProcedure | None = None) -> tuple[int, str] | None:
    """The first time limit an answer states in (working) days, with the text that states it.

    A range ("3 to 5 working days") counts as its upper bound: a time limit is a maximum.
    """
    folded = fold(answer)
    if procedure is not None:
        folded = _without_names(folded, procedure)
    match = _WORKING_DAYS.search(folded) or _ANY_DAYS.search(folded)
    if match is None:
        return None
    low, high = match.group(1), match.group(2)
    days = _count(high if high is not None else low)
    return days, answer[match.start() : match.end()]


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def _check_time(procedure: StandardProcedure, answer: str) -> list[str]:
    expected = procedure.time_limit.online_working_days
    stated = stated_days(answer, procedure)
    if stated is None:
        if expected == 0 and _AT_ONCE.search(answer.casefold()):
            return []
        return [
            f"the answer states no time limit in working days ({_quote(answer)}); the standard online "
            f"time limit is {working_days(expected)}"
        ]
    days, text = stated
    if days == expected:
        return []
    return [
        f"the time stated is {working_days(days)} (“{text.strip()}”); the standard online time limit is "
        f"{working_days(expected)}"
    ]
