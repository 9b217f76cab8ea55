"""Read a raw Allure 2 results folder (as allure-pytest-bdd writes it) into records for the scorer.

The scorer works from these files rather than from pytest's memory so that an assessment can be
recomputed, audited or merged later from nothing but the published results. Reading is forgiving on
purpose: one damaged attachment must not hide the other portals' evidence, so every defect in the input
becomes a `ReadingProblem` that is reported next to the scores instead of an exception.

This module is the only code that knows the results format (file suffix, labels, attachments,
statuses); the measurement attachments themselves are read by portalqa.evidence.measurement_reading
into the one schema model, portalqa.evidence.measurements.Measurements. Only plain JSON files are read,
so the reader does not depend on the Allure version that wrote them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from portalqa.evidence import allure_labels
from portalqa.evidence.measurement_reading import (
    AttachedMeasurements,
    MeasurementsFormatError,
    read_measurements_text,
)
from portalqa.evidence.measurements import ATTACHMENT_NAME
from portalqa.model.criteria import Criterion
from portalqa.model.scenarios import PORTAL_WIDE, ScenarioKind

RESULT_FILE_SUFFIX = "-result.json"
# Scenario kinds, as the measurements and the scorer spell them (portalqa.model.scenarios).
JOURNEY = ScenarioKind.JOURNEY.value
ASSISTANT = ScenarioKind.ASSISTANT.value
SITE = ScenarioKind.SITE.value
# The first `criterion` label of an assistant scenario; tells its kind when it attached no measurements.
ASSISTANT_CRITERION = Criterion.VIRTUAL_ASSISTANT.value
# Allure statuses; anything else (e.g. "unknown", or none at all) is read as UNKNOWN.
PASSED, FAILED, BROKEN, SKIPPED, UNKNOWN = "passed", "failed", "broken", "skipped", "unknown"
KNOWN_STATUSES = frozenset({PASSED, FAILED, BROKEN, SKIPPED})


class AllureResultsError(Exception):
    """The results folder cannot be read at all (missing, or holds no results)."""


class ReadingProblem(BaseModel):
    """Something in the results that could not be used; reported beside the assessment."""

    model_config = ConfigDict(frozen=True)

    file: str
    message: str


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
    # The measurement attachments, in document order (portalqa.evidence.measurement_reading).
    measurements: list[AttachedMeasurements] = field(default_factory=list)
    # Image attachments (screenshots) of the result and its steps: their files in the results folder.
    screenshots: list[str] = field(default_factory=list)

    def label(self, name: str) -> str | None:
        values = self.labels.get(name)
        return values[0] if values else None

    @property
    def portal_id(self) -> str | None:
        return self.label(allure_labels.PORTAL)

    @property
    def procedure_id(self) -> str | None:
        return self.label(allure_labels.PROCEDURE)

    @property
    def portal_name(self) -> str | None:
        return self.label(allure_labels.PORTAL_NAME)

    @property
    def owner(self) -> str | None:
        return self.label(allure_labels.OWNER)

    @property
    def level(self) -> str | None:
        return self.label(allure_labels.LEVEL)

    @property
    def viewport(self) -> str | None:
        """The viewport label, else the pytest parameter; None when the result names none."""
        return self.label(allure_labels.VIEWPORT) or self.parameters.get("viewport", "").strip("'\"") or None

    @property
    def kind(self) -> str:
        """journey, assistant or site: from the measurements, else from the labels (a site scenario's
        procedure is portal_wide; an assistant's first criterion label is virtual_assistant)."""
        if self.measurements:
            return self.measurements[-1].measurements.kind
        if self.procedure_id == PORTAL_WIDE:
            return SITE
        return ASSISTANT if self.label(allure_labels.CRITERION) == ASSISTANT_CRITERION else JOURNEY


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
        raw = load_json(result_file, problems, what="result")
        if raw is not None and not isinstance(raw, dict):
            problems.append(ReadingProblem(file=result_file.name, message="result file is not a JSON object"))
            raw = None
        if raw is None:
            # A result cut short (a full disk, a killed writer) must not drop its procedure from the
            # matrix: when its labels can still be read, the cell shows as broken, not assessable.
            raw = _salvaged(result_file, problems[-1].message if problems else "unreadable")
            if raw is None:
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


# A label as allure-pytest writes it: {"name": "portal", "value": "reference"}.
_LABEL_TEXT = re.compile(r'\{\s*"name"\s*:\s*"([a-z_]+)"\s*,\s*"value"\s*:\s*"((?:[^"\\]|\\.)*)"\s*\}')


def _salvaged(result_file: Path, problem: str) -> dict | None:
    """A broken result for an unreadable file whose portal and procedure labels can still be found."""
    try:
        text = result_file.read_bytes().decode("utf-8", errors="replace")
    except OSError:
        return None
    labels = []
    for name, value in _LABEL_TEXT.findall(text):
        try:
            labels.append({"name": name, "value": json.loads(f'"{value}"')})
        except json.JSONDecodeError:
            continue
    names = {label["name"] for label in labels}
    if not {allure_labels.PORTAL, allure_labels.PROCEDURE} <= names:
        return None
    return {
        "uuid": result_file.name.removesuffix(RESULT_FILE_SUFFIX),
        "name": result_file.name,
        "status": "broken",
        "statusDetails": {"message": f"result file unreadable ({problem}); run the scenario again"},
        "labels": labels,
    }


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
    status = str(raw.get("status") or UNKNOWN).lower()
    details = raw.get("statusDetails") if isinstance(raw.get("statusDetails"), dict) else {}
    scenario = ScenarioResult(
        uuid=str(raw.get("uuid") or result_file.name.removesuffix(RESULT_FILE_SUFFIX)),
        name=str(raw.get("name") or ""),
        full_name=raw.get("fullName"),
        status=status if status in KNOWN_STATUSES else UNKNOWN,
        status_message=str(details.get("message") or "").strip(),
        start=_int_or_none(raw.get("start")),
        stop=_int_or_none(raw.get("stop")),
        history_id=raw.get("historyId"),
        test_case_id=raw.get("testCaseId"),
        labels=labels,
        parameters=parameters,
        result_file=result_file.name,
        stopped_at_step=_first_unpassed_step(raw.get("steps") or []),
        screenshots=list(_image_attachments(raw)),
    )
    if scenario.portal_id is not None and scenario.procedure_id is not None:
        for attachment in _measurement_attachments(raw):
            measurements = _read_attachment(result_file.parent, attachment, result_file.name, problems)
            if measurements is not None:
                scenario.measurements.append(measurements)
    return scenario


def _image_attachments(item: dict) -> Iterator[str]:
    """The source files of the image attachments of a result and its (nested) steps, in document order."""
    for attachment in item.get("attachments") or []:
        if not isinstance(attachment, dict) or not isinstance(attachment.get("source"), str):
            continue
        if str(attachment.get("type") or "").startswith("image/"):
            yield attachment["source"]
    for step in item.get("steps") or []:
        if isinstance(step, dict):
            yield from _image_attachments(step)


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
        if step.get("status") in (FAILED, BROKEN):
            return _first_unpassed_step(step.get("steps") or []) or str(step.get("name") or "")
    return None


def _read_attachment(
    folder: Path, attachment: dict, result_name: str, problems: list[ReadingProblem]
) -> AttachedMeasurements | None:
    source = attachment.get("source")
    if not source:
        problems.append(
            ReadingProblem(file=result_name, message=f"'{ATTACHMENT_NAME}' attachment names no source file")
        )
        return None
    path = folder / str(source)
    if not path.is_file():
        problems.append(
            ReadingProblem(file=result_name, message=f"measurements attachment {source} is missing")
        )
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(
            ReadingProblem(file=path.name, message=f"measurements attachment cannot be read: {error}")
        )
        return None
    try:
        return read_measurements_text(text, path.name)
    except json.JSONDecodeError as error:
        problems.append(
            ReadingProblem(file=path.name, message=f"measurements attachment is not valid JSON: {error}")
        )
        return None
    except MeasurementsFormatError as error:
        problems.append(ReadingProblem(file=path.name, message=f"measurements not usable: {error}"))
        return None


def load_json(path: Path, problems: list[ReadingProblem], what: str) -> Any | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        problems.append(ReadingProblem(file=path.name, message=f"{what} cannot be read: {error}"))
    except json.JSONDecodeError as error:
        problems.append(ReadingProblem(file=path.name, message=f"{what} is not valid JSON: {error}"))
    return None


def _int_or_none(value: Any) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def raw_results(folder: str | Path, containing: str | None = None) -> Iterator[tuple[Path, dict]]:
    """Every readable result file of a folder as (path, raw JSON object), in name order; with
    `containing`, only the files whose text holds it (the others are not parsed: a reader looking for
    a label's value skips thousands of other results at the cost of reading them).

    For readers of other kinds of result (the load phase's); unreadable files are skipped here
    because read_allure_results already reports them.
    """
    for result_file in sorted(Path(folder).glob(f"*{RESULT_FILE_SUFFIX}")):
        try:
            text = result_file.read_text(encoding="utf-8")
            if containing is not None and containing not in text:
                continue
            raw = json.loads(text)
        except (OSError, ValueError):
            continue
        if isinstance(raw, dict):
            yield result_file, raw


def has_label(raw: dict, name: str, value: str) -> bool:
    return any(
        isinstance(label, dict) and label.get("name") == name and label.get("value") == value
        for label in raw.get("labels") or []
    )


def attachment_json(folder: Path, raw: dict, name: str) -> Any:
    """The JSON content of the result's attachment called `name`; ValueError/OSError when unusable."""
    attachment = next(
        (a for a in raw.get("attachments") or [] if isinstance(a, dict) and a.get("name") == name), None
    )
    if attachment is None or not attachment.get("source"):
        raise ValueError(f"the result has no '{name}' attachment")
    return json.loads((Path(folder) / str(attachment["source"])).read_text(encoding="utf-8"))
