"""Which evidence counts: the latest observation per portal, procedure, scenario kind and viewport.

Reruns replace earlier runs, so an assessor can rerun one flaky scenario into the same results folder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from portalqa.evidence.allure_reading import JOURNEY, ReadingProblem, ScenarioResult
from portalqa.evidence.measurement_reading import AttachedMeasurements
from portalqa.evidence.measurements import Measurements
from portalqa.model.findings import Reason
from portalqa.scoring.terms import MATRIX_VIEWPORT


@dataclass(frozen=True)
class Observation:
    """What one scenario result says about one procedure on one portal in one viewport."""

    result: ScenarioResult
    viewport: str
    attached: AttachedMeasurements | None
    kind: str = JOURNEY  # journey or assistant

    @property
    def measurements(self) -> Measurements | None:
        return self.attached.measurements if self.attached else None

    def full_online(self) -> tuple[str | None, tuple[Reason, ...]]:
        """The journey's own full-online verdict and reasons; (None, ()) without one (e.g. an assistant)."""
        full_online = self.measurements.full_online if self.measurements else None
        if full_online is None:
            return None, ()
        # Only the reason's own fields: a newer harness may add some, which the assessment does not publish.
        return full_online.verdict, tuple(
            Reason(step=reason.step, kind=reason.kind, detail=reason.detail) for reason in full_online.reasons
        )


def latest_observations(
    scenarios: Sequence[ScenarioResult], problems: list[ReadingProblem]
) -> tuple[list[Observation], int]:
    """The most recent observation per (portal, procedure, kind, viewport), and how many were replaced.

    The kind is part of the key: the assistant scenario about a procedure carries the same portal and
    procedure labels as the journey, and must not replace it.
    """
    latest: dict[tuple[str, str, str, str], Observation] = {}
    superseded = 0
    for scenario in scenarios:
        for observation in _observations_of(scenario, problems):
            key = (
                scenario.portal_id or "",
                scenario.procedure_id or "",
                observation.kind,
                observation.viewport,
            )
            current = latest.get(key)
            if current is None:
                latest[key] = observation
                continue
            superseded += 1
            if recency(observation.result) > recency(current.result):
                latest[key] = observation
    return list(latest.values()), superseded


def _observations_of(scenario: ScenarioResult, problems: list[ReadingProblem]) -> list[Observation]:
    for attached in scenario.measurements:
        measured = attached.measurements
        if (measured.portal.id, measured.procedure.id) != (scenario.portal_id, scenario.procedure_id):
            # The labels decide where the result is filed; a mismatch means a harness bug worth seeing.
            problems.append(
                ReadingProblem(
                    file=attached.file,
                    message=f"measurements are for {measured.portal.id}/{measured.procedure.id} but the "
                    f"result is labelled {scenario.portal_id}/{scenario.procedure_id}",
                )
            )
    if not scenario.measurements:
        return [Observation(scenario, scenario.viewport or MATRIX_VIEWPORT, None, scenario.kind)]
    # One result may hold measurements for several viewports; within a viewport the last one counts.
    per_viewport = {(a.measurements.kind, a.measurements.viewport): a for a in scenario.measurements}
    return [Observation(scenario, viewport, a, kind) for (kind, viewport), a in per_viewport.items()]


def recency(result: ScenarioResult) -> tuple[int, int, str]:
    return (result.stop or result.start or 0, result.start or 0, result.uuid)


def procedure_names(observations: Sequence[Observation]) -> dict[str, str]:
    """Procedure names as the measurements give them; a result without measurements borrows one."""
    names: dict[str, str] = {}
    for observation in observations:
        if observation.measurements is not None:
            names.setdefault(observation.measurements.procedure.id, observation.measurements.procedure.name)
    return names
