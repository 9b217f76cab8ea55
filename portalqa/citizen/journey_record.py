"""What one scenario observed: pages, timings, fields, uploads, in-person requirements, answers.

The record becomes the scenario's "portalqa measurements" JSON attachment, which is the only thing
the scorer needs. The record keeps mutable fields while the scenario runs; the attachment itself is
built as the schema model, portalqa.evidence.measurements.Measurements (docs/measurements.md), so it
cannot drift from what the scorer reads. Bump MEASUREMENTS_SCHEMA there when the shape changes
incompatibly.
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from portalqa.citizen.faults import kind_of
from portalqa.evidence.measurements import ATTACHMENT_NAME, MEASUREMENTS_SCHEMA, FullOnline, Measurements
from portalqa.judging import judge
from portalqa.judging.full_online import VERDICT_FOR, classify
from portalqa.judging.judgement import cut_short, not_assessable
from portalqa.model.criteria import FULL_ONLINE_AS_CRITERION, Criterion
from portalqa.model.findings import CriterionJudgement, Finding, Reason
from portalqa.model.full_online import ReasonKind, Verdict
from portalqa.secrets_guard import redact

__all__ = ["ATTACHMENT_NAME", "MEASUREMENTS_SCHEMA", "JourneyRecord", "ValidationProbe"]


@dataclass
class ValidationProbe:
    """The e-form's answer to one deliberately missing required answer (convenience criterion)."""

    checked: bool = False
    held_back: str = ""
    error_shown: bool = False
    errors_tied: bool | None = None
    values_lost: list[str] = field(default_factory=list)
    note: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class JourneyRecord:
    portal: dict
    procedure: dict
    viewport: str = "desktop"
    # "journey": a citizen applying for the procedure; "assistant": questions to the virtual assistant.
    kind: str = "journey"
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None
    # One observation per page load (portalqa.browser.page_observer.PageObservation.to_dict()).
    pages: list[dict] = field(default_factory=list)
    cookies: list[dict] = field(default_factory=list)
    clicks: int = 0
    fields_typed: int = 0
    fields_prefilled: int = 0
    prefilled_keys: list[str] = field(default_factory=list)
    uploads: int = 0
    documents_requested: list[str] = field(default_factory=list)
    tracking_code_received: bool = False
    electronic_result: bool = False
    signed_on_with: str | None = None
    national_eid_sign_on: bool | None = None
    register_fields_not_prefilled: list[str] = field(default_factory=list)
    documents_standard: list[str] = field(default_factory=list)
    redundant_documents: list[str] = field(default_factory=list)
    documents_beyond_standard: list[str] = field(default_factory=list)
    fields_beyond_standard: list[str] = field(default_factory=list)
    validation_probe: ValidationProbe = field(default_factory=ValidationProbe)
    tracking_status_shown: bool | None = None
    information_page: dict | None = None
    assistant: dict | None = None
    completed: bool = False
    reasons: list[Reason] = field(default_factory=list)
    current_step: str = ""
    # Found only through the profile's css fallback: controls without an accessible name.
    css_fallbacks: list[str] = field(default_factory=list)
    # Questions the portal asked beyond the standard dossier, and where their answers came from
    # (the profile's answers, or a plausible value portalqa derived from the control).
    answers_beyond_standard: list[dict] = field(default_factory=list)
    # Standard dossier fields the portal's e-form never asked for (informational, not a defect).
    standard_fields_not_asked: list[str] = field(default_factory=list)
    one_time_codes: int = 0
    # The sign-on was that of an earlier journey of the portal and viewport, resumed
    # (citizen.kept_sessions): its pages, clicks and time are in this record as if played again.
    sign_on_resumed: bool = False

    def page(self, observation: dict) -> None:
        self.pages.append(observation)

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
            # A fault of the network or the server (citizen.faults) by its kind; anything else is
            # portalqa's own failure to go on.
            kind = kind_of(exception) or ReasonKind.HARNESS_ERROR
            self.add_reason(kind, f"{type(exception).__name__}: {message}")

    def verdict(self) -> Verdict:
        return classify(self.reasons, self.completed)

    def to_dict(self) -> dict:
        """The measurements attachment (JSON form of `measurements()`)."""
        return _attachment(self.measurements())

    def measurements(self) -> Measurements:
        """What the scenario observed, with every applicable criterion judged (portalqa.judging)."""
        observed = self._observed()
        criteria = {criterion.value: result for criterion, result in judge(_attachment(observed)).items()}
        if self.kind == "journey":
            verdict = self.verdict()
            criteria[Criterion.FULL_ONLINE.value] = CriterionJudgement(
                verdict=FULL_ONLINE_AS_CRITERION[verdict].value,
                summary=f"procedure offered {verdict.value.replace('_', ' ')}",
                findings=[Finding(kind=r.kind, detail=r.detail, page=None) for r in self.reasons],
            )
        else:
            criteria = self._cut_short(criteria)
        return observed.model_copy(update={"criteria": dict(sorted(criteria.items()))})

    def _cut_short(self, criteria: dict[str, CriterionJudgement]) -> dict[str, CriterionJudgement]:
        """An assistant or site scenario that a fault (or portalqa itself) stopped observed only what
        came before: nothing is met on that, and the assistant it never reached is not assessable,
        with the cause quoted (a journey says so through its full-online reasons: judging.criteria)."""
        stopped = [r for r in self.reasons if VERDICT_FOR.get(r.kind) == Verdict.NOT_ASSESSABLE]
        if not stopped:
            return criteria
        first = stopped[0]
        why = f"the scenario stopped before its end ({first.kind.replace('_', ' ')}: {first.detail})"
        cut = {name: cut_short(judgement, why) for name, judgement in criteria.items()}
        if self.kind == "assistant" and Criterion.VIRTUAL_ASSISTANT.value not in cut:
            cut[Criterion.VIRTUAL_ASSISTANT.value] = not_assessable(why)
        return cut

    def _observed(self) -> Measurements:
        """The observations before judging (criteria still empty): the input of the judging rules."""
        end = self.finished or time.monotonic()
        return Measurements.model_validate(
            {
                "schema": MEASUREMENTS_SCHEMA,
                "kind": self.kind,
                "portal": self.portal,
                "procedure": self.procedure,
                "viewport": self.viewport,
                "full_online": FullOnline(verdict=self.verdict().value, reasons=self.reasons)
                if self.kind == "journey"
                else None,
                "criteria": {},
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
                    "national_eid_sign_on": self.national_eid_sign_on,
                    "register_fields_not_prefilled": self.register_fields_not_prefilled,
                    "documents_standard": self.documents_standard,
                    "redundant_documents": self.redundant_documents,
                    "documents_beyond_standard": self.documents_beyond_standard,
                    "fields_beyond_standard": self.fields_beyond_standard,
                    "validation_probe": self.validation_probe.to_dict(),
                    "tracking_status_shown": self.tracking_status_shown,
                    "css_fallbacks": self.css_fallbacks,
                    "answers_beyond_standard": self.answers_beyond_standard,
                    "standard_fields_not_asked": self.standard_fields_not_asked,
                    "one_time_codes": self.one_time_codes,
                    "sign_on_resumed": self.sign_on_resumed,
                },
                "information_page": self.information_page,
                "assistant": self.assistant,
                "pages": self.pages,
                "cookies": self.cookies,
            }
        )


def _attachment(measurements: Measurements) -> dict:
    # Only what was observed: a field the browser did not report stays absent rather than null.
    return measurements.model_dump(mode="json", by_alias=True, exclude_unset=True)
