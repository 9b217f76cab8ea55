"""Write an Allure 2 result file, in the format allure-pytest-bdd writes, for evidence portalqa produces
outside pytest (the load phase: Locust runs in its own process, so no Allure plugin sees it).

Scenarios and the load phase then sit in one results folder: the Allure report shows them together and
the scorer reads both from the same place (portalqa.evidence.allure_reading reads this format back).
This module knows the file format only: what a result says is for its caller. Everything written here
goes through secrets redaction, attachments included, because a result folder is published.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from portalqa.evidence.allure_reading import RESULT_FILE_SUFFIX
from portalqa.secrets_guard import redact

# Allure's own labels (how its report groups results); portalqa's are in portalqa.evidence.allure_labels.
PARENT_SUITE = "parentSuite"
SUITE = "suite"
FRAMEWORK = "framework"
LANGUAGE = "language"


@dataclass(frozen=True)
class AttachmentFile:
    """A file to attach: copied (redacted) into the results folder under a fresh name."""

    name: str
    mime_type: str
    extension: str
    source: Path


@dataclass(frozen=True)
class Step:
    name: str
    status: str
    start: int
    stop: int

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "status": self.status,
            "stage": "finished",
            "start": self.start,
            "stop": self.stop,
        }


@dataclass(frozen=True)
class TestResult:
    """One finished Allure test result. `history_key` and `test_case_key` are hashed into Allure's
    historyId and testCaseId: the same key across runs makes Allure show the result's history."""

    __test__ = False  # not a pytest test class, despite the name Allure gives it

    name: str
    full_name: str
    description: str
    status: str  # passed, failed, broken or skipped
    message: str  # why it did not pass; not written for a passed result
    start: int  # ms since the epoch
    stop: int
    history_key: str
    test_case_key: str
    labels: Sequence[tuple[str, str]] = ()
    parameters: Mapping[str, object] = field(default_factory=dict)
    steps: Sequence[Step] = ()
    attachments: Sequence[AttachmentFile] = ()


def write_result(results_dir: Path, result: TestResult) -> Path:
    """Write `result` and its attachments into `results_dir`; returns the result file."""
    results_dir.mkdir(parents=True, exist_ok=True)
    result_uuid = str(uuid.uuid4())
    data = {
        "uuid": result_uuid,
        "historyId": _md5(result.history_key),
        "testCaseId": _md5(result.test_case_key),
        "name": result.name,
        "fullName": result.full_name,
        "description": result.description,
        "status": result.status,
        "statusDetails": {"message": result.message} if result.status != "passed" else {},
        "stage": "finished",
        "start": result.start,
        "stop": result.stop,
        "steps": [step.to_dict() for step in result.steps],
        "attachments": [_attach(results_dir, attachment) for attachment in result.attachments],
        "parameters": [{"name": key, "value": str(value)} for key, value in result.parameters.items()],
        "labels": [{"name": name, "value": value} for name, value in result.labels],
    }
    path = results_dir / f"{result_uuid}{RESULT_FILE_SUFFIX}"
    path.write_text(redact(json.dumps(data, indent=2, ensure_ascii=False)), encoding="utf-8")
    return path


def _attach(results_dir: Path, attachment: AttachmentFile) -> dict:
    target = f"{uuid.uuid4()}-attachment.{attachment.extension}"
    text = attachment.source.read_text(encoding="utf-8", errors="replace")
    (results_dir / target).write_text(redact(text), encoding="utf-8")
    return {"name": attachment.name, "source": target, "type": attachment.mime_type}


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
