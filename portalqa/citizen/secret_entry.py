"""Typing a secret (the test citizen's password) into a portal: only ever into a password control.

A wrong or swapped label in a profile would otherwise type the password into a visible text box,
where the failure screenshot shows it in clear. So the control the label finds must be of type
password, or nothing is typed and the journey stops as *not assessable*: the profile's vocabulary is
wrong, which says nothing about the portal. The value stays wrapped in a `Secret` (masked wherever
Python prints it) until the one call that types it.
"""

from __future__ import annotations

from portalqa.citizen.driver import JourneyStuck, PageScan, PortalDriver
from portalqa.secrets_guard import secret_value_from_env


class SecretNotTyped(JourneyStuck):
    """The label of the password field found a control that is not a password field."""


def type_secret_from_env(driver: PortalDriver, key: str, env_name: str, scan: PageScan | None = None) -> None:
    secret = secret_value_from_env(env_name)
    control = driver.require_control(key, scan)
    if control.type != "password":
        where = driver.profile.source or driver.profile.id
        raise SecretNotTyped(
            f"the field labelled {control.label!r} is a {control.type or control.tag} field, not a password "
            f"field, so the password was not typed into it; fix vocabulary key {key} in {where}"
        )
    control.element.clear()
    control.element.send_keys(secret.reveal())
