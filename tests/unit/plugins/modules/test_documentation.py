# -*- coding: utf-8 -*-
"""What every module's documentation must say, derived from the tables the modules run on.

ansible-test's validate-modules checks that DOCUMENTATION matches the argument spec; it does not check that
the constraints between options (``_options.MODULE_CONSTRAINTS``) are written down where a reader looks
for them, that the attributes ansible-core's documentation asks for are declared, or that every returned
value has a sample. These do.
"""

from __future__ import annotations

import importlib
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
