# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Strict argument checking: every value has the type its option documents, or a clear refusal.

Private to the collection: not an API, may change in any release.

ansible-core converts what it can: a mapping given for a string option
becomes the text of the mapping, a number loses its leading ``+``; and its own
messages quote the value they refuse.  For
options that hold passwords, or that may hold one by mistake, both are
dangerous.  The collection's action plugins run ``argument_errors`` on the
controller before a module runs, and the seed_users role runs it on its
variables, so a wrong value is refused, naming the option (and the user, in a
batch), the type expected and the type given, and never repeating any value.

A boolean option takes what ansible-core's ``type: bool`` takes (``yes``,
``no``, ``on``, ``off``, ``1``, ``0`` in any case, as
``ansible.module_utils.parsing.convert_bool.boolean`` reads them): ``-e flag=true``
hands a string over, and that is how booleans reach a playbook from the command
line.  Any other value is refused, without repeating it.

The specs are ansible-core's own argument spec dicts; only ``type``,
``elements``, ``choices``, ``required``, ``options`` and ``aliases`` are read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Dict, List, Optional

from ansible.module_utils.parsing.convert_bool import boolean

from ansible_collections.cognito.user_pool.plugins.module_utils._api_limits import limit
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import DEFAULT_RATE_LIMITS
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import operations_in

# Options whose names must not be empty or blank when given: a user, a group, an attribute, a scope.
NAMED_OPTIONS = frozenset(["username", "name", "names", "groups", "purge_scope", "purge_keep", "user_pool_id", "client_id",
                           "planned_groups"])
# Options that are mappings of attribute names to values: names non-empty, values strings or booleans.
ATTRIBUTE_OPTIONS = frozenset(["attributes", "required_attributes"])
# The shape of Cognito's API each option's value (or each element of its list) is sent as, whose length,
# pattern or range is checked before any call (_api_limits.py reads them from botocore's service model).
# A purge scope is the beginning of the usernames it purges: a character no username may hold cannot be in it.
OPTION_SHAPES = {
    "username": "UsernameType", "purge_keep": "UsernameType", "purge_scope": "UsernameType",
    "name": "GroupNameType", "names": "GroupNameType", "groups": "GroupNameType", "planned_groups": "GroupNameType",
    "description": "DescriptionType", "precedence": "PrecedenceType", "role_arn": "ArnType",
    "client_id": "ClientIdType", "filter": "UserFilterType",
}
ATTRIBUTE_NAME_SHAPE = "AttributeNameType"
ATTRIBUTE_VALUE_SHAPE = "AttributeValueType"
# The least value of whole-number options (the role's batch_size included).
MINIMUMS = {"max_concurrency": 1, "max_attempts": 1, "batch_size": 1, "connection_failure_limit": 0}
# A rate that would make a run last longer than this is a mistake (0.001 for 0.1, say), not a wish.
LONGEST_RUN_SECONDS = 24 * 3600.0
# The one spelling that turns a quota category's pacing off.
RATE_OFF = 0

# The words ansible-core takes as booleans (convert_bool's BOOLEANS_TRUE and BOOLEANS_FALSE, which a unit test
# holds these pairs to), for the messages: true first, as YAML writes it.
BOOLEAN_PAIRS = (("true", "false"), ("yes", "no"), ("on", "off"), ("y", "n"), ("t", "f"), ("1", "0"))

TYPE_WORDS = {"str": "a string", "bool": "a boolean", "int": "a whole number", "float": "a number",
              "list": "a list", "dict": "a mapping", "path": "a string", "raw": "any value"}


def kind(value: Any) -> str:
    """What a value is, in YAML's words (Ansible may hand over its own subclasses of the basic types)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float):
        return "a decimal number"
    if isinstance(value, int):
        return "a number"
    if isinstance(value, str):
        return "an empty string" if value == "" else "a string"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return "a list"
    return f"a {type(value).__name__}"


def is_type(value: Any, wanted: str) -> bool:
    """Does ``value`` have the documented type ``wanted``, with no conversion at all?"""
    if wanted in ("str", "path"):
        return isinstance(value, str)
    if wanted == "bool":
        return is_boolean(value)
    if wanted == "int":
        return isinstance(value, int) and not isinstance(value, bool)
    if wanted == "float":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if wanted == "list":
        return isinstance(value, Sequence) and not isinstance(value, (str, bytes))
    if wanted == "dict":
        return isinstance(value, Mapping)
    return True


def is_boolean(value: Any) -> bool:
    """Does ansible-core's ``type: bool`` take ``value`` (``True``, ``"yes"``, ``"Off"``, ``1``...)?"""
    if isinstance(value, bool):
        return True
    if not isinstance(value, (str, int, float)):  # ansible-core's check_type_bool refuses any other type
        return False
    try:
        boolean(value, strict=True)
    except TypeError:
        return False
    return True


def as_boolean(value: Any) -> Any:
    """``value`` as the boolean ansible-core reads it, when it reads it as one; any other value as it is."""
    return boolean(value, strict=True) if is_boolean(value) else value


def type_error(at: str, value: Any, wanted: str) -> str:
    """The refusal of ``value`` for an option of type ``wanted``, naming ``at``; never the value."""
    if wanted == "bool" and isinstance(value, (str, int, float)):
        words = ", ".join("/".join(pair) for pair in BOOLEAN_PAIRS[:-1]) + " or " + "/".join(BOOLEAN_PAIRS[-1])
        return f"{at} must be a boolean: {words}, in any case (it is {kind(value)} that is none of them)."
    return f"{at} must be {TYPE_WORDS.get(wanted, wanted)}, not {kind(value)}.{hint(value, wanted)}"


def hint(value: Any, wanted: str) -> str:
    """Advice for the likeliest cause of a wrong type: YAML read an unquoted value."""
    if wanted in ("str", "path") and isinstance(value, (bool, int, float)):
        return " YAML read an unquoted value as " + kind(value) + ": quote it."
    if wanted in ("str", "path") and isinstance(value, (Mapping, list, tuple)):
        return " YAML reads an unquoted value that starts with '{' or '[' as " + kind(value) + ": quote it."
    if wanted in ("int", "float") and isinstance(value, str):
        return " Write the number without quotes."
    return ""


def argument_errors(spec: Mapping[str, Mapping[str, Any]], params: Mapping[str, Any], where: str = "") -> List[str]:
    """One message per value of ``params`` that ``spec`` refuses; never a value in a message.

    Options ``spec`` does not know are left alone (the module's own checks, and
    amazon.aws's connection options, deal with them).  ``where`` prefixes each
    message, for example ``users[3] (username 'bob'): ``.
    """
    errors: List[str] = []
    if not isinstance(params, Mapping):
        return [f"{where}must be a mapping of options, not {kind(params)}."]
    names = _names(spec)
    for given, value in params.items():
        name = names.get(given)
        if name is None:
            continue
        errors.extend(_option_errors(given, spec[name], value, where, base=name))
    for name, option in spec.items():
        if option.get("required") and all(params.get(alias) is None for alias in [name] + list(option.get("aliases", []))):
            errors.append(f"{where}{name} is required.")
    if "rate_limits" in spec and isinstance(params.get("rate_limits"), Mapping):
        errors.extend(rate_projection_errors(params["rate_limits"], _users_declared(params), where))
    return errors


def _users_declared(params: Mapping[str, Any]) -> Optional[int]:
    """How many users the task declares (None when it declares none: group and info tasks)."""
    if isinstance(params.get("users"), list):
        return len(params["users"])
    return 1 if isinstance(params.get("username"), str) else None


def rate_projection_errors(rates: Mapping[str, Any], users: Optional[int], where: str = "") -> List[str]:
    """Rates so low that the run would last more than a day, each with the projection.

    A category with a per-user operation (in _operations.py) may be asked one request for every declared user;
    any other category, one request at least.
    """
    errors: List[str] = []
    for category, rate in rates.items():
        if category not in DEFAULT_RATE_LIMITS or not _is_number(rate) or not math.isfinite(rate) or rate <= 0:
            continue
        per_user = users is not None and any(OPERATIONS[name].per_user for name in operations_in(category))
        requests = users if per_user else 1
        seconds = requests / rate
        if seconds <= LONGEST_RUN_SECONDS:
            continue
        what = (f"for {requests:,} user{'s' if requests != 1 else ''} at one request each" if per_user
                else f"for a single request ({', '.join(operations_in(category))})")
        errors.append(f"{where}rate_limits.{category} {_decimal(rate)} a second would take {seconds / 86400:.1f} days {what}. "
                      f"Give at least {_decimal(_rounded_up(requests / LONGEST_RUN_SECONDS))}, or {RATE_OFF} to turn its pacing off.")
    return errors


def _rounded_up(value: float) -> float:
    """``value`` rounded up to three significant digits: a rate that, given, passes the check."""
    step = 10 ** (math.floor(math.log10(value)) - 2)
    return round(math.ceil(value / step) * step, 12)


def _decimal(value: float) -> str:
    """``0.00001``, not ``1e-05``: a rate as YAML would be written."""
    return f"{value:.12f}".rstrip("0").rstrip(".")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _names(spec: Mapping[str, Mapping[str, Any]]) -> Dict[str, str]:
    names = {}
    for name, option in spec.items():
        names[name] = name
        for alias in option.get("aliases", []):
            names[alias] = name
    return names


def _option_errors(given: str, option: Mapping[str, Any], value: Any, where: str, base: str) -> List[str]:
    if value is None:
        return []  # null is "not given", as for every Ansible option
    wanted = option.get("type", "str")
    if not is_type(value, wanted):
        return [type_error(f"{where}{given}", value, wanted)]
    errors: List[str] = []
    choices = option.get("choices")
    if choices is not None and wanted != "list" and value not in choices:
        errors.append(f"{where}{given} must be one of: {', '.join(str(choice) for choice in choices)} "
                      f"(it is {kind(value)} that is none of them).")
    blank = wanted in ("str", "path") and base in NAMED_OPTIONS and not value.strip()
    if blank:
        # An empty prefix would read as "every user": the whole pool is asked for in so many words instead.
        whole_pool = " To purge the whole pool, set purge_whole_pool: true instead." if base == "purge_scope" else ""
        errors.append(f"{where}{given} must not be empty or blank.{whole_pool}")
    elif base in OPTION_SHAPES and wanted in ("str", "path", "int"):
        errors.extend(shape_errors(OPTION_SHAPES[base], value, f"{where}{given}", secret=bool(option.get("no_log"))))
    if wanted in ("int", "float") and base in MINIMUMS and value < MINIMUMS[base]:
        errors.append(f"{where}{given} must be at least {MINIMUMS[base]}." if MINIMUMS[base]
                      else f"{where}{given} must not be negative.")
    if wanted == "float" and base in DEFAULT_RATE_LIMITS:
        errors.extend(_rate_errors(given, value, where))
    elif wanted == "float" and not math.isfinite(value):
        errors.append(f"{where}{given} must be a finite number (it is {_not_finite(value)}).")
    if wanted == "float" and base == "request_timeout" and math.isfinite(value) and value <= 0:
        errors.append(f"{where}{given} must be more than 0 seconds.")
    if wanted == "list":
        errors.extend(_list_errors(given, option, value, where, base))
    if wanted == "dict":
        errors.extend(_dict_errors(given, option, value, where, base))
    return errors


def _rate_errors(given: str, rate: float, where: str) -> List[str]:
    """A quota category's rate: a finite number of requests a second, 0 for no pacing, never negative."""
    if not math.isfinite(rate):
        return [f"{where}{given} must be a finite number of requests a second (it is {_not_finite(rate)}); "
                f"{RATE_OFF} turns the category's pacing off."]
    if rate < 0:
        return [f"{where}{given} must not be negative: {RATE_OFF} turns the category's pacing off."]
    return []


def _not_finite(value: float) -> str:
    return "not a number" if math.isnan(value) else "infinite"


def shape_errors(shape: str, value: Any, at: str, secret: bool = False) -> List[str]:
    """The refusal of ``value``, sent as Cognito's ``shape``, naming ``at`` and the rule; never the value."""
    found = limit(shape)
    problem = found.problem(value, secret) if found is not None else None
    return [f"{at} must be {found.rule()}: {problem}."] if problem else []


def _list_errors(given: str, option: Mapping[str, Any], value: Sequence, where: str, base: str) -> List[str]:
    errors: List[str] = []
    elements = option.get("elements", "raw")
    for index, element in enumerate(value):
        at = f"{given}[{index}]"
        if not is_type(element, elements):
            errors.append(type_error(f"{where}{at}", element, elements))
            continue
        if option.get("choices") is not None and element not in option["choices"]:
            errors.append(f"{where}{at} must be one of: {', '.join(option['choices'])} (it is {kind(element)} that is none of them).")
        if elements == "str" and base in NAMED_OPTIONS and not element.strip():
            errors.append(f"{where}{at} must not be empty or blank.")
        elif elements == "str" and base in OPTION_SHAPES:
            errors.extend(shape_errors(OPTION_SHAPES[base], element, f"{where}{at}"))
        if elements == "dict" and option.get("options") is not None:
            errors.extend(element_errors(option["options"], element, f"{where}{at}"))
    return errors


def element_errors(spec: Mapping[str, Mapping[str, Any]], element: Mapping[str, Any], at: str) -> List[str]:
    """The errors of one element of a list of mappings (``users[3]``), named by index and username or name."""
    key = "username" if "username" in element else "name"
    label = element.get(key)
    # A label is shown only when it is one Cognito takes: no white space, no control character in a message.
    shown = f"{at} ({key} '{label}')" if isinstance(label, str) and label.strip() \
        and not shape_errors(OPTION_SHAPES[key], label, key) else at
    errors = argument_errors(spec, element, f"{shown}: ")
    unknown = sorted(str(key) for key in element if key not in _names(spec))
    if unknown:
        errors.append(f"{shown} has keys that are not its options: {', '.join(unknown)}. It takes: {', '.join(sorted(spec))}.")
    return errors


def _dict_errors(given: str, option: Mapping[str, Any], value: Mapping, where: str, base: str) -> List[str]:
    errors: List[str] = []
    if option.get("options") is not None:
        errors = argument_errors(option["options"], value, f"{where}{given}.")
        unknown = sorted(str(key) for key in value if key not in _names(option["options"]))
        if unknown:
            errors.append(f"{where}{given} has keys that are not its options: {', '.join(unknown)}. "
                          f"It takes: {', '.join(sorted(option['options']))}.")
        return errors
    if base in ATTRIBUTE_OPTIONS:
        for name, item in value.items():
            if not isinstance(name, str) or not name.strip():
                what = "blank (only spaces)" if isinstance(name, str) and name else kind(name)
                errors.append(f"{where}{given} has an attribute name that is {what}: every name must be a non-empty string.")
                continue
            shown = f" '{name}'" if name.isprintable() and len(name) <= 64 else ""
            errors.extend(shape_errors(ATTRIBUTE_NAME_SHAPE, name, f"{where}{given} has an attribute name{shown} that"))
            if isinstance(item, str):
                errors.extend(shape_errors(ATTRIBUTE_VALUE_SHAPE, item, f"{where}{given}.{name}"))
            if isinstance(item, (str, bool)):
                continue
            advice = " YAML read an unquoted value as a number: quote it (a leading + or 0 is lost otherwise)." \
                if isinstance(item, (int, float)) else ""
            if item is None:
                advice = " Give it a value, or leave the attribute out."
            errors.append(f"{where}{given}.{name} must be a string or a boolean, not {kind(item)}.{advice}")
    return errors


def no_log_values(spec: Mapping[str, Mapping[str, Any]], params: Any) -> List[str]:
    """The string values ``params`` gives to ``no_log`` options, at any depth (list elements, suboptions)."""
    found: List[str] = []
    if not isinstance(params, Mapping):
        return found
    names = _names(spec)
    for given, value in params.items():
        name = names.get(given)
        if name is None:
            continue
        option = spec[name]
        if option.get("no_log") and isinstance(value, str) and value:
            found.append(value)
        if option.get("options") is not None:
            items = value if isinstance(value, Sequence) and not isinstance(value, (str, bytes)) else [value]
            for item in items:
                found.extend(no_log_values(option["options"], item))
    return found


def redact(messages: List[str], secrets: List[str], hidden: str = "********") -> List[str]:
    """``messages`` with every secret replaced, longest first (a username may equal a password)."""
    ordered = sorted(set(secrets), key=len, reverse=True)
    redacted = []
    for message in messages:
        for secret in ordered:
            message = message.replace(secret, hidden)
        redacted.append(message)
    return redacted


def check_module_arguments(module: str, params: Mapping[str, Any]) -> List[str]:
    """Everything the module would refuse in ``params``, found on the controller; no value, no password in any message.

    The types strictly first; then, when they are right, the constraints between options (mutually exclusive,
    required together, required if, required by) with ansible-core's own validator, which then has no value left
    to convert or to quote.  Options the module's spec does not know are left to the module.
    """
    from copy import deepcopy

    from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

    from ansible_collections.cognito.user_pool.plugins.module_utils._options import MODULE_CONSTRAINTS
    from ansible_collections.cognito.user_pool.plugins.module_utils._options import MODULE_SPECS

    spec = MODULE_SPECS[module]()
    errors = argument_errors(spec, params)
    errors.extend(_secret_keys(spec, params, no_log_values(spec, params)))
    if not errors and isinstance(params, Mapping):
        # null is "not given" for every option (ansible-core's own constraint checks count a key given as null).
        known = {name: deepcopy(_plain(value)) for name, value in params.items() if name in _names(spec) and value is not None}
        result = ArgumentSpecValidator(spec, **MODULE_CONSTRAINTS[module]).validate(known)
        errors = list(result.error_messages)
    return redact(errors, no_log_values(spec, params))


def _secret_keys(spec: Mapping[str, Mapping[str, Any]], params: Any, secrets: List[str], where: str = "") -> List[str]:
    """Attribute names that are one of the task's passwords: ansible-core masks values, not the keys of a mapping."""
    errors: List[str] = []
    if not isinstance(params, Mapping) or not secrets:
        return errors
    names = _names(spec)
    for given, value in params.items():
        name = names.get(given)
        if name in ATTRIBUTE_OPTIONS and isinstance(value, Mapping):
            if any(isinstance(key, str) and any(secret in key for secret in secrets) for key in value):
                errors.append(f"{where}{given} has an attribute name that holds one of the task's passwords: a password "
                              "was typed where an attribute name belongs. Move it.")
        elif name is not None and spec[name].get("options") is not None and isinstance(value, list):
            for index, item in enumerate(value):
                errors.extend(_secret_keys(spec[name]["options"], item, secrets, f"{where}{given}[{index}]: "))
    return errors


def _plain(value: Any) -> Any:
    """``value`` in plain dicts and lists: a deep copy of Ansible's lazily templated containers copies their context."""
    if isinstance(value, Mapping):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        return [_plain(item) for item in value]
    return value
