# -*- coding: utf-8 -*-
"""cognito_user_sign_in's tokens, through ansible-playbook: with the task's no_log, handed on to the next task and never
in the output at any verbosity, the log file or a recorded result (what hides them is ansible-core's no_log)."""

from __future__ import annotations

import base64
import json

import pytest

from functional_harness.cognito import CONFIRMED

pytestmark = pytest.mark.each_leg

PASSWORD = "Valid!Pass123"


def _claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def sign_in_task(pool, app_client, **task):
    return dict({"name": "sign in", "register": "signed", "cognito.user_pool.cognito_user_sign_in": {
        "user_pool_id": pool, "client_id": app_client.client_id, "return_tokens": True,
        "users": [{"username": "alice", "password": PASSWORD}]}}, **task)


@pytest.mark.parametrize("verbosity", [0, 4])
def test_tokens_registered_under_no_log_are_returned_and_never_shown(cognito, run_playbook, tmp_path, verbosity):
    pool = cognito.create_pool()
    app_client = cognito.create_app_client(pool)
    cognito.create_user(pool, "alice", CONFIRMED, PASSWORD)
    saved, log = tmp_path / f"tokens-{verbosity}.json", tmp_path / f"ansible-{verbosity}.log"
    run = run_playbook([
        sign_in_task(pool, app_client, no_log=True),
        # What a fixture does with them: hand them on, without printing them.
        {"name": "keep the tokens", "no_log": True,
         "ansible.builtin.copy": {"content": "{{ signed.users[0].tokens | to_json }}", "dest": str(saved)}},
    ], verbosity=verbosity, env={"ANSIBLE_LOG_PATH": str(log)})
    assert run.rc == 0, run.output

    tokens = json.loads(saved.read_text())
    assert _claims(tokens["access_token"])["username"] == "alice"
    assert _claims(tokens["id_token"])["cognito:username"] == "alice"
    assert tokens["refresh_token"] and tokens["token_type"] == "Bearer" and tokens["expires_in"] > 0
    recorded = json.dumps([result.result for result in run.results])
    for secret in (tokens["access_token"], tokens["id_token"], tokens["refresh_token"]):
        for where in (run.output, log.read_text(), recorded):
            assert secret not in where
            # Nor a JWT's parts on their own (a line wrapped or a token cut).
            assert all(part not in where for part in secret.split(".") if len(part) > 20)
