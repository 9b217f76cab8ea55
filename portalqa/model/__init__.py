"""The assessment's terms (criteria, verdicts, scenario kinds, viewports, grades): pure, no I/O."""
