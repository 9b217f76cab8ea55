"""judging.virtual_assistant: the portal has an assistant, and its answers agree with their references
(the standard's authoritative values, else the portal's information page); an answer without a
reference is not assessable, never right and never wrong."""

from __future__ import annotations

from portalqa.judging.virtual_assistant import judge_virtual_assistant


def answer(*problems: str, topic: str = "fee", **more) -> dict:
    return {
        "topic": topic,
        "question": "How much is the fee?",
        "answer": "5,000 VND",
        "problems": list(problems),
        **more,
    }


def test_right_answers_meet_the_criterion():
    result = judge_virtual_assistant({"answers": [answer(), answer(assessable=True)]})
    assert (result.verdict, result.summary, result.findings) == (
        "met",
        "2 answers agree with the information page and the standard",
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


def test_an_answer_without_a_reference_leaves_it_not_assessable_never_met():
    answers = [answer(topic="documents"), answer(topic="fee"), answer(topic="time", assessable=False)]
    result = judge_virtual_assistant({"answers": answers})
    assert (result.verdict, result.findings) == ("not_assessable", [])
    assert result.summary.startswith("nothing to check the answer about time against")
    assert result.summary.endswith("the other 2 agree with their reference")
    every = judge_virtual_assistant(
        {"answers": [answer(assessable=False), answer(topic="time", assessable=False)]}
    )
    assert every.verdict == "not_assessable" and "fee, time" in every.summary


def test_an_answer_without_a_reference_is_never_a_finding():
    # Even if problems were recorded with it (they are not), an unassessable answer is no defect.
    result = judge_virtual_assistant({"answers": [answer("stale problem", assessable=False)]})
    assert (result.verdict, result.findings) == ("not_assessable", [])


def test_a_wrong_answer_stands_beside_one_without_a_reference():
    answers = [answer("the fee stated is 75,000 VND"), answer(topic="time", assessable=False)]
    result = judge_virtual_assistant({"answers": answers})
    assert result.verdict == "not_met" and [f.detail for f in result.findings] == [
        "fee: the fee stated is 75,000 VND"
    ]
