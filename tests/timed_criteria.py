"""Speed in the detection comparisons: left out unless a row expects it, and said so in the row.

Speed is wall-clock time on the assessing machine: on a busy one a defect-free page can answer past
the limit. The self-tests' exact comparisons (defect switch -> exactly its criterion, clean portal
-> no finding) therefore leave speed out, except for the switch that makes a page slow on purpose,
whose delay a busy machine can only lengthen. The row's detail says when speed was left out, so the
matrix never hides it.
"""

from __future__ import annotations

TIMED = "speed"


def untimed(observed: set[str], detail: str, expected: set[str] = frozenset()) -> tuple[set[str], str]:
    """The criteria to compare (speed left out unless expected) and the row's detail, saying so."""
    if TIMED in observed - expected:
        return observed - {TIMED}, f"{detail}; speed not met too (timed, left out)"
    return observed, detail
