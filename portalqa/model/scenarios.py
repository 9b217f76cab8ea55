"""What a scenario is: its kind and the viewport it ran in."""

from __future__ import annotations

from enum import StrEnum


class ScenarioKind(StrEnum):
    # A citizen applying for a procedure.
    JOURNEY = "journey"
    # Questions to the portal's virtual assistant about a procedure.
    ASSISTANT = "assistant"
    # The portal's public pages (home, catalogue, privacy policy, ...), once per portal and viewport.
    SITE = "site"


# The procedure a site scenario is about: the portal as a whole, not one of its procedures.
PORTAL_WIDE = "portal_wide"
PORTAL_WIDE_NAME = "Portal-wide checks"


class PageRole(StrEnum):
    """Which public page a site scenario visited (a page's `role` in the measurements)."""

    HOME = "home"
    CATALOGUE = "catalogue"  # the procedure catalogue (the profile's urls.catalogue)
    PRIVACY_POLICY = "privacy_policy"  # where the home page's privacy-policy link leads
    ASSISTANT = "assistant"  # where the home page's link to the virtual assistant leads
    LISTED = "listed"  # a page the profile lists under `pages:`


class Viewport(StrEnum):
    # A 1280x800 desktop window; its journeys make the procedure x portal matrix and the score.
    DESKTOP = "desktop"
    # An emulated phone; the mobile criterion is judged only here.
    PHONE = "phone"


VIEWPORTS = tuple(Viewport)
