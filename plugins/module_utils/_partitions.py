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


@lru_cache(maxsize=1)
def api_user_pool_id_type() -> Tuple["re.Pattern[str]", int]:
    """``UserPoolIdType``'s pattern and maximum length, from botocore's service model of cognito-idp."""
    import botocore.loaders

    shape = botocore.loaders.create_loader().load_service_model("cognito-idp", "service-2")["shapes"]["UserPoolIdType"]
    return re.compile(shape["pattern"]), int(shape["max"])


def is_api_user_pool_id(value: str) -> bool:
    """Does Cognito's API admit ``value`` as a ``UserPoolId``?"""
    pattern, max_length = api_user_pool_id_type()
    return len(value) <= max_length and pattern.fullmatch(value) is not None


# What an IAM policy for a local pool's id assumes: it names no AWS region, so the ARN allows any region, in
# the partition of most accounts.
LOCAL_POOL_PARTITION = "aws"
LOCAL_POOL_REGION = "*"


class UserPoolId(NamedTuple):
    """A parsed user pool id."""

    user_pool_id: str
    region: str  # "" for a local Cognito's id: the region is the configured one
    partition: str

    @property
    def local(self) -> bool:
        """A local Cognito's id, whose prefix is no AWS region (cognito-local's ``local_<id>``)."""
        return not self.region

    def arn(self, account_id: str) -> str:
        """The pool's ARN in ``account_id``: what an IAM policy scopes its actions to (``assumption`` for a local id)."""
        region = self.region or LOCAL_POOL_REGION
        return f"arn:{self.partition}:cognito-idp:{region}:{account_id}:userpool/{self.user_pool_id}"

    @property
    def assumption(self) -> str:
        """What a policy written for this pool assumes; empty for an AWS pool id."""
        if not self.local:
            return ""
        return (f"user pool {self.user_pool_id} names no AWS region (a local Cognito's id): its ARN is assumed to be in "
                f"partition {LOCAL_POOL_PARTITION}, any region ({LOCAL_POOL_REGION}).")


def parse_user_pool_id(user_pool_id, option: str = "user_pool_id", local: bool = False) -> UserPoolId:
    """Read the region and partition of a pool id; raise ``CognitoError`` naming ``option`` if it is not one.

    With ``local``, an id the API admits whose prefix is no AWS region is a local Cognito's
    (region "", ``LOCAL_POOL_PARTITION``).
    """
    if not isinstance(user_pool_id, str):
        raise CognitoError(f"{option} must be a string such as '{EXAMPLE_USER_POOL_ID}'.")
    match = USER_POOL_ID_PATTERN.match(user_pool_id)
    partition = partition_of(match.group("region")) if match else None
    if partition is not None:
        return UserPoolId(user_pool_id, match.group("region"), partition)
    if local and is_api_user_pool_id(user_pool_id):
        return UserPoolId(user_pool_id, "", LOCAL_POOL_PARTITION)
    if local:
        raise CognitoError(
            f"{option} '{_shown(user_pool_id)}' is not a Cognito user pool id: Cognito's API admits "
            f"'{api_user_pool_id_type()[0].pattern}' (at most {api_user_pool_id_type()[1]} characters), for example "
            f"'{EXAMPLE_USER_POOL_ID}'."
        )
    raise CognitoError(
        f"{option} '{_shown(user_pool_id)}' is not a Cognito user pool id: expected '<region>_<id>' with an AWS region "
        f"that botocore knows, for example '{EXAMPLE_USER_POOL_ID}'. A local Cognito's pool id (such as cognito-local's "
        "'local_<id>') needs endpoint_url."
    )


def user_pool_id_errors(user_pool_id, option: str = "user_pool_id", local: bool = False) -> List[str]:
    """``parse_user_pool_id``'s complaint as a list (empty when the id is fine): for checks that gather every problem."""
    try:
        parse_user_pool_id(user_pool_id, option, local)
    except CognitoError as e:
        return [e.message]
    return []


def resolve_region(user_pool_id: str, configured_region: Optional[str], endpoint_url: Optional[str] = None) -> str:
    """The region to call: the pool's own, which a configured region must agree with.

    With ``endpoint_url`` (a local Cognito), a pool id without an AWS region is accepted, and the
    region is the configured one (the region option, else the environment or the profile).
    """
    pool = parse_user_pool_id(user_pool_id, local=bool(endpoint_url))
    if pool.local:
        if not configured_region:
            raise CognitoError(
                f"User pool {user_pool_id} names no AWS region, so the region cannot come from it. Set region (or "
                "AWS_REGION) to the region your local Cognito at endpoint_url answers in."
            )
        return configured_region
    if configured_region and configured_region != pool.region:
        raise CognitoError(
            f"Region mismatch: user pool {user_pool_id} is in region {pool.region}, "
            f"but the configured region is {configured_region} (from the region option, "
            "AWS_REGION / AWS_DEFAULT_REGION or the profile). Set region to "
            f"{pool.region} or leave it unset so that the pool's region is used."
        )
    return pool.region


def partition_table() -> Dict[str, Dict[str, object]]:
    """The partitions as documentation shows them: name -> regex and the regions listing cognito-idp."""
    return {partition.name: {"region_regex": partition.region_regex, "cognito_idp_regions": list(partition.cognito_idp_regions)}
            for partition in partitions()}


def _shown(value: str) -> str:
    """A value fit to repeat in a message: a pool id is not secret, but keep messages short."""
    return value if len(value) <= 80 else value[:77] + "..."
