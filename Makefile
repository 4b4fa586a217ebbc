# The verbs of the project. `make site` and `make test` set up their own environment.
#
#   docs/ --extract--> locales/templates/ --update--> locales/<lang>/ --build--> site/

PYTHON ?= python3
# The site engine (kyr.engine): mkdocs, or properdocs (its maintained fork), each in its own environment.
ENGINE ?= mkdocs
VENV   := $(if $(filter properdocs,$(ENGINE)),.venv-properdocs,.venv)
BIN    := $(VENV)/bin
READY  := $(VENV)/.ready
# Material and mkdocs-static-i18n require the `mkdocs` package: ProperDocs runs them installed
# without their dependencies, at the versions pinned in pyproject.toml's `mkdocs` extra.
MKDOCS_PLUGINS = $(shell $(PYTHON) -c 'import tomllib; x = tomllib.load(open("pyproject.toml", "rb"))["project"]["optional-dependencies"]["mkdocs"]; print(*(r for r in x if not r.startswith("mkdocs==")))')

.PHONY: site offline test serve extract update check stats tm readability bench audit realdocs clean help

help:  ## list the verbs
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/'

.venv/.ready: pyproject.toml
	$(PYTHON) -m venv .venv
	.venv/bin/pip install --quiet --upgrade pip
	.venv/bin/pip install --quiet -e '.[mkdocs,test]'
	touch $@

.venv-properdocs/.ready: pyproject.toml
	$(PYTHON) -m venv .venv-properdocs
	.venv-properdocs/bin/pip install --quiet --upgrade pip
	.venv-properdocs/bin/pip install --quiet -e '.[properdocs,test]'
	.venv-properdocs/bin/pip install --quiet --no-deps $(MKDOCS_PLUGINS)
	.venv-properdocs/bin/python -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("mkdocs") and "the mkdocs package is in .venv-properdocs: it must not be")'
	touch $@

site: $(READY)  ## build every language into site/
	$(BIN)/kyr build

offline: $(READY)  ## a ZIM file (Kiwix) and zips (USB stick) into dist/, from site/ (built first if missing)
	$(BIN)/kyr offline

test: $(READY)  ## run the whole test suite, browser tests included (and ProperDocs against MkDocs, if it can be set up)
	-@$(MAKE) --no-print-directory .venv-properdocs/.ready \
	  || echo "could not set up .venv-properdocs: the ProperDocs comparison is skipped" >&2
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

tm: $(READY)  ## translation memory (TMX) and termbase (TBX) for Weblate and Poedit, into build/
	mkdir -p build
	$(BIN)/kyr tm --export build/memory.tmx
	$(BIN)/kyr termbase --export build/termbase.tbx

readability: $(READY)  ## Flesch-Kincaid grade of every English page
	$(BIN)/kyr readability

bench: $(READY)  ## build time against stock mkdocs-static-i18n, N = 60 and 300 pages
	$(BIN)/python tests/bench/bench_build.py

audit: $(READY)  ## Lighthouse and axe scores and bytes per page
	$(BIN)/python tests/bench/audit.py

realdocs: $(READY)  ## segmenter on real docs trees from PyPI sdists: pages exact, text blocks reached
	$(BIN)/python tests/bench/realdocs.py

clean:  ## remove the built site and the environment
	rm -rf site dist .site-staging-* .site.kyr-build.json .site.kyr-cache .venv .venv-properdocs
