# The verbs of the project. `make site` and `make test` set up their own environment.
#
#   docs/ --extract--> locales/templates/ --update--> locales/<lang>/ --build--> site/

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready

.PHONY: site test serve extract update check stats readability bench audit clean help

help:  ## list the verbs
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

$(READY): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

site: $(READY)  ## build every language into site/
	$(BIN)/kyr build

test: $(READY)  ## run the whole test suite, browser tests included
	$(BIN)/pytest

HOST ?= 127.0.0.1
PORT ?= 8000

serve: $(READY)  ## preview at http://$(HOST):$(PORT) (make serve PORT=8001), rebuilding on every saved .md or .po
	$(BIN)/kyr serve --host $(HOST) --port $(PORT)

extract: $(READY)  ## docs/ -> locales/templates/*.pot (authors, after editing pages)
	$(BIN)/kyr extract

update: $(READY)  ## templates -> locales/<lang>/LC_MESSAGES/*.po, keeping every translation
	$(BIN)/kyr update

check: $(READY)  ## validate every catalog (syntax, safety, apostrophes)
	$(BIN)/kyr check

stats: $(READY)  ## translated / fuzzy / untranslated per language and page
	$(BIN)/kyr stats

readability: $(READY)  ## Flesch-Kincaid grade of every English page
	$(BIN)/kyr readability

bench: $(READY)  ## build time against stock mkdocs-static-i18n, N = 60 and 300 pages
	$(BIN)/python tests/bench/bench_build.py

audit: $(READY)  ## Lighthouse and axe scores and bytes per page
	$(BIN)/python tests/bench/audit.py

clean:  ## remove the built site and the environment
	rm -rf site .site-staging-* $(VENV)
