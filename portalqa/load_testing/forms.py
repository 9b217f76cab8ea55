"""Read an HTML form the way a browser would submit it, for the HTTP load journeys.

The load journeys have no browser: to open an e-form page and submit it like a citizen they need the
form's action and the values its controls hold (what the population register prefilled, the CSRF
token). A select still on its empty "Choose an option" takes its first real option, as a citizen who
picks something would. Standard library only: this runs inside Locust workers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Words a one-time-code field is named by (its name or id, split at anything not a letter or digit).
_ONE_TIME_CODE_WORDS = {"otp", "totp", "hotp", "mfa", "2fa", "passcode", "onetimecode", "onetimepassword"}
_ONE_TIME_CODE_PHRASES = ("onetime", "verificationcode", "smscode", "securitycode")
_NOT_TYPED = {"hidden", "submit", "button", "image", "reset", "file", "checkbox", "radio"}


@dataclass
class HtmlForm:
    action: str | None
    method: str
    fields: dict[str, str] = field(default_factory=dict)

    def values(self, overrides: dict[str, str] | None = None) -> dict[str, str]:
        merged = dict(self.fields)
        for name, value in (overrides or {}).items():
            # Only fill what the page asks for, and never overwrite what the portal prefilled.
            if name in merged and not merged[name]:
                merged[name] = value
        return merged


class _FormReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[HtmlForm] = []
        self._form: HtmlForm | None = None
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen: str | None = None
        self._option_value: str | None = None
        self._option_text: list[str] = []
        self._textarea: str | None = None
        self._textarea_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: (value or "") for name, value in attrs}
        if tag == "form":
            self._form = HtmlForm(action=a.get("action") or None, method=(a.get("method") or "get").lower())
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form.fields.setdefault(a["name"], "")
                return
            self._form.fields[a["name"]] = a.get("value", "on" if kind in ("checkbox", "radio") else "")
        elif tag == "select" and a.get("name"):
            self._select, self._select_first, self._select_chosen = a["name"], None, None
        elif tag == "option" and self._select is not None:
            self._option_value = a.get("value")
            self._option_text = []
            if "selected" in a:
                self._select_chosen = a.get("value", "")
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._textarea_text = a["name"], []

    def handle_data(self, data: str) -> None:
        if self._option_value is None and self._select is not None:
            self._option_text.append(data)
        if self._textarea is not None:
            self._textarea_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "option" and self._select is not None:
            value = (
                self._option_value if self._option_value is not None else "".join(self._option_text).strip()
            )
            if value and self._select_first is None:
                self._select_first = value
            self._option_value = None
        elif tag == "select" and self._select is not None and self._form is not None:
            chosen = self._select_chosen or self._select_first or ""
            self._form.fields[self._select] = chosen
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields[self._textarea] = "".join(self._textarea_text)
            self._textarea = None
        elif tag == "form":
            self._form = None


def read_forms(html: str) -> list[HtmlForm]:
    reader = _FormReader()
    reader.feed(html)
    reader.close()
    return reader.forms


def post_form(html: str, must_have: str | None = None) -> HtmlForm | None:
    """The page's main POST form (holding the field `must_have`, when given), or None.

    "Main" is the one with the most fields: pages also carry small POST forms of their own (a sign-out
    button, a language switch) that a citizen filling in the page does not submit.
    """
    candidates = [
        form
        for form in read_forms(html)
        if form.method == "post" and (must_have is None or must_have in form.fields)
    ]
    return max(candidates, key=lambda form: len(form.fields), default=None)


class _CodeFieldReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: (value or "") for name, value in attrs}
        if tag != "input" or a.get("type", "text").lower() in _NOT_TYPED:
            return
        if "one-time-code" in a.get("autocomplete", "").lower().split():
            self.found = True  # the standard hint (HTML autofill) for a code sent by SMS or an app
            return
        for name in (a.get("name", ""), a.get("id", "")):
            words = [word for word in re.split(r"[^a-z0-9]+", name.lower()) if word]
            joined = "".join(words)
            if _ONE_TIME_CODE_WORDS & {*words, joined} or any(p in joined for p in _ONE_TIME_CODE_PHRASES):
                self.found = True


def asks_for_one_time_code(html: str) -> bool:
    """Does the page ask the citizen to type a one-time code (a second sign-on factor)?

    Told by a field a citizen types into (never a hidden one: a hand-over form may carry a `code`)
    marked `autocomplete="one-time-code"` or named like one (otp, totp, mfa, 2fa, passcode, one-time...).
    """
    reader = _CodeFieldReader()
    reader.feed(html)
    reader.close()
    return reader.found
