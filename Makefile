# kg — two commands for a fresh machine:
#   make demo   set up .venv and build the graph of the sample corpus into out/
#   make test   set up .venv with the test extras and run the linter and the tests
#   make notebook  open the notebooks in JupyterLab (installs the notebook extra into .venv)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip
OUT    ?= out
# Exact versions of every dependency: change pyproject.toml, then `make lock`.
CONSTRAINTS := constraints.txt

.PHONY: demo test lint install install-test install-notebook notebook browser lock bench clean help

help:
	@echo "make demo    - build the knowledge graph of seeds/ into $(OUT)/"
	@echo "make test    - run ruff and the test suite"
	@echo "make notebook - open notebooks/ in JupyterLab with the project's .venv"
	@echo "make browser - install Debian's chromium for the browser tests (as root)"
	@echo "make lock    - install every extra into .venv, then refresh constraints.txt from it"
	@echo "make bench   - kg build throughput, memory, incremental, --jobs and Dask (bench/scale_bench.py)"
	@echo "make clean   - remove $(VENV) and $(OUT)"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(PIP) install --quiet -c $(CONSTRAINTS) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(PIP) install --quiet -c $(CONSTRAINTS) -e ".[test,browser]"
	@touch $@ $(VENV)/.installed

$(VENV)/.installed-notebook: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(PIP) install --quiet -c $(CONSTRAINTS) -e ".[notebook]"
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test
install-notebook: $(VENV)/.installed-notebook

# JupyterLab (the `notebook` extra) on .venv, in notebooks/; its python3 kernel is .venv's.
# Stop it with Ctrl-C. JUPYTER_ARGS adds options, e.g. JUPYTER_ARGS=--no-browser; as root
# (the project's machines) it needs --allow-root, added here.
notebook: install-notebook
	$(abspath $(BIN))/jupyter lab --notebook-dir=notebooks \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(JUPYTER_ARGS)

# The browser tests drive Debian's Chromium through Playwright; no browser is ever downloaded.
browser:
	@if [ -x /usr/bin/chromium ]; then echo "/usr/bin/chromium is installed"; \
	else apt-get update && apt-get install -y chromium; fi

demo: install
	$(BIN)/kg build seeds -o $(OUT)
	@echo
	@echo "Done. Open $(OUT)/graph.html in a browser; query $(OUT)/graph.ttl with:"
	@echo "  $(BIN)/kg query $(OUT)/graph.ttl 'SELECT ?name WHERE { ?p a schema:Person ; rdfs:label ?name }'"

lint: install-test
	$(BIN)/ruff check kg tests bench

test: lint
	$(BIN)/python -m pytest

# Scale benchmark on 1,000 real articles (needs ../shared/eval); prints a markdown table.
bench: install
	$(BIN)/python bench/scale_bench.py

# Pins every extra (test, browser, notebook, sm), so run it on a .venv that has them all.
lock: install-test install-notebook
	$(PIP) install --quiet -c $(CONSTRAINTS) -e ".[test,browser,notebook,sm]"
	$(PIP) freeze --exclude-editable | grep -v '^kg[= @]' > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) $(OUT)
