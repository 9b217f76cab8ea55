"""How a criterion's indicator becomes points: the formulas a quality model names.

Each returns the share of the criterion's points earned, between 0 and 1, from an indicator's value
that is not None (a None value is "not assessed" and never reaches a formula).

- ratio_to_target (Decision 766/QĐ-TTg): full points if the ratio reaches the target, else
  ratio ÷ target;
- bands (Core Web Vitals): a figure where lower is better earns everything up to `good`, nothing from
  `poor`, and in between in proportion to how far it is from `poor`;
- severity_deductions (accessibility): every rule deducts its impact's weight × the share of distinct
  pages it is on × its density (elements per affected page, full from `elements_for_full_weight`);
  the criterion earns nothing once the deductions reach `budget`. One image without alt text on one
  page of forty weighs little; 122 of them on every page weigh their full impact.
"""

from __future__ import annotations

from portalqa.scoring.indicators import IndicatorValue, Violation
from portalqa.scoring.quality_model import Bands, Formula, RatioToTarget, SeverityDeductions


def share_earned(formula: Formula, indicator: IndicatorValue) -> float:
    if indicator.value is None:
        raise ValueError("an indicator without a value is not assessed; it has no share of the points")
    if isinstance(formula, RatioToTarget):
        return min(1.0, max(0.0, indicator.value) / formula.target)
    if isinstance(formula, Bands):
        if indicator.value <= formula.good:
            return 1.0
        if indicator.value >= formula.poor:
            return 0.0
        return (formula.poor - indicator.value) / (formula.poor - formula.good)
    if isinstance(formula, SeverityDeductions):
        total = sum(deduction(formula, violation) for violation in indicator.violations)
        return max(0.0, 1.0 - total / formula.budget)
    raise TypeError(f"unknown formula {formula!r}")


def deduction(formula: SeverityDeductions, violation: Violation) -> float:
    """What one accessibility rule deducts, before dividing by the budget."""
    weight = formula.weights.get(violation.impact, formula.weights["minor"])
    density = min(1.0, violation.elements_per_page / formula.elements_for_full_weight)
    return weight * violation.page_share * density
