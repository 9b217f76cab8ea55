"""pytest plugin: selects portal profiles, runs every scenario once per portal, and reports to Allure.

Loaded by the root conftest. It owns the run's lifecycle: one browser reused across scenarios,
embedded portals started on demand, Allure labels per scenario, a screenshot on the failing step,
and the measurements attachment that carries each journey to the scorer.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import allure
import pytest

from portalqa.browser.chromium import (
    VIEWPORTS,
    BrowserFactory,
    BrowserUnavailable,
    reset_between_scenarios,
    settings_for,
)
from portalqa.browser.page_observer import PageObserver
from portalqa.citizen.driver import PortalDriver
from portalqa.citizen.journey_record import ATTACHMENT_NAME, JourneyRecord
from portalqa.evidence.measurements import Measurements
from portalqa.profiles.profile import DEFAULT_PROFILE, CustomProcedure, ProfileError, load_profile
from portalqa.secrets_guard import RedactingFilter, missing_credentials, redact
from portalqa.standard.catalog import StandardProcedure, load_catalog
from portalqa.targets.registry import PortalRegistry, PortalUnderTest

CRITERIA_ATTACHMENT = "portalqa criteria"
RECORD_KEY = pytest.StashKey[JourneyRecord]()
DRIVER_KEY = pytest.StashKey[PortalDriver]()
REGISTRY_KEY = pytest.StashKey[PortalRegistry]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("portalqa")
    group.addoption(
        "--portal",
        action="append",
        default=[],
        metavar="PROFILE",
        help="portal profile to assess: an id from portals/ or a path to a .yaml file; repeat for several "
        f"(default: {DEFAULT_PROFILE})",
    )
    group.addoption("--headed", action="store_true", help="show the browser window (needs a display)")
    group.addoption(
        "--no-axe",
        action="store_true",
        help="skip the axe-core scan of each page (faster; accessibility and target sizes are then "
        "not assessable)",
    )
    group.addoption(
        "--viewport",
        action="append",
        default=[],
        choices=VIEWPORTS,
        help="play the procedure journeys in this viewport; repeat for several (default: desktop and phone; "
        "a phone is Chrome's Pixel 7 emulation)",
    )


def pytest_configure(config: pytest.Config) -> None:
    catalog = load_catalog()
    for procedure_id in catalog:
        config.addinivalue_line(
            "markers", f"{procedure_id}: scenarios of the standard procedure {procedure_id}"
        )
    for owner in sorted({procedure.owner for procedure in catalog.values()}):
        config.addinivalue_line("markers", f"{marker_name('owner', owner)}: procedures owned by {owner}")
    config.addinivalue_line("markers", "custom_procedure: procedures declared in a portal profile")
    config.addinivalue_line("markers", "virtual_assistant: questions to the portal's virtual assistant")
    names = config.getoption("--portal", default=None) or [DEFAULT_PROFILE]
    try:
        profiles = [load_profile(name) for name in names]
    except ProfileError as err:
        raise pytest.UsageError(f"invalid portal profile:\n{err}") from None
    duplicates = {p.id for p in profiles if [q.id for q in profiles].count(p.id) > 1}
    if duplicates:
        raise pytest.UsageError(f"portal id(s) selected twice: {', '.join(sorted(duplicates))}")
    for profile in profiles:
        config.addinivalue_line(
            "markers", f"{marker_name('portal', profile.id)}: scenarios on {profile.name}"
        )
        # Embedded portals get generated credentials; a real portal's must be set before a browser starts.
        if profile.embedded is None:
            unset = missing_credentials([profile.sign_on.personal_id_env, profile.sign_on.password_env])
            if unset:
                raise pytest.UsageError(
                    f"{profile.source}: set the test account's environment variable(s) {', '.join(unset)} "
                    "(named under sign_on) before running"
                )
    config.stash[REGISTRY_KEY] = PortalRegistry(profiles)
    logging.getLogger().addFilter(RedactingFilter())


def pytest_unconfigure(config: pytest.Config) -> None:
    registry = config.stash.get(REGISTRY_KEY, None)
    if registry is not None:
        registry.stop_all()


def selected_viewports(config: pytest.Config) -> list[str]:
    return list(dict.fromkeys(config.getoption("--viewport", default=None) or VIEWPORTS))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "portal" not in metafunc.fixturenames:
        return
    registry: PortalRegistry = metafunc.config.stash[REGISTRY_KEY]
    if "asked_procedure" in metafunc.fixturenames:
        # Questions to the assistant: every procedure each portal's profile maps, desktop only.
        pairs = [(pid, procedure_id) for pid, p in registry.profiles.items() for procedure_id in p.procedures]
        metafunc.parametrize(
            ["portal", "asked_procedure"], pairs, ids=[f"{p}-{c}" for p, c in pairs], indirect=True
        )
        return
    if "viewport" in metafunc.fixturenames:
        # Every procedure journey is played in each selected viewport (phone: the mobile criterion).
        viewports = selected_viewports(metafunc.config)
        metafunc.parametrize("viewport", viewports, ids=viewports, indirect=True)
    if "custom_procedure" in metafunc.fixturenames:
        # Custom procedures exist per portal, so portal and procedure are parametrized as pairs.
        pairs = [(pid, c.id) for pid, p in registry.profiles.items() for c in p.custom_procedures]
        metafunc.parametrize(
            ["portal", "custom_procedure"], pairs, ids=[f"{p}-{c}" for p, c in pairs], indirect=True
        )
    else:
        ids = list(registry.profiles)
        metafunc.parametrize("portal", ids, ids=ids, indirect=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tags to select by portal (portal_<id>) and by owner (owner_<agency>), besides the procedure id."""
    catalog = load_catalog()
    for item in items:
        params = getattr(item, "callspec", None)
        if params and isinstance(params.params.get("portal"), str):
            item.add_marker(marker_name("portal", params.params["portal"]))
        if params and params.params.get("asked_procedure") in catalog:
            item.add_marker(params.params["asked_procedure"])
        for marker in list(item.iter_markers()):
            if marker.name in catalog:
                item.add_marker(marker_name("owner", catalog[marker.name].owner))


def marker_name(kind: str, value: str) -> str:
    return f"{kind}_" + re.sub(r"[^a-z0-9]+", "_", value.casefold()).strip("_")


@pytest.fixture
def portal(request: pytest.FixtureRequest) -> PortalUnderTest:
    """The portal this scenario runs on (the run is parametrized over every selected profile)."""
    return request.config.stash[REGISTRY_KEY].get(request.param)


@pytest.fixture
def custom_procedure(request: pytest.FixtureRequest, portal: PortalUnderTest) -> CustomProcedure:
    """A procedure the portal's profile declares beyond the standard (features/custom_procedures)."""
    return next(c for c in portal.profile.custom_procedures if c.id == request.param)


@pytest.fixture
def asked_procedure(request: pytest.FixtureRequest) -> StandardProcedure:
    """The standard procedure a cross-cutting scenario asks about (parametrized over the profile's map)."""
    return load_catalog()[request.param]


@pytest.fixture
def viewport(request: pytest.FixtureRequest) -> str:
    """desktop or phone; scenarios that are not procedure journeys run on the desktop."""
    return getattr(request, "param", "desktop")


@pytest.fixture
def procedure(request: pytest.FixtureRequest) -> StandardProcedure:
    """The standard procedure the feature is about, named by its tag (e.g. @birth_registration)."""
    procedure = standard_procedure_of(request.node)
    if procedure is None:
        raise pytest.UsageError(
            f"{request.node.nodeid}: tag the feature with its standard procedure id "
            f"(one of {', '.join(load_catalog())})"
        )
    return procedure


def standard_procedure_of(node: pytest.Item) -> StandardProcedure | None:
    catalog = load_catalog()
    return next((catalog[m.name] for m in node.iter_markers() if m.name in catalog), None)


class BrowserPool:
    """One browser per viewport per worker, started when first needed and reused across scenarios."""

    def __init__(self, config: pytest.Config):
        registry = config.stash[REGISTRY_KEY]
        self._headless = not config.getoption("--headed")
        self._hosts = registry.browser_hosts()
        self._started: dict[str, tuple[BrowserFactory, object]] = {}

    def get(self, viewport: str):
        if viewport not in self._started:
            factory = BrowserFactory(
                settings_for(viewport, headless=self._headless, allowed_hosts=self._hosts)
            )
            try:
                self._started[viewport] = (factory, factory.start())
            except BrowserUnavailable as err:
                pytest.exit(str(err), returncode=3)
        return self._started[viewport][1]

    def close(self) -> None:
        for factory, driver in self._started.values():
            driver.quit()
            factory.cleanup()


@pytest.fixture(scope="session")
def browser_pool(request: pytest.FixtureRequest):
    pool = BrowserPool(request.config)
    yield pool
    pool.close()


@pytest.fixture
def browser(browser_pool: BrowserPool, viewport: str):
    return browser_pool.get(viewport)


@pytest.fixture
def journey(request: pytest.FixtureRequest, portal: PortalUnderTest, viewport: str) -> JourneyRecord:
    profile = portal.profile
    record = JourneyRecord(
        portal={"id": profile.id, "name": profile.name, "owner": profile.owner, "level": profile.level},
        procedure=_procedure_identity(request, portal),
        viewport=viewport,
        kind="assistant" if "asked_procedure" in request.fixturenames else "journey",
    )
    request.node.stash[RECORD_KEY] = record
    return record


def _procedure_identity(request: pytest.FixtureRequest, portal: PortalUnderTest) -> dict:
    if "asked_procedure" in request.fixturenames:
        asked: StandardProcedure = request.getfixturevalue("asked_procedure")
        entry = portal.profile.procedure_entry(asked.id)
        return {"id": asked.id, "name": asked.name.en, "portal_code": entry.code if entry else None}
    if "custom_procedure" in request.fixturenames:
        custom: CustomProcedure = request.getfixturevalue("custom_procedure")
        return {"id": custom.id, "name": custom.name, "portal_code": custom.code, "custom": True}
    procedure: StandardProcedure = request.getfixturevalue("procedure")
    entry = portal.profile.procedure_entry(procedure.id)
    return {"id": procedure.id, "name": procedure.name.en, "portal_code": entry.code if entry else None}


@pytest.fixture
def portal_driver(request: pytest.FixtureRequest, browser, portal: PortalUnderTest, journey: JourneyRecord):
    reset_between_scenarios(browser)
    # An unreachable portal must not fail here: a setup error would leave no Allure result at all.
    # The first step that opens a page raises PortalUnreachable instead ("not assessable").
    observer = None
    if not portal.unavailable:
        privacy = portal.profile.labels_for("nav.privacy")
        observer = PageObserver(
            browser,
            portal_hosts=[urlsplit(portal.base_url or "").netloc],
            privacy_link_names=privacy.labels if privacy else [],
        )
    driver = PortalDriver(
        browser,
        portal.profile,
        portal.base_url or "",
        journey,
        unavailable=portal.unavailable,
        observer=observer,
        check_accessibility=not request.config.getoption("--no-axe"),
    )
    request.node.stash[DRIVER_KEY] = driver
    return driver


@pytest.fixture
def work_dir():
    path = Path(tempfile.mkdtemp(prefix="portalqa-scenario-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.hookimpl(trylast=True)
def pytest_bdd_before_scenario(request, feature, scenario) -> None:
    if "portal" not in request.fixturenames:
        return
    portal: PortalUnderTest = request.getfixturevalue("portal")
    profile = portal.profile
    # Allure groups by portal first: an assessor reads one portal's results together.
    allure.dynamic.parent_suite(profile.name)
    allure.dynamic.label("portal", profile.id)
    allure.dynamic.label("owner", profile.owner)
    allure.dynamic.label("level", profile.level)
    allure.dynamic.label("viewport", request.getfixturevalue("viewport"))
    if "asked_procedure" in request.fixturenames:
        allure.dynamic.label("criterion", "virtual_assistant")
    else:
        allure.dynamic.label("criterion", "full_online")
    if (
        "custom_procedure" in request.fixturenames
        or "asked_procedure" in request.fixturenames
        or standard_procedure_of(request.node) is not None
    ):
        identity = _procedure_identity(request, portal)
        allure.dynamic.suite(identity["name"])
        allure.dynamic.label("procedure", identity["id"])


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args, exception) -> None:
    record = request.node.stash.get(RECORD_KEY, None)
    if record is not None:
        record.current_step = f"{step.keyword} {step.name}"
        record.stopped_by(exception)
    driver = request.node.stash.get(DRIVER_KEY, None)
    png = driver.screenshot_png() if driver else None
    if png:
        # tryfirst: the screenshot lands on the failing step, before Allure closes it.
        allure.attach(png, name="screenshot at failure", attachment_type=allure.attachment_type.PNG)


@pytest.hookimpl
def pytest_bdd_before_step(request, feature, scenario, step, step_func) -> None:
    record = request.node.stash.get(RECORD_KEY, None)
    if record is not None:
        record.current_step = f"{step.keyword} {step.name}"


@pytest.hookimpl
def pytest_bdd_after_scenario(request, feature, scenario) -> None:
    record = request.node.stash.get(RECORD_KEY, None)
    if record is None:
        return
    record.finished = time.monotonic()
    driver = request.node.stash.get(DRIVER_KEY, None)
    if driver is not None:
        driver.record_cookies()
    measurements = record.to_dict()
    # The attachment must be what the scorer can read: a harness bug shows here, not in the scorecard.
    Measurements.model_validate(measurements)
    body = redact(json.dumps(measurements, ensure_ascii=False, indent=2))
    allure.attach(body, name=ATTACHMENT_NAME, attachment_type=allure.attachment_type.JSON)
    allure.attach(
        redact(criteria_summary(measurements)),
        name=CRITERIA_ATTACHMENT,
        attachment_type=allure.attachment_type.TEXT,
    )
    for name, judged in measurements["criteria"].items():
        if name != "full_online" and judged["verdict"] != "not_applicable":
            allure.dynamic.label("criterion", name)
        if judged["verdict"] == "not_met":
            allure.dynamic.tag(f"not met: {name}")


def criteria_summary(measurements: dict) -> str:
    """One line per criterion, then its findings: what an assessor reads first on the Allure page."""
    lines = [
        f"{measurements['portal']['name']} — {measurements['procedure']['name']} ({measurements['viewport']})"
    ]
    for name, judged in measurements["criteria"].items():
        lines.append(f"{judged['verdict'].upper():15} {name}: {judged['summary']}")
        lines += [f"{'':15}   - {finding['detail']}" for finding in judged["findings"][:20]]
    return "\n".join(lines) + "\n"
