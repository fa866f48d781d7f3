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
# Another corpus: `make report CORPUS=dir OUT=dir` writes OUT/processed, OUT/notebooks and OUT/site and
# leaves the committed study untouched. WORKERS>1 runs the per-document stages in parallel;
# SCHEDULER=local|tcp://host:8786 runs them on Dask.
WORKERS ?= 1
SCHEDULER ?=
BUILD_FLAGS := --workers $(WORKERS) $(if $(SCHEDULER),--scheduler $(SCHEDULER))
ifdef CORPUS
ifndef OUT
$(error CORPUS=$(CORPUS) needs OUT=<folder> for the processed data, notebooks and site)
endif
export MINUSMA_CORPUS := $(abspath $(CORPUS))
export MINUSMA_OUT := $(abspath $(OUT))
NB_DIR := $(MINUSMA_OUT)/notebooks
SITE_DIR := $(MINUSMA_OUT)/site
else
NB_DIR := notebooks
SITE_DIR := site
endif

.PHONY: report test fuzz venv data notebooks site bench lint lock clean

report: $(STAMP)  ## build everything, in order: processed data, executed notebooks, site/
	$(MAKE) data
	$(MAKE) notebooks
	$(MAKE) site

test: $(STAMP)  ## lint, format check and every test (unit, data regeneration, nbval, site, browser)
	$(BIN)/ruff check minusma_lib tests
	$(BIN)/ruff format --check minusma_lib tests
	$(BIN)/python -m pytest

fuzz: $(STAMP)  ## property-based tests with 10,000 examples per property (make test runs a few dozen)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -m property tests

venv: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v == (3, 11) else "Python 3.11 is required, found %d.%d: set PYTHON=python3.11" % v)'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

data: $(STAMP)  ## regenerate data/processed/ from seeds/ (or OUT/processed from CORPUS)
	$(BIN)/python -m minusma_lib.build.processed $(BUILD_FLAGS)

notebooks: $(STAMP)  ## execute every notebook in place (outputs are committed; OUT/notebooks for CORPUS)
ifdef CORPUS
	mkdir -p $(NB_DIR) && cp $(NOTEBOOKS) $(NB_DIR)/
endif
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	  --NotebookClient.record_timing=False --ExecutePreprocessor.kernel_name=python3 \
	  $(addprefix $(NB_DIR)/,$(notdir $(NOTEBOOKS)))

site: $(STAMP)  ## render site/ (offline HTML) from the executed notebooks
	$(BIN)/python -m minusma_lib.build.site $(SITE_DIR) --notebooks $(NB_DIR)

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
