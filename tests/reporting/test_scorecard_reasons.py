"""Every reason the scorer gives for "not assessed" reads in Vietnamese, not as the general fallback.

The scorer (portalqa.scoring.indicators) says in English why an indicator had nothing to measure; the
scorecard matches those sentences to its own words. If a sentence changes on one side only, a
Vietnamese page would fall back to a general sentence: this test catches it.
"""

from __future__ import annotations

import pytest

from portalqa.reporting.wording import Wording
from portalqa.scoring.indicators import PAGE_FACTS, IndicatorSpec, PortalEvidence, measure
from portalqa.scoring.quality_model import load_quality_model

NOTHING = PortalEvidence(observations=[], cells={}, load=None)
SPECS = [c.indicator for c in load_quality_model().criteria() if c.indicator is not None] + [
    IndicatorSpec(name="pages_with", fact=fact) for fact in PAGE_FACTS
]


@pytest.mark.parametrize("spec", SPECS, ids=lambda spec: f"{spec.name}-{spec.fact or spec.criterion or ''}")
def test_each_reason_for_not_assessed_has_its_own_words(spec):
    value = measure(spec, NOTHING)
    assert value.value is None and value.unobserved
    general = Wording("vi")("why.unknown")
    assert Wording("vi").why(value.unobserved) != general, value.unobserved


def test_a_failed_load_phase_is_not_assessed_in_both_languages():
    value = measure(
        IndicatorSpec(name="load_objectives_met"), PortalEvidence([], {}, load=("not_assessable", "refused"))
    )
    assert value.value is None
    assert Wording("vi").why(value.unobserved) != Wording("vi")("why.unknown")
