"""Collects every standard procedure feature; the plugin runs each scenario once per selected portal."""

import pytest
from pytest_bdd import scenarios

# `portal` is parametrized over the --portal profiles (portalqa.pytest_plugin.pytest_generate_tests).
# `viewport` over --viewport (desktop and phone by default).
pytestmark = pytest.mark.usefixtures("portal", "viewport")

scenarios("procedures")
