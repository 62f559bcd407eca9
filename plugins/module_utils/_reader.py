# -*- coding: utf-8 -*-

# Copyright: contributors to the cognito.user_pool collection
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

"""Reading the declared users: cheap filtered lists first, strongly consistent reads where they matter.

Private to the collection: not an API, may change in any release.

``ListUsers`` is paged (60 users a call), free of monthly-active-user billing,
and "eventually consistent. You might experience a delay before results are
up-to-date. To validate the existence or configuration of an individual user,
use AdminGetUser" (its API reference).  ``AdminGetUser`` is consistent but
"contributes to your monthly active user (MAU) count for the purpose of
billing" (its API reference).  So the engine lists the declared users to find
those already as declared, and reads a user with ``AdminGetUser`` only before
writing to it, or to confirm a miss where a name can stand for a user the list
shows under another name.

Reads cost in proportion to the users declared, not to the pool: the declared
names are listed with filters on their common prefixes (``username ^=
"user0"``), and a prefix that brings back more pages than its names need is
split into longer ones.  Cognito's filter compares one attribute at a time,
``username`` case-sensitively (the ``Filter`` reference: "username
(case-sensitive)"), and finds users whose usernames are their e-mail
addresses or phone numbers by those attributes only ("If you search by
username, you must supply the actual user name, not an alias", the developer
guide's "User pool attributes").
"""

from __future__ import annotations

import math
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import Dict, Iterable, List, NamedTuple, Optional, Tuple

from ansible_collections.cognito.user_pool.plugins.module_utils._client import LIST_USERS_PAGE_SIZE
from ansible_collections.cognito.user_pool.plugins.module_utils._model import OTHER
from ansible_collections.cognito.user_pool.plugins.module_utils._model import SAME
from ansible_collections.cognito.user_pool.plugins.module_utils._model import CurrentUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import PoolFacts
from ansible_collections.cognito.user_pool.plugins.module_utils._model import loose_name

# A filter's value may hold at most this many characters (UserFilterType is at most 256 in all).
MAX_FILTER_VALUE = 200


class Query(NamedTuple):
    """One filtered listing: the users whose ``attribute`` starts with (or, ``exact``, equals) ``value``."""

    attribute: str
    value: str
    exact: bool
    names: Tuple[str, ...]  # the declared names it is meant to find

    @property
    def filter_expression(self) -> str:
        escaped = self.value.replace("\\", "\\\\").replace('"', '\\"')
        return f'{self.attribute} {"=" if self.exact else "^="} "{escaped}"'

    @property
    def page_budget(self) -> int:
        """Pages this query may take before it is split: what its names need, and one more."""
        return math.ceil(len(self.names) / LIST_USERS_PAGE_SIZE) + 1


class Directory:
    """The users the listings showed, found by every name a declaration may use for them.

    A list is only ever a hint: ``find`` hands out a user only where Cognito's
    documented rules make the name that user's username (or username
    attribute), and ``doubtful`` says when a listed user is only alike
    (``PoolFacts.how_named``), so the name is confirmed with ``AdminGetUser``.
    """

    def __init__(self, pool: PoolFacts) -> None:
        self._pool = pool
        self._by_loose_name: Dict[str, List[CurrentUser]] = {}

    def add(self, user: CurrentUser) -> None:
        for way in self._pool.ways_to_name(user):
            alike = self._by_loose_name.setdefault(loose_name(way.value), [])
            if all(listed.username != user.username for listed in alike):
                alike.append(user)

    def _matches(self, name: str) -> Tuple[List[CurrentUser], bool]:
        """The listed users ``name`` is (by username or username attribute), and whether any other is alike."""
        same, alike = [], False
        for user in self._by_loose_name.get(loose_name(name), []):
            kinds = ("username",) + tuple(self._pool.username_attributes)
            how = self._pool.how_named(name, user, kinds)
            if how == SAME:
                same.append(user)
            elif self._pool.how_named(name, user) != OTHER:
                alike = True
        return same, alike

    def find(self, name: str) -> Optional[CurrentUser]:
        """The listed user ``name`` stands for, or None when no listing showed it (or more than one might be it)."""
        same, dummy = self._matches(name)
        if len(same) != 1:
            return None
        found = same[0]
        # Each caller gets its own copy: it adds groups to it and plans from it.
        return replace(found, attributes=dict(found.attributes), groups=None, consistent=False)

    def doubtful(self, name: str) -> bool:
        """Might ``name`` stand for a listed user that ``find`` does not hand out? Then ``AdminGetUser`` settles it."""
        same, alike = self._matches(name)
        return alike or len(same) > 1


def filter_attribute(name: str, pool: PoolFacts) -> str:
    """The attribute a declared name is found by in ``ListUsers``."""
    if "email" in pool.username_attributes and "@" in name:
        return "email"
    if "phone_number" in pool.username_attributes and name.startswith("+"):
        return "phone_number"
    return "username"


def first_queries(names: Iterable[str], pool: PoolFacts) -> List[Query]:
    """The listings to start with: per attribute, the names' common prefix, or one per first character."""
    by_attribute: Dict[str, List[str]] = {}
    for name in sorted(set(names)):
        by_attribute.setdefault(filter_attribute(name, pool), []).append(name)
    queries: List[Query] = []
    for attribute, members in by_attribute.items():
        queries.extend(_queries_for(attribute, members, depth=0))
    return queries


def split(query: Query, found: Iterable[str]) -> List[Query]:
    """The narrower listings for the names of an over-long ``query`` that its pages did not show yet.

    An exact listing is never split (nothing is narrower): what it missed is
    confirmed user by user, as any miss is in pools where a name can stand for
    another.
    """
    if query.exact:
        return []
    remaining = [name for name in query.names if name not in set(found)]
    return _queries_for(query.attribute, remaining, depth=len(query.value) + 1)


def _queries_for(attribute: str, members: List[str], depth: int) -> List[Query]:
    """Listings for sorted ``members``: grouped by their first ``depth`` characters (all of them at depth 0)."""
    if not members:
        return []
    groups: Dict[str, List[str]] = {}
    for name in members:
        groups.setdefault(name[:depth], []).append(name)
    queries = []
    for group in groups.values():
        prefix = os.path.commonprefix(group)
        if len(group) == 1 or len(prefix) > MAX_FILTER_VALUE:
            queries.extend(Query(attribute, name, True, (name,)) for name in group)
        elif prefix:
            queries.append(Query(attribute, prefix, False, tuple(group)))
        else:  # no common prefix at depth 0: one listing per first character
            queries.extend(_queries_for(attribute, group, depth=1))
    return queries


def list_declared(client, names: List[str], pool: PoolFacts, concurrency: int) -> Directory:
    """List the declared users, splitting listings that bring back much more than their names need."""
    directory = Directory(pool)
    pending = first_queries(names, pool)
    with ThreadPoolExecutor(max_workers=max(1, concurrency)) as workers:
        while pending:
            answers = list(workers.map(lambda query: _run(client, query), pending))
            narrower: List[Query] = []
            for query, (users, complete) in zip(pending, answers):
                for user in users:
                    directory.add(user)
                if not complete:
                    narrower.extend(split(query, [name for name in query.names if directory.find(name)]))
            pending = narrower
    return directory


def _run(client, query: Query) -> Tuple[List[CurrentUser], bool]:
    """One listing, up to its page budget: the users it showed, and whether it reached its end."""
    users: List[CurrentUser] = []
    token: Optional[str] = None
    for dummy in range(query.page_budget):
        records, token = client.list_users_page(query.filter_expression, token)
        users.extend(CurrentUser.from_record(record, consistent=False) for record in records)
        if not token:
            return users, True
    return users, False
