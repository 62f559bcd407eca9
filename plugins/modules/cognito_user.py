#!/usr/bin/python
# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
module: cognito_user
short_description: Keep Cognito user-pool users in a declared state, one or thousands per task
version_added: 1.0.0
description:
  - Creates, updates and deletes users of a Cognito user pool, deciding from the live users (their
    C(UserStatus), enablement, attributes and groups).
  - "Two forms of one module: the single form takes the per-user options at top level with O(username);
    the batch form takes O(users), a list of users with the same per-user options. The module-level
    O(state), O(permanent), O(update_password), O(purge_attributes), O(purge_groups), O(invitation) and
    O(desired_delivery_mediums) are defaults for every element of O(users)."
  - "Reads: the declared users are found with C(ListUsers), filtered on their usernames' common prefixes
    (60 users a call, no monthly-active-user billing), so reading costs calls in proportion to the users
    declared, not to the size of the pool. C(ListUsers) is eventually consistent, so a user is read again
    with C(AdminGetUser) (strongly consistent; it counts towards monthly active users) before anything is
    written to it. A re-run on users already as declared makes no C(AdminGetUser) call."
  - "A user the list does not show is created; if Cognito answers that it exists after all (another run
    created it a moment ago), it is read and brought to its state from there. In pools where a name can stand
    for a user under another spelling (case-insensitive usernames, alias attributes, e-mail or phone
    usernames), a user the list does not show is looked up with C(AdminGetUser) before it is created.
    A user declared absent is deleted outright; one that is already gone counts as unchanged."
  - Before any write, in check mode too, every declaration is checked against the pool; a user whose
    declaration breaks a rule fails alone, with the rule named. The rules are the password policy, the
    attribute schema (unknown names, a custom attribute without its C(custom:) prefix, a non-mutable
    attribute that would change, a required attribute that O(purge_attributes) would remove), and the
    groups, each looked up once per run.
  - "Writes run in a bounded worker pool (O(max_concurrency)) under a client-side rate limit per Cognito quota
    category (O(rate_limits)); throttled calls are retried (O(max_attempts)); a run whose endpoint stops answering
    stops early (O(connection_failure_limit))."
  - One user's failure does not stop the others. The module then fails at the end, grouping the failed users by
    reason (RV(failures)); users that were changed are reported as changed, C(changed) is true whenever something
    was written, and a re-run converges.
  - Passwords follow the same rules as M(cognito.user_pool.cognito_user_password), and never appear in results,
    diffs, warnings or errors.
  - In check mode only read calls are made, and C(changed), actions and summary are what a real run would report.
author:
  - Cognito User Pool maintainers (@cognito-user-pool)
attributes:
  check_mode:
    support: full
  diff_mode:
    support: full
  platform:
    platforms: all
  action_group:
    membership: [cognito.user_pool.aws]
  action:
    support: full
    details: Its action plugin checks the arguments on the controller before the module runs.
  async:
    support: full
  bypass_host_loop:
    support: none
options:
  username:
    description:
      - The user, in the single form. Mutually exclusive with O(users); one of the two is required.
      - An alias or e-mail address as Cognito accepts it (pools whose C(UsernameAttributes) is C(email) included).
        What Cognito accepts in a name is in the notes.
    type: str
  users:
    description:
      - The users, in the batch form. Mutually exclusive with O(username), O(attributes), O(enabled), O(groups)
        and O(password); one of O(username) and O(users) is required. Each username may appear once, as the
        pool compares names (case-insensitively in case-insensitive pools).
      - Each element takes the per-user options; unset ones take the module-level value.
    type: list
    elements: dict
    suboptions:
      username:
        description: The user.
        type: str
        required: true
      state:
        description: See O(state).
        type: str
        choices: [present, absent]
      attributes:
        description: See O(attributes).
        type: dict
      purge_attributes:
        description: See O(purge_attributes).
        type: bool
      enabled:
        description: See O(enabled).
        type: bool
      groups:
        description: See O(groups).
        type: list
        elements: str
      purge_groups:
        description: See O(purge_groups).
        type: bool
      password:
        description: See O(password).
        type: str
      permanent:
        description: See O(permanent).
        type: bool
      update_password:
        description: See O(update_password).
        type: str
        choices: [when_needed, on_create, always]
      invitation:
        description: See O(invitation).
        type: str
        choices: [suppress, send, resend]
      desired_delivery_mediums:
        description: See O(desired_delivery_mediums).
        type: list
        elements: str
        choices: [EMAIL, SMS]
      client_metadata:
        description: See O(client_metadata).
        type: dict
      force_alias_creation:
        description: See O(force_alias_creation).
        type: bool
  state:
    description:
      - V(present) creates or updates the user; V(absent) deletes it.
      - The default for every element of O(users).
    type: str
    choices: [present, absent]
    default: present
  attributes:
    description:
      - User attributes, for example C(email), C(email_verified), C(phone_number), C(custom:tenant). Each value is
        a string or a boolean (written as Cognito's C(true) and C(false)); anything else, null included, is refused.
        Quote values YAML would read as numbers (V("+15555550100")). C(sub) is never written.
      - Checked against the pool's schema before any write. Changes Cognito holds back until verified are in the
        notes.
      - Single form only.
    type: dict
  purge_attributes:
    description:
      - Remove attributes the user has and O(attributes) does not list (never C(sub), nor, in a pool whose
        usernames are e-mail addresses or phone numbers, the C(email) or C(phone_number) Cognito filled in from
        the username). Without
        O(attributes), nothing is removed. A required attribute is never removed; such a declaration fails.
    type: bool
    default: false
  enabled:
    description:
      - Enable or disable the user. Unset leaves it as it is (new users are enabled).
      - Single form only.
    type: bool
  groups:
    description:
      - Groups the user must be in. Unset leaves membership alone and saves the read of it.
      - A group the pool does not have fails the user before any write.
      - Single form only.
    type: list
    elements: str
  purge_groups:
    description: Remove the user from groups O(groups) does not list.
    type: bool
    default: false
  planned_groups:
    description:
      - Groups an earlier task of the same play creates (for example M(cognito.user_pool.cognito_group)). In check
        mode, where that task created nothing, they count as present; in a real run they are looked up like any other.
    type: list
    elements: str
    version_added: 2.0.0
  password:
    description:
      - The user's password; how a new user gets it is in the notes. With O(invitation=send), the invitation
        message carries it as the temporary one, so it needs O(permanent=false); a permanent password with
        O(invitation=send) or O(invitation=resend) fails before the user is created, rather than send the permanent
        password by e-mail or SMS.
      - Checked against the pool's password policy before any write. Single form only; elements of O(users)
        take their own.
    type: str
  permanent:
    description:
      - V(true) makes the password permanent (the user ends C(CONFIRMED)); V(false) makes it temporary
        (the user ends in C(FORCE_CHANGE_PASSWORD) and must change it at its next sign-in).
    type: bool
    default: true
  update_password:
    description:
      - V(when_needed) sets the password only when the user's status is not the declared one, as
        M(cognito.user_pool.cognito_user_password) does (with O(client_id), also when it does not match).
      - V(on_create) sets it only for users this task creates, and for users still in C(FORCE_CHANGE_PASSWORD)
        with O(permanent=true) (a creation that was interrupted).
      - V(always) sets it on every run and reports a change. In a pool with a password history
        (C(PasswordHistorySize)), which refuses a password a user already had, it fails before any write.
    type: str
    choices: [when_needed, on_create, always]
    default: when_needed
  invitation:
    description:
      - V(suppress) creates users without sending the invitation message.
      - V(send) lets Cognito send the invitation when it creates the user.
      - V(resend) also sends the invitation again, on every run, to existing users still in
        C(FORCE_CHANGE_PASSWORD), with the declared password as the new temporary one (O(permanent=false)), to the
        declared username.
    type: str
    choices: [suppress, send, resend]
    default: suppress
  desired_delivery_mediums:
    description: How an invitation is delivered when it is sent.
    type: list
    elements: str
    choices: [EMAIL, SMS]
  client_metadata:
    description:
      - Names and text values for the Lambda triggers of the user's creation (C(AdminCreateUser)'s C(ClientMetadata)).
      - The default for every element of O(users).
    type: dict
  force_alias_creation:
    description:
      - On creation, take an e-mail address or phone number alias from the user that has it (C(ForceAliasCreation)).
      - The default for every element of O(users).
    type: bool
    default: false
  client_id:
    description:
      - An app client allowing C(ALLOW_ADMIN_USER_PASSWORD_AUTH), used to check whether a user already at its
        target status has the declared password, as M(cognito.user_pool.cognito_user_password) does.
      - A failed try counts towards Cognito's lockout, and the pool's authentication triggers run.
      - The alias C(verify_client_id) is deprecated and will be removed in version 3.0.0.
    type: str
    aliases: [verify_client_id]
  client_secret:
    description:
      - The secret of O(client_id), when it has one. Requires O(client_id).
      - The alias C(verify_client_secret) is deprecated and will be removed in version 3.0.0.
    type: str
    aliases: [verify_client_secret]
  purge_users:
    description:
      - Make the declared users the only users under O(purge_scope), for test environments. Users C(ListUsers) shows
        under that username prefix that the task does not declare are deleted; in check mode they are listed, and
        the summary counts them as RV(summary.purged). Users outside the scope are never touched.
      - Which users count as declared, and those kept (RV(users[].purge_kept_reason)), are in the notes.
      - With an empty O(users), every user under O(purge_scope) is deleted. How a failed purge is reported is in the
        notes.
      - Requires O(purge_scope), or O(purge_whole_pool=true).
    type: bool
    default: false
    version_added: 2.0.0
  purge_scope:
    description:
      - "The username prefix (the e-mail address prefix, in pools whose usernames are e-mail addresses) that
        O(purge_users) makes exclusive, for example V(test-). Required with O(purge_users=true), unless
        O(purge_whole_pool=true), which it excludes. An empty prefix is refused: it is never read
        as the whole pool."
    type: str
    version_added: 2.0.0
  purge_whole_pool:
    description:
      - "With O(purge_users=true), make the declared users the only users of the whole pool, for a throwaway test pool:
        every user C(ListUsers) lists without a filter that the task does not declare is deleted."
      - The whole pool is asked for in so many words, never inferred from an empty O(purge_scope). Excludes O(purge_scope).
    type: bool
    version_added: 2.0.0
  purge_keep:
    description:
      - Usernames O(purge_users) keeps besides the task's own users, for users another task of the same run declares
        (the P(cognito.user_pool.seed_users#role) role declares its users in batches and purges with the last one).
    type: list
    elements: str
    version_added: 2.0.0
notes:
  - "Names: letters, marks, symbols, numbers and punctuation only, 1 to 128 characters (Cognito's C(UsernameType)).
    A username Cognito would refuse, such as one with a trailing space or newline, is refused before any call, in
    check mode too, and so is a purge that would run with it. The same holds for group names, attribute names
    and values, O(purge_scope) and O(purge_keep)."
  - "O(password) on creation: a new user gets it as its temporary password in C(AdminCreateUser), and, with
    O(permanent=true), then as its permanent one; so a run interrupted between the two leaves a user whose
    password is the declared one, and the next run finishes it, whatever O(update_password) says. In a pool
    with a password history (C(PasswordHistorySize)) a permanent password is not also sent as the temporary
    one (AWS does not say whether a temporary password enters the history); an interrupted creation is
    finished all the same. A new user is created without an invitation unless O(invitation) says otherwise."
  - "O(attributes) held back: in a pool that holds C(email) or C(phone_number) changes back until the user verifies
    them (C(AttributesRequireVerificationBeforeUpdate)), a changed value is sent only together with its
    C(email_verified) or C(phone_number_verified) declared V(true), which makes Cognito update it at once;
    otherwise it is left unsent and listed in the user's RV(users[].pending_attributes), so that runs do not
    send a verification message each time."
  - "O(attributes) companions: Cognito marks a changed C(email) or C(phone_number) unverified unless its
    C(email_verified) or C(phone_number_verified) comes true in the same request. So a changed value is always sent
    with its companion declared V(true); without that declaration, check mode, the diff and the result show the
    companion V(false), as Cognito then holds it."
  - "O(groups): every group is looked up once per run, before any write; a user declaring a group the pool does not
    have fails before anything is written to it, naming the group."
  - "O(purge_users) with an empty O(users) deletes every user under O(purge_scope): the scope is explicit and
    O(purge_users) opts in, as the C(purge_*) options of amazon.aws do with an empty value. The
    P(cognito.user_pool.seed_users#role) role does the same with an empty C(seed_users_users)."
  - "O(purge_users): a user is declared when a declared username (or O(purge_keep) name) stands for it the way
    Cognito resolves names, whatever it is stored as, that is its username (in any case, in a case-insensitive
    pool), a verified e-mail address or phone number or a C(preferred_username) the pool uses as an alias, an e-mail
    address or phone number the pool uses as username, or its C(sub); and the user a declaration read, updated or
    created in the same task is always kept."
  - "O(purge_users): where a declared name is only alike a listed user (it differs in more than the case of ASCII
    letters, in white space, or it is an e-mail address not verified yet), C(AdminGetUser) of that name says whether
    it is that user. When Cognito cannot answer, the user is kept, its RV(users) entry says why
    (RV(users[].purge_kept_reason)), and the summary counts it in RV(summary.purge_kept)."
  - "The purge runs after the declared users. If it fails part-way (its listing refused or throttled past
    O(max_attempts), the run stopped early by O(connection_failure_limit)), the task fails with RV(purge_error),
    and still reports every declared user and every user it removed; a user whose delete failed keeps its entry,
    with its RV(users[].error)."
  - "IAM actions: see the collection's docs/iam.md, generated from its operations table. In short:
    C(cognito-idp:DescribeUserPool), C(cognito-idp:ListUsers) and C(cognito-idp:AdminGetUser) always; the write
    actions the declarations need; C(cognito-idp:GetGroup) and C(cognito-idp:AdminListGroupsForUser) with O(groups);
    C(cognito-idp:AdminInitiateAuth) with O(client_id)."
extends_documentation_fragment:
  - cognito.user_pool.common
  - amazon.aws.common.modules
  - amazon.aws.region.modules
  - amazon.aws.boto3
  - ansible.builtin.action_common_attributes
  - ansible.builtin.action_common_attributes.ACTIONGROUPS
  - ansible.builtin.action_common_attributes.FLOW
"""

EXAMPLES = r"""
- name: Create a confirmed user with attributes, in a group, without an invitation e-mail
  cognito.user_pool.cognito_user:
    user_pool_id: eu-west-1_AbCdEf123
    username: alice
    password: "{{ alice_password }}"
    attributes:
      email: alice@example.com
      email_verified: true
      "custom:tenant": acme
    groups: [admins]

- name: Seed many users in one task
  cognito.user_pool.cognito_user:
    user_pool_id: eu-west-1_AbCdEf123
    purge_groups: true
    users:
      - username: bob
        password: "{{ bob_password }}"
        groups: [readers]
      - username: carol
        password: "{{ carol_password }}"
        permanent: false
      - username: mallory
        state: absent

- name: Make these the only test- users of the pool
  cognito.user_pool.cognito_user:
    user_pool_id: eu-west-1_AbCdEf123
    purge_users: true
    purge_scope: test-
    users:
      - username: test-1
        password: "{{ test_password }}"
      - username: test-2
        password: "{{ test_password }}"

- name: Disable a user
  cognito.user_pool.cognito_user:
    user_pool_id: eu-west-1_AbCdEf123
    username: dave
    enabled: false

- name: A test fixture's user, created through the pool's Lambda triggers, its sub kept for later tasks
  cognito.user_pool.cognito_user:
    user_pool_id: eu-west-1_AbCdEf123
    username: erin
    attributes: {email: erin@example.com, email_verified: true}
    client_metadata: {source: e2e-fixture}
    force_alias_creation: true
  register: erin

- name: Use the sub
  ansible.builtin.debug:
    msg: "erin is {{ erin.user.sub }}, created {{ erin.user.user_create_date }}"
"""

RETURN = r"""
users:
  description: One entry per declared user, in the order given, then one per user of the purge (O(purge_users)).
  returned: always
  type: list
  elements: dict
  contains:
    username:
      description: The username as declared (for a purged user, its username, or its e-mail address in pools with
        e-mail usernames).
      type: str
      sample: alice
    changed:
      description: Whether this user was written to (or would be, in check mode), by a write Cognito accepted.
      type: bool
      sample: true
    actions:
      description:
        - What was done (in check mode, what would be done), in order. One of C(create), C(set_password),
          C(update_attributes), C(delete_attributes), C(resend_invitation), C(add_to_group:<group>),
          C(remove_from_group:<group>), C(enable), C(disable), C(delete).
        - After a failure, only the actions that were done.
      type: list
      elements: str
      sample: [create, set_password, "add_to_group:admins"]
    state:
      description:
        - Whether the user exists after the run (V(present) or V(absent)); null when it could not be told.
        - A user refused before any write keeps what was read in RV(users[].state), RV(users[].user_status),
          RV(users[].enabled), RV(users[].sub) and the dates.
      type: str
      sample: present
    user_status:
      description: The user's C(UserStatus) after the run; null for a user that does not exist (deleted, absent, or
        whose creation failed).
      type: str
      sample: CONFIRMED
    enabled:
      description: Whether the user is enabled after the run; null for a user that does not exist.
      type: bool
      sample: true
    sub:
      description:
        - The user's C(sub), its unique and unchanging id, from the listing, C(AdminGetUser) or C(AdminCreateUser)'s
          answer the run had anyway; no call is made for it.
        - Null for a user that does not exist, and in check mode for a user that would be created.
      type: str
      sample: 9b1e0c4e-0000-4000-8000-000000000000
    user_create_date:
      description: When the user was created (C(UserCreateDate), ISO 8601), from the same reads and answers as RV(users[].sub).
      type: str
      sample: "2026-11-28T04:23:40.123000+00:00"
    user_last_modified_date:
      description:
        - When the user was last modified (C(UserLastModifiedDate), ISO 8601), as read.
        - Null when the run wrote to the user after reading it (a write moves the date, and only another read
          would tell to what; read it with M(cognito.user_pool.cognito_user_info)), and where RV(users[].sub) is null.
      type: str
      sample: "2026-11-28T04:23:41.456000+00:00"
    pending_attributes:
      description: Declared attribute values the pool holds back until the user verifies them (see O(attributes)).
      type: dict
      returned: when there are any
      sample: {email: new-address@example.com}
    purged:
      description:
        - True for a user of the purge (under O(purge_scope), not declared). Its C(actions) are V([delete]) when it
          was removed (or would be, in check mode); empty, with C(state) V(absent) and no C(error), when another run
          had removed it already; empty with an C(error) when its delete failed.
      type: bool
      returned: for the purge's users
      sample: true
    purge_kept:
      description: True for a user under O(purge_scope) that the purge kept because it may be one of the declared
        users; it is counted in RV(summary.purge_kept), not in the declared users' counts.
      type: bool
      returned: for the users the purge kept
      sample: true
    purge_kept_reason:
      description: Why O(purge_users) kept this user under O(purge_scope) although no declaration was found to stand
        for it, because a declared name may stand for it and Cognito could not say which user that name is.
      type: str
      returned: for the users the purge kept
      sample: "purge_users kept this user: the declared username 'TEST-ÅLICE' may stand for it, and Cognito could not
        say which user that name is (...)"
    error:
      description:
        - Why this user failed. When no other user of the task failed for the same reason, the message itself;
          otherwise a reference to the reason's entry in RV(failures), for example V(See failures[0].), so that
          the result does not repeat one message for every user.
      type: str
      returned: when the user failed
      sample: "User 'alice' declares group 'admins' that user pool eu-west-1_AbCdEf123 does not have. ..."
failures:
  description:
    - The failed users grouped by reason, most frequent first; each reason given once, with the usernames in it
      replaced by "the user".
  returned: when a user failed
  type: list
  elements: dict
  contains:
    reason:
      description: Why these users failed, and what to do.
      type: str
      sample: "The password for the user does not meet the password policy of user pool eu-west-1_AbCdEf123: ..."
    count:
      description: How many users failed for this reason.
      type: int
      sample: 300
    examples:
      description: The first five of them.
      type: list
      elements: str
      sample: [user000, user001, user002, user003, user004]
purge_error:
  description:
    - Why the purge (O(purge_users)) stopped before it was done, for example its listing refused; the task then
      fails, and RV(users) and RV(summary) still say what was done before.
  returned: when the purge stopped
  type: str
  sample: "Access denied: the AWS identity running this task may not call cognito-idp:ListUsers on user pool ..."
summary:
  description:
    - How many declared users were created, updated, unchanged, deleted and failed, of C(total), the number of
      declared users.
    - A user that was changed and then failed (created, then refused its group) counts in its change and in C(failed),
      and in C(partially_applied); so C(created + updated + unchanged + deleted + failed - partially_applied = total).
    - "With O(purge_users), the purge's users apart from them: C(purged) (removed, or would be in check mode),
      C(purge_already_absent) (another run removed them between the listing and the delete), C(purge_failed)
      (their delete failed) and C(purge_kept) (kept because they may be declared users)."
  returned: always
  type: dict
  sample: {created: 2, updated: 1, unchanged: 97, deleted: 0, failed: 0, partially_applied: 0, total: 100,
           purged: 32, purge_already_absent: 0, purge_failed: 0, purge_kept: 0}
  contains:
    created:
      description: Declared users created.
      type: int
      sample: 2
    updated:
      description: Declared users that existed and were changed.
      type: int
      sample: 1
    unchanged:
      description: Declared users already as declared.
      type: int
      sample: 97
    deleted:
      description: Declared users with O(users[].state=absent) that were deleted.
      type: int
      sample: 0
    failed:
      description: Declared users with an error.
      type: int
      sample: 0
    partially_applied:
      description: Failed users that had changes made before they failed.
      type: int
      sample: 0
    total:
      description: The number of declared users.
      type: int
      sample: 100
    purged:
      description: Undeclared users in the purge scope removed (or that would be, in check mode).
      type: int
      returned: when O(purge_users) is true
      sample: 32
    purge_already_absent:
      description: Undeclared users another run removed between the listing and the delete.
      type: int
      returned: when O(purge_users) is true
      sample: 0
    purge_failed:
      description: Undeclared users whose delete failed.
      type: int
      returned: when O(purge_users) is true
      sample: 0
    purge_kept:
      description: Users in the purge scope kept because they may be declared users (see RV(users[].purge_kept_reason)).
      type: int
      returned: when O(purge_users) is true
      sample: 0
check_mode:
  description:
    - "Whether the module ran in check mode, and so wrote nothing. True under C(--check) and under a task or block
      with C(check_mode: true), where the variable C(ansible_check_mode) stays false; the C(cognito.user_pool.seed_users)
      role reads it to tell check mode."
  returned: always, and on a failure of the whole task
  type: bool
  sample: false
  version_added: 2.0.0
user:
  description: The single form's user; the same as the only element of RV(users).
  returned: when O(username) is given
  type: dict
  sample: {username: alice, changed: true, actions: [create, set_password], state: present, user_status: CONFIRMED,
           enabled: true}
"""

from ansible_collections.amazon.aws.plugins.module_utils.modules import AnsibleAWSModule

from ansible_collections.cognito.user_pool.plugins.module_utils._connection import cognito_client
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import ConvergeOptions
from ansible_collections.cognito.user_pool.plugins.module_utils._converge import converge
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._model import DesiredUser
from ansible_collections.cognito.user_pool.plugins.module_utils._options import DEFAULTED
from ansible_collections.cognito.user_pool.plugins.module_utils._options import USER_OPTIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._options import given_name
from ansible_collections.cognito.user_pool.plugins.module_utils._options import module_arguments
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import failures_by_reason
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import summarize
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import summarize_purge
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import user_entries
from ansible_collections.cognito.user_pool.plugins.module_utils._outcomes import users_failure_message


def desired_users(params):
    """The declared users: the single form is the batch form with one element."""
    if params["username"] is not None:
        elements = [dict({name: params[name] for name in USER_OPTIONS}, username=params["username"])]
    else:
        elements = params["users"]
    users = []
    for element in elements:
        values = {name: params[name] if element.get(name) is None and name in DEFAULTED else element.get(name)
                  for name in USER_OPTIONS}
        users.append(DesiredUser(username=element["username"], **values))
    return users


def main():
    module = AnsibleAWSModule(**module_arguments("cognito_user"))
    params = module.params
    if params["username"] is None and params["users"] is None:
        # ansible-core counts an option given as null as given; null means "not given" here.
        module.fail_json(msg="one of the following is required: username, users")
    if params["purge_whole_pool"] and params["purge_scope"] is not None:
        module.fail_json(msg="purge_whole_pool: true and purge_scope exclude each other: purge the whole pool, or the "
                             "users under a prefix.")
    # An empty purge_scope would list the whole pool: only purge_whole_pool says so, here as in the action plugin.
    if params["purge_users"] and not params["purge_scope"] and params["purge_whole_pool"] is not True:
        module.fail_json(msg="purge_users needs purge_scope, the username prefix it makes exclusive, or "
                             "purge_whole_pool: true to make the declared users the only users of the whole pool.")
    options = ConvergeOptions(
        check_mode=module.check_mode,
        max_concurrency=params["max_concurrency"],
        client_id=params["client_id"],
        client_secret=params["client_secret"],
        client_option=given_name(params, "client_id", module.argument_spec),
        secret_option=given_name(params, "client_secret", module.argument_spec),
        want_diff=module._diff,
        groups_created_earlier=frozenset(params["planned_groups"] or []),
        # "" lists the whole pool (purge_whole_pool); an empty purge_scope is refused, never read as the whole pool.
        purge_scope=("" if params["purge_whole_pool"] else params["purge_scope"]) if params["purge_users"] else None,
        purge_keep=frozenset(params["purge_keep"] or []),
        warn=module.warn,
    )
    try:
        outcomes = converge(cognito_client(module), desired_users(params), options)
    except CognitoError as e:
        module.fail_json(msg=e.message, check_mode=module.check_mode, **e.details())

    failures = failures_by_reason(outcomes)
    result = dict(
        check_mode=module.check_mode,
        changed=any(outcome.changed for outcome in outcomes),
        users=user_entries(outcomes, failures),
        summary=summarize(outcomes),
    )
    if options.purge_scope is not None:
        result["summary"].update(summarize_purge(outcomes))
    if failures:
        result["failures"] = failures
    if outcomes.purge_error is not None:
        result["purge_error"] = outcomes.purge_error.message
    if params["username"] is not None:
        result["user"] = result["users"][0]
    if module._diff:
        result["diff"] = [outcome.diff() for outcome in outcomes if outcome.changed]
    if failures or outcomes.purge_error is not None:
        module.fail_json(msg=users_failure_message(outcomes, options.purge_scope, outcomes.purge_error), **result)
    module.exit_json(**result)


if __name__ == "__main__":
    main()
