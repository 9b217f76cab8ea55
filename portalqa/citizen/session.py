"""One scenario's citizen: which procedure it plays, its journey record, and the driver that acts.

The pytest plugin only wires fixtures to these functions. What a scenario is about comes from
where its feature file lives, never from a tag: features/procedures/<procedure id>.feature plays
that standard procedure (tags stay for selecting scenarios with -m).
"""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlsplit

from selenium.webdriver.remote.webdriver import WebDriver

from portalqa.browser.accessibility_cache import AccessibilityCache
from portalqa.browser.page_observer import PageObserver
from portalqa.citizen.driver import PortalDriver
from portalqa.citizen.faults import PortalFault
from portalqa.citizen.journey_record import JourneyRecord
from portalqa.citizen.kept_sessions import SignOnSessions
from portalqa.citizen.portal_pages import link_names, monitoring_rules
from portalqa.evidence.measurements import Measurements
from portalqa.model.scenarios import PORTAL_WIDE, PORTAL_WIDE_NAME
from portalqa.paths import FEATURES_DIR
from portalqa.profiles.profile import CustomProcedure, Profile
from portalqa.standard.catalog import StandardProcedure, load_catalog

PROCEDURE_FEATURES_DIR = FEATURES_DIR / "procedures"


class FeatureFileError(Exception):
    """A procedure feature whose file name is not a standard procedure id."""


def procedure_of_feature(feature_file: str | Path) -> StandardProcedure | None:
    """The standard procedure a feature file plays, or None for a feature outside procedures/."""
    path = Path(feature_file).resolve()
    if path.parent != PROCEDURE_FEATURES_DIR.resolve():
        return None
    catalog = load_catalog()
    if path.stem not in catalog:
        raise FeatureFileError(
            f"{path}: a procedure feature is named after its standard procedure id "
            f"(<id>.feature, one of {', '.join(catalog)})"
        )
    return catalog[path.stem]


def procedure_identity(
    profile: Profile,
    *,
    standard: StandardProcedure | None = None,
    custom: CustomProcedure | None = None,
) -> dict:
    """The procedure as the measurements name it: a standard one (with the portal's code) or a custom one."""
    if custom is not None:
        return {"id": custom.id, "name": custom.name, "portal_code": custom.code, "custom": True}
    assert standard is not None
    entry = profile.procedure_entry(standard.id)
    return {"id": standard.id, "name": standard.name.en, "portal_code": entry.code if entry else None}


def portal_wide_identity() -> dict:
    """The "procedure" of a site scenario (the portal's public pages): the portal as a whole."""
    return {"id": PORTAL_WIDE, "name": PORTAL_WIDE_NAME}


def new_journey(profile: Profile, procedure: dict, viewport: str, kind: str) -> JourneyRecord:
    """An empty record for a scenario: kind "journey" (applying), "assistant" (asking the assistant)
    or "site" (visiting the portal's public pages)."""
    portal = {"id": profile.id, "name": profile.name, "owner": profile.owner, "level": profile.level}
    return JourneyRecord(portal=portal, procedure=procedure, viewport=viewport, kind=kind)


def portal_driver(
    browser: WebDriver,
    profile: Profile,
    base_url: str | None,
    record: JourneyRecord,
    *,
    unavailable: str | PortalFault | None,
    check_accessibility: bool,
    page_timeout_s: float | None = None,
    accessibility_cache: AccessibilityCache | None = None,
    sign_on_sessions: SignOnSessions | None = None,
) -> PortalDriver:
    """The citizen's hands on the portal, observing every page it loads into the record."""
    # An unreachable portal (or one the circuit breaker gave up) must not fail here: a setup error
    # would leave no Allure result at all. The first step that opens a page raises the fault instead
    # ("not assessable").
    observer = None
    if not unavailable:
        privacy = profile.labels_for("nav.privacy")
        monitoring_scripts, monitoring_html = monitoring_rules(profile)
        observer = PageObserver(
            browser,
            # The hosts of public pages the profile lists at other addresses are the portal's too.
            portal_hosts=[urlsplit(base_url or "").netloc, *profile.listed_hosts()],
            privacy_link_names=privacy.labels if privacy else [],
            required_links=link_names(profile),
            monitoring_scripts=monitoring_scripts,
            monitoring_html=monitoring_html,
            accessibility_cache=accessibility_cache,
            cache_scope=f"{profile.id}/{record.viewport}",
        )
    return PortalDriver(
        browser,
        profile,
        base_url or "",
        record,
        unavailable=unavailable,
        observer=observer,
        check_accessibility=check_accessibility,
        page_timeout_s=page_timeout_s,
        sign_on_sessions=sign_on_sessions,
    )


def step_started(record: JourneyRecord, step: str) -> None:
    """Reasons and failures are told at the step they happened in ("When I pay the fee online")."""
    record.current_step = step


def step_failed(record: JourneyRecord, step: str, exception: BaseException) -> None:
    record.current_step = step
    record.stopped_by(exception)


def criteria_so_far(driver: PortalDriver) -> dict[str, dict]:
    """Every criterion judged on what the scenario observed up to now (with the cookies set so far)."""
    driver.record_cookies()
    return driver.record.to_dict()["criteria"]


def finish(record: JourneyRecord, driver: PortalDriver | None) -> dict:
    """The scenario's measurements, checked against the schema the scorer reads."""
    record.finished = time.monotonic()
    if driver is not None:
        driver.record_cookies()
    measurements = record.to_dict()
    # The attachment must be what the scorer can read: a harness bug shows here, not in the scorecard.
    Measurements.model_validate(measurements)
    return measurements
