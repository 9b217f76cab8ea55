"""Keep test-account secrets out of everything portalqa writes.

Secrets are read from environment variables named in profiles; each one read is registered here,
and every text that leaves the harness (measurements, messages, logs) passes through `redact`.
Structured data (an Allure result, a JSON document) passes through `redact_structure`, which masks
strings only, so a number that happens to equal a secret stays a number. Log records are masked by
`RedactingFilter` on each handler (`install_on_handlers`): a filter on a logger sees only the
records logged on that very logger, not those its children propagate.
"""

from __future__ import annotations

import html
import json
import logging
import os
import sys
from urllib.parse import quote, quote_plus

MASK = "•••"
_secrets: set[str] = set()
# Every form a registered secret is masked in, longest first (see `_forms`).
_forms_cache: list[str] = []


class MissingCredential(Exception):
    pass


def env_value(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise MissingCredential(f"environment variable {name} is not set (the profile's sign_on names it)")
    return value


def secret_from_env(name: str) -> str:
    value = env_value(name)
    register(value)
    return value


class Secret:
    """A secret value that shows as the mask wherever Python prints it: pytest's long tracebacks print
    every frame's arguments (into the terminal and the Allure trace), so a secret travels wrapped and is
    unwrapped only at the call that types it."""

    __slots__ = ("_value",)

    def __init__(self, value: str):
        register(value)
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return MASK

    __str__ = __repr__


def secret_value_from_env(name: str) -> Secret:
    return Secret(env_value(name))


def missing_credentials(names: list[str]) -> list[str]:
    return [name for name in names if not os.environ.get(name)]


def register(value: str) -> None:
    # Very short values would mask ordinary words; real passwords and tokens are longer.
    if value and len(value) >= 4 and value not in _secrets:
        _secrets.add(value)
        forms = {form for secret in _secrets for form in _forms(secret)}
        _forms_cache[:] = sorted(forms, key=len, reverse=True)


def _forms(secret: str) -> set[str]:
    """The secret as written raw and as the formats portalqa writes escape it: a JSON string (either
    way of writing non-ASCII), a URL (path, query and form fields), HTML text and a Python repr (what
    pytest shows of a local variable or an argument)."""
    forms = {
        secret,
        json.dumps(secret)[1:-1],
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret),
        quote(secret, safe=""),
        quote_plus(secret),
        html.escape(secret),
        html.escape(secret, quote=False),
        repr(secret)[1:-1],
        ascii(secret)[1:-1],
    }
    return {form for form in forms if form}


def redact(text: str) -> str:
    for form in _forms_cache:
        if form in text:
            text = text.replace(form, MASK)
    return text


def redact_bytes(data: bytes) -> bytes:
    """`redact` on bytes in UTF-8 (or ASCII), without decoding them: a file that is not valid UTF-8
    is masked all the same."""
    for form in _forms_cache:
        encoded = form.encode("utf-8")
        if encoded in data:
            data = data.replace(encoded, MASK.encode("utf-8"))
    return data


def redact_structure(obj):
    """A copy of a JSON-like value with every string (keys included) redacted; numbers, booleans and
    None are kept as they are, so the structure serialises exactly as before but for the masks."""
    if isinstance(obj, str):
        return redact(obj)
    if isinstance(obj, dict):
        return {redact_structure(key): redact_structure(value) for key, value in obj.items()}
    if isinstance(obj, list):
        return [redact_structure(value) for value in obj]
    if isinstance(obj, tuple):
        return tuple(redact_structure(value) for value in obj)
    return obj


def redact_objects(obj, _seen: set[int] | None = None):
    """`redact_structure` for a tree of plain objects (pytest's failure representations: entries,
    file locations, locals, arguments): their attributes are redacted in place, lists and dicts
    too; the value to keep is returned (tuples and strings cannot change in place)."""
    seen = set() if _seen is None else _seen
    if isinstance(obj, str):
        return redact(obj)
    if obj is None or isinstance(obj, (int, float, bytes, type)) or id(obj) in seen:
        return obj
    seen.add(id(obj))
    if isinstance(obj, list):
        obj[:] = [redact_objects(value, seen) for value in obj]
    elif isinstance(obj, tuple):
        return tuple(redact_objects(value, seen) for value in obj)
    elif isinstance(obj, dict):
        for key, value in obj.items():
            obj[key] = redact_objects(value, seen)
    elif hasattr(obj, "__dict__") and not callable(obj):
        for name, value in vars(obj).items():
            cleaned = redact_objects(value, seen)
            if cleaned is not value:
                setattr(obj, name, cleaned)
    return obj


# Files read as text when masking a document; any other kind (images, video, archives) is left as is.
TEXT_SUFFIXES = frozenset(
    {".txt", ".log", ".csv", ".tsv", ".json", ".html", ".htm", ".xml", ".svg", ".uri", ".md", ".yaml",
     ".yml", ".js", ".css"}
)  # fmt: skip


def redact_document(data: bytes, suffix: str) -> bytes:
    """A file's content with the secrets masked, by its kind: JSON value by value (when it parses),
    other text types as text, anything else unchanged."""
    suffix = suffix.lower()
    if not _forms_cache or suffix not in TEXT_SUFFIXES:
        return data
    if suffix == ".json":
        try:
            document = json.loads(data)
        except ValueError:
            return redact_bytes(data)
        cleaned = redact_structure(document)
        if cleaned == document:
            return data
        return json.dumps(cleaned, ensure_ascii=False, indent=2).encode("utf-8")
    return redact_bytes(data)


class RedactingFilter(logging.Filter):
    """Masks secrets in a log record (message, traceback and stack) before a handler formats it.

    Installed on handlers, not loggers: Python applies a logger's filters only to records logged on
    that logger itself, never to the records of its children (selenium, urllib3) that propagate."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not _forms_cache:
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is the handler's to report, as usual
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        if record.exc_info and not record.exc_text:
            # What the formatter would print; cached on the record, which formatters then reuse.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install_on_handlers() -> None:
    """A RedactingFilter on every handler that has none yet, of the root logger and of every logger
    with handlers of its own (Locust's statistics logger, for one); call again whenever handlers may
    have been added."""
    loggers = [logging.getLogger()]
    loggers += [lg for lg in logging.Logger.manager.loggerDict.values() if isinstance(lg, logging.Logger)]
    for logger in loggers:
        for handler in logger.handlers:
            if not any(isinstance(f, RedactingFilter) for f in handler.filters):
                handler.addFilter(RedactingFilter())


class RedactingStream:
    """A text stream that masks secrets in what is written to it, a line at a time.

    For the terminal when pytest does not capture output (`-s`, `--capture=no`): what a step prints
    then goes straight to the terminal, past the masking of captured output. Whole lines are masked,
    so a secret written in several pieces is still found; a partial line waits for its end, a flush
    or the stream's closing. Everything else (encoding, fileno, isatty) is the wrapped stream's.
    """

    def __init__(self, stream):
        self._stream = stream
        self._pending = ""

    @property
    def wrapped(self):
        return self._stream

    def write(self, text: str) -> int:
        self._pending += text
        complete, newline, self._pending = self._pending.rpartition("\n")
        if newline:
            self._stream.write(redact(complete + newline))
        return len(text)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self._pending:
            self._stream.write(redact(self._pending))
            self._pending = ""
        self._stream.flush()

    def __getattr__(self, name: str):
        return getattr(self._stream, name)


def redact_standard_streams() -> None:
    """sys.stdout and sys.stderr masked (once), for runs whose output pytest does not capture."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is not None and not isinstance(stream, RedactingStream):
            setattr(sys, name, RedactingStream(stream))


def restore_standard_streams() -> None:
    """Undo redact_standard_streams, writing out what is still pending."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if isinstance(stream, RedactingStream):
            stream.flush()
            setattr(sys, name, stream.wrapped)
