"""Check a virtual assistant's answers against what the citizen can rely on: pure text, no browser.

The reference of each answer, in this order:

- the **portal's own information page** of the procedure (portalqa.citizen.information_page):
  the documents it lists, its online fee, its online time limit. The assistant speaks for the
  portal: repeating what the portal publishes is right for the citizen, and a published fee or
  time that breaks the rules is the information page's finding (transparency), not the assistant's;
- else the **standard's** value, where the catalog marks it authoritative (``illustrative: false``,
  with its ``basis``): the online fee and the online time limit, for a page that does not state them;
- else nothing: the answer is *not assessable* (never right, never wrong). An illustrative standard
  value (``illustrative: true``) never produces a problem, and neither do the standard's document
  names: they are generic wordings, not the portal's (they only help recognise a document named
  differently on the page and in the answer).

Documents: the answer must name every document the information page lists that the citizen
provides. Not counted: the application form itself (filled in online as the e-form) and what the page
says need not be provided (looked up by the agency, "if any"). A document counts as named when the
answer contains its name as the page writes it less qualifiers ("Medical birth certificate issued by
the health facility..." is named by "medical birth certificate"; "Bản chính Giấy chứng sinh do cơ sở y
tế cấp" by "giấy chứng sinh"), or one of its alternatives ("A or B"), or the standard's name of that
document. Matching ignores case, punctuation and Vietnamese diacritics.

Fee and time: answers state the online figures first, then the counter's; the first amount stated
must be the online fee, the first number of (working) days the online time limit.

Being pure, the checks are tested, and can be re-run on recorded answers, without a browser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portalqa.citizen.assistant_questions import DEFAULT_LANGUAGE, LANGUAGES, TOPICS, Topic
from portalqa.standard.catalog import StandardProcedure
from portalqa.text import amount_of, collapse_space, fold_aligned

INFORMATION_PAGE = "information_page"
STANDARD = "standard"


@dataclass(frozen=True)
class Reference:
    """One value an answer is checked against, and where it comes from."""

    value: int
    source: str  # INFORMATION_PAGE or STANDARD
    where: str = ""  # the page's address, or the standard's basis

    def describe(self) -> str:
        if self.source == STANDARD:
            return f"the standard ({self.where})" if self.where else "the standard"
        return (
            f"the portal's information page ({self.where})" if self.where else "the portal's information page"
        )


@dataclass(frozen=True)
class References:
    """What each topic's answer is checked against; None where there is nothing to check against."""

    documents: tuple[str, ...] | None = None  # the documents the information page lists
    documents_where: str = ""  # the information page's address
    fee_online: Reference | None = None
    days_online: Reference | None = None
    # What the information page states (the reference when it states it).
    page_fee_online: int | None = None
    page_days_online: int | None = None


def references_for(procedure: StandardProcedure, information_page: dict | None) -> References:
    """The references for the three answers about ``procedure``, from its information page as
    portalqa.citizen.information_page.read gives it (None: not read) and the standard catalog."""
    page = information_page or {}
    where = str(page.get("url") or "")
    listed = page.get("documents")
    documents = tuple(str(d) for d in listed) if isinstance(listed, list) else None
    page_fee, page_days = _int_or_none(page.get("fee_online")), _int_or_none(page.get("days_online"))
    fee = _reference(procedure.fees.online, procedure.fees, page_fee, where)
    days = _reference(procedure.time_limit.online_working_days, procedure.time_limit, page_days, where)
    return References(
        documents=documents,
        documents_where=where,
        fee_online=fee,
        days_online=days,
        page_fee_online=page_fee,
        page_days_online=page_days,
    )


def _int_or_none(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _reference(standard_value: int, standard, page_value: int | None, where: str) -> Reference | None:
    if page_value is not None:
        return Reference(page_value, INFORMATION_PAGE, where)
    if not standard.illustrative:
        return Reference(standard_value, STANDARD, standard.basis or "")
    return None


def reference_of(topic: Topic, references: References) -> str | None:
    """What the answer about ``topic`` is checked against, in words; None: it is not assessable."""
    if topic == "documents":
        if references.documents is None:
            return None
        where = f" ({references.documents_where})" if references.documents_where else ""
        return f"the documents the portal's information page lists{where}"
    if topic == "fee":
        fee = references.fee_online
        return f"online fee {vnd(fee.value)}, {fee.describe()}" if fee else None
    if topic == "time":
        days = references.days_online
        return f"online time limit {working_days(days.value)}, {days.describe()}" if days else None
    raise ValueError(f"unknown topic {topic!r}; the topics are {', '.join(TOPICS)}")


def check_answer(
    procedure: StandardProcedure,
    topic: Topic,
    answer: str,
    language: str,
    references: References | None = None,
) -> list[str]:
    """What the answer gets wrong against its reference, in plain English; [] when it is right, and
    when it has no reference (``reference_of`` is None: not assessable).

    Without ``references``, only the standard's authoritative values are references.
    """
    language = language if language in LANGUAGES else DEFAULT_LANGUAGE
    references = references if references is not None else references_for(procedure, None)
    if topic == "documents":
        if references.documents is None:
            return []
        return _check_documents(procedure, answer, language, references.documents)
    if topic == "fee":
        if references.fee_online is None:
            return []
        return _check_fee(procedure, answer, references.fee_online, references.page_fee_online)
    if topic == "time":
        if references.days_online is None:
            return []
        return _check_time(procedure, answer, references.days_online, references.page_days_online)
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


# Documents the page lists that the citizen does not provide (folded: lower case, no diacritics).
# The application form itself, filled in online as the e-form:
_FORM_MARKERS = re.compile(r"\b(?:e ?form|online form|to khai dien tu|bieu mau dien tu|mau dien tu)\b")
_FORM_STARTS = re.compile(
    r"^(?:to khai|mau to khai|don de nghi|don xin|don dang ky|mau don|phieu de nghi|declaration|"
    r"application form|application for|request form|request for)\b"
)
# What the page says need not be provided, or only when it applies:
_NOT_PROVIDED = re.compile(
    r"\b(?:need not|no need to|not required|not needed|looked up|if any|if applicable|optional|"
    r"khong can dinh kem|khong phai dinh kem|khong can nop|khong phai nop|tu tra cuu|neu co|khong bat buoc)\b"
)
# Leading words that qualify a document rather than name it: "Bản chính", "01 bản sao", "A copy of".
_LEADING = re.compile(
    r"^(?:(?:\d+|mot|hai)\s+)?(?:(?:ban chinh|ban sao(?: co chung thuc)?|ban goc|ban chup|"
    r"original(?: of)?|(?:a |one |certified )?cop(?:y|ies) of|the|an?)\s+)+"
)
# Where a document's name ends and what qualifies it begins (a space before each word).
_QUALIFIERS = re.compile(
    r"\s*[(,;:]|\s[–—-]\s|\s(?:issued by|signed by|certified by|if|such as|where|when|from|for|with|"
    r"do|neu|nhu|theo|cap cho|tai)\s"
)
_ALTERNATIVES = re.compile(r"\s(?:or|hoac)\s|\s?/\s?")


def listed_document_names(item: str, procedure: StandardProcedure | None = None) -> list[str] | None:
    """The names that name a document the information page lists, folded; None when the citizen does
    not provide it (the application form itself, a document the page says need not be provided).

    The first name is the document's own name (the item less its qualifiers); then its alternatives
    ("A or B") and the standard's names of the same document (``procedure``'s, either language).
    """
    folded = _words(item)
    if (
        not folded
        or _FORM_MARKERS.search(folded)
        or _FORM_STARTS.search(folded)
        or _NOT_PROVIDED.search(folded)
    ):
        return None
    text = _LEADING.sub("", fold_aligned(collapse_space(item))).strip()
    head = text
    for cut in _QUALIFIERS.finditer(text):
        if len(_words(text[: cut.start()]).split()) >= 2:
            head = text[: cut.start()]
            break
    names = [_words(head)] if _words(head) else [folded]
    names += [_words(part) for part in _ALTERNATIVES.split(head) if _words(part) and _words(part) != names[0]]
    if procedure is not None:
        for document in procedure.documents:
            for name in (document.name, document.vi):
                if f" {_words(name)} " in f" {folded} " and _words(name) not in names:
                    names.append(_words(name))
    return names


def _check_documents(
    procedure: StandardProcedure, answer: str, language: str, listed: tuple[str, ...]
) -> list[str]:
    said = f" {_words(answer)} "
    problems = []
    for item in listed:
        names = listed_document_names(item, procedure)
        if names is None or any(f" {name} " in said for name in names):
            continue
        problems.append(
            f"the answer does not name the document {_quote(item)}, which the portal's information page "
            f"lists; it says: {_quote(answer)}"
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


def _check_fee(
    procedure: StandardProcedure, answer: str, reference: Reference, on_page: int | None
) -> list[str]:
    expected = reference.value
    amounts = stated_amounts(answer, procedure)
    said = (
        f"the online fee is {vnd(expected)} according to {reference.describe()}"
        f"{_page_differs(reference, on_page, vnd)}"
    )
    if not amounts:
        return [f"the answer states no fee ({_quote(answer)}); {said}"]
    first, text = amounts[0]
    if first == expected:
        return []
    also = (
        " (it is stated, but not first: answers state the online fee first)"
        if any(amount == expected for amount, _ in amounts[1:])
        else ""
    )
    return [f"the fee stated is {vnd(first)} (“{text.strip()}”); {said}{also}"]


def _page_differs(reference: Reference, on_page: int | None, say) -> str:
    """When the standard decides and the information page states something else, say so too."""
    if reference.source == STANDARD and on_page is not None and on_page != reference.value:
        return f"; the portal's information page states {say(on_page)}"
    return ""


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


def _check_time(
    procedure: StandardProcedure, answer: str, reference: Reference, on_page: int | None
) -> list[str]:
    expected = reference.value
    said = (
        f"the online time limit is {working_days(expected)} according to {reference.describe()}"
        f"{_page_differs(reference, on_page, working_days)}"
    )
    stated = stated_days(answer, procedure)
    if stated is None:
        if expected == 0 and _AT_ONCE.search(answer.casefold()):
            return []
        return [f"the answer states no time limit in working days ({_quote(answer)}); {said}"]
    days, text = stated
    if days == expected:
        return []
    return [f"the time stated is {working_days(days)} (“{text.strip()}”); {said}"]
