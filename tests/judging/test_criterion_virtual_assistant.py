"""judging.virtual_assistant: the portal has an assistant and its answers state the standard's facts."""

from __future__ import annotations

from portalqa.judging.virtual_assistant import judge_virtual_assistant


def answer(*problems: str) -> dict:
    return {
        "topic": "fee",
        "question": "How much is the fee?",
        "answer": "5,000 VND",
        "problems": list(problems),
    }


def test_right_answers_meet_the_criterion():
    result = judge_virtual_assistant({"answers": [answer(), answer()]})
    assert (result.verdict, result.summary, result.findings) == (
        "met",
        "2 answers state the standard's facts",
        [],
    )


def test_a_wrong_answer_does_not_meet_it():
    result = judge_virtual_assistant({"answers": [answer("the fee stated is 75,000 VND")]})
    assert result.verdict == "not_met"
    assert [(f.kind, f.detail) for f in result.findings] == [
        ("wrong_answer", "fee: the fee stated is 75,000 VND")
    ]


def test_no_assistant_at_all_does_not_meet_it():
    result = judge_virtual_assistant({"missing": "no link to an assistant on the procedure page"})
    assert (result.verdict, result.summary) == ("not_met", "no virtual assistant")
    assert [f.kind for f in result.findings] == ["no_assistant"]


def test_no_answer_leaves_it_not_assessable():
    assert judge_virtual_assistant({"answers": []}).verdict == "not_assessable"
