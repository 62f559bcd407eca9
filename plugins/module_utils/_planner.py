# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Pure planning: the live user, the declared user and the pool's rules in; the steps out.

Private to the collection: not an API, may change in any release.

Nothing here does I/O.  Check mode is "plan, don't apply", so what this module
decides is exactly what a real run would do.  A plan carries everything apply
and the diff need: the steps with their requests, the state before and the
state predicted after them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, List, Mapping, Optional

from ansible_collections.cognito.user_pool.plugins.module_utils import _steps as steps
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._model import FORCE_CHANGE_PASSWORD
from ansible_collections.cognito.user_pool.plugins.module_utils._model import CurrentUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import PoolFacts
from ansible_collections.cognito.user_pool.plugins.module_utils._model import UserState
from ansible_collections.cognito.user_pool.plugins.module_utils._schema import SUB
from ansible_collections.cognito.user_pool.plugins.module_utils._status import SET
from ansible_collections.cognito.user_pool.plugins.module_utils._status import VERIFY
from ansible_collections.cognito.user_pool.plugins.module_utils._status import password_decision
from ansible_collections.cognito.user_pool.plugins.module_utils._steps import Step

INVITATION_CHOICES = ("suppress", "send", "resend")
VERIFIED_COMPANION = steps.VERIFIED_COMPANION


@dataclass
class UserPlan:
    """The steps that bring one user to its declared state, and the user before and after them.

    ``needs_verification``: the user is already at its declared status and a
    sign-in try must say whether the password matches; plan again with its
    answer.  ``pending_attributes``: declared values the pool holds back until
    the user verifies them (not sent; see ``plan_user``).
    """

    username: str
    steps: List[Step] = field(default_factory=list)
    before: UserState = UserState.absent()
    after: UserState = UserState.absent()
    needs_verification: bool = False
    pending_attributes: Dict[str, str] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(self.steps)

    @property
    def labels(self) -> List[str]:
        return [step.label for step in self.steps]


def attribute_value(value: Any) -> str:
    """Cognito stores every attribute as a string; booleans as ``true``/``false``."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def declared_attributes(desired: DesiredUser) -> Dict[str, str]:
    """The declared attributes as Cognito stores them; ``sub`` left out (Cognito assigns it)."""
    return {name: attribute_value(value) for name, value in (desired.attributes or {}).items() if name != SUB}


def plan_user(current: Optional[CurrentUser], desired: DesiredUser, pool: PoolFacts,
              password_matches: Optional[bool] = None, can_verify: bool = False) -> UserPlan:
    """Plan one user: ``current`` is None when the user does not exist.

    ``password_matches`` is the answer of a sign-in try (None: not tried);
    ``can_verify`` says whether one can be made (an app client was given and
    the user is enabled).  Raises ``CognitoError`` for what the user's own
    declaration gets wrong against the pool (schema, missing groups, a status
    with no Cognito password), so that nothing is written for that user.
    """
    before = UserState.of(current)
    plan = UserPlan(username=desired.username, before=before, after=before)
    if desired.state == "absent":
        if current is not None:
            plan.steps.append(steps.delete_user(current.username))
    elif current is None:
        _plan_create(desired, pool, plan)
    else:
        _plan_update(current, desired, pool, plan, password_matches, can_verify)
    plan.after = steps.predict(before, plan.steps)
    return plan


def check_declaration(desired: DesiredUser, pool: PoolFacts) -> None:
    """What a declaration gets wrong against the pool whatever the user's live state: raise before any call for it."""
    if desired.state != "present":
        return
    missing = [group for group in _unique(desired.groups or []) if group in pool.missing_groups]
    if missing:
        raise CognitoError(
            f"User '{desired.username}' declares group{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(group) for group in missing)} that user pool {pool.user_pool_id} does not have. "
            "Create the groups first (cognito.user_pool.cognito_group, or seed_users_groups in the seed_users role), "
            "or fix the names."
        )
    not_text = sorted(str(key) for key, value in (desired.client_metadata or {}).items() if not isinstance(value, str))
    if not_text:
        # AdminCreateUser's ClientMetadata is a map of strings to strings (its API reference).
        raise CognitoError(
            f"User '{desired.username}': client_metadata must map names to text; {', '.join(not_text)} "
            f"{'is' if len(not_text) == 1 else 'are'} not text. Quote the values."
        )
    if desired.password is not None:
        pool.password_policy.check(desired.password, desired.username, pool.user_pool_id)
        if desired.update_password == "always" and pool.password_history_size > 0:
            raise CognitoError(
                f"update_password: always cannot work for user '{desired.username}' in user pool {pool.user_pool_id}: "
                f"the pool keeps a password history (PasswordHistorySize {pool.password_history_size}) and refuses a "
                "password the user already had, so every run after the first would fail. Use update_password: "
                "when_needed (set when the user's status needs it) or on_create."
            )


def _plan_create(desired: DesiredUser, pool: PoolFacts, plan: UserPlan) -> None:
    if desired.invitation != "suppress" and desired.password is not None and desired.permanent:
        # The invitation carries the temporary password (AdminCreateUser's API reference: the template "includes
        # your custom sign-up instructions and placeholders for user name and temporary password"), and the
        # declared password travels as the temporary one: the permanent password would go out by e-mail or SMS.
        raise CognitoError(
            f"invitation: {desired.invitation} cannot create user '{desired.username}' with a permanent password: "
            "Cognito's invitation message carries the user's temporary password, which would be the declared one. "
            "Use permanent: false to invite the user with the declared password as its temporary one, or "
            "invitation: suppress."
        )
    attributes = declared_attributes(desired)
    _check_schema(desired, pool, attributes, current=None, changed=attributes, removed=[])
    # The declared password travels in AdminCreateUser as the temporary one, so that a run stopped
    # before the permanent set still leaves the user with the declared password; the next run finishes it.
    # Not in a pool with a password history: AWS does not say whether a temporary password enters the
    # history, and if it does the permanent set of the same password would be refused. Cognito then makes
    # up the temporary one; a stopped run still leaves the user in FORCE_CHANGE_PASSWORD, which the next
    # run finishes (password_decision).
    temporary = desired.password
    if desired.permanent and pool.password_history_size > 0:
        temporary = None
    plan.steps.append(steps.create_user(desired.username, attributes, temporary, desired.invitation,
                                        desired.desired_delivery_mediums, desired.client_metadata,
                                        desired.force_alias_creation))
    if desired.password is not None and desired.permanent:
        plan.steps.append(steps.set_password(desired.username, desired.password, True))
    plan.steps.extend(steps.add_to_group(desired.username, group) for group in _unique(desired.groups or []))
    if desired.enabled is False:
        plan.steps.append(steps.disable(desired.username))


def _plan_update(current: CurrentUser, desired: DesiredUser, pool: PoolFacts, plan: UserPlan,
                 password_matches: Optional[bool], can_verify: bool) -> None:
    username = current.username
    declared = declared_attributes(desired)
    changed = {name: value for name, value in declared.items() if current.attributes.get(name) != value}
    removed = _attributes_to_remove(current.attributes, desired, declared, pool)
    _check_schema(desired, pool, declared, current.attributes, changed, removed)
    to_send, plan.pending_attributes = _attributes_to_send(changed, declared, pool)
    if to_send:
        plan.steps.append(steps.update_attributes(username, to_send))
    if removed:
        plan.steps.append(steps.delete_attributes(username, removed))

    password_set = False
    if desired.password is not None:
        decision = password_decision(current.user_status, desired.permanent, desired.update_password, desired.username)
        if decision == VERIFY and password_matches is None and can_verify and current.enabled:
            plan.needs_verification = True
        elif decision == SET or (decision == VERIFY and password_matches is False):
            plan.steps.append(steps.set_password(username, desired.password, desired.permanent))
            password_set = True
    if desired.invitation == "resend" and current.user_status == FORCE_CHANGE_PASSWORD and not password_set:
        temporary = desired.password if desired.password is not None and not desired.permanent else None
        plan.steps.append(steps.resend_invitation(desired.username, temporary, desired.desired_delivery_mediums))

    if desired.groups is not None and current.groups is not None:
        plan.steps.extend(steps.add_to_group(username, group) for group in _unique(desired.groups)
                          if group not in current.groups)
        if desired.purge_groups:
            plan.steps.extend(steps.remove_from_group(username, group) for group in sorted(current.groups)
                              if group not in desired.groups)
    if desired.enabled is not None and desired.enabled != current.enabled:
        plan.steps.append(steps.enable(username) if desired.enabled else steps.disable(username))


def _attributes_to_remove(current: Mapping[str, str], desired: DesiredUser, declared: Mapping[str, str],
                          pool: PoolFacts) -> List[str]:
    """The attribute names ``purge_attributes`` removes (none without it, never ``sub``).

    Nor the pool's username attributes: in a pool whose usernames are e-mail addresses or phone numbers,
    Cognito fills that attribute in from the name the user was created with (AdminCreateUser's API reference,
    Username: "If your user pool only supports phone numbers or email addresses as sign-in attributes, Amazon
    Cognito automatically generates a username value"), and it is what the user signs in with.
    """
    if not desired.purge_attributes or desired.attributes is None:
        return []
    kept = {SUB} | set(pool.username_attributes)
    return sorted(name for name in current if name not in declared and name not in kept)


def _attributes_to_send(changed: Dict[str, str], declared: Mapping[str, str], pool: PoolFacts):
    """Split the attribute changes into those to send (with their verified companions) and those the pool holds back.

    A changed ``email`` or ``phone_number`` travels with its ``*_verified``
    companion when the declaration sets that to true, even when it is true
    already: Cognito marks a changed address unverified otherwise (AWS
    Knowledge Center, "How do I troubleshoot issues with an Amazon Cognito
    user's email_verified attribute?": "When a user updates their email
    address, Amazon Cognito changes the email_verified attribute to
    unverified"), and the API reference of AdminUpdateUserAttributes says that
    a companion set to true in the same request updates the value at once.
    Without that declaration the change is sent alone and the plan predicts
    the companion false (``_steps.predict``), which is what Cognito then holds.

    In a pool whose ``AttributesRequireVerificationBeforeUpdate`` lists
    ``email`` or ``phone_number``, "Amazon Cognito doesn't change the value of
    the attribute until your user responds to the verification message", and
    nothing the admin API returns shows the value waiting: sent on every run,
    such a change would never show as done and would send the user a message
    each time.  Without a companion declared true it is left pending, and the
    result says so.
    """
    to_send, pending = dict(changed), {}
    for name in set(changed) & set(VERIFIED_COMPANION):
        companion = VERIFIED_COMPANION[name]
        if declared.get(companion) == "true":
            to_send[companion] = "true"  # in the same request, even if already true
        elif name in pool.verify_before_update:
            pending[name] = to_send.pop(name)
    return to_send, pending


def _check_schema(desired: DesiredUser, pool: PoolFacts, declared: Mapping[str, str], current: Optional[Mapping[str, str]],
                  changed: Mapping[str, str], removed: List[str]) -> None:
    problems = pool.schema.problems(declared, current, changed, removed)
    if problems:
        raise CognitoError(
            f"The attributes declared for user '{desired.username}' break the schema of user pool {pool.user_pool_id}: "
            + "; ".join(problems) + "."
        )


def _unique(items: List[str]) -> List[str]:
    return list(dict.fromkeys(items))


def check_challenge_attributes(current: CurrentUser, desired: DesiredUser, pool: PoolFacts,
                               attributes: Mapping[str, str], client_id: str = "",
                               writable_attributes: Optional[FrozenSet[str]] = None) -> None:
    """Refuse, before the sign-in with the temporary password, required_attributes Cognito would refuse in the answer.

    The API reference of AdminRespondToAuthChallenge (ChallengeResponses,
    NEW_PASSWORD_REQUIRED): "In a NEW_PASSWORD_REQUIRED challenge response,
    you can't modify a required attribute that already has a value [...] then
    use the AdminUpdateUserAttributes or UpdateUserAttributes API operation to
    modify the value of any additional attributes."  And the developer guide
    (the schema's ``Mutable``): "You can only write a value to an immutable
    attribute when you create a user"; a user answering the challenge exists.
    The same parameter "can also set values for writable attributes", and
    the app client's ``WriteAttributes`` (``writable_attributes``, None when
    the client names none) are "the list of user attributes that you want
    your app client to have write access to" (UserPoolClientType).
    Refused after the sign-in, such an answer would leave the temporary
    password used for nothing; refused here, nothing is sent.  Only a user in
    FORCE_CHANGE_PASSWORD gets the challenge, so only then is it checked.
    """
    if current.user_status != FORCE_CHANGE_PASSWORD:
        return
    problems = []
    for name in attributes:
        if writable_attributes is not None and name not in writable_attributes:
            problems.append(
                f"app client {client_id} may not write attribute '{name}' (its WriteAttributes do not list it): add "
                "it to the client's WriteAttributes, or leave it out of required_attributes"
            )
        attribute = pool.schema.get(name)
        if attribute is None:
            continue
        has_value = bool(current.attributes.get(name))
        if attribute.required and has_value:
            problems.append(
                f"attribute '{name}' is required in this pool and the user already has a value, which a "
                "NEW_PASSWORD_REQUIRED answer cannot modify: leave it out of required_attributes (change it with "
                "cognito.user_pool.cognito_user)"
            )
        elif not attribute.mutable and not (attribute.required and not has_value):
            problems.append(
                f"attribute '{name}' is not mutable in this pool: Cognito writes it only when it creates a user, "
                "so the answer cannot set it: leave it out of required_attributes"
            )
    if problems:
        raise CognitoError(
            f"required_attributes for user '{desired.username}' in user pool {pool.user_pool_id} would be refused in "
            "the NEW_PASSWORD_REQUIRED answer, after the sign-in with temporary_password, so nothing was sent: "
            + "; ".join(problems) + "."
        )


def plan_new_password_challenge(current: CurrentUser, desired: DesiredUser, pool: PoolFacts, temporary_password: str,
                                client_id: str, client_secret: Optional[str], required_attributes: Mapping[str, Any],
                                password_matches: Optional[bool] = None, can_verify: bool = False,
                                writable_attributes: Optional[FrozenSet[str]] = None) -> UserPlan:
    """Plan ``method: new_password_challenge``: sign in with the temporary password, answer NEW_PASSWORD_REQUIRED.

    Only a user in FORCE_CHANGE_PASSWORD takes this path ("Amazon Cognito
    only returns this challenge for users who have temporary passwords", the
    API reference of AdminRespondToAuthChallenge).  Any other status follows
    the status table: already as declared (verified with the app client when
    it can be) is unchanged, and a user the table would set a password for
    fails, naming the method that can.

    A disabled user in FORCE_CHANGE_PASSWORD fails before any call, in check
    mode too: Cognito refuses its sign-in.  Read from the eventually consistent
    list, it is planned as if enabled, so that the caller reads it again
    (``AdminGetUser``) before deciding: the list may show a disable that has
    since been undone.
    """
    from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import secret_hash

    before = UserState.of(current)
    plan = UserPlan(username=desired.username, before=before, after=before)
    attributes = {name: attribute_value(value) for name, value in required_attributes.items()}
    problems = pool.schema.problems(attributes, None, attributes, [])
    if problems:
        raise CognitoError(f"required_attributes for user '{desired.username}' break the schema of user pool "
                           f"{pool.user_pool_id}: " + "; ".join(problems) + ".")
    check_challenge_attributes(current, desired, pool, attributes, client_id, writable_attributes)
    username = current.username
    if current.user_status == FORCE_CHANGE_PASSWORD:
        if not current.enabled and current.consistent:
            # AdminDisableUser's API reference: "A deactivated user can't sign in". Cognito answers AdminInitiateAuth
            # with NotAuthorizedException "User is disabled." (a real answer quoted in localstack#8454;
            # _sign_in.DISABLED), before any challenge. Whether AdminSetUserPassword takes a disabled user AWS does
            # not say (AdminResetUserPassword refuses it: amazon-cognito-identity-js#373), so only enabling is advised.
            raise CognitoError(
                f"method new_password_challenge cannot set the password of user '{desired.username}' in user pool "
                f"{pool.user_pool_id}: the user is disabled, and Cognito refuses every sign-in of a disabled user "
                "(NotAuthorizedException: User is disabled.), so the NEW_PASSWORD_REQUIRED challenge never comes. "
                "Enable the user first (cognito_user with enabled: true), then run this task again."
            )
        hashed = secret_hash(username, client_id, client_secret) if client_secret else None
        plan.steps.append(steps.sign_in_with_temporary_password(username, temporary_password, client_id, hashed))
        plan.steps.append(steps.answer_new_password_challenge(username, desired.password, client_id, hashed, attributes))
    else:
        decision = password_decision(current.user_status, True, desired.update_password, desired.username)
        if decision == VERIFY and password_matches is None and can_verify and current.enabled:
            plan.needs_verification = True
        elif decision == SET or (decision == VERIFY and password_matches is False):
            why = "its password differs from the declared one" if decision == VERIFY else \
                f"its user_status is {current.user_status}"
            raise CognitoError(
                f"method new_password_challenge cannot set the password of user '{desired.username}': {why}, and the "
                "NEW_PASSWORD_REQUIRED challenge only comes to users in FORCE_CHANGE_PASSWORD. Use method: "
                "admin_set_user_password for this user."
            )
    plan.after = steps.predict(before, plan.steps)
    return plan
