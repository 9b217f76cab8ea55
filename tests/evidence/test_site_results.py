"""Results of site scenarios (the portal's public pages) are read with kind "site"."""

from __future__ import annotations

from result_files import measurements_v2, write_result

from portalqa.evidence.allure_reading import ASSISTANT, JOURNEY, SITE, read_allure_results
from portalqa.model.scenarios import PORTAL_WIDE, ScenarioKind


def test_site_kind_from_the_measurements_and_without_them_from_the_portal_wide_procedure(tmp_path):
    measured = measurements_v2("alpha", PORTAL_WIDE, None, kind="site", criteria={})
    measured["criteria"] = {name: measured["criteria"][name] for name in ("speed", "accessibility")}
    for page in measured["pages"]:
        page |= {"role": "home", "lang": "en", "links": {"contact": True}, "monitoring_code": None}
    write_result(tmp_path, "alpha", PORTAL_WIDE, measured=measured, labels={"viewport": "desktop"})
    # Broken before it attached anything: the procedure label still says what it was.
    write_result(tmp_path, "beta", PORTAL_WIDE, status="broken", labels={"viewport": "phone"})
    # The other kinds are read as before.
    write_result(tmp_path, "beta", "birth_registration", status="broken")
    write_result(
        tmp_path, "beta", "death_registration", status="broken", labels={"criterion": "virtual_assistant"}
    )

    results = read_allure_results(tmp_path)

    assert not results.problems, results.problems
    kinds = {(s.portal_id, s.procedure_id): s.kind for s in results.scenarios}
    assert SITE == ScenarioKind.SITE == "site"
    assert kinds == {
        ("alpha", PORTAL_WIDE): SITE,
        ("beta", PORTAL_WIDE): SITE,
        ("beta", "birth_registration"): JOURNEY,
        ("beta", "death_registration"): ASSISTANT,
    }
    (site,) = [s for s in results.scenarios if s.portal_id == "alpha"]
    (attached,) = site.measurements
    assert attached.measurements.kind == "site"
    first = attached.measurements.pages[0]
    assert (first.role, first.lang, first.links, first.monitoring_code) == (
        "home",
        "en",
        {"contact": True},
        None,
    )
