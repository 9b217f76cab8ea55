"""Reading the YAML files people write (profiles, the standard catalog) and pointing at their mistakes.

Profiles and the standard catalog are written by QA engineers and analysts, not Python developers:
each schema problem becomes one line with the file, the line, the key and what to change. Pydantic
reports a path such as ("vocabulary", "sign_on.start"); YAML's node tree still knows where every key
and value started, so walking the composed tree along that path gives the line to show.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

import yaml


def compose(text: str) -> yaml.Node | None:
    return yaml.compose(text, Loader=yaml.SafeLoader)


def line_of(root: yaml.Node | None, path: Sequence[str | int]) -> int | None:
    """1-based line of the deepest node reachable along ``path`` (the nearest existing parent)."""
    node = root
    line = node.start_mark.line + 1 if node is not None else None
    for part in path:
        child = _child(node, part)
        if child is None:
            break
        key_node, node = child
        # Point at the key when the value is a block (its own start is the next line).
        line = (key_node or node).start_mark.line + 1
    return line


def _child(node: yaml.Node | None, part: str | int) -> tuple[yaml.Node | None, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key, value
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None


def quote_hint(value: object) -> str:
    """YAML reads unquoted yes/No/on as booleans and 01 or 1.50 as numbers: say what to write instead."""
    if isinstance(value, bool):
        written = "yes" if value else "no"
        return f'quote it: write "{written}" (YAML reads an unquoted {written} as true/false)'
    return (
        f"quote it, exactly as the portal should receive it (YAML read it as the number {value}, "
        'which drops leading zeros and trailing digits: write "01", "1.001193")'
    )


def fix_for(problem: Mapping, pattern_hints: Mapping[str, str] | None = None) -> str:
    """What to change, for one pydantic problem."""
    kind = problem["type"]
    if kind == "missing":
        return "required key is missing; add it"
    if kind == "extra_forbidden":
        return "unknown key; remove it or check its spelling"
    if kind == "literal_error":
        return problem["msg"].lower()
    if kind == "string_type" and isinstance(problem.get("input"), bool | int | float):
        return quote_hint(problem["input"])
    if kind == "string_pattern_mismatch" and pattern_hints:
        field = str(problem["loc"][-1])
        if field in pattern_hints:
            return f"{pattern_hints[field]} (got {problem['input']!r})"
    # Validators may name a key ("key x: ...") so the line can point at it; the reader needs only the rest.
    return re.sub(r"^key \S+: ", "", problem["msg"].removeprefix("Value error, "))


def located(path: Path, root: yaml.Node | None, location: Sequence[str | int], problem: str) -> str:
    line = line_of(root, list(location)) or 1
    dotted = ".".join(str(part) for part in location) or "(top level)"
    return f"{path}:{line}: {dotted}: {problem}"
