"""The portals selected for a run, and where each one answers.

Embedded portals are started lazily, the first time a scenario needs them, and stopped at the end
of the run. A portal that cannot be started is remembered as unavailable (its scenarios become
"not assessable") instead of stopping the whole run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from portalqa import temp_dirs
from portalqa.profiles.profile import Profile, ProfileError, load_profile
from portalqa.secrets_guard import missing_credentials
from portalqa.targets.embedded import EmbeddedPortal, EmbeddedPortalError


class PortalSelectionError(Exception):
    """The portals asked for cannot be assessed as asked (bad profile, chosen twice, no credentials)."""


def select_portals(names: list[str]) -> PortalRegistry:
    """The registry for a run's --portal names (ids from portals/ or paths to profiles)."""
    try:
        profiles = [load_profile(name) for name in names]
    except ProfileError as err:
        raise PortalSelectionError(f"invalid portal profile:\n{err}") from None
    duplicates = {p.id for p in profiles if [q.id for q in profiles].count(p.id) > 1}
    if duplicates:
        raise PortalSelectionError(f"portal id(s) selected twice: {', '.join(sorted(duplicates))}")
    for profile in profiles:
        # Embedded portals get generated credentials; a real portal's must be set before a browser starts.
        if profile.embedded is None:
            unset = missing_credentials(profile.sign_on.credential_envs)
            if unset:
                raise PortalSelectionError(
                    f"{profile.source}: set the test account's environment variable(s) {', '.join(unset)} "
                    "(named under sign_on) before running"
                )
    return PortalRegistry(profiles)


@dataclass(frozen=True)
class PortalUnderTest:
    profile: Profile
    base_url: str | None
    unavailable: str | None = None  # why the portal cannot be reached, if it cannot


class PortalRegistry:
    def __init__(self, profiles: list[Profile], work_dir: Path | None = None):
        self.profiles = {profile.id: profile for profile in profiles}
        # The embedded portals' data, uploads and logs; removed by stop_all() if the folder is its own.
        self._own_dir = work_dir is None
        self.work_dir = Path(work_dir) if work_dir else temp_dirs.make("portalqa-portals-")
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
            # Public pages a profile lists at other addresses (its portal-wide checks open them).
            hosts.update(urlsplit(f"//{host}").hostname or "" for host in profile.listed_hosts())
        return tuple(sorted(h for h in hosts if h))

    def stop_all(self) -> None:
        try:
            for portal in self._embedded:
                portal.stop()
        finally:
            if self._own_dir:
                temp_dirs.remove(self.work_dir)
