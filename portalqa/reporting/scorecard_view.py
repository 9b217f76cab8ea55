"""What the scorecard's pages show, worked out from the published assessment: the templates only lay it out.

`ScorecardView` answers the templates' questions in the report's language: names from the quality
model, figures and findings in words (portalqa.reporting.wording), charts (portalqa.reporting.charts)
and the links to the evidence (portalqa.reporting.evidence_links). Nothing here changes a score.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from portalqa.evidence.allure_reading import JOURNEY
from portalqa.model.full_online import FAULT_KINDS
from portalqa.reporting.charts import Bar, Series, bar_chart, line_chart
from portalqa.reporting.evidence_links import AllureLinks
from portalqa.reporting.wording import Wording, plain_message, readable
from portalqa.scoring.output import (
    Assessment,
    CriterionChange,
    CriterionScore,
    EvidenceLink,
    GroupScore,
    ModelCriterionDescription,
    PortalAssessment,
    ProcedureAssessment,
    RankedFinding,
    ResultReference,
)
from portalqa.scoring.terms import MATRIX_VIEWPORT, NOT_MET

PORTALS_DIR = "portals"
# Reasons that say portalqa could not assess a procedure: their details are technical, shown folded.
# Reasons whose detail is a test's message (folded away), not the portal's words: the faults of the
# network or the server (portalqa.model.full_online.FAULT_KINDS) among them.
TECHNICAL_REASONS = frozenset(
    {"could_not_assess", "harness_error", "no_evidence", *(kind.value for kind in FAULT_KINDS)}
)
# A mark for each matrix verdict, beside its words (never colour alone).
VERDICT_SYMBOLS = {
    "full": "✔",
    "partial": "◐",
    "not_online": "✖",
    "not_assessable": "?",
    "not_applicable": "–",
}
VERDICTS = tuple(VERDICT_SYMBOLS)
# The bars of the group charts (px): narrower than the ranking's, so that two portals sit side by side.
GROUP_CHART_WIDTH = 220
_UNSAFE_FILE_CHARS = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class ReasonView:
    text: str  # the reason in words
    detail: str  # what was seen (the portal's or the journey's words)
    technical: bool  # detail folded away: it is the test's message, not the portal's words


@dataclass(frozen=True)
class CellView:
    procedure: ProcedureAssessment
    verdict: str
    label: str
    symbol: str
    reasons: tuple[ReasonView, ...]
    other_finding: str | None  # a defect the scenario reported besides the reasons: its message, plain
    lost_on: tuple[str, ...]  # names of the model's criteria this procedure lost points on
    own_score: str | None
    test_case: str | None


@dataclass(frozen=True)
class EvidenceView:
    where: str
    page: str | None
    page_href: str | None
    detail: str
    test_case: str | None
    test_case_label: str
    screenshot_href: str | None
    screenshot_name: str | None


@dataclass(frozen=True)
class FindingView:
    rank: int
    text: str
    impact: str
    criterion: str
    group: str
    points_lost: str
    how_often: str
    examples: tuple[EvidenceView, ...]
    more: int


@dataclass(frozen=True)
class CriterionView:
    id: str
    name: str
    points: str
    earned: str
    status: str
    status_label: str
    figure: str
    why: str
    source: str
    per_procedure: bool


@dataclass(frozen=True)
class ProcedureView:
    procedure: ProcedureAssessment
    cell: CellView
    own_score: str
    own_points: str


@dataclass(frozen=True)
class ScenarioView:
    kind: str
    procedure: str
    viewport: str
    outcome: str
    summary: str
    test_case: str | None


@dataclass(frozen=True)
class TrendView:
    previous: str | None
    regressions: tuple[str, ...] = ()
    improvements: tuple[str, ...] = ()
    score_change: str | None = None


@dataclass
class ScorecardView:
    assessment: Assessment
    links: AllureLinks
    words: Wording
    portal_files: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        model = self.assessment.model
        self._groups = {group.id: group for group in model.groups}
        self._criteria = {c.id: c for group in model.groups for c in group.criteria}
        if not self.portal_files:
            self.portal_files = portal_file_names([p.id for p in self.assessment.portals])

    # --- names from the model ---------------------------------------------------------------------

    def text(self, names: dict[str, str] | None, fallback: str = "") -> str:
        names = names or {}
        return names.get(self.words.lang) or names.get("en") or fallback

    def model_title(self) -> str:
        return self.text(self.assessment.model.title, self.assessment.model.id)

    def group_name(self, group_id: str) -> str:
        group = self._groups.get(group_id)
        return self.text(group.name if group else None, readable(group_id))

    def criterion_name(self, criterion_id: str) -> str:
        criterion = self._criteria.get(criterion_id)
        return self.text(criterion.name if criterion else None, readable(criterion_id))

    def criterion_spec(self, criterion_id: str) -> ModelCriterionDescription | None:
        return self._criteria.get(criterion_id)

    # --- pages and links --------------------------------------------------------------------------

    def portal_href(self, portal_id: str) -> str:
        return f"{PORTALS_DIR}/{self.portal_files[portal_id]}"

    def test_case(self, result: ResultReference | None) -> str | None:
        return self.links.test_case(result)

    # --- scores -----------------------------------------------------------------------------------

    def score(self, value: float | None) -> str:
        return self.words.number(value) if value is not None else self.words("page.none")

    def grade(self, portal: PortalAssessment) -> str:
        """The grade, or why there is none: never an E for a portal that could not be assessed."""
        if portal.grade:
            return portal.grade
        if portal.score is None:
            return self.words("grade.not_assessable")
        return self.words(
            "grade.withheld",
            coverage=self.words.percent(portal.coverage),
            minimum=self.words.percent(self.assessment.model.minimum_coverage),
        )

    def coverage(self, portal: PortalAssessment) -> str:
        return self.words.percent(portal.coverage)

    def points_pair(self, portal: PortalAssessment) -> str:
        return self.words(
            "score.points_pair",
            assessed=self.words.points(portal.points_assessed),
            total=self.words.points(portal.points_total),
        )

    def score_change(self, portal: PortalAssessment) -> str:
        trend = portal.trend
        if trend is None:
            return self.words("score.change_new") if self.assessment.trend else self.words("page.none")
        change = trend.score_change
        if change is None:
            return self.words("page.none")
        if abs(change) < 0.05:
            return self.words("score.change_none")
        key = "score.change_up" if change > 0 else "score.change_down"
        return self.words(key, change=self.words.number(abs(change)))

    # --- charts -----------------------------------------------------------------------------------

    def ranking_chart(self) -> Markup:
        bars = []
        for entry in self.assessment.ranking:
            portal = self.assessment.portal(entry.portal_id)
            if portal is None:
                continue
            if portal.score is None:
                bars.append(Bar(portal.name, None, self.words("grade.not_assessable"), "none"))
                continue
            text = (
                self.words("score.with_grade", value=self.score(portal.score), grade=portal.grade)
                if portal.grade
                else self.words("score.no_grade", value=self.score(portal.score))
                + " · "
                + self.words(
                    "grade.withheld_short", minimum=self.words.percent(self.assessment.model.minimum_coverage)
                )
            )
            bars.append(Bar(portal.name, portal.score, text, portal.grade or "ungraded"))
        return bar_chart(
            bars,
            chart_id="ranking-chart",
            title=self.words("ranking.chart_title"),
            description=self.words("ranking.chart_description"),
            scale_label=self.words("ranking.chart_scale"),
        )

    def group_chart(self, portal: PortalAssessment, chart_id: str) -> Markup:
        bars = []
        for group in portal.groups:
            name = self.group_name(group.id)
            if group.score is None:
                bars.append(Bar(name, None, self.words("groups.not_assessed"), "none"))
                continue
            values = {
                "score": self.words.number(group.score),
                "assessed": self.words.points(group.points_assessed),
            }
            text = (
                self.words("groups.bar_text_graded", grade=group.grade, **values)
                if group.grade
                else self.words("groups.bar_text", **values)
            )
            bars.append(Bar(name, group.score, text, group.grade or "ungraded"))
        return bar_chart(
            bars,
            chart_id=chart_id,
            title=self.words("groups.chart_title", portal=portal.name),
            description=self.words("groups.chart_description"),
            scale_label=self.words("ranking.chart_scale"),
            plot_width=GROUP_CHART_WIDTH,
        )

    def trend_runs(self) -> list[str]:
        trend = self.assessment.trend
        return [self.words.when(point.generated_at) for point in trend.history] if trend else []

    def trend_chart(self) -> Markup | None:
        """Each portal's score over the history's runs; None unless there are two runs or more."""
        trend = self.assessment.trend
        if trend is None or len(trend.history) < 2:
            return None
        series = [
            Series(portal.name, tuple(point.scores.get(portal.id) for point in trend.history))
            for portal in self.assessment.portals
        ]
        return line_chart(
            series,
            self._run_labels(),
            chart_id="trend-chart",
            title=self.words("trend.chart_title"),
            description=self.words("trend.chart_description"),
            y_label=self.words("trend.chart_scale"),
        )

    def trend_table(self) -> list[tuple[str, list[str]]]:
        """(run, score per portal in assessment order) for the chart's table."""
        trend = self.assessment.trend
        if trend is None:
            return []
        return [
            (
                self.words.when(point.generated_at),
                [self.score(point.scores.get(p.id)) for p in self.assessment.portals],
            )
            for point in trend.history
        ]

    def _run_labels(self) -> list[str]:
        dates = [self.words.when(point.generated_at) for point in self.assessment.trend.history]
        days = [label.split(" ")[0] for label in dates]
        # Dates alone when they tell the runs apart; with the time otherwise.
        return days if len(set(days)) == len(days) else [label.removesuffix(" UTC") for label in dates]

    def portal_trend(self, portal: PortalAssessment) -> TrendView:
        summary = self.assessment.trend
        if summary is None or summary.previous_generated_at is None:
            return TrendView(previous=None)
        when = self.words.when(summary.previous_generated_at)
        trend = portal.trend
        if trend is None:
            return TrendView(previous=self.words("trend.not_in_previous"))
        previous = (
            self.words(
                "trend.previous",
                when=when,
                score=self.score(trend.previous_score),
                grade=trend.previous_grade or self.words("page.none"),
            )
            if trend.previous_score is not None
            else self.words("trend.previous_unscored", when=when)
        )
        return TrendView(
            previous=previous,
            regressions=tuple(self._change(c) for c in trend.regressions),
            improvements=tuple(self._change(c) for c in trend.improvements),
            score_change=self.score_change(portal),
        )

    def _change(self, change: CriterionChange) -> str:
        return self.words(
            "trend.change_line",
            criterion=self.criterion_name(change.criterion),
            group=self.group_name(change.group),
            before=self.words.points(change.previous_earned),
            after=self.words.points(change.earned),
        )

    # --- the matrix -------------------------------------------------------------------------------

    def matrix(self) -> list[tuple[str, list[CellView | None]]]:
        rows = []
        for procedure_id, procedure_name in self.assessment.procedure_catalog():
            cells = []
            for portal in self.assessment.portals:
                procedure = portal.procedure(procedure_id)
                cells.append(self.cell(procedure) if procedure is not None else None)
            rows.append((procedure_name, cells))
        return rows

    def cell(self, procedure: ProcedureAssessment) -> CellView:
        own = procedure.model_points
        lost = tuple(
            dict.fromkeys(
                self.criterion_name(c.id) for c in (own.criteria if own else ()) if (c.points_lost or 0) > 0
            )
        )
        return CellView(
            procedure=procedure,
            verdict=procedure.verdict,
            label=self.words.verdict(procedure.verdict),
            symbol=VERDICT_SYMBOLS.get(procedure.verdict, "?"),
            reasons=tuple(self.reason(r.kind, r.detail) for r in procedure.reasons),
            other_finding=self._other_finding(procedure),
            lost_on=lost,
            own_score=self.score(own.score) if own and own.score is not None else None,
            test_case=self.test_case(procedure.result),
        )

    def _other_finding(self, procedure: ProcedureAssessment) -> str | None:
        """The failure message of a journey whose failure nothing else explains; None when its reasons
        or a quality criterion it did not meet already say why it failed."""
        if not procedure.other_finding or procedure.reasons:
            return None
        if any(j.verdict == NOT_MET for j in procedure.quality_criteria if j.scenario == JOURNEY):
            return None
        return plain_message(procedure.other_finding) or self.words("page.none")

    def reason(self, kind: str, detail: str) -> ReasonView:
        technical = kind in TECHNICAL_REASONS
        return ReasonView(
            text=self.words.finding(kind),
            detail=plain_message(detail) if technical else detail,
            technical=technical,
        )

    # --- a portal's page --------------------------------------------------------------------------

    def rank_text(self, portal: PortalAssessment) -> str:
        if portal.rank is None:
            return self.words("portal.unranked")
        return self.words(
            "portal.rank_value",
            rank=self.words.number(portal.rank),
            count=self.words.number(len(self.assessment.portals)),
        )

    def coverage_text(self, portal: PortalAssessment) -> str:
        return self.words(
            "portal.coverage_value",
            coverage=self.coverage(portal),
            assessed=self.words.points(portal.points_assessed),
            total=self.words.points(portal.points_total),
        )

    def group_caption(self, group: GroupScore) -> str:
        return self.words(
            "groups.table_caption",
            group=self.group_name(group.id),
            earned=self.words.points(group.earned),
            assessed=self.words.points(group.points_assessed),
            points=self.words.points(group.points),
        )

    def criteria(self, group: GroupScore) -> list[CriterionView]:
        return [self.criterion(c) for c in group.criteria]

    def criterion(self, score: CriterionScore) -> CriterionView:
        spec = self.criterion_spec(score.id)
        why = ""
        if score.status == "not_observable":
            reason = self.text(spec.why_not_observable if spec else None, score.why) or score.why
            why = self.words("status.not_observable_why", why=reason.rstrip("."))
        elif score.status == "not_assessed":
            why = self.words("status.not_assessed_why", why=self.words.why(score.why))
        return CriterionView(
            id=score.id,
            name=self.criterion_name(score.id),
            points=self.words.points(score.points),
            earned=self.words.points(score.earned) if score.status == "scored" else self.words("page.none"),
            status=score.status,
            status_label=self.words.status(score.status),
            figure=self.figure(score) if score.status == "scored" else "",
            why=why,
            source=spec.source if spec else "",
            per_procedure=bool(spec and spec.per_procedure),
        )

    def figure(self, score: CriterionScore) -> str:
        """The indicator's figure in words, e.g. "75th percentile 420 ms over 35 page loads"."""
        spec = self.criterion_spec(score.id)
        indicator = (spec.indicator or {}) if spec else {}
        formula = (spec.formula or {}) if spec else {}
        name = indicator.get("name")
        w = self.words
        figures = score.figures
        value = score.value
        observed = score.observed
        good = round((value or 0) * observed)
        if name == "full_online_share":
            return w(
                "figure.full_online",
                total=w.count(observed, "procedures"),
                full=w.number(int(figures.get("full", 0))),
                partial=w.number(int(figures.get("partial", 0))),
                not_online=w.number(int(figures.get("not_online", 0))),
            )
        if name == "prefilled_share" and "register_fields" in figures:
            return w(
                "figure.prefilled",
                prefilled=w.number(int(figures.get("fields_prefilled", 0))),
                asked=w.number(int(figures["register_fields"])),
                procedures=w.count(observed, "procedures"),
            )
        if name in ("scenarios_without_findings", "scenarios_meeting"):
            key = "figure.without_findings" if name == "scenarios_without_findings" else "figure.meeting"
            return w(key, good=w.number(good), total=w.number(observed), unit=w.unit(score.unit, observed))
        if name == "accessibility_violations":
            return self._accessibility_figure(score, formula)
        if name == "page_timing_percentile" and value is not None:
            return w(
                "figure.percentile",
                percentile=w("percentile.name", ordinal=w.ordinal(float(indicator.get("percentile") or 75))),
                value=w.number(round(value)),
                samples=w.count(observed, score.unit or "page loads"),
                good=w.number(round(float(formula.get("good", 0)))),
                poor=w.number(round(float(formula.get("poor", 0)))),
            )
        if name == "load_objectives_met":
            return w("figure.load_met") if (value or 0) >= 1 else w("figure.load_missed")
        if name == "pages_with":
            fact = indicator.get("fact") or ""
            fact_words = w(f"fact.{fact}") if w.has(f"fact.{fact}") else readable(fact).lower()
            pages = w.unit("distinct pages", observed)
            return w(
                "figure.pages_with",
                good=w.number(good),
                total=w.number(observed),
                fact=f"{pages} {fact_words}",
            )
        if name == "required_links":
            return w("figure.required_links", good=w.number(good), total=w.number(observed))
        return w(
            "figure.generic",
            value=w.number(value, 2),
            observed=w.number(observed),
            unit=w.unit(score.unit, observed),
        )

    def _accessibility_figure(self, score: CriterionScore, formula: dict) -> str:
        """E.g. "3 accessibility rules broken, 41 elements, on 6 of 12 distinct pages scanned"."""
        w = self.words
        figures = score.figures
        rules = int(figures.get("rules", 0))
        values = {
            "pages": w.count(score.observed, "distinct pages"),
            "rules": w.count(rules, "rules"),
            "elements": w.count(int(figures.get("elements", 0)), "elements"),
        }
        if rules == 0:
            text = w("figure.accessibility_none", **values)
        elif "pages_affected" in figures:
            affected = w.number(int(figures["pages_affected"]))
            text = w("figure.accessibility_affected", affected=affected, **values)
        else:
            text = w("figure.accessibility", **values)
        if "deductions" in figures and formula.get("budget"):
            deductions = w.number(figures["deductions"], 2)
            text += "; " + w(
                "figure.deductions", deductions=deductions, budget=w.number(float(formula["budget"]))
            )
        return text

    def findings(self, portal: PortalAssessment) -> list[FindingView]:
        return [self.finding(portal, rank, f) for rank, f in enumerate(portal.findings, start=1)]

    def finding(self, portal: PortalAssessment, rank: int, finding: RankedFinding) -> FindingView:
        score = portal.criterion_score(finding.criterion)
        unit = score.unit if score else "scenarios"
        return FindingView(
            rank=rank,
            text=self.words.finding(finding.kind, finding.criterion),
            impact=self.words("findings.impact", impact=self.words.impact(finding.impact))
            if finding.impact
            else "",
            criterion=self.criterion_name(finding.criterion),
            group=self.group_name(finding.group),
            points_lost=self.words.points(finding.points_lost)
            if finding.points_lost >= 0.05
            else self.words.number(finding.points_lost, 2),
            how_often=self._how_often(finding, unit),
            examples=tuple(self.evidence(portal, e) for e in finding.examples),
            more=max(0, finding.units - len(finding.examples)),
        )

    def _how_often(self, finding: RankedFinding, unit: str) -> str:
        w = self.words
        units = w.count(finding.units, unit)
        if finding.criterion == "accessibility" or (finding.impact and unit == "pages"):
            return w(
                "findings.elements_on_pages", elements=w.count(finding.occurrences, "elements"), pages=units
            )
        if finding.occurrences != finding.units:
            return w("findings.times_in", occurrences=w.count(finding.occurrences, "findings"), units=units)
        return w("findings.in", units=units)

    def evidence(self, portal: PortalAssessment, link: EvidenceLink) -> EvidenceView:
        w = self.words
        scenario = w.scenario(link.scenario)
        viewport = w.viewport(link.viewport)
        if link.procedure_name and link.scenario not in ("site", "load"):
            where = w(
                "evidence.procedure_on", procedure=link.procedure_name, scenario=scenario, viewport=viewport
            )
        else:
            where = w("evidence.scenario_on", scenario=scenario, viewport=viewport)
        screenshot_href = self.links.screenshots.get(link.screenshot) if link.screenshot else None
        return EvidenceView(
            where=where,
            page=_page_text(link.page) if link.page else None,
            page_href=link.page if link.page and re.match(r"^https?://", link.page) else None,
            detail=w.detail(link.detail),
            test_case=self.test_case(link.allure_result),
            test_case_label=w("evidence.test_case_for", what=where, portal=portal.name),
            screenshot_href=screenshot_href,
            screenshot_name=link.screenshot if link.screenshot and not screenshot_href else None,
        )

    def procedures(self, portal: PortalAssessment) -> list[ProcedureView]:
        views = []
        for procedure in portal.procedures:
            own = procedure.model_points
            views.append(
                ProcedureView(
                    procedure=procedure,
                    cell=self.cell(procedure),
                    own_score=self.score(own.score) if own else self.words("page.none"),
                    own_points=self.words(
                        "score.of_points",
                        earned=self.words.points(own.earned),
                        points=self.words.points(own.assessed),
                    )
                    if own and own.assessed
                    else self.words("page.none"),
                )
            )
        return views

    def scenarios(self, portal: PortalAssessment) -> list[ScenarioView]:
        w = self.words
        views = [
            ScenarioView(
                w.scenario("journey"),
                p.name,
                w.viewport(p.viewport),
                w.outcome(p.status),
                w.verdict(p.verdict),
                self.test_case(p.result),
            )
            for p in portal.procedures + portal.other_viewports
        ]
        views += [
            ScenarioView(
                w.scenario("assistant"),
                a.name,
                w.viewport(a.viewport),
                w.outcome(a.status),
                "",
                self.test_case(a.result),
            )
            for a in portal.assistant_scenarios
        ]
        views += [
            ScenarioView(
                w.scenario("site"),
                "",
                w.viewport(s.viewport),
                w.outcome(s.status),
                w.count(s.pages, "pages"),
                self.test_case(s.result),
            )
            for s in portal.site_scenarios
        ]
        speed = portal.speed_under_load
        if speed.result is not None:
            views.append(
                ScenarioView(
                    w.scenario("load"),
                    "",
                    w.viewport(MATRIX_VIEWPORT),
                    w.outcome(speed.status or ""),
                    w.speed(speed.verdict),
                    self.test_case(speed.result),
                )
            )
        return views

    def not_assessable(
        self, portal: PortalAssessment | None = None
    ) -> list[tuple[PortalAssessment, ProcedureAssessment, CellView]]:
        return [
            (p, procedure, self.cell(procedure))
            for p, procedure in self.assessment.not_assessable()
            if portal is None or p.id == portal.id
        ]


def portal_file_names(portal_ids: Sequence[str]) -> dict[str, str]:
    """A file name per portal id: the id itself when it is safe in a file name, else a cleaned one."""
    names: dict[str, str] = {}
    used: set[str] = set()
    for portal_id in portal_ids:
        base = _UNSAFE_FILE_CHARS.sub("_", portal_id).strip("._") or "portal"
        name, n = base, 1
        while name.casefold() in used:
            n += 1
            name = f"{base}-{n}"
        used.add(name.casefold())
        names[portal_id] = f"{name}.html"
    return names


def _page_text(url: str) -> str:
    """A page as a reader recognises it: host and path, without the query's identifiers."""
    text = re.sub(r"^https?://", "", url)
    return text.split("?", 1)[0].split("#", 1)[0] or url
