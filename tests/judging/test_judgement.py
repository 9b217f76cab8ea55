"""The helpers every criterion module shares: the summary of a verdict, page paths, repeated findings."""

from __future__ import annotations

from portalqa.judging.judgement import (
    cut_short,
    judged,
    not_applicable,
    not_assessable,
    page_path,
    pages_named,
    without_repeats,
)
from portalqa.model.criteria import CriterionVerdict
from portalqa.model.findings import Finding


def test_findings_make_not_met_with_their_kinds_and_none_make_met_with_the_evidence():
    findings = [
        Finding(kind="slow_server_response", detail="a"),
        Finding(kind="console_error", detail="b"),
        Finding(kind="console_error", detail="c"),
    ]
    result = judged(findings, "unused")
    assert result.verdict is CriterionVerdict.NOT_MET
    assert result.summary == "3 finding(s): console error, slow server response"
    assert result.findings == findings
    met = judged([], "2 pages checked")
    assert (met.verdict, met.summary, met.findings) == (CriterionVerdict.MET, "2 pages checked", [])


def test_without_evidence_or_outside_the_scenario_the_verdict_says_why():
    assert not_assessable("no page").verdict is CriterionVerdict.NOT_ASSESSABLE
    assert not_applicable("desktop run").summary == "desktop run"


def test_a_finding_names_the_page_by_its_path():
    assert page_path("http://127.0.0.1:8000/procedures/1?x=1") == "/procedures/1"
    assert page_path("http://127.0.0.1:8000") == "http://127.0.0.1:8000"


def test_the_same_finding_on_a_revisited_page_is_kept_once_where_first_seen():
    first = Finding(kind="no_privacy_link", detail="on /a", page="http://x/a")
    again = Finding(kind="no_privacy_link", detail="on /a", page="http://x/a#again")
    other = Finding(kind="no_privacy_link", detail="on /b", page="http://x/b")
    assert without_repeats([first, other, again]) == [first, other]


def test_a_part_not_observed_makes_not_assessable_saying_which_never_met():
    result = judged([], "unused", ["status tracking (no tracking code)", "electronic result (stopped)"])
    assert result.verdict is CriterionVerdict.NOT_ASSESSABLE
    assert result.summary == "not observed: status tracking (no tracking code); electronic result (stopped)"


def test_a_finding_makes_not_met_whatever_was_not_observed_and_the_summary_says_both():
    found = [Finding(kind="no_national_eid", detail="a")]
    result = judged(found, "unused", ["electronic result (stopped)"])
    assert result.verdict is CriterionVerdict.NOT_MET and result.findings == found
    assert result.summary == "1 finding(s): no national eid; not observed: electronic result (stopped)"


def test_a_scenario_cut_short_cannot_show_met_but_its_findings_stand():
    met = judged([], "3 pages fast")
    assert cut_short(met, "stopped").verdict is CriterionVerdict.NOT_ASSESSABLE
    assert cut_short(met, "stopped").summary == "stopped; so far: 3 pages fast"
    not_met = judged([Finding(kind="console_error", detail="b")], "unused")
    assert cut_short(not_met, "stopped") == not_met
    assert cut_short(not_applicable("desktop"), "stopped").verdict is CriterionVerdict.NOT_APPLICABLE


def test_a_few_pages_are_named_by_their_paths():
    urls = [f"http://x/{n}" for n in (1, 2, 2, 3, 4, 5)]
    assert pages_named(urls) == "/1, /2, /3 and 2 more"
