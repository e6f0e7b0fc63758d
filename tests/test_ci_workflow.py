"""The GitHub Actions workflow: triggers, the README's test command, the gate, least
privilege, secrets kept away from pull requests, and the weekly newest-releases run."""

import re

import yaml

from coursekit.paths import repo_root

ROOT = repo_root()
TEXT = (ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
WORKFLOW = yaml.safe_load(TEXT)
# YAML 1.1 reads the bare key `on` as the boolean True; GitHub reads it as "on".
TRIGGERS = WORKFLOW.get("on", WORKFLOW.get(True))
JOBS = WORKFLOW["jobs"]


def runs(job):
    return "\n".join(step.get("run", "") for step in JOBS[job]["steps"])


def uses(job):
    return [step["uses"] for step in JOBS[job]["steps"] if "uses" in step]


def readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return re.search(r"^(make test)\b", readme, re.MULTILINE).group(1)


def test_triggers_include_push_pull_request_and_a_weekly_schedule():
    assert {"push", "pull_request", "schedule"} <= set(TRIGGERS)
    (cron,) = [entry["cron"] for entry in TRIGGERS["schedule"]]
    *_, day, month, weekday = cron.split()
    assert day == month == "*" and weekday != "*", "once a week"


def test_test_job_runs_the_readme_test_command_and_the_gate():
    assert re.search(rf"^{readme_test_command()}$", runs("test"), re.MULTILINE)
    assert re.search(r"^make gate$", runs("test"), re.MULTILINE), "the README's gate command"


def test_python_311_and_current_action_versions():
    for job in JOBS:
        steps = JOBS[job]["steps"]
        setup = [s for s in steps if s.get("uses", "").startswith("actions/setup-python@")]
        assert setup and setup[0]["with"]["python-version"] == "3.11"
        for action in uses(job):
            name, version = action.split("@")
            major = int(version.lstrip("v").split(".")[0])
            minimum = {"actions/checkout": 4, "actions/setup-python": 5}.get(name, 1)
            assert major >= minimum, action
    assert JOBS["test"]["steps"][1]["with"]["cache"] == "pip"


def test_least_privilege_and_no_secrets_where_pull_requests_run():
    assert WORKFLOW["permissions"] == {"contents": "read"}
    for job, spec in JOBS.items():
        if "github.event_name == 'push'" in str(spec.get("if", "")):
            continue  # a guarded deploy job may hold secrets
        assert "secrets." not in yaml.safe_dump(spec), f"{job} runs on pull requests"
        assert spec.get("permissions", {}).get("contents", "read") == "read"


def test_weekly_job_installs_unpinned_and_runs_both_notebook_folders_lax():
    job = next(name for name, spec in JOBS.items() if "== 'schedule'" in str(spec.get("if", "")))
    commands = runs(job)
    assert "s/==.*//" in commands and "requirements.txt" in commands
    assert "--nbval-lax" in commands and '-o addopts=""' in commands
    assert re.search(r"\bnotebooks\b.*\bsolutions\b", commands)
    assert "coursekit.gate check" in commands
