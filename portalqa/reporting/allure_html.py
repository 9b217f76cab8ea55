"""Generate the Allure HTML report from raw results, and find its test-case pages afterwards.

The Allure generator is the npm package `allure-commandline` (installed by `npm ci` into
node_modules), which runs on Java. Assessors open the report offline and from public-sector networks,
so the report must not call analytics hosts: generation runs with ALLURE_NO_ANALYTICS=true (the value
"1" is not honoured) and the generated index.html is checked, and cleaned if needed, afterwards.

Before generating, the results folder gets what the report says about the run beside its results
(portalqa.reporting.allure_metadata: categories, executor in CI, a severity on every result) and the
previous report's history/, so that Allure's trend charts show the runs before this one.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from portalqa.reporting.allure_metadata import (
    label_severities,
    write_categories,
    write_environment,
    write_executor,
)
from portalqa.run_control import start_child

ALLURE_BINARY = Path("node_modules") / ".bin" / "allure"
DEFAULT_TIMEOUT_SECONDS = 300
ANALYTICS_HOSTS = ("googletagmanager.com", "google-analytics.com", "analytics.google.com", "doubleclick.net")

_EXTERNAL_SCRIPT = re.compile(r"<script\b[^>]*\bsrc\s*=\s*[\"']?\s*(?:https?:)?//[^>]*>\s*</script>", re.I)
_INLINE_SCRIPT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.I | re.S)


class AllureReportError(RuntimeError):
    """The Allure HTML report could not be generated; the message says why and what to do."""


def find_allure_binary(project_root: str | Path) -> Path:
    binary = Path(project_root) / ALLURE_BINARY
    if not binary.is_file():
        raise AllureReportError(
            f"the Allure command line is not installed ({binary} is missing); "
            f"run `npm ci` in {Path(project_root).resolve()}"
        )
    return binary


def find_java() -> str:
    # The allure launcher prefers JAVA_HOME and falls back to java on PATH; check the same way.
    java_home = os.environ.get("JAVA_HOME")
    if java_home and (Path(java_home) / "bin" / "java").is_file():
        return str(Path(java_home) / "bin" / "java")
    java = shutil.which("java")
    if java is None:
        raise AllureReportError(
            "Java is not installed (no `java` on PATH and no JAVA_HOME); the Allure report generator needs "
            "a Java runtime, version 8 or later (e.g. `apt-get install default-jre-headless`)"
        )
    return java


def generate_allure_html(
    results_dir: str | Path,
    report_dir: str | Path,
    project_root: str | Path,
    *,
    environment: Mapping[str, str] | None = None,
    ci_environ: Mapping[str, str] | None = None,
    timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
) -> Path:
    """Generate the HTML report from `results_dir` into `report_dir`; return the report's index.html.

    Writes categories.json, executor.json when `ci_environ` (default: this process's environment) is a
    CI build's, a severity label on results without one, and environment.properties when `environment`
    is given (the pytest plugin writes it when the scenarios start); carries the previous report's
    history over so that Allure can draw trends.
    """
    results_dir, report_dir = Path(results_dir), Path(report_dir)
    if not results_dir.is_dir():
        raise AllureReportError(
            f"Allure results folder {results_dir} does not exist; run the scenarios first"
        )
    binary = find_allure_binary(project_root)
    find_java()

    carry_history_over(report_dir, results_dir)
    write_categories(results_dir)
    write_executor(results_dir, os.environ if ci_environ is None else ci_environ)
    label_severities(results_dir)
    if environment:
        write_environment(results_dir, environment)

    command = [str(binary), "generate", str(results_dir), "-o", str(report_dir), "--clean"]
    env = {**os.environ, "ALLURE_NO_ANALYTICS": "true"}
    returncode, stdout, stderr = _run(command, env, timeout_seconds)
    index = report_dir / "index.html"
    if returncode != 0 or not index.is_file():
        output = stderr.strip() or stdout.strip()
        raise AllureReportError(f"allure generate failed (exit code {returncode}): {output or 'no output'}")
    remove_external_analytics(index)
    return index


def _run(command: list[str], env: dict[str, str], timeout_seconds: float) -> tuple[int, str, str]:
    """Run the generator in its own process group: the node launcher starts Java as a child, and a
    timeout must stop both rather than leave a JVM behind. Under a run's control, a signal stops it too."""
    try:
        process = start_child(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    except OSError as error:
        raise AllureReportError(f"allure generate could not start: {error}") from error
    try:
        stdout, stderr = process.communicate(timeout=timeout_seconds)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        raise AllureReportError(
            f"allure generate did not finish within {timeout_seconds:g} s: {_text(stderr)}"
        ) from None
    return process.returncode, stdout or "", stderr or ""


def carry_history_over(report_dir: Path, results_dir: Path) -> None:
    """Copy the previous report's history/ into the results, where Allure looks for it."""
    previous = report_dir / "history"
    if previous.is_dir():
        shutil.copytree(previous, results_dir / "history", dirs_exist_ok=True)


def external_references(index_html: Path) -> list[str]:
    """External scripts and analytics hosts still referenced by a report page (empty when clean)."""
    html = index_html.read_text(encoding="utf-8")
    found = [match.group(0) for match in _EXTERNAL_SCRIPT.finditer(html)]
    found += [host for host in ANALYTICS_HOSTS if host in html]
    return found


def remove_external_analytics(index_html: Path) -> None:
    """Strip external scripts and the gtag snippet should a generator version ignore the opt-out."""
    if not external_references(index_html):
        return
    html = index_html.read_text(encoding="utf-8")
    html = _EXTERNAL_SCRIPT.sub("", html)
    html = _INLINE_SCRIPT.sub(
        lambda match: "" if re.search(r"gtag\(|dataLayer", match.group(1)) else match.group(0), html
    )
    index_html.write_text(html, encoding="utf-8")
    remaining = external_references(index_html)
    if remaining:
        raise AllureReportError(f"the Allure report still references external hosts: {remaining}")


@dataclass(frozen=True)
class AllureTestCaseIndex:
    """Maps our raw results to the test-case pages of a generated report.

    Allure 2 names a test-case page by its own uid (data/test-cases/<uid>.json), not by the result's
    uuid. Its history/history.json lists, per historyId, the uid and start/stop of each run, so a
    result is found by (historyId, start); the test-case files themselves (name, start, stop) are the
    fallback for results without a historyId.
    """

    report_dir: Path
    by_history: dict[tuple[str, int | None], str]
    by_name_and_time: dict[tuple[str, int | None, int | None], str]

    @classmethod
    def load(cls, report_dir: str | Path) -> AllureTestCaseIndex | None:
        """The index of a generated report, or None when there is no report there."""
        report_dir = Path(report_dir)
        test_cases = report_dir / "data" / "test-cases"
        if not (report_dir / "index.html").is_file() or not test_cases.is_dir():
            return None
        by_name_and_time: dict[tuple[str, int | None, int | None], str] = {}
        for path in test_cases.glob("*.json"):
            case = _json_or_none(path)
            if isinstance(case, dict) and case.get("uid"):
                time = case.get("time") or {}
                by_name_and_time[(str(case.get("name")), time.get("start"), time.get("stop"))] = case["uid"]
        known_uids = set(by_name_and_time.values())
        by_history: dict[tuple[str, int | None], str] = {}
        history = _json_or_none(report_dir / "history" / "history.json")
        if isinstance(history, dict):
            for history_id, entry in history.items():
                for item in (entry or {}).get("items") or []:
                    # History also lists earlier runs whose pages are gone; keep only pages that exist.
                    if item.get("uid") in known_uids:
                        by_history[(history_id, (item.get("time") or {}).get("start"))] = item["uid"]
        return cls(report_dir=report_dir, by_history=by_history, by_name_and_time=by_name_and_time)

    def uid_for(self, history_id: str | None, name: str, start: int | None, stop: int | None) -> str | None:
        if history_id and (history_id, start) in self.by_history:
            return self.by_history[(history_id, start)]
        return self.by_name_and_time.get((name, start, stop))


def allure_test_case_address(uid: str) -> str:
    """The report-relative address of a test-case page."""
    return f"index.html#testresult/{uid}"


def _json_or_none(path: Path) -> object | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _text(output: str | None) -> str:
    return (output or "").strip() or "no output"
