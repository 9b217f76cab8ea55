"""portalqa's temporary folders: made under the system's temporary directory, removed by their owner
when it closes, and at interpreter exit whatever happened before (an exception, Ctrl-C).

Each folder remembers the process that made it: a child process that inherited the list (a fork)
never removes its parent's folders at its own exit.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

_made: dict[Path, int] = {}  # folder -> the process that made it
_hooked = False


def make(prefix: str, parent: str | None = None) -> Path:
    """A fresh folder named `<prefix>XXXXXXXX` (in `parent`, by default the system's temporary
    directory), removed at exit unless `remove`d before."""
    global _hooked
    path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    _made[path] = os.getpid()
    if not _hooked:
        atexit.register(remove_all)
        _hooked = True
    return path


def remove(path: Path | None) -> None:
    """Remove a folder `make` returned, with everything in it; other paths are left alone."""
    if path is None or _made.get(Path(path)) != os.getpid():
        return
    shutil.rmtree(path, ignore_errors=True)
    del _made[Path(path)]


def remove_all() -> None:
    for path in list(_made):
        remove(path)
