# Two commands for a newcomer: `make demo` and `make test`. Both need only Python 3 and make.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: demo test docs docs-pages screenshot bench lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Marker files record which extras are installed; reinstall when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# The sample reports have real defects, so `govlint check` exits 1 here; the demo shows them.
demo: $(VENV)/.installed
	@for f in examples/reports/*.txt; do $(BIN)/govlint parse "$$f" || exit $$?; echo; done
	@$(BIN)/govlint check examples/reports || test $$? -eq 1
	@echo
	@echo "Next: the notebooks in examples/ (a quick tour, auditing a folder, a custom rule);"
	@echo "      $(BIN)/govlint rule blank-cell    explains a rule (govlint rules lists them all);"
	@echo "      $(BIN)/govlint check examples/reports --diff    shows what --fix would change."

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest
	@$(MAKE) --no-print-directory docs

# The documentation site, built the way it is published; any warning fails (--strict).
docs: $(VENV)/.installed-test
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs build --strict --quiet --site-dir .cache/site

# Write the generated per-rule pages again (tests/test_docs.py fails when they are stale).
docs-pages: $(VENV)/.installed-test
	$(BIN)/python -m tests.docgen

# The README's picture of the notebook display, taken in headless Chromium.
screenshot: $(VENV)/.installed-test
	$(BIN)/python -m tests.screenshot docs/images/notebook-display.png

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/bench_parse.py
	$(BIN)/python benchmarks/bench_lint.py
	$(BIN)/python benchmarks/bench_formats.py
	$(BIN)/python benchmarks/bench_families.py
	$(BIN)/python benchmarks/bench_display.py
	$(BIN)/python benchmarks/bench_damaged_decoding.py
	$(BIN)/python benchmarks/bench_hostile.py
	$(BIN)/python benchmarks/bench_corpus.py
	$(BIN)/python benchmarks/bench_stages.py

lint: $(VENV)/.installed-test
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ruff check govlint tests benchmarks
	$(BIN)/python -m mypy

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .hypothesis
