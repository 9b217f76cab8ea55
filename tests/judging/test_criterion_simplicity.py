"""judging.simplicity: nothing typed that the state holds, nothing asked beyond the standard; each
comparison counts only once the journey is past it."""

from __future__ import annotations

import pytest
from judging_inputs import HARNESS_ERROR, journey, measurements, stopped_before, verdicts

from portalqa.judging import judge
from portalqa.judging.simplicity import judge_simplicity
from portalqa.model.criteria import Criterion


def test_a_journey_asking_only_the_standard_meets_simplicity_and_says_what_it_counted():
    result = judge_simplicity(measurements()["journey"])
    assert (result.verdict, result.summary) == ("met", "12 pages, 10 clicks, 9 fields typed, 6 pre-filled")


@pytest.mark.parametrize(
    ("journey_change", "kind"),
    [
        ({"register_fields_not_prefilled": ["applicant.phone"]}, "not_prefilled"),
        ({"redundant_documents": ["Marriage certificate"]}, "redundant_document"),
        ({"documents_beyond_standard": ["Household book"]}, "document_beyond_standard"),
        ({"fields_beyond_standard": ["Religion"]}, "field_beyond_standard"),
    ],
)
def test_asking_too_much_does_not_meet_simplicity(journey_change, kind):
    assert verdicts(journey(**journey_change))["simplicity"] == ("not_met", {kind})


def test_a_journey_that_loaded_no_page_leaves_simplicity_not_assessable():
    assert judge_simplicity({"pages_visited": 0}).verdict == "not_assessable"


def test_a_journey_stopped_before_the_end_of_the_e_form_is_not_assessable_not_met():
    # Empty lists because nothing was compared yet, not because nothing was asked too much.
    judged = judge(stopped_before("eform"))[Criterion.SIMPLICITY]
    assert judged.verdict == "not_assessable" and not judged.findings
    assert "the e-form against the population register" in judged.summary
    assert "the documents asked for" in judged.summary


def test_documents_count_once_every_one_asked_for_was_compared():
    data = stopped_before("submission")
    data["journey"].update(documents_requested=["Birth notice", "Marriage certificate"], uploads=1)
    judged = judge(data)[Criterion.SIMPLICITY]
    assert judged.summary == (
        "not observed: the documents asked for against the standard dossier "
        "(the journey stopped before the documents were attached)"
    )
    data["journey"]["uploads"] = 2
    assert judge(data)[Criterion.SIMPLICITY].verdict == "met"


def test_a_journey_stopped_after_the_documents_meets_simplicity_on_what_it_compared():
    assert verdicts(stopped_before("submission"))["simplicity"] == ("met", set())


def test_a_finding_before_the_stop_stands():
    data = stopped_before("documents")
    data["journey"]["register_fields_not_prefilled"] = ["applicant.phone"]
    assert verdicts(data)["simplicity"] == ("not_met", {"not_prefilled"})


def test_a_custom_procedure_has_no_standard_to_compare_with():
    data = measurements(procedure={"id": "business_household_registration", "custom": True})
    judged = judge(data)[Criterion.SIMPLICITY]
    assert judged.verdict == "not_assessable"
    assert "custom procedure" in judged.summary


def test_a_journey_portalqa_could_not_finish_on_the_e_form_is_not_assessable():
    assert verdicts(stopped_before("eform", reasons=[HARNESS_ERROR]))["simplicity"] == (
        "not_assessable",
        set(),
    )


def test_the_standard_list_alone_is_no_sign_the_e_form_was_left():
    # documents_standard is written as the documents step starts, before the pages leading to uploads.
    data = stopped_before("documents")
    data["journey"]["documents_standard"] = ["Birth notice"]
    judged = judge(data)[Criterion.SIMPLICITY]
    assert judged.verdict == "not_assessable" and "the end of the e-form" in judged.summary
