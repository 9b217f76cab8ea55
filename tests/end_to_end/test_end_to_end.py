"""End to end, in the real browser: the main command assesses the embedded reference portal.

Each test runs `python -m portalqa assess` in its own process, exactly as a QA engineer would, with
its own reports folder, and reads what an assessor reads: assessment.json and the Allure report.
"""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import pytest
from assessment_runs import read_assessment, run_assessment, write_variant_profile

from portalqa.targets.embedded import free_loopback_port

PROCEDURES = {"birth_registration", "temporary_residence_registration", "criminal_record_certificate"}
# Three procedures keep these runs short; tests/end_to_end/test_portal_family.py runs every procedure.
THREE = " or ".join(sorted(PROCEDURES))

# Timed: the reference portal must meet its load objectives (speed under load met).
pytestmark = [pytest.mark.browser, pytest.mark.timed]


def verdicts(reports: Path) -> dict[str, dict]:
    (portal,) = read_assessment(reports)["portals"]
    return {procedure["id"]: procedure for procedure in portal["procedures"]}


@pytest.fixture(scope="module")
def password() -> str:
    return "pq-test-" + secrets.token_urlsafe(12)


@pytest.fixture(scope="module")
def reference_run(tmp_path_factory, password):
    reports = tmp_path_factory.mktemp("reports")
    env = {"PORTALQA_REFERENCE_PASSWORD": password}
    # Desktop only: the phone journeys are proved by tests/end_to_end/test_quality_selftest.py.
    return reports, run_assessment(
        reports, "--portal", "reference", "--viewport=desktop", "-m", THREE, env=env, scorecard_check=True
    )


def test_main_command_assesses_reference_portal_fully_online(reference_run):
    reports, result = reference_run
    assert result.returncode == 0, result.stderr
    for path in ("assessment/index.html", "assessment/assessment.json", "allure-report/index.html"):
        assert (reports / path).is_file(), f"{path} was not written"
    # The written scorecard was opened in Chromium: it rendered, asked nothing off the machine, and its
    # screenshot is kept beside it.
    assert (reports / "assessment" / "scorecard.png").stat().st_size > 10_000
    assert "scorecard did not render" not in result.stderr and "not on this machine" not in result.stderr
    found = verdicts(reports)
    assert set(found) == PROCEDURES
    for procedure_id, procedure in found.items():
        assert procedure["verdict"] == "full", (procedure_id, procedure["reasons"])
        assert procedure["status"] == "passed"
    # The load phase ran too (the reference profile allows load) and reached the assessment.
    data = read_assessment(reports)
    assert data["portals"][0]["speed_under_load"]["verdict"] == "met"
    html = (reports / "assessment" / "index.html").read_text(encoding="utf-8")
    assert "Birth registration" in html and "National Public Service Portal (reference)" in html


def test_measurements_reach_the_assessment(reference_run):
    reports, _ = reference_run
    birth = verdicts(reports)["birth_registration"]
    journey = birth["journey"]
    assert journey["fields_prefilled"] == 6, "all six register fields should be pre-filled"
    assert journey["fields_typed"] == 9
    assert journey["uploads"] == 1
    assert journey["tracking_code_received"] and journey["electronic_result"]
    assert journey["pages_visited"] >= 10


def test_password_never_written_to_reports(reference_run, password):
    reports, result = reference_run
    assert password not in result.stdout + result.stderr
    for path in reports.rglob("*"):
        if path.is_file():
            assert password.encode() not in path.read_bytes(), f"the test password leaked into {path}"


def test_allure_report_has_one_result_per_procedure_with_measurements(reference_run):
    reports, _ = reference_run
    results = [json.loads(p.read_text()) for p in (reports / "allure-results").glob("*-result.json")]
    # The load phase adds one result per load-allowed portal (criterion speed_under_load).
    results = [r for r in results if {"name": "criterion", "value": "speed_under_load"} not in r["labels"]]
    # Each procedure: a journey on the desktop, and the questions to the assistant.
    assert len(results) == 3 * 2
    kinds = set()
    for result in results:
        labels = {label["name"]: label["value"] for label in result["labels"]}
        assert labels["portal"] == "reference" and labels["procedure"] in PROCEDURES
        assert any(a["name"] == "portalqa measurements" for a in result["attachments"])
        assert any(a["name"] == "portalqa criteria" for a in result["attachments"])
        assistant = {"name": "criterion", "value": "virtual_assistant"} in result["labels"]
        kinds.add((labels["procedure"], "assistant" if assistant else labels["viewport"]))
    assert kinds == {(p, k) for p in PROCEDURES for k in ("desktop", "assistant")}


def test_no_online_payment_makes_the_procedure_partial_with_the_reason(tmp_path):
    # The criminal-record certificate has a fee (birth registration is free, so has nothing to pay).
    profile = write_variant_profile(
        tmp_path, "reference-no-payment", defects={"no_online_payment": ["2.000488"]}
    )
    reports = tmp_path / "reports"
    result = run_assessment(
        reports,
        "--portal",
        str(profile),
        "--no-load",
        "--viewport=desktop",
        "-m",
        f"({THREE}) and not virtual_assistant",
    )
    assert result.returncode == 0, result.stderr
    found = verdicts(reports)
    certificate = found["criminal_record_certificate"]
    assert certificate["verdict"] == "partial"
    assert certificate["status"] == "failed"
    (reason,) = certificate["reasons"]
    assert reason["kind"] == "pay_at_counter"
    assert "counter" in reason["detail"]
    # The defect is switched on for one procedure only: the others stay fully online.
    assert found["temporary_residence_registration"]["verdict"] == "full"
    assert found["birth_registration"]["verdict"] == "full"
    # A failed scenario carries a screenshot on its failing step.
    pngs = list((reports / "allure-results").glob("*-attachment.png"))
    assert pngs, "no screenshot attached to the failing step"


def test_unreachable_portal_is_not_assessable_not_a_crash(tmp_path):
    path = write_variant_profile(
        tmp_path,
        "offline-portal",
        name="Offline portal",
        base_url=f"http://127.0.0.1:{free_loopback_port()}",
    )
    reports = tmp_path / "reports"
    env = {"PORTALQA_REFERENCE_PERSONAL_ID": "001088012345", "PORTALQA_REFERENCE_PASSWORD": "unused-x"}
    result = run_assessment(
        reports,
        "--portal",
        str(path),
        "--viewport=desktop",
        "-m",
        f"({THREE}) and not virtual_assistant",
        env=env,
    )
    assert result.returncode == 0, result.stderr
    (portal,) = read_assessment(reports)["portals"]
    assert portal["score"] is None and portal["grade"] is None
    for procedure in portal["procedures"]:
        assert procedure["verdict"] == "not_assessable"
        assert procedure["status"] == "broken"
