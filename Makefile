# Cybercap: `make demo` sets everything up and serves the demo; `make test` runs the whole suite.
# Each target bootstraps .venv when it is missing or pyproject.toml changed.

VENV := .venv
BIN := $(VENV)/bin
PYTEST_WORKERS ?= auto

.PHONY: demo seed test test-fast lint format bench messages clean install

install:
	@scripts/bootstrap

demo: install
	$(BIN)/cybercap demo

seed: install
	$(BIN)/cybercap demo --seed-only

test: install
	@scripts/test-prerequisites
	$(BIN)/pytest -n $(PYTEST_WORKERS)

# Speed and memory at scale 1 (the demo region) or SCALE=world (194 countries x 3 rounds).
SCALE ?= 1
bench: install
	$(BIN)/python -m bench --scale $(SCALE)

test-fast: install
	$(BIN)/pytest -n $(PYTEST_WORKERS) -m "not browser"

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

format: install
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

messages: install
	cd src/cybercap && ../../$(BIN)/cybercap manage makemessages -l es -l fr -l pt --no-obsolete --no-location
	cd src/cybercap && ../../$(BIN)/cybercap manage compilemessages

clean:
	rm -rf $(VENV) var .pytest_cache test-artifacts
