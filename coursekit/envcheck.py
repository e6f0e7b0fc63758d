"""Environment self-check for notebook 00: Python, packages, data files.

Run ``python -m coursekit.envcheck`` in a terminal, or call :func:`check_environment` in a
notebook. Every problem comes with the command that fixes it.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from importlib import metadata

from coursekit.data import DataFileError, load_german_credit, load_loans
from coursekit.paths import repo_root

MIN_PYTHON = (3, 11)
FIX_INSTALL = "run `make install` in the course folder (or `pip install -r requirements.txt`)"
_PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([^\s;#]+)")


@dataclass(frozen=True)
class Finding:
    """One line of the self-check."""

    what: str
    ok: bool
    detail: str

    def __str__(self) -> str:
        return f"{'✅' if self.ok else '⚠️ '} {self.what}: {self.detail}"


def pinned_requirements() -> dict[str, str]:
    """``{distribution: version}`` for every ``name==version`` line of requirements.txt."""
    path = repo_root() / "requirements.txt"
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line.strip())
        if match:
            pins[match.group(1).split("[")[0].lower()] = match.group(2)
    return pins


def check_python(version_info: tuple[int, ...] = tuple(sys.version_info)) -> Finding:
    """Is this Python new enough? Only the minimum is compared: any newer one is supported."""
    shown = ".".join(map(str, version_info[:3]))
    minimum = ".".join(map(str, MIN_PYTHON))
    if tuple(version_info[:2]) >= MIN_PYTHON:
        return Finding("Python", True, f"{shown} (the course needs {minimum} or newer)")
    return Finding(
        "Python",
        False,
        f"{shown} is too old; the course needs {minimum} or newer. "
        "Install a newer Python and run `make lab` again.",
    )


def check_package(name: str, pinned: str) -> Finding:
    try:
        installed = metadata.version(name)
    except metadata.PackageNotFoundError:
        return Finding(name, False, f"not installed; {FIX_INSTALL}.")
    if installed == pinned:
        return Finding(name, True, installed)
    return Finding(
        name,
        False,
        f"{installed} installed, the course was tested with {pinned}; results may differ "
        f"from the stored solutions. To match, {FIX_INSTALL}.",
    )


def check_data() -> list[Finding]:
    findings = []
    for label, loader in (
        ("data/loans.csv", load_loans),
        ("data/loans_raw.csv", lambda: load_loans(raw=True)),
        ("data/german_credit.csv", load_german_credit),
    ):
        try:
            frame = loader()
        except DataFileError as error:
            findings.append(Finding(label, False, str(error)))
        else:
            findings.append(Finding(label, True, f"{len(frame):,} rows, checksum ok"))
    return findings


def check_environment(packages: list[str] | None = None) -> list[Finding]:
    """Run every check; print one line per check and a verdict. Returns the findings.

    Parameters
    ----------
    packages : the distributions to check (default: the pinned ones of requirements.txt
        that a notebook imports).
    """
    pins = pinned_requirements()
    tooling = tooling_packages()
    names = packages if packages is not None else [n for n in pins if n not in tooling]
    findings = [check_python()]
    for name in names:
        if name not in pins:
            raise ValueError(
                f"{name!r} is not pinned in requirements.txt; pick from {sorted(pins)}."
            )
        findings.append(check_package(name, pins[name]))
    findings += check_data()
    for finding in findings:
        print(finding)
    problems = [f for f in findings if not f.ok]
    if problems:
        print(f"\n{len(problems)} thing(s) to fix before you go on: see the ⚠️ lines above.")
    else:
        print(
            "\nAll set: Python is new enough, every package listed is at the version the\n"
            "course pins, and the data files match their checksums."
        )
    return findings


def tooling_packages() -> set[str]:
    """Distributions installed for the tests and the authoring tools, not used by notebooks:
    the ``authoring`` and ``dev`` extras of pyproject.toml, and JupyterLab itself."""
    project = tomllib.loads((repo_root() / "pyproject.toml").read_text(encoding="utf-8"))
    extras = project["project"]["optional-dependencies"]
    names = {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower() for r in extras["authoring"]}
    names |= {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower() for r in extras["dev"]}
    return names | {"jupyterlab"}


if __name__ == "__main__":
    sys.exit(0 if all(f.ok for f in check_environment()) else 1)
