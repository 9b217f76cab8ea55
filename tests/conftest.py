"""Shared helpers for portalqa's own tests (tests/ mirrors portalqa's packages; see docs/layout.md).

pytest puts tests/ on sys.path because of this file, so the helper modules beside it import by name:
- `assessment_runs`: `run_assessment` (`python -m portalqa assess` in its own process),
  `read_assessment` (the assessment.json it wrote) and `write_variant_profile` (the reference profile
  under another id, with defects switched on, another address or another load section);
- `result_files`: synthetic raw Allure results for the scorer's and the reports' tests.
The project folder is `portalqa.paths.PROJECT_ROOT`, as in portalqa itself.
"""
