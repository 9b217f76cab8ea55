"""Load results: Locust's JSON stats read into per-group figures, and the verdict against the objectives.

The same code judges a run inside the Locust process (to set its exit code) and afterwards from the
JSON file (for the assessment and Allure), so the two can never disagree. Locust's JSON is used, not
its CSV: the CSV's aggregated counts can lag the final figures.

The verdict travels as a small JSON document (schema portalqa.load/1), attached to the load phase's
Allure result and written beside Locust's own files in reports/load/<portal>/. What makes a file an
Allure result of the load phase (file suffix, criterion label) is spelled in portalqa.evidence, which
owns the Allure format; the load result itself is written by portalqa.evidence.allure_writing.
No Locust import here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from portalqa.evidence import allure_labels, allure_reading
from portalqa.profiles.load_policy import Objectives

LOAD_SCHEMA = "portalqa.load/1"
LOAD_CRITERION = "speed_under_load"
VERDICT_ATTACHMENT_NAME = "portalqa load verdict"
VERDICT_FILE = "verdict.json"


@dataclass(frozen=True)
class GroupFigures:
    """One request group (Locust `name=`), all methods together."""

    name: str
    requests: int
    failures: int
    p95_ms: float | None  # None: no timed request in the group

    @property
    def failure_ratio(self) -> float:
        return self.failures / self.requests if self.requests else 0.0


@dataclass(frozen=True)
class LoadFigures:
    groups: tuple[GroupFigures, ...]

    @property
    def requests(self) -> int:
        return sum(g.requests for g in self.groups)

    @property
    def failures(self) -> int:
        return sum(g.failures for g in self.groups)

    @property
    def failure_ratio(self) -> float:
        return self.failures / self.requests if self.requests else 0.0


def figures_from_entries(entries: Iterable[dict]) -> LoadFigures:
    """Per-group figures from Locust stats entries (the JSON file's list, or `serialize_stats()`)."""
    merged: dict[str, dict[str, Any]] = {}
    for entry in entries:
        group = merged.setdefault(str(entry["name"]), {"requests": 0, "none": 0, "failures": 0, "times": {}})
        group["requests"] += int(entry.get("num_requests") or 0)
        group["none"] += int(entry.get("num_none_requests") or 0)
        group["failures"] += int(entry.get("num_failures") or 0)
        for time_ms, count in (entry.get("response_times") or {}).items():
            # JSON turns the int keys into strings; the in-memory stats keep ints.
            key = float(time_ms)
            group["times"][key] = group["times"].get(key, 0) + int(count)
    groups = tuple(
        GroupFigures(
            name=name,
            requests=data["requests"],
            failures=data["failures"],
            p95_ms=percentile(data["times"], data["requests"] - data["none"], 0.95),
        )
        for name, data in sorted(merged.items())
    )
    return LoadFigures(groups)


def read_locust_json(path: str | Path) -> LoadFigures:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError(f"{path}: not Locust JSON stats (expected a list of entries)")
    return figures_from_entries(data)


def percentile(times: dict[float, int], count: int, fraction: float) -> float | None:
    """Locust's own percentile over its rounded response-time histogram, so both report one figure."""
    if count <= 0 or not times:
        return None
    allowed_above = int(count * fraction)
    seen = 0
    for time_ms in sorted(times, reverse=True):
        seen += times[time_ms]
        if count - seen <= allowed_above:
            return time_ms
    return 0.0


@dataclass(frozen=True)
class GroupVerdict:
    name: str
    requests: int
    failures: int
    p95_ms: float | None
    p95_limit_ms: float
    met: bool

    def to_dict(self) -> dict:
        return {
            "name": self.name,
            "requests": self.requests,
            "failures": self.failures,
            "p95_ms": self.p95_ms,
            "p95_limit_ms": self.p95_limit_ms,
            "met": self.met,
        }


@dataclass(frozen=True)
class ObjectiveVerdict:
    """Did the run meet the portal's objectives? `met` is None when there is nothing to judge."""

    met: bool | None
    groups: tuple[GroupVerdict, ...]
    requests: int
    failures: int
    failure_ratio: float
    max_failure_ratio: float
    reasons: tuple[str, ...]

    def to_dict(self) -> dict:
        return {
            "met": self.met,
            "requests": self.requests,
            "failures": self.failures,
            "failure_ratio": round(self.failure_ratio, 4),
            "max_failure_ratio": self.max_failure_ratio,
            "groups": [group.to_dict() for group in self.groups],
            "reasons": list(self.reasons),
        }


def judge(figures: LoadFigures, objectives: Objectives) -> ObjectiveVerdict:
    groups = []
    reasons = []
    for group in figures.groups:
        limit = objectives.p95_limit(group.name)
        met = group.p95_ms is None or group.p95_ms <= limit
        if not met:
            reasons.append(f"{group.name}: 95th percentile {group.p95_ms:g} ms is above {limit:g} ms")
        groups.append(GroupVerdict(group.name, group.requests, group.failures, group.p95_ms, limit, met))
    if figures.failure_ratio > objectives.max_failure_ratio:
        reasons.append(
            f"failure ratio {figures.failure_ratio:.2%} is above {objectives.max_failure_ratio:.2%} "
            f"({figures.failures} of {figures.requests} requests failed)"
        )
    if figures.requests == 0:
        # No request at all says nothing about the portal's speed: not assessable, never "met".
        return ObjectiveVerdict(None, (), 0, 0, 0.0, objectives.max_failure_ratio, ("no request was sent",))
    return ObjectiveVerdict(
        met=not reasons,
        groups=tuple(groups),
        requests=figures.requests,
        failures=figures.failures,
        failure_ratio=figures.failure_ratio,
        max_failure_ratio=objectives.max_failure_ratio,
        reasons=tuple(reasons),
    )


@dataclass(frozen=True)
class LoadVerdict:
    """The load phase of one portal, as the assessment reads it (schema portalqa.load/1)."""

    portal_id: str
    portal_name: str
    status: str  # Allure outcome: passed (met), failed (missed), broken (could not assess)
    summary: str
    objectives: dict = field(default_factory=dict)
    run: dict = field(default_factory=dict)
    result: dict | None = None  # ObjectiveVerdict.to_dict(), when the run produced figures
    owner: str | None = None
    level: str | None = None
    allure_uuid: str | None = None
    allure_name: str | None = None
    history_id: str | None = None
    start: int | None = None
    stop: int | None = None

    def to_dict(self) -> dict:
        return {
            "schema": LOAD_SCHEMA,
            "portal": {
                "id": self.portal_id,
                "name": self.portal_name,
                "owner": self.owner,
                "level": self.level,
            },
            "status": self.status,
            "summary": self.summary,
            "objectives": self.objectives,
            "run": self.run,
            "result": self.result,
        }

    @classmethod
    def from_dict(cls, data: dict, result: dict | None = None) -> LoadVerdict:
        """From a verdict document and, when read from Allure, the result that carried it."""
        if not isinstance(data, dict) or data.get("schema") != LOAD_SCHEMA:
            raise ValueError(f"not a {LOAD_SCHEMA} document")
        portal = data.get("portal") or {}
        result = result or {}
        return cls(
            portal_id=str(portal["id"]),
            portal_name=str(portal.get("name") or portal["id"]),
            status=str(data.get("status") or "broken"),
            summary=str(data.get("summary") or ""),
            objectives=data.get("objectives") or {},
            run=data.get("run") or {},
            result=data.get("result"),
            owner=portal.get("owner"),
            level=portal.get("level"),
            allure_uuid=result.get("uuid"),
            allure_name=result.get("name"),
            history_id=result.get("historyId"),
            start=result.get("start"),
            stop=result.get("stop"),
        )


def read_load_verdicts(results_dir: str | Path) -> tuple[list[LoadVerdict], list[tuple[str, str]]]:
    """The latest load verdict per portal from an Allure results folder, plus (file, problem) pairs."""
    folder = Path(results_dir)
    latest: dict[str, LoadVerdict] = {}
    problems: list[tuple[str, str]] = []
    for result_file, raw in allure_reading.raw_results(folder, containing=LOAD_CRITERION):
        if not allure_reading.has_label(raw, allure_labels.CRITERION, LOAD_CRITERION):
            continue
        try:
            verdict = LoadVerdict.from_dict(
                allure_reading.attachment_json(folder, raw, VERDICT_ATTACHMENT_NAME), raw
            )
        except (OSError, ValueError, KeyError) as error:
            problems.append((result_file.name, f"load verdict not usable: {error}"))
            continue
        current = latest.get(verdict.portal_id)
        if current is None or (verdict.stop or 0) >= (current.stop or 0):
            latest[verdict.portal_id] = verdict
    return list(latest.values()), problems
