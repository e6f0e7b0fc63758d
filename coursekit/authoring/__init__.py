"""Tools for course authors and CI, not for learners: notebooks never import these.

* ``build``: generate ``notebooks/`` from ``solutions/`` (the single source);
* ``slides``: export each notebook's lunch-and-learn core path as an offline reveal.js deck
  (its template lives in ``templates/``);
* ``site``: configure and check the course website;
* ``bench``: time each notebook and measure its kernel's memory.

Each runs as ``python -m coursekit.authoring.<tool>``; the Makefile's targets call them. They
need the ``authoring`` extra of ``pyproject.toml`` (installed by ``requirements.txt``).
"""
