# The pipeline: seeds/ -> data/processed/ -> notebooks/ -> site/.
# `make report` and `make test` are the two commands; both create or refresh .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Make Jupyter find this venv's kernel before any user-level kernelspec.
export JUPYTER_PATH := $(CURDIR)/$(VENV)/share/jupyter
export PYDEVD_DISABLE_FILE_VALIDATION := 1
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

.PHONY: report test venv data notebooks site bench lint lock clean

report: $(STAMP)  ## build everything, in order: processed data, executed notebooks, site/
	$(MAKE) data
	$(MAKE) notebooks
	$(MAKE) site

test: $(STAMP)  ## lint and run every test (unit, data regeneration, nbval, site, browser)
	$(BIN)/ruff check minusma_lib tests
	$(BIN)/python -m pytest

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v == (3, 11) else "Python 3.11 is required, found %d.%d: set PYTHON=python3.11" % v)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

data: $(STAMP)  ## regenerate data/processed/ from seeds/
	$(BIN)/python -m minusma_lib.build.processed

notebooks: $(STAMP)  ## execute every notebook in place (outputs are committed)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --NotebookClient.record_timing=False --ExecutePreprocessor.kernel_name=python3 $(NOTEBOOKS)

site: $(STAMP)  ## render site/ (offline HTML) from the executed notebooks
	$(BIN)/python -m minusma_lib.build.site site

bench: $(STAMP)  ## annotation benchmark: cold vs cached, and throughput vs plain nlp.pipe
	$(BIN)/python -m minusma_lib.build.bench

lint: $(STAMP)
	$(BIN)/ruff check minusma_lib tests
	$(BIN)/ruff format --check minusma_lib tests

lock: $(STAMP)  ## re-pin requirements.lock (and environment.yml) after editing requirements.in
	rm -rf /tmp/minusma-lock && $(PYTHON) -m venv /tmp/minusma-lock
	/tmp/minusma-lock/bin/pip install --quiet -r requirements.in
	{ head -2 requirements.lock; /tmp/minusma-lock/bin/pip freeze --all | grep -v '^pip==' | sort -f; } > requirements.lock.new
	mv requirements.lock.new requirements.lock
	$(BIN)/python -m minusma_lib.build.envfile

clean:
	rm -rf site .cache
