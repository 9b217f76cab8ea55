"""The nightly CI templates (ci/): valid YAML, and every portalqa command in them one the CLI accepts."""

from __future__ import annotations

import re
import shlex

import pytest
import yaml

from portalqa.cli import _parser
from portalqa.paths import PROJECT_ROOT

TEMPLATES = PROJECT_ROOT / "ci"
# What the CI system puts in the variables the commands use, for parsing them here.
SAMPLE = {
    "${{ matrix.shard }}": "2", "$SHARDS": "4", "$CI_NODE_INDEX": "2", "$CI_NODE_TOTAL": "4",
    '"${portals[@]}"': "--portal portals/reference.yaml", '"$@"': "--portal portals/reference.yaml",
}  # fmt: skip


def scripts(node) -> list[str]:
    """Every shell command of a workflow or pipeline (`run:` and `script:` entries), joined lines."""
    found = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("run", "script"):
                found += value if isinstance(value, list) else [value]
            else:
                found += scripts(value)
    elif isinstance(node, list):
        for item in node:
            found += scripts(item)
    return [str(text) for text in found]


def portalqa_commands(template: str) -> list[list[str]]:
    commands = []
    for script in scripts(yaml.safe_load((TEMPLATES / template).read_text(encoding="utf-8"))):
        text = script.replace("\\\n", " ")
        for old, new in SAMPLE.items():
            text = text.replace(old, new)
        for line in text.splitlines():
            if "-m portalqa " in line:
                words = shlex.split(line)
                commands.append(words[words.index("portalqa") + 1 :])
    return commands


@pytest.mark.parametrize("template", ["github-nightly.yml", "gitlab-nightly.yml"])
def test_the_template_shards_the_run_then_merges_and_scores_it(template):
    commands = portalqa_commands(template)
    assert [command[0] for command in commands] == ["assess", "score"]
    assess, score = (_parser().parse_args(command) for command in commands)  # argparse exits on a bad one
    assert str(assess.shard) == "2/4"
    assert [str(path) for path in score.shards] == ["shard-*"]
    assert str(assess.reports) == "shard-2"


def test_the_github_matrix_has_as_many_jobs_as_shards():
    workflow = yaml.safe_load((TEMPLATES / "github-nightly.yml").read_text(encoding="utf-8"))
    matrix = workflow["jobs"]["assess"]["strategy"]["matrix"]["shard"]
    assert matrix == list(range(1, int(workflow["env"]["SHARDS"]) + 1))


def test_the_templates_keep_the_history_between_nights():
    github = (TEMPLATES / "github-nightly.yml").read_text(encoding="utf-8")
    gitlab = yaml.safe_load((TEMPLATES / "gitlab-nightly.yml").read_text(encoding="utf-8"))
    assert re.search(r"actions/cache/restore@v\d+\s+with:\s+path: reports/history", github)
    assert re.search(r"actions/cache/save@v\d+\s+if: always\(\)\s+with:\s+path: reports/history", github)
    assert gitlab["merge"]["cache"]["paths"] == ["reports/history"]
