# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one exception the modules catch, and the words for every way Cognito refuses a call.

Private to the collection: not an API, may change in any release.

Every message says what failed, for which user (or group, or app client) and
pool, and what to do.  The AWS error, when one is quoted, comes last as
``AWS said: <code>: <text>``, once.  No message ever holds a password: the
requests that carry one are never quoted.
"""

from __future__ import annotations

import re
from typing import Any, Dict, NamedTuple, Optional

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS

THROTTLING_CODES = frozenset(["TooManyRequestsException", "ThrottlingException", "Throttling", "RequestLimitExceeded"])
# Server-side faults worth another attempt.
TRANSIENT_CODES = frozenset(["InternalErrorException", "InternalFailure", "ServiceUnavailable", "ServiceUnavailableException"])
ACCESS_DENIED_CODES = frozenset(["AccessDeniedException", "AccessDenied", "UnauthorizedOperation"])
# Codes AWS answers when the credentials themselves are wrong, not when an IAM action is missing.
CREDENTIAL_CODES = frozenset([
    "UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch",
    "IncompleteSignature", "IncompleteSignatureException", "MissingAuthenticationToken",
    "MissingAuthenticationTokenException", "ExpiredTokenException", "ExpiredToken", "AuthFailure",
])
# The group operations, whose ResourceNotFoundException is about the group: every path that calls them has read
# the pool first (DescribeUserPool), and AWS's one code for both ("This exception is thrown when the Amazon Cognito
# service can't find the requested resource", the API reference) is read by operation, not by its wording.
GROUP_OPERATIONS = frozenset(["AdminAddUserToGroup", "AdminRemoveUserFromGroup", "GetGroup", "UpdateGroup", "DeleteGroup",
                              "ListUsersInGroup"])
# The sign-in operations, whose ResourceNotFoundException is about the app client unless it names the pool
# (cognito_user_sign_in signs in without reading the pool first).
AUTH_OPERATIONS = frozenset(["AdminInitiateAuth", "AdminRespondToAuthChallenge"])
IAM_DOC = "docs/iam.md lists every action the collection needs"
# AWS's access-denied text names the action it refused, which need not be the operation's own: the Service
# Authorization Reference (https://docs.aws.amazon.com/service-authorization/latest/reference/
# list_amazoncognitouserpools.html) lists iam:PassRole as a dependent action of CreateGroup and UpdateGroup,
# and a refusal of it reads "User: <arn> is not authorized to perform: iam:PassRole on resource: <role arn>".
REFUSED_ACTION = re.compile(r"not authorized to perform: ([a-z0-9-]+:[A-Za-z0-9*]+)")
PASS_ROLE = "iam:PassRole"


class CognitoError(AnsibleAWSError):
    """A failure that names what went wrong, for which user and pool, and what to do.

    Raised before any write when the input is wrong, and by the client when
    Cognito refuses a call.  ``code`` is the AWS error code, when there is one;
    ``attempts`` how many HTTP attempts the call made.  The message never
    contains a password.
    """

    def __init__(self, message: str, exception: Optional[BaseException] = None, *, code: Optional[str] = None,
                 attempts: int = 0, unreachable: bool = False) -> None:
        super().__init__(message=message, exception=exception)
        self.code = code if code is not None else error_code(exception)
        self.attempts = attempts
        self.unreachable = unreachable

    def __str__(self) -> str:
        # AnsibleAWSError appends the botocore exception's text; our message already says what matters.
        return self.message or ""

    def details(self) -> Dict[str, Any]:
        """What a module adds to its failure beside ``msg``: the AWS error, as amazon.aws modules name it."""
        if not self.code:
            return {}
        return {"error": {"code": self.code, "message": error_message(self.exception)}}


class CallContext(NamedTuple):
    """What a call was about, for its error messages."""

    user_pool_id: str
    region: str
    username: Optional[str] = None
    group: Optional[str] = None
    client_id: Optional[str] = None
    client_option: str = "client_id"  # the module option that named the app client

    @property
    def pool(self) -> str:
        return f"user pool {self.user_pool_id}"

    @property
    def subject(self) -> str:
        """Who the call was for: the user, the group, or the pool."""
        if self.username is not None:
            return f"user '{self.username}' in {self.pool}"
        if self.group is not None:
            return f"group '{self.group}' in {self.pool}"
        return self.pool


def error_code(error: Optional[BaseException]) -> str:
    """The AWS error code of a botocore ``ClientError`` (empty for anything else)."""
    return (getattr(error, "response", None) or {}).get("Error", {}).get("Code", "") or ""


def error_message(error: Optional[BaseException]) -> str:
    """The AWS error message of a botocore ``ClientError`` (empty for anything else)."""
    return (getattr(error, "response", None) or {}).get("Error", {}).get("Message", "") or ""


def aws_said(error: Optional[BaseException]) -> str:
    """`` AWS said: <code>: <message>`` for quoting at the end of a message (empty without a code)."""
    code, message = error_code(error), error_message(error).strip()
    if not code:
        return ""
    if not message or message == code:
        return f" AWS said: {code}."
    return f" AWS said: {code}: {message}" + ("" if message.endswith((".", "!", "?")) else ".")


def user_not_found(context: CallContext) -> str:
    """The message for a user that must exist and does not."""
    return (
        f"User '{context.username}' was not found in {context.pool} (region {context.region}). "
        "Check the username, or create the user first (cognito.user_pool.cognito_user)."
    )


def explain_client_error(operation: str, error: BaseException, context: CallContext, attempts: int = 1) -> str:
    """The message for Cognito refusing ``operation``: what failed, for whom, what to do; then AWS's words."""
    code, aws_message = error_code(error), error_message(error)
    pool, who = context.pool, context.subject
    if code in CREDENTIAL_CODES or (code == "403" and _names_credentials(aws_message)):
        return (
            f"AWS did not accept the credentials calling {operation} on {pool} (region {context.region}). "
            "Check the access key, secret key, session token or profile, and that they belong to this partition."
            + aws_said(error)
        )
    # moto's IAM enforcement answers in XML that botocore reads as a bare HTTP 403.
    if code in ACCESS_DENIED_CODES or code == "403":
        return _access_denied(operation, error, context)
    if code == "ResourceNotFoundException":
        return _resource_not_found(operation, error, context)
    if code == "UserNotFoundException":
        return user_not_found(context)
    if code in THROTTLING_CODES:
        category = OPERATIONS[operation].category
        return (
            f"Cognito kept throttling {operation} for {who}: gave up after {attempts} attempts. "
            f"Lower max_concurrency or rate_limits.{category}, or ask AWS to raise the account's {category} quota."
        )
    if code in TRANSIENT_CODES:
        return f"Cognito failed internally on {operation} for {who}, {attempts} attempts in a row. Try again later." + aws_said(error)
    if code == "InvalidPasswordException":
        return f"Cognito rejected the password for {who}: it does not meet the pool's password policy." + aws_said(error)
    if code == "PasswordHistoryPolicyViolationException":
        return (
            f"Cognito rejected the password for {who}: the user had it before, and the pool's password history "
            "(PasswordHistorySize) refuses a user's recent passwords. Declare a password the user has not had, or keep "
            "update_password at when_needed so that a password is set only when the user's status needs it."
        )
    if code == "UsernameExistsException":
        return f"Cognito could not create {who}: a user with that name already exists." + aws_said(error)
    if code == "AliasExistsException":
        return (
            f"Cognito could not give {who} its e-mail address or phone number: another user already has it as an alias."
            + aws_said(error)
        )
    if code == "UserLambdaValidationException":
        return f"A Lambda trigger of {pool} refused {operation} for {who}. Check the pool's triggers." + aws_said(error)
    if code == "CodeDeliveryFailureException":
        return (
            f"Cognito could not deliver the invitation message to {who}. Check the user's e-mail address or phone number "
            "and the pool's message settings, or use invitation: suppress." + aws_said(error)
        )
    if code in ("InvalidParameterException", "NotAuthorizedException", "LimitExceededException", "InvalidLambdaResponseException"):
        return f"Cognito refused {operation} for {who}." + aws_said(error)
    return f"{operation} failed for {who}." + aws_said(error)


def explain_transport_error(operation: str, error: BaseException, context: CallContext, attempts: int,
                            endpoint: Optional[str] = None) -> str:
    """The message for a call that never got an answer from Cognito (connection, timeout, credentials lookup)."""
    name = type(error).__name__
    if name in ("NoCredentialsError", "PartialCredentialsError", "NoAuthTokenError", "CredentialRetrievalError"):
        return (
            f"No usable AWS credentials to call {operation} on {context.pool}. Set access_key and secret_key "
            "(or profile), the AWS_* environment variables, or a credentials file."
        )
    if name == "ParamValidationError":
        # botocore's report names the parameter and the rule, never a value we did not check first.
        return f"Cognito's API does not accept the {operation} request for {context.subject}: {_one_line(error)}"
    where = f" at {endpoint}" if endpoint else ""
    return (
        f"Could not reach Cognito{where} for {operation} on {context.subject}: {name} after {attempts} "
        f"attempt{'s' if attempts != 1 else ''}. Check the endpoint, network and proxy settings."
        + ("" if endpoint else " " + PUBLIC_ENDPOINT_HINT)
    )


# A connection failure with no endpoint_url went to AWS's public endpoint; the usual cause is an endpoint_url set
# under module_defaults for a group that does not reach this collection's modules (README.md, "module_defaults").
PUBLIC_ENDPOINT_HINT = (
    "No endpoint_url was given, so the requests went to AWS's public endpoint. To reach another endpoint (a local "
    "moto server, a VPC endpoint), set endpoint_url on the task or under module_defaults for "
    "group/cognito.user_pool.aws; group/aws and group/amazon.aws.aws do not reach these modules."
)


def refused_action(aws_message: str) -> Optional[str]:
    """The IAM action AWS's access-denied text names, when it names one."""
    found = REFUSED_ACTION.search(aws_message or "")
    return found.group(1) if found else None


def _access_denied(operation: str, error: BaseException, context: CallContext) -> str:
    action = refused_action(error_message(error)) or OPERATIONS[operation].iam_action
    if action == PASS_ROLE:
        return (
            f"Access denied: the AWS identity running this task may not pass the IAM role of {context.subject} "
            f"to Cognito ({PASS_ROLE}, which {operation} needs when a group has a role_arn). Allow {PASS_ROLE} on "
            f"the group's role_arn in its IAM policy; {IAM_DOC}." + aws_said(error)
        )
    return (
        f"Access denied: the AWS identity running this task may not call {action} on {context.pool} "
        f"(region {context.region}). Allow {action} on the pool's ARN in its IAM policy; {IAM_DOC}." + aws_said(error)
    )


def _resource_not_found(operation: str, error: BaseException, context: CallContext) -> str:
    if operation in GROUP_OPERATIONS:
        return (
            f"Group '{context.group}' was not found in {context.pool} (region {context.region}). Create the group first "
            "(cognito.user_pool.cognito_group), or fix the group's name." + aws_said(error)
        )
    aws_message = error_message(error).lower()
    if operation in AUTH_OPERATIONS and not ("user pool" in aws_message and "client" not in aws_message):
        return (
            f"App client {context.client_id} was not found in {context.pool} (region {context.region}). "
            f"Check {context.client_option}." + aws_said(error)
        )
    return (
        f"User pool {context.user_pool_id} was not found in region {context.region}. Check user_pool_id, "
        "and that the credentials and endpoint belong to the account that owns the pool." + aws_said(error)
    )


def _names_credentials(message: str) -> bool:
    lowered = message.lower()
    return any(word in lowered for word in ("security token", "signature", "invalidclienttokenid", "credential"))


def _one_line(error: BaseException) -> str:
    text = " ".join(str(error).split())
    return text if text.endswith(".") else text + "."
