"""The quality criteria assessors grade, and the verdict a scenario gives each of them.

Pure terms: no browser, no files. The rules that reach a verdict live in portalqa.judging; the
shapes that carry verdicts in the evidence live in portalqa.evidence.measurements.
"""

from __future__ import annotations

from enum import StrEnum

from portalqa.model.full_online import Verdict
from portalqa.model.scenarios import ScenarioKind


class Criterion(StrEnum):
    FULL_ONLINE = "full_online"
    SIMPLICITY = "simplicity"
    CONVENIENCE = "convenience"
    SPEED = "speed"
    ACCESSIBILITY = "accessibility"
    MOBILE = "mobile"
    VIRTUAL_ASSISTANT = "virtual_assistant"
    TRANSPARENCY = "transparency"
    PRIVACY_SECURITY = "privacy_security"


class CriterionVerdict(StrEnum):
    """met: evidence and no finding; not_met: at least one finding; not_assessable: no evidence
    (e.g. the journey never reached a page); not_applicable: e.g. mobile on a desktop run."""

    MET = "met"
    NOT_MET = "not_met"
    NOT_ASSESSABLE = "not_assessable"
    NOT_APPLICABLE = "not_applicable"


# Criteria judged from what every page showed, whatever the scenario did on them.
PAGE_CRITERIA = (Criterion.SPEED, Criterion.ACCESSIBILITY, Criterion.MOBILE, Criterion.PRIVACY_SECURITY)
# Criteria judged from a procedure journey (not from, say, a conversation with the assistant).
JOURNEY_CRITERIA = (Criterion.SIMPLICITY, Criterion.CONVENIENCE, Criterion.TRANSPARENCY)

# Which criteria each kind of scenario is judged on: a criterion missing from a scenario's
# measurements is "not assessable" for it, never silently met or not met.
CRITERIA_OF_KIND: dict[ScenarioKind, frozenset[Criterion]] = {
    ScenarioKind.JOURNEY: frozenset(Criterion) - {Criterion.VIRTUAL_ASSISTANT},
    ScenarioKind.ASSISTANT: frozenset(
        {
            Criterion.SPEED,
            Criterion.ACCESSIBILITY,
            Criterion.MOBILE,
            Criterion.VIRTUAL_ASSISTANT,
            Criterion.PRIVACY_SECURITY,
        }
    ),
    # The portal's public pages: what every page shows, nothing a procedure does.
    ScenarioKind.SITE: frozenset(PAGE_CRITERIA),
}

# The full-online verdict (the procedure x portal matrix cell) read as the full_online criterion.
FULL_ONLINE_AS_CRITERION: dict[Verdict, CriterionVerdict] = {
    Verdict.FULL: CriterionVerdict.MET,
    Verdict.PARTIAL: CriterionVerdict.NOT_MET,
    Verdict.NOT_ONLINE: CriterionVerdict.NOT_MET,
    Verdict.NOT_ASSESSABLE: CriterionVerdict.NOT_ASSESSABLE,
}
