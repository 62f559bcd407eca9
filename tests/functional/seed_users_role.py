# -*- coding: utf-8 -*-
"""Running the seed_users role through real ansible-playbook, and reading what it did."""

from __future__ import annotations

import contextlib
import json
import urllib.request
from typing import Any, Dict, List, Optional

import boto3

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import DEFAULT_RATE_LIMITS
from functional_harness.cognito import REGION
from functional_harness.moto_server import FAKE_CREDENTIALS

ROLE = "cognito.user_pool.seed_users"
ACCOUNT_ID = "123456789012"  # moto's default account

# moto has no request quotas: the role's client-side pacing is lifted so that the tests stay fast.
NO_RATE_LIMITS = {category: 0 for category in DEFAULT_RATE_LIMITS}

SUMMARY_TASK = f"{ROLE} : Sum up the batches"
SEED_TASK = f"{ROLE} : Seed the users in batches"


def role_variables(user_pool_id: Optional[str], users: List[Dict[str, Any]], **variables: Any) -> Dict[str, Any]:
    """The role's variables, with rate limits lifted unless given; ``user_pool_id=None`` leaves it out."""
    values: Dict[str, Any] = {"seed_users_users": users, "seed_users_rate_limits": NO_RATE_LIMITS}
    if user_pool_id is not None:
        values["seed_users_user_pool_id"] = user_pool_id
    values.update({f"seed_users_{name}": value for name, value in variables.items()})
    return values


def run_role(run_playbook, user_pool_id: Optional[str], users: List[Dict[str, Any]], *, check: bool = False,
             diff: bool = False, verbosity: int = 0, tasks_from: Optional[str] = None,
             module_defaults: Optional[Dict[str, Any]] = None, **variables: Any):
    """Run the role once on localhost, its variables as extra vars (``batch_size=`` for ``seed_users_batch_size``)."""
    role: Dict[str, Any] = {"name": ROLE}
    if tasks_from:
        role["tasks_from"] = tasks_from
    play = {"tasks": [{"name": "run the role", "ansible.builtin.include_role": role}]}
    return run_playbook(play, extra_vars=role_variables(user_pool_id, users, **variables), check=check, diff=diff,
                        verbosity=verbosity, module_defaults=module_defaults)


def seed_result(run) -> Dict[str, Any]:
    """The ``seed_users_result`` fact a run set."""
    return run.task(SUMMARY_TASK).result["ansible_facts"]["seed_users_result"]


def cognito_operations(proxy) -> List[str]:
    """The Cognito operations the proxy saw, in order; other services' requests left out."""
    return [request.operation for request in proxy.requests()
            if request.operation and "." not in request.operation]


# -- moto's IAM enforcement ------------------------------------------------------------------------

def iam_client(moto_server):
    """boto3's IAM client straight against moto."""
    return boto3.client("iam", region_name=REGION, endpoint_url=moto_server.url,
                        aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"])


def _set_unchecked_requests(moto_server, count) -> None:
    """How many requests moto lets through before it checks each against IAM ('inf': never checks)."""
    request = urllib.request.Request(f"{moto_server.url}/moto-api/reset-auth", data=str(count).encode(),
                                     headers={"Content-Type": "text/plain"}, method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


@contextlib.contextmanager
def iam_enforced(moto_server):
    """moto checks every request against IAM inside; the fake keys (not an IAM user's) are refused meanwhile."""
    # 0, not 1: with 1, moto would let the first request of the run (DescribeUserPool) through unchecked.
    _set_unchecked_requests(moto_server, 0)
    try:
        yield
    finally:
        _set_unchecked_requests(moto_server, "inf")


def allow_only(iam, actions: List[str], user_name: str = "seeder") -> None:
    """Let IAM user ``user_name`` call ``actions`` on ``*`` and nothing else (moto checks Cognito calls against ``*``)."""
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": sorted(actions), "Resource": "*"}]}
    iam.put_user_policy(UserName=user_name, PolicyName="only-these", PolicyDocument=json.dumps(document))


def identity_holding(iam, actions: List[str], user_name: str = "seeder") -> Dict[str, str]:
    """A new IAM user allowed only ``actions``; its keys as ``module_defaults`` take them."""
    iam.create_user(UserName=user_name)
    allow_only(iam, actions, user_name)
    key = iam.create_access_key(UserName=user_name)["AccessKey"]
    return {"access_key": key["AccessKeyId"], "secret_key": key["SecretAccessKey"]}
