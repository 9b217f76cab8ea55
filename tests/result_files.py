"""Synthetic raw Allure results for the scorer's and the reports' tests.

Each helper writes what allure-pytest-bdd writes for one scenario (a result file with labels and a
measurements attachment), so the tests exercise the scorer's real reader.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from portalqa.paths import PROJECT_ROOT

# Results written by the real allure-pytest-bdd plugin (schema 1 measurements), kept as a fixture.
FIXTURE_RESULTS = PROJECT_ROOT / "tests" / "fixtures" / "allure_results"

PORTALS = {
    "alpha": {"id": "alpha", "name": "Alpha Portal", "owner": "Alpha Office", "level": "provincial"},
    "beta": {"id": "beta", "name": "Beta Portal", "owner": "Beta Office", "level": "provincial"},
}


def measurements(portal: str, procedure: str, verdict: str, reasons=(), viewport: str = "desktop") -> dict:
    return {
        "schema": "portalqa.measurements/1",
        "portal": PORTALS[portal],
        "procedure": {
            "id": procedure,
            "name": procedure.replace("_", " ").capitalize(),
            "portal_code": "9.1",
        },
        "viewport": viewport,
        "full_online": {"verdict": verdict, "reasons": list(reasons)},
        "journey": {"completed": verdict != "not_online", "task_seconds": 10.0, "pages_visited": 3},
        "pages": [
            {"url": "http://127.0.0.1:1/a", "title": "a", "timing": {"load_event_ms": 30.0}},
            {"url": "http://127.0.0.1:1/b", "title": "b", "timing": {"load_event_ms": 50.0}},
            {"url": "http://127.0.0.1:1/c", "title": "c", "timing": {"load_event_ms": 0}},
        ],
    }


JOURNEY_CRITERIA = (
    "full_online",
    "simplicity",
    "convenience",
    "speed",
    "accessibility",
    "mobile",
    "transparency",
    "privacy_security",
)
ASSISTANT_CRITERIA = ("speed", "accessibility", "mobile", "virtual_assistant", "privacy_security")
FULL_ONLINE_CRITERION = {"full": "met", "partial": "not_met", "not_online": "not_met"}


def finding(kind: str, detail: str = "", page: str | None = None) -> dict:
    return {"kind": kind, "detail": detail or f"{kind} seen", "page": page}


def judged(verdict: str = "met", *findings: dict, summary: str = "") -> dict:
    if findings and verdict == "met":
        verdict = "not_met"
    return {"verdict": verdict, "summary": summary or f"{verdict} summary", "findings": list(findings)}


def measurements_v2(
    portal: str,
    procedure: str,
    verdict: str | None = "full",
    *,
    kind: str = "journey",
    viewport: str = "desktop",
    reasons=(),
    criteria: dict | None = None,
) -> dict:
    """A portalqa.measurements/2 attachment: every criterion of the scenario's kind met unless given."""
    names = JOURNEY_CRITERIA if kind == "journey" else ASSISTANT_CRITERIA
    judgements = {name: judged() for name in names}
    if viewport != "phone":
        judgements["mobile"] = judged("not_applicable", summary="judged on the phone run of the journey")
    if kind == "journey":
        judgements["full_online"] = judged(FULL_ONLINE_CRITERION.get(verdict, "not_assessable"))
    judgements |= criteria or {}
    data = measurements(portal, procedure, verdict or "full", reasons, viewport=viewport)
    return data | {
        "schema": "portalqa.measurements/2",
        "kind": kind,
        "full_online": data["full_online"] if kind == "journey" else None,
        "criteria": judgements,
        "pages": [
            {
                "url": "http://127.0.0.1:1/a",
                "title": "a",
                "timing": {
                    "load_event_ms": 30.0,
                    "server_response_ms": 12.0,
                    "largest_contentful_paint_ms": None,
                },
                "accessibility": {"axe_version": "4.10.0", "violations": [], "passes": 20},
            },
            {"url": "http://127.0.0.1:1/b", "title": "b", "timing": {"load_event_ms": 50.0}},
        ],
    }


def assistant_labels() -> dict[str, str]:
    # As the plugin labels a scenario asking the virtual assistant about a procedure.
    return {"criterion": "virtual_assistant", "viewport": "desktop"}


def write_result(
    folder: Path,
    portal: str | None,
    procedure: str | None,
    status: str = "passed",
    measured: dict | list[dict] | None = None,
    *,
    stop: int = 2_000,
    message: str = "",
    in_step: bool = False,
    attachment_text: str | None = None,
    labels: dict[str, str] | None = None,
) -> list[Path]:
    """Write one result the way allure-pytest-bdd does: <uuid>-result.json plus attachment files.

    Returns the attachment files, so a test can damage them.
    """
    result_uuid = str(uuid.uuid4())
    labels_given = labels
    attachments = []
    for payload in measured if isinstance(measured, list) else [measured] if measured else []:
        source = f"{uuid.uuid4()}-attachment.json"
        (folder / source).write_text(json.dumps(payload), encoding="utf-8")
        attachments.append({"name": "portalqa measurements", "source": source, "type": "application/json"})
    if attachment_text is not None:
        source = f"{uuid.uuid4()}-attachment.json"
        (folder / source).write_text(attachment_text, encoding="utf-8")
        attachments.append({"name": "portalqa measurements", "source": source, "type": "application/json"})
    labels = [{"name": "framework", "value": "pytest-bdd"}]
    if portal:
        labels.append({"name": "portal", "value": portal})
    if procedure:
        labels.append({"name": "procedure", "value": procedure})
    labels += [{"name": name, "value": value} for name, value in (labels_given or {}).items()]
    step = {
        "name": "Then I can download the electronic result",
        "status": status,
        "steps": [],
        "attachments": attachments if in_step else [],
    }
    result = {
        "name": f"{procedure} on {portal}",
        "status": status,
        "statusDetails": {"message": message, "trace": ""},
        "steps": [{"name": "Given the procedure is open", "status": "passed", "steps": [step]}],
        "attachments": [] if in_step else attachments,
        "parameters": [{"name": "portal_id", "value": repr(portal)}],
        "start": stop - 1_000,
        "stop": stop,
        "uuid": result_uuid,
        # Allure gives each parametrization (viewport, assistant or journey) its own history.
        "historyId": ".".join([f"{procedure}.{portal}", *(labels_given or {}).values()]),
        "testCaseId": str(procedure),
        "fullName": f"features/x.feature:{procedure}",
        "labels": labels,
    }
    (folder / f"{uuid.uuid4()}-result.json").write_text(json.dumps(result), encoding="utf-8")
    return [folder / attachment["source"] for attachment in attachments]
