"""The quality model as data: groups, criteria, their indicators, targets, points, formulas and sources.

portalqa ships one model (models/decision-473.yaml, the six groups of Decision 473/QĐ-BTTTT); an
assessor replaces it with their own file (`--model FILE`) without touching code. This module reads and
checks a model file: every problem is one line naming the file, the line, the key and what to change.
What the indicators compute lives in portalqa.scoring.indicators, the formulas in
portalqa.scoring.formulas; this module only knows their names and parameters.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from portalqa.scoring.indicators import INDICATORS, IndicatorSpec
from portalqa.yaml_input import compose, fix_for, located

QUALITY_MODEL_SCHEMA = "portalqa.quality-model/1"
MODELS_DIR = Path(__file__).parent / "models"
DEFAULT_MODEL_PATH = MODELS_DIR / "decision-473.yaml"
# Points are compared with this tolerance: a model written with decimals (2.5 + 2.5) must add up.
POINTS_TOLERANCE = 1e-6


class QualityModelError(ValueError):
    """A model file that cannot be used; the message names the file, the line and the fix."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    """A name or sentence in the languages reports are written in."""

    en: str = Field(min_length=1)
    vi: str = Field(min_length=1)

    def in_language(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


class RatioToTarget(_Strict):
    """Decision 766/QĐ-TTg: full points if the ratio reaches the target, else ratio ÷ target × points."""

    kind: Literal["ratio_to_target"]
    target: float = Field(gt=0, le=1)


class Bands(_Strict):
    """A figure where lower is better: full points up to `good`, none from `poor`, linear between."""

    kind: Literal["bands"]
    good: float = Field(ge=0)
    poor: float = Field(gt=0)
    unit: str = ""

    @model_validator(mode="after")
    def _good_below_poor(self) -> Bands:
        if self.poor <= self.good:
            raise ValueError(f"key poor: must be above good ({self.good}), got {self.poor}")
        return self


class SeverityDeductions(_Strict):
    """Each violation deducts its impact's weight x the share of pages it is on x its density."""

    kind: Literal["severity_deductions"]
    weights: dict[Literal["critical", "serious", "moderate", "minor"], float]
    elements_for_full_weight: int = Field(5, ge=1)
    budget: float = Field(gt=0)

    @field_validator("weights")
    @classmethod
    def _every_impact(cls, weights: dict[str, float]) -> dict[str, float]:
        missing = {"critical", "serious", "moderate", "minor"} - set(weights)
        if missing:
            raise ValueError(f"give a weight for every impact; missing: {', '.join(sorted(missing))}")
        if any(weight < 0 for weight in weights.values()):
            raise ValueError("weights are 0 or more")
        return weights


Formula = Annotated[RatioToTarget | Bands | SeverityDeductions, Field(discriminator="kind")]


class CriterionSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    points: float = Field(gt=0)
    source: str = Field(min_length=1)
    # Judged per procedure as well as per portal: the procedure's own points in the matrix.
    per_procedure: bool = False
    observable: bool = True
    why_not_observable: Text | None = None
    indicator: IndicatorSpec | None = None
    formula: Formula | None = None

    @field_validator("indicator", mode="before")
    @classmethod
    def _indicator_by_name(cls, value):
        # `indicator: full_online_share` is short for `indicator: {name: full_online_share}`.
        return {"name": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _observable_needs_a_measure(self) -> CriterionSpec:
        if self.observable and (self.indicator is None or self.formula is None):
            raise ValueError(
                "an observable criterion needs an indicator and a formula "
                "(or say `observable: false` and why_not_observable)"
            )
        if not self.observable and self.why_not_observable is None:
            raise ValueError("a criterion with `observable: false` says why in why_not_observable: {en, vi}")
        if self.observable and self.indicator is not None and self.formula is not None:
            wanted = INDICATORS[self.indicator.name].formulas
            if self.formula.kind not in wanted:
                raise ValueError(
                    f"key formula: indicator {self.indicator.name} is weighed with "
                    f"{' or '.join(wanted)}, not {self.formula.kind}"
                )
        return self


class GroupSpec(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Text
    points: float = Field(gt=0)
    source: str = Field(min_length=1)
    criteria: list[CriterionSpec] = Field(min_length=1)

    @model_validator(mode="after")
    def _points_add_up(self) -> GroupSpec:
        total = sum(criterion.points for criterion in self.criteria)
        if abs(total - self.points) > POINTS_TOLERANCE:
            raise ValueError(
                f"key points: the group has {self.points:g} points but its criteria add up to {total:g}; "
                "make them equal"
            )
        return self


class GradeBandSpec(_Strict):
    grade: str = Field(min_length=1)
    minimum: float = Field(ge=0, le=100)


class QualityModel(_Strict):
    schema_: Literal["portalqa.quality-model/1"] = Field(alias="schema")
    id: str = Field(min_length=1)
    version: str = Field(min_length=1)
    title: Text
    source: str = Field(min_length=1)
    grade_bands: list[GradeBandSpec] = Field(min_length=1)
    minimum_coverage: float = Field(0.5, ge=0, le=1)
    groups: list[GroupSpec] = Field(min_length=1)
    # Where the model was read from (not part of the file).
    path: str = Field("", exclude=True)

    @model_validator(mode="after")
    def _consistent(self) -> QualityModel:
        bands = [band.minimum for band in self.grade_bands]
        if bands != sorted(bands, reverse=True) or len(set(bands)) != len(bands):
            raise ValueError("key grade_bands: list the bands highest first, each with its own minimum")
        if bands[-1] != 0:
            raise ValueError("key grade_bands: the lowest band starts at 0, so that every score has a grade")
        seen: set[str] = set()
        for criterion in self.criteria():
            if criterion.id in seen:
                raise ValueError(f"key groups: criterion id {criterion.id} is used twice; ids are unique")
            seen.add(criterion.id)
        if len({group.id for group in self.groups}) != len(self.groups):
            raise ValueError("key groups: two groups share an id; ids are unique")
        return self

    @property
    def total_points(self) -> float:
        return sum(group.points for group in self.groups)

    def criteria(self) -> list[CriterionSpec]:
        return [criterion for group in self.groups for criterion in group.criteria]

    def grade_for(self, score: float | None) -> str | None:
        """The band a 0–100 score (as published, one decimal) falls in; None without a score."""
        if score is None:
            return None
        return next(band.grade for band in self.grade_bands if score >= band.minimum)


def load_quality_model(path: str | Path | None = None) -> QualityModel:
    """The model in `path`, or the one portalqa ships; QualityModelError names every problem."""
    path = Path(path) if path is not None else DEFAULT_MODEL_PATH
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise QualityModelError(f"{path}: no such quality model file") from None
    except UnicodeDecodeError:
        raise QualityModelError(f"{path}: not UTF-8 text; save the model as UTF-8") from None
    except OSError as err:
        raise QualityModelError(f"{path}: cannot read the quality model ({err.strerror})") from None
    try:
        data = yaml.safe_load(text)
        root = compose(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise QualityModelError(f"{where}: not valid YAML ({getattr(err, 'problem', err)})") from None
    if not isinstance(data, dict):
        raise QualityModelError(f"{path}: a quality model is a mapping with schema, groups, ... at the top")
    try:
        model = QualityModel.model_validate(data)
    except ValidationError as err:
        lines = [located(path, root, problem["loc"], fix_for(problem)) for problem in err.errors()]
        raise QualityModelError("\n".join(lines)) from None
    return model.model_copy(update={"path": str(path)})
