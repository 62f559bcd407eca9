# -*- coding: utf-8 -*-
"""cognito_group and cognito_group_info through real ansible-playbook, and the seed_users role's groups.

moto keeps groups as Cognito does for what these tests need (GetGroup,
ListGroups, CreateGroup, UpdateGroup, DeleteGroup, ListUsersInGroup; deleting a
group with members is allowed), but it checks no group field: the collection
checks them before any call (a role ARN outside ``ArnType`` never reaches the
proxy).  Where a test needs Cognito to refuse one group, ``GroupQuotaReached``
plays the ``LimitExceededException`` of CreateGroup's API reference.
"""

from __future__ import annotations


from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS
from functional_harness.cognito import CONFIRMED
from functional_harness.proxy import Rule
from seed_users_role import cognito_operations
from seed_users_role import run_role
from seed_users_role import seed_result
from functional_harness.playbook import succeeded

MODULE = "cognito.user_pool.cognito_group"
INFO_MODULE = "cognito.user_pool.cognito_group_info"
ROLE_ARN = "arn:aws:iam::123456789012:role/admins"
OTHER_ROLE_ARN = "arn:aws:iam::123456789012:role/auditors"
PASSWORD = "Group!Seed123"
GROUP_WRITES = {"CreateGroup", "UpdateGroup", "DeleteGroup"}


class GroupQuotaReached(Rule):
    """CreateGroup refused for the groups named, as when the pool holds as many groups as its quota allows.

    CreateGroup's API reference, Errors: "LimitExceededException: This exception is thrown when a user exceeds the
    limit for a requested AWS resource."
    """

    name = "GroupQuotaReached"

    def __init__(self, *names):
        super().__init__()
        self.names = set(names)

    def on_request(self, exchange):
        if exchange.operation == "CreateGroup" and exchange.params.get("GroupName") in self.names:
            return self.refuse("LimitExceededException",
                               "This exception is thrown when a user exceeds the limit for a requested AWS resource.")
        return None


def group_task(pool, **options):
    return {"name": "cognito_group", MODULE: dict({"user_pool_id": pool}, **options)}


def run_groups(run_playbook, pool, check=False, diff=False, **options):
    return run_playbook([group_task(pool, **options)], check=check, diff=diff)


def live_groups(cognito, pool):
    """Every group of the pool as moto keeps it: name -> (description, precedence, role_arn)."""
    answer = cognito.client.list_groups(UserPoolId=pool)["Groups"]
    return {group["GroupName"]: (group.get("Description") or None, group.get("Precedence"), group.get("RoleArn"))
            for group in answer}


def members(cognito, pool, group):
    answer = cognito.client.list_users_in_group(UserPoolId=pool, GroupName=group)
    return sorted(user["Username"] for user in answer["Users"])


def make_groups(cognito, pool):
    """admins (with every field) and readers (with none), as another tool left them."""
    cognito.client.create_group(UserPoolId=pool, GroupName="admins", Description="Administrators", Precedence=0,
                                RoleArn=ROLE_ARN)
    cognito.client.create_group(UserPoolId=pool, GroupName="readers")


# -- cognito_group ---------------------------------------------------------------------------------


def test_groups_are_created_with_their_description_precedence_and_role_arn(run_playbook, cognito, proxy, pool):
    result = succeeded(run_groups(run_playbook, pool, groups=[
        {"name": "admins", "description": "Administrators", "precedence": 0, "role_arn": ROLE_ARN},
        {"name": "readers"},
    ]))

    assert result.changed is True
    assert result.result["groups"] == [
        {"name": "admins", "changed": True, "actions": ["create"], "state": "present", "description": "Administrators",
         "precedence": 0, "role_arn": ROLE_ARN},
        {"name": "readers", "changed": True, "actions": ["create"], "state": "present", "description": None,
         "precedence": None, "role_arn": None},
    ]
    assert result.result["summary"] == {"created": 2, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 0,
                                        "partially_applied": 0, "total": 2}
    assert live_groups(cognito, pool) == {"admins": ("Administrators", 0, ROLE_ARN), "readers": (None, None, None)}
    assert proxy.writes() == ["CreateGroup", "CreateGroup"]


def test_the_single_form_creates_one_group_and_returns_it_as_group(run_playbook, cognito, pool):
    result = succeeded(run_groups(run_playbook, pool, name="admins", description="Administrators", precedence=3))

    expected = {"name": "admins", "changed": True, "actions": ["create"], "state": "present",
                "description": "Administrators", "precedence": 3, "role_arn": None}
    assert result.result["group"] == expected and result.result["groups"] == [expected]
    assert live_groups(cognito, pool) == {"admins": ("Administrators", 3, None)}


def test_an_update_changes_the_declared_fields_and_keeps_the_others(run_playbook, cognito, proxy, pool):
    make_groups(cognito, pool)

    result = succeeded(run_groups(run_playbook, pool, name="admins", precedence=5))

    assert result.result["group"] == {"name": "admins", "changed": True, "actions": ["update"], "state": "present",
                                      "description": "Administrators", "precedence": 5, "role_arn": ROLE_ARN}
    assert result.result["summary"]["updated"] == 1
    assert live_groups(cognito, pool)["admins"] == ("Administrators", 5, ROLE_ARN)
    # Sent with every field, the unchanged ones at their current values.
    [update] = proxy.requests_for("UpdateGroup")
    assert update.json() == {"UserPoolId": pool, "GroupName": "admins", "Description": "Administrators",
                             "Precedence": 5, "RoleArn": ROLE_ARN}


def test_a_group_declared_absent_is_deleted_and_its_members_stay_users(run_playbook, cognito, proxy, pool):
    make_groups(cognito, pool)
    cognito.create_user(pool, "alice", CONFIRMED, PASSWORD)
    cognito.client.admin_add_user_to_group(UserPoolId=pool, Username="alice", GroupName="admins")

    result = succeeded(run_groups(run_playbook, pool, name="admins", state="absent"))

    assert result.result["group"] == {"name": "admins", "changed": True, "actions": ["delete"], "state": "absent"}
    assert result.result["summary"]["deleted"] == 1
    assert live_groups(cognito, pool) == {"readers": (None, None, None)}
    assert proxy.writes() == ["DeleteGroup"]
    assert cognito.user_status(pool, "alice") == CONFIRMED
    assert cognito.client.admin_list_groups_for_user(UserPoolId=pool, Username="alice")["Groups"] == []


def test_a_group_already_absent_is_unchanged(run_playbook, proxy, pool):
    result = succeeded(run_groups(run_playbook, pool, name="ghosts", state="absent"))

    assert result.changed is False
    assert result.result["group"] == {"name": "ghosts", "changed": False, "actions": [], "state": "absent"}
    assert result.result["summary"]["unchanged"] == 1
    assert proxy.writes() == []


MIXED = [
    {"name": "admins", "description": "Administrators of the test environment", "precedence": 1},
    {"name": "writers", "precedence": 5, "role_arn": OTHER_ROLE_ARN},
    {"name": "readers", "state": "absent"},
]


def test_a_rerun_of_creates_updates_and_deletes_changes_nothing_and_writes_nothing(run_playbook, cognito, proxy, pool):
    make_groups(cognito, pool)
    first = succeeded(run_groups(run_playbook, pool, groups=MIXED))
    assert [group["actions"] for group in first.result["groups"]] == [["update"], ["create"], ["delete"]]
    proxy.clear()

    again = succeeded(run_groups(run_playbook, pool, groups=MIXED))

    assert again.changed is False
    assert [group["actions"] for group in again.result["groups"]] == [[], [], []]
    assert again.result["summary"] == {"created": 0, "updated": 0, "unchanged": 3, "deleted": 0, "failed": 0,
                                       "partially_applied": 0, "total": 3}
    assert proxy.writes() == []


def test_check_mode_writes_nothing_and_reports_what_a_real_run_then_does(run_playbook, cognito, proxy, pool):
    make_groups(cognito, pool)
    before = live_groups(cognito, pool)

    checked = succeeded(run_groups(run_playbook, pool, check=True, groups=MIXED))
    assert proxy.writes() == []
    assert live_groups(cognito, pool) == before
    applied = succeeded(run_groups(run_playbook, pool, groups=MIXED))

    assert checked.changed is True
    assert checked.result["groups"] == applied.result["groups"]
    assert checked.result["summary"] == applied.result["summary"] == {
        "created": 1, "updated": 1, "unchanged": 0, "deleted": 1, "failed": 0, "partially_applied": 0, "total": 3}


def test_diff_shows_each_changed_group_before_and_after(run_playbook, cognito, pool):
    make_groups(cognito, pool)
    groups = MIXED + [{"name": "legacy", "state": "absent"}]

    run = run_groups(run_playbook, pool, diff=True, groups=groups)

    assert succeeded(run).result["diff"] == [
        {"before_header": "admins", "after_header": "admins",
         "before": {"state": "present", "description": "Administrators", "precedence": 0, "role_arn": ROLE_ARN},
         "after": {"state": "present", "description": "Administrators of the test environment", "precedence": 1,
                   "role_arn": ROLE_ARN}},
        {"before_header": "writers", "after_header": "writers", "before": {"state": "absent"},
         "after": {"state": "present", "description": None, "precedence": 5, "role_arn": OTHER_ROLE_ARN}},
        {"before_header": "readers", "after_header": "readers",
         "before": {"state": "present", "description": None, "precedence": None, "role_arn": None},
         "after": {"state": "absent"}},
    ]
    shown = run.output.splitlines()
    assert '-    "precedence": 0,' in shown and '+    "precedence": 1,' in shown


def test_one_refused_group_fails_alone_and_the_task_fails_naming_it(run_playbook, cognito_rules, cognito, pool):
    cognito_rules(GroupQuotaReached("broken"))

    run = run_groups(run_playbook, pool, groups=[
        {"name": "admins", "precedence": 0},
        {"name": "broken", "role_arn": ROLE_ARN},
        {"name": "readers"},
    ])

    assert run.rc != 0 and run.last.failed
    result = run.last.result
    assert result["summary"] == {"created": 2, "updated": 0, "unchanged": 0, "deleted": 0, "failed": 1,
                                 "partially_applied": 0, "total": 3}
    admins, broken, readers = result["groups"]
    assert admins["actions"] == readers["actions"] == ["create"]
    assert broken["actions"] == [] and broken["state"] == "absent"
    assert "CreateGroup" in broken["error"] and "'broken'" in broken["error"] and pool in broken["error"]
    assert run.last.msg.startswith("1 of 3 groups failed. ")
    assert "(1: broken)" in run.last.msg
    assert sorted(live_groups(cognito, pool)) == ["admins", "readers"]


def test_a_role_arn_cognito_would_refuse_fails_the_task_before_any_call(run_playbook, proxy, pool):
    run = run_groups(run_playbook, pool, groups=[{"name": "admins"}, {"name": "broken", "role_arn": "not-an-arn"}])

    assert run.rc != 0
    assert run.last.msg.startswith("Invalid arguments for cognito.user_pool.cognito_group: groups[1] (name 'broken'): role_arn "
                                   "must be 20 to 2048 characters, matching arn:")
    assert run.last.msg.endswith("(Cognito's ArnType): it has 10 characters.")
    assert proxy.requests() == []


def test_a_group_declared_twice_fails_before_any_call(run_playbook, proxy, pool):
    run = run_groups(run_playbook, pool, groups=[{"name": "admins"}, {"name": "admins", "state": "absent"}])

    assert run.rc != 0
    assert run.last.msg == "groups lists these names more than once: admins. Declare each group once."
    assert proxy.requests() == []


def test_more_than_three_groups_are_read_with_one_listing(run_playbook, cognito, proxy, pool):
    make_groups(cognito, pool)
    groups = [{"name": "admins"}, {"name": "readers"}, {"name": "writers"}, {"name": "auditors"}]

    succeeded(run_groups(run_playbook, pool, groups=groups))

    assert proxy.operations().count("ListGroups") == 1
    # Only the groups about to be written are read again, one by one.
    assert sorted(request.json()["GroupName"] for request in proxy.requests_for("GetGroup")) == ["auditors", "writers"]


# -- cognito_group_info ----------------------------------------------------------------------------


def test_group_info_lists_every_group_with_its_members(run_playbook, cognito, proxy, pool):
    make_groups(cognito, pool)
    for username in ("alice", "bob"):
        cognito.create_user(pool, username, CONFIRMED, PASSWORD)
        cognito.client.admin_add_user_to_group(UserPoolId=pool, Username=username, GroupName="readers")

    result = succeeded(run_playbook([{"name": "groups", INFO_MODULE: {"user_pool_id": pool, "members": True}}]))

    assert result.changed is False
    assert sorted(result.result["groups"], key=lambda group: group["name"]) == [
        {"name": "admins", "description": "Administrators", "precedence": 0, "role_arn": ROLE_ARN, "members": []},
        {"name": "readers", "description": None, "precedence": None, "role_arn": None, "members": ["alice", "bob"]},
    ]
    assert sorted(proxy.operations()) == ["ListGroups", "ListUsersInGroup", "ListUsersInGroup"]


def test_group_info_by_name_leaves_out_groups_the_pool_does_not_have(run_playbook, cognito, proxy, pool):
    make_groups(cognito, pool)

    task = {"name": "groups", INFO_MODULE: {"user_pool_id": pool, "names": ["readers", "missing"]}}
    result = succeeded(run_playbook([task]))

    assert result.result["groups"] == [{"name": "readers", "description": None, "precedence": None, "role_arn": None}]
    # GetGroup's one error for a missing group and a missing pool: DescribeUserPool says it was the group.
    assert proxy.operations() == ["GetGroup", "GetGroup", "DescribeUserPool"]


# -- the seed_users role's groups ------------------------------------------------------------------


ROLE_GROUPS = ["readers", {"name": "admins", "description": "Administrators", "precedence": 0}]


def test_the_role_creates_its_groups_before_the_users_that_join_them(run_playbook, cognito, proxy, pool):
    users = [{"username": "alice", "password": PASSWORD, "groups": ["admins", "readers"]},
             {"username": "bob", "password": PASSWORD, "groups": ["readers"]}]

    run = run_role(run_playbook, pool, users, groups=ROLE_GROUPS)

    assert run.rc == 0, run.output
    operations = cognito_operations(proxy)
    assert operations.index("AdminCreateUser") > max(index for index, name in enumerate(operations) if name == "CreateGroup")
    assert live_groups(cognito, pool) == {"readers": (None, None, None), "admins": ("Administrators", 0, None)}
    assert members(cognito, pool, "readers") == ["alice", "bob"] and members(cognito, pool, "admins") == ["alice"]


def test_the_roles_check_mode_counts_its_declared_groups_present_and_writes_nothing(run_playbook, cognito, proxy, pool):
    users = [{"username": "alice", "password": PASSWORD, "groups": ["admins"]}]

    run = run_role(run_playbook, pool, users, groups=ROLE_GROUPS, check=True)

    assert run.rc == 0, run.output
    assert seed_result(run)["created"] == 1 and seed_result(run)["failed"] == 0
    assert set(cognito_operations(proxy)) & WRITE_OPERATIONS == set()
    assert live_groups(cognito, pool) == {}


def test_the_role_fails_a_user_whose_group_is_neither_declared_nor_present_before_any_write_to_it(
        run_playbook, cognito, proxy, pool):
    users = [{"username": "alice", "password": PASSWORD, "groups": ["readers"]},
             {"username": "bob", "password": PASSWORD, "groups": ["readers", "auditors"]}]

    run = run_role(run_playbook, pool, users, groups=["readers"])

    assert run.rc != 0
    result = seed_result(run)
    assert (result["created"], result["failed"]) == (1, 1)
    [bob] = [user for user in result["users"] if user["username"] == "bob"]
    assert bob["actions"] == [] and "'auditors'" in bob["error"]
    assert "auditors" in run.last.msg and "(for example bob)" in run.last.msg
    created = [request.json()["Username"] for request in proxy.requests_for("AdminCreateUser")]
    assert created == ["alice"]
    assert not any(request.json().get("Username") == "bob" for operation in WRITE_OPERATIONS
                   for request in proxy.requests_for(operation))


def test_the_roles_teardown_removes_the_users_then_the_groups(run_playbook, cognito, proxy, pool):
    users = [{"username": "alice", "password": PASSWORD, "groups": ["admins", "readers"]}]
    assert run_role(run_playbook, pool, users, groups=ROLE_GROUPS).rc == 0
    proxy.clear()

    run = run_role(run_playbook, pool, users, groups=ROLE_GROUPS, state="absent")

    assert run.rc == 0, run.output
    writes = [operation for operation in cognito_operations(proxy) if operation in WRITE_OPERATIONS]
    assert writes == ["AdminDeleteUser", "DeleteGroup", "DeleteGroup"]
    assert live_groups(cognito, pool) == {}
    assert cognito.client.list_users(UserPoolId=pool)["Users"] == []
