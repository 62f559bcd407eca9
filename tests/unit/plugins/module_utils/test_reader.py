# -*- coding: utf-8 -*-
"""Which listings read the declared users: proportional to the users declared, never a scan of the pool."""

from __future__ import annotations

from ansible_collections.cognito.user_pool.plugins.module_utils._model import CurrentUser
from ansible_collections.cognito.user_pool.plugins.module_utils._model import PoolFacts
from ansible_collections.cognito.user_pool.plugins.module_utils._reader import Directory
from ansible_collections.cognito.user_pool.plugins.module_utils._reader import Query
from ansible_collections.cognito.user_pool.plugins.module_utils._reader import first_queries
from ansible_collections.cognito.user_pool.plugins.module_utils._reader import split

POOL = PoolFacts(user_pool_id="eu-west-1_TestPool1")


def _filters(queries):
    return [query.filter_expression for query in queries]


def test_generated_users_are_read_with_one_listing_of_their_common_prefix():
    [query] = first_queries([f"user{index:04d}" for index in range(500)], POOL)
    assert query.filter_expression == 'username ^= "user0"' and query.page_budget == 10


def test_names_sharing_no_prefix_are_read_with_a_few_listings_not_a_scan_of_the_pool():
    queries = first_queries(["alice", "anna", "bob", "carol", "carl"], POOL)
    assert _filters(queries) == ['username ^= "a"', 'username = "bob"', 'username ^= "car"']
    assert all("^= \"\"" not in expression for expression in _filters(queries))


def test_one_name_is_read_with_an_exact_listing():
    assert _filters(first_queries(["alice"], POOL)) == ['username = "alice"']


def test_an_over_long_listing_is_split_by_the_next_character_leaving_out_what_it_found():
    query = Query("username", "user", False, ("user1", "user10", "user2", "user25", "user3"))
    assert _filters(split(query, found=["user3"])) == ['username ^= "user1"', 'username ^= "user2"']


def test_an_exact_listing_is_never_split():
    assert split(Query("email", "a@x", True, ("a@x",)), found=[]) == []


def test_quotes_and_backslashes_in_names_are_escaped_as_the_filter_syntax_asks():
    # "Quotation marks within the filter string must be escaped using the backslash (\) character" (ListUsers' Filter).
    assert Query("username", 'o"neil\\x', True, ()).filter_expression == 'username = "o\\"neil\\\\x"'


def test_pools_with_email_usernames_are_listed_by_email_and_the_rest_by_username():
    pool = PoolFacts(user_pool_id="eu-west-1_TestPool1", username_attributes=("email",))
    assert sorted(_filters(first_queries(["erin@example.com", "eve@example.com", "legacy-name"], pool))) == \
        ['email ^= "e"', 'username = "legacy-name"']


def test_the_directory_finds_users_by_their_email_in_email_username_pools():
    directory = Directory(PoolFacts(user_pool_id="eu-west-1_TestPool1", username_attributes=("email",)))
    directory.add(CurrentUser("9b1e", "CONFIRMED", True, {"email": "erin@example.com"}, consistent=False))
    assert directory.find("erin@example.com").username == "9b1e"
    assert directory.find("9b1e").username == "9b1e"


def test_the_directory_compares_names_as_the_pool_does():
    directory = Directory(PoolFacts(user_pool_id="eu-west-1_TestPool1", case_sensitive=False))
    directory.add(CurrentUser("alice", "CONFIRMED", True, {}, consistent=False))
    assert directory.find("ALICE").username == "alice"
    strict = Directory(POOL)
    strict.add(CurrentUser("alice", "CONFIRMED", True, {}, consistent=False))
    assert strict.find("ALICE") is None


def test_what_the_directory_hands_out_is_marked_as_read_from_the_list_and_is_a_copy():
    directory = Directory(POOL)
    directory.add(CurrentUser("alice", "CONFIRMED", True, {"name": "A"}, consistent=False))
    first = directory.find("alice")
    first.attributes["name"] = "changed"
    assert directory.find("alice").attributes == {"name": "A"} and not first.consistent


def test_the_directory_hands_out_only_what_the_documented_rules_make_one_user_and_flags_names_only_alike():
    # A case-insensitive pool "treats any variation in case as the same user"; which Unicode variations count is
    # not documented, so only ASCII case is taken as the same name: the rest is settled with AdminGetUser.
    directory = Directory(PoolFacts(user_pool_id="eu-west-1_TestPool1", case_sensitive=False))
    directory.add(CurrentUser("test-straße", "CONFIRMED", True, {}, consistent=False))
    directory.add(CurrentUser("Åsa", "CONFIRMED", True, {}, consistent=False))
    assert directory.find("TEST-STRAßE").username == "test-straße" and not directory.doubtful("TEST-STRAßE")
    for alike in ("test-strasse", "åsa", "test-straße "):
        assert directory.find(alike) is None and directory.doubtful(alike), alike
    assert directory.find("test-strase") is None and not directory.doubtful("test-strase")


def test_the_directory_leaves_aliases_and_subs_to_admin_get_user():
    # The listings find users by username (or username attribute); an alias or a sub found on a listed user is a
    # hint that the declared name may be that user, never a match to write to.
    pool = PoolFacts(user_pool_id="eu-west-1_TestPool1", alias_attributes=("email",))
    directory = Directory(pool)
    directory.add(CurrentUser("test-alice", "CONFIRMED", True, {"email": "a@example.com", "email_verified": "true",
                                                                "sub": "5ub-1"}, consistent=False))
    for name in ("a@example.com", "5ub-1"):
        assert directory.find(name) is None and directory.doubtful(name), name
