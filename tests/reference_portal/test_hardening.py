"""Malformed ids in the address end on the portal's normal error page, never a server error."""

from __future__ import annotations

import pytest

from tests.reference_portal.test_reference_portal import client, make_app, sign_in  # noqa: F401

HUGE = "9" * 40


@pytest.mark.parametrize(
    "path",
    [
        f"/apply/1.001193/{HUGE}/step/1",
        f"/apply/1.001193/1/step/{HUGE}",
        f"/apply/1.001193/{HUGE}/documents",
        f"/apply/1.001193/{HUGE}/review",
        f"/apply/1.001193/{HUGE}/payment",
        f"/apply/1.001193/{HUGE}/submitted",
        f"/results/HS2026-000001/{HUGE}.pdf",
        "/apply/1.001193/-1/step/1",
        "/apply/1.001193/abc/step/1",
        "/apply/1.001193/1%20OR%201=1/step/1",
    ],
)
def test_malformed_id_is_not_found(client, path):  # noqa: F811
    sign_in(client)
    response = client.get(path)
    assert response.status_code == 404, path
    assert b"<html" in response.data.lower()
