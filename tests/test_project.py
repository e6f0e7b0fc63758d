"""Project hygiene: one package list, the README's commands, the notebook template."""

import re
import tomllib

import nbformat
import pytest
import yaml

from coursekit.paths import repo_root

ROOT = repo_root()
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
REQUIREMENTS = (ROOT / "requirements.txt").read_text(encoding="utf-8")


def requirement_lines():
    return [
        line.split("#")[0].strip()
        for line in REQUIREMENTS.splitlines()
        if line.split("#")[0].strip()
    ]


def test_every_requirement_is_pinned_exactly():
    for line in requirement_lines():
        assert line == "-e ." or re.fullmatch(r"[A-Za-z0-9_.\-]+==[\w.]+", line), line


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


def test_pyproject_dependencies_are_pinned_in_requirements():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pinned = {line.split("==")[0].lower() for line in requirement_lines()}
    unpinned = [d for d in project["dependencies"] if d.lower() not in pinned]
    # nbclient and nbformat come with jupyterlab/nbval; the rest must be pinned directly
    assert set(unpinned) <= {"nbclient", "nbformat"}
    assert project["requires-python"] == ">=3.11"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make lab" in readme
    assert re.search(r"^make test$", ci, re.MULTILINE)
    assert "make gate" in readme and re.search(r"^make gate\b", ci, re.MULTILINE)


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
