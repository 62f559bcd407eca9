# -*- coding: utf-8 -*-
"""Run the collection's modules in process against moto, counting every Cognito call."""

from __future__ import annotations

import json
from collections import Counter

import boto3
import pytest
from ansible.module_utils.testing import patch_module_args
from moto import mock_aws

REGION = "us-east-1"


class OperationLog(Counter):
    """Every cognito-idp operation sent while the test runs, counted by name."""

    def record(self, model, **kwargs):
        self[model.name] += 1

    def writes(self):
        from ansible_collections.cognito.user_pool.plugins.module_utils._operations import WRITE_OPERATIONS

        return {name: count for name, count in self.items() if name in WRITE_OPERATIONS}


@pytest.fixture(scope="session")
def moto_account():
    """One mock_aws for each pytest process: starting it resets every moto backend, which takes about a
    second. Tests stay apart by their own user pool (the pool fixture makes a new one each time)."""
    with pytest.MonkeyPatch.context() as environment:
        for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION"):
            environment.delenv(name, raising=False)
        environment.setenv("AWS_ACCESS_KEY_ID", "testing")
        environment.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        environment.setenv("AWS_CONFIG_FILE", "/dev/null")
        environment.setenv("AWS_SHARED_CREDENTIALS_FILE", "/dev/null")
        with mock_aws():
            yield boto3.client("cognito-idp", region_name=REGION)


@pytest.fixture
def aws(moto_account):
    return moto_account


@pytest.fixture
def operations(monkeypatch):
    """Count the operations the module's own clients send (botocore's before-call event)."""
    log = OperationLog()
    real_client = boto3.session.Session.client

    def counting_client(self, *args, **kwargs):
        client = real_client(self, *args, **kwargs)
        client.meta.events.register("before-call.cognito-idp", lambda model, **kw: log.record(model))
        return client

    monkeypatch.setattr(boto3.session.Session, "client", counting_client)
    return log


@pytest.fixture
def sent(monkeypatch, operations):
    """The requests the module's clients send, in order, as (operation, parameters)."""
    requests = []
    real_client = boto3.session.Session.client

    def recording_client(self, *args, **kwargs):
        client = real_client(self, *args, **kwargs)
        client.meta.events.register("before-parameter-build.cognito-idp",
                                    lambda model, params, **kw: requests.append((model.name, params)))
        return client

    monkeypatch.setattr(boto3.session.Session, "client", recording_client)
    return requests


@pytest.fixture
def pool(aws):
    return aws.create_user_pool(PoolName="test", Policies={"PasswordPolicy": {
        "MinimumLength": 8, "RequireUppercase": True, "RequireLowercase": True, "RequireNumbers": True, "RequireSymbols": True,
    }})["UserPool"]["Id"]


@pytest.fixture
def run_module(capsys, operations):
    """Run a module's main() with ``args``; return (failed, result)."""

    def run(module, args, check_mode=False, diff=False):
        args = dict(args, _ansible_check_mode=check_mode, _ansible_diff=diff)
        with patch_module_args(args), pytest.raises(SystemExit) as exit_info:
            module.main()
        result = json.loads(capsys.readouterr().out)
        return exit_info.value.code != 0, result

    return run
