"""judge(): which criteria apply to a scenario, and that each finding lands in its own criterion only."""

from __future__ import annotations

import pytest
from judging_inputs import HARNESS_ERROR, STEPS, journey, measurements, stopped_before, verdicts

from portalqa.judging import judge
from portalqa.judging.criteria import judge as judge_from_criteria
from portalqa.model.criteria import CRITERIA_OF_KIND, PAGE_CRITERIA, Criterion, CriterionVerdict
from portalqa.model.findings import CriterionJudgement
from portalqa.model.scenarios import ScenarioKind


def test_the_entry_point_is_importable_from_the_package_and_from_criteria():
    assert judge is judge_from_criteria


def test_judge_returns_the_model_judgement_keyed_by_criterion():
    judged = judge(measurements())
    assert all(isinstance(criterion, Criterion) for criterion in judged)
    assert all(isinstance(judgement, CriterionJudgement) for judgement in judged.values())
    assert judged[Criterion.SPEED].verdict is CriterionVerdict.MET
    # The attachment carries the same strings as before the verdict was typed.
    assert judged[Criterion.SPEED].model_dump(mode="json")["verdict"] == "met"


def test_a_good_desktop_journey_meets_everything_and_mobile_is_not_judged():
    judged = verdicts(measurements())
    assert judged.pop("mobile")[0] == "not_applicable"
    assert {name: v for name, (v, _) in judged.items()} == dict.fromkeys(judged, "met")


def test_a_journey_is_judged_on_its_kind_s_criteria_but_full_online():
    # Full online comes from the journey record, not from judge().
    judged = set(judge(measurements()))
    assert judged == CRITERIA_OF_KIND[ScenarioKind.JOURNEY] - {Criterion.FULL_ONLINE}


def test_assistant_scenarios_judge_the_assistant_and_the_pages_only():
    data = measurements(
        kind="assistant",
        full_online=None,
        assistant={"answers": [{"topic": "fee", "question": "?", "answer": "5", "problems": []}]},
    )
    assert set(judge(data)) == CRITERIA_OF_KIND[ScenarioKind.ASSISTANT]


@pytest.mark.parametrize(
    ("journey_change", "criterion", "kind"),
    [
        ({"register_fields_not_prefilled": ["applicant.phone"]}, "simplicity", "not_prefilled"),
        ({"fields_beyond_standard": ["Religion"]}, "simplicity", "field_beyond_standard"),
        ({"national_eid_sign_on": False}, "convenience", "no_national_eid"),
        ({"tracking_status_shown": False}, "convenience", "no_status_tracking"),
    ],
)
def test_journey_findings_land_in_their_criterion_only(journey_change, criterion, kind):
    judged = verdicts(journey(**journey_change))
    assert judged[criterion] == ("not_met", {kind})
    assert [name for name, (v, _) in judged.items() if v == "not_met"] == [criterion]


def test_no_page_means_not_assessable_rather_than_met():
    judged = verdicts(measurements(pages=[], journey={}))
    for criterion in ("speed", "accessibility", "privacy_security", "simplicity", "convenience"):
        assert judged[criterion][0] == "not_assessable", criterion


# --- a journey that portalqa itself could not finish -------------------------------------------------

# What a journey shows in full once it is past a step: the information page, then simplicity's two
# comparisons (the e-form and the documents, both behind it once the application is submitted).
_SEEN_IN_FULL_FROM = {"transparency": "eform", "simplicity": "submission"}


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("step", STEPS)
def test_a_journey_portalqa_could_not_finish_is_no_defect_and_met_only_on_what_it_saw(step, viewport):
    data = stopped_before(step, reasons=[HARNESS_ERROR])
    data["viewport"] = viewport
    judged = verdicts(data)
    assert not [name for name, (verdict, _) in judged.items() if verdict == "not_met"]
    met = {name for name, (verdict, _) in judged.items() if verdict == "met"}
    assert met == {c for c, after in _SEEN_IN_FULL_FROM.items() if STEPS.index(step) >= STEPS.index(after)}
    assert judged["mobile"][0] == ("not_assessable" if viewport == "phone" else "not_applicable")


def test_every_page_criterion_of_a_stopped_journey_says_why_and_what_it_saw():
    for criterion in PAGE_CRITERIA:
        if criterion is Criterion.MOBILE:
            continue
        summary = judge(stopped_before("eform", reasons=[HARNESS_ERROR]))[criterion].summary
        assert summary.startswith("the journey stopped before its end (portalqa could not go on: "), criterion
        assert "; so far: " in summary, criterion


@pytest.mark.parametrize(
    ("reasons", "verdict", "why"),
    [
        (
            [{"step": "open", "kind": "portal_unreachable", "detail": "ERR_CONNECTION_REFUSED"}],
            "not_assessable",
            "the journey stopped before its end (the portal stopped answering: ERR_CONNECTION_REFUSED)",
        ),
        ([], "not_assessable", "the journey stopped before its end without a recorded cause"),
    ],
)
def test_other_stops_that_say_nothing_about_the_portal_leave_the_pages_not_assessable(reasons, verdict, why):
    speed = judge(stopped_before("eform", reasons=reasons, verdict=verdict))[Criterion.SPEED]
    assert speed.verdict == "not_assessable" and speed.summary.startswith(why)


def test_a_journey_the_portal_stopped_keeps_what_its_pages_showed():
    # No online offer or a blocked step: the pages after it do not exist for any citizen.
    blocked = {"step": "When I apply online", "kind": "journey_blocked", "detail": "no Apply online button"}
    judged = verdicts(stopped_before("eform", reasons=[blocked]))
    for criterion in ("speed", "accessibility", "privacy_security", "transparency"):
        assert judged[criterion] == ("met", set()), criterion
    assert judged["simplicity"][0] == judged["convenience"][0] == "not_assessable"
