# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Read, plan, apply: bring declared users to their state, one or thousands at a time.

Private to the collection: not an API, may change in any release.

``converge`` reads the pool once, checks every declaration against it (password
policy, schema, groups) before any write, lists the declared users, then
decides and applies each user in a bounded worker pool:

- a user the list shows exactly as declared is unchanged, with no further read;
- a user about to be written is read again with ``AdminGetUser`` (strongly
  consistent) and planned from that;
- a user the list does not show is created, or, where a name can stand for a
  user listed under another name, first looked up with ``AdminGetUser``;
- Cognito answering that the world changed under the run (the user exists
  after all, was deleted meanwhile, already had the password) leads to one more
  read and a new plan, not to a failure.

One user's failure never stops the others.  In check mode nothing is written,
and what is reported is what a real run would do.
"""

from __future__ import annotations

from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Any, Callable, Dict, FrozenSet, List, Optional, Tuple

from ansible_collections.cognito.user_pool.plugins.module_utils import _steps as steps
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CallContext
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import aws_said
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import user_not_found
from ansible_collections.cognito.user_pool.plugins.module_utils._model import OTHER
from ansible_collections.cognito.user_pool.plugins.module_utils._model import SAME
from ansible_collections.cognito.user_pool.plugins.module_utils._model import CurrentUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import PoolFacts
from ansible_collections.cognito.user_pool.plugins.module_utils._model import UserState
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import RunOutcomes
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import UserOutcome
from ansible_collections.cognito.user_pool.plugins.module_utils._planner import UserPlan
from ansible_collections.cognito.user_pool.plugins.module_utils._planner import check_declaration
from ansible_collections.cognito.user_pool.plugins.module_utils._planner import plan_new_password_challenge
from ansible_collections.cognito.user_pool.plugins.module_utils._planner import plan_user
from ansible_collections.cognito.user_pool.plugins.module_utils._reader import list_declared
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import EXPIRED
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import INCORRECT
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import REFUSAL_CODES
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import SECRET_HASH
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import flow_not_enabled
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import password_matches
from ansible_collections.cognito.user_pool.plugins.module_utils._sign_in import refusal
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import error_message
from ansible_collections.cognito.user_pool.plugins.module_utils._status import VERIFY
from ansible_collections.cognito.user_pool.plugins.module_utils._status import password_decision

# How often one user is read and planned again when Cognito says the world changed under the run.
MAX_REPLANS = 3


@dataclass(frozen=True)
class Challenge:
    """``method: new_password_challenge`` of cognito_user_password."""

    temporary_password: str = field(repr=False)
    required_attributes: Dict[str, Any] = field(default_factory=dict)
    # The app client's WriteAttributes (None: it names none, so the pool's standard attributes are writable).
    writable_attributes: Optional[FrozenSet[str]] = None


@dataclass
class ConvergeOptions:
    """How to converge, beyond what each user declares."""

    check_mode: bool = False
    max_concurrency: int = 8
    require_existing: bool = False  # cognito_user_password manages existing users only
    client_id: Optional[str] = None  # the app client that verifies passwords (and answers the challenge)
    client_secret: Optional[str] = field(default=None, repr=False)
    client_option: str = "client_id"  # the option names messages use for them: the names the task wrote
    secret_option: str = "client_secret"
    challenge: Optional[Challenge] = None
    want_diff: bool = False
    # Groups an earlier task of the same play creates: present in real runs, and counted present in check mode.
    groups_created_earlier: FrozenSet[str] = frozenset()
    # purge_users: remove listed users under this username prefix not declared; "" lists the whole pool
    # (purge_whole_pool, which the options check refuses to infer from an empty purge_scope).
    purge_scope: Optional[str] = None
    purge_keep: FrozenSet[str] = frozenset()  # names declared by other tasks of the run, which purge keeps too
    warn: Callable[[str], None] = lambda message: None


def read_pool(client) -> PoolFacts:
    """The pool's rules, from one ``DescribeUserPool``."""
    return PoolFacts.from_user_pool(client.describe_user_pool())


def app_client_write_attributes(client, client_id: str, client_option: str = "client_id") -> Optional[FrozenSet[str]]:
    """The attributes app client ``client_id`` may write (``DescribeUserPoolClient``), or None when it names none.

    The API reference (UserPoolClientType.WriteAttributes): "When you don't specify the WriteAttributes for your
    app client, your app can write the values of the Standard attributes of your user pool. [...] Amazon Cognito
    only populates WriteAttributes in the API response if you have specified your own custom set of write
    attributes."
    """
    answer = client.call("DescribeUserPoolClient", {"ClientId": client_id}, client_option=client_option)
    names = (answer.get("UserPoolClient") or {}).get("WriteAttributes") or []
    return frozenset(names) if names else None


def check_unique_usernames(desired_users: List[DesiredUser], pool: PoolFacts) -> None:
    """Reject a batch that names one user twice (as the pool compares names), before any write."""
    counts = Counter(pool.duplicate_key(user.username) for user in desired_users)
    duplicates = sorted({user.username for user in desired_users if counts[pool.duplicate_key(user.username)] > 1})
    if duplicates:
        how = "" if pool.case_sensitive else " (user pool " + pool.user_pool_id + " compares usernames case-insensitively)"
        raise CognitoError(f"users lists these usernames more than once{how}: {', '.join(duplicates)}. Declare each user once.")


def check_groups(client, pool: PoolFacts, desired_users: List[DesiredUser], options: ConvergeOptions) -> PoolFacts:
    """Look up, once per run and before any write, every group the present users declare."""
    names = sorted({group for user in desired_users if user.state == "present" for group in (user.groups or [])})
    existing, missing = set(), set()
    for name in names:
        if options.check_mode and name in options.groups_created_earlier:
            existing.add(name)
        elif client.get_group(name) is not None:
            existing.add(name)
        else:
            missing.add(name)
    return replace(pool, existing_groups=frozenset(existing), missing_groups=frozenset(missing))


def converge(client, desired_users: List[DesiredUser], options: ConvergeOptions) -> RunOutcomes:
    """Bring every desired user to its declared state; one outcome per user, in input order (purged users last).

    A failure before any write (the pool, the declarations, the listing of the
    declared users) is raised.  A purge that fails after the declared users
    were written (its listing refused, throttled past max_attempts, or cut by
    the breaker) is not: it is returned as ``purge_error``, on top of every
    outcome of the writes done, so that the result says what changed.
    """
    pool = read_pool(client)
    check_unique_usernames(desired_users, pool)
    pool = check_groups(client, pool, desired_users, options)
    outcomes = RunOutcomes(UserOutcome(username=desired.username) for desired in desired_users)
    ready = []
    for desired, outcome in zip(desired_users, outcomes):
        try:
            check_declaration(desired, pool)
            ready.append((desired, outcome))
        except CognitoError as e:
            outcome.error = e.message
    to_list = [desired.username for desired, dummy in ready if desired.state == "present"]
    directory = list_declared(client, to_list, pool, options.max_concurrency) if to_list else None

    def one(item) -> None:
        desired, outcome = item
        UserConvergence(client, desired, pool, options, outcome).run(directory)

    _each(one, ready, options.max_concurrency)
    if options.purge_scope is not None:
        try:
            outcomes.extend(purge(client, desired_users, outcomes, pool, options))
        except CognitoError as e:
            outcomes.purge_error = e
    return outcomes


class UserConvergence:
    """Bring one declared user to its state: read, decide, apply, and recover from races."""

    def __init__(self, client, desired: DesiredUser, pool: PoolFacts, options: ConvergeOptions, outcome: UserOutcome) -> None:
        self.client = client
        self.desired = desired
        self.pool = pool
        self.options = options
        self.outcome = outcome
        self.password_matches: Optional[bool] = None

    def run(self, directory) -> None:
        try:
            if self.desired.state == "absent":
                self._absent()
            else:
                self._present(directory)
        except CognitoError as e:
            self.outcome.error = e.message

    # -- present users -------------------------------------------------------

    def _present(self, directory) -> None:
        name = self.desired.username
        current = directory.find(name) if directory is not None else None
        if current is not None:
            self._resolved(current)
        elif (self.pool.may_name_another_user(name) or self.options.require_existing or directory is None
              or directory.doubtful(name)):
            # A miss in the list, or a listed user only alike, is settled by AdminGetUser of the name itself.
            current = self._read(name)
            self._resolved(current)
        if current is None and self.options.require_existing:
            raise CognitoError(user_not_found(CallContext(self.client.user_pool_id, self.client.region,
                                                          username=self.desired.username)))
        plan = self._decide(current)
        self.outcome.before = plan.before
        self.outcome.pending_attributes = dict(plan.pending_attributes)
        if self.options.check_mode or not plan.steps:
            self.outcome.actions = plan.labels
            self.outcome.after = plan.after
            return
        self._apply(plan)

    def _decide(self, current: Optional[CurrentUser]) -> UserPlan:
        """Plan from ``current``; verify the password when the plan asks; re-read before any write."""
        while True:
            current = self._with_groups(current)
            if current is not None:
                self.outcome.before = UserState.of(current)  # what was read, even if the plan is refused
            plan = self._plan(current)
            if plan.needs_verification:
                self.password_matches = password_matches(
                    self.client, current.username, self.desired.password, self.options.client_id,
                    self.options.client_secret, self.options.client_option, self.options.secret_option)
                plan = self._plan(current)
            if plan.steps and current is not None and not current.consistent:
                # Decided from the eventually consistent list: decide again from the user as it is.
                current = self._read(current.username)
                continue
            self._warn_unverified(current)
            self._resolved(current, settled=self.outcome.name_settled)
            return plan

    def _plan(self, current: Optional[CurrentUser]) -> UserPlan:
        can_verify = self.options.client_id is not None and not (self.options.challenge and self.options.check_mode)
        if self.options.challenge is not None and current is not None:
            return plan_new_password_challenge(
                current, self.desired, self.pool, self.options.challenge.temporary_password, self.options.client_id,
                self.options.client_secret, self.options.challenge.required_attributes, self.password_matches, can_verify,
                writable_attributes=self.options.challenge.writable_attributes)
        return plan_user(current, self.desired, self.pool, self.password_matches, can_verify)

    def _warn_unverified(self, current: Optional[CurrentUser]) -> None:
        if (self.options.client_id and current is not None and not current.enabled and self.desired.password is not None
                and password_decision(current.user_status, self.desired.permanent, self.desired.update_password) == VERIFY):
            self.options.warn(
                f"User '{self.desired.username}' is disabled, so Cognito cannot sign it in to verify its password; "
                "its password was left as it is."
            )

    def _with_groups(self, current: Optional[CurrentUser]) -> Optional[CurrentUser]:
        """``current`` with its groups read, when the user declares groups; None if the user turns out to be gone
        (another process deleted it after the listing: it is then created again)."""
        if current is None or self.desired.groups is None or current.groups is not None:
            return current
        try:
            current.groups = self.client.list_groups_for_user(current.username)
        except CognitoError as e:
            if e.code == "UserNotFoundException":
                return None
            raise
        return current

    def _resolved(self, current: Optional[CurrentUser], settled: bool = True) -> None:
        """Record the stored user the declared name stands for (purge_users keeps it), and whether that is settled."""
        if current is not None:
            self.outcome.stored_username = current.username
            self.outcome.sub = current.attributes.get("sub") or self.outcome.sub
        self.outcome.name_settled = settled

    def _read(self, name: str) -> Optional[CurrentUser]:
        """The user as it is (``AdminGetUser``), or None when it does not exist."""
        record = self.client.get_user(name)
        return CurrentUser.from_record(record, consistent=True) if record is not None else None

    # -- absent users --------------------------------------------------------

    def _absent(self) -> None:
        """Delete outright (a missing user is already absent); read first only for check mode and diffs."""
        if self.options.check_mode or self.options.want_diff:
            plan = plan_user(self._read(self.desired.username), self.desired, self.pool)
        else:
            before = UserState(present=True)  # whoever answers to the name; AdminDeleteUser says whether it existed
            plan = UserPlan(self.desired.username, [steps.delete_user(self.desired.username)], before, UserState.absent())
        self.outcome.before = plan.before
        if self.options.check_mode or not plan.steps:
            self.outcome.actions, self.outcome.after = plan.labels, plan.after
            return
        self._apply(plan)

    # -- apply ---------------------------------------------------------------

    def _apply(self, plan: UserPlan, replans: int = MAX_REPLANS) -> None:
        """Send each step's request in order; after each one done, the outcome says so.

        When Cognito answers that the user is not as read (it exists, it is
        gone, it already had the password), read it again and carry on with a
        new plan from there.
        """
        state, session = plan.before, None
        self.outcome.after = state
        for step in plan.steps:
            try:
                answer = self.client.call(step.operation, step.with_session(session).request,
                                          client_option=self.options.client_option)
            except CognitoError as e:
                current = self._recover(step, e, replans)
                self._apply(self._replan(current, step, e), replans - 1)
                return
            if step.label == "create":
                created = answer.get("User") or {}
                self._resolved(CurrentUser.from_record(dict(created, Username=created.get("Username") or self.desired.username),
                                                       consistent=True))
            state = steps.observed(steps.predict(state, [step]), step, answer or {})
            self.outcome.done(step)
            self.outcome.after = state
            session = answer.get("Session")
            if step.label == "sign_in_with_temporary_password":
                self._expect_new_password_challenge(answer)

    def _recover(self, step: steps.Step, error: CognitoError, replans: int) -> Optional[CurrentUser]:
        """The user read again after ``error``, when the error means the run's picture was out of date."""
        code = error.code
        if replans <= 0:
            raise error
        # AdminCreateUser's errors (their API reference): UsernameExistsException, "a user name that already
        # exists in the user pool"; AliasExistsException, "an email address or phone number that has already been
        # supplied as an alias for a different user profile". Either way the user is read: it may be this one,
        # created meanwhile (test_converge.py makes both happen with the Stubber).
        if code in ("UsernameExistsException", "AliasExistsException") and step.label == "create":
            current = self._read(self.desired.username)
            if current is None:
                raise error  # the name belongs to another user's alias
            return current
        if code == "CodeDeliveryFailureException" and step.label == "create":
            # AdminCreateUser can create the user and still fail to deliver the invitation.
            self.options.warn(f"User '{self.desired.username}': {error.message}")
            current = self._read(self.desired.username)
            if current is None:
                raise error
            return current
        if code == "UserNotFoundException":
            if self.options.require_existing:
                # Deleted between the read and the write: a module that manages existing users only creates none.
                raise CognitoError(user_not_found(CallContext(self.client.user_pool_id, self.client.region,
                                                              username=self.desired.username)), error.exception)
            return None
        if code == "PasswordHistoryPolicyViolationException" and step.label == "set_password":
            return self._read(self.desired.username)
        if step.operation == "AdminInitiateAuth" and (code in REFUSAL_CODES or code == "InvalidParameterException"):
            raise self._challenge_sign_in_error(error) from None
        raise error

    def _replan(self, current: Optional[CurrentUser], failed: steps.Step, error: CognitoError) -> UserPlan:
        if current is not None:
            self._resolved(current)
        plan = self._plan(self._with_groups(current))
        if error.code == "PasswordHistoryPolicyViolationException" and any(step.label == "set_password" for step in plan.steps):
            raise error  # the password really is one the user had: nothing to recover
        return plan

    # -- the new-password challenge ------------------------------------------

    def _expect_new_password_challenge(self, answer: Dict[str, Any]) -> None:
        challenge = answer.get("ChallengeName")
        if challenge != "NEW_PASSWORD_REQUIRED":
            got = f"the challenge {challenge}" if challenge else "tokens"
            raise CognitoError(
                f"Signing user '{self.desired.username}' in with temporary_password gave {got}, not the "
                "NEW_PASSWORD_REQUIRED challenge, so the new password was not set. Check the user's status and MFA "
                "settings, or use method: admin_set_user_password."
            )

    def _challenge_sign_in_error(self, error: CognitoError) -> CognitoError:
        """AdminInitiateAuth's refusal of the temporary password, in one sentence, with AWS's words after it."""
        if error.code == "InvalidParameterException" and "flow" in error_message(error.exception).lower():
            return flow_not_enabled(self.client, self.desired.username, self.options.client_id,
                                    self.options.client_option, error)
        reason = refusal(error.code, error_message(error.exception), self.desired.username)
        user, pool = f"user '{self.desired.username}'", f"user pool {self.client.user_pool_id}"
        if reason == INCORRECT:
            message = (f"Cognito refused temporary_password for {user} in {pool}: it is not the user's current "
                       "temporary password; declare the temporary password the user was given, or use method: "
                       "admin_set_user_password.")
        elif reason == EXPIRED:
            message = (f"The temporary password of {user} in {pool} has expired, so the challenge cannot be answered; "
                       "give the user a new temporary password, or use method: admin_set_user_password.")
        elif reason == SECRET_HASH:
            message = (f"App client {self.options.client_id} of {pool} refused the SECRET_HASH of the sign-in of {user} "
                       f"with temporary_password, so the new password was not set; set {self.options.secret_option} to "
                       "that app client's secret.")
        else:
            message = (f"Cognito refused to sign in {user} of {pool} with temporary_password, so the new password was "
                       "not set.")
        return CognitoError(message + aws_said(error.exception), error.exception)


@dataclass
class Declaration:
    """A name the run declares (or ``purge_keep`` names), and the stored user the run found it stands for."""

    name: str
    stored_username: Optional[str] = None
    sub: Optional[str] = None
    settled: bool = False  # the run found which user the name stands for (or that it stands for none)

    @classmethod
    def of(cls, desired: DesiredUser, outcome: UserOutcome) -> "Declaration":
        return cls(desired.username, outcome.stored_username, outcome.sub, outcome.name_settled)


class PurgeSelection:
    """Which of the users listed under ``purge_scope`` are undeclared, told by Cognito's documented rules.

    A listed user is declared when a declaration was found to stand for it
    (its stored username or sub), or when a declared name the run did not
    settle stands for it by the documented rules (``PoolFacts.how_named``).
    A declared name only alike (MAYBE) is settled with ``AdminGetUser`` of the
    name: each admin operation's ``Username`` "can be any of their alias
    attributes" and the operation answers for one user, so its answer says
    which user the name is.  When it cannot answer, the user is kept, and the
    outcome says why.
    """

    def __init__(self, client, pool: PoolFacts, declarations: List[Declaration]) -> None:
        self._client = client
        self._pool = pool
        self._declarations = declarations
        self._usernames = {declared.stored_username for declared in declarations if declared.stored_username}
        self._subs = {declared.sub for declared in declarations if declared.sub}
        self._answers: Dict[str, Any] = {}  # declared name -> the stored username AdminGetUser gave, None, or the error

    def decide(self, user: CurrentUser) -> Tuple[bool, Optional[str]]:
        """(declared, why kept): declared users stay silently; an undeclared one is removed unless kept, and why."""
        if user.username in self._usernames or user.attributes.get("sub") in self._subs:
            return True, None
        doubts = []
        for declared in self._declarations:
            how = self._pool.how_named(declared.name, user)
            if how == OTHER or declared.settled:
                continue  # a settled name stands for the user recorded for it, and for no other
            if how == SAME:
                return True, None
            doubts.append(declared.name)
        errors = []
        for name in doubts:
            answer = self._confirm(name)
            if isinstance(answer, CognitoError):
                errors.append((name, answer))
            elif answer == user.username:
                return True, None
        if errors:
            name, error = errors[0]
            return False, (f"purge_users kept this user: the declared username '{name}' may stand for it, and Cognito "
                           f"could not say which user that name is ({error.message})")
        return False, None

    def _confirm(self, name: str):
        if name not in self._answers:
            try:
                record = self._client.get_user(name)
            except CognitoError as e:
                self._answers[name] = e
            else:
                self._answers[name] = record["Username"] if record is not None else None
                if record is not None:
                    current = CurrentUser.from_record(record, consistent=True)
                    self._usernames.add(current.username)
                    if current.attributes.get("sub"):
                        self._subs.add(current.attributes["sub"])
        return self._answers[name]


def purge(client, desired_users: List[DesiredUser], declared_outcomes: List[UserOutcome], pool: PoolFacts,
          options: ConvergeOptions) -> List[UserOutcome]:
    """Remove the users listed under ``purge_scope`` that the task does not declare (``purge_users``).

    A user that may be declared and cannot be told apart is kept, with an
    outcome that says so (``UserOutcome.kept``).
    """
    declarations = [Declaration.of(desired, outcome) for desired, outcome in zip(desired_users, declared_outcomes)]
    declarations.extend(Declaration(name) for name in sorted(options.purge_keep))
    selection = PurgeSelection(client, pool, declarations)
    escaped = options.purge_scope.replace("\\", "\\\\").replace('"', '\\"')
    attribute = "email" if "email" in pool.username_attributes else "username"
    # Without a filter ListUsers lists the whole pool (botocore's service model, ListUsersRequest.Filter: "If the
    # filter string is empty, ListUsers returns all users in the user pool.").
    listing = client.list_users(f'{attribute} ^= "{escaped}"' if options.purge_scope else None)
    listed = sorted((CurrentUser.from_record(record, consistent=False) for record in listing),
                    key=lambda user: user.username)

    found, outcomes = [], []
    for user in listed:
        declared, reason = selection.decide(user)
        if declared:
            continue
        shown = user.attributes.get(attribute, user.username) if attribute != "username" else user.username
        outcome = UserOutcome(username=shown, declared=False, kept_reason=reason)
        outcomes.append(outcome)
        if reason is None:
            found.append((user, outcome))
        else:
            outcome.before = outcome.after = UserState.of(user)

    def one(item) -> None:
        user, outcome = item
        delete = steps.delete_user(user.username)
        outcome.before = UserState.of(user)
        if options.check_mode:
            outcome.planned([delete])
            outcome.after = UserState.absent()
            return
        try:
            client.call(delete.operation, delete.request)
        except CognitoError as e:
            if e.code != "UserNotFoundException":
                # Refused with a code: Cognito answered and deleted nothing; without one, whether it did is unknown.
                outcome.error, outcome.after = e.message, outcome.before if e.code else None
                return
            # AdminDeleteUser's UserNotFoundException, "a user isn't found" (its API reference): another run
            # removed it since the listing. It is gone, as the purge wants, and this run removed nothing.
        else:
            outcome.done(delete)
        outcome.after = UserState.absent()

    _each(one, found, options.max_concurrency)
    return outcomes


def _each(work: Callable[[Any], None], items: List[Any], concurrency: int) -> None:
    if len(items) <= 1:
        for item in items:
            work(item)
        return
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as workers:
        list(workers.map(work, items))
