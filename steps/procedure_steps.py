"""Steps: a citizen's journey through one standard procedure, from its information page to its result.

Used by features/procedures/*.feature. The procedure comes from the feature's tag, the portal from
the run's --portal profiles; steps only speak in the standard's terms (semantic field keys), and the
profile translates them into each portal's words.
"""

import pytest
from pytest_bdd import given, then, when

from portalqa import citizen_tasks
from portalqa.full_online import ReasonKind

# Given


@given("I read the information page of the procedure")
def read_information_page(portal_driver, procedure):
    citizen_tasks.open_information_page(portal_driver, procedure)


# When


@when("I apply online")
def apply_online(portal_driver, procedure):
    citizen_tasks.start_online_application(portal_driver, procedure)


@when("I fill in the e-form with:")
def fill_in_eform(portal_driver, procedure, datatable):
    header, *rows = datatable
    if [cell.strip().lower() for cell in header] != ["field", "value"]:
        raise pytest.UsageError("the e-form table needs the columns | field | value |")
    answers = {field.strip(): value.strip() for field, value in rows}
    unknown = [key for key in answers if procedure.field(key) is None]
    if unknown:
        raise pytest.UsageError(f"fields not in the standard dossier of {procedure.id}: {', '.join(unknown)}")
    citizen_tasks.complete_eform(portal_driver, answers, procedure)


@when("I attach the required documents")
def attach_documents(portal_driver, work_dir):
    citizen_tasks.attach_required_documents(portal_driver, work_dir)


@when("I review and confirm my application")
def review_and_confirm(portal_driver):
    citizen_tasks.review_and_confirm(portal_driver)


@when("I pay the fee online")
def pay_fee_online(portal_driver):
    citizen_tasks.pay_fee_online(portal_driver)


@when("I submit the application", target_fixture="tracking_code")
def submit_application(portal_driver):
    return citizen_tasks.submit_application(portal_driver)


# Then


@then("I receive a tracking code")
def receive_tracking_code(tracking_code):
    if not tracking_code:
        raise AssertionError("no tracking code was given")


@then("the tracking page shows the status of my application")
def tracking_page_shows_status(portal_driver, tracking_code):
    citizen_tasks.track_application(portal_driver, tracking_code)


@then("I can download the electronic result")
def download_electronic_result(portal_driver, journey):
    citizen_tasks.download_electronic_result(portal_driver)
    journey.completed = True  # the citizen reached the end of the journey, online or not


# Findings are raised as plain AssertionErrors so the Allure page shows the sentence, not a repr.


@then("my details were pre-filled from the population register")
def details_prefilled(journey, procedure):
    missing = [key for key in procedure.register_fields if key not in journey.prefilled_keys]
    if missing:
        raise AssertionError(
            f"the e-form made the citizen type what the population register holds: {', '.join(missing)}"
        )


@then("the whole procedure was completed online, without visiting an office")
def completed_fully_online(journey):
    in_person = [r for r in journey.reasons if r.kind in _IN_PERSON]
    if in_person:
        raise AssertionError(
            "the procedure is only partly online: "
            + "; ".join(f"{r.kind.value.replace('_', ' ')} ({r.detail})" for r in in_person)
        )


_IN_PERSON = {ReasonKind.PAY_AT_COUNTER, ReasonKind.RESULT_IN_PERSON, ReasonKind.APPOINTMENT_IN_PERSON}
