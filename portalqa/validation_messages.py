"""Turns schema validation problems into messages for the people who write YAML files.

Profiles and the standard catalog are written by QA engineers and analysts, not Python developers:
each problem becomes one line with the file, the line, the key and what to change.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml

from portalqa import yaml_locations


def fix_for(problem: Mapping, pattern_hints: Mapping[str, str] | None = None) -> str:
    """What to change, for one pydantic problem."""
    kind = problem["type"]
    if kind == "missing":
        return "required key is missing; add it"
    if kind == "extra_forbidden":
        return "unknown key; remove it or check its spelling"
    if kind == "literal_error":
        return problem["msg"].lower()
    if kind == "string_pattern_mismatch" and pattern_hints:
        field = str(problem["loc"][-1])
        if field in pattern_hints:
            return f"{pattern_hints[field]} (got {problem['input']!r})"
    # Validators may name a key ("key x: ...") so the line can point at it; the reader needs only the rest.
    return re.sub(r"^key \S+: ", "", problem["msg"].removeprefix("Value error, "))


def located(path: Path, root: yaml.Node | None, location: Sequence[str | int], problem: str) -> str:
    line = yaml_locations.line_of(root, list(location)) or 1
    dotted = ".".join(str(part) for part in location) or "(top level)"
    return f"{path}:{line}: {dotted}: {problem}"
