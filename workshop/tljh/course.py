"""The course's settings for The Littlest JupyterHub: copy this file to
/opt/tljh/config/jupyterhub_config.d/course.py, then `sudo tljh-config reload hub`.

TLJH loads every .py file in that folder after its own configuration (its escape hatch for
settings tljh-config has no key for). These are the choices the course's test hub
(workshop/jupyterhub_config.py) was measured with; memory and CPU limits and the culling of idle
servers are set with tljh-config instead (workshop/README.md, step 4).
"""

c = get_config()  # noqa: F821  (JupyterHub provides get_config when it loads this file)

# One thread per kernel: many participants share the server's cores, and OpenMP threads on top
# of them slow everyone down. models/ goes to each participant's home (~), not the shared install.
c.Spawner.environment.update({"OMP_NUM_THREADS": "1", "COURSEKIT_WORKSPACE": "~"})

# A kernel idle for 30 minutes is shut down and gives its memory back; the server itself is
# stopped by TLJH's idle culler (tljh-config set services.cull.timeout).
c.Spawner.args.extend(
    [
        "--MappingKernelManager.cull_idle_timeout=1800",
        "--MappingKernelManager.cull_interval=300",
        # Everyone's kernels pick ports on one machine: a restart must pick new ones
        # (workshop/jupyterhub_config.py says why).
        "--KernelManager.cache_ports=False",
    ]
)
