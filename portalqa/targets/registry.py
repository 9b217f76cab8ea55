"""The portals selected for a run, and where each one answers.

Embedded portals are started lazily, the first time a scenario needs them, and stopped at the end
of the run. A portal that cannot be started is remembered as unavailable (its scenarios become
"not assessable") instead of stopping the whole run.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from portalqa.profiles.profile import Profile
from portalqa.targets.embedded import EmbeddedPortal, EmbeddedPortalError


@dataclass(frozen=True)
class PortalUnderTest:
    profile: Profile
    base_url: str | None
    unavailable: str | None = None  # why the portal cannot be reached, if it cannot


class PortalRegistry:
    def __init__(self, profiles: list[Profile], work_dir: Path | None = None):
        self.profiles = {profile.id: profile for profile in profiles}
        self.work_dir = Path(work_dir or tempfile.mkdtemp(prefix="portalqa-portals-"))
        self._running: dict[str, PortalUnderTest] = {}
        self._embedded: list[EmbeddedPortal] = []

    def get(self, portal_id: str) -> PortalUnderTest:
        if portal_id not in self._running:
            self._running[portal_id] = self._start(self.profiles[portal_id])
        return self._running[portal_id]

    def _start(self, profile: Profile) -> PortalUnderTest:
        if profile.embedded is None:
            return PortalUnderTest(profile, profile.base_url)
        portal = EmbeddedPortal(profile, work_dir=self.work_dir / profile.id)
        portal.work_dir.mkdir(parents=True, exist_ok=True)
        self._embedded.append(portal)
        try:
            return PortalUnderTest(profile, portal.start())
        except EmbeddedPortalError as err:
            return PortalUnderTest(profile, None, unavailable=str(err))

    def browser_hosts(self) -> tuple[str, ...]:
        """Hosts the browser may resolve: loopback plus every remote portal's own host."""
        hosts = {"127.0.0.1", "localhost"}
        for profile in self.profiles.values():
            if profile.base_url:
                hosts.add(urlsplit(profile.base_url).hostname or "")
        return tuple(sorted(h for h in hosts if h))

    def stop_all(self) -> None:
        for portal in self._embedded:
            portal.stop()
