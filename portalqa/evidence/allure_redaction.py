"""The last gate before allure-pytest(-bdd) writes a results folder: secrets masked in every result,
container and text attachment.

Both Allure plugins write through one `AllureFileLogger` each, registered on allure-commons' plugin
manager; `redact_file_loggers` turns each into a `RedactingFileLogger` in place. The same object stays
registered under the same name (the plugins' clean-up unregisters it by identity), so nothing writes
twice and nothing is left registered after the run.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

import allure_commons
from allure_commons import hookimpl
from allure_commons.logger import INDENT, AllureFileLogger
from attr import asdict

from portalqa.secrets_guard import redact_document, redact_structure


class RedactingFileLogger(AllureFileLogger):
    """AllureFileLogger with every result and container passed through `redact_structure` (strings
    only: numbers, statuses and timestamps stay as they are) and every text attachment masked."""

    def _report_item(self, item) -> None:
        indent = INDENT if os.environ.get("ALLURE_INDENT_OUTPUT") else None
        filename = item.file_pattern.format(prefix=uuid.uuid4())
        data = redact_structure(asdict(item, filter=lambda _, v: v or v is False))
        temporary = self._report_dir / f"{filename}.tmp"
        with open(temporary, "w", encoding="utf8") as json_file:
            json.dump(data, json_file, indent=indent, ensure_ascii=False)
        os.replace(temporary, self._report_dir / filename)

    @hookimpl
    def report_result(self, result) -> None:
        self._report_item(result)

    @hookimpl
    def report_container(self, container) -> None:
        self._report_item(container)

    @hookimpl
    def report_globals(self, globals_item) -> None:
        self._report_item(globals_item)

    @hookimpl
    def report_attached_file(self, source, file_name) -> None:
        self._write_attachment(Path(source).read_bytes(), file_name)

    @hookimpl
    def report_attached_data(self, body, file_name) -> None:
        self._write_attachment(body.encode("utf-8") if isinstance(body, str) else body, file_name)

    def _write_attachment(self, data: bytes, file_name: str) -> None:
        temporary = self._report_dir / f"{file_name}.tmp"
        temporary.write_bytes(redact_document(data, Path(file_name).suffix))
        os.replace(temporary, self._report_dir / file_name)


def redact_file_loggers() -> int:
    """Make every AllureFileLogger registered so far a RedactingFileLogger; how many were."""
    manager = allure_commons.plugin_manager
    swapped = 0
    for name, plugin in list(manager.list_name_plugin()):
        if type(plugin) is AllureFileLogger:
            # pluggy binds hook methods at registration: re-register for the new class's methods.
            manager.unregister(plugin)
            plugin.__class__ = RedactingFileLogger
            manager.register(plugin, name)
            swapped += 1
    return swapped
