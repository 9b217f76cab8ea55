"""Progress lines for a long run: how many scenarios have finished, in all and per portal.

    portalqa: [37/292] reference 12/73 · reference-ministry 25/73

The pytest plugin feeds it (portalqa.pytest_plugin): the scenarios collected, then each one as it
finishes. Under pytest-xdist the controller does both, from the workers' collections and reports, so
one process counts every scenario. Pure bookkeeping: no pytest, no I/O; the caller prints the lines.

Rate: a line when a scenario finishes, but at most one every `min_interval_s` seconds (2 by
default), so a run whose scenarios end in quick succession (an unreachable portal) does not flood
the terminal; the line for the last scenario is always given.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence

MIN_INTERVAL_S = 2.0
PREFIX = "portalqa:"


def portal_of_node_id(node_id: str, portal_ids: Iterable[str]) -> str | None:
    """The portal a test id names in its parameters (`...[desktop-reference-ministry]`), or None.

    pytest joins parameter ids with "-", and portal ids may hold "-" themselves, so the longest portal
    id that fills whole "-"-separated parts of the parameters wins: `reference-ministry`, not
    `reference`. Used under xdist, where the controller sees test ids only, not the tests' parameters.
    """
    if not node_id.endswith("]") or "[" not in node_id:
        return None
    parts = node_id[node_id.rindex("[") + 1 : -1].split("-")
    found = None
    for portal in portal_ids:
        wanted = portal.split("-")
        width = len(wanted)
        if any(parts[i : i + width] == wanted for i in range(len(parts) - width + 1)) and (
            found is None or width > len(found.split("-"))
        ):
            found = portal
    return found


class Progress:
    """Counts finished scenarios against those collected; says when a progress line is due."""

    def __init__(
        self,
        portal_ids: Sequence[str],
        *,
        min_interval_s: float = MIN_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.portal_ids = list(portal_ids)
        self.min_interval_s = min_interval_s
        self._clock = clock
        self._portal_of: dict[str, str | None] = {}
        self._totals: Counter[str] = Counter()
        self._done: Counter[str] = Counter()
        self._finished: set[str] = set()
        self._last_line_at: float | None = None
        self.total = 0
        self.collected_once = False

    def collected(self, portal_of_test: Mapping[str, str | None]) -> None:
        """The run's scenarios (test id -> portal id, None when a test is on no portal); once per run."""
        if self.collected_once:
            return
        self.collected_once = True
        self._portal_of = dict(portal_of_test)
        self.total = len(self._portal_of)
        self._totals = Counter(portal for portal in self._portal_of.values() if portal is not None)

    def collected_ids(self, node_ids: Iterable[str]) -> None:
        """The same from test ids only (what xdist's controller gets from each worker)."""
        self.collected({node_id: portal_of_node_id(node_id, self.portal_ids) for node_id in node_ids})

    @property
    def done(self) -> int:
        return len(self._finished)

    def finished(self, node_id: str) -> str | None:
        """Count a finished scenario (once, however often it is reported); the line to print, if due."""
        if node_id in self._finished:
            return None
        self._finished.add(node_id)
        portal = self._portal_of.get(node_id)
        if portal is None and node_id not in self._portal_of:
            portal = portal_of_node_id(node_id, self.portal_ids)
        if portal is not None:
            self._done[portal] += 1
        now = self._clock()
        last = self.done >= self.total
        if not last and self._last_line_at is not None and now - self._last_line_at < self.min_interval_s:
            return None
        self._last_line_at = now
        return self.line()

    def line(self) -> str:
        total = max(self.total, self.done)
        portals = [
            f"{portal} {self._done[portal]}/{self._totals[portal]}"
            for portal in self._ordered_portals()
            if self._totals[portal] or self._done[portal]
        ]
        return " ".join([PREFIX, f"[{self.done}/{total}]", " · ".join(portals)]).rstrip()

    def _ordered_portals(self) -> list[str]:
        return self.portal_ids + sorted((set(self._totals) | set(self._done)) - set(self.portal_ids))
