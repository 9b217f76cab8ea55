"""The helpers every criterion module shares: the summary of a verdict, page paths, repeated findings."""

from __future__ import annotations

from portalqa.judging.judgement import judged, not_applicable, not_assessable, page_path, without_repeats
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
