"""Steps: procedures declared in a portal's profile (custom_procedures), played from YAML.

Used by features/custom_procedures.feature. The journey's steps are listed in the profile; see
docs/adding-a-portal.md for the step vocabulary.
"""

from pytest_bdd import when

from portalqa.citizen import custom_journey

# When


@when("I follow the journey the portal's profile declares for the procedure")
@when("tôi thực hiện các bước mà hồ sơ cổng khai báo cho thủ tục")
def follow_declared_journey(portal_driver, custom_procedure, work_dir):
    custom_journey.play(portal_driver, custom_procedure, work_dir)
