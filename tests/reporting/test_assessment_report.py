"""The written assessment: assessment.json, assessment.csv and the self-contained index.html."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest
from result_files import FIXTURE_RESULTS, assistant_labels, finding, judged, measurements_v2, write_result

from portalqa.evidence.allure_reading import read_allure_results
from portalqa.reporting.scorecard import (
    ASSESSMENT_CSV,
    ASSESSMENT_HTML,
    ASSESSMENT_JSON,
    CRITERION_COLUMNS,
    write_assessment,
)
from portalqa.scoring.assessment import assess, score_results
from portalqa.scoring.terms import QUALITY_CRITERIA


@pytest.fixture(scope="module")
def assessment():
    return score_results(FIXTURE_RESULTS)


def fake_allure_report(report_dir: Path, results_dir: Path = FIXTURE_RESULTS) -> dict[str, str]:
    """A minimal generated report, shaped like Allure 2.46 output; returns result uuid -> test-case uid."""
    (report_dir / "data" / "test-cases").mkdir(parents=True)
    (report_dir / "history").mkdir()
    (report_dir / "index.html").write_text("<!DOCTYPE html><title>Allure Report</title>", encoding="utf-8")
    history: dict[str, dict] = {}
    uids: dict[str, str] = {}
    for number, scenario in enumerate(read_allure_results(results_dir).scenarios):
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
    assert data["schema"] == "portalqa.assessment/2"
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
    hostile = assessment.model_copy(
        update={
            "portals": [
                portal.model_copy(update={"name": "<script>alert(1)</script>"}),
                *assessment.portals[1:],
            ]
        }
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


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as stream:
        return list(csv.DictReader(stream))


def test_csv_has_a_column_per_quality_criterion(tmp_path, assessment):
    rows = read_csv(write_assessment(assessment, tmp_path).csv_path)
    assert [f"criterion_{name}" for name in QUALITY_CRITERIA] == CRITERION_COLUMNS
    assert set(CRITERION_COLUMNS) | {"criteria_not_met", "assistant_result_uuid"} <= rows[0].keys()
    by_key = {(row["portal_id"], row["procedure_id"]): row for row in rows}
    # Measurements v1: full online from the verdict; nothing else was judged, so nothing is met or not met.
    full = by_key[("reference", "birth_registration")]
    assert (full["criterion_full_online"], full["criterion_speed"], full["criterion_mobile"]) == (
        "met",
        "not_assessable",
        "not_applicable",
    )
    assert full["criterion_virtual_assistant"] == full["assistant_result_uuid"] == ""
    partial = by_key[("province", "birth_registration")]
    assert (partial["criterion_full_online"], partial["criteria_not_met"]) == ("not_met", "full_online")
    broken = by_key[("province", "temporary_residence_registration")]
    assert broken["criterion_full_online"] == "not_assessable"


@pytest.fixture
def v2_results(tmp_path) -> Path:
    """Journeys on desktop and phone and questions to the assistant, as measurements v2."""
    folder = tmp_path / "allure-results"
    folder.mkdir()
    wcag = finding("wcag_violation", "color-contrast (serious): 3 element(s) on 1 page(s)", "http://x/a")
    desktop = measurements_v2("alpha", "p1", "full", criteria={"accessibility": judged("not_met", wcag)})
    write_result(folder, "alpha", "p1", "failed", desktop, stop=2_000, labels={"viewport": "desktop"})
    scroll = finding("horizontal_scroll", "/a is 620 px wide on a 412 px screen")
    phone = measurements_v2(
        "alpha", "p1", "full", viewport="phone", criteria={"mobile": judged("not_met", scroll)}
    )
    write_result(folder, "alpha", "p1", "failed", phone, stop=3_000, labels={"viewport": "phone"})
    wrong = judged("not_met", finding("wrong_answer", "fee: 50,000 VND instead of 25,000 VND"))
    asked = measurements_v2("alpha", "p1", None, kind="assistant", criteria={"virtual_assistant": wrong})
    write_result(folder, "alpha", "p1", "failed", asked, stop=4_000, labels=assistant_labels())
    write_result(folder, "alpha", "p2", "passed", measurements_v2("alpha", "p2", "full"))
    only_asked = measurements_v2("alpha", "p3", None, kind="assistant")
    write_result(folder, "alpha", "p3", "passed", only_asked, labels=assistant_labels())
    write_result(folder, "beta", "p1", "passed", measurements_v2("beta", "p1", "full"))
    return folder


def section(html: str, start_id: str, end_id: str) -> str:
    return html[html.index(f'id="{start_id}"') : html.index(f'id="{end_id}"')]


def test_html_shows_quality_criteria_and_matrix_markers(tmp_path, v2_results):
    html = write_assessment(score_results(v2_results), tmp_path / "out").html_path.read_text(encoding="utf-8")
    assert "not yet weighted in the score" in html
    matrix = section(html, "matrix-title", "portals-title")
    # p1 on alpha: accessibility (desktop), mobile (phone) and the assistant were not met; p2 met all.
    row = matrix[matrix.index(">P1</th>") : matrix.index(">P2</th>")]
    alpha_cell = row[: row.index("</td>")]
    for abbreviation, title in (
        ("AC", "Accessibility – desktop journey: not_met summary"),
        ("MO", "Mobile – phone journey: not_met summary"),
        ("VA", "Virtual assistant – assistant: not_met summary"),
    ):
        assert f'<abbr class="crit crit-not-met" title="{title}">{abbreviation}<' in alpha_cell, abbreviation
    assert ">FO<" not in alpha_cell  # the badge already says the desktop verdict
    assert "Not met:" not in matrix[matrix.index(">P2</th>") :]
    for name in ("Simplicity", "Convenience", "Transparency", "Privacy and security"):
        assert f"<dd>{name}</dd>" in matrix  # the legend

    details = section(html, "portals-title", "not-assessable-title")
    alpha = details[details.index('id="quality-alpha"') : details.index('id="quality-beta"')]
    assert "Quality criteria on Alpha Portal" in alpha
    accessibility = alpha[alpha.index("Accessibility</th>") :]
    accessibility = accessibility[: accessibility.index("</tr>")]
    counts = re.findall(r'<td class="num count-(\w+)[^"]*">(\d+)</td>', accessibility)
    # Scenarios: p1 desktop, p1 phone, p2 journeys and the two assistant scenarios.
    assert counts == [("met", "4"), ("not_met", "1"), ("not_assessable", "0"), ("not_applicable", "0")]
    assert '<span class="kind">wcag_violation</span> – 1 scenario' in accessibility
    assert "P1 (desktop)" in accessibility and "color-contrast (serious)" in accessibility
    mobile = alpha[alpha.index("Mobile</th>") :]
    assert "horizontal_scroll" in mobile[: mobile.index("</tr>")] and "P1 (phone)" in mobile
    va = alpha[alpha.index("Virtual assistant</th>") :]
    assert "wrong_answer" in va[: va.index("</tr>")] and "P1 (assistant)" in va
    assert "Virtual assistant on Alpha Portal" in alpha and "fee: 50,000 VND instead of 25,000 VND" in alpha
    assert "<script" not in html and "<link" not in html


def test_csv_and_json_carry_the_quality_criteria(tmp_path, v2_results):
    uids = fake_allure_report(tmp_path / "allure-report", v2_results)
    written = write_assessment(score_results(v2_results), tmp_path / "out", tmp_path / "allure-report")
    rows = read_csv(written.csv_path)
    # One row per portal x procedure x viewport (the matrix viewport first); the assistant asked about
    # p3, which has no journey, gets a row of its own.
    assert [(r["portal_id"], r["procedure_id"], r["viewport"], r["verdict"]) for r in rows] == [
        ("alpha", "p1", "desktop", "full"),
        ("alpha", "p2", "desktop", "full"),
        ("alpha", "p1", "phone", "full"),
        ("alpha", "p3", "desktop", ""),
        ("beta", "p1", "desktop", "full"),
    ]
    desktop, p2, phone, p3, _ = rows
    assert desktop["criterion_accessibility"] == "not_met"
    assert desktop["criterion_mobile"] == "not_applicable"
    assert desktop["criterion_virtual_assistant"] == "not_met"
    assert desktop["criteria_not_met"] == "accessibility; virtual_assistant"
    assert desktop["assistant_status"] == "failed"
    assert (
        desktop["assistant_test_case"]
        == f"../allure-report/index.html#testresult/{uids[desktop['assistant_result_uuid']]}"
    )
    assert (phone["criterion_mobile"], phone["criterion_virtual_assistant"]) == ("not_met", "")
    assert {p2[column] for column in CRITERION_COLUMNS} == {"met", "not_applicable", ""}
    assert p3["criterion_virtual_assistant"] == "met"
    assert p3["criterion_speed"] == p3["status"] == p3["allure_result_uuid"] == ""
    assert p3["assistant_result_uuid"] in uids

    data = json.loads(written.json_path.read_text(encoding="utf-8"))
    alpha = data["portals"][0]
    assert [a["id"] for a in alpha["assistant_scenarios"]] == ["p1", "p3"]
    assert all(
        a["allure_test_case_uid"] == uids[a["allure_result"]["uuid"]] for a in alpha["assistant_scenarios"]
    )
    p1 = alpha["procedures"][0]
    assert p1["quality_criteria"]["virtual_assistant"]["scenario"] == "assistant"
    assert p1["assistant_allure_test_case_uid"] == uids[p1["assistant_allure_result"]["uuid"]]
    assert alpha["procedures"][1]["assistant_allure_test_case_uid"] is None
    html = written.html_path.read_text(encoding="utf-8")
    for a in alpha["assistant_scenarios"]:
        assert f'href="../allure-report/index.html#testresult/{a["allure_test_case_uid"]}"' in html
