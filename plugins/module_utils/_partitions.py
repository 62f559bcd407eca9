# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""User pool ids, their regions and partitions, and their ARNs.

Private to the collection: not an API, may change in any release.

A user pool id is ``<region>_<suffix>`` (the API reference's pattern for
``UserPoolId`` is ``[\\w-]+_[0-9a-zA-Z]+``).  Which regions exist and which
partition each belongs to comes from botocore's own endpoint data
(``endpoints.json``: every partition's ``regions`` and ``regionRegex``), so
that pools in ``aws-cn``, ``aws-us-gov``, the ISO partitions and ``aws-eusc``
are known as soon as botocore knows them.  This is the only place that parses
a pool id: the modules, the role's checks (through its filters) and the IAM
policy all use it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Dict, List, NamedTuple, Optional, Tuple

from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError

USER_POOL_ID_PATTERN = re.compile(r"^(?P<region>[a-z0-9-]+)_(?P<suffix>[0-9a-zA-Z]+)$")
EXAMPLE_USER_POOL_ID = "eu-west-1_AbCdEf123"
ACCOUNT_ID_PATTERN = re.compile(r"^[0-9]{12}$")


class Partition(NamedTuple):
    """One AWS partition as botocore describes it."""

    name: str
    region_regex: str
    regions: Tuple[str, ...]
    cognito_idp_regions: Tuple[str, ...]  # the regions botocore lists a cognito-idp endpoint for


@lru_cache(maxsize=1)
def partitions() -> Tuple[Partition, ...]:
    """Every partition of botocore's endpoint data, in botocore's order."""
    try:
        import botocore.loaders
    except ImportError:
        raise CognitoError(
            "botocore is needed to read user pool ids (its endpoint data names the AWS regions and partitions). "
            "Install boto3 and botocore (pip install boto3) for the Python that runs Ansible."
        ) from None
    data = botocore.loaders.create_loader().load_data("endpoints")
    found: List[Partition] = []
    for partition in data.get("partitions", []):
        cognito = partition.get("services", {}).get("cognito-idp", {}).get("endpoints", {})
        found.append(Partition(
            name=partition["partition"],
            region_regex=partition.get("regionRegex", "^$"),
            regions=tuple(sorted(partition.get("regions", {}))),
            # fips-* entries are endpoint variants, not regions.
            cognito_idp_regions=tuple(sorted(region for region in cognito if not region.startswith("fips-"))),
        ))
    return tuple(found)


def partition_of(region: str) -> Optional[str]:
    """The partition ``region`` belongs to, or None when botocore knows no such region.

    A region botocore lists wins; otherwise the first partition whose
    ``regionRegex`` matches it (a region newer than the installed botocore).
    """
    for partition in partitions():
        if region in partition.regions:
            return partition.name
    for partition in partitions():
        if re.match(partition.region_regex, region):
            return partition.name
    return None


class UserPoolId(NamedTuple):
    """A parsed user pool id."""

    user_pool_id: str
    region: str
    partition: str

    def arn(self, account_id: str) -> str:
        """The pool's ARN in ``account_id``: what an IAM policy scopes its actions to."""
        return f"arn:{self.partition}:cognito-idp:{self.region}:{account_id}:userpool/{self.user_pool_id}"


def parse_user_pool_id(user_pool_id, option: str = "user_pool_id") -> UserPoolId:
    """Read the region and partition of a pool id; raise ``CognitoError`` naming ``option`` if it is not one."""
    if not isinstance(user_pool_id, str):
        raise CognitoError(f"{option} must be a string such as '{EXAMPLE_USER_POOL_ID}'.")
    match = USER_POOL_ID_PATTERN.match(user_pool_id)
    partition = partition_of(match.group("region")) if match else None
    if partition is None:
        raise CognitoError(
            f"{option} '{_shown(user_pool_id)}' is not a Cognito user pool id: expected '<region>_<id>' with an AWS region "
            f"that botocore knows, for example '{EXAMPLE_USER_POOL_ID}'."
        )
    return UserPoolId(user_pool_id, match.group("region"), partition)


def user_pool_id_errors(user_pool_id, option: str = "user_pool_id") -> List[str]:
    """``parse_user_pool_id``'s complaint as a list (empty when the id is fine): for checks that gather every problem."""
    try:
        parse_user_pool_id(user_pool_id, option)
    except CognitoError as e:
        return [e.message]
    return []


def resolve_region(user_pool_id: str, configured_region: Optional[str]) -> str:
    """The region to call: the pool's own, which a configured region must agree with."""
    pool_region = parse_user_pool_id(user_pool_id).region
    if configured_region and configured_region != pool_region:
        raise CognitoError(
            f"Region mismatch: user pool {user_pool_id} is in region {pool_region}, "
            f"but the configured region is {configured_region} (from the region option, "
            "AWS_REGION / AWS_DEFAULT_REGION or the profile). Set region to "
            f"{pool_region} or leave it unset so that the pool's region is used."
        )
    return pool_region


def partition_table() -> Dict[str, Dict[str, object]]:
    """The partitions as documentation shows them: name -> regex and the regions listing cognito-idp."""
    return {partition.name: {"region_regex": partition.region_regex, "cognito_idp_regions": list(partition.cognito_idp_regions)}
            for partition in partitions()}


def _shown(value: str) -> str:
    """A value fit to repeat in a message: a pool id is not secret, but keep messages short."""
    return value if len(value) <= 80 else value[:77] + "..."
