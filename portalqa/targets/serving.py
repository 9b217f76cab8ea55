"""Serve the embedded reference portals for a person to look at (`portalqa serve`).

Each portal runs as in an assessment (portalqa.targets.embedded: its own process on loopback, its own
seeded data folder, the generated test account), and stays up until stopped. The test account's
personal id and password are handed back for the command to print: they are local test credentials
generated for this run (or the ones set in the environment), and a person needs them to sign in.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from portalqa import temp_dirs
from portalqa.paths import PROFILES_DIR
from portalqa.profiles.profile import Profile, load_profile
from portalqa.secrets_guard import env_value
from portalqa.targets.embedded import EmbeddedPortal, EmbeddedPortalError, port_is_free

POLL_S = 0.5


class ServeError(Exception):
    """The portals asked for cannot be served (not embedded, chosen twice, a port in use)."""


@dataclass(frozen=True)
class ServedPortal:
    profile: Profile
    url: str
    personal_id: str | None  # None when the portal needs no sign-on
    password: str | None
    log: Path


def embedded_profiles(names: Sequence[str] = ()) -> list[Profile]:
    """The profiles named (ids or paths), each of which must be embedded; by default every embedded
    profile in portals/."""
    if names:
        profiles = [load_profile(name) for name in names]
        remote = [profile.id for profile in profiles if profile.embedded is None]
        if remote:
            raise ServeError(
                f"not an embedded reference portal: {', '.join(remote)} (its profile has base_url, not "
                "embedded:); serve starts only the portals this project embeds"
            )
    else:
        profiles = [load_profile(str(path)) for path in sorted(PROFILES_DIR.glob("*.yaml"))]
        profiles = [profile for profile in profiles if profile.embedded is not None]
        if not profiles:
            raise ServeError(f"no profile in {PROFILES_DIR} says embedded:")
    ids = [profile.id for profile in profiles]
    twice = sorted({portal for portal in ids if ids.count(portal) > 1})
    if twice:
        raise ServeError(f"portal id(s) chosen twice: {', '.join(twice)}")
    return profiles


class PortalServer:
    """Starts the portals (on `base_port`, `base_port` + 1, ... or on free ports), waits, stops them."""

    def __init__(self, profiles: Sequence[Profile], base_port: int | None = None):
        self.profiles = list(profiles)
        self.base_port = base_port
        self.work_dir = temp_dirs.make("portalqa-serve-")
        self.portals: list[EmbeddedPortal] = []

    def start(self) -> list[ServedPortal]:
        ports = self._ports()
        served = []
        for profile, port in zip(self.profiles, ports, strict=True):
            portal = EmbeddedPortal(profile, work_dir=self.work_dir / profile.id, port=port)
            portal.work_dir.mkdir(parents=True, exist_ok=True)
            self.portals.append(portal)
            url = portal.start()
            served.append(
                ServedPortal(
                    profile=profile,
                    url=url + "/",
                    personal_id=_env(profile.sign_on.personal_id_env),
                    password=_env(profile.sign_on.password_env),
                    log=portal.log_path,
                )
            )
        return served

    def _ports(self) -> list[int | None]:
        if self.base_port is None:
            return [None] * len(self.profiles)
        ports = [self.base_port + offset for offset in range(len(self.profiles))]
        if ports[-1] > 65535:
            raise ServeError(f"ports {ports[0]}-{ports[-1]} do not exist; choose a lower --port")
        taken = [str(port) for port in ports if not port_is_free(port)]
        if taken:
            raise ServeError(f"port(s) {', '.join(taken)} on 127.0.0.1 are in use; choose another --port")
        return ports

    def wait(self) -> EmbeddedPortal:
        """Block while every portal runs; return the first one whose process ended."""
        while True:
            for portal in self.portals:
                if portal.process is not None and portal.process.poll() is not None:
                    return portal
            time.sleep(POLL_S)

    def stop(self) -> None:
        """Stop every portal started (each its own process, waited for) and remove their data."""
        try:
            for portal in self.portals:
                portal.stop()
        finally:
            temp_dirs.remove(self.work_dir)


def _env(name: str | None) -> str | None:
    return env_value(name) if name else None


__all__ = ["EmbeddedPortalError", "PortalServer", "ServeError", "ServedPortal", "embedded_profiles"]
