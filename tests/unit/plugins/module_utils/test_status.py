# -*- coding: utf-8 -*-
"""The status table is the specification: every cell, every update_password mode."""

from __future__ import annotations

import botocore.session
import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._status import KEEP
from ansible_collections.cognito.user_pool.plugins.module_utils._status import PASSWORD_DECISIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._status import RETIRED_STATUSES
from ansible_collections.cognito.user_pool.plugins.module_utils._status import SET
from ansible_collections.cognito.user_pool.plugins.module_utils._status import USER_STATUSES
from ansible_collections.cognito.user_pool.plugins.module_utils._status import VERIFY
from ansible_collections.cognito.user_pool.plugins.module_utils._status import password_decision

# The table of the README, written out independently of the planner's own table so that a change to either is caught.
EXPECTED = [
    ("FORCE_CHANGE_PASSWORD", True, SET),
    ("FORCE_CHANGE_PASSWORD", False, VERIFY),
    ("RESET_REQUIRED", True, SET),
    ("RESET_REQUIRED", False, SET),
    ("UNCONFIRMED", True, SET),
    ("UNCONFIRMED", False, SET),
    ("COMPROMISED", True, SET),
    ("COMPROMISED", False, SET),
    ("CONFIRMED", True, VERIFY),
    ("CONFIRMED", False, SET),
]


@pytest.mark.parametrize("status,permanent,decision", EXPECTED)
def test_when_needed_follows_the_status_table(status, permanent, decision):
    assert password_decision(status, permanent, "when_needed", "alice") == decision


def test_the_status_table_has_exactly_the_documented_statuses():
    assert set(PASSWORD_DECISIONS) == {row[0] for row in EXPECTED}


@pytest.mark.parametrize("status,permanent", [row[:2] for row in EXPECTED])
def test_always_sets_whatever_the_status(status, permanent):
    assert password_decision(status, permanent, "always", "alice") == SET


@pytest.mark.parametrize("status,permanent", [row[:2] for row in EXPECTED if row[:2] != ("FORCE_CHANGE_PASSWORD", True)])
def test_on_create_leaves_an_existing_user_alone(status, permanent):
    assert password_decision(status, permanent, "on_create", "alice") == KEEP


def test_on_create_finishes_a_creation_interrupted_before_the_permanent_password():
    # A run stopped between AdminCreateUser and AdminSetUserPassword leaves exactly this user behind.
    assert password_decision("FORCE_CHANGE_PASSWORD", True, "on_create", "alice") == SET


@pytest.mark.parametrize("permanent", [True, False])
@pytest.mark.parametrize("update_password", ["when_needed", "always", "on_create"])
def test_federated_user_fails_naming_why(permanent, update_password):
    with pytest.raises(CognitoError, match="alice.*federated user \\(EXTERNAL_PROVIDER\\).*no Cognito password"):
        password_decision("EXTERNAL_PROVIDER", permanent, update_password, "alice")


@pytest.mark.parametrize("status", ["UNKNOWN", "ARCHIVED", ""])
def test_unknown_status_fails_naming_the_status(status):
    with pytest.raises(CognitoError, match=f"user_status is {status},"):
        password_decision(status, True, "when_needed", "alice")


def test_user_statuses_are_exactly_the_api_references_user_status_type():
    model = botocore.session.get_session().get_service_model("cognito-idp")
    assert USER_STATUSES == tuple(model.shape_for("UserStatusType").enum)
    assert set(PASSWORD_DECISIONS) | set(RETIRED_STATUSES) | {"EXTERNAL_PROVIDER"} == set(USER_STATUSES)


@pytest.mark.parametrize("status", ["ARCHIVED", "UNKNOWN"])
def test_a_retired_status_fails_quoting_the_api_reference(status):
    with pytest.raises(CognitoError, match=f"user_status is {status}, which the Cognito API reference says is no longer used"):
        password_decision(status, True, "when_needed", "alice")
