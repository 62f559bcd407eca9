# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Steps: one Cognito request each, built once by the planner and sent as built.

Private to the collection: not an API, may change in any release.

A step names an operation of the operations table and carries the exact
request it sends (``UserPoolId`` aside).  Its label is what results report in
``actions``; its effect on a ``UserState`` is what diffs and results predict.
Apply sends the requests, the diff reads the predicted state; nothing works a
payload out a second time.  A step's ``repr`` never shows a password.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional

from ansible_collections.cognito.user_pool.plugins.module_utils._model import CONFIRMED
from ansible_collections.cognito.user_pool.plugins.module_utils._model import CurrentUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import FORCE_CHANGE_PASSWORD
from ansible_collections.cognito.user_pool.plugins.module_utils._model import UserState
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS

# Request keys whose values are secrets, at any depth of a request.
SECRET_KEYS = frozenset(["Password", "TemporaryPassword", "PASSWORD", "NEW_PASSWORD", "SECRET_HASH", "Session"])
HIDDEN = "********"

# "verified" companions: setting one to true in the same AdminUpdateUserAttributes request updates a
# held-back attribute at once (the API reference: "To skip the verification message and update the value
# of an attribute that requires verification in the same API request, include the email_verified or
# phone_number_verified attribute, with a value of true").
VERIFIED_COMPANION = {"email": "email_verified", "phone_number": "phone_number_verified"}

# The challenge answer needs the Session of the sign-in just before it: its request holds this until apply.
SESSION_FROM_PREVIOUS_STEP = "<the Session the previous step's answer carries>"


@dataclass(frozen=True)
class Step:
    """One request to send: ``operation`` (a key of ``OPERATIONS``), its ``request`` and the label results show."""

    operation: str
    request: Mapping[str, Any]
    label: str

    def __post_init__(self) -> None:
        if self.operation not in OPERATIONS:
            raise ValueError(f"{self.operation} is not an operation of the operations table")

    def __repr__(self) -> str:
        return f"Step({self.operation}, {hide_secrets(self.request)!r}, {self.label!r})"

    __str__ = __repr__

    @property
    def writes(self) -> bool:
        return OPERATIONS[self.operation].writes

    def with_session(self, session: Optional[str]) -> "Step":
        """This step with the previous answer's ``Session`` put where it waits for one."""
        if self.request.get("Session") != SESSION_FROM_PREVIOUS_STEP:
            return self
        return Step(self.operation, dict(self.request, Session=session), self.label)


def hide_secrets(value: Any) -> Any:
    """``value`` with every secret of a request replaced by ``********``."""
    if isinstance(value, Mapping):
        return {key: HIDDEN if key in SECRET_KEYS else hide_secrets(item) for key, item in value.items()}
    if isinstance(value, list):
        return [hide_secrets(item) for item in value]
    return value


def attribute_list(attributes: Mapping[str, str]) -> List[Dict[str, str]]:
    return [{"Name": name, "Value": value} for name, value in attributes.items()]


# -- the steps -------------------------------------------------------------------------------

def create_user(username: str, attributes: Mapping[str, str], temporary_password: Optional[str],
                invitation: str, delivery_mediums: Optional[List[str]],
                client_metadata: Optional[Mapping[str, str]] = None, force_alias_creation: bool = False) -> Step:
    """AdminCreateUser: the declared username, attributes and password (as the temporary one).

    ``ClientMetadata`` goes to the Lambda triggers AdminCreateUser invokes (pre sign-up, custom message);
    ``ForceAliasCreation`` "True: migrate the alias from an existing user to this new user" when the e-mail
    address or phone number given is another user's alias (both from AdminCreateUser's API reference).
    """
    request: Dict[str, Any] = {"Username": username}
    if attributes:
        request["UserAttributes"] = attribute_list(attributes)
    if temporary_password is not None:
        request["TemporaryPassword"] = temporary_password
    if invitation == "suppress":
        request["MessageAction"] = "SUPPRESS"
    if delivery_mediums and invitation != "suppress":
        request["DesiredDeliveryMediums"] = list(delivery_mediums)
    if client_metadata:
        request["ClientMetadata"] = dict(client_metadata)
    if force_alias_creation:
        request["ForceAliasCreation"] = True
    return Step("AdminCreateUser", request, "create")


def resend_invitation(username: str, temporary_password: Optional[str], delivery_mediums: Optional[List[str]]) -> Step:
    """AdminCreateUser with RESEND: "resend the invitation message to a user that already exists [...] with a new
    temporary password" (the API reference's MessageAction); the declared one when there is one."""
    request: Dict[str, Any] = {"Username": username, "MessageAction": "RESEND"}
    if temporary_password is not None:
        request["TemporaryPassword"] = temporary_password
    if delivery_mediums:
        request["DesiredDeliveryMediums"] = list(delivery_mediums)
    return Step("AdminCreateUser", request, "resend_invitation")


def set_password(username: str, password: str, permanent: bool) -> Step:
    return Step("AdminSetUserPassword", {"Username": username, "Password": password, "Permanent": permanent}, "set_password")


def update_attributes(username: str, attributes: Mapping[str, str]) -> Step:
    return Step("AdminUpdateUserAttributes", {"Username": username, "UserAttributes": attribute_list(attributes)},
                "update_attributes")


def delete_attributes(username: str, names: Iterable[str]) -> Step:
    return Step("AdminDeleteUserAttributes", {"Username": username, "UserAttributeNames": list(names)}, "delete_attributes")


def enable(username: str) -> Step:
    return Step("AdminEnableUser", {"Username": username}, "enable")


def disable(username: str) -> Step:
    return Step("AdminDisableUser", {"Username": username}, "disable")


def add_to_group(username: str, group: str) -> Step:
    return Step("AdminAddUserToGroup", {"Username": username, "GroupName": group}, f"add_to_group:{group}")


def remove_from_group(username: str, group: str) -> Step:
    return Step("AdminRemoveUserFromGroup", {"Username": username, "GroupName": group}, f"remove_from_group:{group}")


def delete_user(username: str) -> Step:
    return Step("AdminDeleteUser", {"Username": username}, "delete")


def sign_in_with_temporary_password(username: str, temporary_password: str, client_id: str,
                                    secret_hash: Optional[str]) -> Step:
    """AdminInitiateAuth with ADMIN_USER_PASSWORD_AUTH: the first half of the new-password challenge path."""
    parameters = {"USERNAME": username, "PASSWORD": temporary_password}
    if secret_hash is not None:
        parameters["SECRET_HASH"] = secret_hash
    return Step("AdminInitiateAuth", {"ClientId": client_id, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
                                      "AuthParameters": parameters}, "sign_in_with_temporary_password")


def answer_new_password_challenge(username: str, new_password: str, client_id: str, secret_hash: Optional[str],
                                  attributes: Mapping[str, str]) -> Step:
    """AdminRespondToAuthChallenge to NEW_PASSWORD_REQUIRED: "Respond to this challenge with NEW_PASSWORD and any
    required attributes [...] add "userAttributes.[attribute_name]": "[attribute_value]"" (the API reference)."""
    responses = {"USERNAME": username, "NEW_PASSWORD": new_password}
    if secret_hash is not None:
        responses["SECRET_HASH"] = secret_hash
    responses.update({f"userAttributes.{name}": value for name, value in attributes.items()})
    return Step("AdminRespondToAuthChallenge", {"ClientId": client_id, "ChallengeName": "NEW_PASSWORD_REQUIRED",
                                                "Session": SESSION_FROM_PREVIOUS_STEP, "ChallengeResponses": responses},
                "answer_new_password_challenge")


# -- what each step does to a user -----------------------------------------------------------

def _attributes_of(step: Step) -> Dict[str, str]:
    return {item["Name"]: item["Value"] for item in step.request.get("UserAttributes", [])}


def _created(state: UserState, step: Step) -> UserState:
    if step.request.get("MessageAction") == "RESEND":
        return state.but(user_status=FORCE_CHANGE_PASSWORD)
    return UserState(True, FORCE_CHANGE_PASSWORD, True, _attributes_of(step), () if state.groups is not None else None)


def _updated(state: UserState, step: Step) -> UserState:
    """The attributes sent, and a changed address marked unverified unless its companion came with it: "When a
    user updates their email address, Amazon Cognito changes the email_verified attribute to unverified" (AWS
    Knowledge Center, "How do I troubleshoot issues with an Amazon Cognito user's email_verified attribute?").
    AWS's text names email; phone_number_verified is taken to follow phone_number alike, as the API reference
    pairs the two companions everywhere."""
    sent = _attributes_of(step)
    attributes = dict(state.attributes, **sent)
    for name, companion in VERIFIED_COMPANION.items():
        if name in sent and sent[name] != state.attributes.get(name) and companion not in sent:
            attributes[companion] = "false"
    return state.but(attributes=attributes)


def _deleted_attributes(state: UserState, step: Step) -> UserState:
    names = set(step.request["UserAttributeNames"])
    return state.but(attributes={name: value for name, value in state.attributes.items() if name not in names})


def _grouped(state: UserState, step: Step, joined: bool) -> UserState:
    groups = set(state.groups or ())
    if joined:
        groups.add(step.request["GroupName"])
    else:
        groups.discard(step.request["GroupName"])
    return state.but(groups=tuple(sorted(groups)))


def _answered_challenge(state: UserState, step: Step) -> UserState:
    prefix = "userAttributes."
    given = {key[len(prefix):]: value for key, value in step.request["ChallengeResponses"].items() if key.startswith(prefix)}
    return state.but(user_status=CONFIRMED, attributes=dict(state.attributes, **given))


EFFECTS: Dict[str, Callable[[UserState, Step], UserState]] = {
    "AdminCreateUser": _created,
    "AdminSetUserPassword": lambda state, step: state.but(
        user_status=CONFIRMED if step.request["Permanent"] else FORCE_CHANGE_PASSWORD),
    "AdminUpdateUserAttributes": _updated,
    "AdminDeleteUserAttributes": _deleted_attributes,
    "AdminEnableUser": lambda state, step: state.but(enabled=True),
    "AdminDisableUser": lambda state, step: state.but(enabled=False),
    "AdminAddUserToGroup": lambda state, step: _grouped(state, step, joined=True),
    "AdminRemoveUserFromGroup": lambda state, step: _grouped(state, step, joined=False),
    "AdminDeleteUser": lambda state, step: UserState.absent(),
    "AdminInitiateAuth": lambda state, step: state,
    "AdminRespondToAuthChallenge": _answered_challenge,
}


def predict(state: UserState, steps: Iterable[Step]) -> UserState:
    """The user after ``steps``, from ``state``: what the diff's ``after`` and the results show.

    A write changes the user's UserLastModifiedDate to a time only a new read would tell: it becomes unknown.
    """
    for step in steps:
        state = EFFECTS[step.operation](state, step)
        if step.writes and state.present:
            state = state.but(user_last_modified_date=None)
    return state


def observed(state: UserState, step: Step, answer: Mapping[str, Any]) -> UserState:
    """``state`` (predicted after ``step``) with what ``step``'s answer says for sure.

    AdminCreateUser answers with the new user (its ``User``: attributes with the ``sub`` Cognito gave it,
    UserCreateDate, UserLastModifiedDate), so a created user's identity is known without a read.
    """
    record = answer.get("User") if step.operation == "AdminCreateUser" else None
    if not record or step.request.get("MessageAction") == "RESEND":
        return state
    created = CurrentUser.from_record(record, consistent=True)
    return state.but(sub=created.attributes.get("sub"), user_create_date=created.user_create_date,
                     user_last_modified_date=created.user_last_modified_date)
