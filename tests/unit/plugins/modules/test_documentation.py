# -*- coding: utf-8 -*-
"""What every module's documentation must say, derived from the tables the modules run on.

ansible-test's validate-modules checks that DOCUMENTATION matches the argument spec; it does not check that
the constraints between options (``_options.MODULE_CONSTRAINTS``) are written down where a reader looks
for them, that the attributes ansible-core's documentation asks for are declared, or that every returned
value has a sample. These do.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, Iterator, Tuple

import pytest
import yaml

from ansible_collections.cognito.user_pool.plugins.module_utils._options import MODULE_CONSTRAINTS

MODULES = sorted(MODULE_CONSTRAINTS)


def _module(name: str):
    return importlib.import_module(f"ansible_collections.cognito.user_pool.plugins.modules.{name}")


def _description(options: Dict[str, Any], option: str) -> str:
    text = options[option]["description"]
    return " ".join(text) if isinstance(text, list) else text


def _leaves(values: Dict[str, Any], path: str = "") -> Iterator[Tuple[str, Dict[str, Any]]]:
    for key, value in (values or {}).items():
        yield f"{path}{key}", value
        yield from _leaves(value.get("contains"), f"{path}{key}.")


def _constraints(module: str) -> Iterator[Tuple[str, str, str]]:
    """(option, the option its description must name, the kind of constraint) for each documented pairing."""
    for kind, groups in MODULE_CONSTRAINTS[module].items():
        if kind in ("mutually_exclusive", "required_one_of"):
            for group in groups:
                # The first option of a group names every other; an option of the single form is named by
                # the batch option (users, groups), whose description lists the options it excludes.
                first, others = group[0], group[1:]
                yield from ((first, other, kind) for other in others)
        elif kind == "required_if":
            for key, value, required, *dummy in groups:  # a 4th item: any one of required
                value = str(value).lower() if isinstance(value, bool) else value  # as YAML writes it: true
                yield from ((option, f"{key}={value}", kind) for option in required)
        elif kind == "required_by":
            for option, needed in groups.items():
                yield from ((option, name, kind) for name in ([needed] if isinstance(needed, str) else needed))


@pytest.mark.parametrize("module", MODULES)
def test_every_module_declares_check_mode_diff_mode_and_platform(module):
    attributes = yaml.safe_load(_module(module).DOCUMENTATION)["attributes"]
    assert {"check_mode", "diff_mode", "platform"} <= set(attributes)
    assert attributes["check_mode"]["support"] == "full"
    assert attributes["platform"]["platforms"] == "all"


@pytest.mark.parametrize("module", MODULES)
def test_every_constraint_between_options_is_written_in_the_options_description(module):
    options = yaml.safe_load(_module(module).DOCUMENTATION)["options"]
    missing = [(option, kind, named) for option, named, kind in _constraints(module)
               if f"O({named})" not in _description(options, option)]
    assert missing == []


@pytest.mark.parametrize("module", MODULES)
def test_every_returned_value_has_a_sample(module):
    returned = yaml.safe_load(_module(module).RETURN)
    assert [path for path, value in _leaves(returned) if "sample" not in value and not value.get("contains")] == []


def _ansible_doc(*arguments: str) -> str:
    """ansible-doc's output for this collection, at a fixed width."""
    # <collections>/ansible_collections/cognito/user_pool/plugins/modules/<module>.py
    collections = str(Path(_module(MODULES[0]).__file__).parents[5])
    ansible_doc = Path(sys.executable).with_name("ansible-doc")
    completed = subprocess.run([str(ansible_doc), *arguments],
                               env=dict(os.environ, ANSIBLE_COLLECTIONS_PATH=collections, COLUMNS="80"),
                               capture_output=True, text=True, timeout=120, check=False)
    assert completed.returncode == 0, completed.stderr
    return completed.stdout


def test_ansible_doc_reads_every_modules_documentation_with_its_fragments():
    # ansible-doc itself, doc fragments merged: a fragment or section that does not parse hides the module's whole
    # documentation from ansible-doc and the docs site.
    read = json.loads(_ansible_doc("--json", *[f"cognito.user_pool.{name}" for name in MODULES]))
    assert sorted(read) == [f"cognito.user_pool.{name}" for name in MODULES]
    assert all({"user_pool_id", "rate_limits"} <= set(doc["doc"]["options"]) and doc["return"] for doc in read.values())


# ansible-doc -s prints each option's whole description in a narrow column; an option of ours longer than this
# there is an explanation that belongs in the notes (which -s leaves out), keeping the description to what the
# option does and its constraints.
SNIPPET_LINES_PER_OPTION = 35


@pytest.mark.parametrize("module", MODULES)
def test_no_option_of_ours_runs_long_in_ansible_doc_s(module):
    ours = set(yaml.safe_load(_module(module).DOCUMENTATION)["options"]) | {
        "user_pool_id", "max_concurrency", "max_attempts", "request_timeout", "connection_failure_limit", "rate_limits"}
    lines: Dict[str, int] = {}
    option = None
    for line in _ansible_doc("-s", f"cognito.user_pool.{module}").splitlines():
        match = re.match(r"^ {6}(\w+):", line)
        option = match.group(1) if match else option
        lines[option] = lines.get(option, 0) + 1
    assert {name: count for name, count in lines.items() if name in ours and count > SNIPPET_LINES_PER_OPTION} == {}
