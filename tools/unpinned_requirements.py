"""Print the course's requirements with every version pin removed: the newest releases.

The weekly CI job installs this list to learn, before learners do, which new release of a
library breaks a notebook::

    python tools/unpinned_requirements.py requirements.txt requirements-browser.txt > latest.txt

Comments and blank lines go; ``-e .`` and other options stay as they are.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.\-]*(?:\[[^\]]*\])?)\s*==\s*\S+$")


def unpinned(lines: list[str]) -> list[str]:
    """The requirement lines without comments, blanks and ``==version`` pins."""
    out = []
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        match = _PIN.match(line)
        if match is None and "==" in line:
            raise ValueError(f"cannot unpin {line!r}: expected name==version")
        out.append(match.group(1) if match else line)
    return out


def main(paths: list[str]) -> int:
    if not paths:
        print(__doc__, file=sys.stderr)
        return 2
    for path in paths:
        for line in unpinned(Path(path).read_text(encoding="utf-8").splitlines()):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
