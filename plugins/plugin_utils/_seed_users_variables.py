# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""The seed_users role's variables, read by the role's action plugins from the play they run in.

Private to the collection: not an API, may change in any release.

The names come from the role's one spec, ``roles/seed_users/meta/argument_specs.yml``; ansible-core does not
apply that spec's defaults to role variables, so ``defaults/main.yml`` holds them (a unit test keeps the two
equal).  A variable that has no default and was not given reads as "", which the role's check names.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List

import yaml

ARGUMENT_SPECS = Path(__file__).resolve().parents[2] / "roles" / "seed_users" / "meta" / "argument_specs.yml"


def variable_names() -> List[str]:
    """The role's variables, as its argument spec names them."""
    with open(ARGUMENT_SPECS, encoding="utf-8") as spec:
        return list(yaml.safe_load(spec)["argument_specs"]["main"]["options"])


def read_variables(templar, task_vars: Dict[str, Any]) -> Dict[str, Any]:
    """Every variable of the role, templated; "" for one that is not defined."""
    return {name: templar.resolve_variable_expression(name) if name in task_vars else "" for name in variable_names()}
