"""pytest plugin: selects portal profiles, runs every scenario once per portal, and reports to Allure.

Loaded by the root conftest. It owns the run's lifecycle: one browser reused across scenarios,
embedded portals started on demand, Allure labels per scenario, a screenshot on the failing step,
and the measurements attachment that carries each journey to the scorer.
"""

from __future__ import annotations

import json
import logging
import shutil
import tempfile
import time
from pathlib import Path

import allure
import pytest

from portalqa.browser import BrowserFactory, BrowserSettings, BrowserUnavailable, reset_between_scenarios
from portalqa.journey_record import ATTACHMENT_NAME, JourneyRecord
from portalqa.portal_driver import PortalDriver
from portalqa.portal_registry import PortalRegistry, PortalUnderTest
from portalqa.profiles import DEFAULT_PROFILE, ProfileError, load_profile
from portalqa.secrets_guard import RedactingFilter, redact
from portalqa.standard_catalog import StandardProcedure, load_catalog

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


def pytest_configure(config: pytest.Config) -> None:
    for procedure_id in load_catalog():
        config.addinivalue_line(
            "markers", f"{procedure_id}: scenarios of the standard procedure {procedure_id}"
        )
    names = config.getoption("--portal", default=None) or [DEFAULT_PROFILE]
    try:
        profiles = [load_profile(name) for name in names]
    except ProfileError as err:
        raise pytest.UsageError(f"invalid portal profile:\n{err}") from None
    duplicates = {p.id for p in profiles if [q.id for q in profiles].count(p.id) > 1}
    if duplicates:
        raise pytest.UsageError(f"portal id(s) selected twice: {', '.join(sorted(duplicates))}")
    config.stash[REGISTRY_KEY] = PortalRegistry(profiles)
    logging.getLogger().addFilter(RedactingFilter())


def pytest_unconfigure(config: pytest.Config) -> None:
    registry = config.stash.get(REGISTRY_KEY, None)
    if registry is not None:
        registry.stop_all()


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "portal" in metafunc.fixturenames:
        registry = metafunc.config.stash[REGISTRY_KEY]
        ids = list(registry.profiles)
        metafunc.parametrize("portal", ids, ids=ids, indirect=True)


@pytest.fixture
def portal(request: pytest.FixtureRequest) -> PortalUnderTest:
    """The portal this scenario runs on (the run is parametrized over every selected profile)."""
    return request.config.stash[REGISTRY_KEY].get(request.param)


@pytest.fixture
def procedure(request: pytest.FixtureRequest) -> StandardProcedure:
    """The standard procedure the feature is about, named by its tag (e.g. @birth_registration)."""
    catalog = load_catalog()
    for marker in request.node.iter_markers():
        if marker.name in catalog:
            return catalog[marker.name]
    raise pytest.UsageError(
        f"{request.node.nodeid}: tag the feature with its standard procedure id (one of {', '.join(catalog)})"
    )


@pytest.fixture(scope="session")
def browser(request: pytest.FixtureRequest):
    registry = request.config.stash[REGISTRY_KEY]
    settings = BrowserSettings(
        headless=not request.config.getoption("--headed"), allowed_hosts=registry.browser_hosts()
    )
    factory = BrowserFactory(settings)
    try:
        driver = factory.start()
    except BrowserUnavailable as err:
        pytest.exit(str(err), returncode=3)
    yield driver
    driver.quit()
    factory.cleanup()


@pytest.fixture
def journey(
    request: pytest.FixtureRequest, portal: PortalUnderTest, procedure: StandardProcedure
) -> JourneyRecord:
    profile = portal.profile
    entry = profile.procedures.get(procedure.id)
    record = JourneyRecord(
        portal={"id": profile.id, "name": profile.name, "owner": profile.owner, "level": profile.level},
        procedure={
            "id": procedure.id,
            "name": procedure.name.en,
            "portal_code": entry.code if entry else None,
        },
    )
    request.node.stash[RECORD_KEY] = record
    return record


@pytest.fixture
def portal_driver(request: pytest.FixtureRequest, browser, portal: PortalUnderTest, journey: JourneyRecord):
    reset_between_scenarios(browser)
    # An unreachable portal must not fail here: a setup error would leave no Allure result at all.
    # The first step that opens a page raises PortalUnreachable instead ("not assessable").
    driver = PortalDriver(
        browser, portal.profile, portal.base_url or "", journey, unavailable=portal.unavailable
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
    allure.dynamic.parent_suite(profile.name)
    allure.dynamic.label("portal", profile.id)
    allure.dynamic.label("owner", profile.owner)
    allure.dynamic.label("level", profile.level)
    try:
        procedure: StandardProcedure = request.getfixturevalue("procedure")
    except pytest.UsageError:
        return
    allure.dynamic.suite(procedure.name.en)
    allure.dynamic.label("procedure", procedure.id)
    allure.dynamic.label("criterion", "full_online")


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
    body = redact(json.dumps(record.to_dict(), ensure_ascii=False, indent=2))
    allure.attach(body, name=ATTACHMENT_NAME, attachment_type=allure.attachment_type.JSON)
