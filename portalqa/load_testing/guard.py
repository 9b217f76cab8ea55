"""The load guard: refuse a load run the portal's profile does not allow, before the first request.

The harness must never be what takes a portal down. Every check here runs before Locust spawns a
single user: the profile must say `load.allowed: true`, the target must be loopback or a host the
profile lists, and users, spawn rate and duration must stay within the profile's caps. A refusal
names the profile file, the line and the key to look at, because whoever reads it writes YAML.

No Locust import here: the guard is plain Python, used by the locustfile and tested on its own.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

from portalqa import yaml_input
from portalqa.profiles.profile import Profile

# Exit code of a Locust process that the guard stopped (Locust itself uses 0, 1 and 2).
EXIT_REFUSED = 3
# Redirects a load journey follows in a row (a national-eID sign-on takes three or four; browsers stop
# at about twenty): a portal that redirects in circles gets a failure, not a request storm.
MAX_REDIRECTS = 10


class LoadRefused(Exception):
    """Load was refused; the message says why and where to change it."""


@dataclass(frozen=True)
class LoadRequest:
    """What a load run is about to send. None means "not given" (e.g. no -t: run forever)."""

    host: str | None
    users: int | None
    spawn_rate: float | None
    duration_s: float | None


def check_allowed(profile: Profile) -> None:
    if not profile.load.allowed:
        raise LoadRefused(
            f"{where(profile, 'load', 'allowed')}: load.allowed is not true, so portalqa sends no load to "
            f"{profile.name!r} (profile {profile.id!r}). Allow it only for a staging portal whose owner "
            "agreed: set `load: {allowed: true, ...}` with caps."
        )


def check_host(profile: Profile, host: str | None) -> None:
    if not host:
        raise LoadRefused(f"{profile.source}: no target host; give -H/--host or base_url in the profile")
    parts = urlsplit(host if "://" in host else f"http://{host}")
    name = (parts.hostname or "").lower()
    if is_loopback(name) or name in profile.load.hosts:
        return
    listed = ", ".join(profile.load.hosts) or "none"
    raise LoadRefused(
        f"{where(profile, 'load', 'hosts')}: host {name!r} is neither loopback nor listed in load.hosts "
        f"(listed: {listed}); portalqa sends load only to hosts the profile names"
    )


def check_next_url(profile: Profile, from_url: str, target: str) -> str:
    """The absolute URL a redirect's Location or a form's action leads to from `from_url`, as a browser
    resolves it; LoadRefused when it leaves http(s) or goes to a host `check_host` refuses. Like the
    host check, judged by the name only: a refused host is never resolved or contacted."""
    url = urldefrag(urljoin(from_url, target)).url
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise LoadRefused(f"{scheme or 'no'} scheme: portalqa's load journeys follow http(s) addresses only")
    check_host(profile, url)
    return url


def check_caps(profile: Profile, request: LoadRequest, *, duration_required: bool = True) -> None:
    policy = profile.load
    users = request.users if request.users is not None else 1  # Locust's own default
    if users > policy.max_users:
        raise LoadRefused(
            f"{where(profile, 'load', 'max_users')}: {users} users requested, but load.max_users is "
            f"{policy.max_users}; lower -u/--users"
        )
    if request.spawn_rate is not None and request.spawn_rate > policy.max_spawn_rate:
        raise LoadRefused(
            f"{where(profile, 'load', 'max_spawn_rate')}: spawn rate {request.spawn_rate:g}/s requested, "
            f"but load.max_spawn_rate is {policy.max_spawn_rate:g}; lower -r/--spawn-rate"
        )
    if request.duration_s is None:
        if duration_required:
            raise LoadRefused(
                f"{where(profile, 'load', 'max_duration_s')}: no run time given; give -t/--run-time of at "
                f"most load.max_duration_s = {policy.max_duration_s} s"
            )
    elif request.duration_s > policy.max_duration_s:
        raise LoadRefused(
            f"{where(profile, 'load', 'max_duration_s')}: run time {request.duration_s:g} s requested, but "
            f"load.max_duration_s is {policy.max_duration_s}; lower -t/--run-time"
        )


def check_load(profile: Profile, request: LoadRequest, *, duration_required: bool = True) -> None:
    """Every check, in the order a reader would fix them."""
    check_allowed(profile)
    check_host(profile, request.host)
    check_caps(profile, request, duration_required=duration_required)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a name other than localhost: never resolved here, so never assumed local


def where(profile: Profile, *key: str) -> str:
    """`file:line` of the key (or of its nearest parent) in the profile, for the message."""
    if not profile.source:
        return f"profile {profile.id!r}"
    try:
        root = yaml_input.compose(Path(profile.source).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return profile.source
    line = yaml_input.line_of(root, list(key))
    return f"{profile.source}:{line}" if line else profile.source
