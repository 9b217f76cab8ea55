"""Check a virtual assistant's answers against the standard catalog: pure text, no browser.

An answer is right when it states the standard catalog's facts (not the portal's own): every document
the citizen has to provide, the online fee first, the online time limit first (answers state the
online figures first, then the counter's). Being pure, the checks are tested, and can be re-run on
recorded answers, without a browser.
"""

from __future__ import annotations

import re

from portalqa.citizen.assistant_questions import DEFAULT_LANGUAGE, LANGUAGES, TOPICS, Topic
from portalqa.standard.catalog import StandardProcedure
from portalqa.text import amount_of, collapse_space, fold_aligned


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


def _words(text: str) -> str:
    """Folded, punctuation as spaces: 'Land-use right' matches 'land use right', "Parents’" 'parents'."""
    return " ".join(re.sub(r"[^\w]+", " ", fold_aligned(text)).replace("_", " ").split())


def _quote(text: str, limit: int = 160) -> str:
    text = collapse_space(text)
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
        folded_name = fold_aligned(name)
        folded = folded.replace(folded_name, " " * len(folded_name))
    return folded


def stated_amounts(answer: str, procedure: StandardProcedure | None = None) -> list[tuple[int, str]]:
    """The amounts of money an answer states, in order, each with the text that states it.

    "Free" and its Vietnamese equivalents count as 0. Amounts with a currency (VND, đồng, đ, ₫) win;
    only an answer with none of those is read for bare numbers (0, or 1,000 and more).
    """
    folded = fold_aligned(answer)
    if procedure is not None:
        folded = _without_names(folded, procedure)
    found: dict[int, tuple[int, int]] = {}  # start -> (end, amount)
    for pattern in (_CURRENCY_AFTER, _CURRENCY_BEFORE):
        for match in pattern.finditer(folded):
            found.setdefault(match.start(), (match.end(), amount_of(match.group(1))))
    for match in _FREE.finditer(folded):
        found.setdefault(match.start(), (match.end(), 0))
    if not found:
        for match in _BARE_NUMBER.finditer(folded):
            value = amount_of(match.group(1))
            is_time = _TIME_AFTER.match(folded, match.end())
            if not is_time and (value == 0 or value >= 1000 or not match.group(1).isdigit()):
                found[match.start()] = (match.end(), value)
    return [(amount, answer[start:end]) for start, (end, amount) in sorted(found.items())]


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
    folded = fold_aligned(answer)
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
