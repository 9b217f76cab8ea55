"""pytest plugin: wiring only. Options, markers, parametrization, fixtures and hooks, each a call into
the package that does the work: targets (the portals of the run), browser.pool (one browser per
viewport), citizen.session (the scenario's procedure, record and driver), citizen.circuit_breaker
(portals given up after consecutive faults), citizen.allure_report
(labels, screenshot, measurements attachment), reporting.allure_metadata (the run's environment for
the Allure report) and reporting.progress (progress lines). Loaded by the root conftest.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from portalqa import temp_dirs
from portalqa.browser.accessibility_cache import AccessibilityCache
from portalqa.browser.chromium import VIEWPORTS, BrowserUnavailable
from portalqa.browser.grid import ENV_VAR as GRID_ENV_VAR
from portalqa.browser.pool import BrowserPool
from portalqa.citizen import allure_report, portal_pages, session
from portalqa.citizen.circuit_breaker import DEFAULT_THRESHOLD, CircuitBreaker
from portalqa.citizen.driver import PortalDriver
from portalqa.citizen.journey_record import JourneyRecord
from portalqa.citizen.kept_sessions import SignOnSessions
from portalqa.evidence.allure_redaction import redact_file_loggers
from portalqa.profiles.profile import DEFAULT_PROFILE, CustomProcedure
from portalqa.reporting import allure_metadata
from portalqa.reporting.progress import MIN_INTERVAL_S, Progress
from portalqa.secrets_guard import (
    install_on_handlers,
    redact_objects,
    redact_standard_streams,
    register,
    restore_standard_streams,
)
from portalqa.standard.catalog import StandardProcedure, load_catalog
from portalqa.standard.markers import SCENARIO_KINDS, marker_name
from portalqa.targets.registry import PortalRegistry, PortalSelectionError, PortalUnderTest, select_portals
from portalqa.targets.scenario_scopes import scenario_scope

RECORD_KEY = pytest.StashKey[JourneyRecord]()
DRIVER_KEY = pytest.StashKey[PortalDriver]()
FEATURE_KEY = pytest.StashKey[str]()
REGISTRY_KEY = pytest.StashKey[PortalRegistry]()
BREAKER_KEY = pytest.StashKey[CircuitBreaker]()
# The run's circuit-breaker folder, made by the xdist controller and handed to its workers.
BREAKER_DIR = "portalqa_breaker_dir"


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
        "--portalqa-grid",
        default=os.environ.get(GRID_ENV_VAR) or None,
        metavar="URL",
        help=f"run the browsers on this Selenium Grid 4 (e.g. http://127.0.0.1:4444) instead of this "
        f"machine's Chromium (default: ${GRID_ENV_VAR}, else local)",
    )
    group.addoption(
        "--no-axe",
        action="store_true",
        help="skip the axe-core scan of each page (faster; accessibility and target sizes are then "
        "not assessable)",
    )
    group.addoption(
        "--portalqa-sign-on-every-journey",
        action="store_true",
        help="sign on in full in every journey (default: once per portal and viewport in a worker, "
        "later journeys resume that session and repeat its record)",
    )
    group.addoption(
        "--portalqa-axe-every-scenario",
        action="store_true",
        help="scan each distinct page of every scenario with axe-core, even one identical to a page "
        "already scanned in this run (default: scan it once per portal and viewport, reuse the result)",
    )
    group.addoption(
        "--viewport",
        action="append",
        default=[],
        choices=VIEWPORTS,
        help="play the procedure journeys in this viewport; repeat for several (default: desktop and phone; "
        "a phone is Chrome's Pixel 7 emulation)",
    )
    group.addoption(
        "--portalqa-breaker",
        type=int,
        default=DEFAULT_THRESHOLD,
        metavar="N",
        help="give a portal up after N scenarios in a row with a fault of the network or its server: its "
        f"other scenarios end at once, not assessable (default: {DEFAULT_THRESHOLD}; 0: never give up)",
    )
    group.addoption(
        "--portalqa-page-timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="a page that does not load within this is a timeout fault, not assessable (default: the "
        "browser's 30 s)",
    )
    group.addoption(
        "--portalqa-progress",
        action="store_true",
        help="print a progress line as scenarios finish: done/total, in all and per portal "
        "(`portalqa assess` turns it on)",
    )
    group.addoption(
        "--portalqa-progress-every",
        type=float,
        default=MIN_INTERVAL_S,
        metavar="SECONDS",
        help=f"at most one progress line this often, the last always (default: {MIN_INTERVAL_S:g})",
    )


def pytest_configure(config: pytest.Config) -> None:
    catalog = load_catalog()
    for procedure_id in catalog:
        config.addinivalue_line(
            "markers", f"{procedure_id}: scenarios of the standard procedure {procedure_id}"
        )
    for owner in sorted({procedure.owner for procedure in catalog.values()}):
        config.addinivalue_line("markers", f"{marker_name('owner', owner)}: procedures owned by {owner}")
    for kind, what in SCENARIO_KINDS.items():
        config.addinivalue_line("markers", f"{kind}: {what}")
    try:
        registry = select_portals(config.getoption("--portal", default=None) or [DEFAULT_PROFILE])
    except PortalSelectionError as err:
        raise pytest.UsageError(str(err)) from None
    for profile in registry.profiles.values():
        config.addinivalue_line(
            "markers", f"{marker_name('portal', profile.id)}: scenarios on {profile.name}"
        )
    config.stash[REGISTRY_KEY] = registry
    for profile in registry.profiles.values():
        # Known before any scenario reads it, so the net below masks it from the first line (an
        # embedded portal's generated password is registered when the portal starts).
        if profile.sign_on.password_env:
            register(os.environ.get(profile.sign_on.password_env, ""))
    config.stash[BREAKER_KEY] = _circuit_breaker(config)
    install_on_handlers()
    if config.getoption("capture", default="fd") == "no":
        # Uncaptured (`-s`): what a step prints reaches the terminal directly, so it is masked there.
        redact_standard_streams()
    if config.getoption("--portalqa-progress") and not _is_xdist_worker(config):
        # Under xdist the controller counts: it sees every worker's collection and reports.
        progress = Progress(
            list(registry.profiles), min_interval_s=config.getoption("--portalqa-progress-every")
        )
        config.pluginmanager.register(ProgressLines(config, progress), PROGRESS_PLUGIN)


def _is_xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """`--dist loadscope` (as `portalqa assess --workers N` runs): one portal's scenarios in one
    viewport per unit of work (targets.scenario_scopes), instead of a test module per unit."""
    if config.getoption("dist", default=None) != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    portal_ids = list(config.stash[REGISTRY_KEY].profiles)

    class PortalScopeScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return scenario_scope(nodeid, portal_ids)

    return PortalScopeScheduling(config, log)


def _circuit_breaker(config: pytest.Config) -> CircuitBreaker:
    threshold = config.getoption("--portalqa-breaker", default=DEFAULT_THRESHOLD)
    if threshold < 0:
        raise pytest.UsageError(f"--portalqa-breaker {threshold}: give a number of scenarios, 0 or more")
    timeout = config.getoption("--portalqa-page-timeout", default=None)
    if timeout is not None and timeout <= 0:
        raise pytest.UsageError(f"--portalqa-page-timeout {timeout:g}: give a number of seconds above 0")
    if _is_xdist_worker(config):
        shared = config.workerinput.get(BREAKER_DIR)
        return CircuitBreaker(threshold, Path(shared) if shared else None)
    if threshold and config.getoption("numprocesses", default=None):
        # The workers share who was given up through files in a folder of this run (removed at its end).
        return CircuitBreaker(threshold, temp_dirs.make("portalqa-breaker-"))
    return CircuitBreaker(threshold)


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:
    """xdist: each worker gets the run's circuit-breaker folder."""
    breaker = node.config.stash.get(BREAKER_KEY, None)
    if breaker is not None and breaker.shared_dir is not None:
        node.workerinput[BREAKER_DIR] = str(breaker.shared_dir)


def pytest_sessionstart(session: pytest.Session) -> None:
    """Allure's results masked (every process writes its own), and the run's environment for the
    Allure report (portals, browser, versions), written once."""
    # Here, not in pytest_configure: the Allure plugins make their file writer in theirs.
    redact_file_loggers()
    config = session.config
    results = config.getoption("--alluredir", default=None)
    if not results or _is_xdist_worker(config):
        return
    environment = allure_metadata.run_environment(
        config.stash[REGISTRY_KEY].profiles.values(),
        viewports=dict.fromkeys(config.getoption("--viewport", default=None) or VIEWPORTS),
        axe=not config.getoption("--no-axe", default=False),
        workers=config.getoption("numprocesses", default=None) or 1,
    )
    Path(results).mkdir(parents=True, exist_ok=True)
    allure_metadata.write_environment(Path(results), environment)


PROGRESS_PLUGIN = "portalqa-progress"


class ProgressLines:
    """Progress lines on the terminal (--portalqa-progress); the counting is reporting.progress."""

    def __init__(self, config: pytest.Config, progress: Progress):
        self.config = config
        self.progress = progress

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if session.items:  # under xdist the controller collects nothing: the workers' ids come below
            self.progress.collected({item.nodeid: _portal_param(item) for item in session.items})

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node, ids: list[str]) -> None:
        self.progress.collected_ids(ids)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "teardown":  # every scenario ends with its teardown, whatever its outcome
            self._say(self.progress.finished(report.nodeid))

    def _say(self, line: str | None) -> None:
        if line is None:
            return
        terminal = self.config.pluginmanager.get_plugin("terminalreporter")
        if terminal is None:
            print(line, flush=True)
            return
        terminal.ensure_newline()
        if getattr(getattr(terminal, "_tw", None), "width_of_current_line", 0):
            terminal.write("\n")  # under xdist the dots so far are on a line of their own
        terminal.write_line(line)
        terminal.flush()


def _portal_param(item: pytest.Item) -> str | None:
    params = getattr(item, "callspec", None)
    portal = params.params.get("portal") if params else None
    return portal if isinstance(portal, str) else None


def pytest_unconfigure(config: pytest.Config) -> None:
    restore_standard_streams()
    registry = config.stash.get(REGISTRY_KEY, None)
    if registry is not None:
        registry.stop_all()
    breaker = config.stash.get(BREAKER_KEY, None)
    if breaker is not None and breaker.shared_dir is not None and not _is_xdist_worker(config):
        temp_dirs.remove(breaker.shared_dir)


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
        viewports = list(dict.fromkeys(metafunc.config.getoption("--viewport", default=None) or VIEWPORTS))
        metafunc.parametrize("viewport", viewports, ids=viewports, indirect=True)
    if "custom_procedure" in metafunc.fixturenames:
        # Custom procedures exist per portal, so portal and procedure are parametrized as pairs.
        pairs = [(pid, c.id) for pid, p in registry.profiles.items() for c in p.custom_procedures]
        metafunc.parametrize(
            ["portal", "custom_procedure"], pairs, ids=[f"{p}-{c}" for p, c in pairs], indirect=True
        )
    else:
        ids = list(registry.profiles)
        if "public_pages" not in metafunc.fixturenames:
            # Procedure journeys: a portal whose profile maps no standard procedure (a site without
            # transactions, only `pages:`) plays none; its public pages are checked portal-wide.
            ids = [pid for pid in ids if registry.profiles[pid].procedures]
        metafunc.parametrize("portal", ids, ids=ids, indirect=True)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tags to select by portal (portal_<id>) and by owner (owner_<agency>), besides the procedure id."""
    catalog = load_catalog()
    for item in items:
        params = getattr(item, "callspec", None)
        if _portal_param(item):
            item.add_marker(marker_name("portal", _portal_param(item)))
        if params and params.params.get("asked_procedure") in catalog:
            item.add_marker(params.params["asked_procedure"])
        for marker in list(item.iter_markers()):
            if marker.name in catalog:
                item.add_marker(marker_name("owner", catalog[marker.name].owner))


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
def public_pages(portal: PortalUnderTest) -> list[portal_pages.PlannedPage]:
    """The public pages a portal-wide scenario visits (features/quality/portal_pages.feature): home,
    catalogue and the profile's `pages:`; the privacy policy and assistant pages are found on the way."""
    return portal_pages.planned_pages(portal.profile)


@pytest.fixture
def viewport(request: pytest.FixtureRequest) -> str:
    """desktop or phone; scenarios that are not procedure journeys run on the desktop."""
    return getattr(request, "param", "desktop")


@pytest.fixture
def procedure(request: pytest.FixtureRequest) -> StandardProcedure:
    """The standard procedure the feature plays: features/procedures/<procedure id>.feature."""
    procedure = _standard_procedure(request.node)
    if procedure is None:
        raise pytest.UsageError(
            f"{request.node.nodeid}: only features/procedures/<procedure id>.feature play a procedure"
        )
    return procedure


def _standard_procedure(node: pytest.Item) -> StandardProcedure | None:
    feature_file = node.stash.get(FEATURE_KEY, None)
    try:
        return session.procedure_of_feature(feature_file) if feature_file else None
    except session.FeatureFileError as err:
        raise pytest.UsageError(str(err)) from None


def _procedure_identity(request: pytest.FixtureRequest, portal: PortalUnderTest) -> dict | None:
    """The procedure the scenario is about; None for a feature that names none (see `procedure`)."""
    if "public_pages" in request.fixturenames:
        return session.portal_wide_identity()
    if "asked_procedure" in request.fixturenames:
        return session.procedure_identity(portal.profile, standard=request.getfixturevalue("asked_procedure"))
    if "custom_procedure" in request.fixturenames:
        return session.procedure_identity(portal.profile, custom=request.getfixturevalue("custom_procedure"))
    standard = _standard_procedure(request.node)
    return session.procedure_identity(portal.profile, standard=standard) if standard else None


def _kind(request: pytest.FixtureRequest) -> str:
    if "public_pages" in request.fixturenames:
        return "site"
    return "assistant" if "asked_procedure" in request.fixturenames else "journey"


@pytest.fixture(scope="session")
def browser_pool(request: pytest.FixtureRequest):
    pool = BrowserPool(
        headless=not request.config.getoption("--headed"),
        allowed_hosts=request.config.stash[REGISTRY_KEY].browser_hosts(),
        grid_url=request.config.getoption("--portalqa-grid"),
    )
    yield pool
    pool.close()


@pytest.fixture(scope="session")
def accessibility_cache(request: pytest.FixtureRequest) -> AccessibilityCache | None:
    """axe-core results of the pages this worker has scanned, reused for an identical page of the same
    portal and viewport (browser.accessibility_cache); None with --portalqa-axe-every-scenario."""
    return None if request.config.getoption("--portalqa-axe-every-scenario") else AccessibilityCache()


@pytest.fixture(scope="session")
def sign_on_sessions(request: pytest.FixtureRequest) -> SignOnSessions | None:
    """The sign-ons this worker keeps, one per portal and viewport, resumed by later journeys
    (citizen.kept_sessions); None with --portalqa-sign-on-every-journey."""
    return None if request.config.getoption("--portalqa-sign-on-every-journey") else SignOnSessions()


@pytest.fixture
def browser(browser_pool: BrowserPool, viewport: str):
    """The viewport's browser, reset for this scenario."""
    try:
        return browser_pool.get(viewport)
    except BrowserUnavailable as err:
        pytest.exit(str(err), returncode=3)


@pytest.fixture
def journey(request: pytest.FixtureRequest, portal: PortalUnderTest, viewport: str) -> JourneyRecord:
    identity = _procedure_identity(request, portal)
    if identity is None:
        request.getfixturevalue("procedure")  # raises: a journey plays a procedure
    record = session.new_journey(portal.profile, identity, viewport, _kind(request))
    request.node.stash[RECORD_KEY] = record
    return record


@pytest.fixture
def portal_driver(request: pytest.FixtureRequest, browser, portal: PortalUnderTest, journey: JourneyRecord):
    # A portal given up by the circuit breaker ends the scenario at its first page, without waiting.
    given_up = request.config.stash[BREAKER_KEY].given_up(portal.profile.id)
    driver = session.portal_driver(
        browser,
        portal.profile,
        portal.base_url,
        journey,
        unavailable=portal.unavailable or given_up,
        check_accessibility=not request.config.getoption("--no-axe"),
        page_timeout_s=request.config.getoption("--portalqa-page-timeout"),
        accessibility_cache=request.getfixturevalue("accessibility_cache"),
        sign_on_sessions=request.getfixturevalue("sign_on_sessions"),
    )
    request.node.stash[DRIVER_KEY] = driver
    return driver


@pytest.fixture
def work_dir():
    path = temp_dirs.make("portalqa-scenario-")
    yield path
    temp_dirs.remove(path)


@pytest.hookimpl(trylast=True)
def pytest_bdd_before_scenario(request, feature, scenario) -> None:
    # The feature file names the procedure (fixture `procedure`), read once the scenario starts.
    request.node.stash[FEATURE_KEY] = feature.filename
    if "portal" not in request.fixturenames:
        return
    portal: PortalUnderTest = request.getfixturevalue("portal")
    identity = _procedure_identity(request, portal)
    viewport = request.getfixturevalue("viewport")
    allure_report.label_scenario(portal.profile, viewport, _kind(request), identity)


@pytest.hookimpl(tryfirst=True)
def pytest_bdd_step_error(request, feature, scenario, step, step_func, step_func_args, exception) -> None:
    record = request.node.stash.get(RECORD_KEY, None)
    if record is not None:
        session.step_failed(record, f"{step.keyword} {step.name}", exception)
    # tryfirst: the screenshot lands on the failing step, before Allure closes it.
    allure_report.attach_screenshot(request.node.stash.get(DRIVER_KEY, None))


@pytest.hookimpl
def pytest_bdd_before_step(request, feature, scenario, step, step_func) -> None:
    record = request.node.stash.get(RECORD_KEY, None)
    if record is not None:
        session.step_started(record, f"{step.keyword} {step.name}")


@pytest.hookimpl
def pytest_bdd_after_scenario(request, feature, scenario) -> None:
    record = request.node.stash.get(RECORD_KEY, None)
    if record is not None:
        allure_report.attach_measurements(session.finish(record, request.node.stash.get(DRIVER_KEY, None)))


# The safety net for secrets (docs/secrets.md): whatever a scenario prints, logs or raises, the
# terminal, the captured sections and the Allure results show registered secrets masked.


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_collection(session: pytest.Session):
    # trylast: innermost, so pytest's logging plugin has added its handlers (live logging, the log
    # file) to the root logger already; the phases below add the caplog and report handlers.
    install_on_handlers()
    return (yield)


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_setup(item: pytest.Item):
    install_on_handlers()
    return (yield)


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_call(item: pytest.Item):
    install_on_handlers()
    return (yield)


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    install_on_handlers()
    return (yield)


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    """The report masked (trylast: the innermost wrapper, so before the other wrappers, the Allure
    listeners among them, read it; the terminal and xdist's controller get it after them all); and
    each scenario's end counts for its portal's circuit breaker (citizen.circuit_breaker)."""
    report = yield
    _redact_report(report)
    record = item.stash.get(RECORD_KEY, None)
    if report.when == "call" and record is not None:
        item.config.stash[BREAKER_KEY].scenario_ended(
            record.portal.get("id", ""), record.portal.get("name", ""), record.reasons, skipped=report.skipped
        )
    return report


@pytest.hookimpl(wrapper=True, trylast=True)
def pytest_make_collect_report(collector: pytest.Collector):
    report = yield
    _redact_report(report)
    return report


def _redact_report(report) -> None:
    """The failure's representation (message, source lines, arguments, locals) and the captured
    stdout, stderr and log, masked in place."""
    report.longrepr = redact_objects(report.longrepr)
    report.sections = redact_objects(list(report.sections))
    if hasattr(report, "user_properties"):  # test reports only
        report.user_properties = redact_objects(list(report.user_properties))
