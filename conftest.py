"""Root conftest: loads the portalqa plugin and the step definitions for every feature."""

pytest_plugins = [
    "portalqa.pytest_plugin",
    "steps.sign_on_steps",
    "steps.procedure_steps",
    "steps.custom_procedure_steps",
    "steps.quality_steps",
    "steps.portal_pages_steps",
]
