# -*- coding: utf-8 -*-
from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._password_policy import PasswordPolicy

STRICT = PasswordPolicy(minimum_length=12)


def test_a_password_meeting_every_rule_passes():
    assert STRICT.violations("Correct-Horse-9") == []


@pytest.mark.parametrize("password,rule", [
    ("Sh0rt!pass", "at least 12 characters"),
    ("nouppercase-9x", "uppercase letter"),
    ("NOLOWERCASE-9X", "lowercase letter"),
    ("No-Digits-Here", "digit"),
    ("NoSymbols12345", "symbol"),
    (" Leading-space-9", "white space"),
])
def test_each_broken_rule_is_named(password, rule):
    broken = STRICT.violations(password)
    assert len(broken) == 1 and rule in broken[0]


def test_every_broken_rule_is_named_at_once():
    assert len(STRICT.violations("abc")) == 4  # length, uppercase, digit, symbol


def test_a_space_inside_counts_as_a_symbol():
    assert STRICT.violations("Correct Horse 9") == []


def test_longer_than_cognito_allows_is_rejected():
    assert any("at most 256" in rule for rule in PasswordPolicy().violations("Aa1!" * 65))


def test_rules_never_repeat_the_password():
    password = "Zq9leakcheck"
    assert all(password not in rule for rule in STRICT.violations(password))


def test_policy_is_read_from_describe_user_pool():
    pool = {"Policies": {"PasswordPolicy": {"MinimumLength": 6, "RequireUppercase": False, "RequireLowercase": True,
                                            "RequireNumbers": False, "RequireSymbols": False}}}
    assert PasswordPolicy.from_user_pool(pool) == PasswordPolicy(6, False, True, False, False)


def test_a_pool_without_policy_gets_cognitos_default():
    assert PasswordPolicy.from_user_pool({}) == PasswordPolicy(8, True, True, True, True)
