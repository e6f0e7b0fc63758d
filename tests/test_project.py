"""Project hygiene: one package list, the README's commands, the notebook template."""

import ast
import re
import sys
import tomllib
from importlib import metadata

import nbformat
import pytest
import yaml

from coursekit.paths import repo_root

ROOT = repo_root()
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))


REQUIREMENT_FILES = (
    "requirements.txt",
    "requirements-site.txt",
    "requirements-browser.txt",
    "requirements-hub.txt",
)


def requirement_lines(name: str = "requirements.txt"):
    text = (ROOT / name).read_text(encoding="utf-8")
    return [line.split("#")[0].strip() for line in text.splitlines() if line.split("#")[0].strip()]


@pytest.mark.parametrize("name", REQUIREMENT_FILES)
def test_every_requirement_is_pinned_exactly(name):
    assert requirement_lines(name), f"{name} is empty"
    for line in requirement_lines(name):
        assert line == "-e ." or re.fullmatch(r"[A-Za-z0-9_.\-]+==[\w.]+", line), line


def test_the_makefile_installs_each_requirement_file():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for name in REQUIREMENT_FILES:
        assert f"-r {name}" in makefile, f"nothing installs {name}"


def test_issue_stack_is_all_in_requirements():
    names = {line.split("==")[0].lower() for line in requirement_lines()}
    stack = {
        "jupyterlab",
        "nbval",
        "pandas",
        "scikit-learn",
        "matplotlib",
        "shap",
        "lime",
        "fairlearn",
        "ipywidgets",
        "tqdm",
        "pytest",
        "pytest-xdist",
        "pyyaml",
    }
    assert stack <= names
    assert "-e ." in requirement_lines(), "the helper package installs from requirements.txt"


def test_environment_yml_installs_python_and_exactly_requirements_txt():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    pip = [d for d in env["dependencies"] if isinstance(d, dict)]
    assert sorted(conda) == ["pip", "python=3.11"]
    assert pip == [{"pip": ["-r requirements.txt"]}], "requirements.txt is the one package list"


def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def third_party_imports(paths) -> set[str]:
    """The distributions (lower-case) that the modules at ``paths`` import."""
    distributions = metadata.packages_distributions()
    found = set()
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in ("coursekit", "__future__"):
                    continue
                found.update(d.lower() for d in distributions.get(top, [top]))
    return found


def bare(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower()


PACKAGE = ROOT / "coursekit"
RUNTIME_MODULES = [p for p in PACKAGE.rglob("*.py") if "authoring" not in p.parts]
AUTHORING_MODULES = sorted((PACKAGE / "authoring").rglob("*.py"))


def test_pyproject_dependencies_are_what_the_runtime_modules_import():
    declared = {bare(d) for d in pyproject()["project"]["dependencies"]}
    imported = third_party_imports(RUNTIME_MODULES)
    # ipywidgets is never imported by name: tqdm.auto draws notebook progress bars with it
    assert declared - {"ipywidgets"} == imported, (
        f"declared but not imported: {sorted(declared - imported - {'ipywidgets'})}; "
        f"imported but not declared: {sorted(imported - declared)}"
    )
    assert pyproject()["project"]["requires-python"] == ">=3.11"


def test_authoring_tools_need_only_their_extra():
    project = pyproject()["project"]
    allowed = {bare(d) for d in project["dependencies"]}
    allowed |= {bare(d) for d in project["optional-dependencies"]["authoring"]}
    imported = third_party_imports(AUTHORING_MODULES)
    assert imported <= allowed, f"add {sorted(imported - allowed)} to the authoring extra"
    needed_only_there = imported - {bare(d) for d in project["dependencies"]}
    assert needed_only_there, "the authoring extra exists because the tools need more"


def test_no_runtime_module_imports_an_authoring_tool():
    for path in RUNTIME_MODULES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom | ast.Import):
                modules = [node.module or ""] if isinstance(node, ast.ImportFrom) else []
                modules += [alias.name for alias in node.names]
                assert not any(m.startswith("coursekit.authoring") for m in modules), path


def test_every_declared_dependency_is_pinned_in_a_requirements_file():
    pins = {}
    for name in REQUIREMENT_FILES:
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if "==" in line:
                pins[bare(line)] = name
    project = pyproject()["project"]
    declared = [*project["dependencies"]]
    for extra in project["optional-dependencies"].values():
        declared += extra
    unpinned = sorted({bare(d) for d in declared} - set(pins))
    assert not unpinned, f"pin {unpinned} in requirements.txt (or its -site/-browser/-hub siblings)"
    assert pins["playwright"] == "requirements-browser.txt"
    assert pins["jupyter-book"] == "requirements-site.txt"
    assert pins["jupyterhub"] == "requirements-hub.txt"


def test_setuptools_is_new_enough_for_the_licence_field():
    build = pyproject()["build-system"]["requires"]
    (setuptools,) = [r for r in build if bare(r) == "setuptools"]
    minimum = tuple(int(part) for part in setuptools.split(">=")[1].split("."))
    # `license = "MIT"` (an SPDX expression, PEP 639) and `license-files` need setuptools 77
    assert isinstance(pyproject()["project"]["license"], str) and minimum >= (77,)


NOTEBOOK_TEMPLATE = [
    (r"^# \d\d · ", "a numbered title"),
    (r"\*\*Time\*\*", "a time estimate"),
    (r"\*\*Article sections\*\*.*§\d", "the article sections it covers"),
    (r"## Learning objectives", "learning objectives"),
    (r"Discussion for your team", "a discussion box"),
    (r"## Take-aways", "take-aways"),
]


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_notebook_follows_the_course_template(path):
    nb = nbformat.read(path, as_version=4)
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for pattern, what in NOTEBOOK_TEMPLATE:
        assert re.search(pattern, markdown, re.MULTILINE), f"{path.name} lacks {what}"
    assert nb.cells[0].source.startswith("# "), "the title comes first"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.name)
def test_every_exercise_offers_hint_and_solution(path):
    code = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    for key in set(re.findall(r"\b(ex\d\d\.q\d+)\.check\(", code)):
        assert f"{key}.hint()" in code and f"{key}.solution()" in code, key


@pytest.mark.parametrize(
    "path",
    sorted(ROOT.glob("*/*.ipynb")) + sorted((ROOT / "coursekit").rglob("*.py")),
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_no_machine_paths_or_downloads(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    for pattern in (
        r"/work/",
        r"/root/",
        r"/home/\w+",
        r"fetch_openml",
        r"urlretrieve",
        r"requests\.get\(",
        r"https?://\S+\.csv",
    ):
        assert not re.search(pattern, text), f"{pattern} in {path.name}"
