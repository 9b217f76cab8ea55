"""Virtual assistant: the portal has one, and its answers about documents, fee and time state the
standard's facts. The assistant scenario asks and checks (portalqa.citizen.assistant); this judges.
"""

from __future__ import annotations

from portalqa.judging.judgement import judged, not_assessable
from portalqa.model.criteria import CriterionVerdict
from portalqa.model.findings import CriterionJudgement, Finding


def judge_virtual_assistant(assistant: dict) -> CriterionJudgement:
    """Reads the measurements' assistant: missing (why there is none) or answers with their problems."""
    if assistant.get("missing"):
        # Not "1 finding(s): ...": having no assistant at all is the whole verdict.
        return CriterionJudgement(
            verdict=CriterionVerdict.NOT_MET,
            summary="no virtual assistant",
            findings=[Finding(kind="no_assistant", detail=assistant["missing"])],
        )
    answers = assistant.get("answers") or []
    if not answers:
        return not_assessable("no question was answered")
    findings = [
        Finding(kind="wrong_answer", detail=f"{answer.get('topic')}: {problem}")
        for answer in answers
        for problem in answer.get("problems") or []
    ]
    return judged(findings, f"{len(answers)} answers state the standard's facts")
