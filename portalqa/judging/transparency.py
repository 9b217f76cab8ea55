"""Transparency: the procedure's information page states every section the standard requires, and the
online fee and time limit are no worse than in person (online channels have priority).

A fee or time limit the page does not state for both channels cannot be compared: that comparison is
not assessable, not met (judgement.judged).
"""

from __future__ import annotations

from portalqa.judging.judgement import judged, not_assessable
from portalqa.model.findings import CriterionJudgement, Finding


def judge_transparency(information_page: dict | None) -> CriterionJudgement:
    """Reads the measurements' information_page: sections_missing, fee_online/fee_in_person and
    days_online/days_in_person (a fee or time the page does not state is no comparison)."""
    if not information_page:
        return not_assessable("the information page was not read")
    unobserved = []
    missing = information_page.get("sections_missing")
    if missing is None:
        unobserved.append("the sections of the information page (not read)")
    findings = [
        Finding(
            kind="information_missing",
            detail=f"the information page does not state the {section.replace('_', ' ')}",
        )
        for section in missing or []
    ]
    fee_online, fee_counter = information_page.get("fee_online"), information_page.get("fee_in_person")
    if _both_stated(fee_online, fee_counter):
        if fee_online > fee_counter:
            findings.append(
                Finding(
                    kind="online_fee_higher",
                    detail=f"online fee {fee_online:,} > in-person fee {fee_counter:,}",
                )
            )
    else:
        unobserved.append(
            f"the online against the in-person fee ({_unstated('fee', fee_online, fee_counter)})"
        )
    days_online, days_counter = information_page.get("days_online"), information_page.get("days_in_person")
    if _both_stated(days_online, days_counter):
        if days_online > days_counter:
            findings.append(
                Finding(
                    kind="online_time_longer",
                    detail=f"online time limit {days_online} working days > in person {days_counter}",
                )
            )
    else:
        unstated = _unstated("time limit", days_online, days_counter)
        unobserved.append(f"the online against the in-person time limit ({unstated})")
    return judged(findings, "complete information; online fee and time have priority", unobserved)


def _both_stated(online, in_person) -> bool:
    return isinstance(online, int) and isinstance(in_person, int)


def _unstated(what: str, online, in_person) -> str:
    channels = [name for name, value in (("online", online), ("in person", in_person)) if value is None]
    if not channels:
        return f"a {what} that is not a number"
    return f"the page states no {what} {' or '.join(channels)}"
