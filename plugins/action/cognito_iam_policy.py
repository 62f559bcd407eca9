# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""cognito.user_pool.cognito_iam_policy: the least-privilege IAM policy for jobs on one pool, no AWS call.

The documentation is in plugins/modules/cognito_iam_policy.py; the operations come from module_utils/_iam.py.
"""

from __future__ import annotations

from ansible_collections.cognito.user_pool.plugins.module_utils import _seed_users
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users_check import check
from ansible_collections.cognito.user_pool.plugins.module_utils._seed_users_check import user_errors
from ansible_collections.cognito.user_pool.plugins.module_utils._arguments import argument_errors
from ansible_collections.cognito.user_pool.plugins.module_utils._errors import CognitoError
from ansible_collections.cognito.user_pool.plugins.module_utils._iam import POLICY_JOBS
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import ACCOUNT_ID_PATTERN
from ansible_collections.cognito.user_pool.plugins.module_utils._partitions import user_pool_id_errors
from ansible_collections.cognito.user_pool.plugins.plugin_utils._controller_action import ControllerAction

SPEC = dict(
    user_pool_id=dict(type="str", required=True),
    account_id=dict(type="str", required=True),
    jobs=dict(type="list", elements="str", choices=list(POLICY_JOBS)),
    users=dict(type="list", elements="raw"),
    groups=dict(type="list", elements="raw"),
    purge_users=dict(type="bool"),
    state=dict(type="str", choices=["present", "absent"]),
    permanent=dict(type="bool"),
    policy_name=dict(type="str"),
)


class ActionModule(ControllerAction):
    def compute(self, result, task_vars):
        args = dict(self._task.args)
        errors = [f"{name} is not an option of cognito_iam_policy." for name in sorted(set(args) - set(SPEC))]
        errors += argument_errors(SPEC, args)
        if isinstance(args.get("user_pool_id"), str) and args["user_pool_id"].strip():
            # A local Cognito's id is admitted: the policy then says what its ARN assumes (RV(assumption)).
            errors += user_pool_id_errors(args["user_pool_id"], local=True)
        if isinstance(args.get("account_id"), str) and not ACCOUNT_ID_PATTERN.match(args["account_id"]):
            errors.append("account_id must be a 12-digit AWS account id.")
        if isinstance(args.get("users"), list):
            errors += user_errors(args["users"], "users")
        if errors:
            return dict(result, failed=True, msg=" ".join(errors))
        # The role's own computation, for the declarations given: the same one operations table.
        variables = {"seed_users_user_pool_id": args["user_pool_id"], "seed_users_users": args.get("users") or [],
                     "seed_users_groups": args.get("groups") or [], "seed_users_purge_users": bool(args.get("purge_users")),
                     "seed_users_iam_policy_name": args.get("policy_name") or "",
                     "seed_users_state": args.get("state") or "present",
                     "seed_users_permanent": args.get("permanent") is not False,
                     "seed_users_iam_policy_jobs": args.get("jobs") or ["seed"]}
        group_errors = [error.replace("seed_users_groups", "groups") for error in check(variables)
                        if error.startswith("seed_users_groups") or error.startswith("group ")]
        if group_errors:
            return dict(result, failed=True, msg=" ".join(group_errors))
        try:
            policy = _seed_users.iam_policy(variables, args["account_id"])
        except CognitoError as e:
            return dict(result, failed=True, msg=e.message)
        result.update(policy)
        return result
