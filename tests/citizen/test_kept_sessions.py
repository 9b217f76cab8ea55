"""What a resumed sign-on adds to a journey's record: exactly what the full sign-on added."""

from __future__ import annotations

import time

from portalqa.citizen.journey_record import JourneyRecord
from portalqa.citizen.kept_sessions import added_since, apply_added, snapshot


def record(**values) -> JourneyRecord:
    return JourneyRecord(portal={"id": "p"}, procedure={"id": "birth_registration"}, **values)


def sign_on(journey: JourneyRecord) -> None:
    # What a sign-on through the e-identity does to the record.
    journey.page({"url": "http://p/", "title": "Home"})
    journey.page({"url": "http://eid/login", "title": "Sign in"})
    journey.page({"url": "http://eid/otp", "title": "One-time code"})
    journey.clicks += 3
    journey.fields_typed += 1
    journey.one_time_codes += 1
    journey.national_eid_sign_on = True
    journey.css_fallbacks.append("sign_on.password")


def test_a_resumed_journey_has_the_record_of_a_full_sign_on():
    first = record(clicks=1)
    before = snapshot(first)
    sign_on(first)
    added = added_since(before, first)
    assert added == {
        "pages": first.pages,
        "clicks": 3,
        "fields_typed": 1,
        "one_time_codes": 1,
        "national_eid_sign_on": True,
        "css_fallbacks": ["sign_on.password"],
    }
    later = record(clicks=1)
    apply_added(later, added)
    assert later.measurements().journey == first.measurements().journey | {
        "task_seconds": later.measurements().journey["task_seconds"]
    }


def test_what_was_kept_is_a_copy_not_shared_with_the_journeys_that_reuse_it():
    first = record()
    before = snapshot(first)
    sign_on(first)
    added = added_since(before, first)
    one, two = record(), record()
    apply_added(one, added)
    one.pages[0]["title"] = "changed"
    one.css_fallbacks.append("other")
    apply_added(two, added)
    assert two.pages[0]["title"] == "Home"
    assert two.css_fallbacks == ["sign_on.password"]
    assert first.pages[0]["title"] == "Home"


def test_the_journey_outcome_and_timing_are_not_kept():
    first = record()
    before = snapshot(first)
    sign_on(first)
    first.completed = True
    first.current_step = "Given I am signed in"
    first.finished = time.monotonic()
    added = added_since(before, first)
    assert not {"completed", "current_step", "finished", "started", "reasons", "cookies"} & set(added)
