"""The course on a real JupyterHub, measured: N participants log in, start their servers and run
the same learner notebooks at the same moment.

Usage::

    python -m coursekit.authoring.hub load-test --users 3 --notebooks 03 --kill-one --over-limit
    python -m coursekit.authoring.hub load-test --users 16 --notebooks 03 05 07
    python -m coursekit.authoring.hub serve      # the same hub for a dry run, on 127.0.0.1:8000

``make hub-load-test`` runs the first (CI runs it); the facilitator guide's sizing table comes from
the second at several N. What one participant does, all of them at once:

1. log in through the hub's login form with the shared password;
2. start their server (the hub's REST API, with a token made for them), timed until it is ready;
3. for each notebook in turn, as the whole room does: open it (the contents API), start a kernel
   for it (the sessions API, as JupyterLab does), and run every code cell in order over the
   kernel's websocket, timed, stopping at the first error as JupyterLab's Run All does. Kernels
   stay running after their notebook, because participants rarely shut them down.

Every participant begins each notebook at the same moment (the worst case a facilitator meets:
"now everyone press Run All"), or with ``--stagger S`` at random moments within S seconds.
Sampled every second: each participant's memory (PSS, which
splits shared pages between processes, of their server and its kernels), the whole hub's
memory (hub, proxy and every server) and the machine's CPU. With ``--kill-one`` the first
participant's kernel is killed (SIGKILL) part-way through the first notebook; with
``--over-limit`` every server is put under a 1.5 GiB memory limit (a cgroup each, as root) and
the next participant runs a cell that allocates 2 GiB, so that the out-of-memory killer ends
their kernel. Each of them must see the kernel restart (the status JupyterLab shows as "Kernel
Restarting: The kernel for ... appears to have died") and their second Run All must succeed,
while everyone else's kernels run on untouched.

Everything runs on 127.0.0.1, ends by itself (``--timeout``), and removes every user, process and
file it created; any error, a harmed participant who does not recover, or a process or cgroup
left behind makes the exit code 1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from urllib.parse import urlencode

import psutil
from tornado.httpclient import AsyncHTTPClient, HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from coursekit.paths import repo_root

CONFIG = repo_root() / "workshop" / "jupyterhub_config.py"
PROXY = repo_root() / "workshop" / "node_modules" / ".bin" / "configurable-http-proxy"
MAX_USERS = 200
RUN_ALL_LIMIT_S = 60.0
CELL_TIMEOUT_S = 300.0
SATURATED_PERCENT = 95.0
KILL_AFTER_CELLS = 3
MEMORY_LIMIT_BYTES = int(1.5 * 2**30)  # workshop/jupyterhub_config.py's Spawner.mem_limit
OVER_LIMIT_CELL = "import numpy as np\n\nhog = np.ones(2 * 2**30 // 8)  # 2 GiB: over the limit"
WEBSOCKET_TIMEOUT_S = 180.0


class LoadTestError(RuntimeError):
    """A step of the load test failed; the message says which and what to look at."""


# --- results, and the summary the sizing table is made from (pure, unit-tested) ----------------


@dataclass
class Run:
    """One participant's Run All of one notebook."""

    notebook: str
    seconds: float = float("nan")
    cells: int = 0
    error: str = ""
    killed_by_test: bool = False  # --kill-one or --over-limit chose this run
    kernel_restarted: bool = False  # the kernel died and the server restarted it
    notice_s: float = float("nan")  # from the kill to the "restarting" status on their channel
    recovered: bool = False  # after the restart, a second Run All succeeded
    rerun_s: float = float("nan")  # that second Run All


@dataclass
class Participant:
    """One simulated participant and what they measured."""

    name: str
    server_start_s: float = float("nan")
    peak_pss_mb: float = 0.0
    error: str = ""
    runs: list[Run] = field(default_factory=list)


def percentile(values: list[float], share: float) -> float:
    """The ``share`` quantile (0..1) of ``values``, by linear interpolation; NaN when empty."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def failures(participants: list[Participant]) -> list[str]:
    """Every failure, one line each: a participant who could not log in or start, a Run All that
    stopped on an error or lost its connection, a kernel that died when the test did not kill it,
    a killed kernel that did not recover."""
    found = [f"{p.name}: {p.error}" for p in participants if p.error]
    for p in participants:
        for run in p.runs:
            if run.error and not (run.killed_by_test and run.recovered):
                found.append(f"{p.name}, {run.notebook}: {run.error}")
    return found


def summarise(
    participants: list[Participant],
    machine: dict,
    limit_s: float = RUN_ALL_LIMIT_S,
) -> dict:
    """The figures of one load test: per notebook the median and slowest Run All (a killed and
    re-run notebook counts its second run only, and not in the limit), per participant the time
    to a running server and peak memory, for the hub its peak memory and the CPU."""
    if not participants:
        raise ValueError("summarise() needs at least one participant's results.")
    notebooks: dict[str, dict] = {}
    for name in dict.fromkeys(run.notebook for p in participants for run in p.runs):
        times = [
            run.seconds
            for p in participants
            for run in p.runs
            if run.notebook == name and not run.error and not run.kernel_restarted
        ]
        notebooks[name] = {
            "median_s": round(percentile(times, 0.5), 1),
            "max_s": round(max(times), 1) if times else float("nan"),
            "runs": len(times),
            "within_limit": bool(times) and max(times) <= limit_s,
        }
    starts = [p.server_start_s for p in participants if not p.error]
    peaks = [p.peak_pss_mb for p in participants if not p.error]
    found = failures(participants)
    return {
        "users": len(participants),
        "cores": machine["cores"],
        "limit_s": limit_s,
        "notebooks": notebooks,
        "server_start_median_s": round(percentile(starts, 0.5), 1),
        "server_start_max_s": round(max(starts), 1) if starts else float("nan"),
        "participant_peak_mb_median": round(percentile(peaks, 0.5)),
        "participant_peak_mb_max": round(max(peaks)) if peaks else float("nan"),
        "hub_total_peak_mb": round(machine["hub_total_peak_mb"]),
        "hub_own_peak_mb": round(machine["hub_own_peak_mb"]),
        "cpu_mean_percent": round(machine["cpu_mean_percent"]),
        "cpu_saturated_share": round(machine["cpu_saturated_share"], 2),
        "failures": found,
        "all_within_limit": not found and all(n["within_limit"] for n in notebooks.values()),
    }


def report(summary: dict) -> str:
    """The summary as the lines the closing note and the facilitator guide quote."""
    stagger = summary.get("stagger_s", 0.0)
    when = f"within {stagger:.0f} s of each other" if stagger else "at the same moment"
    lines = [
        f"{summary['users']} participants on {summary['cores']} cores, everyone pressing Run All "
        + when,
        f"  time to a running server: median {summary['server_start_median_s']} s, "
        f"slowest {summary['server_start_max_s']} s",
    ]
    for name, n in summary["notebooks"].items():
        verdict = "within" if n["within_limit"] else "OVER"
        lines.append(
            f"  Run All {name}: median {n['median_s']} s, slowest {n['max_s']} s "
            f"({n['runs']} runs; {verdict} the {summary['limit_s']:.0f} s limit)"
        )
    lines += [
        "  peak memory per participant (PSS, server + kernels): median "
        f"{summary['participant_peak_mb_median']} MB, "
        f"largest {summary['participant_peak_mb_max']} MB",
        f"  peak memory of the whole hub (hub, proxy, every server): "
        f"{summary['hub_total_peak_mb']} MB (hub and proxy alone {summary['hub_own_peak_mb']} MB)",
        f"  CPU: mean {summary['cpu_mean_percent']} %, saturated (>= {SATURATED_PERCENT:.0f} %) in "
        f"{summary['cpu_saturated_share']:.0%} of the samples while notebooks ran",
        f"  failures: {len(summary['failures'])}",
        *(f"    {line}" for line in summary["failures"]),
    ]
    return "\n".join(lines)


def table_row(summary: dict, notebooks: tuple[str, ...] = ("03", "05", "07")) -> str:
    """One row of the facilitator guide's table of measured runs, from a summary (or its saved
    JSON): participants, per core, when Run All was pressed, server start, the slowest Run All
    of each notebook, peak memory per participant and of the whole hub, failures."""
    stagger = summary.get("stagger_s") or 0
    pressed = f"within {stagger:.0f} s" if stagger else "at once"
    if summary.get("killed_kernel"):
        pressed += ", one kernel killed"
    if "recovered" in (summary.get("over_limit") or {}):
        pressed += ", one over the memory limit"
    per_core = summary["users"] / summary["cores"]
    slowest = []
    for number in notebooks:
        found = [n for name, n in summary["notebooks"].items() if name.startswith(f"{number}_")]
        slowest.append(f"{found[0]['max_s']:.1f} s" if found else "–")
    cells = [
        str(summary["users"]),
        f"{per_core:g}",
        pressed,
        f"{summary['server_start_median_s']:.1f} s ({summary['server_start_max_s']:.1f} s)",
        *slowest,
        f"{summary['participant_peak_mb_max']:,} MB",
        f"{summary['hub_total_peak_mb']:,} MB",
        str(len(summary["failures"])),
    ]
    return "| " + " | ".join(cells) + " |"


GUARANTEED_GB_PER_PARTICIPANT = 1
SERVER_GB = 2  # the hub, its proxy and the operating system
SPREAD_S = 300  # "presses spread over 5 minutes"


def participants_per_core(summaries: list[dict], stagger_s: float, limit_s: float) -> int:
    """The most participants per core, among the measured runs with this spread of Run All
    presses that include notebook 03 (the heaviest), at which every Run All finished within
    ``limit_s`` and nothing failed."""
    fits = [
        s["users"] / s["cores"]
        for s in summaries
        if (s.get("stagger_s") or 0) == stagger_s
        and not s.get("killed_kernel")
        and any(name.startswith("03_") for name in s["notebooks"])
        and not s["failures"]
        and all(n["max_s"] <= limit_s for n in s["notebooks"].values())
    ]
    if not fits:
        raise ValueError(f"no measured run with presses within {stagger_s:.0f} s fits {limit_s} s")
    return int(max(fits))


def sizing_rows(
    summaries: list[dict], sizes: tuple[int, ...] = (10, 20, 40, 100), limit_s: float = 60.0
) -> list[str]:
    """The facilitator guide's table of servers to rent, from the measured runs: cores when
    everyone presses Run All at once, cores when the presses spread over 5 minutes, memory."""
    at_once = participants_per_core(summaries, 0, limit_s)
    spread = participants_per_core(summaries, SPREAD_S, limit_s)
    rows = []
    for size in sizes:
        memory = size * GUARANTEED_GB_PER_PARTICIPANT + SERVER_GB
        cells = [size, -(-size // at_once), -(-size // spread), f"{memory} GB"]
        rows.append("| " + " | ".join(map(str, cells)) + " |")
    return rows


def resolve_notebooks(names: list[str], folder: Path | None = None) -> list[Path]:
    """Learner notebooks from their numbers or names: ``03``, ``03_modeling``, or
    ``03_modeling.ipynb``."""
    folder = folder or repo_root() / "notebooks"
    resolved = []
    for name in names:
        stem = str(name).removesuffix(".ipynb")
        matches = sorted(folder.glob(f"{stem}*.ipynb")) if stem else []
        if len(matches) != 1:
            choices = ", ".join(p.name[:2] for p in sorted(folder.glob("[0-9][0-9]_*.ipynb")))
            raise LoadTestError(
                f"{name!r} names {len(matches)} learner notebooks in {folder.name}/; give one of "
                f"the numbers {choices} (e.g. --notebooks 03 05 07)."
            )
        resolved.append(matches[0])
    return resolved


# --- the hub: started, waited for, always stopped --------------------------------------------


def free_port_block(count: int = 3) -> int:
    """A port p such that p .. p+count-1 are free on 127.0.0.1 (proxy, hub, proxy API)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            base = probe.getsockname()[1]
        if base + count > 65535:
            continue
        try:
            with contextlib.ExitStack() as stack:
                for offset in range(count):
                    s = stack.enter_context(socket.socket())
                    s.bind(("127.0.0.1", base + offset))
            return base
        except OSError:
            continue
    raise LoadTestError("no block of free ports on 127.0.0.1; is something holding them all?")


def check_installed() -> None:
    """Fail with the fix when the hub or its proxy is not installed."""
    missing = []
    if not (Path(sys.executable).parent / "jupyterhub").exists():
        missing.append("jupyterhub (pip install -r workshop/requirements-hub.txt)")
    if not PROXY.exists():
        missing.append("configurable-http-proxy (npm ci --prefix workshop)")
    if missing:
        raise LoadTestError(
            "Not installed: " + "; ".join(missing) + ". `make hub-load-test` installs both."
        )


class Hub:
    """A JupyterHub process on loopback with the course's config, and everything it started."""

    def __init__(self, state: Path, port: int, password: str, token: str | None) -> None:
        self.state, self.port, self.password, self.token = state, port, password, token
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen | None = None
        self.seen: dict[
            int, tuple[float, str]
        ] = {}  # pid -> (create time, command), all it started

    def start(self) -> None:
        self.state.mkdir(parents=True, exist_ok=True)
        environment = {
            **os.environ,
            "COURSE_HUB_DIR": str(self.state),
            "COURSE_HUB_PORT": str(self.port),
            "COURSE_HUB_PASSWORD": self.password,
        }
        if self.token:
            environment["COURSE_HUB_TOKEN"] = self.token
        log = (self.state / "hub.log").open("w")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(CONFIG)],
            cwd=self.state,
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def remember_processes(self) -> None:
        """Note every process under the hub now, so that teardown can check each one is gone."""
        if self.process is None:
            return
        with contextlib.suppress(psutil.Error):
            root = psutil.Process(self.process.pid)
            for proc in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    if proc.pid not in self.seen:
                        command = " ".join(Path(part).name for part in proc.cmdline()[:3])
                        self.seen[proc.pid] = (proc.create_time(), command)

    def left_behind(self) -> list[int]:
        """The processes the hub started that are still running (zombies count as gone)."""
        alive = []
        for pid, (created, _) in self.seen.items():
            with contextlib.suppress(psutil.Error):
                proc = psutil.Process(pid)
                if proc.create_time() == created and proc.status() != psutil.STATUS_ZOMBIE:
                    alive.append(pid)
        return alive

    def describe(self, pids: list[int]) -> str:
        return ", ".join(f"{pid} ({self.seen[pid][1]})" for pid in pids)

    def stop(self, grace_s: float = 30.0) -> list[int]:
        """Stop the hub (it stops the proxy and every server), kill what is left, and return
        the pids that had to be killed."""
        self.remember_processes()
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=grace_s)
        killed = self.left_behind()
        for pid in killed:
            with contextlib.suppress(psutil.Error):
                psutil.Process(pid).kill()
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        psutil.wait_procs([p for p in (_process(pid) for pid in killed) if p], timeout=10)
        return killed


def _process(pid: int) -> psutil.Process | None:
    try:
        return psutil.Process(pid)
    except psutil.Error:
        return None


class MemoryLimits:
    """A memory limit on each participant's server and its kernels, enforced by the Linux kernel
    through a cgroup per server, as TLJH (with systemd) and Kubernetes enforce it. Needs root and
    a cgroup memory controller (v1 or v2) it may write; ``reason`` says why when there is none."""

    def __init__(self, limit_bytes: int = MEMORY_LIMIT_BYTES) -> None:
        self.limit = limit_bytes
        self.groups: list[Path] = []
        self.version, self.root, self.reason = self._find()

    @staticmethod
    def _find() -> tuple[str, Path | None, str]:
        v1 = Path("/sys/fs/cgroup/memory")
        v2 = Path("/sys/fs/cgroup")
        if os.geteuid() != 0:
            return "", None, "memory limits need root (a cgroup per participant)"
        if (v1 / "memory.limit_in_bytes").exists():
            return "v1", v1, ""
        controls = v2 / "cgroup.subtree_control"
        if controls.exists() and "memory" in controls.read_text().split():
            return "v2", v2, ""
        return "", None, "no cgroup memory controller this process may use"

    @property
    def available(self) -> bool:
        return self.root is not None

    def apply(self, name: str, pid: int) -> None:
        """Put the server ``pid`` (and so every kernel it starts) under the limit."""
        if self.root is None:
            raise LoadTestError(self.reason)
        group = self.root / f"course-hub-{os.getpid()}-{name}"
        try:
            group.mkdir()
            self.groups.append(group)
            if self.version == "v1":
                (group / "memory.limit_in_bytes").write_text(str(self.limit))
                swap = group / "memory.memsw.limit_in_bytes"
                if swap.exists():
                    swap.write_text(str(self.limit))
            else:
                (group / "memory.max").write_text(str(self.limit))
                if (group / "memory.swap.max").exists():
                    (group / "memory.swap.max").write_text("0")
            (group / "cgroup.procs").write_text(str(pid))
        except OSError as error:
            self.root, self.reason = None, f"could not set a cgroup memory limit: {error}"
            raise LoadTestError(self.reason) from None

    def remove(self) -> list[str]:
        """Remove the groups (their processes have ended); return those that could not be."""
        left = []
        for group in self.groups:
            try:
                group.rmdir()
            except OSError:
                left.append(group.name)
        return left


# --- HTTP and the kernel protocol ------------------------------------------------------------


class Client:
    """Requests to the hub and, through its proxy, to the participants' servers."""

    def __init__(self, hub: Hub) -> None:
        self.hub = hub
        self.http = AsyncHTTPClient(force_instance=True, max_clients=4 * MAX_USERS)

    async def call(
        self, method: str, path: str, token: str, body: dict | None = None, timeout: float = 60
    ) -> dict:
        request = HTTPRequest(
            self.hub.url + path,
            method=method,
            headers={"Authorization": f"token {token}", "Content-Type": "application/json"},
            body=json.dumps(body) if body is not None else (b"" if method == "POST" else None),
            request_timeout=timeout,
            allow_nonstandard_methods=True,
        )
        try:
            response = await self.http.fetch(request)
        except HTTPClientError as error:
            detail = error.response.body[:300].decode(errors="replace") if error.response else ""
            raise LoadTestError(f"{method} {path} answered {error.code}: {detail}") from None
        return json.loads(response.body) if response.body else {}

    async def log_in(self, name: str) -> None:
        """The hub's login form, as a browser submits it (with the form's XSRF token)."""
        page = await self.http.fetch(self.hub.url + "/hub/login", raise_error=False)
        cookies = _cookies(page.headers.get_list("Set-Cookie"))
        form = {"username": name, "password": self.hub.password, "_xsrf": cookies.get("_xsrf", "")}
        answer = await self.http.fetch(
            self.hub.url + "/hub/login",
            method="POST",
            body=urlencode(form),
            headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())},
            follow_redirects=False,
            raise_error=False,
        )
        if answer.code != 302 or "jupyterhub-hub-login" not in _cookies(
            answer.headers.get_list("Set-Cookie")
        ):
            raise LoadTestError(f"login through /hub/login failed (HTTP {answer.code})")

    def websocket(self, path: str, token: str):
        """Connect to a kernel's channels. The server answers only once the kernel has replied
        to it, which takes long when many kernels start at once; a browser waits, so this waits
        too (tornado's default gives up after 20 s)."""
        url = self.hub.url.replace("http", "ws", 1) + path
        request = HTTPRequest(
            url,
            headers={"Authorization": f"token {token}"},
            connect_timeout=WEBSOCKET_TIMEOUT_S,
            request_timeout=WEBSOCKET_TIMEOUT_S,
        )
        return websocket_connect(request, max_message_size=64 * 1024 * 1024)


def _cookies(headers: list[str]) -> dict[str, str]:
    found = {}
    for header in headers:
        name, _, rest = header.partition("=")
        found[name.strip()] = rest.split(";", 1)[0]
    return found


def execute_request(code: str, session: str) -> dict:
    """A Jupyter messaging protocol 5.3 execute_request on the shell channel."""
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": "execute_request",
            "session": session,
            "username": "load-test",
            "version": "5.3",
            "date": "",
        },
        "parent_header": {},
        "metadata": {},
        "content": {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": {},
            "allow_stdin": False,
            "stop_on_error": True,
        },
        "channel": "shell",
        "buffers": [],
    }


class KernelDied(Exception):
    """The server said the kernel is restarting (it died) or dead."""


class ConnectionLost(Exception):
    """The kernel's websocket closed while the kernel still ran."""


class KernelChannel:
    """A kernel's websocket, read all the time, as JupyterLab reads it.

    tornado's client reads the next frame only when its one-message queue has room, so a
    connection that nobody reads (a participant waiting to press Run All) stops answering the
    server's pings, and jupyterhub-singleuser closes it after 90 s. A reader task moves every
    message into a queue of its own instead.
    """

    def __init__(self, connection) -> None:
        self.connection = connection
        self.inbox: asyncio.Queue = asyncio.Queue()
        self.reader = asyncio.ensure_future(self._read())

    @classmethod
    async def open(cls, client: Client, path: str, token: str) -> KernelChannel:
        return cls(await client.websocket(path, token))

    async def _read(self) -> None:
        while True:
            message = await self.connection.read_message()
            await self.inbox.put(message)
            if message is None:
                return

    async def send(self, message: dict) -> None:
        await self.connection.write_message(json.dumps(message))

    async def receive(self, timeout: float):
        """The next message, or None once the connection has closed."""
        return await asyncio.wait_for(self.inbox.get(), timeout)

    def close(self) -> None:
        self.reader.cancel()
        self.connection.close()


async def execute(
    channel: KernelChannel, code: str, session: str, timeout: float = CELL_TIMEOUT_S
) -> str:
    """Run one cell; return "" or the error ``ename: evalue``. Raises KernelDied when the kernel
    restarts under it, ConnectionLost when the websocket closes."""
    request = execute_request(code, session)
    await channel.send(request)
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return f"no reply within {timeout:.0f} s"
        message = await channel.receive(remaining)
        if message is None:
            raise ConnectionLost("the kernel's websocket closed while the kernel ran")
        if isinstance(message, bytes):
            continue  # a binary message (buffers); nothing here waits for one
        msg = json.loads(message)
        kind = msg.get("msg_type") or msg.get("header", {}).get("msg_type")
        if kind == "status" and msg["content"].get("execution_state") in ("restarting", "dead"):
            raise KernelDied(msg["content"]["execution_state"])
        if (
            kind == "execute_reply"
            and msg["parent_header"].get("msg_id") == request["header"]["msg_id"]
        ):
            content = msg["content"]
            if content.get("status") == "ok":
                return ""
            return f"{content.get('ename', 'error')}: {content.get('evalue', '')}"[:300]


def code_cells(notebook: dict) -> list[str]:
    """The code cells' sources, in order (what Run All sends)."""
    return [
        "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
    ]


# --- one participant -------------------------------------------------------------------------


@dataclass
class Session:
    participant: Participant
    token: str
    server_pid: int = 0
    kernels: dict[str, str] = field(default_factory=dict)  # notebook -> kernel id


async def start_participant(client: Client, name: str, service_token: str) -> Session:
    """Log in, get a token, start the server; time from the start request to a ready server."""
    participant = Participant(name)
    await client.log_in(name)
    made = await client.call(
        "POST", f"/hub/api/users/{name}/tokens", service_token, {"note": "load test"}
    )
    session = Session(participant, made["token"])
    began = time.monotonic()
    await client.call("POST", f"/hub/api/users/{name}/server", session.token, timeout=180)
    while True:
        model = await client.call("GET", f"/hub/api/users/{name}", service_token)
        server = model.get("servers", {}).get("")
        if server and server.get("ready"):
            participant.server_start_s = time.monotonic() - began
            session.server_pid = int(server.get("state", {}).get("pid", 0))
            return session
        if time.monotonic() - began > 180:
            raise LoadTestError("server not ready within 180 s (see the hub's log)")
        await asyncio.sleep(0.25)


async def stop_server(client: Client, session: Session, service_token: str) -> None:
    """Stop a participant's server and wait until the hub says it has stopped."""
    name = session.participant.name
    with contextlib.suppress(LoadTestError):
        await client.call("DELETE", f"/hub/api/users/{name}/server", service_token, timeout=60)
        for _ in range(240):
            model = await client.call("GET", f"/hub/api/users/{name}", service_token)
            if not model.get("servers"):
                return
            await asyncio.sleep(0.25)


def start_delays(count: int, stagger_s: float, seed: int = 0) -> list[float]:
    """When each participant presses Run All after the room's signal: all at once (0) or spread
    evenly at random over ``stagger_s`` seconds, the same on every run (seeded)."""
    if stagger_s <= 0:
        return [0.0] * count
    generator = random.Random(42 + seed)
    return [generator.uniform(0.0, stagger_s) for _ in range(count)]


def kill_kernel(server_pid: int, kernel_id: str) -> int:
    """SIGKILL the kernel process with this id under a participant's server; return its pid."""
    for proc in psutil.Process(server_pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if any(f"kernel-{kernel_id}.json" in part for part in proc.cmdline()):
                proc.kill()
                return proc.pid
    raise LoadTestError(f"no kernel process {kernel_id} under server {server_pid}")


async def kernel_ready(
    channel: KernelChannel, session: str, reconnect, timeout: float = 180.0
) -> KernelChannel:
    """Wait until the (restarted) kernel answers a kernel_info_request; return the channel that
    got the answer. The server keeps the websocket open across a restart, but a kernel that dies
    before the server has seen it alive comes back on new ports, which that websocket does not
    follow: after 15 s of silence this connects again (``reconnect()``, JupyterLab's *Kernel →
    Reconnect to Kernel*)."""
    deadline = time.monotonic() + timeout
    reconnect_at = time.monotonic() + 15.0
    while time.monotonic() < deadline:
        if reconnect_at and time.monotonic() > reconnect_at:
            channel.close()
            channel, reconnect_at = await reconnect(), 0.0
        request = execute_request("", session)
        request["header"]["msg_type"] = "kernel_info_request"
        request["content"] = {}
        await channel.send(request)
        answer_by = time.monotonic() + 2.0
        while time.monotonic() < answer_by:
            with contextlib.suppress(TimeoutError):
                message = await channel.receive(max(answer_by - time.monotonic(), 0.01))
                if message is None:
                    raise ConnectionLost("the kernel's websocket closed during its restart")
                if isinstance(message, str):
                    msg = json.loads(message)
                    parent = msg.get("parent_header", {}).get("msg_id")
                    if parent == request["header"]["msg_id"] and (
                        msg.get("msg_type") == "kernel_info_reply"
                    ):
                        return channel
    raise LoadTestError(f"the kernel did not answer within {timeout:.0f} s of its restart")


async def run_notebook(
    client: Client,
    session: Session,
    notebook: Path,
    start: asyncio.Event,
    connected: set[str],
    fault: str = "",
    delay_s: float = 0.0,
) -> Run:
    """Open the notebook, start its kernel, wait for the room's signal (and ``delay_s`` more),
    then Run All. ``fault``: "kill" kills the kernel after a few cells, "over-limit" runs a
    cell that allocates more memory than the limit there."""
    name = session.participant.name
    run = Run(notebook.stem, killed_by_test=bool(fault))
    relative = f"notebooks/{notebook.name}"
    model = await client.call(
        "GET", f"/user/{name}/api/contents/{relative}?content=1", session.token
    )
    cells = code_cells(model["content"])
    opened = await client.call(
        "POST",
        f"/user/{name}/api/sessions",
        session.token,
        {
            "path": relative,
            "name": notebook.name,
            "type": "notebook",
            "kernel": {"name": "python3"},
        },
    )
    kernel_id = opened["kernel"]["id"]
    session.kernels[notebook.stem] = kernel_id
    channel = f"/user/{name}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"
    connection = await KernelChannel.open(client, channel, session.token)
    connected.add(name)
    await start.wait()
    await asyncio.sleep(delay_s)
    began = killed_at = time.monotonic()
    try:
        for index, code in enumerate(cells):
            if fault == "kill" and index == KILL_AFTER_CELLS:
                kill_kernel(session.server_pid, kernel_id)
                killed_at = time.monotonic()
            if fault == "over-limit" and index == KILL_AFTER_CELLS:
                killed_at = time.monotonic()
                outcome = await execute(connection, OVER_LIMIT_CELL, opened["id"])
                run.error = f"the memory limit was not enforced: 2 GiB gave {outcome or 'no error'}"
                break
            error = await execute(connection, code, opened["id"])
            run.cells = index + 1
            if error:
                run.error = f"cell {index + 1}: {error}"
                break
    except ConnectionLost as lost:
        run.error = f"after cell {run.cells}: {lost}"
    except KernelDied as died:
        run.kernel_restarted = True
        run.notice_s = time.monotonic() - killed_at
        run.error = f"the kernel died after cell {run.cells} and the server said {died}"

        async def reconnect() -> KernelChannel:
            path = f"/user/{name}/api/kernels/{kernel_id}/channels?session_id={uuid.uuid4().hex}"
            return await KernelChannel.open(client, path, session.token)

        connection = await kernel_ready(connection, opened["id"], reconnect)
        again = time.monotonic()
        stopped = ""
        for code in cells:  # Run All again, as the participant would
            stopped = await execute(connection, code, opened["id"])
            if stopped:
                run.error += f"; their second Run All stopped: {stopped}"
                break
        run.rerun_s = time.monotonic() - again
        run.recovered = not stopped
    finally:
        connection.close()
    run.seconds = time.monotonic() - began
    return run


# --- measuring while it runs -----------------------------------------------------------------


class Sampler(threading.Thread):
    """Every ``interval`` seconds: PSS of each participant's server tree, of the whole hub tree
    and of the hub and proxy alone; the machine's CPU while ``busy`` is set."""

    def __init__(self, hub: Hub, sessions: list[Session], interval: float = 1.0) -> None:
        super().__init__(daemon=True)
        self.hub, self.sessions, self.interval = hub, sessions, interval
        self.busy = threading.Event()
        self.halt = threading.Event()
        self.total_peak_mb = 0.0
        self.own_peak_mb = 0.0
        self.cpu: list[float] = []

    def run(self) -> None:
        psutil.cpu_percent(None)
        while not self.halt.wait(self.interval):
            self.sample()

    def sample(self) -> None:
        self.hub.remember_processes()
        cpu = psutil.cpu_percent(None)
        if self.busy.is_set():
            self.cpu.append(cpu)
        servers = {s.server_pid for s in self.sessions if s.server_pid}
        for session in self.sessions:
            if session.server_pid:
                mb = _tree_pss_mb(session.server_pid)
                session.participant.peak_pss_mb = max(session.participant.peak_pss_mb, mb)
        if self.hub.process is None:
            return
        self.total_peak_mb = max(self.total_peak_mb, _tree_pss_mb(self.hub.process.pid))
        own = _tree_pss_mb(self.hub.process.pid, skip=servers)
        self.own_peak_mb = max(self.own_peak_mb, own)


def _tree_pss_mb(pid: int, skip: set[int] = frozenset()) -> float:
    """PSS of a process and its descendants, in MB, leaving out the subtrees rooted at ``skip``."""
    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    skipped = set()
    for proc in procs:
        if proc.pid in skip:
            with contextlib.suppress(psutil.Error):
                skipped |= {proc.pid, *(c.pid for c in proc.children(recursive=True))}
    total = 0
    for proc in procs:
        if proc.pid in skipped:
            continue
        with contextlib.suppress(psutil.Error):
            total += proc.memory_full_info().pss
    return total / 2**20


# --- the whole test --------------------------------------------------------------------------


async def load_test(
    hub: Hub,
    service_token: str,
    users: int,
    notebooks: list[Path],
    kill_one: bool,
    stagger_s: float = 0.0,
    limits: MemoryLimits | None = None,
) -> tuple[list[Participant], Sampler]:
    """Everything between a running hub and its teardown. With ``limits``, every server is put
    under the memory limit and the second participant's kernel goes over it."""
    client = Client(hub)
    for _ in range(240):
        with contextlib.suppress(Exception):
            await client.call("GET", "/hub/api/", service_token, timeout=5)
            break
        if hub.process is not None and hub.process.poll() is not None:
            raise LoadTestError("the hub exited at start: see hub.log in the state folder")
        await asyncio.sleep(0.25)
    else:
        raise LoadTestError("the hub did not answer within 60 s: see hub.log in the state folder")
    names = [f"participant-{number:03d}" for number in range(1, users + 1)]
    started = await asyncio.gather(
        *(start_participant(client, name, service_token) for name in names),
        return_exceptions=True,
    )
    participants, sessions = [], []
    for name, outcome in zip(names, started, strict=True):
        if isinstance(outcome, Session):
            participants.append(outcome.participant)
            sessions.append(outcome)
        else:
            participants.append(Participant(name, error=f"could not start: {outcome}"))
    if limits is not None:
        # Where the controller exists but refuses (a read-only cgroup mount, say), the
        # over-limit part is skipped with the reason, as where there is no controller at all.
        with contextlib.suppress(LoadTestError):
            for session in sessions:
                limits.apply(session.participant.name, session.server_pid)
    over = limits is not None and limits.available
    faults = [f for f in ("kill" * kill_one, "over-limit" * over) if f]
    sampler = Sampler(hub, sessions)
    sampler.start()
    try:
        for position, notebook in enumerate(notebooks):
            start, connected = asyncio.Event(), set()
            planned = [
                faults[i] if position == 0 and i < len(faults) else "" for i in range(len(sessions))
            ]
            delays = start_delays(len(sessions), stagger_s, seed=position)
            tasks = [
                asyncio.ensure_future(
                    run_notebook(client, s, notebook, start, connected, fault, delay)
                )
                for s, fault, delay in zip(sessions, planned, delays, strict=True)
            ]
            await _all_connected(tasks, sessions, connected)
            sampler.busy.set()
            start.set()
            outcomes = await asyncio.gather(*tasks, return_exceptions=True)
            sampler.busy.clear()
            for session, outcome in zip(sessions, outcomes, strict=True):
                if isinstance(outcome, Run):
                    session.participant.runs.append(outcome)
                else:
                    session.participant.runs.append(Run(notebook.stem, error=str(outcome)))
        if faults and len(sessions) > len(faults):
            others = sessions[len(faults) :]
            untouched = await _kernels_untouched(client, others)
            if untouched:
                others[0].participant.error = untouched
        for session in sessions:
            if not _wrote_own_models(hub, session, notebooks):
                session.participant.error = (
                    "notebook 03's experiment log is not in the participant's own models/ "
                    "(COURSEKIT_WORKSPACE not honoured: everyone would share one folder)"
                )
        sampler.sample()
    finally:
        sampler.halt.set()
        sampler.join(timeout=10)
    await asyncio.gather(*(stop_server(client, s, service_token) for s in sessions))
    for name in names:
        with contextlib.suppress(LoadTestError):
            await client.call("DELETE", f"/hub/api/users/{name}", service_token, timeout=60)
    return participants, sampler


async def _all_connected(tasks, sessions: list[Session], connected: set[str]) -> None:
    """Wait until every participant has the notebook open, its kernel started and connected
    (or their task ended in an error), so that all of them press Run All at the same moment."""
    while not all(
        s.participant.name in connected or t.done() for s, t in zip(sessions, tasks, strict=True)
    ):
        await asyncio.sleep(0.1)


async def _kernels_untouched(client: Client, sessions: list[Session]) -> str:
    """ "" when no other participant's kernel restarted and all of them still run, else why not."""
    for session in sessions:
        restarted = [run.notebook for run in session.participant.runs if run.kernel_restarted]
        if restarted:
            return f"their kernel for {restarted} restarted when another participant's died"
        running = await client.call(
            "GET", f"/user/{session.participant.name}/api/kernels", session.token
        )
        ids = {k["id"] for k in running}
        lost = [nb for nb, kernel in session.kernels.items() if kernel not in ids]
        if lost:
            return f"lost the kernels of {lost} when another participant's kernel died"
    return ""


def _wrote_own_models(hub: Hub, session: Session, notebooks: list[Path]) -> bool:
    """Notebook 03 writes models/experiment_log.csv: after a Run All of it that succeeded, the
    file must be in the participant's home."""
    ran = [r for r in session.participant.runs if r.notebook.startswith("03_") and not r.error]
    if not any(n.stem.startswith("03_") for n in notebooks) or not ran:
        return True
    home = hub.state / "home" / session.participant.name
    return (home / "models" / "experiment_log.csv").is_file()


def machine_figures(sampler: Sampler) -> dict:
    return {
        "cores": psutil.cpu_count(),
        "hub_total_peak_mb": sampler.total_peak_mb,
        "hub_own_peak_mb": sampler.own_peak_mb,
        "cpu_mean_percent": statistics.fmean(sampler.cpu) if sampler.cpu else float("nan"),
        "cpu_saturated_share": (
            sum(c >= SATURATED_PERCENT for c in sampler.cpu) / len(sampler.cpu)
            if sampler.cpu
            else float("nan")
        ),
    }


def run_load_test(
    users: int,
    notebooks: list[str],
    kill_one: bool = False,
    timeout_s: float = 900.0,
    limit_s: float = RUN_ALL_LIMIT_S,
    output: Path | None = None,
    keep_state: bool = False,
    stagger_s: float = 0.0,
    over_limit: bool = False,
) -> dict:
    """Start the hub, run the load test, tear everything down; return the summary."""
    if not 1 <= users <= MAX_USERS:
        raise LoadTestError(f"--users must be between 1 and {MAX_USERS}, not {users}.")
    planned = int(kill_one) + int(over_limit)
    if planned and users <= planned:
        raise LoadTestError(
            f"--kill-one and --over-limit need a participant each and one more to watch: "
            f"--users {planned + 1} or more, not {users}."
        )
    if not 0 <= stagger_s <= timeout_s / 2:
        raise LoadTestError(
            f"--stagger must be between 0 and half of --timeout ({timeout_s / 2:.0f} s), "
            f"not {stagger_s}."
        )
    paths = resolve_notebooks(notebooks)
    check_installed()
    limits = MemoryLimits() if over_limit else None
    skipped = ""
    if limits is not None and not limits.available:
        skipped, limits = limits.reason, None
    state = repo_root() / "build" / "hub" / f"state-{os.getpid()}"
    service_token = secrets.token_hex(32)
    hub = Hub(state, free_port_block(), secrets.token_urlsafe(12), service_token)
    hub.start()
    try:
        participants, sampler = asyncio.run(
            asyncio.wait_for(
                load_test(hub, service_token, users, paths, kill_one, stagger_s, limits),
                timeout_s,
            )
        )
    except TimeoutError:
        raise LoadTestError(f"the load test did not finish within {timeout_s:.0f} s") from None
    finally:
        killed = hub.stop()
        left = hub.left_behind()
        groups_left = limits.remove() if limits is not None else []
        log = state / "hub.log"
        if log.exists():
            shutil.copy(log, state.parent / "last-hub.log")
        if not keep_state:
            shutil.rmtree(state, ignore_errors=True)
    summary = summarise(participants, machine_figures(sampler), limit_s)
    summary["notebooks_run"] = [p.stem for p in paths]
    summary["stagger_s"] = stagger_s
    summary["killed_kernel"] = _fault_outcome(participants, 0) if kill_one else None
    if limits is not None and not limits.available:
        skipped = limits.reason
    if over_limit:
        summary["over_limit"] = (
            {"skipped": skipped} if skipped else _fault_outcome(participants, int(kill_one))
        )
        if not skipped and not summary["over_limit"]["recovered"]:
            summary["failures"].append(
                "the participant who went over the memory limit did not recover"
            )
    if groups_left:
        summary["failures"].append(f"cgroups left behind: {groups_left}")
    if killed:
        summary["failures"].append(
            f"teardown had to kill {len(killed)} processes: {hub.describe(killed)}"
        )
    if left:
        summary["failures"].append(
            f"{len(left)} processes still running after teardown: {hub.describe(left)}"
        )
    if kill_one and not (summary["killed_kernel"] or {}).get("recovered"):
        summary["failures"].append("the participant whose kernel was killed did not recover")
    summary["participants"] = [asdict(p) for p in participants]
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(json.dumps(summary, indent=1, default=str), encoding="utf-8")
    return summary


def _fault_outcome(participants: list[Participant], index: int) -> dict:
    """What happened to the participant the test harmed on purpose, and to everyone else."""
    chosen = participants[index] if index < len(participants) else Participant("")
    first = chosen.runs[0] if chosen.runs else Run("")
    return {
        "participant": chosen.name,
        "notebook": first.notebook,
        "kernel_restarted": first.kernel_restarted,
        "notice_s": round(first.notice_s, 1),
        "recovered": first.recovered,
        "rerun_s": round(first.rerun_s, 1),
        "what_they_saw": first.error,
        "others_failed": failures([p for p in participants if p is not chosen]),
    }


def serve(port: int) -> None:
    """The course's hub in the foreground for a dry run: log in at the printed address."""
    check_installed()
    password = secrets.token_urlsafe(9)
    hub = Hub(repo_root() / "build" / "hub" / "serve", port, password, None)
    print(f"Open http://127.0.0.1:{port}/ and log in with any name and the password {password}")
    print("Ctrl-C stops the hub and every server it started.")
    hub.start()
    try:
        hub.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        hub.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m coursekit.authoring.hub", description=__doc__.split("\n\n")[0]
    )
    commands = parser.add_subparsers(dest="command", required=True)
    test = commands.add_parser("load-test", help="N participants at once on a loopback hub")
    test.add_argument("--users", type=int, default=2, help=f"participants (1..{MAX_USERS})")
    test.add_argument(
        "--notebooks", nargs="+", default=["03"], help="learner notebooks, e.g. 03 05 07"
    )
    test.add_argument(
        "--kill-one", action="store_true", help="kill participant 1's kernel part-way"
    )
    test.add_argument("--timeout", type=float, default=900.0, help="seconds before it gives up")
    test.add_argument("--limit", type=float, default=RUN_ALL_LIMIT_S, help="Run All limit in s")
    test.add_argument("--json", type=Path, default=None, help="write the results here")
    test.add_argument("--keep-state", action="store_true", help="keep build/hub/state-*/")
    test.add_argument(
        "--over-limit",
        action="store_true",
        help="put every server under a 1.5 GiB memory limit (cgroups, as root) and have one "
        "participant's kernel go over it",
    )
    test.add_argument(
        "--stagger",
        type=float,
        default=0.0,
        help="spread the Run All presses at random over this many seconds (default: all at once)",
    )
    dry = commands.add_parser("serve", help="the hub in the foreground, for a dry run")
    dry.add_argument("--port", type=int, default=8000)
    args = parser.parse_args(argv)
    try:
        if args.command == "serve":
            serve(args.port)
            return 0
        summary = run_load_test(
            args.users,
            args.notebooks,
            args.kill_one,
            args.timeout,
            args.limit,
            args.json,
            args.keep_state,
            args.stagger,
            args.over_limit,
        )
    except LoadTestError as error:
        print(f"hub load test: {error}", file=sys.stderr)
        return 1
    print(report(summary))
    for key, what in (("killed_kernel", "killed kernel"), ("over_limit", "over the limit")):
        k = summary.get(key)
        if k and "skipped" in k:
            print(f"  {what}: not tested here ({k['skipped']})")
        elif k:
            print(
                f"  {what} ({k['participant']}, {k['notebook']}): the server reported the "
                f"restart to them {k['notice_s']} s after it; their second Run All "
                f"{'succeeded' if k['recovered'] else 'FAILED'} in {k['rerun_s']} s; "
                f"everyone else: {len(k['others_failed'])} failures"
            )
    return 1 if summary["failures"] else 0


if __name__ == "__main__":
    sys.exit(main())
