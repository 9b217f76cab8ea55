"""The ranking of portals by score: competition ranking, unscored portals last."""

from __future__ import annotations

from collections.abc import Sequence

from portalqa.scoring.output import PortalAssessment, RankingEntry


def ranking_key(portal: PortalAssessment) -> tuple[bool, float, str, str]:
    return (portal.score is None, -(portal.score or 0.0), portal.name.casefold(), portal.id)


def ranking(portals: Sequence[PortalAssessment]) -> list[RankingEntry]:
    """Competition ranking ("1, 1, 3"): equal scores share a rank and are listed by name."""
    entries: list[RankingEntry] = []
    previous_score: float | None = None
    rank = 0
    for position, portal in enumerate(sorted(portals, key=ranking_key), start=1):
        if portal.score is not None and portal.score != previous_score:
            rank = position
            previous_score = portal.score
        entries.append(
            RankingEntry(
                rank=rank if portal.score is not None else None,
                portal_id=portal.id,
                name=portal.name,
                owner=portal.owner,
                level=portal.level,
                score=portal.score,
                grade=portal.grade,
            )
        )
    return entries
