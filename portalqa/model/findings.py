"""The shapes that carry a verdict: what a criterion found, and why a procedure is not fully online.

Defined once, here: the judging rules produce them (portalqa.judging), the measurements attachment
carries them (portalqa.evidence.measurements) and the scorer reads them back.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from portalqa.model.criteria import CriterionVerdict


class OpenShape(BaseModel):
    """A shape read from evidence: readers ignore fields they do not know (a newer harness may add some)."""

    model_config = ConfigDict(extra="allow")


class Reason(OpenShape):
    """Why a procedure is not fully online (or could not be assessed), at the step where it was seen."""

    step: str = ""
    # A plain string, not ReasonKind: results written by an older harness may carry kinds we no longer
    # know. ReasonKind is a StrEnum, so `reason.kind == ReasonKind.PAY_AT_COUNTER` still compares.
    kind: str = Field(
        description="Kind of reason (portalqa.model.full_online.ReasonKind), e.g. pay_at_counter."
    )
    detail: str = ""


class Finding(OpenShape):
    kind: str = Field(description="Stable id of the kind of finding, e.g. wcag_violation, no_privacy_link.")
    detail: str
    page: str | None = Field(None, description="URL of the page where it was seen, when page-specific.")


class CriterionJudgement(OpenShape):
    """One criterion's verdict on one scenario, with the findings behind a not_met."""

    verdict: CriterionVerdict
    summary: str
    findings: list[Finding] = []
