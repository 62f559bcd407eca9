# -*- coding: utf-8 -*-
"""tests/integration/run.py: the policy it documents, the config it writes, the sweep it runs and the backends it starts.

``make integration-<leg>`` runs these before the targets, with the leg's collections tree on
PYTHONPATH (the sweep imports the fixture module, which imports amazon.aws).
"""

from __future__ import annotations

import configparser
import json
import re
import stat

import boto3
import pytest

import run
from functional_harness.moto_server import FAKE_CREDENTIALS
from functional_harness.moto_server import MotoServer

POLICY_MARKER = "<!-- integration-iam-policy: python tests/integration/run.py --print-policy -->"


def documented_policy():
    text = (run.REPO / "docs" / "testing.md").read_text()
    block = re.search(re.escape(POLICY_MARKER) + r"\s*```json\n(.*?)```", text, re.DOTALL)
    assert block, f"docs/testing.md has no JSON block after {POLICY_MARKER}"
    return json.loads(block.group(1))


def test_the_documented_policy_is_the_generated_one():
    assert documented_policy() == run.iam_policy()


def test_the_policy_allows_every_call_of_the_collection_and_of_the_test_fixture():
    actions = set(run.iam_policy()["Statement"][0]["Action"])
    assert {"cognito-idp:AdminSetUserPassword", "cognito-idp:AdminInitiateAuth"} <= actions
    assert {"cognito-idp:CreateUserPool", "cognito-idp:ListUserPools", "cognito-idp:DeleteUserPool"} <= actions


def test_the_config_written_is_what_ansible_tests_aws_plugin_reads(tmp_path):
    values = {"aws_access_key": "AKIDEXAMPLE", "aws_secret_key": "secret/with+signs", "aws_region": "eu-west-1",
              "aws_endpoint_url": "http://127.0.0.1:5000", "resource_prefix": "cognito-it-0123abcd"}
    path = tmp_path / "cloud-config-aws.ini"

    run.write_cloud_config(path, values)

    parser = configparser.ConfigParser()
    parser.read(path)
    assert dict(parser.items("default")) == values
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_real_account_config_with_placeholders_left_is_refused_naming_them():
    with pytest.raises(SystemExit, match="fill in aws_access_key, aws_region, aws_secret_key, security_token"):
        run.read_cloud_config(run.REPO / run.TEMPLATE)


def test_an_empty_session_token_means_none(tmp_path):
    path = tmp_path / "cloud-config-aws.ini"
    path.write_text("[default]\naws_access_key = AKID\naws_secret_key = secret\nsecurity_token =\naws_region = eu-west-1\n")

    assert "security_token" not in run.read_cloud_config(path)


@pytest.fixture
def moto_values(tmp_path):
    server = MotoServer(log_path=tmp_path / "moto_server.log")
    server.start()
    yield {"aws_access_key": FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"], "aws_secret_key": FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
           "aws_region": run.MOTO_REGION, "aws_endpoint_url": server.url}
    server.stop()


def test_the_sweep_deletes_the_pools_of_the_run_and_nothing_else(moto_values):
    client = boto3.client("cognito-idp", region_name=moto_values["aws_region"], endpoint_url=moto_values["aws_endpoint_url"],
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    names = ["cognito-it-1111-cognito_user-a1", "cognito-it-1111-seed_users-b2", "cognito-it-11112-cognito_user-c3",
             "cognito-it-2222-cognito_user-d4", "production"]
    ids = {name: client.create_user_pool(PoolName=name)["UserPool"]["Id"] for name in names}

    deleted = run.sweep(moto_values, "cognito-it-1111")

    assert sorted(deleted) == sorted([ids["cognito-it-1111-cognito_user-a1"], ids["cognito-it-1111-seed_users-b2"]])
    left = sorted(pool["Name"] for pool in client.list_user_pools(MaxResults=60)["UserPools"])
    assert left == ["cognito-it-11112-cognito_user-c3", "cognito-it-2222-cognito_user-d4", "production"]


# -- the backends ----------------------------------------------------------------------------------------

def test_the_cognito_rules_backend_plays_rules_the_harness_knows():
    rules = run.rules_from_spec(run.COGNITO_RULES)
    assert sorted(rule.name for rule in rules) == sorted(run.COGNITO_RULES.split(","))


def test_an_unknown_backend_is_refused_naming_the_known_ones(tmp_path, capsys):
    with pytest.raises(SystemExit):
        run.main(["--collections", str(tmp_path), "--work-dir", str(tmp_path), "--backend", "moto,localstack"])
    assert "choose among moto, cognito_local, moto_cognito_rules" in capsys.readouterr().err


def test_cognito_local_listens_where_it_says_and_makes_pools_with_ordinary_usernames(tmp_path):
    emulator = run.CognitoLocal(run.COGNITO_LOCAL, tmp_path)
    emulator.start()
    try:
        client = boto3.client("cognito-idp", region_name=run.MOTO_REGION, endpoint_url=emulator.url,
                              aws_access_key_id="cognito-local-key", aws_secret_access_key="cognito-local-secret")
        pool = client.create_user_pool(PoolName="cognito-it-0000-runner")["UserPool"]
        client.admin_create_user(UserPoolId=pool["Id"], Username="alice", MessageAction="SUPPRESS")
    finally:
        emulator.stop()
    assert re.fullmatch(r"http://127\.0\.0\.1:[0-9]+", emulator.url)
    assert pool["Id"].startswith("local_") and pool["UsernameAttributes"] == []
