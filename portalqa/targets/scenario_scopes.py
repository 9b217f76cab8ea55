"""Which portal and viewport a scenario plays, read from its pytest node id: the unit of parallel work.

`portalqa assess --workers N` hands scenarios to pytest-xdist workers one *scope* at a time: all of
one portal's scenarios in one viewport go to the same worker, which keeps that portal's browser (and
its cookies, caches and circuit-breaker view) for the whole scope instead of every worker touching
every portal. A portal's two viewports are two scopes, so a single portal still keeps two workers
busy. The scheduler sees node ids only, so the portal is found in the id's parameters
(`...[phone-reference-province-birth_registration]`) by the longest selected portal id that stands
there between dashes: ids may themselves contain dashes (`reference` and `reference-province`).
"""

from __future__ import annotations

from collections.abc import Iterable

from portalqa.model.scenarios import VIEWPORTS, Viewport

# Scenarios without a viewport parameter (questions to the assistant) play in this one.
DEFAULT_VIEWPORT = Viewport.DESKTOP.value


def scenario_scope(nodeid: str, portal_ids: Iterable[str]) -> str:
    """`<portal>/<viewport>` for a scenario of a selected portal; the node id itself otherwise (a
    test that plays no portal is a scope of its own)."""
    if "[" not in nodeid or not nodeid.endswith("]"):
        return nodeid
    parameters = nodeid[nodeid.index("[") + 1 : -1].split("-")
    viewport = parameters[0] if parameters[0] in VIEWPORTS else DEFAULT_VIEWPORT
    padded = f"-{'-'.join(parameters)}-"
    for portal_id in sorted(portal_ids, key=len, reverse=True):
        if f"-{portal_id}-" in padded:
            return f"{portal_id}/{viewport}"
    return nodeid
