"""Selecting the portals of a run: profiles load, ids are unique, real portals have credentials."""

from __future__ import annotations

import pytest
import yaml

from portalqa.paths import PROFILES_DIR
from portalqa.targets.registry import PortalSelectionError, select_portals


def _remote_copy(tmp_path, portal_id: str = "remote-portal"):
    profile = yaml.safe_load((PROFILES_DIR / "reference.yaml").read_text(encoding="utf-8"))
    profile.pop("embedded", None)
    profile["id"] = portal_id
    profile["base_url"] = "http://127.0.0.1:9"
    profile["sign_on"]["personal_id_env"] = "PORTALQA_TEST_UNSET_ID"
    profile["sign_on"]["password_env"] = "PORTALQA_TEST_UNSET_PASSWORD"
    path = tmp_path / f"{portal_id}.yaml"
    path.write_text(yaml.safe_dump(profile, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_shipped_profiles_are_selected_by_id():
    registry = select_portals(["reference", "reference-ministry"])
    assert sorted(registry.profiles) == ["reference", "reference-ministry"]


def test_a_portal_selected_twice_is_refused():
    with pytest.raises(PortalSelectionError, match="selected twice: reference"):
        select_portals(["reference", str(PROFILES_DIR / "reference.yaml")])


def test_an_unknown_profile_is_a_clear_error():
    with pytest.raises(PortalSelectionError, match="invalid portal profile"):
        select_portals(["no-such-portal"])


def test_a_real_portal_without_its_credential_variables_is_refused(tmp_path, monkeypatch):
    monkeypatch.delenv("PORTALQA_TEST_UNSET_ID", raising=False)
    monkeypatch.delenv("PORTALQA_TEST_UNSET_PASSWORD", raising=False)
    with pytest.raises(PortalSelectionError, match="PORTALQA_TEST_UNSET_ID, PORTALQA_TEST_UNSET_PASSWORD"):
        select_portals([str(_remote_copy(tmp_path))])


def test_a_real_portal_with_its_credentials_set_is_selected(tmp_path, monkeypatch):
    monkeypatch.setenv("PORTALQA_TEST_UNSET_ID", "001088012345")
    monkeypatch.setenv("PORTALQA_TEST_UNSET_PASSWORD", "not-a-real-password")
    registry = select_portals([str(_remote_copy(tmp_path))])
    assert list(registry.profiles) == ["remote-portal"]
