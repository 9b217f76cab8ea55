"""The circuit breaker: a portal whose scenarios keep meeting faults is given up, not waited for.

A portal that is down, or answers 500 everywhere, or hangs, would otherwise cost each of its
scenarios the full page-load timeout (a national run of dead portals: hours). After `threshold`
scenarios in a row of one portal ended with a fault of the network or the server (reason kinds
portalqa.model.full_online.FAULT_KINDS), the portal is given up for the rest of the run: its
remaining scenarios raise PortalGivenUp at their first page, at once, and are broken / not
assessable with a message naming the streak and the last fault. `threshold` 0 turns the breaker off.

What counts: a scenario with a fault adds one to the streak; a scenario in which the portal answered
(passed, or failed on a finding) ends it; a scenario portalqa itself could not play (a harness
error) or that was skipped neither adds nor ends, since it says nothing about the portal.

Under pytest-xdist, each worker counts the streak of its own scenarios (the order in which workers
finish scenarios is not an order of the portal's answers), and a portal given up by one worker is
given up by all: the worker writes a file in the run's breaker folder (`shared_dir`, made by the
controller and removed at its end), which every worker reads before each scenario.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from portalqa.citizen.faults import PortalGivenUp
from portalqa.model.findings import Reason
from portalqa.model.full_online import FAULT_KINDS, ReasonKind

DEFAULT_THRESHOLD = 3


@dataclass
class _Streak:
    faults: int = 0
    last: Reason | None = None


class CircuitBreaker:
    def __init__(self, threshold: int = DEFAULT_THRESHOLD, shared_dir: Path | None = None):
        self.threshold = threshold
        self.shared_dir = shared_dir
        self._streaks: dict[str, _Streak] = {}
        self._given_up: dict[str, PortalGivenUp] = {}

    def given_up(self, portal_id: str) -> PortalGivenUp | None:
        """The fault a scenario of this portal ends with at once, or None when it is to be played."""
        if self.threshold <= 0:
            return None
        if portal_id not in self._given_up and self.shared_dir is not None:
            shared = _read(self._file(portal_id))
            if shared is not None:
                self._given_up[portal_id] = shared
        return self._given_up.get(portal_id)

    def scenario_ended(
        self, portal_id: str, portal_name: str, reasons: Iterable[Reason], *, skipped: bool = False
    ) -> PortalGivenUp | None:
        """Count one finished scenario of the portal; the PortalGivenUp when this one tripped the breaker."""
        if self.threshold <= 0 or skipped or self.given_up(portal_id) is not None:
            return None
        reasons = list(reasons)
        faults = [reason for reason in reasons if reason.kind in FAULT_KINDS]
        streak = self._streaks.setdefault(portal_id, _Streak())
        if not faults:
            if not any(reason.kind == ReasonKind.HARNESS_ERROR for reason in reasons):
                self._streaks[portal_id] = _Streak()  # the portal answered
            return None
        streak.faults += 1
        streak.last = faults[0]
        if streak.faults < self.threshold:
            return None
        given_up = PortalGivenUp(
            f"{portal_name} was given up after {streak.faults} consecutive scenarios with a fault of the "
            f"network or its server (last: {streak.last.detail}); this scenario was not played "
            "(--portalqa-breaker sets how many, 0 turns it off)",
            kind=ReasonKind(streak.last.kind),
        )
        self._given_up[portal_id] = given_up
        if self.shared_dir is not None:
            _write(self._file(portal_id), given_up)
        return given_up

    def _file(self, portal_id: str) -> Path:
        assert self.shared_dir is not None
        return self.shared_dir / (re.sub(r"[^A-Za-z0-9_.-]+", "_", portal_id) + ".given-up.json")


def _write(path: Path, given_up: PortalGivenUp) -> None:
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(OSError):  # a breaker that cannot share still works for this worker
        partial.write_text(json.dumps({"kind": given_up.kind.value, "message": str(given_up)}), "utf-8")
        partial.replace(path)  # atomic: a reader sees the whole file or none


def _read(path: Path) -> PortalGivenUp | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return PortalGivenUp(str(data["message"]), kind=ReasonKind(data["kind"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
