"""What a scenario is: its kind and the viewport it ran in."""

from __future__ import annotations

from enum import StrEnum


class ScenarioKind(StrEnum):
    # A citizen applying for a procedure.
    JOURNEY = "journey"
    # Questions to the portal's virtual assistant about a procedure.
    ASSISTANT = "assistant"


class Viewport(StrEnum):
    # A 1280x800 desktop window; its journeys make the procedure x portal matrix and the score.
    DESKTOP = "desktop"
    # An emulated phone; the mobile criterion is judged only here.
    PHONE = "phone"


VIEWPORTS = tuple(Viewport)
