"""The course's test hub: JupyterHub on loopback, one course for everyone, a home per participant.

This is the hub `make hub-load-test` starts and measures (coursekit/authoring/hub.py), and the
one `make hub` starts for a facilitator's dry run. It runs everyone's server as *this* Unix
user, with no isolation between participants, so it is for a test on one machine only. For a
real workshop use The Littlest JupyterHub or Zero to JupyterHub with the settings in
workshop/README.md, which carry the same choices (a shared install of the course, a copy of the
learner notebooks in each home, a memory limit, one thread per kernel, culling of idle kernels).

Everything that differs between runs comes from environment variables, so that no secret and no
path of this machine is written here:

COURSE_HUB_DIR       the hub's state: database, cookie secret, logs, and home/<user>/
COURSE_HUB_PORT      the port the proxy serves on 127.0.0.1 (the hub and the proxy's API use
                     the next two ports)
COURSE_HUB_PASSWORD  the shared password participants log in with (8 characters or more)
COURSE_HUB_TOKEN     the API token of the load-test service, which may create users, start and
                     stop their servers and make tokens for them (absent: no such service)
"""

import os
import shutil
import sys
from pathlib import Path

c = get_config()  # noqa: F821  (JupyterHub provides get_config when it loads this file)

REPOSITORY = Path(__file__).resolve().parent.parent
STATE = Path(os.environ["COURSE_HUB_DIR"]).resolve()
PORT = int(os.environ.get("COURSE_HUB_PORT", "8000"))
BIN = Path(sys.executable).parent  # the course's .venv/bin: jupyterhub-singleuser is there
PROXY = REPOSITORY / "workshop" / "node_modules" / ".bin" / "configurable-http-proxy"

# Loopback only: the proxy (what participants open), the hub behind it, the proxy's API.
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = PORT
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = PORT + 1
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PORT + 2}"
c.ConfigurableHTTPProxy.command = [str(PROXY)]
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "cookie_secret")
c.JupyterHub.pid_file = str(STATE / "hub.pid")
c.JupyterHub.cleanup_servers = True  # stopping the hub stops every participant's server

# A shared password for a short workshop (anyone who has it can log in under any name).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = os.environ["COURSE_HUB_PASSWORD"]
c.Authenticator.allow_all = True

# Everyone's server runs the course's own environment; each participant gets a home with a copy
# of the learner notebooks, as nbgitpuller would give them on a real hub.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/notebooks/00_welcome.ipynb"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.args = [
    # A kernel idle for 30 minutes is shut down and gives its memory back (facilitator guide).
    "--MappingKernelManager.cull_idle_timeout=1800",
    "--MappingKernelManager.cull_interval=300",
    # Many servers on one machine pick kernel ports at the same moment, and two can pick the
    # same one (jupyter_client issue 276). The kernel that loses dies at start; with ports
    # cached (the default over TCP) all five automatic restarts reuse the taken port and the
    # participant is left with a dead kernel. The load test met this with 8 participants.
    # Without the cache, a restart picks new ports and the kernel comes up.
    "--KernelManager.cache_ports=False",
]
if os.geteuid() == 0:  # CI runs as root; Jupyter refuses root unless told
    c.Spawner.args.append("--allow-root")
# Not enforced by this spawner (TLJH and Kubernetes enforce it); shown in the server's
# environment as MEM_LIMIT, and what the facilitator guide's sizing assumes.
c.Spawner.mem_limit = "1.5G"


# One thread per kernel: many kernels share two cores, and OpenMP threads on top of them slow
# everyone down. models/ goes to the participant's own home, ~ (coursekit.paths.workspace_dir).
c.Spawner.environment = {"OMP_NUM_THREADS": "1", "COURSEKIT_WORKSPACE": "~"}


def copy_course_into_home(spawner) -> None:
    """Before a participant's first start: their home, with the learner notebooks in it."""
    home = Path(spawner.home_dir)
    (home / "models").mkdir(parents=True, exist_ok=True)
    if not (home / "notebooks").exists():
        shutil.copytree(REPOSITORY / "notebooks", home / "notebooks")


c.Spawner.pre_spawn_hook = copy_course_into_home

token = os.environ.get("COURSE_HUB_TOKEN")
if token:
    c.JupyterHub.services = [{"name": "course-load-test", "api_token": token}]
    c.JupyterHub.load_roles = [
        {
            "name": "course-load-test",
            "scopes": ["admin:users", "admin:servers", "tokens", "access:servers"],
            "services": ["course-load-test"],
        }
    ]
