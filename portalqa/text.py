"""Comparing what a portal writes with what the harness looks for: spacing, case, diacritics, amounts.

Portals write the same words in many ways: "Họ và tên *", "HỌ VÀ TÊN:", "Ho va ten", "25.000 đồng",
"25,000 VND". Each function here removes one kind of difference and says why it stops there; the
variants are kept apart because callers depend on what each leaves alone (positions, spacing, a
trailing hint), and a change of any of them would change which labels match.

- collapse_space: whitespace only (what a text *says*, as it is quoted back).
- fold_case: spacing and case; diacritics kept ("Hồ sơ" and "Ho so" stay different names).
- label_key / label_matches: fold_case, less a form's hint after the label ("Email *", "Name:").
- name_matches_any: whole-word prefix match of names already passed through fold_case.
- fold: spacing, case and Vietnamese diacritics (đ -> d): the key for "is this the same name".
- fold_spacing_kept: fold without collapsing whitespace, so a position found in the folded text is
  (nearly) the same position in the original.
- fold_aligned: one character for one character, so a match's span in the folded text slices the
  original exactly.
- amount_of / first_amount: the integer that "25.000", "25,000" or "25 000" writes.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# What may follow a label on a form without making it another label: "Full name (required)", "Email *".
_HINT_STARTS = ("(", "*", ":", "-", "–")
# Digits grouped in thousands by ".", "," or whitespace ("25.000", "1 000 000"), else a run of digits.
_GROUPED_AMOUNT = re.compile(r"\d{1,3}(?:[.,\s]\d{3})+(?!\d)|\d+")


def collapse_space(text: str | None) -> str:
    """Runs of whitespace (newlines, tabs, no-break spaces) as one space, none at the ends; None -> ""."""
    return " ".join((text or "").split())


def fold_case(text: str) -> str:
    """collapse_space, then casefold. Diacritics stay: for names shown to people ("Chính sách bảo mật")
    where an unaccented spelling would be another word."""
    return collapse_space(text).casefold()


def label_key(text: str) -> str:
    """fold_case less a trailing " *:" ("Họ và tên *:" -> "họ và tên"): the mark of a required field or
    the colon after a label is not part of the label's name."""
    return fold_case(text).rstrip(" *:").strip()


def label_matches(actual: str, wanted: str) -> bool:
    """The label on the page is the wanted one: equal under label_key, or the wanted words followed only
    by a hint ("Full name (required)", "Email * ", "Ngày sinh - dd/mm/yyyy").

    `{n}` in the wanted label stands for any number, for names that carry a count ("Có {n} lỗi cần
    sửa" matches "Có 3 lỗi cần sửa").
    """
    actual, wanted = label_key(actual), label_key(wanted)
    if "{n}" in wanted:
        pattern = r"\d+".join(re.escape(part) for part in wanted.split("{n}"))
        found = re.match(pattern, actual)
        if found is None:
            return False
        rest = actual[found.end() :].lstrip()
        return not rest or rest[:1] in _HINT_STARTS
    if actual == wanted:
        return True
    return actual.startswith(wanted) and actual[len(wanted) :].lstrip()[:1] in _HINT_STARTS


def name_matches_any(name: str, wanted: Iterable[str]) -> bool:
    """The name equals one of the wanted names or starts with it as whole words ("Privacy policy and
    cookies" matches "privacy policy"; "Privacy policyholders" does not).

    `wanted` must already be passed through fold_case (callers fold their names once, not per link).
    """
    name = fold_case(str(name))
    return any(name == w or (name.startswith(w) and not name[len(w)].isalnum()) for w in wanted)


def fold_spacing_kept(text: str) -> str:
    """Casefold, đ -> d and no combining marks ("Lệ phí" -> "le phi"), whitespace left as it is.

    For finding a label in a longer text and reading what follows it in the original: with the
    spacing kept, the position found is the original's for Vietnamese text.
    """
    text = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


def fold(text: str) -> str:
    """collapse_space, casefold, đ -> d, no combining marks: "Giấy  chứng sinh" -> "giay chung sinh".

    The key for "do these two texts name the same thing", whatever their spacing, case or accents.
    """
    return fold_spacing_kept(collapse_space(text))


def fold_aligned(text: str) -> str:
    """Lower case without Vietnamese diacritics (đ -> d), exactly one character for one.

    For regular expressions run on the folded text whose match spans then slice the original
    ("25.000 đồng" is found as "25.000 dong" and quoted with its accents). Unlike fold it lowers
    rather than casefolds ("ß" stays one character) and keeps a character whose base would be several.
    """
    return "".join(_fold_char(c) for c in text)


def _fold_char(char: str) -> str:
    if char in "đĐ":
        return "d"
    base = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c)).lower()
    return base if len(base) == 1 else char.lower()[:1] or char


def amount_of(digits: str) -> int:
    """The integer a number written with thousands separators states: "25.000", "25,000", "25 000"."""
    return int(re.sub(r"\D", "", digits))


def first_amount(text: str) -> int | None:
    """The first number in the text, digits grouped in thousands by ".", "," or a space, as an integer
    ("Online: 25.000 đồng" -> 25000); None when there is no digit.

    A loose reading for a line already known to state a fee or a time; the assistant's answers, which
    also name laws ("123/2015") and ranges, are read more strictly (portalqa.citizen.assistant_answers).
    """
    match = _GROUPED_AMOUNT.search(text)
    return amount_of(match.group(0)) if match else None
