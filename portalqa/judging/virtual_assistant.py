"""Virtual assistant: the portal has one, and its answers about documents, fee and time agree with what
the citizen can rely on. The assistant scenario asks and checks (portalqa.citizen.assistant); this
judges.

Each answer was checked against its reference (portalqa.citizen.assistant_answers): the standard's
value where the catalog marks it authoritative, else the procedure's own information page on the
portal. An answer with neither (``assessable: false``) is not assessable: it is never a finding and
never counts as right, so the criterion is met only when every answer was checked and none is wrong.
Answers recorded before ``assessable`` existed count as checked.
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
    answers = [answer for answer in assistant.get("answers") or [] if isinstance(answer, dict)]
    if not answers:
        return not_assessable("no question was answered")
    checked = [answer for answer in answers if answer.get("assessable", True) is not False]
    unchecked = [answer for answer in answers if answer.get("assessable", True) is False]
    findings = [
        Finding(kind="wrong_answer", detail=f"{answer.get('topic')}: {problem}")
        for answer in checked
        for problem in answer.get("problems") or []
    ]
    if findings or not unchecked:
        return judged(findings, f"{len(answers)} answers agree with the information page and the standard")
    topics = ", ".join(str(answer.get("topic")) for answer in unchecked)
    right = f"; the other {len(checked)} agree with their reference" if checked else ""
    return not_assessable(
        f"nothing to check the answer about {topics} against: the portal's information page does not "
        f"state it and the standard's value is illustrative{right}"
    )
