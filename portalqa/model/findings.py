"""The shapes that carry a verdict: what a criterion found, and why a procedure is not fully online.

Defined once, here: the judging rules produce them, the measurements attachment carries them
(portalqa.evidence.measurements) and the scorer reads them back.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class OpenShape(BaseModel):
    """A shape read from evidence: readers ignore fields they do not know (a newer harness may add some)."""

    model_config = ConfigDict(extra="allow")


class Reason(OpenShape):
    step: str = ""
    kind: str
    detail: str = ""


class Finding(OpenShape):
    kind: str = Field(description="Stable id of the kind of finding, e.g. wcag_violation, no_privacy_link.")
    detail: str
    page: str | None = Field(None, description="URL of the page where it was seen, when page-specific.")


class CriterionJudgement(OpenShape):
    verdict: Literal["met", "not_met", "not_assessable", "not_applicable"]
    summary: str
    findings: list[Finding] = []
