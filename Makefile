# unionflow: `make run` starts the product, `make test` runs lint and the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
export UNIONFLOW_TEST_PG_URL ?= postgresql://postgres@127.0.0.1:5432/test

CATALOGS := $(wildcard web/translations/*/LC_MESSAGES/messages.po)

.PHONY: install run test lint bench clean translations messages

install: $(STAMP) translations

translations: $(CATALOGS:.po=.mo)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

# Developers: refresh the catalogs after changing user-facing text, then translate the new entries.
messages: install
	$(BIN)/pybabel extract -F web/babel.cfg -k _l -o web/translations/messages.pot .
	$(BIN)/pybabel update -i web/translations/messages.pot -d web/translations --no-fuzzy-matching

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@rm -f $(VENV)/.installed-*
	@touch $@

# The product with demo data (loaded only into an empty database) at http://127.0.0.1:5000/, and beside it
# the scheduler that fires deadlines and sends notifications; it stops when the web server does.
run: install
	$(BIN)/unionflow db upgrade
	$(BIN)/unionflow demo --if-empty
	$(BIN)/unionflow scheduler & scheduler=$$!; \
	trap 'kill $$scheduler 2>/dev/null; wait $$scheduler' EXIT; trap 'exit 130' INT; trap 'exit 143' TERM; \
	$(BIN)/unionflow serve

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

clean:
	rm -rf $(VENV) instance .pytest_cache .ruff_cache .hypothesis
