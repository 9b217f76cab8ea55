"""Sign on once per portal and viewport in a worker; later journeys resume that session.

Every journey begins with the citizen signing on (home page, the e-identity's pages, a one-time
code), which costs seconds a journey and repeats the same pages 24 times a portal. The first journey
of a portal and viewport signs on as always, and when the page it ends on no longer offers to sign
in, what the sign-on did is kept: the browser's cookies afterwards, and what it added to the
journey's record (its pages with their observations, clicks, fields, one-time codes, the e-identity
seen, its duration). A later journey of the same portal and viewport restores the cookies before the
sign-on's first page (the home page, loaded and observed as always) and, when that page no longer
offers to sign in, adds the kept record to its own: every journey is judged on the same sign-on as
before (the same pages, clicks and task time), marked `sign_on_resumed` in its measurements. When it
still offers to sign in (the session expired, was bound to something the restore cannot bring back,
or lives in web storage), the cookies are cleared and the journey signs on in full from that page.

Cookies are kept in this process's memory only, never written. `--portalqa-sign-on-every-journey`
turns resuming off.
"""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import time
from dataclasses import dataclass

from selenium.common.exceptions import WebDriverException

from portalqa.citizen.driver import PortalDriver
from portalqa.citizen.journey_record import JourneyRecord

# What the sign-on's record keeps of the journey it began, rather than adds to it.
NOT_KEPT = frozenset({"started", "finished", "current_step", "reasons", "cookies", "completed"})
# DevTools' CookieParam: what Network.setCookies takes of a cookie Storage.getCookies returned.
COOKIE_PARAMS = ("name", "value", "domain", "path", "secure", "httpOnly", "sameSite", "expires",
                 "priority", "sourceScheme", "sourcePort", "partitionKey")  # fmt: skip


@dataclass(frozen=True)
class RecordSnapshot:
    values: dict
    at: float


@dataclass(frozen=True)
class KeptSignOn:
    cookies: list[dict]
    added: dict  # record field -> what the sign-on added (a number's increase, a list's new items, a value)
    seconds: float  # how long the sign-on took


def snapshot(record: JourneyRecord) -> RecordSnapshot:
    values = {f.name: copy.deepcopy(getattr(record, f.name)) for f in dataclasses.fields(record)}
    return RecordSnapshot(values={k: v for k, v in values.items() if k not in NOT_KEPT}, at=time.monotonic())


def added_since(before: RecordSnapshot, record: JourneyRecord) -> dict:
    added = {}
    for name, old in before.values.items():
        new = getattr(record, name)
        if isinstance(old, bool) or not isinstance(old, int | list):
            if new != old:
                added[name] = copy.deepcopy(new)
        elif isinstance(old, int):
            if new != old:
                added[name] = new - old
        elif len(new) > len(old):
            added[name] = copy.deepcopy(new[len(old) :])
    return added


def apply_added(record: JourneyRecord, added: dict) -> None:
    for name, value in added.items():
        current = getattr(record, name)
        if isinstance(current, bool) or not isinstance(current, int | list):
            setattr(record, name, copy.deepcopy(value))
        elif isinstance(current, int):
            setattr(record, name, current + value)
        else:
            current.extend(copy.deepcopy(value))


class SignOnSessions:
    """The sign-ons a worker has kept, by portal and viewport."""

    def __init__(self) -> None:
        self._kept: dict[tuple[str, str], KeptSignOn] = {}
        self.signed_on = 0
        self.resumed = 0

    @staticmethod
    def _scope(driver: PortalDriver) -> tuple[str, str]:
        return driver.profile.id, driver.record.viewport

    def keep(self, driver: PortalDriver, before: RecordSnapshot, offers_sign_in: bool) -> None:
        """After a full sign-on: keep the cookies and what it added to the record. Only when the page
        it ended on no longer offers to sign in: otherwise that offer says nothing about the session,
        and a resumed one could not be told from an expired one."""
        self.signed_on += 1
        if offers_sign_in:
            return
        try:
            cookies = driver.browser.execute_cdp_cmd("Storage.getCookies", {}).get("cookies", [])
        except WebDriverException:
            return  # nothing to resume from: the next journey signs on in full
        self._kept[self._scope(driver)] = KeptSignOn(
            cookies=[{k: c[k] for k in COOKIE_PARAMS if k in c and not (k == "expires" and c.get("session"))}
                     for c in cookies],
            added=added_since(before, driver.record),
            seconds=time.monotonic() - before.at,
        )  # fmt: skip

    def restore(self, driver: PortalDriver) -> bool:
        """Before the sign-on's first page: put a kept session's cookies back. True when there was one."""
        kept = self._kept.get(self._scope(driver))
        if kept is None or driver.unavailable:
            return False  # an unavailable portal's fault is raised by the sign-on's first page
        try:
            driver.browser.execute_cdp_cmd("Storage.setCookies", {"cookies": kept.cookies})
        except WebDriverException:
            return False
        return True

    def resume(self, driver: PortalDriver, before: RecordSnapshot, offers_sign_in: bool) -> bool:
        """On the sign-on's first page, loaded with restored cookies: when the portal no longer offers to
        sign in, the journey takes the kept sign-on's record (its first page, this one, just observed
        afresh) and True is returned. Otherwise the kept session is dropped, the browser's cookies
        cleared, and the journey signs on in full from this page."""
        scope = self._scope(driver)
        kept = self._kept.get(scope)
        if kept is None or offers_sign_in:
            self._kept.pop(scope, None)
            with contextlib.suppress(WebDriverException):
                driver.browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
            return False
        added = dict(kept.added)
        added["pages"] = added.get("pages", [])[1:]
        apply_added(driver.record, added)
        driver.record.sign_on_resumed = True
        # The citizen's task time includes the sign-on they are spared here.
        driver.record.started -= max(0.0, kept.seconds - (time.monotonic() - before.at))
        self.resumed += 1
        return True
