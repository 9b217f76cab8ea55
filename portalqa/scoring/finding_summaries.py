"""Per portal and criterion: verdict counts over its scenarios, and what was found wrong, grouped by kind."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from portalqa.model.findings import Finding
from portalqa.scoring.output import CriterionSummary, FindingExample, FindingGroup, QualityJudgement
from portalqa.scoring.terms import CRITERION_VERDICTS, NOT_MET, QUALITY_CRITERIA

# Per portal and criterion, the most frequent kinds of finding, each with a few scenarios where seen.
MAX_FINDING_KINDS = 10
MAX_FINDING_EXAMPLES = 5


@dataclass(frozen=True)
class JudgedScenario:
    """One scenario's own judgements, as the per-portal summary counts them."""

    procedure_id: str
    procedure_name: str
    viewport: str
    kind: str  # journey or assistant
    judgements: Sequence[QualityJudgement]

    def judgement(self, criterion: str) -> QualityJudgement | None:
        # A matrix procedure also carries the assistant's verdict; it is counted with the assistant.
        own = (j for j in self.judgements if j.criterion == criterion and j.scenario == self.kind)
        return next(own, None)


def summarize_quality(scenarios: Iterable[JudgedScenario]) -> list[CriterionSummary]:
    """Per criterion: how many scenarios met it, did not, could not be judged or were not concerned,
    and what was found wrong, grouped by kind of finding (the kind seen in most scenarios first)."""
    scenarios = list(scenarios)
    summaries = []
    for criterion in QUALITY_CRITERIA:
        counts = dict.fromkeys(CRITERION_VERDICTS, 0)
        not_met: list[tuple[JudgedScenario, QualityJudgement]] = []
        for scenario in scenarios:
            judgement = scenario.judgement(criterion)
            if judgement is not None:
                counts[judgement.verdict] = counts.get(judgement.verdict, 0) + 1
                # Only a "not met" verdict makes its findings defects of the portal.
                if judgement.verdict == NOT_MET:
                    not_met.append((scenario, judgement))
        groups = _finding_groups(not_met)
        summaries.append(
            CriterionSummary(
                criterion=criterion,
                counts=counts,
                findings=tuple(groups[:MAX_FINDING_KINDS]),
                more_finding_kinds=max(0, len(groups) - MAX_FINDING_KINDS),
            )
        )
    return summaries


def _finding_groups(not_met: Sequence[tuple[JudgedScenario, QualityJudgement]]) -> list[FindingGroup]:
    occurrences: dict[str, int] = {}
    examples: dict[str, list[FindingExample]] = {}
    for scenario, judgement in not_met:
        first_of_kind: dict[str, Finding] = {}
        for finding in judgement.findings:
            occurrences[finding.kind] = occurrences.get(finding.kind, 0) + 1
            first_of_kind.setdefault(finding.kind, finding)
        for kind, finding in first_of_kind.items():
            examples.setdefault(kind, []).append(
                FindingExample(
                    procedure_id=scenario.procedure_id,
                    procedure_name=scenario.procedure_name,
                    viewport=scenario.viewport,
                    scenario=scenario.kind,
                    detail=finding.detail,
                    page=finding.page,
                )
            )
    groups = [
        FindingGroup(
            kind=kind,
            occurrences=occurrences[kind],
            scenarios=len(seen),
            examples=tuple(sorted(seen, key=_example_order))[:MAX_FINDING_EXAMPLES],
        )
        for kind, seen in examples.items()
    ]
    return sorted(groups, key=lambda group: (-group.scenarios, -group.occurrences, group.kind))


def _example_order(example: FindingExample) -> tuple[str, str, str, str]:
    return (example.procedure_name.casefold(), example.procedure_id, example.viewport, example.scenario)
