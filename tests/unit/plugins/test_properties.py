# -*- coding: utf-8 -*-
"""No input reaches a Python exception, and no output holds a password: property-based, for every module and the role.

Hypothesis gives every option of every module arbitrary YAML-shaped values (null, booleans, numbers, text of any
length and script, nested lists and mappings), and a password wherever one may end up by mistake. What a user runs
is the action plugin's check (on the controller), then the module: the test does the same, with the module in
process against moto. The outcome must be a clean result or a clean failure with a message, and the password must
appear nowhere in it.
"""

from __future__ import annotations

import json

import boto3
import pytest
from ansible.module_utils.testing import patch_module_args
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws
from sizes import examples

from ansible_collections.cognito.user_pool.plugins.module_utils import _seed_users
from ansible_collections.cognito.user_pool.plugins.module_utils import _seed_users_check
from ansible_collections.cognito.user_pool.plugins.module_utils import _seed_users_report
from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import check_module_arguments
from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import no_log_values
from ansible_collections.cognito.user_pool.plugins.module_utils._options import MODULE_CONSTRAINTS
from ansible_collections.cognito.user_pool.plugins.module_utils._options import MODULE_SPECS
from ansible_collections.cognito.user_pool.plugins.modules import cognito_group
from ansible_collections.cognito.user_pool.plugins.modules import cognito_group_info
from ansible_collections.cognito.user_pool.plugins.modules import cognito_user
from ansible_collections.cognito.user_pool.plugins.modules import cognito_user_info
from ansible_collections.cognito.user_pool.plugins.modules import cognito_user_password
from ansible_collections.cognito.user_pool.plugins.modules import cognito_user_sign_in

SECRET = "Hyp0thesis!Secret-7f3a"
EXAMPLES = examples(100)
MODULES = {"cognito_user": cognito_user, "cognito_user_password": cognito_user_password, "cognito_user_info": cognito_user_info,
           "cognito_user_sign_in": cognito_user_sign_in, "cognito_group": cognito_group, "cognito_group_info": cognito_group_info}
pytestmark = pytest.mark.property

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40), st.just(""), st.just("   "), st.text(min_size=300, max_size=2000), st.just(SECRET),
    st.sampled_from(["present", "absent", "when_needed", "always", "on_create", "suppress", "resend", "CONFIRMED", "admins",
                     "alice", "EMAIL", "UserRead", "new_password_challenge", "admin_set_user_password"]),
)
yaml_values = st.recursive(scalars, lambda children: st.one_of(
    st.lists(children, max_size=4), st.dictionaries(st.one_of(st.text(max_size=12), st.sampled_from(
        ["username", "password", "name", "state", "groups", "attributes", "email", "UserRead", "precedence"])), children,
        max_size=4)), max_leaves=12)


texts = st.one_of(st.text(max_size=40), st.just(""), st.text(min_size=200, max_size=1000), st.just(SECRET),
                  st.sampled_from(["alice", "admins", "user0001", "Alice", "e@example.com", "+15555550100"]))


# Options whose text Cognito's API constrains: values of their shape, so that typed inputs get past the check.
SHAPED = {
    "username": st.sampled_from(["alice", "Alice", "user0001", "e@example.com"]),
    "client_id": st.sampled_from(["1example23456789", "abcdefghij0123456789abcdef"]),
    "verify_client_id": st.sampled_from(["1example23456789"]),
    "required_attributes": st.dictionaries(st.sampled_from(["name", "given_name", "custom:team"]), texts, max_size=2),
}


def _typed(option, name=None):
    """Values of the option's documented type (and its choices): what passes the action plugin's check."""
    if name in SHAPED:
        return SHAPED[name]
    kind = option.get("type", "str")
    if option.get("choices") is not None and kind != "list":
        return st.sampled_from(option["choices"])
    if kind == "str":
        return texts
    if kind == "bool":
        return st.booleans()
    if kind == "int":
        return st.integers(min_value=-5, max_value=200)
    if kind == "float":
        return st.floats(min_value=-1, max_value=1e6, allow_nan=False)
    if kind == "list":
        if option.get("options") is not None:
            return st.lists(_typed_mapping(option["options"]), max_size=4)
        if option.get("choices") is not None:
            return st.lists(st.sampled_from(option["choices"]), max_size=2)
        return st.lists(texts, max_size=4)
    if kind == "dict":
        if option.get("options") is not None:
            return _typed_mapping(option["options"])
        return st.dictionaries(texts, st.one_of(texts, st.booleans()), max_size=3)
    return yaml_values


def _typed_mapping(spec):
    required = {name: _typed(option, name) for name, option in spec.items() if option.get("required")}
    optional = {name: _typed(option, name) for name, option in spec.items() if not option.get("required")}
    return st.fixed_dictionaries(required, optional=optional)


def _arguments(module):
    """Half arbitrary YAML values, half values of the documented types: both what users type and what gets through."""
    spec = MODULE_SPECS[module]()
    names = [name for name in sorted(spec) if name != "user_pool_id"]
    wild = st.fixed_dictionaries({"user_pool_id": st.one_of(st.just("POOL"), yaml_values)},
                                 optional={name: yaml_values for name in names})
    required = {name: _typed(spec[name], name) for name in names if spec[name].get("required")}
    typed = st.fixed_dictionaries(dict(required, user_pool_id=st.just("POOL")),
                                  optional={name: _typed(spec[name], name) for name in names
                                            if name != "max_concurrency" and name not in required})
    return st.one_of(wild, typed.map(lambda arguments: _within_constraints(module, arguments)))


def _within_constraints(module, arguments):
    """The arguments, with what breaks the module's constraints between options dropped: so that most reach it."""
    constraints = MODULE_CONSTRAINTS[module]
    arguments = dict(arguments)
    for group in constraints.get("mutually_exclusive", []):
        for name in [name for name in group if name in arguments][1:]:
            del arguments[name]
    for group in constraints.get("required_one_of", []):
        if not any(name in arguments for name in group):
            arguments[group[0]] = "alice" if group[0] in ("username", "name") else []
    for name, needed, required, *any_of in constraints.get("required_if", []):
        given = [option in arguments for option in required]
        if arguments.get(name) == needed and not (any(given) if any_of and any_of[0] else all(given)):
            del arguments[name]
    for name, required in constraints.get("required_by", {}).items():
        if name in arguments and required not in arguments:
            del arguments[name]
    return arguments


@pytest.fixture(scope="module")
def moto_pool():
    with mock_aws():
        client = boto3.client("cognito-idp", region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")
        pool = client.create_user_pool(PoolName="hypothesis")["UserPool"]["Id"]
        client.create_group(UserPoolId=pool, GroupName="admins")
        client.admin_create_user(UserPoolId=pool, Username="alice", TemporaryPassword=SECRET, MessageAction="SUPPRESS")
        yield pool


def _run_module(module, arguments, capsys):
    with patch_module_args(dict(arguments, _ansible_check_mode=True, rate_limits={}, access_key="k", secret_key="s")):
        with pytest.raises(SystemExit):
            module.main()
    return capsys.readouterr().out


@pytest.mark.parametrize("module", sorted(MODULES))
def test_any_arguments_give_a_clean_result_or_a_clean_failure_and_never_the_password(module, moto_pool, capsys):
    spec = MODULE_SPECS[module]()
    reached = []  # the inputs that passed the action plugin's check and ran the module

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    @given(arguments=_arguments(module), password_option=st.booleans())
    def check(arguments, password_option):
        arguments = {name: moto_pool if value == "POOL" else value for name, value in arguments.items()}
        if password_option and "password" in spec:
            arguments["password"] = SECRET  # the password is a secret wherever else it also turns up
        errors = check_module_arguments(module, arguments)  # what the module's action plugin runs
        assert all(isinstance(error, str) and error for error in errors)
        if SECRET in no_log_values(spec, arguments):
            assert not any(SECRET in error for error in errors)
        if errors:
            return  # the action plugin refuses these, before the module runs
        reached.append(arguments)
        output = _run_module(MODULES[module], arguments, capsys)
        result = json.loads(output)  # a traceback is not JSON
        assert "exception" not in result and "module_stderr" not in result
        if result.get("failed"):
            assert isinstance(result.get("msg"), str) and result["msg"]
        if SECRET in no_log_values(spec, arguments):
            assert SECRET not in output

    check()
    # Some of the inputs must pass the action plugin's check and reach the module, or the property
    # above proved nothing about the module itself.
    assert reached, f"none of the inputs ran {module}"


@settings(max_examples=EXAMPLES * 3, deadline=None, derandomize=True)
@given(values=st.fixed_dictionaries({}, optional={name: yaml_values for name in _seed_users.VARIABLES}))
def test_the_roles_checks_never_raise_and_never_show_a_password(values):
    variables = {f"seed_users_{name}": value for name, value in values.items()}
    variables.setdefault("seed_users_default_password", SECRET)
    problems = _seed_users_check.check(variables)
    assert all(isinstance(problem, str) and problem for problem in problems)
    if isinstance(variables.get("seed_users_default_password"), str):
        assert not any(SECRET in problem for problem in problems)
    if not problems:
        # What the role then computes from the same variables raises nothing either.
        _seed_users.batch(variables, 0)
        _seed_users.iam_actions(variables)
        _seed_users.sign_in_plan(variables)
        report = _seed_users_report.report(variables, {"results": [{"item": 0, "failed": True, "msg": f"boom {SECRET}"}]})
        assert SECRET not in json.dumps(report)
