"""sign_on.method is acted on: `none` signs nobody on and needs no credentials."""

from portalqa.citizen import tasks
from portalqa.citizen.driver import PortalDriver
from portalqa.citizen.journey_record import JourneyRecord
from portalqa.profiles.profile import SignOn, load_profile


def test_a_portal_without_sign_on_is_not_signed_on_to():
    profile = load_profile("reference")
    profile = profile.model_copy(update={"sign_on": SignOn(method="none")})
    # No browser at all: with method none the sign-on step must not open a single page.
    driver = PortalDriver(None, profile, "http://127.0.0.1:9", JourneyRecord(portal={}, procedure={}))
    tasks.sign_on_with_national_eid(driver)
    assert driver.record.signed_on_with == "none"
    assert driver.record.pages == [] and driver.record.clicks == 0
