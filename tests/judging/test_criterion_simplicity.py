"""judging.simplicity: nothing typed that the state holds, nothing asked beyond the standard."""

from __future__ import annotations

import pytest
from judging_inputs import journey, measurements, verdicts

from portalqa.judging.simplicity import judge_simplicity


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
