"""Read a raw Allure 2 results folder (as allure-pytest-bdd writes it) into typed records for the scorer.

The scorer works from these files rather than from pytest's memory so that an assessment can be
recomputed, audited or merged later from nothing but the published results. Reading is forgiving on
purpose: one damaged attachment must not hide the other portals' evidence, so every defect in the input
becomes a `ReadingProblem` that is reported next to the scores instead of an exception.

Two measurement schemas are read: portalqa.measurements/1 (a journey's full-online verdict, figures and
page timings) and portalqa.measurements/2 (adds the scenario kind - journey or assistant - and the
quality-criteria verdicts), which is validated with its pydantic model (portalqa.evidence.measurements).
Only plain JSON files are read, so the reader does not depend on the Allure version that wrote them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from portalqa.evidence.measurements import ATTACHMENT_NAME, MEASUREMENTS_SCHEMA, MEASUREMENTS_SCHEMA_V1
from portalqa.evidence.measurements import Measurements as MeasurementsModel
from portalqa.model.full_online import Verdict

RESULT_FILE_SUFFIX = "-result.json"
PORTAL_LABEL = "portal"
PROCEDURE_LABEL = "procedure"
VIEWPORT_LABEL = "viewport"
CRITERION_LABEL = "criterion"
SUPPORTED_MEASUREMENT_SCHEMAS = frozenset({MEASUREMENTS_SCHEMA_V1, MEASUREMENTS_SCHEMA})
# Scenario kinds: a citizen applying for a procedure, or questions to the portal's virtual assistant.
JOURNEY = "journey"
ASSISTANT = "assistant"
# The first `criterion` label of an assistant scenario; tells its kind when it attached no measurements.
ASSISTANT_CRITERION = "virtual_assistant"
# Allure statuses; anything else (e.g. "unknown", or none at all) is read as "unknown".
KNOWN_STATUSES = frozenset({"passed", "failed", "broken", "skipped"})


class AllureResultsError(Exception):
    """The results folder cannot be read at all (missing, or holds no results)."""


class MeasurementsFormatError(ValueError):
    """A measurements attachment that does not follow the schema; becomes a ReadingProblem."""


@dataclass(frozen=True)
class ReadingProblem:
    """Something in the results that could not be used; reported beside the assessment."""

    file: str
    message: str

    def to_dict(self) -> dict:
        return {"file": self.file, "message": self.message}


@dataclass(frozen=True)
class PortalIdentity:
    id: str
    name: str
    owner: str | None = None
    level: str | None = None


@dataclass(frozen=True)
class ProcedureIdentity:
    id: str
    name: str
    portal_code: str | None = None


@dataclass(frozen=True)
class VerdictReason:
    """Why a procedure is not fully online (or could not be assessed), as the journey recorded it."""

    kind: str
    detail: str
    step: str = ""

    def to_dict(self) -> dict:
        return {"step": self.step, "kind": self.kind, "detail": self.detail}


@dataclass(frozen=True)
class PageVisit:
    url: str
    title: str
    # Figures in ms (transfer_size in bytes); figures the browser did not report are left out.
    timing: dict[str, float]


@dataclass(frozen=True)
class CriterionFinding:
    """One thing a criterion found wrong, e.g. a WCAG violation on a page."""

    kind: str
    detail: str
    page: str | None = None

    def to_dict(self) -> dict:
        return {"kind": self.kind, "detail": self.detail, "page": self.page}


@dataclass(frozen=True)
class CriterionJudgement:
    """The scenario's own verdict on one quality criterion (met, not_met, not_assessable, not_applicable)."""

    verdict: str
    summary: str
    findings: tuple[CriterionFinding, ...] = ()

    def to_dict(self) -> dict:
        return {
            "verdict": self.verdict,
            "summary": self.summary,
            "findings": [finding.to_dict() for finding in self.findings],
        }


@dataclass(frozen=True)
class Measurements:
    """One "portalqa measurements" attachment (schema portalqa.measurements/1 or /2)."""

    attachment_file: str
    portal: PortalIdentity
    procedure: ProcedureIdentity
    viewport: str
    # The full-online verdict of a journey; None for an assistant scenario.
    verdict: str | None
    reasons: tuple[VerdictReason, ...]
    # Journey figures stay a plain mapping: the harness adds figures over time and the scorer only
    # reports them, so a new figure must not need a change here.
    journey: dict[str, Any]
    pages: tuple[PageVisit, ...]
    schema: str = MEASUREMENTS_SCHEMA
    kind: str = JOURNEY
    # Criterion name -> verdict, in the order the attachment gives them; empty for schema version 1,
    # which judged no quality criterion.
    criteria: dict[str, CriterionJudgement] = field(default_factory=dict)


@dataclass
class ScenarioResult:
    """One Allure test result: one procedure on one portal."""

    uuid: str
    name: str
    full_name: str | None
    status: str
    status_message: str
    start: int | None
    stop: int | None
    history_id: str | None
    test_case_id: str | None
    labels: dict[str, list[str]]
    parameters: dict[str, str]
    result_file: str
    # The first step that did not pass: where a failed or broken journey stopped.
    stopped_at_step: str | None = None
    measurements: list[Measurements] = field(default_factory=list)

    def label(self, name: str) -> str | None:
        values = self.labels.get(name)
        return values[0] if values else None

    @property
    def portal_id(self) -> str | None:
        return self.label(PORTAL_LABEL)

    @property
    def procedure_id(self) -> str | None:
        return self.label(PROCEDURE_LABEL)

    @property
    def kind(self) -> str:
        """journey or assistant: from the measurements, else from the scenario's first criterion label."""
        if self.measurements:
            return self.measurements[-1].kind
        return ASSISTANT if self.label(CRITERION_LABEL) == ASSISTANT_CRITERION else JOURNEY


@dataclass
class AllureResults:
    folder: Path
    scenarios: list[ScenarioResult]
    results_read: int
    # Results of tests that are not portal scenarios (no portal/procedure label), e.g. plain unit tests.
    results_without_portal_labels: int
    problems: list[ReadingProblem]


def read_allure_results(folder: str | Path) -> AllureResults:
    folder = Path(folder)
    if not folder.exists():
        raise AllureResultsError(
            f"Allure results folder {folder} does not exist; run the scenarios first "
            f"(pytest --alluredir {folder})"
        )
    if not folder.is_dir():
        raise AllureResultsError(f"Allure results path {folder} is not a folder")
    result_files = sorted(folder.glob(f"*{RESULT_FILE_SUFFIX}"))
    if not result_files:
        raise AllureResultsError(
            f"Allure results folder {folder} holds no test results (*{RESULT_FILE_SUFFIX}); "
            "did the scenarios run with --alluredir pointing here?"
        )

    problems: list[ReadingProblem] = []
    scenarios: list[ScenarioResult] = []
    without_labels = 0
    for result_file in result_files:
        raw = _load_json(result_file, problems, what="result")
        if raw is None:
            continue
        if not isinstance(raw, dict):
            problems.append(ReadingProblem(result_file.name, "result file is not a JSON object"))
            continue
        scenario = _scenario_from(raw, result_file, problems)
        if scenario.portal_id is None or scenario.procedure_id is None:
            without_labels += 1
            continue
        scenarios.append(scenario)
    return AllureResults(
        folder=folder,
        scenarios=scenarios,
        results_read=len(result_files),
        results_without_portal_labels=without_labels,
        problems=problems,
    )


def _scenario_from(raw: dict, result_file: Path, problems: list[ReadingProblem]) -> ScenarioResult:
    labels: dict[str, list[str]] = {}
    for label in raw.get("labels") or []:
        if isinstance(label, dict) and label.get("name") and label.get("value") is not None:
            labels.setdefault(str(label["name"]), []).append(str(label["value"]))
    parameters = {
        str(p.get("name")): str(p.get("value"))
        for p in raw.get("parameters") or []
        if isinstance(p, dict) and p.get("name")
    }
    status = str(raw.get("status") or "unknown").lower()
    details = raw.get("statusDetails") if isinstance(raw.get("statusDetails"), dict) else {}
    scenario = ScenarioResult(
        uuid=str(raw.get("uuid") or result_file.name.removesuffix(RESULT_FILE_SUFFIX)),
        name=str(raw.get("name") or ""),
        full_name=raw.get("fullName"),
        status=status if status in KNOWN_STATUSES else "unknown",
        status_message=str(details.get("message") or "").strip(),
        start=_int_or_none(raw.get("start")),
        stop=_int_or_none(raw.get("stop")),
        history_id=raw.get("historyId"),
        test_case_id=raw.get("testCaseId"),
        labels=labels,
        parameters=parameters,
        result_file=result_file.name,
        stopped_at_step=_first_unpassed_step(raw.get("steps") or []),
    )
    if scenario.portal_id is not None and scenario.procedure_id is not None:
        for attachment in _measurement_attachments(raw):
            measurements = _read_measurements(result_file.parent, attachment, result_file.name, problems)
            if measurements is not None:
                scenario.measurements.append(measurements)
    return scenario


def _measurement_attachments(item: dict) -> Iterator[dict]:
    """Measurement attachments of a result and of all its (nested) steps, in document order."""
    for attachment in item.get("attachments") or []:
        if isinstance(attachment, dict) and attachment.get("name") == ATTACHMENT_NAME:
            yield attachment
    for step in item.get("steps") or []:
        if isinstance(step, dict):
            yield from _measurement_attachments(step)


def _first_unpassed_step(steps: list) -> str | None:
    for step in steps:
        if not isinstance(step, dict):
            continue
        if step.get("status") in ("failed", "broken"):
            return _first_unpassed_step(step.get("steps") or []) or str(step.get("name") or "")
    return None


def _read_measurements(
    folder: Path, attachment: dict, result_name: str, problems: list[ReadingProblem]
) -> Measurements | None:
    source = attachment.get("source")
    if not source:
        problems.append(ReadingProblem(result_name, f"'{ATTACHMENT_NAME}' attachment names no source file"))
        return None
    path = folder / str(source)
    if not path.is_file():
        problems.append(ReadingProblem(result_name, f"measurements attachment {source} is missing"))
        return None
    data = _load_json(path, problems, what="measurements attachment")
    if data is None:
        return None
    try:
        return _parse_measurements(data, path.name)
    except MeasurementsFormatError as error:
        problems.append(ReadingProblem(path.name, f"measurements not usable: {error}"))
        return None


def _parse_measurements(data: Any, attachment_file: str) -> Measurements:
    if not isinstance(data, dict):
        raise MeasurementsFormatError("not a JSON object")
    schema = data.get("schema")
    if schema == MEASUREMENTS_SCHEMA:
        return _parse_v2(data, attachment_file)
    if schema == MEASUREMENTS_SCHEMA_V1:
        return _parse_v1(data, attachment_file)
    supported = ", ".join(sorted(SUPPORTED_MEASUREMENT_SCHEMAS))
    raise MeasurementsFormatError(f"unknown schema {schema!r} (this scorer reads {supported})")


def _parse_v2(data: dict, attachment_file: str) -> Measurements:
    try:
        model = MeasurementsModel.model_validate(data)
    except ValidationError as error:
        errors = error.errors()
        first = errors[0]
        location = ".".join(str(part) for part in first["loc"]) or "(top level)"
        more = f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else ""
        raise MeasurementsFormatError(
            f"does not follow {MEASUREMENTS_SCHEMA}: at {location}: {first['msg']}{more}"
        ) from None
    if model.kind == JOURNEY and model.full_online is None:
        raise MeasurementsFormatError("a journey's measurements have no full_online verdict")
    full_online = model.full_online if model.kind == JOURNEY else None
    return Measurements(
        attachment_file=attachment_file,
        portal=PortalIdentity(
            id=model.portal.id,
            name=model.portal.name or model.portal.id,
            owner=model.portal.owner,
            level=model.portal.level,
        ),
        procedure=ProcedureIdentity(
            id=model.procedure.id,
            name=model.procedure.name or model.procedure.id,
            portal_code=model.procedure.portal_code,
        ),
        viewport=model.viewport,
        verdict=full_online.verdict if full_online else None,
        reasons=tuple(
            VerdictReason(kind=reason.kind, detail=reason.detail, step=reason.step)
            for reason in (full_online.reasons if full_online else [])
        ),
        journey=dict(model.journey),
        pages=tuple(
            PageVisit(
                url=page.url,
                title=page.title,
                timing={key: value for key, value in page.timing.items() if value is not None},
            )
            for page in model.pages
        ),
        schema=MEASUREMENTS_SCHEMA,
        kind=model.kind,
        criteria={
            str(name): CriterionJudgement(
                verdict=judgement.verdict,
                summary=judgement.summary,
                findings=tuple(
                    CriterionFinding(kind=finding.kind, detail=finding.detail, page=finding.page)
                    for finding in judgement.findings
                ),
            )
            for name, judgement in model.criteria.items()
        },
    )


def _parse_v1(data: dict, attachment_file: str) -> Measurements:
    portal = _object(data, "portal")
    procedure = _object(data, "procedure")
    full_online = _object(data, "full_online")
    verdict = full_online.get("verdict")
    if verdict not in {v.value for v in Verdict}:
        raise MeasurementsFormatError(f"unknown full_online verdict {verdict!r}")
    reasons = tuple(
        VerdictReason(
            kind=str(reason.get("kind") or "unspecified"),
            detail=str(reason.get("detail") or ""),
            step=str(reason.get("step") or ""),
        )
        for reason in full_online.get("reasons") or []
        if isinstance(reason, dict)
    )
    pages = tuple(
        PageVisit(
            url=str(page.get("url") or ""),
            title=str(page.get("title") or ""),
            timing=page.get("timing") if isinstance(page.get("timing"), dict) else {},
        )
        for page in data.get("pages") or []
        if isinstance(page, dict)
    )
    return Measurements(
        attachment_file=attachment_file,
        portal=PortalIdentity(
            id=_required_id(portal, "portal"),
            name=str(portal.get("name") or portal["id"]),
            owner=portal.get("owner"),
            level=portal.get("level"),
        ),
        procedure=ProcedureIdentity(
            id=_required_id(procedure, "procedure"),
            name=str(procedure.get("name") or procedure["id"]),
            portal_code=procedure.get("portal_code"),
        ),
        viewport=str(data.get("viewport") or "desktop"),
        verdict=verdict,
        reasons=reasons,
        journey=data.get("journey") if isinstance(data.get("journey"), dict) else {},
        pages=pages,
        schema=MEASUREMENTS_SCHEMA_V1,
        kind=JOURNEY,
        criteria={},
    )


def _object(data: dict, key: str) -> dict:
    value = data.get(key)
    if not isinstance(value, dict):
        raise MeasurementsFormatError(f"'{key}' is missing or not an object")
    return value


def _required_id(data: dict, what: str) -> str:
    if not data.get("id"):
        raise MeasurementsFormatError(f"{what} has no id")
    return str(data["id"])


def _load_json(path: Path, problems: list[ReadingProblem], what: str) -> Any | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        problems.append(ReadingProblem(path.name, f"{what} cannot be read: {error}"))
    except json.JSONDecodeError as error:
        problems.append(ReadingProblem(path.name, f"{what} is not valid JSON: {error}"))
    return None


def _int_or_none(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
