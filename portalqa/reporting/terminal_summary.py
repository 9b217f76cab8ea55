"""The assessment in a few lines of the terminal: each portal's score, groups, top findings, verdicts."""

from __future__ import annotations

import json
from pathlib import Path

# Findings per portal printed in the terminal summary; the scorecard lists them all.
SUMMARY_FINDINGS = 3


def print_summary(assessment_json: Path) -> None:
    data = json.loads(assessment_json.read_text(encoding="utf-8"))
    if data.get("interrupted"):
        stop = data["interrupted"]
        print(f"  interrupted ({stop['signal']} during the {stop['phase']} phase): the scores cover the "
              "scenarios that finished; see each portal's coverage")  # fmt: skip
    problems = data.get("problems") or []
    if problems:
        shown = "; ".join(
            f"{problem['file']}: {problem['message']}" for problem in problems[:SUMMARY_FINDINGS]
        )
        print(f"  {len(problems)} problem(s) reading the results (all on the scorecard): {shown}")
    for portal in data.get("portals", []):
        if portal.get("score") is None:
            score = "not assessable (no criterion had evidence)"
        else:
            grade = portal.get("grade") or "no grade: " + str(portal.get("grade_withheld"))
            score = f"{portal['score']} ({grade})"
        rank = f"#{portal['rank']} " if portal.get("rank") else ""
        print(f"  {rank}{portal['name']}: {score}, coverage {portal.get('coverage', 0):.0%}")
        groups = ", ".join(
            f"{g['id']} {g['score'] if g['score'] is not None else 'not assessed'}"
            for g in portal.get("groups", [])
        )
        print(f"    groups: {groups}")
        for finding in portal.get("findings", [])[:SUMMARY_FINDINGS]:
            print(f"    -{finding['points_lost']:.2f} points  {finding['criterion']}: {finding['kind']} "
                  f"({finding['units']} seen)")  # fmt: skip
        for change in (portal.get("trend") or {}).get("regressions", []):
            print(
                f"    regression since the last run: {change['criterion']} ({change['change']:+.2f} points)"
            )
        for procedure in portal.get("procedures", []):
            reasons = "; ".join(r.get("detail", "") for r in procedure.get("reasons", []))
            print(
                f"    {procedure['verdict']:<15} {procedure['name']}" + (f" — {reasons}" if reasons else "")
            )
