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
from typing import Any, Dict, List, Mapping, Optional

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
# "verified" companions: setting one to true in the same AdminUpdateUserAttributes request updates a
# held-back attribute at once (the API reference: "To skip the verification message and update the value
# of an attribute that requires verification in the same API request, include the email_verified or
# phone_number_verified attribute, with a value of true").
VERIFIED_COMPANION = {"email": "email_verified", "phone_number": "phone_number_verified"}


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
                                        desired.desired_delivery_mediums))
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
    removed = _attributes_to_remove(current.attributes, desired, declared)
    _check_schema(desired, pool, declared, current.attributes, changed, removed)
    to_send, plan.pending_attributes = _held_back(changed, declared, pool)
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


def _attributes_to_remove(current: Mapping[str, str], desired: DesiredUser, declared: Mapping[str, str]) -> List[str]:
    """The attribute names ``purge_attributes`` removes (none without it, never ``sub``)."""
    if not desired.purge_attributes or desired.attributes is None:
        return []
    return sorted(name for name in current if name not in declared and name != SUB)


def _held_back(changed: Dict[str, str], declared: Mapping[str, str], pool: PoolFacts):
    """Split the attribute changes into those to send and those the pool would hold back.

    In a pool whose ``AttributesRequireVerificationBeforeUpdate`` lists
    ``email`` or ``phone_number``, "Amazon Cognito doesn't change the value of
    the attribute until your user responds to the verification message", and
    nothing the admin API returns shows the value waiting: sent on every run,
    such a change would never show as done and would send the user a message
    each time.  It is sent only when the declaration also sets its
    ``*_verified`` companion to true, which the API reference says updates the
    value at once; otherwise it is left pending, and the result says so.
    """
    to_send, pending = dict(changed), {}
    for name in pool.verify_before_update & set(changed):
        companion = VERIFIED_COMPANION.get(name)
        if companion and declared.get(companion) == "true":
            to_send[companion] = "true"  # in the same request, even if already true
        else:
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


def plan_new_password_challenge(current: CurrentUser, desired: DesiredUser, pool: PoolFacts, temporary_password: str,
                                client_id: str, client_secret: Optional[str], required_attributes: Mapping[str, Any],
                                password_matches: Optional[bool] = None, can_verify: bool = False) -> UserPlan:
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
