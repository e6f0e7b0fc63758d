"""The workshop hub's config and the load test's arithmetic (the load test itself runs against a
real hub in `make hub-load-test`, which CI runs; it takes about a minute and a half)."""

from __future__ import annotations

import asyncio
import json
import math
from pathlib import Path
from types import SimpleNamespace

import pytest
from traitlets.config import Config, PyFileConfigLoader

from coursekit import paths
from coursekit.authoring import hub
from coursekit.authoring.hub import LoadTestError, Participant, Run
from coursekit.paths import repo_root

MACHINE = {
    "cores": 2,
    "hub_total_peak_mb": 812.4,
    "hub_own_peak_mb": 150.2,
    "cpu_mean_percent": 88.6,
    "cpu_saturated_share": 0.514,
}


def participant(name: str, *runs: Run, start: float = 5.0, peak: float = 300.0) -> Participant:
    return Participant(name, server_start_s=start, peak_pss_mb=peak, runs=list(runs))


def test_percentile_interpolates_and_is_nan_when_empty():
    assert hub.percentile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert hub.percentile([1.0, 2.0], 0.5) == 1.5
    assert hub.percentile([4.0], 0.9) == 4.0
    assert math.isnan(hub.percentile([], 0.5))


def test_summary_takes_the_slowest_run_against_the_limit():
    people = [
        participant("a", Run("03_modeling", 20.0, 23), start=4.0, peak=310),
        participant("b", Run("03_modeling", 30.0, 23), start=8.0, peak=350),
        participant("c", Run("03_modeling", 61.0, 23), start=6.0, peak=330),
    ]
    summary = hub.summarise(people, MACHINE, limit_s=60)
    n = summary["notebooks"]["03_modeling"]
    assert (n["median_s"], n["max_s"], n["runs"]) == (30.0, 61.0, 3)
    assert n["within_limit"] is False and summary["all_within_limit"] is False
    assert (summary["server_start_median_s"], summary["server_start_max_s"]) == (6.0, 8.0)
    assert (summary["participant_peak_mb_median"], summary["participant_peak_mb_max"]) == (330, 350)
    assert summary["hub_total_peak_mb"] == 812 and summary["cpu_saturated_share"] == 0.51
    assert hub.summarise(people, MACHINE, limit_s=61.0)["all_within_limit"] is True


def test_an_error_is_a_failure_and_its_time_is_not_counted():
    people = [
        participant("a", Run("05_bias_checking", 12.0, 30)),
        participant("b", Run("05_bias_checking", 2.0, 4, error="cell 4: NameError: x")),
    ]
    summary = hub.summarise(people, MACHINE)
    assert summary["failures"] == ["b, 05_bias_checking: cell 4: NameError: x"]
    assert summary["notebooks"]["05_bias_checking"]["runs"] == 1
    assert summary["all_within_limit"] is False


def test_a_recovered_killed_kernel_is_no_failure_and_its_rerun_is_not_timed():
    killed = Run(
        "03_modeling", 90.0, 3, error="the kernel died", killed_by_test=True, kernel_restarted=True
    )
    killed.recovered = True
    people = [participant("a", killed), participant("b", Run("03_modeling", 40.0, 23))]
    summary = hub.summarise(people, MACHINE)
    assert summary["failures"] == []
    assert summary["notebooks"]["03_modeling"]["max_s"] == 40.0
    not_recovered = Run("03_modeling", 90.0, 3, error="the kernel died", kernel_restarted=True)
    assert hub.failures([participant("a", not_recovered)]) == ["a, 03_modeling: the kernel died"]


def test_a_participant_who_could_not_start_is_a_failure():
    people = [Participant("a", error="could not start: HTTP 500"), participant("b")]
    assert hub.failures(people) == ["a: could not start: HTTP 500"]
    assert hub.summarise(people, MACHINE)["server_start_max_s"] == 5.0


def test_summary_needs_results():
    with pytest.raises(ValueError, match="at least one participant"):
        hub.summarise([], MACHINE)


def test_report_names_every_figure_and_failure():
    people = [participant("a", Run("07_shap", 70.0, 20)), Participant("b", error="no server")]
    text = hub.report(hub.summarise(people, MACHINE))
    assert "2 participants on 2 cores" in text
    assert "Run All 07_shap: median 70.0 s, slowest 70.0 s (1 runs; OVER the 60 s limit)" in text
    assert "812 MB" in text and "failures: 1" in text and "b: no server" in text


@pytest.mark.parametrize("name", ["03", "03_modeling", "03_modeling.ipynb"])
def test_notebooks_are_named_by_number_or_name(name):
    assert hub.resolve_notebooks([name]) == [repo_root() / "notebooks" / "03_modeling.ipynb"]


@pytest.mark.parametrize("name", ["3", "99", "", "0", "notebook"])
def test_a_wrong_notebook_name_says_which_exist(name):
    with pytest.raises(LoadTestError, match=r"e\.g\. --notebooks 03 05 07") as error:
        hub.resolve_notebooks([name])
    assert "00, 01, 02" in str(error.value)


@pytest.mark.parametrize(
    ("users", "kill", "message"),
    [
        (0, False, "between 1 and 200"),
        (201, False, "between 1 and 200"),
        (1, True, "--users 2 or more, not 1"),
    ],
)
def test_bad_arguments_are_refused_before_anything_starts(users, kill, message):
    with pytest.raises(LoadTestError, match=message):
        hub.run_load_test(users, ["03"], kill_one=kill)


def test_two_faults_need_three_participants():
    with pytest.raises(LoadTestError, match="--users 3 or more, not 2"):
        hub.run_load_test(2, ["03"], kill_one=True, over_limit=True)
    with pytest.raises(LoadTestError, match="--users 2 or more, not 1"):
        hub.run_load_test(1, ["03"], over_limit=True)


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_memory_limits_put_each_server_in_a_group_of_its_own(tmp_path, version):
    limits = hub.MemoryLimits(limit_bytes=1536 * 2**20)
    limits.version, limits.root, limits.reason = version, tmp_path, ""
    limit_file = "memory.limit_in_bytes" if version == "v1" else "memory.max"
    original_mkdir = Path.mkdir

    def mkdir_with_files(self, *args, **kwargs):  # the kernel creates a group's files
        original_mkdir(self, *args, **kwargs)
        for name in (limit_file, "cgroup.procs"):
            (self / name).write_text("")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Path, "mkdir", mkdir_with_files)
        limits.apply("participant-001", 4242)
    (group,) = limits.groups
    assert group.parent == tmp_path and group.name.endswith("-participant-001")
    assert (group / limit_file).read_text() == str(1536 * 2**20)
    assert (group / "cgroup.procs").read_text() == "4242"
    assert limits.remove() == [group.name]  # not empty here; a real group is once its pids end


def test_memory_limits_say_why_they_are_unavailable(tmp_path):
    limits = hub.MemoryLimits()
    limits.root, limits.reason = None, "memory limits need root (a cgroup per participant)"
    assert not limits.available
    with pytest.raises(LoadTestError, match="need root"):
        limits.apply("participant-001", 1)
    limits.version, limits.root = "v1", tmp_path / "no-such-controller"
    with pytest.raises(LoadTestError, match="could not set a cgroup memory limit"):
        limits.apply("participant-001", 1)
    assert not limits.available


def test_command_line_reports_bad_input_without_a_traceback(capsys):
    assert hub.main(["load-test", "--users", "0"]) == 1
    assert "hub load test: --users must be between 1 and 200" in capsys.readouterr().err


def test_missing_installs_name_their_fix(monkeypatch, tmp_path):
    monkeypatch.setattr(hub, "PROXY", tmp_path / "configurable-http-proxy")
    with pytest.raises(LoadTestError, match=r"npm ci --prefix workshop.*make hub-load-test"):
        hub.check_installed()


def test_execute_request_follows_the_messaging_protocol():
    message = hub.execute_request("1 + 1", "session-1")
    assert message["channel"] == "shell" and message["header"]["msg_type"] == "execute_request"
    assert message["header"]["version"] == "5.3" and message["content"]["code"] == "1 + 1"
    assert message["content"]["stop_on_error"] is True
    assert message["header"]["msg_id"] != hub.execute_request("1 + 1", "s")["header"]["msg_id"]


def test_code_cells_are_the_code_cells_in_order():
    notebook = {
        "cells": [
            {"cell_type": "markdown", "source": "# title"},
            {"cell_type": "code", "source": ["a = 1\n", "b = 2"]},
            {"cell_type": "code", "source": "a + b"},
        ]
    }
    assert hub.code_cells(notebook) == ["a = 1\nb = 2", "a + b"]


def test_free_ports_are_a_free_block():
    import socket

    base = hub.free_port_block(3)
    for port in range(base, base + 3):
        with socket.socket() as s:
            s.bind(("127.0.0.1", port))


def load_hub_config(monkeypatch, tmp_path) -> Config:
    monkeypatch.setenv("COURSE_HUB_DIR", str(tmp_path))
    monkeypatch.setenv("COURSE_HUB_PORT", "18000")
    monkeypatch.setenv("COURSE_HUB_PASSWORD", "a-shared-password")
    monkeypatch.setenv("COURSE_HUB_TOKEN", "t" * 64)
    config = hub.CONFIG
    loader = PyFileConfigLoader(config.name, path=str(config.parent))
    return loader.load_config()


def test_hub_config_serves_loopback_only_and_keeps_state_in_its_folder(monkeypatch, tmp_path):
    c = load_hub_config(monkeypatch, tmp_path)
    assert c.JupyterHub.ip == c.JupyterHub.hub_ip == "127.0.0.1"
    assert (c.JupyterHub.port, c.JupyterHub.hub_port) == (18000, 18001)
    assert c.ConfigurableHTTPProxy.api_url == "http://127.0.0.1:18002"
    for setting in (c.JupyterHub.db_url, c.JupyterHub.cookie_secret_file, c.JupyterHub.pid_file):
        assert str(tmp_path) in setting
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == "a-shared-password"


def test_hub_config_gives_each_participant_one_thread_and_their_own_models(monkeypatch, tmp_path):
    c = load_hub_config(monkeypatch, tmp_path)
    spawner = SimpleNamespace(home_dir=str(tmp_path / "home" / "ada"))
    environment = c.Spawner.environment
    assert environment["OMP_NUM_THREADS"] == "1"
    assert environment["COURSEKIT_WORKSPACE"] == "~"  # HOME is the participant's home
    c.Spawner.pre_spawn_hook(spawner)
    home = Path(spawner.home_dir)
    assert (home / "models").is_dir()
    assert sorted(p.name for p in (home / "notebooks").glob("*.ipynb")) == sorted(
        p.name for p in (repo_root() / "notebooks").glob("*.ipynb")
    )
    (home / "notebooks" / "03_modeling.ipynb").write_text("my work", encoding="utf-8")
    c.Spawner.pre_spawn_hook(spawner)  # a restart keeps the participant's work
    assert (home / "notebooks" / "03_modeling.ipynb").read_text(encoding="utf-8") == "my work"
    assert any("cull_idle_timeout" in a for a in c.Spawner.args)
    assert "--KernelManager.cache_ports=False" in c.Spawner.args  # restarts pick new ports


def test_hub_config_names_the_load_test_service_only_with_a_token(monkeypatch, tmp_path):
    c = load_hub_config(monkeypatch, tmp_path)
    assert c.JupyterHub.services[0]["api_token"] == "t" * 64
    assert "admin:servers" in c.JupyterHub.load_roles[0]["scopes"]
    monkeypatch.delenv("COURSE_HUB_TOKEN")
    loader = PyFileConfigLoader(hub.CONFIG.name, path=str(hub.CONFIG.parent))
    assert "services" not in loader.load_config().JupyterHub


def test_workspace_is_the_repository_unless_the_hub_sets_it(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.WORKSPACE_VARIABLE, raising=False)
    assert paths.workspace_dir() == repo_root()
    assert paths.models_dir() == repo_root() / "models"
    monkeypatch.setenv(paths.WORKSPACE_VARIABLE, str(tmp_path))
    assert paths.models_dir() == tmp_path / "models" and (tmp_path / "models").is_dir()
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv(paths.WORKSPACE_VARIABLE, "~")
    assert paths.workspace_dir() == tmp_path
    monkeypatch.setenv(paths.WORKSPACE_VARIABLE, str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match=r"COURSEKIT_WORKSPACE is set to .*missing"):
        paths.workspace_dir()


def test_no_secret_or_machine_path_in_the_workshop_folder():
    checked = 0
    for path in (repo_root() / "workshop").rglob("*"):
        if path.is_file() and "node_modules" not in path.parts:
            text = path.read_text(encoding="utf-8")
            assert str(repo_root()) not in text and "/root/" not in text, path
            assert "api_token" not in text or path.name == "jupyterhub_config.py", path
            checked += 1
    assert checked >= 10
    assert "workshop/node_modules/" in (repo_root() / ".gitignore").read_text().splitlines()


def test_tljh_settings_add_to_what_tljh_sets_and_match_the_test_hub(monkeypatch, tmp_path):
    loader = PyFileConfigLoader("course.py", path=str(repo_root() / "workshop" / "tljh"))
    tljh = Config()
    tljh.Spawner.environment = {"TLJH_SET": "1"}  # TLJH's own settings come first
    tljh.Spawner.args = ["--tljh-arg"]
    tljh.merge(loader.load_config())
    test_hub = load_hub_config(monkeypatch, tmp_path)
    assert tljh.Spawner.environment == {"TLJH_SET": "1", **test_hub.Spawner.environment}
    args = tljh.Spawner.args
    assert args[0] == "--tljh-arg"
    assert args[1:] == [a for a in test_hub.Spawner.args if a != "--allow-root"]


def test_kubernetes_values_carry_the_same_choices(monkeypatch, tmp_path):
    yaml = pytest.importorskip("yaml")
    values = yaml.safe_load((repo_root() / "workshop" / "z2jh-values.yaml").read_text())
    single = values["singleuser"]
    test_hub = load_hub_config(monkeypatch, tmp_path)
    assert single["extraEnv"] == test_hub.Spawner.environment
    assert single["memory"]["limit"] == test_hub.Spawner.mem_limit
    assert single["cmd"][1:] == [a for a in test_hub.Spawner.args if a != "--allow-root"]
    assert values["cull"]["enabled"] is True and values["cull"]["timeout"] == 1800
    assert single["lifecycleHooks"]["postStart"]["exec"]["command"][0] == "gitpuller"


class FakeWebsocket:
    """Stands in for tornado's websocket client: the kernel's replies, scripted."""

    def __init__(self, replies) -> None:
        self.replies = list(replies)  # functions of the request, or messages, or None (closed)
        self.sent: list[dict] = []
        self.closed = False

    async def write_message(self, text: str) -> None:
        self.sent.append(json.loads(text))

    async def read_message(self):
        while not self.sent and self.replies:
            await asyncio.sleep(0)
        if not self.replies:
            await asyncio.sleep(3600)
        reply = self.replies.pop(0)
        return reply(self.sent[-1]) if callable(reply) else reply

    def close(self) -> None:
        self.closed = True


def reply(status: str, **content):
    def make(request):
        return json.dumps(
            {
                "msg_type": "execute_reply",
                "parent_header": {"msg_id": request["header"]["msg_id"]},
                "content": {"status": status, **content},
            }
        )

    return make


def status(state: str) -> str:
    return json.dumps(
        {"msg_type": "status", "parent_header": {}, "content": {"execution_state": state}}
    )


def run_cell(*replies):
    async def go():
        channel = hub.KernelChannel(FakeWebsocket(replies))
        try:
            return await hub.execute(channel, "x = 1", "s", timeout=5)
        finally:
            channel.close()

    return asyncio.run(go())


def test_execute_waits_for_its_own_reply():
    other = json.dumps(
        {
            "msg_type": "execute_reply",
            "parent_header": {"msg_id": "other"},
            "content": {"status": "error"},
        }
    )
    assert run_cell(status("busy"), other, reply("ok")) == ""


def test_execute_returns_the_error_of_a_failing_cell():
    assert run_cell(reply("error", ename="NameError", evalue="name 'x' is not defined")) == (
        "NameError: name 'x' is not defined"
    )


def test_a_restarting_kernel_and_a_closed_websocket_are_told_apart():
    with pytest.raises(hub.KernelDied, match="restarting"):
        run_cell(status("restarting"))
    with pytest.raises(hub.ConnectionLost, match="websocket closed"):
        run_cell(None)


def test_the_channel_keeps_reading_while_nobody_asks():
    async def go():
        socket = FakeWebsocket([status("idle"), status("idle"), status("idle")])
        socket.sent.append({})  # as if a request had gone out
        channel = hub.KernelChannel(socket)
        for _ in range(20):
            await asyncio.sleep(0)
        queued = channel.inbox.qsize()
        channel.close()
        return queued, socket.closed

    assert asyncio.run(go()) == (3, True)


def test_an_unplanned_restart_is_a_failure_even_when_the_rerun_succeeds():
    planned = Run("03_modeling", 50.0, 3, error="died", killed_by_test=True, kernel_restarted=True)
    planned.recovered = True
    unplanned = Run("03_modeling", 50.0, 3, error="died", kernel_restarted=True)
    unplanned.recovered = True
    assert hub.failures([participant("a", planned)]) == []
    assert hub.failures([participant("b", unplanned)]) == ["b, 03_modeling: died"]


def test_start_delays_are_all_at_once_or_seeded_within_the_window():
    assert hub.start_delays(3, 0) == [0.0, 0.0, 0.0]
    spread = hub.start_delays(50, 120, seed=1)
    assert spread == hub.start_delays(50, 120, seed=1) != hub.start_delays(50, 120, seed=2)
    assert min(spread) >= 0 and max(spread) <= 120 and max(spread) - min(spread) > 60


MEASUREMENTS = sorted((repo_root() / "workshop" / "measurements").glob("*.json"))
GUIDE = repo_root() / "docs" / "facilitator.md"


def measured() -> list[dict]:
    return [json.loads(path.read_text(encoding="utf-8")) for path in MEASUREMENTS]


def guide_section() -> str:
    text = GUIDE.read_text(encoding="utf-8")
    return text.split("### How many participants one server holds", 1)[1].split("\n### ", 1)[0]


def tables(section: str) -> list[list[str]]:
    """The section's markdown tables, as lists of their body rows."""
    found, current = [], None
    for line in section.splitlines():
        if line.startswith("|"):
            current = [] if current is None else current
            current.append(line)
        elif current is not None:
            found.append(current[2:])
            current = None
    return [*found, current[2:]] if current is not None else found


def test_the_guide_quotes_every_measured_run_as_measured():
    assert len(MEASUREMENTS) >= 6, "the sizing table needs its measured runs"
    runs, _ = tables(guide_section())
    assert runs == [hub.table_row(summary) for summary in measured()]


def test_the_guides_server_sizes_follow_from_the_measurements():
    _, sizes = tables(guide_section())
    assert sizes == hub.sizing_rows(measured())
    assert hub.participants_per_core(measured(), 0, 60.0) == 1
    assert hub.participants_per_core(measured(), hub.SPREAD_S, 60.0) == 4
    largest = max(s["participant_peak_mb_max"] for s in measured() if not s.get("over_limit"))
    assert largest <= 1024 * hub.GUARANTEED_GB_PER_PARTICIPANT, "1 GB each is not enough"


def test_the_guides_failure_figures_are_the_measured_ones():
    (run,) = [s for s in measured() if s.get("killed_kernel")]
    killed, over = run["killed_kernel"], run["over_limit"]
    section = " ".join(guide_section().split())
    for outcome in (killed, over):
        assert outcome["recovered"] and not outcome["others_failed"], outcome
    assert f"their channel {killed['notice_s']} s later" in section
    assert f"their second Run All succeeded in {killed['rerun_s']} s" in section
    assert f"the server reported the restart {over['notice_s']} s after the cell began" in section
    assert f"their second Run All succeeded in {over['rerun_s']} s" in section


def summary_with(users: int, cores: int, stagger: float, times: dict, failures=()) -> dict:
    return {
        "users": users,
        "cores": cores,
        "stagger_s": stagger,
        "notebooks": {name: {"max_s": t} for name, t in times.items()},
        "failures": list(failures),
    }


def test_participants_per_core_takes_the_largest_load_that_fits():
    runs = [
        summary_with(2, 2, 0, {"03_modeling": 42.0, "07_shap": 39.0}),
        summary_with(4, 2, 0, {"03_modeling": 61.0}),
        summary_with(8, 2, 0, {"05_bias_checking": 50.0}),  # no 03: not the heaviest case
        summary_with(8, 2, 300, {"03_modeling": 55.0}),
        summary_with(16, 2, 300, {"03_modeling": 50.0}, failures=["a: no server"]),
    ]
    assert hub.participants_per_core(runs, 0, 60.0) == 1
    assert hub.participants_per_core(runs, 300, 60.0) == 4
    assert hub.participants_per_core(runs, 0, 61.0) == 2
    with pytest.raises(ValueError, match="within 120 s"):
        hub.participants_per_core(runs, 120, 60.0)
    assert hub.sizing_rows(runs, sizes=(10, 41)) == [
        "| 10 | 10 | 3 | 12 GB |",
        "| 41 | 41 | 11 | 43 GB |",
    ]
