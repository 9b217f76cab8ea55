"""The citizen journeys of load/citizen_journeys.py against a portal whose sign-on is a redirect chain.

Locust runs as a subprocess (never imported here: gevent would patch pytest), a few seconds, two users,
against loopback servers only (eid_portal.py: a portal on 127.0.0.1, its identity provider on 127.0.0.2).
The profile is a copy of the reference one with procedures `not offered` and one not offered online.
"""

from __future__ import annotations

import csv
import json
import os
import secrets
import subprocess
from pathlib import Path

import pytest
import yaml
from eid_portal import REFUSED_PROVIDER, EidPortal
from load_helpers import write_reference_copy

from portalqa.load_testing.guard import EXIT_REFUSED, MAX_REDIRECTS
from portalqa.load_testing.runner import LOCUSTFILE, locust_executable
from portalqa.paths import PROJECT_ROOT

PASSWORD = "pq-journeys-" + secrets.token_urlsafe(12)
PERSONAL_ID = "001088012345"
USERS = 2
# Codes of the reference profile: birth_registration stays online, death_registration is listed but
# not offered online, and every other procedure becomes `not offered` (no code at all).
ONLINE, NOT_ONLINE = "1.001193", "1.000656"


@pytest.fixture
def eid_portal(request):
    portal = EidPortal(PERSONAL_ID, PASSWORD, mode=getattr(request, "param", "ok"), not_online=(NOT_ONLINE,))
    yield portal
    portal.close()


def profile_for(folder: Path, portal: EidPortal, **http) -> Path:
    path = write_reference_copy(
        folder,
        "eid-chain",
        base_url=portal.url,
        think_time_s=[0.05, 0.2],
        # Loopback answers in milliseconds; the limit is generous so only failures can miss it.
        objectives={"p95_ms": {"default": 5000}, "max_failure_ratio": 0},
    )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # One procedure online, one with a code but not online, every other one `not offered`: a citizen
    # who picked a procedure not offered online would do so every other time.
    for procedure_id, entry in data["procedures"].items():
        if entry["code"] == NOT_ONLINE:
            data["procedures"][procedure_id] = {"code": NOT_ONLINE, "offered_online": False}
        elif entry["code"] != ONLINE:
            data["procedures"][procedure_id] = "not offered"
    data["load"]["http"].update(http)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run_applying_citizens(
    profile: Path, host: str, out: Path, seconds: int
) -> tuple[subprocess.CompletedProcess, Path]:
    prefix = out / "locust"
    env = {
        **os.environ,
        "PORTALQA_REFERENCE_PASSWORD": PASSWORD,
        "PORTALQA_REFERENCE_PERSONAL_ID": PERSONAL_ID,
    }
    command = [
        locust_executable(), "-f", str(LOCUSTFILE), "ApplyingCitizen",
        "--portal", str(profile), "--headless", "-u", str(USERS), "-r", str(USERS), "-t", f"{seconds}s",
        "-H", host, "--json-file", str(prefix), "--csv", str(prefix), "--only-summary", "--stop-timeout", "1",
    ]  # fmt: skip
    result = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=60)
    return result, prefix


def requests_by_group(prefix: Path) -> dict[str, tuple[int, int]]:
    """Locust's JSON: group -> (requests, failures), all methods together."""
    groups: dict[str, tuple[int, int]] = {}
    for entry in json.loads(prefix.with_suffix(".json").read_text(encoding="utf-8")):
        requests, failures = groups.get(entry["name"], (0, 0))
        groups[entry["name"]] = (requests + entry["num_requests"], failures + entry["num_failures"])
    return groups


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def assert_no_crash_and_no_secret(result: subprocess.CompletedProcess, prefix: Path) -> None:
    output = result.stdout + result.stderr
    assert result.returncode != EXIT_REFUSED, output[-3000:]
    assert "Traceback" not in output, output[-3000:]
    assert rows(Path(f"{prefix}_exceptions.csv")) == [], "a Locust user crashed"
    assert PASSWORD not in output
    for path in prefix.parent.iterdir():
        assert PASSWORD.encode() not in path.read_bytes(), f"the test password leaked into {path.name}"


@pytest.mark.parametrize(
    "e_form_codes",
    [[], [NOT_ONLINE, ONLINE]],
    ids=["e-form-codes-by-default", "e-form-codes-listed"],
)
def test_a_redirecting_sign_on_is_followed_and_e_forms_open_signed_on(tmp_path, eid_portal, e_form_codes):
    profile = profile_for(tmp_path, eid_portal, e_form_codes=e_form_codes)
    result, prefix = run_applying_citizens(profile, eid_portal.url, tmp_path, seconds=4)

    assert_no_crash_and_no_secret(result, prefix)
    groups = requests_by_group(prefix)
    failures = rows(Path(f"{prefix}_failures.csv"))
    assert failures == [] and all(failed == 0 for _, failed in groups.values()), failures
    assert result.returncode == 0, result.stderr[-3000:]
    # The whole chain was walked: the provider's form, its two steps, the portal's callback.
    assert eid_portal.of("provider", "GET", "/idp/authorize") and eid_portal.of(
        "provider", "POST", "/idp/login"
    )
    assert eid_portal.of("provider", "GET", "/idp/consent") and eid_portal.of(
        "portal", "GET", "/eid/callback"
    )
    # The password went to the identity provider's form only, in the body, never in an address.
    for hit in eid_portal.of("portal") + eid_portal.of("provider"):
        assert PASSWORD not in hit.path
        assert PASSWORD not in hit.body or (hit.server, hit.path) == ("provider", "/idp/login")
    # E-forms were opened and submitted, each time with the session the sign-on had set up.
    assert groups.get("e-form open", (0, 0))[0] >= 1 and groups.get("e-form submit", (0, 0))[0] >= 1
    applications = eid_portal.of("portal", prefix="/apply/")
    first_callback = min(hit.at for hit in eid_portal.of("portal", "GET", "/eid/callback"))
    assert applications and all(hit.signed_on and hit.at > first_callback for hit in applications)
    # Only procedures offered online: never the one the profile says is not online.
    opened = {hit.path.split("/")[2] for hit in applications}
    assert NOT_ONLINE not in opened
    if e_form_codes:
        assert opened == {ONLINE}
    assert not eid_portal.of("portal", prefix=f"/procedures/{NOT_ONLINE}")


@pytest.mark.parametrize(
    ("eid_portal", "expected"),
    [
        ("one-time-code", ["one-time code", "sign_on", "eid-chain.yaml"]),
        ("elsewhere", ["idp.example.invalid", "load.hosts", "eid-chain.yaml", "not followed"]),
        ("loop", [f"more than {MAX_REDIRECTS} redirects"]),
    ],
    ids=["one-time-code", "host-the-guard-refuses", "redirect-loop"],
    indirect=["eid_portal"],
)
def test_a_sign_on_that_cannot_be_completed_fails_clearly_once(tmp_path, eid_portal, expected):
    profile = profile_for(tmp_path, eid_portal)
    result, prefix = run_applying_citizens(profile, eid_portal.url, tmp_path, seconds=3)

    assert_no_crash_and_no_secret(result, prefix)
    failures = rows(Path(f"{prefix}_failures.csv"))
    sign_on_failures = [row for row in failures if row["Name"] in ("sign-on form", "sign-on")]
    assert sign_on_failures, failures
    message = sign_on_failures[0]["Error"]
    assert all(part in message for part in expected), message
    # Each citizen tried once: signing on again cannot help, so it is not retried on every task.
    assert sum(int(row["Occurrences"]) for row in sign_on_failures) <= USERS
    assert not eid_portal.of("portal", prefix="/apply/")
    if eid_portal.mode == "one-time-code":
        assert 1 <= len(eid_portal.of("provider", "POST", "/idp/login")) <= USERS
    elif eid_portal.mode == "elsewhere":
        assert REFUSED_PROVIDER.split("/")[2] in message and not eid_portal.of("provider")
    else:
        assert len(eid_portal.of("portal", "GET", "/eid/login")) <= USERS * (MAX_REDIRECTS + 1)


@pytest.mark.parametrize("eid_portal", ["pages-elsewhere"], indirect=True)
def test_a_page_redirecting_to_a_host_the_guard_refuses_is_not_followed(tmp_path, eid_portal):
    # Every GET follows redirects through the guard, not only the sign-on: load never leaves the hosts
    # the profile allows, whatever the portal answers.
    profile = profile_for(tmp_path, eid_portal)
    result, prefix = run_applying_citizens(profile, eid_portal.url, tmp_path, seconds=4)

    assert_no_crash_and_no_secret(result, prefix)
    failures = rows(Path(f"{prefix}_failures.csv"))
    refused = [row for row in failures if row["Name"] in ("procedure info", "track")]
    assert refused, failures
    assert all("not followed" in row["Error"] and "idp.example.invalid" in row["Error"] for row in refused)
