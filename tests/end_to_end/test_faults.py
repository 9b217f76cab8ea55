"""Faults of the network or the server, through a whole `portalqa assess`: never the portal's defect.

The reference portal runs embedded in this test, and the assessment reaches it through the fault
proxy (loopback only) as a portal at an address: each fault must end every cell it touches *not
assessable* with its kind and the error quoted, and leave the portal's score unscored (None), never
0 or a low grade. A portal dead from the first request, or one that never answers, is given up by the
circuit breaker after two faulty scenarios: the rest end without a request. Each outcome is a row of
the detection matrix.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from assessment_runs import read_assessment, run_assessment

from portalqa.paths import PROFILES_DIR
from portalqa.profiles.profile import load_profile
from portalqa.targets.embedded import EmbeddedPortal
from portalqa.targets.fault_proxy import FaultProxy

pytestmark = pytest.mark.browser

# Two procedures on the desktop, so that the breaker has scenarios left to give up after two faults.
SELECTION = "not virtual_assistant and not portal_pages and (birth_registration or death_registration "
SELECTION += "or marriage_registration or exam_registration)"
BREAKER = ("--breaker", "2", "--page-timeout", "4")
FAULTS = {
    # fault proxy mode -> the reason kind every journey must end with
    "error_500": "server_error",
    "die": "portal_unreachable",
    "reset_post": "portal_unreachable",
    # Requests read and never answered: each costs the page timeout until the breaker gives up.
    "hang": "timeout",
}
QUOTED = {"error_500": "HTTP 500", "die": "net::ERR_", "reset_post": "net::ERR_", "hang": "within 4 s"}


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    folder = tmp_path_factory.mktemp("faulty")
    (folder / "portal").mkdir()
    embedded = EmbeddedPortal(load_profile("reference"), work_dir=folder / "portal")
    base_url = embedded.start()
    yield base_url
    embedded.stop()


def assess_through(proxy: FaultProxy, folder: Path):
    data = yaml.safe_load((PROFILES_DIR / "reference.yaml").read_text(encoding="utf-8"))
    data.pop("embedded")
    data["id"], data["base_url"] = "faulty", proxy.url
    profile = folder / "faulty.yaml"
    profile.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    reports = folder / "reports"
    result = run_assessment(
        reports, "--portal", str(profile), "--viewport", "desktop", "--no-load", "--no-axe", "-m", SELECTION,
        *BREAKER,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    (assessed,) = read_assessment(reports)["portals"]
    return assessed


@pytest.mark.parametrize("mode", sorted(FAULTS))
def test_a_fault_is_not_assessable_and_costs_the_portal_nothing(tmp_path, portal, mode, record_detection):
    with FaultProxy(portal, mode=mode, die_after=0) as proxy:
        assessed = assess_through(proxy, tmp_path)
        requests_seen = proxy.counts["requests"]
    procedures = [p for p in assessed["procedures"] if p["id"] != "custom"]
    verdicts = sorted({p["verdict"] for p in procedures})
    kinds = sorted({r["kind"] for p in procedures for r in p["reasons"]})
    record_detection(kind="fault", name=mode, expected="not_assessable", observed=",".join(verdicts),
                     detail=",".join(kinds))  # fmt: skip
    assert procedures and verdicts == ["not_assessable"], [(p["id"], p["reasons"]) for p in procedures]
    assert FAULTS[mode] in kinds, kinds
    details = " ".join(r["detail"] for p in procedures for r in p["reasons"])
    assert QUOTED[mode] in details, details
    # Nothing the fault caused is scored against the portal.
    assert assessed["score"] is None or assessed["grade"] in (None, "A"), assessed["groups"]
    if mode != "reset_post":
        # A portal faulty on every page is given up after two scenarios: the others send nothing.
        assert "given up" in details, details
        assert requests_seen < 10, requests_seen
