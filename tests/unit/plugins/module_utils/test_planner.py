# -*- coding: utf-8 -*-
"""The planner is the specification: every cell of the status table, every option."""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils.errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import CurrentUser
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import KEEP
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import PASSWORD_DECISIONS
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import SET
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import VERIFY
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import plan_password
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import plan_user
from ansible_collections.cognito.user_pool.plugins.module_utils.planner import resolve_verification

# The table of issue "Collection foundation", written out independently of the
# planner's own table so that a change to either is caught.
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
    assert plan_password(status, permanent, "when_needed", "alice") == decision


def test_the_status_table_has_exactly_the_documented_statuses():
    assert set(PASSWORD_DECISIONS) == {row[0] for row in EXPECTED}


@pytest.mark.parametrize("status,permanent", [row[:2] for row in EXPECTED])
def test_always_sets_whatever_the_status(status, permanent):
    assert plan_password(status, permanent, "always", "alice") == SET


@pytest.mark.parametrize("status,permanent", [row[:2] for row in EXPECTED])
def test_on_create_never_sets_for_an_existing_user(status, permanent):
    assert plan_password(status, permanent, "on_create", "alice") == KEEP


@pytest.mark.parametrize("permanent", [True, False])
@pytest.mark.parametrize("update_password", ["when_needed", "always"])
def test_federated_user_fails_naming_why(permanent, update_password):
    with pytest.raises(CognitoError, match="alice.*federated user \\(EXTERNAL_PROVIDER\\).*no Cognito password"):
        plan_password("EXTERNAL_PROVIDER", permanent, update_password, "alice")


@pytest.mark.parametrize("status", ["UNKNOWN", "ARCHIVED", ""])
def test_unknown_status_fails_naming_the_status(status):
    with pytest.raises(CognitoError, match=f"user_status is {status},"):
        plan_password(status, True, "when_needed", "alice")


def _user(status="CONFIRMED", enabled=True, attributes=None, groups=None):
    return CurrentUser("alice", status, enabled, attributes or {"sub": "1234"}, groups)


def test_plan_for_a_new_user_with_a_permanent_password_creates_then_sets_it():
    plan = plan_user(None, DesiredUser("alice", password="x", permanent=True))
    assert plan.actions == ["create", "set_password"]
    assert plan.status_after == "CONFIRMED"


def test_plan_for_a_new_user_with_a_temporary_password_only_creates():
    plan = plan_user(None, DesiredUser("alice", password="x", permanent=False))
    assert plan.actions == ["create"]
    assert plan.status_after == "FORCE_CHANGE_PASSWORD"


def test_plan_for_a_new_user_adds_groups_and_disables_after_creating():
    plan = plan_user(None, DesiredUser("alice", groups=["b", "a", "b"], enabled=False))
    assert plan.actions == ["create", "add_to_group:b", "add_to_group:a", "disable"]


def test_plan_for_an_absent_user_that_exists_deletes_it():
    assert plan_user(_user(), DesiredUser("alice", state="absent")).actions == ["delete"]


def test_plan_for_an_absent_user_that_does_not_exist_does_nothing():
    plan = plan_user(None, DesiredUser("alice", state="absent"))
    assert plan.actions == [] and not plan.changed


def test_changed_attribute_is_updated():
    plan = plan_user(_user(attributes={"sub": "1", "email": "a@x"}), DesiredUser("alice", attributes={"email": "b@x"}))
    assert plan.actions == ["update_attributes"]


def test_equal_attributes_change_nothing_and_booleans_compare_as_cognito_strings():
    current = _user(attributes={"sub": "1", "email": "a@x", "email_verified": "true"})
    plan = plan_user(current, DesiredUser("alice", attributes={"email": "a@x", "email_verified": True}))
    assert plan.actions == []


def test_unlisted_attributes_stay_without_purge():
    current = _user(attributes={"sub": "1", "email": "a@x", "name": "A"})
    assert plan_user(current, DesiredUser("alice", attributes={"email": "a@x"})).actions == []


def test_purge_attributes_deletes_unlisted_ones_but_never_sub():
    current = _user(attributes={"sub": "1", "email": "a@x", "name": "A"})
    plan = plan_user(current, DesiredUser("alice", attributes={"email": "a@x"}, purge_attributes=True))
    assert plan.actions == ["delete_attributes"]
    current = _user(attributes={"sub": "1", "email": "a@x"})
    assert plan_user(current, DesiredUser("alice", attributes={"email": "a@x"}, purge_attributes=True)).actions == []


def test_declaring_sub_never_updates_it():
    current = _user(attributes={"sub": "1"})
    assert plan_user(current, DesiredUser("alice", attributes={"sub": "2"})).actions == []


@pytest.mark.parametrize("enabled_now,wanted,actions", [
    (True, False, ["disable"]), (False, True, ["enable"]), (True, True, []), (False, None, []),
])
def test_enabled_is_changed_only_when_it_differs(enabled_now, wanted, actions):
    assert plan_user(_user(enabled=enabled_now), DesiredUser("alice", enabled=wanted)).actions == actions


def test_missing_groups_are_added_and_extra_ones_kept_without_purge():
    plan = plan_user(_user(groups=["old"]), DesiredUser("alice", groups=["new", "old"]))
    assert plan.actions == ["add_to_group:new"]


def test_purge_groups_removes_undeclared_groups():
    plan = plan_user(_user(groups=["old", "keep"]), DesiredUser("alice", groups=["keep"], purge_groups=True))
    assert plan.actions == ["remove_from_group:old"]


def test_password_set_after_attributes_and_before_groups_and_enablement():
    current = _user(status="FORCE_CHANGE_PASSWORD", attributes={"sub": "1", "name": "A"}, groups=[])
    desired = DesiredUser("alice", attributes={"name": "B"}, groups=["g"], enabled=False, password="x")
    assert plan_user(current, desired).actions == ["update_attributes", "set_password", "add_to_group:g", "disable"]


def test_verification_that_fails_inserts_set_password_where_it_belongs():
    current = _user(status="CONFIRMED", attributes={"sub": "1", "name": "A"}, groups=[])
    desired = DesiredUser("alice", attributes={"name": "B"}, groups=["g"], password="x")
    plan = plan_user(current, desired)
    assert plan.verify_password and plan.actions == ["update_attributes", "add_to_group:g"]
    resolve_verification(plan, password_matches=False, permanent=True)
    assert plan.actions == ["update_attributes", "set_password", "add_to_group:g"]
    assert plan.status_after == "CONFIRMED" and not plan.verify_password


def test_verification_that_succeeds_keeps_the_password():
    plan = plan_user(_user(status="CONFIRMED"), DesiredUser("alice", password="x"))
    resolve_verification(plan, password_matches=True, permanent=True)
    assert plan.actions == [] and plan.status_after == "CONFIRMED"


def test_resend_invitation_only_for_users_still_waiting_for_their_first_sign_in():
    desired = DesiredUser("alice", invitation="resend")
    assert plan_user(_user(status="FORCE_CHANGE_PASSWORD"), desired).actions == ["resend_invitation"]
    assert plan_user(_user(status="CONFIRMED"), desired).actions == []


def test_desired_user_repr_never_shows_the_password():
    assert "s3cret" not in repr(DesiredUser("alice", password="s3cret"))
