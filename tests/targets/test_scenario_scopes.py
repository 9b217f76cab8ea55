"""The unit of parallel work: one portal's scenarios in one viewport, read from the node id."""

from __future__ import annotations

import pytest

from portalqa.targets.scenario_scopes import scenario_scope

PORTALS = ("reference", "reference-province", "ministry-of-x")
JOURNEY = "features/test_birth_registration.py::test_a_citizen_registers_a_birth_fully_online"


@pytest.mark.parametrize(
    ("nodeid", "scope"),
    [
        (f"{JOURNEY}[desktop-reference]", "reference/desktop"),
        (f"{JOURNEY}[phone-reference]", "reference/phone"),
        # The longer id that contains the shorter one is found first.
        (f"{JOURNEY}[phone-reference-province]", "reference-province/phone"),
        ("features/test_custom.py::test_custom[desktop-reference-province-business_household]",
         "reference-province/desktop"),
        ("features/test_portal_pages.py::test_pages[phone-ministry-of-x]", "ministry-of-x/phone"),
        # The assistant's questions carry no viewport: they are asked on the desktop.
        ("features/test_quality.py::test_the_assistant[reference-land_register_update]", "reference/desktop"),
    ],
)  # fmt: skip
def test_a_scenario_is_scoped_by_its_portal_and_viewport(nodeid, scope):
    assert scenario_scope(nodeid, PORTALS) == scope


@pytest.mark.parametrize(
    "nodeid",
    [
        "features/test_x.py::test_without_parameters",
        f"{JOURNEY}[desktop-unselected-portal]",
        f"{JOURNEY}[desktop-referenceprovince]",
    ],
)
def test_a_test_of_no_selected_portal_is_a_scope_of_its_own(nodeid):
    assert scenario_scope(nodeid, PORTALS) == nodeid
