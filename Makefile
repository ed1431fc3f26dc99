# Every target sets itself up from a fresh machine: .venv at the repo root, the package with its extras.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JOBS ?= 2
# The browser test drives Debian's chromium through the playwright package (never `playwright install`).
CHROMIUM := /usr/bin/chromium

.PHONY: demo test bench venv clean

$(STAMP): pyproject.toml $(wildcard newsmill/*/*.c)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,bench,ray]'
	touch $(STAMP)

venv: $(STAMP)

demo: $(STAMP)
	$(BIN)/newsmill run examples/seeds --out demo-out
	@echo
	@echo "Search it:  $(BIN)/newsmill search demo-out Lachin"
	@echo "Stories:    $(BIN)/newsmill stories demo-out"
	@echo "Copies:     $(BIN)/newsmill duplicates demo-out"
	@echo "Export:     $(BIN)/newsmill export demo-out --format csv"
	@echo "Browse:     $(BIN)/newsmill serve demo-out   (then open http://127.0.0.1:8000/)"

$(CHROMIUM):
	apt-get update && apt-get install -y chromium

test: $(STAMP) $(CHROMIUM)
	$(BIN)/python -m pytest -n $(JOBS) --dist loadgroup -q

bench: $(STAMP)
	$(BIN)/python -m benchmarks.run_all

clean:
	rm -rf $(VENV) demo-out .pytest_cache build *.egg-info
