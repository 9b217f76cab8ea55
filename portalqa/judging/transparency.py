"""Transparency: the procedure's information page states every section the standard requires, and the
online fee and time limit are no worse than in person (online channels have priority).
"""

from __future__ import annotations

from portalqa.judging.judgement import judged, not_assessable
from portalqa.model.findings import CriterionJudgement, Finding


def judge_transparency(information_page: dict | None) -> CriterionJudgement:
    """Reads the measurements' information_page: sections_missing, fee_online/fee_in_person and
    days_online/days_in_person (a fee or time the page does not state is no comparison)."""
    if not information_page:
        return not_assessable("the information page was not read")
    findings = [
        Finding(
            kind="information_missing",
            detail=f"the information page does not state the {section.replace('_', ' ')}",
        )
        for section in information_page.get("sections_missing") or []
    ]
    fee_online, fee_counter = information_page.get("fee_online"), information_page.get("fee_in_person")
    if isinstance(fee_online, int) and isinstance(fee_counter, int) and fee_online > fee_counter:
        findings.append(
            Finding(
                kind="online_fee_higher", detail=f"online fee {fee_online:,} > in-person fee {fee_counter:,}"
            )
        )
    days_online, days_counter = information_page.get("days_online"), information_page.get("days_in_person")
    if isinstance(days_online, int) and isinstance(days_counter, int) and days_online > days_counter:
        findings.append(
            Finding(
                kind="online_time_longer",
                detail=f"online time limit {days_online} working days > in person {days_counter}",
            )
        )
    return judged(findings, "complete information; online fee and time have priority")
