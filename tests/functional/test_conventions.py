# -*- coding: utf-8 -*-
"""ansible-core's conventions through real ansible-playbook runs: booleans as it takes them, async, deprecated aliases."""

from __future__ import annotations

import time

import pytest

from functional_harness.cognito import CONFIRMED
from functional_harness.cognito import FORCE_CHANGE_PASSWORD
from functional_harness.cognito_rules import SecretHashCheck
from seed_users_role import NO_RATE_LIMITS
from seed_users_role import ROLE
from seed_users_role import role_variables
from seed_users_role import seed_result

PASSWORD = "Zq9!conventions-pw"
REFUSED_BOOLEAN = "maybe-yes"


def user_task(pool, **options):
    return {"name": "cognito_user", "register": "out",
            "cognito.user_pool.cognito_user": dict({"user_pool_id": pool, "rate_limits": NO_RATE_LIMITS}, **options)}


def role_play():
    return {"tasks": [{"name": "run the role", "ansible.builtin.include_role": {"name": ROLE}}]}


# -- booleans ------------------------------------------------------------------------------------------------------


@pytest.mark.each_leg
@pytest.mark.parametrize("spelling,status", [("true", CONFIRMED), ("no", FORCE_CHANGE_PASSWORD), ("On", CONFIRMED),
                                             ("0", FORCE_CHANGE_PASSWORD)])
def test_a_boolean_given_with_dash_e_reaches_the_module_as_ansible_core_reads_it(cognito, run_playbook, spelling, status):
    pool = cognito.create_pool()
    run = run_playbook([user_task(pool, username="alice", password=PASSWORD, permanent="{{ perm }}")],
                       command_line_vars=[f"perm={spelling}"])
    assert run.rc == 0, run.output
    assert cognito.user_status(pool, "alice") == status


def test_a_string_that_is_no_boolean_is_refused_before_any_call_without_repeating_it(cognito, run_playbook, proxy):
    pool = cognito.create_pool()
    proxy.clear()
    run = run_playbook([user_task(pool, username="alice", password=PASSWORD, permanent="{{ perm }}")],
                       command_line_vars=[f"perm={REFUSED_BOOLEAN}"], verbosity=4)
    assert run.rc != 0
    assert run.last.msg == ("Invalid arguments for cognito.user_pool.cognito_user: permanent must be a boolean: true/false, "
                            "yes/no, on/off, y/n, t/f or 1/0, in any case (it is a string that is none of them).")
    assert proxy.operations() == []
    # The playbook's own echo of the extra variable aside (-vvvv prints the command line), no message repeats it.
    assert REFUSED_BOOLEAN not in run.last.msg and REFUSED_BOOLEAN not in str(run.last.result)


@pytest.mark.parametrize("spelling", ["yes", "False"])
def test_the_roles_booleans_given_with_dash_e_are_taken_as_ansible_core_reads_them(cognito, run_playbook, proxy, spelling):
    pool = cognito.create_pool()
    app_client = cognito.create_app_client(pool)
    users = [{"username": "alice", "password": PASSWORD}, {"username": "bob", "password": PASSWORD, "enabled": "{{ bob_enabled }}"}]
    variables = role_variables(pool, users, client_id=app_client.client_id)
    run = run_playbook(role_play(), extra_vars=variables,
                       command_line_vars=[f"seed_users_verify_sign_in={spelling}", f"seed_users_permanent={spelling}",
                                          "bob_enabled=Off"])
    assert run.rc == 0, run.output
    permanent = spelling == "yes"
    assert seed_result(run)["created"] == 2
    assert cognito.user_status(pool, "alice") == (CONFIRMED if permanent else FORCE_CHANGE_PASSWORD)
    assert cognito.user(pool, "bob")["Enabled"] is False
    # The sign-in check runs only when asked, and then signs in alice alone: bob is disabled.
    signed_in = [request.json()["AuthParameters"]["USERNAME"] for request in proxy.requests_for("AdminInitiateAuth")]
    assert signed_in == (["alice"] if permanent else [])


def test_a_role_boolean_that_is_no_boolean_is_refused_before_any_call_without_repeating_it(cognito, run_playbook, proxy):
    pool = cognito.create_pool()
    proxy.clear()
    run = run_playbook(role_play(), extra_vars=role_variables(pool, [{"username": "alice"}]),
                       command_line_vars=[f"seed_users_verify_sign_in={REFUSED_BOOLEAN}"])
    assert run.rc != 0
    assert run.last.msg == ("seed_users_verify_sign_in must be a boolean: true/false, yes/no, on/off, y/n, t/f or 1/0, "
                            "in any case (it is a string that is none of them).")
    assert proxy.operations() == []
    assert REFUSED_BOOLEAN not in run.last.msg


# -- async ---------------------------------------------------------------------------------------------------------

ASYNC_USERS = 1000


def many_users(count, prefix="user"):
    return [{"username": f"{prefix}{index:04d}", "password": PASSWORD} for index in range(count)]


def async_job_files(async_dir):
    """The job files async_wrapper wrote (its ``.tmp`` files renamed when done), each as text."""
    return {path.name: path.read_text() for path in async_dir.rglob("*") if path.is_file()}


@pytest.mark.each_leg
def test_a_thousand_users_under_async_and_poll_succeed_with_nothing_secret_in_the_output(cognito, run_playbook, tmp_path):
    pool = cognito.create_pool()
    task = dict(user_task(pool, users=many_users(ASYNC_USERS)), name="seed", **{"async": 600, "poll": 2})
    started = time.monotonic()
    run = run_playbook([task], verbosity=4, env={"ANSIBLE_ASYNC_DIR": str(tmp_path / "async")})
    elapsed = time.monotonic() - started
    assert run.rc == 0, run.output[-5000:]
    result = run.task("seed").result
    assert result["finished"] == 1 and result["ansible_job_id"]
    assert result["summary"]["created"] == ASYNC_USERS and result["summary"]["failed"] == 0
    assert len(result["users"]) == ASYNC_USERS
    assert cognito.user_status(pool, "user0999") == CONFIRMED
    # ansible-core removes the job file once it has polled the result; the poll: 0 test below reads one.
    assert PASSWORD not in run.output
    print(f"{ASYNC_USERS} users under async/poll: {elapsed:.1f} s")


@pytest.mark.each_leg
def test_async_with_poll_0_and_async_status_returns_the_modules_result_and_no_password(cognito, run_playbook, tmp_path):
    pool = cognito.create_pool()
    start = dict(user_task(pool, users=many_users(50)), name="start", register="job", **{"async": 600, "poll": 0})
    wait = {"name": "wait", "ansible.builtin.async_status": {"jid": "{{ job.ansible_job_id }}"}, "register": "done",
            "until": "done.finished", "retries": 300, "delay": 1}
    async_dir = tmp_path / "async"
    run = run_playbook([start, wait], verbosity=4, env={"ANSIBLE_ASYNC_DIR": str(async_dir)})
    assert run.rc == 0, run.output[-5000:]
    assert run.task("start").result["started"] == 1 and run.task("start").result["finished"] == 0
    done = run.task("wait").result
    assert done["finished"] == 1 and done["summary"]["created"] == 50 and not done.get("failed")
    assert PASSWORD not in str(done)
    # The job file async_status read stays (poll: 0 leaves it): the module's result, masked as the module masks it.
    files = async_job_files(async_dir)
    assert any('"created": 50' in text for text in files.values()), sorted(files)
    assert all(PASSWORD not in text for text in files.values())
    assert PASSWORD not in run.output


def test_under_async_a_refused_argument_fails_at_once_naming_it(cognito, run_playbook, proxy):
    pool = cognito.create_pool()
    proxy.clear()
    task = dict(user_task(pool, username="alice", password={PASSWORD: None}), name="refused", **{"async": 600, "poll": 2})
    run = run_playbook([task], verbosity=4)
    assert run.rc != 0
    assert run.task("refused").msg.startswith("Invalid arguments for cognito.user_pool.cognito_user: password must be a string, "
                                              "not a mapping.")
    assert proxy.operations() == [] and PASSWORD not in run.output


# -- one name per concept: client_id and client_secret, the verify_ names deprecated -------------------------------

# ansible-core 2.19's words (FUNCTIONAL_LEG): the deprecation warning of a module option's alias, and the one the role's
# check shows through ansible-core's Display.deprecated.
def deprecation(old):
    return (f"[DEPRECATION WARNING]: Alias '{old}' is deprecated. See the module docs for more information. "
            "This feature will be removed from collection 'cognito.user_pool' version 3.0.0.")


def role_deprecation(old, new):
    return (f"[DEPRECATION WARNING]: The seed_users role's variable {old} is deprecated: use {new}. "
            "This feature will be removed from collection 'cognito.user_pool' version 3.0.0.")


def signed_in(proxy):
    return [request.json()["AuthParameters"]["USERNAME"] for request in proxy.requests_for("AdminInitiateAuth")]


@pytest.mark.parametrize("module", ["cognito_user", "cognito_user_password"])
@pytest.mark.parametrize("names", [("client_id", "client_secret"), ("verify_client_id", "verify_client_secret")],
                         ids=["client_id", "verify_client_id"])
def test_the_app_client_works_under_both_names_and_only_the_verify_names_are_deprecated(cognito, run_playbook, proxy,
                                                                                        module, names):
    pool = cognito.create_pool()
    app_client = cognito.create_app_client(pool, generate_secret=True)
    cognito.create_user(pool, "alice", CONFIRMED, PASSWORD)
    proxy.add_rule(SecretHashCheck())
    proxy.clear()
    options = {"user_pool_id": pool, "username": "alice", "password": PASSWORD, "rate_limits": NO_RATE_LIMITS,
               names[0]: app_client.client_id, names[1]: app_client.client_secret}
    run = run_playbook([{"name": "verify", f"cognito.user_pool.{module}": options}])
    assert run.rc == 0, run.output
    # The password was verified by signing in, with the client's SECRET_HASH (checked), and found to match: nothing changed.
    assert signed_in(proxy) == ["alice"] and not run.last.changed
    assert [request.answered_by for request in proxy.requests_for("AdminInitiateAuth")] == [None]
    deprecated = names[0].startswith("verify_")
    for old in ("verify_client_id", "verify_client_secret"):
        assert (deprecation(old) in run.output) is deprecated, run.output
    assert app_client.client_secret not in run.output


def test_a_wrong_secret_is_named_as_the_task_wrote_it(cognito, run_playbook, proxy):
    pool = cognito.create_pool()
    app_client = cognito.create_app_client(pool, generate_secret=True)
    cognito.create_user(pool, "alice", CONFIRMED, PASSWORD)
    proxy.add_rule(SecretHashCheck())
    for written in ("client_secret", "verify_client_secret"):
        run = run_playbook([user_task(pool, username="alice", password=PASSWORD, client_id=app_client.client_id,
                                      **{written: "not-" + app_client.client_secret})])
        assert run.rc != 0
        assert f"Set {written} to that app client's secret" in run.last.result["user"]["error"], run.last.result


@pytest.mark.parametrize("names", [("client_id", "client_secret"), ("verify_client_id", "verify_client_secret")],
                         ids=["client_id", "verify_client_id"])
def test_the_roles_client_variables_work_under_both_names_and_only_the_verify_names_are_deprecated(cognito, run_playbook,
                                                                                                   proxy, names):
    pool = cognito.create_pool()
    app_client = cognito.create_app_client(pool, generate_secret=True)
    proxy.add_rule(SecretHashCheck())
    users = [{"username": "alice", "password": PASSWORD}]
    variables = role_variables(pool, users, verify_sign_in=True,
                               **{names[0]: app_client.client_id, names[1]: app_client.client_secret})
    run = run_playbook(role_play(), extra_vars=variables)
    assert run.rc == 0, run.output
    assert signed_in(proxy) == ["alice"]
    deprecated = names[0].startswith("verify_")
    for old, new in (("client_id", "client_id"), ("client_secret", "client_secret")):
        warning = role_deprecation(f"seed_users_verify_{old}", f"seed_users_{new}")
        assert (warning in run.output) is deprecated, run.output
    assert app_client.client_secret not in run.output


def test_the_roles_client_under_both_names_with_different_values_is_refused(cognito, run_playbook, proxy):
    pool = cognito.create_pool()
    app_client = cognito.create_app_client(pool, generate_secret=True)
    variables = role_variables(pool, [{"username": "alice", "password": PASSWORD}], verify_sign_in=True,
                               client_id=app_client.client_id, client_secret=app_client.client_secret,
                               verify_client_secret="other-" + app_client.client_secret)
    proxy.clear()
    run = run_playbook(role_play(), extra_vars=variables)
    assert run.rc != 0 and proxy.operations() == []
    assert run.last.msg == ("seed_users_client_secret and seed_users_verify_client_secret, its deprecated name, are both set, "
                            "to different values. Set seed_users_client_secret only.")
    assert app_client.client_secret not in run.output
