"""The pytest markers portalqa gives scenarios, so that a `-m` selection can be checked before a run.

The pytest plugin registers and adds these markers; `portalqa assess` checks a `-m` expression's names
against the same list, so that a typo is one clear line instead of a run that selects nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from portalqa.standard.catalog import StandardProcedure

# Markers the plugin gives scenarios whatever the portals: kinds of scenario.
SCENARIO_KINDS = {
    "custom_procedure": "procedures declared in a portal profile",
    "virtual_assistant": "questions to the portal's virtual assistant",
    "portal_pages": "portal-wide checks of the portal's public pages",
}


def marker_name(kind: str, value: str) -> str:
    """A marker for a value that may hold any characters (an owner's name, a portal id)."""
    return f"{kind}_" + re.sub(r"[^a-z0-9]+", "_", value.casefold()).strip("_")


def scenario_markers(
    catalog: dict[str, StandardProcedure], portal_ids: Iterable[str], ini_markers: Iterable[str] = ()
) -> set[str]:
    """Every marker a scenario of this run can carry: procedures, owners, kinds, portals, pytest.ini's."""
    owners = {marker_name("owner", procedure.owner) for procedure in catalog.values()}
    portals = {marker_name("portal", portal_id) for portal_id in portal_ids}
    return {*catalog, *owners, *SCENARIO_KINDS, *portals, *ini_markers}
