# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The one exception type the collection's modules catch."""

from __future__ import annotations

from ansible_collections.amazon.aws.plugins.module_utils.exceptions import AnsibleAWSError


class CognitoError(AnsibleAWSError):
    """A failure that names what went wrong, for which user and pool, and what to do.

    Raised before any write when the input is wrong, and by the client wrapper
    when Cognito refuses a call.  The message never contains a password.
    """
