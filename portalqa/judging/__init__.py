"""Measurements -> verdicts: one module per criterion, no browser, no pytest, no I/O.

``from portalqa.judging import judge`` is the entry point (defined in judging/criteria.py).
"""

from portalqa.judging.criteria import judge

__all__ = ["judge"]
