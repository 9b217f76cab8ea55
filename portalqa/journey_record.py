"""What one citizen journey observed: pages, timings, fields, uploads and in-person requirements.

The record becomes the scenario's "portalqa measurements" JSON attachment (schema below), which is
the only thing the scorer needs. Bump MEASUREMENTS_SCHEMA when the shape changes incompatibly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from portalqa.full_online import Reason, ReasonKind, Verdict, classify
from portalqa.secrets_guard import redact

MEASUREMENTS_SCHEMA = "portalqa.measurements/1"
ATTACHMENT_NAME = "portalqa measurements"


@dataclass
class PageVisit:
    url: str
    title: str
    timing: dict[str, float]


@dataclass
class JourneyRecord:
    portal: dict
    procedure: dict
    viewport: str = "desktop"
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    pages: list[PageVisit] = field(default_factory=list)
    clicks: int = 0
    fields_typed: int = 0
    fields_prefilled: int = 0
    prefilled_keys: list[str] = field(default_factory=list)
    uploads: int = 0
    documents_requested: list[str] = field(default_factory=list)
    tracking_code_received: bool = False
    electronic_result: bool = False
    signed_on_with: str | None = None
    completed: bool = False
    reasons: list[Reason] = field(default_factory=list)
    current_step: str = ""

    def page(self, url: str, title: str, timing: dict[str, float]) -> None:
        self.pages.append(PageVisit(url=url, title=title, timing=timing))

    def add_reason(self, kind: ReasonKind, detail: str) -> None:
        """Why the procedure is not fully online (or could not be assessed), at the current step."""
        self.reasons.append(Reason(step=self.current_step, kind=kind, detail=redact(detail)))

    def stopped_by(self, exception: BaseException) -> None:
        """Record why a journey stopped early: a portal defect, or something portalqa could not judge."""
        if any(r.kind in (ReasonKind.NOT_OFFERED_ONLINE, ReasonKind.JOURNEY_BLOCKED) for r in self.reasons):
            return
        message = redact(str(exception).strip().splitlines()[0] if str(exception).strip() else "")
        if isinstance(exception, AssertionError):
            # Assertions in steps are findings about the portal (outcome "failed").
            if not self.completed and not self.reasons:
                self.add_reason(ReasonKind.JOURNEY_BLOCKED, message or type(exception).__name__)
        else:
            kind = (
                ReasonKind.PORTAL_UNREACHABLE if _looks_unreachable(exception) else ReasonKind.HARNESS_ERROR
            )
            self.add_reason(kind, f"{type(exception).__name__}: {message}")

    def verdict(self) -> Verdict:
        return classify(self.reasons, self.completed)

    def to_dict(self) -> dict:
        end = self.finished or time.monotonic()
        return {
            "schema": MEASUREMENTS_SCHEMA,
            "portal": self.portal,
            "procedure": self.procedure,
            "viewport": self.viewport,
            "full_online": {
                "verdict": self.verdict().value,
                "reasons": [reason.to_dict() for reason in self.reasons],
            },
            "journey": {
                "completed": self.completed,
                "task_seconds": round(end - self.started, 2),
                "pages_visited": len(self.pages),
                "clicks": self.clicks,
                "fields_typed": self.fields_typed,
                "fields_prefilled": self.fields_prefilled,
                "prefilled_keys": self.prefilled_keys,
                "uploads": self.uploads,
                "documents_requested": self.documents_requested,
                "tracking_code_received": self.tracking_code_received,
                "electronic_result": self.electronic_result,
                "signed_on_with": self.signed_on_with,
            },
            "pages": [
                {"url": redact(p.url), "title": redact(p.title), "timing": p.timing} for p in self.pages
            ],
        }


def _looks_unreachable(exception: BaseException) -> bool:
    text = f"{type(exception).__name__} {exception}"
    return any(
        marker in text
        for marker in (
            "ERR_CONNECTION_REFUSED",
            "ERR_NAME_NOT_RESOLVED",
            "PortalUnreachable",
            "ConnectionRefused",
        )
    )
