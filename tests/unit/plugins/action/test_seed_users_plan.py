# -*- coding: utf-8 -*-
"""The role's check (its seed_users_plan action) shows ansible-core's deprecation warning for each deprecated
variable name given."""

from __future__ import annotations

from ansible.utils.display import Display

from ansible_collections.cognito.user_pool.plugins.action.seed_users_plan import show_deprecations
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users_check import check

POOL = "eu-west-1_AbCdEf123"


def _shown(monkeypatch, **variables):
    shown = []
    monkeypatch.setattr(Display, "deprecated", lambda self, msg, **kwargs: shown.append(dict(kwargs, msg=msg)))
    given = {"seed_users_user_pool_id": POOL, "seed_users_users": [{"username": "alice"}], "seed_users_verify_sign_in": "yes"}
    given.update({f"seed_users_{name}": value for name, value in variables.items()})
    show_deprecations(given)
    return check(given), shown


def test_a_deprecated_name_is_taken_with_a_deprecation_for_the_collection_and_version(monkeypatch):
    errors, shown = _shown(monkeypatch, verify_client_id="client1", client_id="client1")
    assert errors == []
    assert shown == [{"msg": "The seed_users role's variable seed_users_verify_client_id is deprecated: use seed_users_client_id.",
                      "version": "3.0.0", "collection_name": "cognito.user_pool"}]


def test_the_new_name_shows_no_deprecation(monkeypatch):
    errors, shown = _shown(monkeypatch, client_id="client1", verify_client_id="")
    assert errors == [] and shown == []
