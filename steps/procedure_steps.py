"""Steps: a citizen's journey through one standard procedure, from its information page to its result.

Used by features/procedures/*.feature. The procedure comes from the feature file's name
(features/procedures/<procedure id>.feature), the portal from the run's --portal profiles; steps only
speak in the standard's terms (semantic field keys), and the profile translates them into each
portal's words. When steps act through the citizen tasks (which keep the journey record) and hand
what they saw to the Then steps through fixtures (target_fixture); Then steps only check.
"""

import pytest
from pytest_bdd import given, then, when

from portalqa.citizen import tasks as citizen_tasks
from portalqa.model.full_online import IN_PERSON_KINDS

# Each step also answers to its Vietnamese wording, so teams may write features in `# language: vi`
# with the same step definitions.

# Given


@given("I read the information page of the procedure")
@given("tôi đọc trang thông tin của thủ tục")
def read_information_page(portal_driver, procedure):
    citizen_tasks.open_information_page(portal_driver, procedure)


# When


@when("I apply online")
@when("tôi nộp hồ sơ trực tuyến")
def apply_online(portal_driver, procedure):
    citizen_tasks.start_online_application(portal_driver, procedure.name.en)


@when("I fill in the e-form with:")
@when("tôi điền tờ khai điện tử với:")
def fill_in_eform(portal_driver, procedure, datatable):
    header, *rows = datatable
    if [cell.strip().lower() for cell in header] not in (["field", "value"], ["trường", "giá trị"]):
        raise pytest.UsageError(
            "the e-form table needs the columns | field | value | (or | trường | giá trị |)"
        )
    answers = {field.strip(): value.strip() for field, value in rows}
    unknown = [key for key in answers if procedure.field(key) is None]
    if unknown:
        raise pytest.UsageError(f"fields not in the standard dossier of {procedure.id}: {', '.join(unknown)}")
    citizen_tasks.complete_eform(portal_driver, answers, procedure)


@when("I attach the required documents")
@when("tôi đính kèm các giấy tờ cần thiết")
def attach_documents(portal_driver, work_dir, procedure):
    citizen_tasks.attach_required_documents(portal_driver, work_dir, procedure)


@when("I review and confirm my application")
@when("tôi kiểm tra và xác nhận hồ sơ")
def review_and_confirm(portal_driver):
    citizen_tasks.review_and_confirm(portal_driver)


@when("I pay the fee online")
@when("tôi thanh toán phí trực tuyến")
def pay_fee_online(portal_driver):
    citizen_tasks.pay_fee_online(portal_driver)


@when("I submit the application", target_fixture="tracking_code")
@when("tôi nộp hồ sơ", target_fixture="tracking_code")
def submit_application(portal_driver):
    return citizen_tasks.submit_application(portal_driver)


# Then


@then("I receive a tracking code")
@then("tôi nhận được mã hồ sơ")
def receive_tracking_code(tracking_code):
    if not tracking_code:
        raise AssertionError("no tracking code was given")


@when("I follow my application on the tracking page", target_fixture="tracked_application")
@when("tôi theo dõi hồ sơ của tôi trên trang tra cứu", target_fixture="tracked_application")
def follow_on_tracking_page(portal_driver, tracking_code):
    return citizen_tasks.track_application(portal_driver, tracking_code)


@then("the tracking page shows the status of my application")
@then("trang tra cứu hiển thị trạng thái hồ sơ của tôi")
def tracking_page_shows_status(tracked_application):
    if tracked_application.problem:
        raise AssertionError(tracked_application.problem)


@when("I download the electronic result", target_fixture="result_handed_over")
@when("tôi tải kết quả điện tử", target_fixture="result_handed_over")
def download_electronic_result(portal_driver):
    return citizen_tasks.download_electronic_result(portal_driver)


# Receiving the result only at a counter passes here: the fully-online step judges where it came from.
@then("I receive the result of my application")
@then("tôi nhận được kết quả giải quyết hồ sơ")
def receive_result(result_handed_over):
    if result_handed_over.problem:
        raise AssertionError(result_handed_over.problem)


@then("one submission produced every linked result")
@then("một lần nộp hồ sơ nhận được đủ các kết quả liên thông")
def linked_results(portal_driver, procedure):
    expected = [result.name for result in procedure.issued_results]
    offered = citizen_tasks.electronic_results_offered(portal_driver)
    if len(offered) < len(expected):
        raise AssertionError(
            f"one submission should give {len(expected)} electronic results ({', '.join(expected)}); "
            f"the portal offers {len(offered)}"
        )


# Findings are raised as plain AssertionErrors so the Allure page shows the sentence, not a repr.


@then("my details were pre-filled from the population register")
@then("thông tin của tôi được điền sẵn từ cơ sở dữ liệu quốc gia về dân cư")
def details_prefilled(journey, procedure):
    missing = [key for key in procedure.register_fields if key not in journey.prefilled_keys]
    if missing:
        raise AssertionError(
            f"the e-form made the citizen type what the population register holds: {', '.join(missing)}"
        )


@then("the whole procedure was completed online, without visiting an office")
@then("toàn bộ thủ tục được hoàn thành trực tuyến, không phải đến cơ quan nhà nước")
def completed_fully_online(journey):
    # A reason's kind is a plain string (model.findings.Reason); ReasonKind compares equal to it.
    in_person = [r for r in journey.reasons if r.kind in IN_PERSON_KINDS]
    if in_person:
        raise AssertionError(
            "the procedure is only partly online: "
            + "; ".join(f"{str(r.kind).replace('_', ' ')} ({r.detail})" for r in in_person)
        )
