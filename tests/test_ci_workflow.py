"""CI: one definition (`make ci`) that .ci/run and the GitHub workflow both run, on every
supported Python; least privilege; no secrets where pull requests run; a weekly run against the
newest library releases."""

import importlib.util
import re
import shutil
import subprocess

import pytest
import yaml

from coursekit.paths import repo_root

ROOT = repo_root()
TEXT = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
WORKFLOW = yaml.safe_load(TEXT)
# YAML 1.1 reads the bare key `on` as the boolean True; GitHub reads it as "on".
TRIGGERS = WORKFLOW.get("on", WORKFLOW.get(True))
JOBS = WORKFLOW["jobs"]
needs_make = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def commands(job: str) -> list[str]:
    return [line for step in JOBS[job]["steps"] for line in step.get("run", "").splitlines()]


def dry_run(target: str) -> str:
    """What `make <target>` would run, without running it."""
    done = subprocess.run(
        ["make", "--dry-run", "--always-make", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def unpin_module():
    spec = importlib.util.spec_from_file_location("unpin", ROOT / "tools/unpinned_requirements.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_triggers_include_push_pull_request_and_a_weekly_schedule():
    assert {"push", "pull_request", "schedule"} <= set(TRIGGERS)
    (cron,) = [entry["cron"] for entry in TRIGGERS["schedule"]]
    *_, day, month, weekday = cron.split()
    assert day == month == "*" and weekday != "*", "once a week"


def test_ci_script_and_workflow_run_the_same_make_target():
    ci_script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make ci$", ci_script, re.MULTILINE)
    assert "make ci" in commands("test")
    # nothing else that tests: the two definitions cannot drift apart
    others = [c for c in commands("test") if re.search(r"\b(pytest|make)\b", c)]
    assert others == ["make ci"], others


@needs_make
def test_make_ci_runs_the_readme_test_command_the_gate_the_browser_test_and_the_site():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make test\b", readme, re.MULTILINE), "the README's test command"
    ci = dry_run("ci")
    for target in ("test", "gate"):
        for line in dry_run(target).splitlines():
            assert line in ci, f"make ci does not run `{line}` of make {target}"
    assert "pytest browser_tests" in ci and "jupyter-book build" in ci
    hub = next(line for line in ci.splitlines() if "coursekit.authoring.hub load-test" in line)
    assert "--kill-one --over-limit" in hub and hub.startswith("tools/offline "), hub


def test_every_supported_python_is_tested():
    matrix = JOBS["test"]["strategy"]["matrix"]["python-version"]
    assert matrix == ["3.11", "3.12", "3.13", "3.14"]
    (setup,) = [s for s in JOBS["test"]["steps"] if s.get("uses", "").startswith("actions/setup")]
    assert setup["with"]["python-version"] == "${{ matrix.python-version }}"


def test_current_action_versions():
    """The version each pin names (in its comment) is a current major release (2026-07: v7)."""
    minimum = {"actions/checkout": 7, "actions/setup-python": 7, "actions/upload-artifact": 7}
    for name, version in re.findall(r"uses:\s*([\w-]+/[\w-]+)@\S+\s+#\s*v(\d+)", TEXT):
        assert int(version) >= minimum.get(name, 1), (name, version)
    assert len(re.findall(r"uses:", TEXT)) == len(re.findall(r"uses:.*#\s*v\d", TEXT))


def test_least_privilege_and_no_secrets_where_pull_requests_run():
    assert WORKFLOW["permissions"] == {"contents": "read"}
    for job, spec in JOBS.items():
        if "github.event_name == 'push'" in str(spec.get("if", "")):
            continue  # a guarded deploy job may hold secrets
        assert "secrets." not in yaml.safe_dump(spec), f"{job} runs on pull requests"
        assert spec.get("permissions", {}).get("contents", "read") == "read"


def test_weekly_job_runs_the_newest_releases_target():
    (job,) = [n for n, spec in JOBS.items() if "== 'schedule'" in str(spec.get("if", ""))]
    assert commands(job) == ["make newest-releases"]


@needs_make
def test_newest_releases_unpins_every_requirement_file_and_runs_everything_lax():
    recipe = dry_run("newest-releases")
    assert "tools/unpinned_requirements.py requirements.txt requirements-browser.txt" in recipe
    test_line = next(line for line in recipe.splitlines() if "pytest" in line)
    assert "--nbval-lax" in test_line and '-o addopts=""' in test_line
    assert re.search(r"\btests notebooks solutions\b", test_line)
    assert "coursekit.gate check" in recipe


def test_unpinning_keeps_every_package_and_drops_every_pin():
    unpin = unpin_module()
    for name in (
        "requirements.txt",
        "requirements-browser.txt",
        "requirements-site.txt",
        "requirements-hub.txt",
    ):
        lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
        pinned = [line.split("#")[0].split("==")[0].strip() for line in lines if "==" in line]
        out = unpin.unpinned(lines)
        assert not any("==" in line or "#" in line for line in out)
        assert [line for line in out if not line.startswith("-")] == pinned
    assert unpin.unpinned(["shap[plots]==0.51  # x", "", "-e ."]) == ["shap[plots]", "-e ."]
    with pytest.raises(ValueError, match="name==version"):
        unpin.unpinned(["numpy == 2.4 ; python_version < '3.12' == x"])


def test_every_action_is_pinned_by_commit_with_its_version_named():
    """A tag can be moved to other code; a full commit SHA cannot. The comment says which
    release it is, so that a reviewer can see an upgrade."""
    uses = re.findall(r"uses:\s*(\S+)(.*)", TEXT)
    assert uses, "the workflow uses no actions?"
    for action, rest in uses:
        name, _, ref = action.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", ref), f"{name} is not pinned by a commit SHA: {ref}"
        assert re.search(r"#\s*v\d+\.\d+\.\d+", rest), f"{name}@{ref[:7]} does not name its version"
