# unionflow: `make run` starts the product, `make test` runs lint and the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements.lock
# Changes whenever pyproject.toml or the lock does, so either one reinstalls.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
# pip-tools lives in a venv of its own so that the product's venv holds exactly what the lock names.
TOOLS := .venv-tools
PIP_TOOLS := pip-tools==7.6.2
export UNIONFLOW_TEST_PG_URL ?= postgresql://postgres@127.0.0.1:5432/test

CATALOGS := $(wildcard web/translations/*/LC_MESSAGES/messages.po)

.PHONY: install lock run test lint bench clean translations messages diagrams

install: $(STAMP) translations
	@command -v dot >/dev/null || echo "warning: Graphviz's dot is missing, so workflow diagrams cannot be drawn" \
	  "(Debian: apt-get install graphviz)" >&2

translations: $(CATALOGS:.po=.mo)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

# Developers: refresh the catalogs after changing user-facing text, then translate the new entries.
messages: install
	$(BIN)/pybabel extract -F web/babel.cfg -k _l -o web/translations/messages.pot .
	$(BIN)/pybabel update -i web/translations/messages.pot -d web/translations --no-fuzzy-matching

# Every package, direct or not, at the version and hash the lock names; then the project itself on top.
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@rm -f $(VENV)/.installed-*
	@touch $@

# Developers: after changing dependencies in pyproject.toml, refresh the lock (runtime and [dev] in one file)
# and commit it. Pins already in the lock stay unless pyproject.toml needs otherwise;
# `make lock LOCK_FLAGS=--upgrade` moves every indirect dependency to its newest allowed version.
lock:
	@test -x $(TOOLS)/bin/pip-compile || { $(PYTHON) -m venv $(TOOLS) && \
	  $(TOOLS)/bin/python -m pip install --quiet '$(PIP_TOOLS)'; }
	$(TOOLS)/bin/pip-compile --quiet --extra dev --generate-hashes --strip-extras --allow-unsafe \
	  --no-emit-index-url --no-emit-find-links $(LOCK_FLAGS) -o $(LOCK) pyproject.toml

# The product with demo data (loaded only into an empty database) at http://127.0.0.1:5000/, and beside it
# the scheduler that fires deadlines and sends notifications; it stops when the web server does.
run: install
	$(BIN)/unionflow db upgrade
	$(BIN)/unionflow demo --if-empty
	$(BIN)/unionflow scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM; \
	$(BIN)/unionflow serve

# The drawings of each workflow's newest version that the README links; commit them after changing a spec.
diagrams: install
	$(BIN)/python tools/draw-workflows.py

lint: install
	$(BIN)/ruff check .

test: install lint
	tools/ensure-postgres.sh
	tools/ensure-browser.sh
	$(BIN)/python -m pytest

bench: install
	tools/ensure-postgres.sh
	$(BIN)/python bench/engine.py
	$(BIN)/python bench/scheduler.py
	$(BIN)/python bench/export.py
	$(BIN)/python bench/ballot.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/federation.py

clean:
	rm -rf $(VENV) $(TOOLS) instance .pytest_cache .ruff_cache .hypothesis
