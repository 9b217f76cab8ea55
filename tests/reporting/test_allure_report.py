"""Allure HTML generation with the real allure-commandline binary (node_modules, Java), and its safeguards."""

from __future__ import annotations

import json
import re
import shutil
import stat

import pytest
from result_files import FIXTURE_RESULTS

from portalqa.paths import PROJECT_ROOT
from portalqa.reporting.allure_html import (
    AllureReportError,
    external_references,
    generate_allure_html,
    remove_external_analytics,
)
from portalqa.reporting.scorecard import write_assessment
from portalqa.scoring.assessment import score_results

EXTERNAL_SCRIPT = re.compile(r"""<script[^>]*\bsrc\s*=\s*["']?(https?:)?//""", re.I)


@pytest.fixture
def results_dir(tmp_path):
    # Generation writes categories.json and history/ into the results: work on a copy.
    copy = tmp_path / "allure-results"
    shutil.copytree(FIXTURE_RESULTS, copy)
    return copy


def test_generates_an_offline_report_from_fixture_results(tmp_path, results_dir):
    report_dir = tmp_path / "allure-report"
    index = generate_allure_html(
        results_dir, report_dir, PROJECT_ROOT, environment={"Portal profile": "fixture"}
    )

    assert index == report_dir / "index.html"
    html = index.read_text(encoding="utf-8")
    assert not EXTERNAL_SCRIPT.search(html)
    assert "googletagmanager" not in html
    assert "google-analytics" not in html
    assert len(list((report_dir / "data" / "test-cases").glob("*.json"))) == 6

    categories = json.loads((report_dir / "data" / "categories.json").read_text(encoding="utf-8"))
    names = {child["name"] for child in categories["children"]}
    assert names == {"Portal defect", "Infrastructure"}  # the fixture has no harness error
    assert "Portal\\ profile=fixture" in (results_dir / "environment.properties").read_text(encoding="utf-8")


def test_second_run_keeps_history_and_assessment_links_resolve(tmp_path, results_dir):
    report_dir = tmp_path / "allure-report"
    generate_allure_html(results_dir, report_dir, PROJECT_ROOT)
    generate_allure_html(results_dir, report_dir, PROJECT_ROOT)
    # The previous report's history was carried into the results, so trends have two runs.
    assert (results_dir / "history" / "history.json").is_file()
    history = json.loads((report_dir / "history" / "history.json").read_text(encoding="utf-8"))
    assert all(len(entry["items"]) == 2 for entry in history.values())

    written = write_assessment(score_results(results_dir), tmp_path / "assessment", report_dir)
    html = written.html_path.read_text(encoding="utf-8")
    uids = set(re.findall(r"index\.html#testresult/([0-9a-f]+)", html))
    assert len(uids) == 6
    for uid in uids:
        assert (report_dir / "data" / "test-cases" / f"{uid}.json").is_file()


def test_missing_allure_binary_names_npm_ci(tmp_path, results_dir):
    with pytest.raises(AllureReportError, match="npm ci"):
        generate_allure_html(results_dir, tmp_path / "report", tmp_path)


def test_missing_java_is_a_clear_error(tmp_path, results_dir, monkeypatch):
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    with pytest.raises(AllureReportError, match="Java is not installed"):
        generate_allure_html(results_dir, tmp_path / "report", PROJECT_ROOT)


def test_missing_results_folder_is_a_clear_error(tmp_path):
    with pytest.raises(AllureReportError, match="does not exist"):
        generate_allure_html(tmp_path / "nowhere", tmp_path / "report", PROJECT_ROOT)


def test_tool_failure_reports_its_stderr(tmp_path, results_dir):
    if shutil.which("java") is None:
        pytest.skip("needs java on PATH to get past the Java check")
    fake_root = tmp_path / "project"
    binary = fake_root / "node_modules" / ".bin" / "allure"
    binary.parent.mkdir(parents=True)
    binary.write_text("#!/bin/sh\necho 'Could not parse results: boom' >&2\nexit 3\n", encoding="utf-8")
    binary.chmod(binary.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(AllureReportError, match=r"exit code 3.*Could not parse results: boom"):
        generate_allure_html(results_dir, tmp_path / "report", fake_root)


def test_timeout_is_reported(tmp_path, results_dir):
    if shutil.which("java") is None:
        pytest.skip("needs java on PATH to get past the Java check")
    fake_root = tmp_path / "project"
    binary = fake_root / "node_modules" / ".bin" / "allure"
    binary.parent.mkdir(parents=True)
    binary.write_text("#!/bin/sh\nexec sleep 5\n", encoding="utf-8")
    binary.chmod(binary.stat().st_mode | stat.S_IEXEC)
    with pytest.raises(AllureReportError, match="did not finish within"):
        generate_allure_html(results_dir, tmp_path / "report", fake_root, timeout_seconds=0.5)


def test_analytics_snippet_is_removed_if_a_generator_adds_it(tmp_path):
    # What allure-commandline 2.46 writes when ALLURE_NO_ANALYTICS is not honoured.
    index = tmp_path / "index.html"
    index.write_text(
        """<html><body>
    <script src="assets/index-CqG5t6J2.js"></script>
    <script async src="https://www.googletagmanager.com/gtag/js?id=G-FVWC4GKEYS"></script>
    <script>
        window.dataLayer = window.dataLayer || [];
        function gtag(){dataLayer.push(arguments);}
        gtag('config', 'G-FVWC4GKEYS', {'allureVersion': '2.46.1'});
    </script>
</body></html>""",
        encoding="utf-8",
    )
    assert external_references(index)
    remove_external_analytics(index)
    html = index.read_text(encoding="utf-8")
    assert external_references(index) == []
    assert "gtag" not in html
    assert '<script src="assets/index-CqG5t6J2.js"></script>' in html
