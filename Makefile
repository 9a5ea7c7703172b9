# newsdigest: `make build` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ND     := $(BIN)/newsdigest
STAMP  := $(VENV)/.installed
TESTSTAMP := $(VENV)/.test-installed
ARGS ?=
# publishing: make build BASE_URL=https://user.github.io/repo/; make publish REMOTE=origin BRANCH=gh-pages
REMOTE ?= origin
BRANCH ?= gh-pages
ifdef BASE_URL
export NEWSDIGEST_BASE_URL := $(BASE_URL)
endif

.PHONY: help install ingest build serve test e2e golden fuzz eval train-ner bench publish check clean lint

help:
	@echo "make build   create .venv, install, ingest seeds/, build site/"
	@echo "make test    install test needs (apt packages too), run the whole suite"
	@echo "make serve   preview with live reload on http://127.0.0.1:8000/"
	@echo "make clean   remove site/ and caches"
	@echo "more: e2e golden fuzz eval train-ner bench publish check lint"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[search]'
	@touch $@

install: $(STAMP)

ingest: install
	$(ND) ingest $(ARGS)

# every build is checked (links, anchors, assets, sitemap, feeds, base URL); NO_CHECK=1 skips it
build: ingest
	$(ND) build $(ARGS)
	$(if $(NO_CHECK),@echo "check skipped (NO_CHECK=$(NO_CHECK))",$(ND) check)

check: install
	$(ND) check

# without GitHub Actions: commit site/ (+ .nojekyll, CNAME) to $(BRANCH) and push it to $(REMOTE)
publish: build
	$(ND) publish --remote $(REMOTE) --branch $(BRANCH)

serve: ingest
	$(ND) serve $(ARGS)

$(TESTSTAMP): $(STAMP)
	scripts/install-test-deps.sh
	$(BIN)/pip install --quiet -e '.[search,test]'
	@touch $@

test: $(TESTSTAMP)
	$(BIN)/python -m pytest -q $(ARGS)

e2e: $(TESTSTAMP)
	$(BIN)/python -m pytest -q -m e2e $(ARGS)

golden: $(TESTSTAMP)
	$(BIN)/python -m pytest -q --update-golden $(ARGS)

# property tests with thousands of cases each (tests/hostile/conftest.py profiles), forty edit sequences
fuzz: $(TESTSTAMP)
	HYPOTHESIS_PROFILE=fuzz NEWSDIGEST_EDIT_SEQUENCES=40 $(BIN)/python -m pytest -q tests/hostile/test_properties.py \
		tests/ingest/test_properties.py tests/incremental/test_edit_sequences.py $(ARGS)

# entity and tag quality figures (the NER part reads ../shared/data and says so when it is absent)
eval: install
	$(BIN)/python scripts/eval_tags.py
	$(BIN)/python scripts/eval_ner.py

# retrain the shipped German entity model from ../shared/data/germeval2014
train-ner: install
	$(BIN)/pip install --quiet -e '.[train]'
	$(BIN)/python scripts/train_ner.py $(ARGS)

# pyflakes and pycodestyle rules over all Python in the project
lint: install
	$(BIN)/pip install --quiet ruff
	$(BIN)/ruff check generator tests bench scripts --select E,F,W --ignore E501

clean:
	rm -rf site .cache

.PHONY: bench-serve
bench-serve: $(TESTSTAMP)  ## save-to-browser latency of live reload, 1,000 and 10,000 articles
	$(BIN)/python bench/livereload.py $(ARGS)

bench: install  ## build speed at 1k/4k/10k (ARGS=--100k adds 100k) beside Hugo via ../shared/bench
	$(BIN)/python bench/run.py $(ARGS)
