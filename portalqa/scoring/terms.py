"""The words an assessment is written in: viewports, verdicts, outcomes and the order of the criteria.

Shared by the scorer's modules and the reports, so that each is spelled once.
"""

from __future__ import annotations

from portalqa.evidence.allure_reading import ASSISTANT, BROKEN, FAILED, PASSED, SKIPPED, UNKNOWN
from portalqa.model.criteria import Criterion, CriterionVerdict
from portalqa.model.full_online import Verdict
from portalqa.model.scenarios import Viewport

ASSESSMENT_SCHEMA = "portalqa.assessment/3"
# The matrix and the score use one viewport; results for other viewports are reported, not scored.
MATRIX_VIEWPORT = Viewport.DESKTOP.value
# The mobile criterion is judged only on the phone run of a journey.
PHONE_VIEWPORT = Viewport.PHONE.value
# Quality criteria in the order they are reported, and the verdicts a scenario gives each of them.
QUALITY_CRITERIA = tuple(criterion.value for criterion in Criterion)
CRITERION_VERDICTS = tuple(verdict.value for verdict in CriterionVerdict)
MET = CriterionVerdict.MET.value
NOT_MET = CriterionVerdict.NOT_MET.value
# A skipped scenario: the procedure does not apply to this portal. Not one of the full-online verdicts.
NOT_APPLICABLE = "not_applicable"
VERDICT_ORDER = (
    Verdict.FULL.value,
    Verdict.PARTIAL.value,
    Verdict.NOT_ONLINE.value,
    Verdict.NOT_ASSESSABLE.value,
    NOT_APPLICABLE,
)
# How an Allure outcome reads in an assessment.
OUTCOME_MEANING = {
    PASSED: "met",
    FAILED: "defect",
    BROKEN: "could not assess",
    SKIPPED: "not applicable",
    UNKNOWN: "could not assess",
}


def outcome_of(status: str) -> str:
    return OUTCOME_MEANING.get(status, "could not assess")


def criterion_order(name: str) -> tuple[int, str]:
    # QUALITY_CRITERIA order; a criterion a newer harness adds goes last, by name.
    return (QUALITY_CRITERIA.index(name) if name in QUALITY_CRITERIA else len(QUALITY_CRITERIA), name)


def scenario_label(kind: str, viewport: str) -> str:
    if kind == ASSISTANT:
        return "assistant" if viewport == MATRIX_VIEWPORT else f"assistant ({viewport})"
    return f"{viewport} journey"
