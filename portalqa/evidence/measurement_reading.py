"""Read one "portalqa measurements" attachment into the schema model, whatever version wrote it.

Version 2 is validated with its pydantic model (portalqa.evidence.measurements). Version 1 (a journey's
full-online verdict, figures and page timings, before quality criteria were judged) is converted into
the same model on read, with an empty criteria map, so the scorer handles one shape; the version that
was read is kept beside it, because the assessment says why a v1 scenario has no criterion verdicts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from portalqa.evidence.measurements import MEASUREMENTS_SCHEMA, MEASUREMENTS_SCHEMA_V1, Measurements
from portalqa.model.full_online import Verdict

SUPPORTED_MEASUREMENT_SCHEMAS = frozenset({MEASUREMENTS_SCHEMA_V1, MEASUREMENTS_SCHEMA})


class MeasurementsFormatError(ValueError):
    """A measurements attachment that does not follow the schema; becomes a ReadingProblem."""


@dataclass(frozen=True)
class AttachedMeasurements:
    """One measurements attachment as read: the file it came from, the version it was written in."""

    file: str
    schema: str  # the version written: MEASUREMENTS_SCHEMA or MEASUREMENTS_SCHEMA_V1
    measurements: Measurements


def read_measurements_text(text: str, file: str) -> AttachedMeasurements:
    """From the attachment's JSON text. A valid version-2 attachment (every one a current run writes)
    is parsed and validated in one pass by pydantic-core, several times faster than json.loads and
    validating the dict; anything else (version 1, an invalid file) takes the path that converts it
    or says exactly what is wrong. Raises ValueError for text that is not JSON."""
    try:
        measurements = Measurements.model_validate_json(text)
    except ValidationError:
        return read_measurements(json.loads(text), file)
    return _checked(measurements, MEASUREMENTS_SCHEMA, file)


def read_measurements(data: Any, file: str) -> AttachedMeasurements:
    if not isinstance(data, dict):
        raise MeasurementsFormatError("not a JSON object")
    schema = data.get("schema")
    if schema == MEASUREMENTS_SCHEMA:
        measurements = _validated(data)
    elif schema == MEASUREMENTS_SCHEMA_V1:
        measurements = _validated(_v1_as_v2(data))
        # Version 1 named its viewports freely (e.g. "mobile"); the name is kept as written.
        measurements.viewport = str(data.get("viewport") or "desktop")
    else:
        supported = ", ".join(sorted(SUPPORTED_MEASUREMENT_SCHEMAS))
        raise MeasurementsFormatError(f"unknown schema {schema!r} (this scorer reads {supported})")
    return _checked(measurements, schema, file)


def _checked(measurements: Measurements, schema: str, file: str) -> AttachedMeasurements:
    if measurements.kind == "journey" and measurements.full_online is None:
        raise MeasurementsFormatError("a journey's measurements have no full_online verdict")
    # A nameless portal or procedure is shown by its id.
    measurements.portal.name = measurements.portal.name or measurements.portal.id
    measurements.procedure.name = measurements.procedure.name or measurements.procedure.id
    return AttachedMeasurements(file=file, schema=schema, measurements=measurements)


def _validated(data: dict) -> Measurements:
    try:
        return Measurements.model_validate(data)
    except ValidationError as error:
        errors = error.errors()
        first = errors[0]
        location = ".".join(str(part) for part in first["loc"]) or "(top level)"
        more = f" (and {len(errors) - 1} more error(s))" if len(errors) > 1 else ""
        raise MeasurementsFormatError(
            f"does not follow {data.get('schema')}: at {location}: {first['msg']}{more}"
        ) from None


def _v1_as_v2(data: dict) -> dict:
    """A v1 attachment in v2 terms. v1 readers were lenient about missing texts; so is this one."""
    portal = _object(data, "portal")
    procedure = _object(data, "procedure")
    full_online = _object(data, "full_online")
    if full_online.get("verdict") not in {v.value for v in Verdict}:
        raise MeasurementsFormatError(f"unknown full_online verdict {full_online.get('verdict')!r}")
    return {
        "schema": MEASUREMENTS_SCHEMA,
        "kind": "journey",
        "portal": {
            "id": _required_id(portal, "portal"),
            "name": str(portal.get("name") or portal["id"]),
            "owner": portal.get("owner"),
            "level": portal.get("level"),
        },
        "procedure": {
            "id": _required_id(procedure, "procedure"),
            "name": str(procedure.get("name") or procedure["id"]),
            "portal_code": procedure.get("portal_code"),
        },
        "viewport": "desktop",  # replaced by the name v1 wrote, after validation
        "full_online": {
            "verdict": full_online["verdict"],
            "reasons": [
                {
                    "step": str(reason.get("step") or ""),
                    "kind": str(reason.get("kind") or "unspecified"),
                    "detail": str(reason.get("detail") or ""),
                }
                for reason in full_online.get("reasons") or []
                if isinstance(reason, dict)
            ],
        },
        # Version 1 judged no quality criterion.
        "criteria": {},
        "journey": data.get("journey") if isinstance(data.get("journey"), dict) else {},
        "pages": [
            {
                "url": str(page.get("url") or ""),
                "title": str(page.get("title") or ""),
                "timing": page.get("timing") if isinstance(page.get("timing"), dict) else {},
            }
            for page in data.get("pages") or []
            if isinstance(page, dict)
        ],
    }


def _object(data: dict, key: str) -> dict:
    value = data.get(key)
    if not isinstance(value, dict):
        raise MeasurementsFormatError(f"'{key}' is missing or not an object")
    return value


def _required_id(data: dict, what: str) -> str:
    if not data.get("id"):
        raise MeasurementsFormatError(f"{what} has no id")
    return str(data["id"])
