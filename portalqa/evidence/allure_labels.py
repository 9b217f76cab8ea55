"""The names of the Allure labels that carry a scenario's identity to the scorer.

Scenarios (through allure-pytest-bdd), the load phase (which writes its own result file) and the
reader all use these names, so they are spelled here once.
"""

from __future__ import annotations

PORTAL = "portal"
OWNER = "owner"
LEVEL = "level"
VIEWPORT = "viewport"
PROCEDURE = "procedure"
# Repeated: the first one tells the scenario's kind, later ones the criteria it did not meet.
CRITERION = "criterion"
# Older harness versions labelled the portal's display name; read as a fallback when no measurements name it.
PORTAL_NAME = "portal_name"
