"""Plausible answers for e-form questions that nobody gave portalqa an answer to.

A portal may ask required questions the national standard does not know (occupation, religion, a
bank account). A careful mystery shopper answers them truthfully for the test citizen where the
profile says how (`procedures.<id>.answers`); otherwise with the most ordinary answer the control
itself allows: its type, pattern, length, range, options and label. Each such answer is recorded
as beyond the standard. Pure logic: the control is described by plain values, no browser.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from portalqa.text import fold

# Written the way the label, placeholder or hint of a text date field says its format.
DATE_HINTS = {
    "dd/mm/yyyy": "%d/%m/%Y",
    "dd-mm-yyyy": "%d-%m-%Y",
    "dd.mm.yyyy": "%d.%m.%Y",
    "mm/dd/yyyy": "%m/%d/%Y",
    "yyyy-mm-dd": "%Y-%m-%d",
}
# The same hints as Vietnamese portals write them (ngày/tháng/năm).
_VI_DATE_HINTS = {"ngay/thang/nam": "%d/%m/%Y", "dd/mm/yy": "%d/%m/%Y"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YES = {"yes", "co", "true", "y", "1", "dong y"}
_NO = {"no", "khong", "false", "n", "0"}


@dataclass(frozen=True)
class Question:
    """What the page says about one control (or one radio group): everything an answer may use."""

    label: str
    type: str  # text, tel, email, date, number, textarea, select, radio, checkbox ...
    required: bool = False
    placeholder: str = ""
    hint: str = ""
    pattern: str = ""
    min: str = ""
    max: str = ""
    maxlength: int = 0
    inputmode: str = ""
    autocomplete: str = ""
    # (text, value, disabled) of each option of a list or radio group, in page order.
    options: Sequence[tuple[str, str, bool]] = field(default_factory=tuple)


def date_format_of(question: Question, default: str | None = None) -> str | None:
    """The strftime format a date question wants; None when it is not a date question or says nothing
    (and no `default` is given)."""
    if question.type == "date":
        return "%Y-%m-%d"  # a native date input takes the ISO value through the DOM
    said = fold(" ".join((question.label, question.placeholder, question.hint)))
    for hint, fmt in {**DATE_HINTS, **_VI_DATE_HINTS}.items():
        if hint in said.replace(" ", ""):
            return fmt
    if default and re.search(r"\bngay\b|\bdate\b", fold(question.label)) and question.type in ("text", ""):
        return default
    return None


def format_date(value: str, fmt: str) -> str:
    """An ISO date (how features write them) in the format the control wants; other text as it is."""
    if not _ISO_DATE.match(value):
        return value
    return dt.date.fromisoformat(value).strftime(fmt)


def is_yes(value: str) -> bool | None:
    """Whether an answer says yes (True), no (False), or neither (None)."""
    folded = fold(value).strip()
    if folded in _YES:
        return True
    if folded in _NO:
        return False
    return None


def yes_no_options(options: Iterable[tuple[str, str, bool]]) -> dict[bool, str] | None:
    """For a yes/no group, {True: yes option's text, False: no option's text}; None otherwise."""
    sides: dict[bool, str] = {}
    for text, value, _ in options:
        side = is_yes(text)
        if side is None:
            side = is_yes(value)
        if side is None:
            return None
        sides[side] = text
    return sides if set(sides) == {True, False} else None


def plausible_answers(
    question: Question, *, today: dt.date, date_format: str | None = None, avoid: Iterable[str] = ()
) -> list[str]:
    """Candidate answers, most ordinary first; an empty list means portalqa cannot answer it.

    For a list or radio group the candidates are option texts. `avoid` holds answers already given
    to a sibling question with the same options ("second elective subject" must differ from the first).
    """
    avoid = set(avoid)
    if question.type in ("select", "radio"):
        usable = [text for text, value, disabled in question.options if value and not disabled]
        sides = yes_no_options(question.options)
        if sides is not None:
            # "No" is the answer that asks for nothing more (no earlier passport number, no proof).
            return [sides[False], sides[True]]
        return [t for t in usable if t not in avoid] + [t for t in usable if t in avoid]
    if question.type == "checkbox":
        return ["yes"]  # a required box is a declaration or a consent
    fmt = date_format_of(question, date_format)
    if fmt is None and re.search(r"\bngay\b|\bdate\b", fold(question.label)):
        fmt = "%Y-%m-%d"
    if fmt is not None:
        return [day.strftime(fmt) for day in _plausible_days(question, today)]
    if question.type == "email" or question.autocomplete == "email":
        return ["cong.dan.thu@example.vn"]
    if question.type == "tel" or question.autocomplete == "tel":
        return ["0912345678"]
    if question.type == "number":
        low = _number(question.min)
        return [str(int(low) if low is not None else 1)]
    if question.pattern:
        example = example_for_pattern(question.pattern)
        if example is not None:
            return [example]
    return _text_candidates(question)


def _plausible_days(question: Question, today: dt.date) -> list[dt.date]:
    """Today when nothing bounds the date; within a range (an appointment), the first weekdays."""
    low, high = _date(question.min), _date(question.max)
    if low is None and high is None:
        ahead = _next_weekday(today + dt.timedelta(days=1))
        if _FUTURE.search(fold(f"{question.label} {question.hint}")):
            return [ahead, _next_weekday(ahead + dt.timedelta(days=1))]
        # Most dates a form asks are today or before (a purchase, an expiry); a refused today is
        # retried with the next working day (an appointment whose page says nothing of its range).
        return [today, ahead, today - dt.timedelta(days=1)]
    start = max(low, today + dt.timedelta(days=1)) if low else today + dt.timedelta(days=1)
    if high is not None and start > high:
        start = low or high
    days, day = [], start
    while len(days) < 3 and (high is None or day <= high):
        if day.weekday() < 5:  # offices take appointments on weekdays
            days.append(day)
        day += dt.timedelta(days=1)
    return days or [start]


def _next_weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


# Words of a hint that say the date lies ahead: "from tomorrow", "a working day", "ngày làm việc".
_FUTURE = re.compile(
    r"tomorrow|weekday|working day|in the future|ngay mai|ngay lam viec|thu hai den thu sau|tu ngay mai"
)


def _text_candidates(question: Question) -> list[str]:
    label = fold(question.label)
    numeric = question.inputmode in ("numeric", "decimal") or re.search(
        r"\b(so|ma so|number|no\.|account|tai khoan)\b", label
    )
    length = question.maxlength or 0
    if numeric and not re.search(r"\b(so nha|ten)\b", label):
        digits = "0123456789" * 2
        width = min(length, 10) if length else 10
        return [digits[1 : width + 1], digits[1:9], digits[1:13]]
    if re.search(r"ho va ten|ho ten|\bname\b|ten chu", label):
        return ["Nguyễn Văn Thử"]
    if question.type == "textarea":
        return ["Kiểm thử chất lượng dịch vụ công trực tuyến."]
    text = "Kiểm thử"
    return [text[:length] if length else text]


def example_for_pattern(pattern: str) -> str | None:
    """A string matching a simple HTML pattern ([A-Z]\\d{7}, [0-9]{10}, ...); None for others."""
    out: list[str] = []
    tokens = re.findall(r"(\\d|\\w|\[[^\]]+\]|[A-Za-z0-9\-/.])(\{(\d+)(?:,(\d*))?\}|[+*?])?", pattern)
    rebuilt = "".join(t[0] + t[1] for t in tokens)
    if rebuilt != pattern.strip("^$"):
        return None
    for atom, quantifier, low, _high in tokens:
        count = int(low) if low else (1 if quantifier in ("", "+", "?") else 0)
        out.append(_example_char(atom) * count)
    example = "".join(out)
    return example if re.fullmatch(pattern, example) else None


def _example_char(atom: str) -> str:
    if atom in (r"\d",):
        return "1"
    if atom == r"\w":
        return "a"
    if atom.startswith("["):
        body = atom[1:-1]
        for first in ("1", "A", "a"):
            if re.fullmatch(atom, first):
                return first
        return body[0]
    return atom


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _number(text: str) -> float | None:
    try:
        return float(text) if text else None
    except ValueError:
        return None
