"""Scoring from raw Allure results: verdict semantics, score and grade arithmetic, ranking, robust reading,
and the quality criteria of measurements v2 (journeys and virtual-assistant scenarios)."""

from __future__ import annotations

import json
import shutil

import pytest
from result_files import (
    ASSISTANT_CRITERIA,
    FIXTURE_RESULTS,  # noqa: F401
    JOURNEY_CRITERIA,
    assistant_labels,
    finding,
    judged,
    measurements,
    measurements_v2,
    write_result,
)

from portalqa.evidence.allure_reading import AllureResultsError, read_allure_results
from portalqa.model.grades import describe_grade, grade_for
from portalqa.paths import PROJECT_ROOT
from portalqa.scoring.assessment import assess, score_results
from portalqa.scoring.finding_summaries import MAX_FINDING_EXAMPLES, MAX_FINDING_KINDS
from portalqa.scoring.quality_model import load_quality_model
from portalqa.scoring.terms import ASSESSMENT_SCHEMA, QUALITY_CRITERIA

# Scores read directly off the matrix cells (full 1, partial 0.5, not online 0).
FULL_ONLINE_ONLY = load_quality_model(
    PROJECT_ROOT / "tests" / "fixtures" / "models" / "full-online-only.yaml"
)


@pytest.fixture(scope="module")
def fixture_assessment():
    return score_results(FIXTURE_RESULTS, model=FULL_ONLINE_ONLY)


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
    assert data["schema"] == ASSESSMENT_SCHEMA == "portalqa.assessment/3"
    assert data["generated_at"]
    assert (data["model"]["id"], data["model"]["version"]) == ("full-online-only", "1")
    assert data["model"]["path"].endswith("full-online-only.yaml")
    assert [c["id"] for g in data["model"]["groups"] for c in g["criteria"]] == ["full_online"]
    assert data["model"]["cell_points"] == {"full": 1.0, "partial": 0.5, "not_online": 0.0}
    assert data["problems"] == []
    portal = data["portals"][0]
    assert {
        "id",
        "name",
        "owner",
        "level",
        "score",
        "grade",
        "coverage",
        "groups",
        "findings",
        "counts",
        "procedures",
        "assistant_scenarios",
        "quality_criteria",
    } <= portal.keys()
    assert [summary["criterion"] for summary in portal["quality_criteria"]] == list(QUALITY_CRITERIA)
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
        "quality_criteria",
        "criteria_not_met",
        "assistant_allure_result",
        "model_points",
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
    assessment = score_results(tmp_path, model=FULL_ONLINE_ONLY)
    assert assessment.portal("alpha").procedure("p1").verdict == "full"
    assert assessment.portal("alpha").score == 100.0
    assert assessment.source.results_superseded == 2


def test_result_without_measurements_is_not_assessable_no_evidence(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", None)
    portal = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha")
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
    portal = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha")
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
    procedure = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha").procedure("p1")
    assert procedure.verdict == "not_assessable"
    assert [r.kind for r in procedure.reasons] == ["portal_unreachable"]


def test_skipped_is_not_applicable_and_excluded(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", measurements("alpha", "p1", "full"))
    write_result(tmp_path, "alpha", "p2", "skipped", None, message="Skipped: not offered by this portal")
    portal = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha")
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
    ranking = [
        (e.rank, e.portal_id, e.score, e.grade)
        for e in score_results(tmp_path, model=FULL_ONLINE_ONLY).ranking
    ]
    assert ranking == [(1, "alpha", 75.0, "C"), (1, "beta", 75.0, "C"), (None, "gamma", None, None)]


def test_other_viewports_are_reported_but_not_scored(tmp_path):
    both = [measurements("alpha", "p1", "full"), measurements("alpha", "p1", "not_online", viewport="mobile")]
    write_result(tmp_path, "alpha", "p1", "passed", both)
    portal = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha")
    assert [p.viewport for p in portal.procedures] == ["desktop"]
    assert [(p.viewport, p.verdict) for p in portal.other_viewports] == [("mobile", "not_online")]
    assert portal.score == 100.0


def test_measurements_in_nested_steps_are_found(tmp_path):
    write_result(tmp_path, "alpha", "p1", "failed", measurements("alpha", "p1", "partial"), in_step=True)
    assert (
        score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha").procedure("p1").verdict == "partial"
    )


def test_scoring_is_independent_of_generation_time(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", measurements("alpha", "p1", "full"))
    first = assess(read_allure_results(tmp_path), model=FULL_ONLINE_ONLY).to_dict()
    second = assess(read_allure_results(tmp_path), model=FULL_ONLINE_ONLY).to_dict()
    first.pop("generated_at"), second.pop("generated_at")
    assert first == second


# --- reading robustness -----------------------------------------------------------------------------------


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(AllureResultsError, match="does not exist"):
        read_allure_results(tmp_path / "nowhere")


def test_folder_without_results_is_a_clear_error(tmp_path):
    (tmp_path / "abc-container.json").write_text("{}", encoding="utf-8")
    with pytest.raises(AllureResultsError, match="holds no test results"):
        score_results(tmp_path, model=FULL_ONLINE_ONLY)


def test_corrupt_and_missing_attachments_become_problems(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", attachment_text='{"schema": "portalqa.meas')
    for attachment in write_result(tmp_path, "alpha", "p2", "passed", measurements("alpha", "p2", "full")):
        attachment.unlink()
    write_result(tmp_path, "alpha", "p3", "passed", measurements("alpha", "p3", "full"))
    assessment = score_results(tmp_path, model=FULL_ONLINE_ONLY)
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
    future = measurements("alpha", "p1", "full") | {"schema": "portalqa.measurements/3"}
    write_result(tmp_path, "alpha", "p1", "passed", future)
    assessment = score_results(tmp_path, model=FULL_ONLINE_ONLY)
    assert any("unknown schema 'portalqa.measurements/3'" in p.message for p in assessment.problems)
    assert assessment.portal("alpha").procedure("p1").verdict == "not_assessable"


def test_unreadable_result_file_is_a_problem(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", measurements("alpha", "p1", "full"))
    (tmp_path / "broken-result.json").write_text("{not json", encoding="utf-8")
    assessment = score_results(tmp_path, model=FULL_ONLINE_ONLY)
    assert [p.file for p in assessment.problems] == ["broken-result.json"]
    assert assessment.portal("alpha").score == 100.0


def test_results_without_portal_labels_are_ignored_but_counted(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", measurements("alpha", "p1", "full"))
    write_result(tmp_path, None, None, "passed")
    results = read_allure_results(tmp_path)
    assert results.results_read == 2
    assert results.results_without_portal_labels == 1
    assert len(results.scenarios) == 1
    assert score_results(tmp_path, model=FULL_ONLINE_ONLY).source.results_without_portal_labels == 1


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
    assert passed.measurements[0].measurements.full_online.verdict == "full"


def test_fixture_folder_is_left_untouched(tmp_path):
    copy = tmp_path / "results"
    shutil.copytree(FIXTURE_RESULTS, copy)
    score_results(copy, model=FULL_ONLINE_ONLY)
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
    portal = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha")
    failed, passed = portal.procedure("p1"), portal.procedure("p2")
    assert failed.verdict == "full" and failed.status == "failed"
    assert "population register" in failed.other_finding
    assert failed.to_dict()["other_finding"] == failed.other_finding
    assert passed.other_finding is None
    assert portal.score == 100.0


# --- measurements v2: scenario kinds and quality criteria ------------------------------------------------


def verdicts_of(judgements) -> dict[str, str]:
    return {j.criterion: j.verdict for j in judgements}


def test_v2_attachment_exposes_kind_and_criteria(tmp_path):
    va = judged("not_met", finding("wrong_answer", "fee: says 50,000 VND, the standard says 25,000 VND"))
    measured = measurements_v2("alpha", "p1", None, kind="assistant", criteria={"virtual_assistant": va})
    write_result(tmp_path, "alpha", "p1", "failed", measured, labels=assistant_labels())
    (scenario,) = read_allure_results(tmp_path).scenarios
    (attached,) = scenario.measurements
    read = attached.measurements
    assert (attached.schema, read.kind, read.full_online) == ("portalqa.measurements/2", "assistant", None)
    assert scenario.kind == "assistant"
    assert list(read.criteria) == list(ASSISTANT_CRITERIA)
    judgement = read.criteria["virtual_assistant"]
    assert judgement.verdict == "not_met"
    assert [(f.kind, f.page) for f in judgement.findings] == [("wrong_answer", None)]
    # A timing figure the browser did not report stays None, not 0.
    assert read.pages[0].timing == {
        "load_event_ms": 30.0,
        "server_response_ms": 12.0,
        "largest_contentful_paint_ms": None,
    }


def test_journey_and_assistant_for_the_same_procedure_do_not_collide(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", measurements_v2("alpha", "p1", "full"), stop=1_000)
    va = judged("not_met", finding("wrong_answer", "time: no answer"), summary="1 finding(s): wrong answer")
    assistant = measurements_v2("alpha", "p1", None, kind="assistant", criteria={"virtual_assistant": va})
    # The assistant ran later, with the same portal and procedure labels: it must not replace the journey.
    write_result(tmp_path, "alpha", "p1", "failed", assistant, stop=9_000, labels=assistant_labels())
    assessment = score_results(tmp_path, model=FULL_ONLINE_ONLY)
    portal = assessment.portal("alpha")
    assert assessment.source.results_superseded == 0
    assert [(p.id, p.viewport, p.verdict, p.status) for p in portal.procedures] == [
        ("p1", "desktop", "full", "passed")
    ]
    # Only journeys make the matrix and the score: the failed assistant scenario does not drag it down.
    assert portal.score == 100.0
    assert portal.other_viewports == []
    (asked,) = portal.assistant_scenarios
    assert (asked.id, asked.status, asked.verdict) == ("p1", "failed", "not_met")
    # The matrix cell carries the assistant's verdict for the procedure, with its evidence.
    cell = portal.procedure("p1")
    assert cell.quality("virtual_assistant").verdict == "not_met"
    assert cell.quality("virtual_assistant").scenario == "assistant"
    assert cell.assistant_result.uuid == asked.result.uuid
    assert cell.criteria_not_met == ["virtual_assistant"]
    assert [m.criterion for m in portal.criteria_not_met("p1")] == ["virtual_assistant"]
    assert portal.criteria_not_met("p1")[0].title == "assistant: 1 finding(s): wrong answer"


def test_assistant_reruns_replace_only_the_assistant(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", measurements_v2("alpha", "p1", "partial"), stop=1_000)
    old = measurements_v2(
        "alpha", "p1", None, kind="assistant", criteria={"virtual_assistant": judged("met")}
    )
    new = measurements_v2(
        "alpha", "p1", None, kind="assistant", criteria={"virtual_assistant": judged("not_met", finding("x"))}
    )
    write_result(tmp_path, "alpha", "p1", "passed", old, stop=2_000, labels=assistant_labels())
    write_result(tmp_path, "alpha", "p1", "failed", new, stop=3_000, labels=assistant_labels())
    assessment = score_results(tmp_path, model=FULL_ONLINE_ONLY)
    portal = assessment.portal("alpha")
    assert assessment.source.results_superseded == 1
    assert portal.procedure("p1").verdict == "partial"
    assert [a.verdict for a in portal.assistant_scenarios] == ["not_met"]


def test_assistant_without_measurements_is_told_by_its_label_and_not_assessable(tmp_path):
    write_result(tmp_path, "alpha", "p1", "passed", measurements_v2("alpha", "p1", "full"))
    write_result(
        tmp_path, "alpha", "p1", "broken", None, message="TimeoutException", labels=assistant_labels()
    )
    portal = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha")
    assert portal.procedure("p1").verdict == "full"
    (asked,) = portal.assistant_scenarios
    assert verdicts_of(asked.quality_criteria) == {
        "speed": "not_assessable",
        "accessibility": "not_assessable",
        "mobile": "not_applicable",
        "virtual_assistant": "not_assessable",
        "privacy_security": "not_assessable",
    }
    assert "no evidence" in asked.quality("virtual_assistant").summary


def test_quality_criteria_counts_and_grouped_findings(tmp_path):
    wcag = "wcag_violation"
    p1_desktop = {"accessibility": judged("not_met", finding(wcag, "contrast on /a"), finding(wcag, "label"))}
    p1_phone = {
        "accessibility": judged("not_met", finding(wcag, "target-size on /a")),
        "mobile": judged("not_met", finding("horizontal_scroll", "/a is 620 px wide on a 412 px screen")),
    }
    p2_desktop = {"accessibility": judged("not_met", finding("image_alt"), finding(wcag, "label"))}
    pay = [{"step": "pay", "kind": "pay_at_counter", "detail": "pay at the counter"}]
    write_result(tmp_path, "alpha", "p1", "failed", measurements_v2("alpha", "p1", criteria=p1_desktop))
    phone = measurements_v2("alpha", "p1", viewport="phone", criteria=p1_phone)
    write_result(tmp_path, "alpha", "p1", "failed", phone, labels={"viewport": "phone"})
    p2 = measurements_v2("alpha", "p2", "partial", reasons=pay, criteria=p2_desktop)
    write_result(tmp_path, "alpha", "p2", "failed", p2)
    asked = measurements_v2("alpha", "p2", None, kind="assistant")
    write_result(tmp_path, "alpha", "p2", "passed", asked, labels=assistant_labels())
    write_result(tmp_path, "alpha", "p3", "skipped", None, message="Skipped: not offered")
    portal = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha")
    assert [s.criterion for s in portal.quality_criteria] == list(QUALITY_CRITERIA)
    counts = {s.criterion: s.counts for s in portal.quality_criteria}

    def tally(met=0, not_met=0, not_assessable=0, not_applicable=0):
        return {
            "met": met,
            "not_met": not_met,
            "not_assessable": not_assessable,
            "not_applicable": not_applicable,
        }

    # Three journeys (p1 desktop and phone, p2), one assistant scenario (p2) and a skipped journey (p3).
    assert counts["accessibility"] == tally(met=1, not_met=3, not_applicable=1)
    assert counts["full_online"] == tally(met=2, not_met=1, not_applicable=1)
    assert counts["mobile"] == tally(not_met=1, not_applicable=4)
    assert counts["virtual_assistant"] == tally(met=1)
    assert counts["speed"] == tally(met=4, not_applicable=1)
    assert counts["simplicity"] == tally(met=3, not_applicable=1)

    accessibility = portal.quality_summary("accessibility")
    # Seen in most scenarios first; an example per scenario, by procedure name.
    assert [(g.kind, g.scenarios, g.occurrences) for g in accessibility.findings] == [
        (wcag, 3, 4),
        ("image_alt", 1, 1),
    ]
    assert [
        (e.procedure_id, e.viewport, e.scenario, e.detail) for e in accessibility.findings[0].examples
    ] == [
        ("p1", "desktop", "journey", "contrast on /a"),
        ("p1", "phone", "journey", "target-size on /a"),
        ("p2", "desktop", "journey", "label"),
    ]
    (mobile,) = portal.quality_summary("mobile").findings
    assert (mobile.kind, [(e.procedure_name, e.viewport) for e in mobile.examples]) == (
        "horizontal_scroll",
        [("P1", "phone")],
    )
    (reason,) = portal.quality_summary("full_online").findings
    assert (reason.kind, reason.examples[0].procedure_id) == ("pay_at_counter", "p2")

    # The matrix cell of p1 marks what any of its scenarios did not meet, saying which.
    markers = {m.criterion: [source.label for source in m.where] for m in portal.criteria_not_met("p1")}
    assert markers == {
        "accessibility": ["desktop journey: not_met summary", "phone journey: not_met summary"],
        "mobile": ["phone journey: not_met summary"],
    }
    data = json.loads(json.dumps(portal.to_dict()))
    summary = next(s for s in data["quality_criteria"] if s["criterion"] == "accessibility")
    assert summary["counts"] == counts["accessibility"] and summary["scenarios"] == 5
    assert summary["findings"][0]["kind"] == wcag and summary["findings"][0]["more_scenarios"] == 0
    p1 = data["procedures"][0]
    assert p1["quality_criteria"]["accessibility"]["findings"][0]["detail"] == "contrast on /a"
    assert p1["criteria_not_met"] == ["accessibility"]
    assert data["other_viewports"][0]["criteria_not_met"] == ["accessibility", "mobile"]


def test_finding_groups_are_capped(tmp_path):
    kinds = [f"kind_{number:02}" for number in range(MAX_FINDING_KINDS + 2)]
    for number in range(MAX_FINDING_EXAMPLES + 2):
        findings = [finding(kind) for kind in kinds]
        measured = measurements_v2(
            "alpha", f"p{number}", "full", criteria={"speed": judged("not_met", *findings)}
        )
        write_result(tmp_path, "alpha", f"p{number}", "failed", measured)
    speed = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha").quality_summary("speed")
    assert speed.counts["not_met"] == MAX_FINDING_EXAMPLES + 2
    assert len(speed.findings) == MAX_FINDING_KINDS
    assert speed.more_finding_kinds == 2
    first = speed.findings[0]
    assert (first.kind, first.scenarios, len(first.examples), first.more_scenarios) == (
        "kind_00",
        MAX_FINDING_EXAMPLES + 2,
        MAX_FINDING_EXAMPLES,
        2,
    )


def test_phone_journeys_count_in_the_criteria_but_not_in_the_matrix(tmp_path):
    desktop = measurements_v2("alpha", "p1", "full")
    phone = measurements_v2(
        "alpha",
        "p1",
        "not_online",
        viewport="phone",
        reasons=[{"step": "open", "kind": "not_offered_online", "detail": "no Apply button on a phone"}],
        criteria={"mobile": judged("not_met", finding("small_targets"))},
    )
    write_result(tmp_path, "alpha", "p1", "passed", desktop, labels={"viewport": "desktop"})
    write_result(tmp_path, "alpha", "p1", "failed", phone, labels={"viewport": "phone"})
    portal = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha")
    assert [(p.viewport, p.verdict) for p in portal.procedures] == [("desktop", "full")]
    assert [(p.viewport, p.verdict) for p in portal.other_viewports] == [("phone", "not_online")]
    assert portal.score == 100.0
    assert portal.counts["not_online"] == 0
    assert portal.quality_summary("full_online").counts["not_met"] == 1
    assert portal.quality_summary("mobile").counts == {
        "met": 0,
        "not_met": 1,
        "not_assessable": 0,
        "not_applicable": 1,
    }
    assert portal.other_viewports[0].criteria_not_met == ["full_online", "mobile"]


def test_v1_measurements_are_still_read_and_judge_no_quality_criterion(tmp_path):
    write_result(tmp_path, "alpha", "p1", "failed", measurements("alpha", "p1", "partial"))
    assessment = score_results(tmp_path, model=FULL_ONLINE_ONLY)
    assert assessment.problems == []
    procedure = assessment.portal("alpha").procedure("p1")
    assert (procedure.verdict, procedure.points) == ("partial", 0.5)
    judgements = verdicts_of(procedure.quality_criteria)
    assert list(judgements) == list(JOURNEY_CRITERIA)
    # Full online comes from the v1 verdict; v1 judged nothing else: not assessable, never met or not met.
    assert judgements["full_online"] == "not_met"
    assert judgements["mobile"] == "not_applicable"
    others = {name: verdict for name, verdict in judgements.items() if name not in ("full_online", "mobile")}
    assert set(others.values()) == {"not_assessable"}
    assert "portalqa.measurements/1" in procedure.quality("speed").summary


def test_invalid_v2_attachment_is_a_reading_problem(tmp_path):
    bad = measurements_v2("alpha", "p1", "full")
    bad["criteria"]["speed"]["verdict"] = "fast enough"
    (attachment,) = write_result(tmp_path, "alpha", "p1", "passed", bad)
    no_criteria = measurements_v2("alpha", "p2", "full")
    del no_criteria["criteria"]
    write_result(tmp_path, "alpha", "p2", "passed", no_criteria)
    write_result(tmp_path, "alpha", "p3", "passed", measurements_v2("alpha", "p3", "full"))
    assessment = score_results(tmp_path, model=FULL_ONLINE_ONLY)
    problems = {p.file: p.message for p in assessment.problems}
    assert len(problems) == 2
    assert "at criteria.speed.verdict:" in problems[attachment.name]
    assert "portalqa.measurements/2" in problems[attachment.name]
    assert any("at criteria: Field required" in message for message in problems.values())
    portal = assessment.portal("alpha")
    # The unusable evidence is skipped: not assessable on every criterion, and left out of the score.
    for procedure_id in ("p1", "p2"):
        procedure = portal.procedure(procedure_id)
        assert procedure.verdict == "not_assessable" and procedure.reasons[0].kind == "no_evidence"
        assert set(verdicts_of(procedure.quality_criteria).values()) == {"not_assessable", "not_applicable"}
        assert procedure.quality("mobile").verdict == "not_applicable"
    assert portal.procedure("p3").verdict == "full"
    assert portal.score == 100.0


def test_v2_journey_without_full_online_is_a_reading_problem(tmp_path):
    journey = measurements_v2("alpha", "p1", "full") | {"full_online": None}
    write_result(tmp_path, "alpha", "p1", "passed", journey)
    assessment = score_results(tmp_path, model=FULL_ONLINE_ONLY)
    assert [p.message for p in assessment.problems] == [
        "measurements not usable: a journey's measurements have no full_online verdict"
    ]
    assert assessment.portal("alpha").procedure("p1").verdict == "not_assessable"


def test_broken_scenario_cannot_meet_a_criterion_but_its_findings_stand(tmp_path):
    measured = measurements_v2(
        "alpha",
        "p1",
        "full",
        criteria={
            "privacy_security": judged("not_met", finding("third_party_host", "contacted cdn.example"))
        },
    )
    write_result(tmp_path, "alpha", "p1", "broken", measured, message="TimeoutException")
    procedure = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha").procedure("p1")
    judgements = verdicts_of(procedure.quality_criteria)
    assert judgements["privacy_security"] == "not_met"
    assert judgements["full_online"] == "not_assessable"  # as the matrix says
    assert judgements["accessibility"] == judgements["speed"] == "not_assessable"
    assert "broke before it finished" in procedure.quality("speed").summary
    assert judgements["mobile"] == "not_applicable"


def test_skipped_and_unmeasured_scenarios_are_never_met_or_not_met(tmp_path):
    write_result(tmp_path, "alpha", "p1", "skipped", None, message="Skipped: not offered by this portal")
    write_result(tmp_path, "alpha", "p2", "passed", None)
    portal = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha")
    assert set(verdicts_of(portal.procedure("p1").quality_criteria).values()) == {"not_applicable"}
    unmeasured = verdicts_of(portal.procedure("p2").quality_criteria)
    assert {name for name, verdict in unmeasured.items() if verdict != "not_assessable"} == {"mobile"}
    for summary in portal.quality_criteria:
        assert summary.counts["met"] == summary.counts["not_met"] == 0


# --- journeys portalqa itself could not finish ---------------------------------------------------------

HARNESS_ERROR = {
    "step": "When I fill in the e-form with:",
    "kind": "harness_error",
    "detail": "JourneyStuck: the e-form refused the profile's answers (Occupation): Choose an occupation",
}


@pytest.mark.parametrize("status", ["broken", "failed", "passed"])
def test_a_journey_portalqa_could_not_finish_is_not_assessable_never_not_online(tmp_path, status):
    measured = measurements_v2("alpha", "p1", "not_assessable", reasons=[HARNESS_ERROR])
    write_result(tmp_path, "alpha", "p1", status, measured, message="JourneyStuck: the e-form refused")
    write_result(tmp_path, "alpha", "p2", "passed", measurements_v2("alpha", "p2", "full"))
    portal = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha")
    procedure = portal.procedure("p1")
    assert (procedure.verdict, procedure.points) == ("not_assessable", None)
    assert [reason.kind for reason in procedure.reasons] == ["harness_error"]
    assert procedure.other_finding is None
    # Left out of the score and counted apart: never "not online", never 0 points.
    assert portal.score == 100.0 and portal.assessable_procedures == 1
    assert portal.counts["not_online"] == 0 and portal.counts["not_assessable"] == 1
    full_online = procedure.quality("full_online")
    assert (full_online.verdict, list(full_online.findings)) == ("not_assessable", [])
    assert full_online.summary.startswith("portalqa could not assess the procedure: JourneyStuck")
    assert "not offered online" not in full_online.summary
    summary = next(s for s in portal.quality_criteria if s.criterion == "full_online")
    assert summary.counts["not_met"] == 0 and not summary.findings


@pytest.mark.parametrize("status", ["broken", "failed"])
@pytest.mark.parametrize("claimed", ["not_online", "partial"])
def test_an_attachment_claiming_not_online_beside_a_harness_error_is_not_taken_at_its_word(
    tmp_path, status, claimed
):
    # judging.full_online.classify makes such a journey not assessable; the scorer holds to the same rule.
    blocked = {
        "step": "When I apply online",
        "kind": "not_offered_online",
        "detail": "no Apply online button",
    }
    measured = measurements_v2("alpha", "p1", claimed, reasons=[blocked, HARNESS_ERROR])
    write_result(tmp_path, "alpha", "p1", status, measured)
    portal = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha")
    procedure = portal.procedure("p1")
    assert (procedure.verdict, procedure.points) == ("not_assessable", None)
    assert [reason.kind for reason in procedure.reasons] == ["harness_error"]
    assert portal.score is None and portal.counts["not_online"] == 0
    assert procedure.quality("full_online").verdict == "not_assessable"


def test_an_unreachable_portal_recorded_by_a_failed_journey_is_not_assessable(tmp_path):
    unreachable = {"step": "open", "kind": "portal_unreachable", "detail": "ERR_CONNECTION_REFUSED"}
    write_result(
        tmp_path, "alpha", "p1", "failed", measurements_v2("alpha", "p1", "not_online", reasons=[unreachable])
    )
    procedure = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha").procedure("p1")
    assert (procedure.verdict, procedure.points) == ("not_assessable", None)


def test_a_journey_the_portal_blocked_stays_not_online(tmp_path):
    blocked = {
        "step": "When I apply online",
        "kind": "not_offered_online",
        "detail": "no Apply online button",
    }
    write_result(
        tmp_path, "alpha", "p1", "failed", measurements_v2("alpha", "p1", "not_online", reasons=[blocked])
    )
    procedure = score_results(tmp_path, model=FULL_ONLINE_ONLY).portal("alpha").procedure("p1")
    assert (procedure.verdict, procedure.points) == ("not_online", 0.0)
    assert procedure.quality("full_online").verdict == "not_met"
