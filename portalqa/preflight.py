"""Checks made before a run starts or anything is written: each problem is one line with its fix.

A run that fails late costs minutes and, worse, used to leave a stale or empty report. So `portalqa
assess` and `portalqa score` check here first what they will need: the selection (-k, -m), the
credentials of the portals, the embedded portals' variants, the reports folder, free disk, Java for
the Allure report and a Chromium that starts. Usage and profile problems are exit 2, problems of this
machine exit 3 (docs/exit-codes.md).
"""

from __future__ import annotations

import configparser
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from portalqa.paths import PROJECT_ROOT
from portalqa.profiles.profile import Profile
from portalqa.secrets_guard import missing_credentials
from portalqa.standard.catalog import load_catalog
from portalqa.standard.markers import marker_name, scenario_markers

EXIT_USAGE, EXIT_ENVIRONMENT = 2, 3
# What a whole run of one portal writes (results, screenshots, Allure HTML) stays well under this.
MIN_FREE_BYTES = 200 * 1024 * 1024
# The folders a run writes inside the reports folder; each must be a folder if it exists.
REPORT_PARTS = ("allure-results", "allure-report", "assessment", "load", "history")


@dataclass(frozen=True)
class Problem:
    message: str
    exit_code: int = EXIT_USAGE


def selection_problems(keyword: str | None, markers: str | None, portal_ids: list[str]) -> list[Problem]:
    """A -k or -m that pytest cannot parse, or a -m naming a marker no scenario carries."""
    # pytest's own parser (private API, pinned with pytest): the same grammar and errors as the run's.
    from _pytest.mark.expression import Expression

    problems = []
    compiled = {}
    for option, expression in (("-k", keyword), ("-m", markers)):
        if expression is None:
            continue
        try:
            compiled[option] = Expression.compile(expression)
        except SyntaxError as err:
            problems.append(Problem(f"{option} {expression!r} is not a valid expression: {err.msg} "
                                    f"(at column {err.offset})"))  # fmt: skip
    if "-m" in compiled:
        known = scenario_markers(load_catalog(), portal_ids, _ini_markers())
        unknown = sorted(set(compiled["-m"].idents()) - known)
        if unknown:
            portals = ", ".join(sorted(marker_name("portal", portal_id) for portal_id in portal_ids))
            problems.append(Problem(
                f"-m {markers!r}: no scenario carries the marker {', '.join(map(repr, unknown))}; markers "
                f"are procedure ids (e.g. {min(load_catalog())}), owner_<owner>, the portals' ({portals}) "
                "and custom_procedure, virtual_assistant, portal_pages"
            ))  # fmt: skip
    return problems


def _ini_markers() -> list[str]:
    parser = configparser.ConfigParser()
    parser.read(PROJECT_ROOT / "pytest.ini", encoding="utf-8")
    lines = parser.get("pytest", "markers", fallback="").splitlines()
    return [line.split(":", 1)[0].strip() for line in lines if line.strip()]


def credential_problems(profiles: Iterable[Profile]) -> list[Problem]:
    """Credentials a portal's journeys sign on with that are not set (embedded portals make their own)."""
    problems = []
    for profile in profiles:
        if profile.embedded is not None:
            continue
        for name in missing_credentials(profile.sign_on.credential_envs):
            problems.append(Problem(
                f"{profile.id}: the environment variable {name} is not set; export it with the test "
                f"account's value before the run (profile {profile.source}, sign_on)"
            ))  # fmt: skip
    return problems


def embedded_problems(profiles: Iterable[Profile]) -> list[Problem]:
    """Embedded profiles whose variant or defect names the reference portal does not know."""
    from portalqa.targets.embedded import variant_problem

    problems = []
    for profile in profiles:
        if profile.embedded is None:
            continue
        said = variant_problem(profile)
        if said:
            problems.append(Problem(f"{profile.source}: embedded: {said}"))
    return problems


def reports_problems(reports: Path) -> list[Problem]:
    """The reports folder must be a folder this process can write, with room for a run."""
    if reports.exists() and not reports.is_dir():
        return [
            Problem(f"--reports {reports} is a file, not a folder; give a folder (it is created if missing)")
        ]
    for part in REPORT_PARTS:
        inside = reports / part
        if inside.exists() and not inside.is_dir():
            return [Problem(f"{inside} is a file, but a run writes a folder there; move the file away "
                            "or give another --reports")]  # fmt: skip
    existing = next((folder for folder in (reports, *reports.parents) if folder.exists()), None)
    if existing is None or not os.access(existing, os.W_OK | os.X_OK):
        return [Problem(f"cannot write in {existing or reports}; give a --reports folder you can write",
                        EXIT_ENVIRONMENT)]  # fmt: skip
    free = shutil.disk_usage(existing).free
    if free < MIN_FREE_BYTES:
        return [Problem(f"only {free // (1024 * 1024)} MB free where the reports go ({existing}); a run "
                        f"needs about {MIN_FREE_BYTES // (1024 * 1024)} MB: free some space",
                        EXIT_ENVIRONMENT)]  # fmt: skip
    return []


def allure_problems() -> list[Problem]:
    """The Allure report generator and the Java it runs on."""
    from portalqa.reporting.allure_html import AllureReportError, find_allure_binary, find_java

    try:
        find_allure_binary(PROJECT_ROOT)
        find_java()
    except AllureReportError as err:
        return [Problem(f"{err} (or run `make setup`)", EXIT_ENVIRONMENT)]
    return []


def browser_problems(grid_url: str | None = None) -> list[Problem]:
    """Start Chromium through ChromeDriver once (on the Grid, if one is given): a broken driver or an
    unreachable Grid otherwise makes every cell not assessable."""
    from portalqa.browser.chromium import INSTALL_HINT, BrowserFactory, BrowserSettings

    factory = BrowserFactory(BrowserSettings(grid_url=grid_url))
    try:
        factory.start().quit()
    except Exception as err:  # noqa: BLE001 - whatever stops the browser, the run cannot go on
        first_line = (str(getattr(err, "msg", "") or err).strip().splitlines() or [type(err).__name__])[0]
        if grid_url:
            return [Problem(f"{first_line}. Check that the Grid is up and has a Chrome node (its /status), "
                            "or run without --grid", EXIT_ENVIRONMENT)]  # fmt: skip
        return [Problem(f"Chromium could not be started through ChromeDriver: {first_line}. Install or "
                        f"repair them: {INSTALL_HINT}", EXIT_ENVIRONMENT)]  # fmt: skip
    finally:
        factory.cleanup()
    return []


def assess_problems(
    profiles: list[Profile],
    reports: Path,
    keyword: str | None,
    markers: str | None,
    grid_url: str | None = None,
) -> list[Problem]:
    """Everything `portalqa assess` needs, usage problems first (they are the user's to fix now)."""
    usage = [
        *selection_problems(keyword, markers, [profile.id for profile in profiles]),
        *credential_problems(profiles),
        *embedded_problems(profiles),
    ]
    place = reports_problems(reports)
    if usage or any(problem.exit_code == EXIT_USAGE for problem in place):
        return usage + place
    return place + allure_problems() + browser_problems(grid_url)


def score_problems(reports: Path, allure_html: bool) -> list[Problem]:
    """What `portalqa score` needs: results to score, a writable folder, and Java for the Allure report."""
    results = reports / "allure-results"
    if not results.is_dir():
        return [Problem(f"no Allure results at {results}; run `portalqa assess` first, or give the "
                        "--reports folder that holds them")]  # fmt: skip
    return reports_problems(reports) + (allure_problems() if allure_html else [])


def merge_problems(reports: Path, allure_html: bool) -> list[Problem]:
    """What merging shards into `reports` needs: a writable folder, and Java for the Allure report."""
    return reports_problems(reports) + (allure_problems() if allure_html else [])
