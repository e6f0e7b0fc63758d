# One-word entry points. `make lab` opens the course; `make test` runs every test.
# Both create .venv and install requirements.txt first when needed (uv if present, else pip).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LAB_ARGS ?=
PYTEST_ARGS ?=
UV := $(shell command -v uv 2>/dev/null)

# Tests run two notebooks at once on two cores; OpenMP threads on top (gradient boosting)
# oversubscribe them and slowed one cell 100-fold. One thread each, for the stored solution
# outputs too, so that the outputs nbval compares come from the same setting.
test solutions: export OMP_NUM_THREADS = 1

.PHONY: help install lab test gate ci newest-releases slides site browser-test hub hub-load-test notebooks solutions bench lint clean distclean

help:
	@echo "make lab        set up (first time) and open the course in JupyterLab"
	@echo "make test       set up (first time) and run every test: unit tests, all notebooks"
	@echo "make gate       build the shipped model and run the quality gate on it (notebook 10)"
	@echo "make ci         what CI runs (.ci/run and GitHub): test, gate, browser-test, site"
	@echo "make newest-releases  the tests against the newest release of every library (.venv-newest)"
	@echo "make slides     export each notebook's core path as an offline reveal.js deck (build/slides)"
	@echo "make site       build the course website into build/site/_build/html (SITE_REPOSITORY=https://github.com/owner/repo)"
	@echo "make browser-test  Run All on every learner notebook in JupyterLab, and open every deck, in headless Chromium"
	@echo "make hub-load-test  USERS participants on a loopback JupyterHub run NOTEBOOKS at once, measured (workshop/README.md)"
	@echo "make hub        the workshop hub on 127.0.0.1:8000 for a dry run (a test hub: no isolation between users)"
	@echo "make notebooks  rebuild the learner notebooks from solutions/"
	@echo "make solutions  re-run the solutions (refresh stored outputs), then make notebooks"
	@echo "make bench      time each notebook and measure its kernel's peak memory"
	@echo "make lint       ruff on the package, tests and notebooks"
	@echo "make clean      remove built files (models/, build/); make distclean also removes .venv"

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "The course needs Python 3.11 or newer; this is " + sys.version.split()[0] + ". Use: make PYTHON=python3.12 ...")'
ifdef UV
	test -x $(BIN)/python || uv venv --python $(PYTHON) $(VENV)
	uv pip install --python $(BIN)/python --compile-bytecode -r requirements.txt
else
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
endif
	touch $(STAMP)

lab: install
	$(BIN)/jupyter lab --ServerApp.root_dir=. --LabApp.default_url=/lab/tree/notebooks/00_welcome.ipynb $(LAB_ARGS)

test: install
	tools/offline $(BIN)/python -m pytest -n 2 --dist loadfile $(PYTEST_ARGS)

gate: install
	$(BIN)/python -m coursekit.gate build
	$(BIN)/python -m coursekit.gate check --model models/loan_approval_v2.skops --holdout models/holdout.csv

# The one CI definition: .ci/run (on a clean clone) and .github/workflows/ci.yml both run this.
# The browser tests skip, saying why, where Debian's chromium is missing.
ci: test gate browser-test site hub-load-test

# The weekly job: the newest release of every library, in a venv of its own (.venv-newest), so
# that CI learns before learners do which release breaks a notebook. Outputs are not compared
# (new releases move the last digits); every notebook must still run and the gate must pass.
NEWEST := .venv-newest

newest-releases:
	mkdir -p build
	$(PYTHON) tools/unpinned_requirements.py requirements.txt requirements-browser.txt > build/latest.txt
	test -x $(NEWEST)/bin/python || $(PYTHON) -m venv $(NEWEST)
	$(NEWEST)/bin/python -m pip install --upgrade --upgrade-strategy eager -r build/latest.txt
	$(NEWEST)/bin/python -m pip freeze
	OMP_NUM_THREADS=1 $(NEWEST)/bin/python -m pytest -n 2 --dist loadfile -p no:cacheprovider -o addopts="" --nbval-lax --nbval-current-env tests notebooks solutions
	$(NEWEST)/bin/python -m coursekit.gate build
	$(NEWEST)/bin/python -m coursekit.gate check --model models/loan_approval_v2.skops --holdout models/holdout.csv

# The decks load reveal.js, require.js, jQuery and MathJax from build/slides/vendor/, fetched
# once from the npm registry (pinned, sha512-checked); the export itself runs with the network cut.
slides: install
	$(BIN)/python -m coursekit.authoring.slides fetch
	tools/offline $(BIN)/python -m coursekit.authoring.slides export

# The course website, with jupyter-book 1.x from requirements-site.txt, installed on demand.
# It renders the notebooks with their stored outputs (make test runs and compares them; the
# site does not run them again), with the network cut; a Sphinx warning fails it, then
# coursekit.authoring.site checks the pages and launch links.
# Launch buttons point at SITE_REPOSITORY, else at the git remote origin when it is on GitHub,
# else at a placeholder. Sphinx re-runs only changed pages; a change to the helper package, the
# data or the requirements removes build/site first, so that every page is built again.
SITE_STAMP := $(VENV)/.site-installed

$(SITE_STAMP): requirements-site.txt $(STAMP)
	$(if $(UV),uv pip install --python $(BIN)/python --compile-bytecode,$(BIN)/python -m pip install) -r requirements-site.txt
	touch $@

build/site/.inputs: $(wildcard coursekit/*.py coursekit/*/*.py data/*) requirements.txt requirements-site.txt
	rm -rf build/site
	mkdir -p build/site
	touch $@

site: install $(SITE_STAMP) build/site/.inputs
	$(BIN)/python -m pytest tests/test_site.py -q -p no:cacheprovider -o addopts=""  # incl. the stored-outputs proof, which needs jupyter-book
	$(BIN)/python -m coursekit.authoring.site config --repository "$(SITE_REPOSITORY)" --origin "$(shell git remote get-url origin 2>/dev/null)" --output build/site/_config.yml
	OMP_NUM_THREADS=1 tools/offline $(BIN)/jupyter-book build . --path-output build/site --config build/site/_config.yml --toc site/_toc.yml -W --keep-going
	$(BIN)/python -m coursekit.authoring.site check build/site/_build/html

# About 3 minutes: needs Debian's chromium (apt-get install chromium); skips with a reason
# without it. Playwright drives the system browser; it never downloads one.
BROWSER_STAMP := $(VENV)/.browser-installed

$(BROWSER_STAMP): requirements-browser.txt $(STAMP)
	$(if $(UV),uv pip install --python $(BIN)/python --compile-bytecode,$(BIN)/python -m pip install) -r requirements-browser.txt
	touch $@

browser-test: install $(BROWSER_STAMP) slides
	tools/offline $(BIN)/python -m pytest browser_tests -p no:cacheprovider -o addopts="" -rs

# The workshop hub (workshop/README.md): JupyterHub from requirements-hub.txt, its proxy from the
# npm registry (workshop/package-lock.json), both installed on demand. The load test serves on
# 127.0.0.1 only, with the network cut; it ends by itself and removes every user, process and
# file it made. CI runs the small default (3 participants, notebook 03: one kernel killed, one
# over a 1.5 GiB memory limit, one watching; about 2 minutes); the facilitator guide's sizing
# table comes from e.g.
#   make hub-load-test USERS=16 NOTEBOOKS="03 05 07" HUB_ARGS=
HUB_STAMP := $(VENV)/.hub-installed
USERS ?= 3
NOTEBOOKS ?= 03
HUB_ARGS ?= --kill-one --over-limit

$(HUB_STAMP): requirements-hub.txt workshop/package.json workshop/package-lock.json $(STAMP)
	@command -v npm >/dev/null 2>&1 || { echo "The workshop hub needs Node.js 20 or newer with npm, for configurable-http-proxy: install Node.js, then run make again."; exit 1; }
	$(if $(UV),uv pip install --python $(BIN)/python --compile-bytecode,$(BIN)/python -m pip install) -r requirements-hub.txt
	npm ci --prefix workshop --no-audit --no-fund
	touch $@

hub-load-test: install $(HUB_STAMP)
	mkdir -p build/hub
	tools/offline $(BIN)/python -m coursekit.authoring.hub load-test --users $(USERS) --notebooks $(NOTEBOOKS) $(HUB_ARGS) --json build/hub/load-test-$(USERS).json

hub: install $(HUB_STAMP)
	$(BIN)/python -m coursekit.authoring.hub serve

notebooks: install
	$(BIN)/python -m coursekit.authoring.build

solutions: install
	tools/offline $(BIN)/jupyter nbconvert --to notebook --execute --inplace --ExecutePreprocessor.record_timing=False solutions/*.ipynb
	$(BIN)/python -m coursekit.authoring.build --tidy

bench: install
	tools/offline $(BIN)/python -m coursekit.authoring.bench

# What ruff checks is set once, in pyproject.toml ([tool.ruff]): every .py and .ipynb but the
# generated notebooks/.
lint: install
	$(BIN)/ruff check
	$(BIN)/ruff format --check

clean:
	rm -rf models build

distclean: clean
	rm -rf $(VENV) $(NEWEST)
