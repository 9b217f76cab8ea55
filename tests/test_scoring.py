"""Scoring from raw Allure results: verdict semantics, score and grade arithmetic, ranking, robust reading."""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

import pytest

from portalqa.allure_results import AllureResultsError, read_allure_results
from portalqa.grades import describe_grade, grade_for
from portalqa.scoring import ASSESSMENT_SCHEMA, assess, score_results

FIXTURE_RESULTS = Path(__file__).parent / "fixtures" / "allure_results"

PORTALS = {
    "alpha": {"id": "alpha", "name": "Alpha Portal", "owner": "Alpha Office", "level": "provincial"},
    "beta": {"id": "beta", "name": "Beta Portal", "owner": "Beta Office", "level": "provincial"},
}


def measurements(portal: str, procedure: str, verdict: str, reasons=(), viewport: str = "desktop") -> dict:
    return {
        "schema": "portalqa.measurements/1",
        "portal": PORTALS[portal],
        "procedure": {
            "id": procedure,
            "name": procedure.replace("_", " ").capitalize(),
            "portal_code": "9.1",
        },
        "viewport": viewport,
        "full_online": {"verdict": verdict, "reasons": list(reasons)},
        "journey": {"completed": verdict != "not_online", "task_seconds": 10.0, "pages_visited": 3},
        "pages": [
            {"url": "http://127.0.0.1:1/a", "title": "a", "timing": {"load_event_ms": 30.0}},
            {"url": "http://127.0.0.1:1/b", "title": "b", "timing": {"load_event_ms": 50.0}},
            {"url": "http://127.0.0.1:1/c", "title": "c", "timing": {"load_event_ms": 0}},
        ],
    }


def write_result(
    folder: Path,
    portal: str | None,
    procedure: str | None,
    status: str = "passed",
    measured: dict | list[dict] | None = None,
    *,
    stop: int = 2_000,
    message: str = "",
    in_step: bool = False,
    attachment_text: str | None = None,
) -> list[Path]:
    """Write one result the way allure-pytest-bdd does: <uuid>-result.json plus attachment files.

    Returns the attachment files, so a test can damage them.
    """
    result_uuid = str(uuid.uuid4())
    attachments = []
    for payload in measured if isinstance(measured, list) else [measured] if measured else []:
        source = f"{uuid.uuid4()}-attachment.json"
        (folder / source).write_text(json.dumps(payload), encoding="utf-8")
        attachments.append({"name": "portalqa measurements", "source": source, "type": "application/json"})
    if attachment_text is not None:
        source = f"{uuid.uuid4()}-attachment.json"
        (folder / source).write_text(attachment_text, encoding="utf-8")
        attachments.append({"name": "portalqa measurements", "source": source, "type": "application/json"})
    labels = [{"name": "framework", "value": "pytest-bdd"}]
    if portal:
        labels.append({"name": "portal", "value": portal})
    if procedure:
        labels.append({"name": "procedure", "value": procedure})
    step = {
        "name": "Then I can download the electronic result",
        "status": status,
        "steps": [],
        "attachments": attachments if in_step else [],
    }
    result = {
        "name": f"{procedure} on {portal}",
        "status": status,
        "statusDetails": {"message": message, "trace": ""},
        "steps": [{"name": "Given the procedure is open", "status": "passed", "steps": [step]}],
        "attachments": [] if in_step else attachments,
        "parameters": [{"name": "portal_id", "value": repr(portal)}],
        "start": stop - 1_000,
        "stop": stop,
        "uuid": result_uuid,
        "historyId": f"{procedure}.{portal}",
        "testCaseId": str(procedure),
        "fullName": f"features/x.feature:{procedure}",
        "labels": labels,
    }
    (folder / f"{uuid.uuid4()}-result.json").write_text(json.dumps(result), encoding="utf-8")
    return [folder / attachment["source"] for attachment in attachments]


@pytest.fixture(scope="module")
def fixture_assessment():
    return score_results(FIXTURE_RESULTS)


# --- the sample results (written by the real allure-pytest-bdd plugin) --------------------------------


def test_verdicts_follow_the_measurements_and_outcomes(fixture_assessment):
    verdicts = {
        (portal.id, procedure.id): (procedure.verdict, procedure.status)
        for portal in fixture_assessment.portals
        for procedure in portal.procedures
    }
    assert verdicts == {
        ("reference", "birth_registration"): ("full", "passed"),
        ("reference", "temporary_residence_registration"): ("full", "passed"),
        ("reference", "criminal_record_certificate"): ("partial", "failed"),
        ("province", "birth_registration"): ("partial", "failed"),
        ("province", "temporary_residence_registration"): ("not_assessable", "broken"),
        ("province", "criminal_record_certificate"): ("not_online", "failed"),
    }


def test_partial_verdict_carries_its_reason(fixture_assessment):
    procedure = fixture_assessment.portal("province").procedure("birth_registration")
    assert [(r.kind, r.step) for r in procedure.reasons] == [("pay_at_counter", "I pay the fee online")]
    assert "Pay the fee at the counter" in procedure.reasons[0].detail
    assert procedure.points == 0.5
    assert procedure.outcome == "defect"


def test_broken_result_is_not_assessable_and_not_scored_as_zero(fixture_assessment):
    province = fixture_assessment.portal("province")
    broken = province.procedure("temporary_residence_registration")
    assert broken.verdict == "not_assessable"
    assert broken.points is None
    assert broken.outcome == "could not assess"
    assert broken.reasons[0].kind == "could_not_assess"
    assert "ERR_CONNECTION_REFUSED" in broken.reasons[0].detail
    assert broken.reasons[0].step.startswith("Given the procedure")
    # partial 0.5 + not online 0.0 over two assessable procedures; the broken one would make it 16.7.
    assert province.score == 25.0
    assert province.assessable_procedures == 2
    assert province.counts["not_assessable"] == 1
    assert [(p.id, q.id) for p, q in fixture_assessment.not_assessable()] == [
        ("province", "temporary_residence_registration")
    ]


def test_scores_grades_and_ranking(fixture_assessment):
    reference = fixture_assessment.portal("reference")
    assert reference.score == 83.3  # (1 + 1 + 0.5) / 3
    assert reference.grade == "B"
    assert fixture_assessment.portal("province").grade == "E"
    assert [(e.rank, e.portal_id, e.score, e.grade) for e in fixture_assessment.ranking] == [
        (1, "reference", 83.3, "B"),
        (2, "province", 25.0, "E"),
    ]
    assert reference.name == "National Public Service Portal"
    assert reference.owner == "Government Office"
    assert reference.level == "national"


def test_journey_figures_and_timing_summary(fixture_assessment):
    procedure = fixture_assessment.portal("reference").procedure("birth_registration")
    assert procedure.journey["task_seconds"] == 14.2
    assert procedure.journey["documents_requested"] == ["Medical birth certificate"]
    assert procedure.portal_code == "1.001193"
    assert procedure.timing.pages == 7
    assert procedure.timing.median_load_event_ms == 33.7
    assert procedure.timing.max_load_event_ms == 52.0


def test_assessment_dict_shape(fixture_assessment):
    data = json.loads(json.dumps(fixture_assessment.to_dict()))
    assert data["schema"] == ASSESSMENT_SCHEMA == "portalqa.assessment/1"
    assert data["generated_at"]
    assert data["model"]["version"] == "0"
    assert data["model"]["criteria"] == ["full_online"]
    assert data["model"]["note"]
    assert data["problems"] == []
    portal = data["portals"][0]
    assert {"id", "name", "owner", "level", "score", "grade", "counts", "procedures"} <= portal.keys()
    procedure = portal["procedures"][0]
    assert {
        "id",
        "name",
        "portal_code",
        "verdict",
        "reasons",
        "status",
        "journey",
        "timing",
    } <= procedure.keys()
    assert procedure["allure_result"]["uuid"]
    assert data["ranking"][0] == {
        "rank": 1,
        "portal_id": "reference",
        "name": "National Public Service Portal",
        "owner": "Government Office",
        "level": "national",
        "score": 83.3,
        "grade": "B",
    }


# --- semantics on synthetic results --------------------------------------------------------------------


def test_latest_result_per_portal_and_procedure_wins(tmp_path):
    write_result(tmp_path, "alpha", "p1", "failed", measurements("alpha", "p1", "not_online"), stop=1_000)
    write_result(tmp_path, "alpha", "p1", "passed", measurements("alpha", "p1", "full"), stop=5_000)
    write_result(tmp_path, "alpha", "p1", "failed", measurements("alpha", "p1", "partial"), stop=3_000)
    assessment = score_results(tmp_path)
    assert assessment.portal("alpha").procedure("p1").verdict == "full"
    assert assessment.portal("alpha").score == 100.0
    assert assessment.source.results_superseded == 2


def test_result_without_measurements_is_not_assessable_no_evidence(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", None)
    portal = score_results(tmp_path).portal("alpha")
    procedure = portal.procedure("p1")
    assert procedure.verdict == "not_assessable"
    assert procedure.reasons[0].kind == "no_evidence"
    assert "no evidence" in procedure.reasons[0].detail
    # Never 100 for a passing test without evidence, never 0 either: no score at all.
    assert portal.score is None
    assert portal.grade is None


def test_broken_after_proving_not_online_keeps_the_verdict(tmp_path):
    reason = {"step": "open", "kind": "not_offered_online", "detail": "no Apply online button"}
    write_result(tmp_path, "alpha", "p1", "broken", measurements("alpha", "p1", "not_online", [reason]))
    write_result(tmp_path, "alpha", "p2", "broken", measurements("alpha", "p2", "full"), message="Timeout")
    portal = score_results(tmp_path).portal("alpha")
    assert portal.procedure("p1").verdict == "not_online"
    assert portal.procedure("p1").points == 0.0
    # A broken journey cannot prove a procedure is fully online.
    assert portal.procedure("p2").verdict == "not_assessable"
    assert portal.procedure("p2").reasons[0].detail == "Timeout"
    assert portal.score == 0.0


def test_broken_with_recorded_unreachable_reason_keeps_that_reason(tmp_path):
    reason = {
        "step": "open",
        "kind": "portal_unreachable",
        "detail": "WebDriverException: ERR_CONNECTION_REFUSED",
    }
    measured = measurements("alpha", "p1", "not_assessable", [reason])
    write_result(tmp_path, "alpha", "p1", "broken", measured, message="WebDriverException")
    procedure = score_results(tmp_path).portal("alpha").procedure("p1")
    assert procedure.verdict == "not_assessable"
    assert [r.kind for r in procedure.reasons] == ["portal_unreachable"]


def test_skipped_is_not_applicable_and_excluded(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", measurements("alpha", "p1", "full"))
    write_result(tmp_path, "alpha", "p2", "skipped", None, message="Skipped: not offered by this portal")
    portal = score_results(tmp_path).portal("alpha")
    assert portal.procedure("p2").verdict == "not_applicable"
    assert portal.procedure("p2").points is None
    assert portal.score == 100.0
    assert portal.counts["not_applicable"] == 1


def test_ranking_ties_by_name_and_unscored_portals_last(tmp_path):
    write_result(tmp_path, "beta", "p1", "passed", measurements("beta", "p1", "full"))
    write_result(tmp_path, "alpha", "p1", "passed", measurements("alpha", "p1", "full"))
    write_result(tmp_path, "alpha", "p2", "failed", measurements("alpha", "p2", "partial"))
    write_result(tmp_path, "beta", "p2", "failed", measurements("beta", "p2", "partial"))
    write_result(tmp_path, "gamma", "p1", "broken", None, message="harness error")
    ranking = [(e.rank, e.portal_id, e.score, e.grade) for e in score_results(tmp_path).ranking]
    assert ranking == [(1, "alpha", 75.0, "C"), (1, "beta", 75.0, "C"), (None, "gamma", None, None)]


def test_other_viewports_are_reported_but_not_scored(tmp_path):
    both = [measurements("alpha", "p1", "full"), measurements("alpha", "p1", "not_online", viewport="mobile")]
    write_result(tmp_path, "alpha", "p1", "passed", both)
    portal = score_results(tmp_path).portal("alpha")
    assert [p.viewport for p in portal.procedures] == ["desktop"]
    assert [(p.viewport, p.verdict) for p in portal.other_viewports] == [("mobile", "not_online")]
    assert portal.score == 100.0


def test_measurements_in_nested_steps_are_found(tmp_path):
    write_result(tmp_path, "alpha", "p1", "failed", measurements("alpha", "p1", "partial"), in_step=True)
    assert score_results(tmp_path).portal("alpha").procedure("p1").verdict == "partial"


def test_scoring_is_independent_of_generation_time(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", measurements("alpha", "p1", "full"))
    first = assess(read_allure_results(tmp_path)).to_dict()
    second = assess(read_allure_results(tmp_path)).to_dict()
    first.pop("generated_at"), second.pop("generated_at")
    assert first == second


# --- reading robustness -----------------------------------------------------------------------------------


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(AllureResultsError, match="does not exist"):
        read_allure_results(tmp_path / "nowhere")


def test_folder_without_results_is_a_clear_error(tmp_path):
    (tmp_path / "abc-container.json").write_text("{}", encoding="utf-8")
    with pytest.raises(AllureResultsError, match="holds no test results"):
        score_results(tmp_path)


def test_corrupt_and_missing_attachments_become_problems(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", attachment_text='{"schema": "portalqa.meas')
    for attachment in write_result(tmp_path, "alpha", "p2", "passed", measurements("alpha", "p2", "full")):
        attachment.unlink()
    write_result(tmp_path, "alpha", "p3", "passed", measurements("alpha", "p3", "full"))
    assessment = score_results(tmp_path)
    messages = " | ".join(problem.message for problem in assessment.problems)
    assert "not valid JSON" in messages
    assert "is missing" in messages
    portal = assessment.portal("alpha")
    assert portal.procedure("p1").verdict == "not_assessable"
    assert portal.procedure("p2").verdict == "not_assessable"
    # The damaged evidence does not hide the good one, nor drag the score down.
    assert portal.procedure("p3").verdict == "full"
    assert portal.score == 100.0


def test_unknown_schema_version_is_a_problem_not_a_crash(tmp_path):
    future = measurements("alpha", "p1", "full") | {"schema": "portalqa.measurements/2"}
    write_result(tmp_path, "alpha", "p1", "passed", future)
    assessment = score_results(tmp_path)
    assert any("unknown schema 'portalqa.measurements/2'" in p.message for p in assessment.problems)
    assert assessment.portal("alpha").procedure("p1").verdict == "not_assessable"


def test_unreadable_result_file_is_a_problem(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", measurements("alpha", "p1", "full"))
    (tmp_path / "broken-result.json").write_text("{not json", encoding="utf-8")
    assessment = score_results(tmp_path)
    assert [p.file for p in assessment.problems] == ["broken-result.json"]
    assert assessment.portal("alpha").score == 100.0


def test_results_without_portal_labels_are_ignored_but_counted(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", measurements("alpha", "p1", "full"))
    write_result(tmp_path, None, None, "passed")
    results = read_allure_results(tmp_path)
    assert results.results_read == 2
    assert results.results_without_portal_labels == 1
    assert len(results.scenarios) == 1
    assert score_results(tmp_path).source.results_without_portal_labels == 1


def test_fixture_results_read_into_typed_records():
    results = read_allure_results(FIXTURE_RESULTS)
    assert results.results_read == 6
    assert results.problems == []
    by_key = {(s.portal_id, s.procedure_id): s for s in results.scenarios}
    broken = by_key[("province", "temporary_residence_registration")]
    assert broken.status == "broken"
    assert broken.measurements == []
    assert broken.status_message.startswith("ConnectionError")
    passed = by_key[("reference", "birth_registration")]
    assert passed.labels["owner"] == ["Government Office"]
    assert passed.start < passed.stop
    # The plugin attached this one inside the last step, not on the test.
    assert passed.measurements[0].verdict == "full"


def test_fixture_folder_is_left_untouched(tmp_path):
    copy = tmp_path / "results"
    shutil.copytree(FIXTURE_RESULTS, copy)
    score_results(copy)
    assert sorted(p.name for p in copy.iterdir()) == sorted(p.name for p in FIXTURE_RESULTS.iterdir())


# --- grades ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "grade"),
    [
        (100.0, "A"),
        (90.0, "A"),
        (89.9, "B"),
        (80.0, "B"),
        (79.9, "C"),
        (65.0, "C"),
        (64.9, "D"),
        (50.0, "D"),
        (49.9, "E"),
        (0.0, "E"),
        (None, None),
    ],
)
def test_mic_2024_grade_bands(score, grade):
    assert grade_for(score) == grade


def test_missing_grade_reads_not_assessable():
    assert describe_grade(None) == "not assessable"
    assert describe_grade("C") == "C"


def test_score_outside_0_to_100_is_rejected():
    with pytest.raises(ValueError):
        grade_for(100.1)


def test_failed_but_fully_online_keeps_the_verdict_and_shows_the_finding(tmp_path):
    # E.g. nothing was pre-filled: a defect for a later criterion, not against full-online completion.
    message = "AssertionError: the e-form made the citizen type what the population register holds"
    write_result(tmp_path, "alpha", "p1", "failed", measurements("alpha", "p1", "full"), message=message)
    write_result(tmp_path, "alpha", "p2", "passed", measurements("alpha", "p2", "full"))
    portal = score_results(tmp_path).portal("alpha")
    failed, passed = portal.procedure("p1"), portal.procedure("p2")
    assert failed.verdict == "full" and failed.status == "failed"
    assert "population register" in failed.other_finding
    assert failed.to_dict()["other_finding"] == failed.other_finding
    assert passed.other_finding is None
    assert portal.score == 100.0
