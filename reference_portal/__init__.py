"""A simulated national public-service portal: the embedded default target of portalqa."""

from reference_portal.app import create_app

__all__ = ["create_app"]
