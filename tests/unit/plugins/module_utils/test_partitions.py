# -*- coding: utf-8 -*-
"""User pool ids in every partition botocore knows, and their ARNs."""

from __future__ import annotations

import re

import botocore.session
import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import api_user_pool_id_type
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import parse_user_pool_id
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import partition_of
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import resolve_region

POOL = "eu-west-1_TestPool1"


def _cognito_regions():
    session = botocore.session.get_session()
    return [(partition, region) for partition in session.get_available_partitions()
            for region in session.get_available_regions("cognito-idp", partition)]


@pytest.mark.parametrize("partition,region", _cognito_regions())
def test_every_region_botocore_lists_for_cognito_idp_gives_a_pool_id_and_an_arn_in_its_partition(partition, region):
    pool = parse_user_pool_id(f"{region}_AbCdEf123")
    assert (pool.region, pool.partition) == (region, partition)
    assert pool.arn("123456789012") == f"arn:{partition}:cognito-idp:{region}:123456789012:userpool/{region}_AbCdEf123"


@pytest.mark.parametrize("region,partition", [
    ("cn-north-1", "aws-cn"), ("cn-northwest-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov"), ("us-iso-east-1", "aws-iso"),
    ("us-isob-east-1", "aws-iso-b"), ("eu-isoe-west-1", "aws-iso-e"), ("us-isof-south-1", "aws-iso-f"),
    ("eusc-de-east-1", "aws-eusc"), ("ap-southeast-7", "aws"),
    ("eu-central-9", "aws"),  # a region newer than botocore: its partition's regionRegex still places it
])
def test_the_partition_comes_from_botocores_data(region, partition):
    assert partition_of(region) == partition
    assert parse_user_pool_id(f"{region}_AbCdEf123").partition == partition


@pytest.mark.parametrize("value", ["my-pool", "eu-west-1", "_AbC", "eu-west-1_", "fips-us-east-1_AbC", "xx-nowhere-1_AbC",
                                   "eu-west-1_Ab-C", "EU-WEST-1_AbC"])
def test_anything_else_is_refused_naming_the_option_and_an_example(value):
    with pytest.raises(CognitoError, match=f"user_pool_id '{value}' is not a Cognito user pool id: expected '<region>_<id>'"):
        parse_user_pool_id(value)


@pytest.mark.parametrize("value", [None, 12, ["eu-west-1_AbC"], {"id": "x"}])
def test_a_value_that_is_no_string_is_refused_without_repeating_it(value):
    with pytest.raises(CognitoError, match="user_pool_id must be a string"):
        parse_user_pool_id(value)


def test_the_pools_region_is_used_when_none_is_configured():
    assert resolve_region(POOL, None) == "eu-west-1"


def test_a_configured_region_equal_to_the_pools_is_accepted():
    assert resolve_region(POOL, "eu-west-1") == "eu-west-1"


def test_a_region_mismatch_names_both_regions():
    with pytest.raises(CognitoError, match="user pool eu-west-1_TestPool1 is in region eu-west-1, but the configured region is us-east-1"):
        resolve_region(POOL, "us-east-1")


# -- local Cognitos' pool ids (cognito-local: local_<id>) ---------------------------------------------

def _api_pattern():
    shape = botocore.session.get_session().get_service_model("cognito-idp").shape_for("UserPoolIdType")
    return shape.metadata["pattern"], shape.metadata["max"]


def test_the_api_pattern_is_botocores():
    pattern, max_length = api_user_pool_id_type()
    assert (pattern.pattern, max_length) == _api_pattern()


@pytest.mark.parametrize("value", ["local_5bVIdYct", "my-pool_1", "EU-WEST-1_AbC", "x_" + "a" * 53])
def test_with_an_endpoint_any_id_the_api_admits_is_accepted_in_the_configured_region(value):
    assert resolve_region(value, "eu-central-1", "http://127.0.0.1:9229") == "eu-central-1"


@pytest.mark.parametrize("value", ["local", "local_", "_abc", "local_ab-c", "local_ab.c", "x_" + "a" * 54])
def test_with_an_endpoint_an_id_the_api_refuses_is_refused_quoting_the_api_pattern(value):
    with pytest.raises(CognitoError, match=re.escape(f"user_pool_id '{value}' is not a Cognito user pool id: Cognito's API "
                                                     r"admits '[\w-]+_[0-9a-zA-Z]+' (at most 55 characters)")):
        resolve_region(value, "us-east-1", "http://127.0.0.1:9229")


def test_without_an_endpoint_a_local_id_is_refused_saying_it_needs_endpoint_url():
    with pytest.raises(CognitoError, match="user_pool_id 'local_5bVIdYct' is not a Cognito user pool id: .*'local_<id>'\\) needs "
                                           "endpoint_url"):
        resolve_region("local_5bVIdYct", "us-east-1")


def test_a_local_id_without_a_configured_region_asks_for_one():
    with pytest.raises(CognitoError, match="User pool local_5bVIdYct names no AWS region.*Set region \\(or AWS_REGION\\)"):
        resolve_region("local_5bVIdYct", None, "http://127.0.0.1:9229")


def test_an_aws_pool_id_with_an_endpoint_still_takes_its_own_region():
    with pytest.raises(CognitoError, match="Region mismatch"):
        resolve_region(POOL, "us-east-1", "http://127.0.0.1:5000")


def test_a_policy_for_a_local_id_says_what_its_arn_assumes():
    pool = parse_user_pool_id("local_5bVIdYct", local=True)
    assert pool.arn("123456789012") == "arn:aws:cognito-idp:*:123456789012:userpool/local_5bVIdYct"
    assert pool.assumption == ("user pool local_5bVIdYct names no AWS region (a local Cognito's id): its ARN is assumed to "
                               "be in partition aws, any region (*).")
    assert parse_user_pool_id(POOL, local=True).assumption == ""
