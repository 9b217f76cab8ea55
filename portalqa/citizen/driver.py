"""The portal driver: acts on a portal as a citizen (and assistive technology) would.

Controls are found by their accessible label, actions by their accessible name, text by what is
visible; the profile's vocabulary maps the steps' semantic keys to the portal's words. CSS
selectors are a fallback the profile must ask for explicitly.
"""

from __future__ import annotations

import contextlib
import re
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from portalqa.browser.page_observer import PageObserver
from portalqa.citizen import faults
from portalqa.citizen.faults import PortalFault, PortalTimeout, PortalUnreachable
from portalqa.citizen.journey_record import JourneyRecord
from portalqa.citizen.plausible_answers import is_yes
from portalqa.profiles.profile import Locator, Profile
from portalqa.text import label_matches as name_matches  # also imported from here by citizen.tasks

if TYPE_CHECKING:  # kept_sessions drives a PortalDriver: a runtime import would be circular
    from portalqa.citizen.kept_sessions import SignOnSessions

_SCAN_JS = (Path(__file__).parent / "page_scan.js").read_text(encoding="utf-8")
TEXT_TYPES = {"text", "email", "tel", "date", "number", "search", "url", "textarea", "password"}


# A key with this prefix is a label written out in full (custom procedures in profiles use them).
LITERAL = "label:"


def literal(label: str) -> str:
    return LITERAL + label


class ControlNotFound(AssertionError):
    """A control the procedure needs is missing or unlabelled: a finding about the portal."""


class JourneyStuck(Exception):
    """portalqa itself cannot go on: it cannot answer a question, tell two choices apart, or read a
    one-time code. Not the portal's defect: the scenario is not assessable, with the portal's words."""


@dataclass
class Control:
    element: WebElement
    label: str
    tag: str
    type: str
    name: str
    value: str
    checked: bool
    readonly: bool
    visible: bool
    described_by: str
    invalid: bool
    required: bool = False
    label_source: str = ""  # aria-labelledby, aria-label, label, title, placeholder ("" when unnamed)
    group: str = ""  # for radios and checkboxes: the name of their fieldset or ARIA group
    placeholder: str = ""
    pattern: str = ""
    min: str = ""
    max: str = ""
    maxlength: int = 0
    inputmode: str = ""
    autocomplete: str = ""
    options: list = field(default_factory=list)  # a list's options: {text, value, disabled}


@dataclass
class Action:
    element: WebElement
    name: str
    tag: str
    href: str
    role: str  # "button" or "link"


@dataclass
class PageScan:
    controls: list[Control]
    actions: list[Action]
    alerts: list[str]
    text: str


def _says_yes(value: str) -> bool:
    # Anything that is not a clear "no" ticks the box: the old behaviour for "yes" and "true".
    return is_yes(value) is not False


class PortalDriver:
    def __init__(
        self,
        browser: WebDriver,
        profile: Profile,
        base_url: str,
        record: JourneyRecord,
        unavailable: str | PortalFault | None = None,
        observer: PageObserver | None = None,
        check_accessibility: bool = True,
        page_timeout_s: float | None = None,
        sign_on_sessions: SignOnSessions | None = None,
    ):
        self.browser = browser
        # The worker's kept sign-ons (citizen.kept_sessions); None: every journey signs on in full.
        self.sign_on_sessions = sign_on_sessions
        # Why the portal cannot be played at all (it did not start, the circuit breaker gave it up):
        # the first page the scenario opens raises it.
        self.unavailable = unavailable
        self.profile = profile
        self.base_url = base_url.rstrip("/")
        self.record = record
        self.wait_s = 15.0
        # How long a page may take to load before it is a timeout fault (the browser's page-load
        # timeout; None: the browser's own setting, portalqa.browser.chromium's 30 s).
        self.page_timeout_s = page_timeout_s or 30.0
        if page_timeout_s and not unavailable:
            browser.set_page_load_timeout(page_timeout_s)
        self.last_status: int | None = None  # the HTTP status of the page last loaded
        # Watches every page for the quality criteria; without one only the URL and title are kept.
        self.observer = observer
        self.check_accessibility = check_accessibility
        self._checked_pages: set[tuple[str, str]] = set()
        # The e-form answers of the journey in progress (citizen.form_filling.AnswerSheet), kept so
        # that pages met after the e-form (a late question page) are answered the same way.
        self.answer_sheet: Any = None
        self.work_dir: Path | None = None  # where the sample documents of this journey are written

    # Navigation ---------------------------------------------------------------------------------

    def open(self, path: str) -> None:
        if isinstance(self.unavailable, PortalFault):
            raise self.unavailable
        if self.unavailable:
            raise PortalUnreachable(self.unavailable)
        url = path if path.startswith("http") else self.base_url + path
        try:
            self.browser.get(url)
        except WebDriverException as err:
            fault = faults.from_webdriver(err, self.profile.name, f"at {url}", self.page_timeout_s)
            if fault is not None:
                raise fault from None
            raise
        self._page_loaded(f"at {url}")

    def url_for(self, which: str, **values: str) -> str:
        return getattr(self.profile.urls, which).format(**values)

    def _page_loaded(self, where: str) -> None:
        """Wait for the page, raise the fault it shows (an error page, a 5xx: citizen.faults), observe it.

        `where` says how the page came, for the fault's message: "at <url>", "after clicking 'Next'".
        """
        try:
            WebDriverWait(self.browser, self.wait_s).until(
                lambda b: b.execute_script("return document.readyState") == "complete"
            )
        except TimeoutException:
            raise PortalTimeout(
                f"{self.profile.name}: the page did not finish loading within {self.wait_s:g} s {where}"
            ) from None
        self.last_status = faults.check_document(self.browser, self.profile.name, where)
        if self.observer is None:
            self.record.page({"url": self.browser.current_url, "title": self.browser.title})
            return
        # axe-core runs once per distinct page of the scenario: an e-form page showing errors is
        # distinct from the same page without them (its title says so), a revisit is not.
        distinct = (urlsplit(self.browser.current_url).path, self.browser.title)
        first_visit = distinct not in self._checked_pages
        self._checked_pages.add(distinct)
        run_axe = first_visit and self.check_accessibility
        self.record.page(self.observer.observe(run_accessibility=run_axe).to_dict())

    def _navigates(self, click: Any, what: str = "the click") -> None:
        """Click, then wait until the next page has replaced this one.

        The old page is marked with a token in its window object; a new document has no token.
        (Selenium's staleness_of is not enough: mid-navigation Chromium may answer "node does not
        belong to the document" instead of reporting the element stale.) `what` names the click in
        a fault's message ("clicking 'Continue'").
        """
        token = self._mark_page()
        self.make_click(click, what)

        def replaced(browser: WebDriver) -> bool:
            try:
                return browser.execute_script(
                    "return window.__portalqa_page !== arguments[0] && document.readyState === 'complete';",
                    token,
                )
            except WebDriverException:
                return False  # the document is being swapped; ask again

        try:
            WebDriverWait(self.browser, self.wait_s, poll_frequency=0.05).until(replaced)
        except TimeoutException:
            self._raise_if_leaving(what)
            raise AssertionError(f"nothing happened on {self.browser.current_url} after the click") from None
        self._page_loaded(f"after {what}")

    def _mark_page(self) -> str:
        """Mark the current document with a token, and note when it starts to be left (beforeunload
        comes before the next page's request is sent): a page that was left and never replaced is a
        portal that did not answer, not a button that does nothing."""
        token = f"portalqa-{self.record.clicks}-{time.monotonic_ns()}"
        self.browser.execute_script(
            "window.__portalqa_page = arguments[0]; window.__portalqa_leaving = false;"
            "window.addEventListener('beforeunload', () => { window.__portalqa_leaving = true; });",
            token,
        )
        return token

    def make_click(self, click: Any, what: str) -> None:
        """Make the click; a click whose page does not load within the page-load timeout is a fault."""
        try:
            click()
        except WebDriverException as err:
            fault = faults.from_webdriver(err, self.profile.name, f"after {what}", self.page_timeout_s)
            if fault is not None:
                raise fault from None
            raise
        finally:
            self.record.clicks += 1

    def _raise_if_leaving(self, what: str) -> None:
        with contextlib.suppress(WebDriverException):
            if self.browser.execute_script("return window.__portalqa_leaving === true;"):
                raise PortalTimeout(
                    f"{self.profile.name}: no page within {self.wait_s:g} s after {what} "
                    f"(the browser left {self.browser.current_url} and nothing came)"
                )

    def tap(self, element: WebElement) -> None:
        """Click as a finger would: the element brought to the middle of the screen first.

        A phone given a page wider than its screen widens its layout viewport (innerWidth grows past
        the document's clientWidth), and WebDriver's pointer then lands beside the element; there the
        element's own default action is triggered instead, as assistive technology does, so the
        page's layout defect (recorded by the mobile criterion) does not pass for a broken button.
        """
        overflowing = False
        with contextlib.suppress(WebDriverException):
            overflowing = self.browser.execute_script(
                "arguments[0].scrollIntoView({block: 'center', inline: 'center'});"
                "return window.innerWidth > document.documentElement.clientWidth + 1;",
                element,
            )
        if overflowing:
            self.browser.execute_script("arguments[0].click();", element)
        else:
            element.click()

    # Reading the page ---------------------------------------------------------------------------

    def scan(self) -> PageScan:
        raw = self.browser.execute_script(_SCAN_JS)
        return PageScan(
            controls=[Control(**c) for c in raw["controls"]],
            actions=[Action(**a) for a in raw["actions"]],
            alerts=raw["alerts"],
            text=raw["text"],
        )

    def locator(self, key: str) -> Locator:
        if key.startswith(LITERAL):
            return Locator(labels=[key.removeprefix(LITERAL)])
        found = self.profile.labels_for(key)
        if found is None:
            raise KeyError(
                f"the profile {self.profile.source or self.profile.id} has no vocabulary entry {key!r}; "
                f"add `{key}: <the portal's label>` under vocabulary"
            )
        return found

    def find_control(self, key: str, scan: PageScan | None = None, quiet: bool = False) -> Control | None:
        """The visible control the key's labels name; the css fallback last (`quiet`: not recorded)."""
        scan = scan or self.scan()
        locator = self.locator(key)
        for control in scan.controls:
            if control.visible and any(name_matches(control.label, label) for label in locator.labels):
                return control
        element = self._first_by_css(locator, quiet)
        if element is not None:
            return Control(
                element=element, label="", tag=element.tag_name, type=element.get_attribute("type") or "",
                name=element.get_attribute("name") or "", value=element.get_attribute("value") or "",
                checked=element.is_selected(), readonly=False, visible=element.is_displayed(),
                described_by="", invalid=False,
            )  # fmt: skip
        return None

    def find_action(
        self, key: str, scan: PageScan | None = None, prefer: str | None = None, quiet: bool = False
    ) -> Action | None:
        """The first button or link with that name; `prefer="button"` ranks form buttons first.

        A page can say "Sign in" twice (a navigation link and the form's button); a task that submits
        a form means the button.
        """
        scan = scan or self.scan()
        locator = self.locator(key)
        matches = [a for a in scan.actions if any(name_matches(a.name, label) for label in locator.labels)]
        if prefer:
            matches.sort(key=lambda action: action.role != prefer)
        if matches:
            return matches[0]
        element = self._first_by_css(locator, quiet)
        if element is not None:
            role = "link" if element.tag_name == "a" else "button"
            return Action(element=element, name=element.text, tag=element.tag_name, href="", role=role)
        return None

    def _first_by_css(self, locator: Locator, quiet: bool = False) -> WebElement | None:
        """The first element the profile's CSS selector finds: the fallback a profile asks for explicitly."""
        if not locator.css:
            return None
        elements = [e for e in self.browser.find_elements(By.CSS_SELECTOR, locator.css) if e.is_displayed()]
        if not elements:
            return None
        # Found only by a selector: no accessible name a citizen's screen reader could use (a finding).
        if not quiet and locator.css not in self.record.css_fallbacks:
            self.record.css_fallbacks.append(locator.css)
        return elements[0]

    def mentions(self, key: str, scan: PageScan | None = None) -> str | None:
        """The visible sentence containing one of the vocabulary's phrases, if the page says it."""
        scan = scan or self.scan()
        # Sentences end at ". " (not at the dot of "25.000 đồng" or "1.001193") or at a line's end.
        sentences = [s for line in scan.text.splitlines() for s in re.split(r"(?<=[.!?])\s+", line)]
        for phrase in self.locator(key).labels:
            for sentence in sentences:
                if phrase.casefold() in sentence.casefold():
                    return sentence.strip()
        return None

    def _vocabulary_hint(self, key: str) -> str:
        if key.startswith(LITERAL):
            hint = "the label written in the profile's journey"
        else:
            where = self.profile.source or self.profile.id
            hint = f"vocabulary key {key} in {where}: a portal defect or a wrong label"
        # A 4xx is the portal's answer (not a fault): said, so a reader sees why the label is missing.
        if self.last_status is not None and self.last_status >= 400:
            hint += f"; the page answered HTTP {self.last_status}"
        return hint

    def error_messages(self, scan: PageScan | None = None) -> list[str]:
        scan = scan or self.scan()
        messages = [c.described_by for c in scan.controls if c.invalid and c.described_by]
        return messages or scan.alerts

    # Acting -------------------------------------------------------------------------------------

    def click(self, key: str, scan: PageScan | None = None, prefer: str | None = None) -> None:
        action = self.find_action(key, scan, prefer)
        if action is None:
            raise ControlNotFound(
                f"no button or link named {self.locator(key).labels} on {self.browser.current_url} "
                f"({self._vocabulary_hint(key)})"
            )
        self._navigates(lambda: self.tap(action.element), f"clicking {action.name!r}")

    def fill(self, key: str, value: str, scan: PageScan | None = None, counts_as_typing: bool = True) -> None:
        """Fill a field; `counts_as_typing=False` for what is not part of the citizen's dossier."""
        self.set_value(self.require_control(key, scan), value)
        if counts_as_typing:
            self.record.fields_typed += 1

    def require_control(self, key: str, scan: PageScan | None = None) -> Control:
        """The field with that label; a missing one is a finding, with the label it wanted."""
        control = self.find_control(key, scan)
        if control is None:
            raise ControlNotFound(
                f"no field labelled {self.locator(key).labels} on {self.browser.current_url} "
                f"({self._vocabulary_hint(key)})"
            )
        return control

    def set_value(self, control: Control, value: str) -> None:
        element = control.element
        if control.tag == "select":
            self._choose(element, value)
        elif control.type == "radio":
            if not control.checked:
                self._toggle(element, True)
        elif control.type == "checkbox":
            # A box is ticked for "yes" and left (or made) empty for "no", whatever the wording.
            wanted = _says_yes(value)
            if wanted != control.checked:
                self._toggle(element, wanted)
        elif control.type == "file":
            element.send_keys(value)
        elif control.type == "date":
            # Typing into a date input depends on the browser's locale; set the ISO value instead.
            self.browser.execute_script(
                "arguments[0].value = arguments[1];"
                "arguments[0].dispatchEvent(new Event('input', {bubbles: true}));"
                "arguments[0].dispatchEvent(new Event('change', {bubbles: true}));",
                element,
                value,
            )
        else:
            element.clear()
            element.send_keys(value)

    def _toggle(self, element: WebElement, wanted: bool) -> None:
        """Tick or choose an option, and check it took: a tap that missed is never taken as an answer."""
        self.tap(element)
        if element.is_selected() != wanted:
            # The option's own label is as good a target for a citizen as the small circle.
            label_id = element.get_attribute("id")
            labels = (
                self.browser.find_elements(By.CSS_SELECTOR, f'label[for="{label_id}"]') if label_id else []
            )
            if labels:
                self.tap(labels[0])
        if element.is_selected() != wanted:
            raise JourneyStuck(
                f"the option {element.get_attribute('name')}={element.get_attribute('value')} on "
                f"{self.browser.current_url} did not take a tap"
            )

    def _choose(self, element: WebElement, value: str) -> None:
        select = Select(element)
        wanted = {value, self.profile.choice(value)}  # the feature's option text, or the portal's word for it
        side = is_yes(value)
        for option in select.options:
            if (
                any(name_matches(option.text, w) for w in wanted)
                or option.get_attribute("value") in wanted
                or (side is not None and is_yes(option.text) == side)
            ):
                select.select_by_visible_text(option.text)
                return
        offered = [o.text for o in select.options]
        raise ControlNotFound(f"the list offers no option {value!r}; it offers {offered}")

    def activate(self, key: str, scan: PageScan | None = None) -> None:
        """Press a button that may answer in place (a script renders the result) or load a new page.

        Waits for whichever comes: a new document (observed like any page), or a change of the
        page's text (a search result fetched and rendered by script).
        """
        action = self.find_action(key, scan, prefer="button")
        if action is None:
            self.press(key, scan)  # raises, naming the label it looked for
            return
        token = self._mark_page()
        before = self.browser.execute_script("return document.body.innerText;")
        what = f"clicking {action.name!r}"
        self.make_click(action.element.click, what)

        def answered(browser: WebDriver) -> str | bool:
            try:
                return browser.execute_script(
                    "if (window.__portalqa_page !== arguments[0]) return document.readyState === 'complete'"
                    " ? 'navigated' : false;"
                    "return document.body.innerText !== arguments[1] ? 'in place' : false;",
                    token,
                    before,
                )
            except WebDriverException:
                return False

        try:
            how = WebDriverWait(self.browser, self.wait_s, poll_frequency=0.05).until(answered)
        except TimeoutException:
            self._raise_if_leaving(what)
            raise AssertionError(f"nothing happened on {self.browser.current_url} after the click") from None
        if how == "navigated":
            self._page_loaded(f"after {what}")

    def press(self, key: str, scan: PageScan | None = None) -> None:
        """Press a form's button (rather than a same-named link) and wait for the answer page."""
        self.click(key, scan, prefer="button")

    def fetch(self, url: str) -> tuple[int, str, bytes]:
        """Download a file the way the browser would, with its session cookies (loopback only)."""
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in self.browser.get_cookies())
        request = urllib.request.Request(url, headers={"Cookie": cookies})
        try:
            with urllib.request.urlopen(request, timeout=self.wait_s) as response:
                return response.status, response.headers.get("Content-Type", ""), response.read()
        except (OSError, urllib.error.URLError) as err:
            fault = faults.from_download(err, self.profile.name, url)
            if fault is not None:
                raise fault from None
            raise

    def record_cookies(self) -> None:
        """The cookies the portal set during the scenario (names and flags, never values)."""
        if self.observer is not None and not self.unavailable:
            # If the browser is gone, the scenario already says why.
            with contextlib.suppress(WebDriverException):
                self.record.cookies = self.observer.cookies()

    def screenshot_png(self) -> bytes | None:
        try:
            return self.browser.get_screenshot_as_png()
        except WebDriverException:
            return None
