"""Steps: signing on as a citizen. Used by every procedure feature's Background.

Prerequisites: the portal profile names the environment variables holding the test citizen's
credentials (sign_on.personal_id_env, sign_on.password_env); they are never written anywhere.
"""

from pytest_bdd import given

from portalqa.citizen import tasks as citizen_tasks

# Given


@given("I am signed in with my national electronic identity")
@given("tôi đã đăng nhập bằng định danh điện tử quốc gia")
def signed_in_with_national_eid(portal_driver):
    citizen_tasks.sign_on_with_national_eid(portal_driver)
