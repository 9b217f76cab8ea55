"""The portal's public pages, visited once per portal and viewport as a citizen finds them.

The portal-wide checks (features/quality/portal_pages.feature, scenario kind "site") open, in this
order: the home page (``urls.home``), the procedure catalogue (``urls.catalogue``, when the profile
gives it), the privacy policy (where the home page's privacy-policy link leads), the virtual
assistant's page (where the home page's ``nav.assistant`` link leads, when it is a link to another
page rather than a button that opens a panel) and every page the profile lists under ``pages:``. A
page met twice (a listed page that is the privacy policy) is visited once, under its first role.

Each page is observed like every page of a journey (portalqa.browser.page_observer, axe-core once
per distinct page) and marked with its ``role``. Besides, the observer reads on every page the
document's language, the required links (``links``: privacy policy, accessibility statement,
contact) and whether the page carries the monitoring code; the names of the links and how to
recognise the code come from the profile (``link_names``, ``monitoring_rules``).

A page portalqa could not open for a fault of the network or the server (no answer, a name that does
not resolve, a load that never ended, a 5xx status: portalqa.citizen.faults) is recorded with
``not_opened`` (why, the status or network error quoted) and no facts: its checks are not observed,
never the portal's defect. When no page could be opened, the scenario stops with the first page's
fault (broken, not assessable). A page the portal answered with a 4xx (a listed page that is "not
found") is the portal's answer, and is observed as it is.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from selenium.common.exceptions import WebDriverException

from portalqa.browser.page_observer import names_contain_any
from portalqa.citizen.faults import PortalFault
from portalqa.model.scenarios import PageRole
from portalqa.secrets_guard import redact
from portalqa.text import fold

if TYPE_CHECKING:
    from portalqa.citizen.driver import PortalDriver
    from portalqa.profiles.profile import Profile

# The links every public page should carry, and the names that count for each when the profile's
# vocabulary has no `links.<link>` entry: a link counts when its accessible name (text, aria-label)
# contains one of them as whole words, case and diacritics aside.
DEFAULT_LINK_NAMES: dict[str, tuple[str, ...]] = {
    "privacy_policy": (
        "privacy",
        "chính sách bảo mật",
        "quyền riêng tư",
        "bảo vệ dữ liệu cá nhân",
    ),
    "accessibility_statement": ("accessibility", "hỗ trợ tiếp cận", "khả năng tiếp cận", "trợ năng"),
    "contact": ("contact", "contacts", "feedback", "liên hệ", "góp ý", "phản ánh"),
}
REQUIRED_LINKS = tuple(DEFAULT_LINK_NAMES)


def link_names(profile: Profile) -> dict[str, list[str]]:
    """Each required link -> the names that count for it: the profile's ``links.<link>`` vocabulary
    when given, else the built-in names (for the privacy policy also the profile's ``nav.privacy``)."""
    names: dict[str, list[str]] = {}
    for link, defaults in DEFAULT_LINK_NAMES.items():
        given = profile.labels_for(f"links.{link}")
        if given is not None and given.labels:
            names[link] = list(given.labels)
            continue
        names[link] = list(defaults)
        privacy = profile.labels_for("nav.privacy") if link == "privacy_policy" else None
        if privacy is not None:
            names[link] += [label for label in privacy.labels if label not in names[link]]
    return names


def monitoring_rules(profile: Profile) -> tuple[list[str], list[str]]:
    """(script src substrings, markup substrings) that show the monitoring code; both empty when the
    profile has no ``monitoring:`` (then whether a page carries it is not observed)."""
    if profile.monitoring is None:
        return [], []
    return list(profile.monitoring.script_src_contains), list(profile.monitoring.html_contains)


@dataclass(frozen=True)
class PlannedPage:
    role: PageRole
    address: str  # a path of the portal or an absolute URL
    name: str = ""


def planned_pages(profile: Profile) -> list[PlannedPage]:
    """The pages known before the visit: home, the catalogue (if given) and the listed pages. The
    privacy policy and the assistant's page are found on the home page while visiting."""
    pages = [PlannedPage(PageRole.HOME, profile.urls.home, "Home page")]
    if profile.urls.catalogue:
        pages.append(PlannedPage(PageRole.CATALOGUE, profile.urls.catalogue, "Procedure catalogue"))
    pages += [PlannedPage(PageRole.LISTED, page.path or page.url or "", page.name) for page in profile.pages]
    return pages


@dataclass
class SiteVisit:
    """What the visit saw: the page records (as in the journey record), and notes for the reader."""

    pages: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def opened(self) -> list[dict]:
        return [page for page in self.pages if not page.get("not_opened")]


def visit(driver: PortalDriver, planned: list[PlannedPage]) -> SiteVisit:
    """Open every public page once and mark each observation with its role.

    Raises the first page's PortalFault when no page could be opened at all (not assessable).
    """
    seen = SiteVisit()
    visited: set[str] = set()
    first_failure: PortalFault | None = None
    pending = list(planned)
    while pending:
        page = pending.pop(0)
        address = _absolute(driver, page.address)
        if _key(address) in visited:
            seen.notes.append(f"{page.name or page.address}: {address} was already visited")
            continue
        visited.add(_key(address))
        failure = _open(driver, page, address, seen)
        first_failure = first_failure or failure
        if failure is None:
            visited.add(_key(driver.browser.current_url))
        if page.role == PageRole.HOME and failure is None:
            found = _found_on_home(driver, seen)
            # The catalogue first (the profile names it), then what the home page leads to.
            catalogue = [p for p in pending if p.role == PageRole.CATALOGUE]
            pending = catalogue + found + [p for p in pending if p.role != PageRole.CATALOGUE]
    driver.record.completed = True
    if not seen.opened:
        if first_failure is not None:
            raise first_failure
        raise PortalFault(f"{driver.profile.name}: no public page to visit")
    return seen


def _open(driver: PortalDriver, page: PlannedPage, address: str, seen: SiteVisit) -> PortalFault | None:
    """Open and observe one page, marked with its role; None, or the fault that kept it from opening."""
    before = len(driver.record.pages)
    try:
        driver.open(address)
    except (PortalFault, WebDriverException) as err:
        why = redact(str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__)
        record = {"url": redact(address), "title": "", "role": page.role.value, "not_opened": why}
        if page.role == PageRole.LISTED:
            record["name"] = page.name
        # A load that failed half-way may have observed nothing, or a browser error page.
        del driver.record.pages[before:]
        driver.record.page(record)
        seen.pages.append(record)
        if driver.observer is not None:
            with contextlib.suppress(WebDriverException):
                driver.observer.drain()  # its requests are not the next page's
        if isinstance(err, PortalFault):
            return err
        # A browser error that is no recognised fault still says nothing about the portal's pages.
        return PortalFault(f"{driver.profile.name} did not open {address}: {why}")
    observed = driver.record.pages[-1]
    observed["role"] = page.role.value
    if page.role == PageRole.LISTED:
        observed["name"] = page.name
    seen.pages.append(observed)
    return None


def _found_on_home(driver: PortalDriver, seen: SiteVisit) -> list[PlannedPage]:
    """The privacy policy and the assistant's page, by the home page's links to them."""
    found = []
    try:
        scan = driver.scan()
    except WebDriverException as err:
        seen.notes.append(f"the home page's links could not be read ({type(err).__name__})")
        return []
    privacy_names = [fold(name) for name in link_names(driver.profile)["privacy_policy"]]
    links = [action for action in scan.actions if action.role == "link" and _goes_somewhere(action.href)]
    privacy = [link for link in links if names_contain_any(link.name, privacy_names)]
    # The portal's own policy first: a link to another site's (a ministry's notice) comes after it.
    privacy.sort(key=lambda link: not _on_the_portal(driver, link.href))
    if not privacy:
        seen.notes.append(f"the home page {driver.browser.current_url} has no link to the privacy policy")
    else:
        found.append(_linked_page(driver, PageRole.PRIVACY_POLICY, privacy[0].href, "Privacy policy", seen))
    if driver.profile.labels_for("nav.assistant") is not None:
        assistant = driver.find_action("nav.assistant", scan, quiet=True)
        if assistant is not None and assistant.role == "link" and _goes_somewhere(assistant.href):
            found.append(_linked_page(driver, PageRole.ASSISTANT, assistant.href, "Virtual assistant", seen))
        elif assistant is not None:
            seen.notes.append("the virtual assistant opens on the page itself (no page of its own)")
    return [page for page in found if page is not None]


def _linked_page(
    driver: PortalDriver, role: PageRole, href: str, name: str, seen: SiteVisit
) -> PlannedPage | None:
    address = urljoin(driver.browser.current_url, href)
    if not _on_the_portal(driver, href):
        # Another site's page is not the portal's: not visited (the browser may not reach it anyway).
        seen.notes.append(f"{name}: the home page links to {address}, outside the portal; not visited")
        return None
    return PlannedPage(role, address, name)


def _on_the_portal(driver: PortalDriver, href: str) -> bool:
    """The link leads to the portal's own host (base_url's, or one its profile lists pages at)."""
    own = {urlsplit(driver.base_url).netloc.lower(), *driver.profile.listed_hosts()}
    return urlsplit(urljoin(driver.browser.current_url, href)).netloc.lower() in own


def _goes_somewhere(href: str) -> bool:
    href = (href or "").strip()
    return bool(href) and not href.startswith("#") and not href.lower().startswith("javascript:")


def _absolute(driver: PortalDriver, address: str) -> str:
    return address if address.startswith("http") else driver.base_url + address


def _key(url: str) -> str:
    """A page's identity for visiting it once: its URL without fragment or trailing slash."""
    without_fragment = url.split("#", 1)[0]
    parts = urlsplit(without_fragment)
    return f"{parts.scheme}://{parts.netloc.lower()}{parts.path.rstrip('/') or '/'}" + (
        f"?{parts.query}" if parts.query else ""
    )


# What the Then steps check, page by page (pages not opened are not evidence) ------------------------


def pages_without_language(seen: SiteVisit) -> list[str]:
    """Opened pages whose document names no language (<html lang>)."""
    return [page["url"] for page in seen.opened if page.get("lang") == ""]


def missing_links(seen: SiteVisit) -> dict[str, list[str]]:
    """Required link -> the opened pages that do not carry it."""
    missing: dict[str, list[str]] = {}
    for page in seen.opened:
        for link, found in (page.get("links") or {}).items():
            if found is False:
                missing.setdefault(link, []).append(page["url"])
    return missing


def pages_without_monitoring_code(seen: SiteVisit) -> list[str]:
    """Opened pages that do not carry the monitoring code (none when the profile says not how to
    recognise it: not observed)."""
    return [page["url"] for page in seen.opened if page.get("monitoring_code") is False]
