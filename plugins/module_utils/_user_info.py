# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A user as ``cognito_user_info`` returns it: snake_case keys, attributes as a mapping.

Private to the collection: not an API, may change in any release.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ansible_collections.cognito.user_pool.plugins.module_utils._model import CurrentUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import shown_attributes


def user_info(record: Dict[str, Any], groups: Optional[List[str]] = None) -> Dict[str, Any]:
    """One ``AdminGetUser`` answer or ``ListUsers`` entry, as the module returns it."""
    user = CurrentUser.from_record(record, consistent=True)
    info: Dict[str, Any] = {
        "username": user.username,
        "user_status": user.user_status,
        "enabled": user.enabled,
        "attributes": shown_attributes(user.attributes),
    }
    if user.user_create_date is not None:
        info["user_create_date"] = user.user_create_date
    if user.user_last_modified_date is not None:
        info["user_last_modified_date"] = user.user_last_modified_date
    if record.get("MFAOptions"):
        info["mfa_options"] = [{"delivery_medium": option.get("DeliveryMedium"), "attribute_name": option.get("AttributeName")}
                               for option in record["MFAOptions"]]
    if groups is not None:
        info["groups"] = groups
    return info
