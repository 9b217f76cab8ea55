"""A portal's load policy: whether portalqa may send it load, within which caps, against which objectives.

Part of the portal profile (the `load:` section). Anything a policy does not allow is refused
before the first request (see `portalqa.load_testing.guard`). It also holds the few HTTP details of the
citizen journeys that differ between portals (sign-on form, field names, search parameter), so that
adapting the load journeys to a new portal is writing YAML, not Python.

This module must not import Locust: the profile loader runs inside pytest, next to Selenium.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# The request groups the citizen journeys report (Locust `name=`). Objectives are set per group;
# the names are part of the profile language, so they live here rather than in the locustfile.
REQUEST_GROUPS: dict[str, str] = {
    "home": "the home page",
    "catalogue": "the procedure catalogue",
    "search": "a catalogue search",
    "procedure info": "a procedure's information page",
    "sign-on form": "the sign-on page (national eID)",
    "sign-on": "submitting the sign-on form",
    "e-form open": "opening an online application (first e-form step)",
    "e-form submit": "submitting an e-form step",
    "track": "tracking a dossier by its code",
}
DEFAULT_OBJECTIVE = "default"


class _Strict(BaseModel):
    # Unknown keys are almost always typos; rejecting them gives the author a line to fix.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Objectives(_Strict):
    """Service-level objectives the portal must meet under the load portalqa sends."""

    p95_ms: dict[str, float] = Field(
        default_factory=lambda: {DEFAULT_OBJECTIVE: 1000.0},
        description="95th-percentile response time in ms, per request group; 'default' covers the rest.",
    )
    max_failure_ratio: float = Field(
        0.01, ge=0, le=1, description="Largest share of failed requests, over all groups (0.01 = 1 %)."
    )

    @field_validator("p95_ms")
    @classmethod
    def _known_groups(cls, value: dict[str, float]) -> dict[str, float]:
        known = [DEFAULT_OBJECTIVE, *REQUEST_GROUPS]
        for group, limit in value.items():
            if group not in known:
                raise ValueError(f"unknown request group {group!r}; known groups: {', '.join(known)}")
            if limit <= 0:
                raise ValueError(f"{group}: the 95th percentile must be a positive number of milliseconds")
        if DEFAULT_OBJECTIVE not in value:
            raise ValueError("give a 'default' 95th percentile (ms) for the groups not listed")
        return value

    def p95_limit(self, group: str) -> float:
        return self.p95_ms.get(group, self.p95_ms[DEFAULT_OBJECTIVE])


class SignOnForm(_Strict):
    """The portal's sign-on form as it travels over HTTP (the browser journeys use labels instead)."""

    path: str = Field("/eid/login", description="Path of the sign-on page (GET) and form (POST).")
    next_param: str | None = Field("next", description="Query parameter naming the page to return to.")
    personal_id_field: str = "personal_id"
    password_field: str = "password"


class JourneyHttp(_Strict):
    """HTTP details of the citizen journeys that differ between portals."""

    catalogue_path: str = "/procedures"
    search_param: str = "q"
    search_terms: list[str] = Field(
        default_factory=lambda: ["birth", "residence", "certificate", "passport", "marriage"],
        min_length=1,
    )
    sign_on: SignOnForm = Field(default_factory=SignOnForm)
    csrf_field: str | None = Field("csrf_token", description="Hidden field carrying the CSRF token, if any.")
    e_form_path: str = Field("/apply/{code}", description="Where the online application of {code} starts.")
    e_form_codes: list[str] = Field(
        default_factory=list,
        description="Procedure codes whose e-form citizens open; default: every code offered online in "
        "`procedures`.",
    )
    e_form_values: dict[str, str] = Field(
        default_factory=dict,
        description="Values typed into empty e-form fields (field name -> value); prefilled ones are kept.",
    )
    tracking_param: str = "code"
    tracking_codes: list[str] = Field(
        default_factory=lambda: ["HS2026-0000000001"],
        min_length=1,
        description="Codes citizens look up (a code of the citizen's own submission is used when known).",
    )

    @field_validator("catalogue_path", "e_form_path")
    @classmethod
    def _path(cls, value: str) -> str:
        if not value.startswith("/"):
            raise ValueError("must be a path on the portal, starting with /")
        return value


class RunSettings(_Strict):
    """What `portalqa assess` sends by default (each within the caps)."""

    users: int = Field(5, ge=1)
    spawn_rate: float = Field(5.0, gt=0)
    duration_s: int = Field(10, ge=1)


class LoadPolicy(_Strict):
    allowed: bool = Field(False, description="May portalqa send load to this portal at all? Staging only.")
    hosts: list[str] = Field(
        default_factory=list,
        description="Host names load may go to besides loopback (127.0.0.0/8, ::1, localhost).",
    )
    max_users: int = Field(20, ge=1, le=10_000)
    max_spawn_rate: float = Field(10.0, gt=0)
    max_duration_s: int = Field(60, ge=1)
    run: RunSettings = Field(default_factory=RunSettings)
    think_time_s: tuple[float, float] = Field(
        (1.0, 5.0), description="[min, max] seconds a citizen pauses between actions."
    )
    objectives: Objectives = Field(default_factory=Objectives)
    http: JourneyHttp = Field(default_factory=JourneyHttp)

    @field_validator("hosts")
    @classmethod
    def _host_names(cls, value: list[str]) -> list[str]:
        for host in value:
            if not re.fullmatch(r"[A-Za-z0-9.:\-\[\]]+", host):
                raise ValueError(
                    f"{host!r}: give a bare host name such as staging.example.gov.vn (no scheme)"
                )
        return [host.lower().strip("[]") for host in value]

    @field_validator("think_time_s")
    @classmethod
    def _think_time(cls, value: tuple[float, float]) -> tuple[float, float]:
        low, high = value
        if low < 0 or high < low:
            raise ValueError("give [min, max] seconds with 0 <= min <= max")
        return value

    @model_validator(mode="after")
    def _run_within_caps(self) -> LoadPolicy:
        # The defaults the main command sends must themselves pass the guard.
        if self.run.users > self.max_users:
            raise ValueError(f"run.users ({self.run.users}) is above max_users ({self.max_users})")
        if self.run.spawn_rate > self.max_spawn_rate:
            raise ValueError(
                f"run.spawn_rate ({self.run.spawn_rate}) is above max_spawn_rate ({self.max_spawn_rate})"
            )
        if self.run.duration_s > self.max_duration_s:
            raise ValueError(
                f"run.duration_s ({self.run.duration_s}) is above max_duration_s ({self.max_duration_s})"
            )
        return self
