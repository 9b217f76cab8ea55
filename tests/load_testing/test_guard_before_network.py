"""The load guard decides before any network I/O: a refused target is never resolved nor contacted.

`run_portal_load` probes the portal before it starts Locust; that probe (and its DNS lookup) must come
after the guard, so a host the profile does not list costs no packet at all. Proved here by
intercepting every way this process could reach the network (name resolution, socket connect) and
by a loopback server that counts what reaches it.
"""

from __future__ import annotations

import socket
import subprocess

import pytest

from portalqa.load_testing.runner import LoadSettings, run_portal_load
from portalqa.profiles.profile import load_profile

SHORT = LoadSettings(users=2, spawn_rate=2, duration_s=3)


class NetworkTouched(RuntimeError):
    """Raised by the intercepted calls: not an OSError, so no caller can swallow it as "unreachable"."""


@pytest.fixture
def network_calls(monkeypatch):
    """Every resolution and connection this process attempts, as (call, target); each one is blocked,
    and no subprocess (Locust) may start either."""
    calls: list[tuple[str, object]] = []

    def blocked(name: str):
        def call(*args, **_kwargs):
            target = args[1] if name == "socket.connect" else args[0]
            calls.append((name, target))
            raise NetworkTouched(f"{name}({target!r}) called before the load guard refused")

        return call

    monkeypatch.setattr(socket, "getaddrinfo", blocked("getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", blocked("gethostbyname"))
    monkeypatch.setattr(socket, "create_connection", blocked("create_connection"))
    monkeypatch.setattr(socket.socket, "connect", blocked("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", blocked("socket.connect"))
    for name in ("run", "Popen"):
        monkeypatch.setattr(subprocess, name, blocked(f"subprocess.{name}"))
    return calls


@pytest.mark.parametrize(
    "base_url",
    ["https://portal.example.gov.vn", "http://10.0.0.8:8000", "http://localhost.example.com"],
    ids=["public-name", "private-address", "name-like-localhost"],
)
def test_a_host_the_profile_does_not_list_is_refused_without_any_network_io(
    tmp_path, reference_copy, network_calls, base_url
):
    path = reference_copy("elsewhere", base_url=base_url)  # load.allowed: true, load.hosts: []
    outcome = run_portal_load(load_profile(str(path)), tmp_path / "reports", SHORT)
    assert network_calls == []
    host = base_url.split("://", 1)[1].split(":", 1)[0]
    summary = outcome.verdict.summary
    assert outcome.status == "broken" and outcome.locust_exit_code is None
    assert summary.startswith("the load guard refused the run, no request sent: ")
    assert f"host {host!r} is neither loopback nor listed in load.hosts" in summary
    assert str(path) in summary
    # The refusal is recorded like any other outcome: the assessment shows "not assessable".
    assert outcome.allure_result.is_file() and (outcome.out_dir / "verdict.json").is_file()


@pytest.mark.parametrize(
    ("load", "settings", "key"),
    [
        ({"allowed": False}, SHORT, "load.allowed"),
        ({}, LoadSettings(users=50, spawn_rate=2, duration_s=3), "load.max_users"),
        ({}, LoadSettings(users=2, spawn_rate=2, duration_s=3600), "load.max_duration_s"),
    ],
    ids=["not-allowed", "too-many-users", "too-long"],
)
def test_a_refused_loopback_target_receives_nothing_not_even_the_probe(
    tmp_path, reference_copy, counting_server, load, settings, key
):
    path = reference_copy("guarded", base_url=counting_server.url, **load)
    outcome = run_portal_load(load_profile(str(path)), tmp_path / "reports", settings)
    assert outcome.status == "broken" and "load guard refused" in outcome.verdict.summary
    assert key in outcome.verdict.summary
    assert counting_server.requests == 0


def test_an_allowed_loopback_target_is_probed_and_loaded(tmp_path, reference_copy, counting_server):
    path = reference_copy("counted", base_url=counting_server.url)
    outcome = run_portal_load(load_profile(str(path)), tmp_path / "reports", SHORT)
    # Locust ran and measured: the counting server answers "ok" to everything, so the sign-on journeys
    # fail (no form) and the objectives are missed; what matters here is that load was sent.
    assert "refused" not in outcome.verdict.summary
    assert outcome.locust_exit_code in (0, 1), outcome.verdict.summary
    assert outcome.status in ("passed", "failed")
    assert counting_server.requests > 1
