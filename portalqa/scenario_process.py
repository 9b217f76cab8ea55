"""pytest as a run's child process (`python -m portalqa.scenario_process ARGS...` = `pytest ARGS...`).

A run forwards a signal to pytest as SIGINT. pytest turns it into an orderly stop once its session has
started, but a SIGINT while it is still importing plugins (the first seconds) would end it with a
KeyboardInterrupt traceback. Here that early stop is quiet: nothing had run, so there is nothing to say.
"""

from __future__ import annotations

import sys

EXIT_INTERRUPTED = 2  # pytest's own exit code for an interrupted session


def main() -> int:
    try:
        import pytest

        return int(pytest.main())
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
