# -*- coding: utf-8 -*-
"""ansible-core's conventions through real ansible-playbook runs: booleans as it takes them, async, deprecated aliases.

Where one run can show several cases, they are tasks of one play, each checked by its own result; a case that
must make no call at all works in a pool of its own, which no request of the run may name.
"""

from __future__ import annotations

import pytest

from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from functional_harness.cognito_rules import SecretHashCheck
from seed_users_role import NO_RATE_LIMITS
from seed_users_role import ROLE
from seed_users_role import SUMMARY_TASK
from seed_users_role import role_variables

PASSWORD = "Zq9!conventions-pw"
REFUSED_BOOLEAN = "maybe-yes"
ROLE_CHECK = f"{ROLE} : Check the variables"


def user_task(pool, **options):
    return {"name": "cognito_user", "register": "out",
            "cognito.user_pool.cognito_user": dict({"user_pool_id": pool, "rate_limits": NO_RATE_LIMITS}, **options)}


def role_include(name, variables):
    """The role, its variables given on the include."""
    return {"name": name, "ansible.builtin.include_role": {"name": ROLE}, "vars": variables}


def rescued(task):
    """``task`` in a block whose rescue lets the play go on once it has failed."""
    return {"name": f"{task['name']}, rescued", "block": [task],
            "rescue": [{"name": "rescued", "ansible.builtin.debug": {"msg": "rescued"}}]}


def pools_named(proxy):
    return {request.user_pool_id for request in proxy.requests()}


def signed_in(proxy):
    return [request.json()["AuthParameters"]["USERNAME"] for request in proxy.requests_for("AdminInitiateAuth")]


# -- booleans ------------------------------------------------------------------------------------------------------

BOOLEAN_SPELLINGS = {"true": CONFIRMED, "no": FORCE_CHANGE_PASSWORD, "On": CONFIRMED, "0": FORCE_CHANGE_PASSWORD}


@pytest.mark.each_leg
def test_a_boolean_given_with_dash_e_reaches_the_module_as_ansible_core_reads_it_and_no_boolean_is_refused(
        cognito, run_playbook, proxy):
    pool, refused_pool = cognito.create_pool(), cognito.create_pool()
    proxy.clear()
    tasks = [dict(user_task(pool, username=f"user-{spelling}", password=PASSWORD, permanent=f"{{{{ perm_{index} }}}}"),
                  name=f"permanent given as {spelling}")
             for index, spelling in enumerate(BOOLEAN_SPELLINGS)]
    tasks.append(dict(user_task(refused_pool, username="alice", password=PASSWORD, permanent="{{ refused }}"),
                      name="refused", ignore_errors=True))
    run = run_playbook(tasks, verbosity=4, command_line_vars=[
        *(f"perm_{index}={spelling}" for index, spelling in enumerate(BOOLEAN_SPELLINGS)), f"refused={REFUSED_BOOLEAN}"])
    assert run.rc == 0, run.output
    assert {spelling: cognito.user_status(pool, f"user-{spelling}") for spelling in BOOLEAN_SPELLINGS} == BOOLEAN_SPELLINGS
    refused = run.task("refused")
    assert refused.failed and refused.msg == (
        "Invalid arguments for cognito.user_pool.cognito_user: permanent must be a boolean: true/false, yes/no, on/off, "
        "y/n, t/f or 1/0, in any case (it is a string that is none of them).")
    assert refused_pool not in pools_named(proxy)
    # The playbook's own echo of the extra variable aside (-vvvv prints the command line), no message repeats it.
    assert REFUSED_BOOLEAN not in str(refused.result)


def test_the_roles_booleans_given_with_dash_e_are_taken_as_ansible_core_reads_them_and_no_boolean_is_refused(
        cognito, run_playbook, proxy):
    """The role's variables hold the strings -e gave (``yes``, ``False``, ``Off``), one include per spelling."""
    pools = {spelling: cognito.create_pool() for spelling in ("yes", "False")}
    refused_pool = cognito.create_pool()
    tasks = []
    for spelling, pool in pools.items():
        app_client = cognito.create_app_client(pool)
        users = [{"username": "alice", "password": PASSWORD},
                 {"username": "bob", "password": PASSWORD, "enabled": "{{ bob_enabled }}"}]
        tasks.append(role_include(f"the role given {spelling}", role_variables(
            pool, users, client_id=app_client.client_id, verify_sign_in=f"{{{{ given_{spelling} }}}}",
            permanent=f"{{{{ given_{spelling} }}}}")))
    tasks.append(rescued(role_include("the role given no boolean", role_variables(
        refused_pool, [{"username": "alice"}], verify_sign_in="{{ refused }}"))))
    proxy.clear()
    run = run_playbook(tasks, command_line_vars=["given_yes=yes", "given_False=False", "bob_enabled=Off",
                                                 f"refused={REFUSED_BOOLEAN}"])
    assert run.rc == 0, run.output
    summaries = [result.result["ansible_facts"]["seed_users_result"] for result in run.results if result.name == SUMMARY_TASK]
    assert [summary["created"] for summary in summaries] == [2, 2]
    for spelling, pool in pools.items():
        permanent = spelling == "yes"
        assert cognito.user_status(pool, "alice") == (CONFIRMED if permanent else FORCE_CHANGE_PASSWORD)
        assert cognito.user(pool, "bob")["Enabled"] is False
    # The sign-in check runs only when asked, and then signs in alice alone: bob is disabled.
    sign_ins = [request.user_pool_id for request in proxy.requests_for("AdminInitiateAuth")]
    assert signed_in(proxy) == ["alice"] and sign_ins == [pools["yes"]]
    [refused] = [result for result in run.results if result.failed]
    assert refused.name == ROLE_CHECK and refused.msg == (
        "seed_users_verify_sign_in must be a boolean: true/false, yes/no, on/off, y/n, t/f or 1/0, in any case (it is a "
        "string that is none of them).")
    assert refused_pool not in pools_named(proxy)


# -- async ---------------------------------------------------------------------------------------------------------


def many_users(count, prefix="user"):
    return [{"username": f"{prefix}{index:04d}", "password": PASSWORD} for index in range(count)]


def async_job_files(async_dir):
    """The job files async_wrapper wrote (its ``.tmp`` files renamed when done), each as text."""
    return {path.name: path.read_text() for path in async_dir.rglob("*") if path.is_file()}


# Not each_leg: async itself is proven on every leg by the poll-0 test below; this one is about many users.
@pytest.mark.scale
def test_many_users_under_async_and_poll_succeed_with_nothing_secret_in_the_output(cognito, run_playbook, tmp_path, size):
    count = size(50, 1000)
    pool = cognito.create_pool()
    task = dict(user_task(pool, users=many_users(count)), name="seed", **{"async": 600, "poll": 2})
    run = run_playbook([task], verbosity=4, env={"ANSIBLE_ASYNC_DIR": str(tmp_path / "async")})
    assert run.rc == 0, run.output[-5000:]
    result = run.task("seed").result
    assert result["finished"] == 1 and result["ansible_job_id"]
    assert result["summary"]["created"] == count and result["summary"]["failed"] == 0
    assert len(result["users"]) == count
    assert cognito.user_status(pool, f"user{count - 1:04d}") == CONFIRMED
    # ansible-core removes the job file once it has polled the result; the poll: 0 test below reads one.
    assert PASSWORD not in run.output


@pytest.mark.each_leg
def test_async_with_poll_0_and_async_status_returns_the_modules_result_and_a_refused_argument_fails_at_once(
        cognito, run_playbook, proxy, tmp_path):
    pool, refused_pool = cognito.create_pool(), cognito.create_pool()
    proxy.clear()
    start = dict(user_task(pool, users=many_users(50)), name="start", register="job", **{"async": 600, "poll": 0})
    wait = {"name": "wait", "ansible.builtin.async_status": {"jid": "{{ job.ansible_job_id }}"}, "register": "done",
            "until": "done.finished", "retries": 300, "delay": 1}
    refused = dict(user_task(refused_pool, username="alice", password={PASSWORD: None}), name="refused",
                   ignore_errors=True, **{"async": 600, "poll": 2})
    async_dir = tmp_path / "async"
    run = run_playbook([start, wait, refused], verbosity=4, env={"ANSIBLE_ASYNC_DIR": str(async_dir)})
    assert run.rc == 0, run.output[-5000:]
    assert run.task("start").result["started"] == 1 and run.task("start").result["finished"] == 0
    done = run.task("wait").result
    assert done["finished"] == 1 and done["summary"]["created"] == 50 and not done.get("failed")
    assert PASSWORD not in str(done)
    # The job file async_status read stays (poll: 0 leaves it): the module's result, masked as the module masks it.
    files = async_job_files(async_dir)
    assert any('"created": 50' in text for text in files.values()), sorted(files)
    assert all(PASSWORD not in text for text in files.values())
    assert run.task("refused").failed and run.task("refused").msg.startswith(
        "Invalid arguments for cognito.user_pool.cognito_user: password must be a string, not a mapping.")
    assert refused_pool not in pools_named(proxy)
    assert PASSWORD not in run.output


# -- one name per concept: client_id and client_secret, the verify_ names deprecated -------------------------------

# ansible-core 2.19's words (FUNCTIONAL_LEG): the deprecation warning of a module option's alias, and the one the role's
# check shows through ansible-core's Display.deprecated.
def deprecation(old):
    return (f"[DEPRECATION WARNING]: Alias '{old}' is deprecated. See the module docs for more information. "
            "This feature will be removed from collection 'cognito.user_pool' version 3.0.0.")


def role_deprecation(old, new):
    return (f"[DEPRECATION WARNING]: The seed_users role's variable {old} is deprecated: use {new}. "
            "This feature will be removed from collection 'cognito.user_pool' version 3.0.0.")


CLIENT_NAMES = {"client_id": ("client_id", "client_secret"), "verify_client_id": ("verify_client_id", "verify_client_secret")}
VERIFY_NAMES = ("verify_client_id", "verify_client_secret")


def test_the_app_client_works_under_both_names_only_the_verify_names_are_deprecated_and_a_wrong_secret_is_named_as_written(
        cognito, run_playbook, proxy):
    pool = cognito.create_pool()
    app_client = cognito.create_app_client(pool, generate_secret=True)
    cognito.create_user(pool, "alice", CONFIRMED, PASSWORD)
    proxy.add_rule(SecretHashCheck())
    proxy.clear()
    verifying = [(module, names) for module in ("cognito_user", "cognito_user_password") for names in CLIENT_NAMES]
    # The secret comes first among each task's options: ansible-core quotes the lines above a failed task's first
    # line (docs/secrets.md), here the task before the wrong secrets' own.
    common = {"user_pool_id": pool, "username": "alice", "password": PASSWORD, "rate_limits": NO_RATE_LIMITS}
    tasks = [{"name": f"{module} with {names}", f"cognito.user_pool.{module}": {
        CLIENT_NAMES[names][1]: app_client.client_secret, CLIENT_NAMES[names][0]: app_client.client_id, **common}}
        for module, names in verifying]
    wrong = ("client_secret", "verify_client_secret")
    tasks += [{"name": f"a wrong {written}", "cognito.user_pool.cognito_user": {
        written: "not-" + app_client.client_secret, "client_id": app_client.client_id, **common}, "ignore_errors": True}
        for written in wrong]
    run = run_playbook(tasks)
    assert run.rc == 0, run.output
    # Each password was verified by signing in, with the client's SECRET_HASH (checked), and found to match: nothing changed.
    sign_ins = proxy.requests_for("AdminInitiateAuth")[:len(verifying)]
    assert signed_in(proxy)[:len(verifying)] == ["alice"] * len(verifying)
    assert [request.answered_by for request in sign_ins] == [None] * len(verifying)
    for module, names in verifying:
        result = run.task(f"{module} with {names}")
        assert result.status == "ok" and not result.changed, result
        deprecated = sorted(entry["msg"].split("'")[1] for entry in result.result.get("deprecations", []))
        assert deprecated == (sorted(VERIFY_NAMES) if names.startswith("verify_") else []), result.result
    for old in VERIFY_NAMES:
        assert deprecation(old) in run.output, run.output  # ansible-core prints each once
    for written in wrong:
        result = run.task(f"a wrong {written}")
        assert result.failed and f"Set {written} to that app client's secret" in result.result["user"]["error"], result
    assert app_client.client_secret not in run.output


def test_the_roles_client_variables_work_under_both_names_only_the_verify_names_are_deprecated_and_both_names_with_different_values_are_refused(
        cognito, run_playbook, proxy):
    pools = {names: cognito.create_pool() for names in CLIENT_NAMES}
    refused_pool = cognito.create_pool()
    proxy.add_rule(SecretHashCheck())
    tasks, secrets = [], []
    for names, pool in pools.items():
        app_client = cognito.create_app_client(pool, generate_secret=True)
        secrets.append(app_client.client_secret)
        tasks.append(role_include(f"the role with {names}", role_variables(
            pool, [{"username": "alice", "password": PASSWORD}], verify_sign_in=True,
            **{CLIENT_NAMES[names][0]: app_client.client_id, CLIENT_NAMES[names][1]: app_client.client_secret})))
    conflicting = role_variables(refused_pool, [{"username": "alice", "password": PASSWORD}], verify_sign_in=True,
                                 client_id=app_client.client_id, client_secret=app_client.client_secret,
                                 verify_client_secret="other-" + app_client.client_secret)
    tasks.append(rescued(role_include("both names", conflicting)))
    proxy.clear()
    run = run_playbook(tasks)
    assert run.rc == 0, run.output
    assert [request.user_pool_id for request in proxy.requests_for("AdminInitiateAuth")] == list(pools.values())
    assert signed_in(proxy) == ["alice"] * len(pools)
    for name in ("client_id", "client_secret"):
        assert role_deprecation(f"seed_users_verify_{name}", f"seed_users_{name}") in run.output, run.output
    # The check of each include carries its own deprecations; ansible-core prints an identical warning once.
    checks = [result for result in run.results if result.name == ROLE_CHECK]
    assert [result.status for result in checks] == ["ok", "ok", "failed"], run.output
    deprecations = [sorted(entry["msg"] for entry in check.result.get("deprecations", [])) for check in checks[:2]]
    assert deprecations == [[], [f"The seed_users role's variable seed_users_verify_{name} is deprecated: use seed_users_{name}."
                                 for name in ("client_id", "client_secret")]], deprecations
    [refused] = [result for result in run.results if result.failed]
    assert refused.name == ROLE_CHECK and refused.msg == (
        "seed_users_client_secret and seed_users_verify_client_secret, its deprecated name, are both set, to different "
        "values. Set seed_users_client_secret only.")
    assert refused_pool not in pools_named(proxy)
    assert all(secret not in run.output for secret in secrets)
