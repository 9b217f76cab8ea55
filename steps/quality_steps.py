"""Steps: the assessors' quality criteria, and questions to the portal's virtual assistant.

Every page a scenario loads is observed as it goes (timings, axe-core, phone layout, privacy and
security); the closing step judges that evidence and names every criterion the portal missed.
Used by every procedure feature and by features/quality/*.feature.
"""

from pytest_bdd import given, then

from portalqa.citizen import assistant as virtual_assistant
from portalqa.model.criteria import Criterion, CriterionVerdict

# Criteria with steps of their own in the procedure features; the closing step does not repeat them.
_CHECKED_BY_OWN_STEPS = {Criterion.FULL_ONLINE.value}


@then("the portal met the quality criteria on every page")
@then("cổng đáp ứng các tiêu chí chất lượng trên mọi trang")
def met_quality_criteria(journey, portal_driver):
    portal_driver.record_cookies()
    criteria = journey.to_dict()["criteria"]
    missed = {
        name: judged
        for name, judged in criteria.items()
        if judged["verdict"] == CriterionVerdict.NOT_MET.value and name not in _CHECKED_BY_OWN_STEPS
    }
    if missed:
        lines = [
            f"{name.replace('_', ' ')}: " + "; ".join(f["detail"] for f in judged["findings"][:5])
            for name, judged in missed.items()
        ]
        raise AssertionError("the portal missed quality criteria — " + " | ".join(lines))


# The virtual assistant (features/quality/virtual_assistant.feature)


@given("I ask the portal's virtual assistant about the procedure")
@given("tôi hỏi trợ lý ảo của cổng về thủ tục")
def ask_assistant(portal_driver, asked_procedure, journey):
    language = portal_driver.profile.language
    try:
        answers = virtual_assistant.ask_about(portal_driver, asked_procedure)
    except virtual_assistant.AssistantNotFound as missing:
        # A portal without an assistant is a finding of the criterion, not a broken scenario.
        journey.assistant = {"language": language, "missing": str(missing), "answers": []}
        return
    journey.assistant = {"language": language, "missing": None, "answers": [qa.to_dict() for qa in answers]}


@then("the assistant states the documents, fee and time limit of the standard procedure")
@then("trợ lý ảo nêu đúng giấy tờ, lệ phí và thời hạn của thủ tục chuẩn")
def assistant_states_standard_facts(journey):
    assistant = journey.assistant or {}
    if assistant.get("missing"):
        raise AssertionError(assistant["missing"])
    problems = [f"{qa['topic']}: {p}" for qa in assistant.get("answers", []) for p in qa.get("problems", [])]
    if problems:
        raise AssertionError("the assistant's answers are wrong — " + "; ".join(problems))
