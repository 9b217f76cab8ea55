"""judge() on a site scenario (the portal's public pages): the page criteria only, judged as on any page."""

from __future__ import annotations

from judging_inputs import page, verdicts

from portalqa.judging import judge
from portalqa.model.criteria import CRITERIA_OF_KIND, PAGE_CRITERIA
from portalqa.model.scenarios import ScenarioKind


def site(viewport: str = "desktop", pages: list[dict] | None = None) -> dict:
    """A site scenario as the journey record writes it: no full online, no procedure figures."""
    home = page(url="http://127.0.0.1:8000/", role="home", lang="en", monitoring_code=True)
    return {
        "kind": "site",
        "viewport": viewport,
        "full_online": None,
        "journey": {"completed": True, "pages_visited": 1},
        "pages": pages if pages is not None else [home],
        "cookies": [],
    }


def test_a_site_scenario_is_judged_on_the_page_criteria_only():
    assert CRITERIA_OF_KIND[ScenarioKind.SITE] == frozenset(PAGE_CRITERIA)
    assert set(judge(site())) == CRITERIA_OF_KIND[ScenarioKind.SITE]
    assert set(judge(site("phone"))) == CRITERIA_OF_KIND[ScenarioKind.SITE]


def test_good_public_pages_meet_every_page_criterion_and_mobile_only_on_the_phone():
    on_desktop = verdicts(site())
    assert on_desktop.pop("mobile")[0] == "not_applicable"
    assert on_desktop == dict.fromkeys(on_desktop, ("met", set()))
    # No journey to complete: the phone judges the pages alone.
    assert verdicts(site("phone"))["mobile"] == ("met", set())


def test_a_defect_on_a_public_page_is_a_finding_of_its_criterion():
    wide = page(url="http://127.0.0.1:8000/about", role="listed", viewport_meta=False, privacy_link=False)
    judged = verdicts(site("phone", [page(url="http://127.0.0.1:8000/", role="home"), wide]))
    assert judged["mobile"] == ("not_met", {"no_viewport_meta"})
    assert judged["privacy_security"] == ("not_met", {"no_privacy_link"})
    assert judged["speed"] == ("met", set())


def test_a_page_that_was_not_opened_is_not_assessable_evidence_never_a_finding():
    down = {"url": "http://127.0.0.1:9/down", "title": "", "role": "listed", "not_opened": "did not answer"}
    judged = verdicts(site("phone", [page(url="http://127.0.0.1:8000/", role="home"), down]))
    for criterion in ("speed", "accessibility", "mobile", "privacy_security"):
        assert judged[criterion] == ("not_assessable", set()), (criterion, judged[criterion])
