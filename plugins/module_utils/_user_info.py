# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""A user as ``cognito_user_info`` returns it: snake_case keys, attributes as a mapping.

Private to the collection: not an API, may change in any release.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional

from ansible_collections.cognito.user_pool.plugins.module_utils._model import CurrentUser


def user_info(record: Dict[str, Any], groups: Optional[List[str]] = None) -> Dict[str, Any]:
    """One ``AdminGetUser`` answer or ``ListUsers`` entry, as the module returns it."""
    user = CurrentUser.from_record(record, consistent=True)
    info: Dict[str, Any] = {
        "username": user.username,
        "user_status": user.user_status,
        "enabled": user.enabled,
        "attributes": user.attributes,
    }
    for key, name in (("UserCreateDate", "user_create_date"), ("UserLastModifiedDate", "user_last_modified_date")):
        if record.get(key) is not None:
            info[name] = record[key].isoformat() if hasattr(record[key], "isoformat") else str(record[key])
    if record.get("MFAOptions"):
        info["mfa_options"] = [{"delivery_medium": option.get("DeliveryMedium"), "attribute_name": option.get("AttributeName")}
                               for option in record["MFAOptions"]]
    if groups is not None:
        info["groups"] = groups
    return info
