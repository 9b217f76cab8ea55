"""portalqa: tests public online-service portals as citizens use them and grades them as assessors do."""

__version__ = "0.1.0"
