"""The written assessment: assessment.json, assessment.csv and the self-contained index.html."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from portalqa.allure_results import read_allure_results
from portalqa.assessment_report import ASSESSMENT_CSV, ASSESSMENT_HTML, ASSESSMENT_JSON, write_assessment
from portalqa.scoring import assess, score_results

FIXTURE_RESULTS = Path(__file__).parent / "fixtures" / "allure_results"


@pytest.fixture(scope="module")
def assessment():
    return score_results(FIXTURE_RESULTS)


def fake_allure_report(report_dir: Path) -> dict[str, str]:
    """A minimal generated report, shaped like Allure 2.46 output; returns result uuid -> test-case uid."""
    (report_dir / "data" / "test-cases").mkdir(parents=True)
    (report_dir / "history").mkdir()
    (report_dir / "index.html").write_text("<!DOCTYPE html><title>Allure Report</title>", encoding="utf-8")
    history: dict[str, dict] = {}
    uids: dict[str, str] = {}
    for number, scenario in enumerate(read_allure_results(FIXTURE_RESULTS).scenarios):
        uid = f"{number:016x}"
        uids[scenario.uuid] = uid
        time = {"start": scenario.start, "stop": scenario.stop, "duration": scenario.stop - scenario.start}
        case = {"uid": uid, "name": scenario.name, "time": time, "status": scenario.status}
        (report_dir / "data" / "test-cases" / f"{uid}.json").write_text(json.dumps(case), encoding="utf-8")
        # An earlier run whose page no longer exists must not be linked.
        stale = {"uid": "stale" + uid, "status": "passed", "time": {**time, "start": time["start"] - 10}}
        history[scenario.history_id] = {
            "items": [{"uid": uid, "status": scenario.status, "time": time}, stale]
        }
    (report_dir / "history" / "history.json").write_text(json.dumps(history), encoding="utf-8")
    return uids


def test_writes_the_three_files(tmp_path, assessment):
    written = write_assessment(assessment, tmp_path / "assessment")
    assert written.json_path == tmp_path / "assessment" / ASSESSMENT_JSON
    assert written.csv_path == tmp_path / "assessment" / ASSESSMENT_CSV
    assert written.html_path == tmp_path / "assessment" / ASSESSMENT_HTML
    for path in (written.json_path, written.csv_path, written.html_path):
        assert path.is_file()


def test_json_carries_schema_model_and_scores(tmp_path, assessment):
    data = json.loads(write_assessment(assessment, tmp_path).json_path.read_text(encoding="utf-8"))
    assert data["schema"] == "portalqa.assessment/1"
    assert data["model"]["version"] == "0"
    assert [(p["id"], p["score"], p["grade"]) for p in data["portals"]] == [
        ("reference", 83.3, "B"),
        ("province", 25.0, "E"),
    ]
    assert data["allure_report"] is None
    assert all(p["allure_test_case_uid"] is None for portal in data["portals"] for p in portal["procedures"])


def test_csv_has_one_row_per_portal_and_procedure(tmp_path, assessment):
    path = write_assessment(assessment, tmp_path).csv_path
    with path.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert len(rows) == 6
    by_key = {(row["portal_id"], row["procedure_id"]): row for row in rows}
    partial = by_key[("province", "birth_registration")]
    assert partial["verdict"] == "partial"
    assert partial["points"] == "0.5"
    assert partial["reasons"].startswith("pay_at_counter: Online payment is not available")
    assert partial["portal_grade"] == "E"
    broken = by_key[("province", "temporary_residence_registration")]
    assert broken["verdict"] == "not_assessable"
    # Not assessable is an empty cell, never a 0 that would read as a measured result.
    assert broken["points"] == ""
    assert broken["task_seconds"] == ""
    full = by_key[("reference", "birth_registration")]
    assert (full["task_seconds"], full["median_load_event_ms"], full["max_load_event_ms"]) == (
        "14.2",
        "33.7",
        "52.0",
    )


def test_html_shows_ranking_matrix_reasons_and_not_assessable(tmp_path, assessment):
    html = write_assessment(assessment, tmp_path).html_path.read_text(encoding="utf-8")
    assert '<html lang="en">' in html
    for text in (
        "National Public Service Portal",
        "Example Province Public Service Portal",
        "Government Office",
        "Full online",
        "Partly online",
        "Not online",
        "Not assessable",
        "Online payment is not available for this procedure",
        "ERR_CONNECTION_REFUSED",
        "83.3",
        "25.0",
        "Scoring model version 0",
    ):
        assert text in html, text
    not_assessable = html[html.index('id="not-assessable-title"') :]
    assert "Temporary residence registration" in not_assessable
    assert "<caption" in html
    assert 'scope="col"' in html
    assert 'scope="row"' in html


def test_html_is_self_contained(tmp_path, assessment):
    html = write_assessment(assessment, tmp_path).html_path.read_text(encoding="utf-8")
    assert "<script" not in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "<link" not in html
    assert "@import" not in html


def test_html_escapes_text_from_results(tmp_path, assessment):
    portal = assessment.portals[0]
    hostile = replace(
        assessment, portals=[replace(portal, name="<script>alert(1)</script>"), *assessment.portals[1:]]
    )
    html = write_assessment(hostile, tmp_path).html_path.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_without_allure_report_there_are_no_links(tmp_path, assessment):
    html = write_assessment(assessment, tmp_path / "assessment").html_path.read_text(encoding="utf-8")
    assert "allure-report" not in html
    assert "No Allure HTML report is linked" in html
    # A report folder that was never generated gives no dead links either.
    html = write_assessment(assessment, tmp_path / "a", tmp_path / "allure-report").html_path.read_text(
        encoding="utf-8"
    )
    assert "allure-report" not in html


def test_links_to_allure_report_and_test_cases_when_the_report_exists(tmp_path, assessment):
    uids = fake_allure_report(tmp_path / "allure-report")
    written = write_assessment(assessment, tmp_path / "assessment", tmp_path / "allure-report")
    html = written.html_path.read_text(encoding="utf-8")
    assert 'href="../allure-report/index.html"' in html
    for uid in uids.values():
        assert f'href="../allure-report/index.html#testresult/{uid}"' in html
    assert "stale" not in html

    data = json.loads(written.json_path.read_text(encoding="utf-8"))
    assert data["allure_report"] == "../allure-report/index.html"
    for portal in data["portals"]:
        for procedure in portal["procedures"]:
            assert procedure["allure_test_case_uid"] == uids[procedure["allure_result"]["uuid"]]

    with written.csv_path.open(encoding="utf-8-sig", newline="") as stream:
        links = {row["allure_test_case"] for row in csv.DictReader(stream)}
    assert links == {f"../allure-report/index.html#testresult/{uid}" for uid in uids.values()}


def test_explicit_allure_report_folder(tmp_path, assessment):
    fake_allure_report(tmp_path / "elsewhere" / "allure")
    html = write_assessment(
        assessment, tmp_path / "out", tmp_path / "elsewhere" / "allure"
    ).html_path.read_text(encoding="utf-8")
    assert 'href="../elsewhere/allure/index.html"' in html


def test_portal_without_any_assessable_procedure_reads_not_assessable(tmp_path):
    results = read_allure_results(FIXTURE_RESULTS)
    results.scenarios = [s for s in results.scenarios if s.status == "broken"]
    only_broken = assess(results)
    written = write_assessment(only_broken, tmp_path)
    html = written.html_path.read_text(encoding="utf-8")
    assert "not assessable" in html
    with written.csv_path.open(encoding="utf-8-sig", newline="") as stream:
        (row,) = list(csv.DictReader(stream))
    assert (row["portal_score"], row["portal_grade"]) == ("", "not assessable")
