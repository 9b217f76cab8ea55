"""Steps: the assessors' quality criteria, and questions to the portal's virtual assistant.

Every page a scenario loads is observed as it goes (timings, axe-core, phone layout, privacy and
security); the closing step judges that evidence and names every criterion the portal missed.
Used by every procedure feature and by features/quality/*.feature.
"""

from pytest_bdd import given, then

from portalqa.citizen import session
from portalqa.citizen import tasks as citizen_tasks
from portalqa.model.criteria import Criterion, CriterionVerdict

# Criteria with steps of their own in the procedure features; the closing step does not repeat them.
_CHECKED_BY_OWN_STEPS = {Criterion.FULL_ONLINE.value}


@then("the portal met the quality criteria on every page")
@then("cổng đáp ứng các tiêu chí chất lượng trên mọi trang")
def met_quality_criteria(portal_driver):
    criteria = session.criteria_so_far(portal_driver)
    missed = {
        name: judged
        for name, judged in criteria.items()
        if judged["verdict"] == CriterionVerdict.NOT_MET.value and name not in _CHECKED_BY_OWN_STEPS
    }
    if missed:
        lines = [
            f"{name.replace('_', ' ')}: " + "; ".join(f["detail"] for f in judged.get("findings", [])[:5])
            for name, judged in missed.items()
        ]
        raise AssertionError("the portal missed quality criteria — " + " | ".join(lines))


# The virtual assistant (features/quality/virtual_assistant.feature)


@given("I ask the portal's virtual assistant about the procedure", target_fixture="assistant_answers")
@given("tôi hỏi trợ lý ảo của cổng về thủ tục", target_fixture="assistant_answers")
def ask_assistant(portal_driver, asked_procedure):
    return citizen_tasks.ask_assistant_about(portal_driver, asked_procedure)


@then("the assistant states the documents, fee and time limit of the standard procedure")
@then("trợ lý ảo nêu đúng giấy tờ, lệ phí và thời hạn của thủ tục chuẩn")
def assistant_states_standard_facts(assistant_answers):
    if assistant_answers.get("missing"):
        raise AssertionError(assistant_answers["missing"])
    problems = [
        f"{qa['topic']}: {p}" for qa in assistant_answers.get("answers", []) for p in qa.get("problems", [])
    ]
    if problems:
        raise AssertionError("the assistant's answers are wrong — " + "; ".join(problems))
