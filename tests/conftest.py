"""Shared helpers for portalqa's own tests (tests/ mirrors portalqa's packages)."""
