"""What the Allure report says about a run beside its results (docs/allure.md).

Written into the allure-results folder, where the Allure generator reads them:

- environment.properties: the portals assessed and where they answer, the browser, the driver and
  the versions of portalqa and its tools (the report's Environment widget); the pytest plugin
  writes it when the scenarios start;
- executor.json, in CI only: the CI system and the link to the build (the Executors widget, and the
  trend chart's link back to each build);
- categories.json: failed and broken results sorted into what they mean for the assessment;
- a `severity` label on every result that lacks one (portalqa.evidence.allure_severity has the rule).
"""

from __future__ import annotations

import contextlib
import json
import platform
import re
import subprocess
from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path

from portalqa.browser.chromium import CHROMEDRIVER, CHROMIUM
from portalqa.evidence import allure_labels
from portalqa.evidence.allure_reading import RESULT_FILE_SUFFIX
from portalqa.evidence.allure_severity import LOAD_PHASE, SEVERITY, severity_for
from portalqa.load_testing.results import LOAD_CRITERION
from portalqa.model.criteria import Criterion
from portalqa.model.scenarios import PORTAL_WIDE, ScenarioKind
from portalqa.profiles.profile import Profile

ENVIRONMENT_FILE = "environment.properties"
EXECUTOR_FILE = "executor.json"
CATEGORIES_FILE = "categories.json"
REPORT_NAME = "portalqa assessment"

# A broken result whose message says the portal, its server or the network failed: nothing portalqa
# or the portal's pages did wrong (Infrastructure: the faults of portalqa.citizen.faults, whose
# messages name their class and quote the status or network error). Any other broken result is
# portalqa's own failure to assess (Harness error). Matched case-insensitively anywhere in the message.
INFRASTRUCTURE_MARKERS = (
    "PortalUnreachable",
    "ServerError",
    "PortalTimeout",
    "PortalGivenUp",
    "PortalFault",
    "was given up after",
    "unreachable",
    "did not answer",
    "could not be reached",
    "did not start",
    "ERR_CONNECTION",
    "ERR_NAME_NOT_RESOLVED",
    "ERR_ADDRESS_UNREACHABLE",
    "ERR_INTERNET_DISCONNECTED",
    "ERR_TIMED_OUT",
    "ConnectionError",
    "Connection refused",
    "ConnectionRefused",
    "Connection reset",
    "ConnectionReset",
    "TimeoutException",
    "TimeoutError",
    "timed out",
)
# A 5xx status quoted as portalqa's faults quote it ("HTTP 503 at http://...").
SERVER_ERROR_PATTERN = r"\bHTTP 5\d\d\b"
_MARKERS = "|".join([*(re.escape(marker) for marker in INFRASTRUCTURE_MARKERS), SERVER_ERROR_PATTERN])
# Allure matches the whole message (Java's Matcher.matches), hence the leading and trailing `.*`.
INFRASTRUCTURE_REGEX = rf"(?is).*(?:{_MARKERS}).*"
HARNESS_ERROR_REGEX = rf"(?is)(?!.*(?:{_MARKERS})).*"

# Allure files a result under every category it matches: the two broken ones exclude each other.
CATEGORIES = [
    {
        "name": "Portal defect",
        "description": "The portal does not meet a criterion (outcome failed): a finding about the portal.",
        "matchedStatuses": ["failed"],
    },
    {
        "name": "Harness error",
        "description": "portalqa could not assess the procedure (outcome broken) for a reason of its own; "
        "not the portal's defect, and excluded from the score.",
        "matchedStatuses": ["broken"],
        "messageRegex": HARNESS_ERROR_REGEX,
    },
    {
        "name": "Infrastructure",
        "description": "The portal or its server failed (outcome broken): refused or reset connections, "
        "names that do not resolve, 5xx answers, time-outs, a portal given up after consecutive faults. "
        "Not assessable, excluded from the score.",
        "matchedStatuses": ["broken"],
        "messageRegex": INFRASTRUCTURE_REGEX,
    },
]

# The Python packages whose versions the report names (distribution name -> how the report shows it).
PACKAGES = {
    "portalqa": "portalqa",
    "selenium": "Selenium",
    "pytest": "pytest",
    "pytest-bdd": "pytest-bdd",
    "pytest-xdist": "pytest-xdist",
    "allure-pytest-bdd": "allure-pytest-bdd",
}
NOT_FOUND = "not found"


def write_categories(results_dir: Path) -> Path:
    path = Path(results_dir) / CATEGORIES_FILE
    path.write_text(json.dumps(CATEGORIES, indent=2), encoding="utf-8")
    return path


# Environment ---------------------------------------------------------------------------------------


def run_environment(
    profiles: Iterable[Profile],
    *,
    viewports: Iterable[str] = (),
    axe: bool = True,
    workers: str | int | None = None,
) -> dict[str, str]:
    """What the report's Environment widget shows about a run, key by key (insertion order kept)."""
    profiles = list(profiles)
    environment = {"Portals": ", ".join(profile.id for profile in profiles)}
    for profile in profiles:
        where = "embedded" if profile.embedded is not None else (profile.base_url or "no address")
        environment[f"Portal {profile.id}"] = f"{profile.name} — {where}"
    if viewports:
        environment["Viewports"] = ", ".join(viewports)
    environment["axe-core scan"] = "on" if axe else "off"
    if workers is not None:
        environment["Workers"] = str(workers)
    return environment | tool_versions()


def tool_versions() -> dict[str, str]:
    """The browser, its driver, Python and the Python packages a run used."""
    versions = {
        "Chromium": program_version(CHROMIUM),
        "ChromeDriver": program_version(CHROMEDRIVER),
        "Python": platform.python_version(),
    }
    for distribution, shown in PACKAGES.items():
        versions[shown] = package_version(distribution)
    return versions


def program_version(program: str | Path) -> str:
    """`program --version`, as "<version> (<program>)"; "not found" when it cannot say."""
    try:
        done = subprocess.run(
            [str(program), "--version"], capture_output=True, text=True, timeout=20, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return f"{NOT_FOUND} ({program})"
    found = re.search(r"\d+(?:\.\d+)+", done.stdout or "")
    return f"{found.group(0)} ({program})" if done.returncode == 0 and found else f"{NOT_FOUND} ({program})"


def package_version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return NOT_FOUND


def write_environment(results_dir: Path, environment: Mapping[str, str]) -> Path:
    """environment.properties (read by Allure as UTF-8 Java properties)."""
    lines = [f"{_property_key(key)}={_property_value(value)}" for key, value in environment.items()]
    path = Path(results_dir) / ENVIRONMENT_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _property_key(text: str) -> str:
    # In a key, whitespace, "=" and ":" end the key unless escaped; "#" and "!" start a comment.
    return re.sub(r"([\s=:#!])", lambda match: "\\" + _escaped_char(match.group(1)), _backslashes(text))


def _property_value(text: str) -> str:
    value = _backslashes(str(text)).replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
    # Leading whitespace of a value is skipped by the reader unless escaped.
    return "\\ " + value[1:] if value.startswith(" ") else value


def _backslashes(text: str) -> str:
    return str(text).replace("\\", "\\\\")


def _escaped_char(char: str) -> str:
    return {"\n": "n", "\r": "r", "\t": "t"}.get(char, char)


# Executor ------------------------------------------------------------------------------------------


def executor_for(environ: Mapping[str, str]) -> dict | None:
    """The CI build this run is part of (Allure's executor.json), or None outside CI.

    GitHub Actions (GITHUB_ACTIONS / GITHUB_RUN_ID), GitLab CI (GITLAB_CI / CI_PIPELINE_URL), then any
    other CI that sets CI=true (BUILD_URL, BUILD_NUMBER and JOB_NAME when it sets them, as Jenkins does).
    """
    if environ.get("GITHUB_ACTIONS") == "true" or environ.get("GITHUB_RUN_ID"):
        server, repository, run = (
            environ.get(name, "").rstrip("/")
            for name in ("GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_RUN_ID")
        )
        url = f"{server}/{repository}/actions/runs/{run}" if server and repository and run else None
        number = environ.get("GITHUB_RUN_NUMBER")
        name = " ".join(filter(None, (environ.get("GITHUB_WORKFLOW"), f"#{number}" if number else None)))
        return _executor("GitHub Actions", "github", url, name or run, number or run)
    if environ.get("GITLAB_CI") or environ.get("CI_PIPELINE_URL"):
        url = environ.get("CI_JOB_URL") or environ.get("CI_PIPELINE_URL")
        pipeline = environ.get("CI_PIPELINE_IID") or environ.get("CI_PIPELINE_ID")
        job = environ.get("CI_JOB_NAME")
        name = " ".join(filter(None, (job, f"pipeline #{pipeline}" if pipeline else None)))
        return _executor("GitLab CI", "gitlab", url, name, pipeline)
    if environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
        number = environ.get("BUILD_NUMBER")
        name = " ".join(filter(None, (environ.get("JOB_NAME"), f"#{number}" if number else None)))
        return _executor("portalqa", "portalqa", environ.get("BUILD_URL"), name, number)
    return None


def _executor(name: str, kind: str, url: str | None, build_name: str | None, order: str | None) -> dict:
    executor: dict[str, object] = {"name": name, "type": kind, "reportName": REPORT_NAME}
    if url:
        executor["buildUrl"] = url
    if build_name:
        executor["buildName"] = build_name
    if order and str(order).isdigit():
        executor["buildOrder"] = int(order)  # Allure orders its trend chart by it
    return executor


def write_executor(results_dir: Path, environ: Mapping[str, str]) -> Path | None:
    """executor.json when `environ` is a CI build's; outside CI nothing is written."""
    executor = executor_for(environ)
    if executor is None:
        return None
    path = Path(results_dir) / EXECUTOR_FILE
    path.write_text(json.dumps(executor, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


# Severity ------------------------------------------------------------------------------------------


def label_severities(results_dir: Path) -> int:
    """Give each result without a `severity` label the one its kind gets; returns how many changed.

    The scenarios label themselves; this covers results written without it (the load phase's, older
    runs'). A result that cannot be read is left as it is, for the scorer to report.
    """
    changed = 0
    for path in sorted(Path(results_dir).glob(f"*{RESULT_FILE_SUFFIX}")):
        try:
            result = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        labels = result.get("labels") if isinstance(result, dict) else None
        if not isinstance(labels, list):
            continue
        named = [label for label in labels if isinstance(label, dict)]
        if any(label.get("name") == SEVERITY for label in named):
            continue
        labels.append({"name": SEVERITY, "value": severity_for(*_kind_and_viewport(named))})
        with contextlib.suppress(OSError):
            path.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
            changed += 1
    return changed


def _kind_and_viewport(labels: list[dict]) -> tuple[str, str | None]:
    def first(name: str) -> str | None:
        return next((str(label.get("value")) for label in labels if label.get("name") == name), None)

    criterion, viewport = first(allure_labels.CRITERION), first(allure_labels.VIEWPORT)
    procedure = first(allure_labels.PROCEDURE)
    if procedure == PORTAL_WIDE:  # a site scenario: the portal's public pages
        return ScenarioKind.SITE, viewport
    if criterion == LOAD_CRITERION:
        return LOAD_PHASE, None
    if criterion == Criterion.VIRTUAL_ASSISTANT:
        return ScenarioKind.ASSISTANT, viewport
    if criterion == Criterion.FULL_ONLINE or (criterion is None and procedure):
        # A journey's first criterion is full_online; older harness versions wrote no criterion label.
        return ScenarioKind.JOURNEY, viewport
    return "", viewport
