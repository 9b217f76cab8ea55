"""Letter grades for portal scores, using the 2024 bands of the Ministry of Information and Communications.

A 90–100, B 80–89, C 65–79, D 50–64, E below 50. The grade is taken from the score as published
(rounded to one decimal), so a reader can always check a grade against the score printed beside it:
89.9 is a B, 90.0 an A. A portal without any assessable procedure has no score and therefore no grade;
it is "not assessable", which is deliberately different from an E.
"""

from __future__ import annotations

from dataclasses import dataclass

NOT_ASSESSABLE = "not assessable"


@dataclass(frozen=True)
class GradeBand:
    letter: str
    minimum: float
    maximum: float

    def to_dict(self) -> dict:
        return {"grade": self.letter, "minimum": self.minimum, "maximum": self.maximum}


# Highest band first: the first band whose minimum a score reaches is its grade.
MIC_2024_BANDS: tuple[GradeBand, ...] = (
    GradeBand("A", 90.0, 100.0),
    GradeBand("B", 80.0, 89.9),
    GradeBand("C", 65.0, 79.9),
    GradeBand("D", 50.0, 64.9),
    GradeBand("E", 0.0, 49.9),
)


def grade_for(score: float | None) -> str | None:
    """The letter for a 0–100 score, or None when the score is None (not assessable)."""
    if score is None:
        return None
    if not 0.0 <= score <= 100.0:
        raise ValueError(f"a portal score lies between 0 and 100, got {score}")
    for band in MIC_2024_BANDS:
        if score >= band.minimum:
            return band.letter
    raise AssertionError("unreachable: the lowest band starts at 0")


def describe_grade(grade: str | None) -> str:
    """Text for people: the letter, or "not assessable" instead of an empty cell."""
    return grade if grade is not None else NOT_ASSESSABLE
