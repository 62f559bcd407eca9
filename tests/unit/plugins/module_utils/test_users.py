# -*- coding: utf-8 -*-
"""How converge chooses to read users."""

from __future__ import annotations

import pytest

from ansible_collections.cognito.user_pool.plugins.module_utils.users import list_page_budget
from ansible_collections.cognito.user_pool.plugins.module_utils.users import prefer_list_users
from ansible_collections.cognito.user_pool.plugins.module_utils.users import username_prefix_filter


@pytest.mark.parametrize("pool_users,batch,expected", [
    (1000, 1000, True),   # 17 pages at 30/s beat 1,000 reads at 120/s
    (0, 500, True),       # an empty pool: one page
    (10000, 500, False),  # 167 pages at 30/s lose to 500 reads at 120/s
    (100, 1, False),      # one user: one read
    (60, 2, False),       # two parallel reads beat one page
    (60, 20, True),       # one page beats twenty reads
])
def test_list_users_is_chosen_when_quicker_under_cognitos_default_quotas(pool_users, batch, expected):
    assert prefer_list_users(pool_users, batch, list_rate=30, read_rate=120, concurrency=8) is expected


def test_unpaced_reads_weigh_sequential_pages_against_parallel_reads():
    assert prefer_list_users(1000, 1000, list_rate=0, read_rate=0, concurrency=8) is True
    assert prefer_list_users(100000, 100, list_rate=0, read_rate=0, concurrency=8) is False


def test_list_page_budget_is_the_pages_quicker_than_reading_each_user():
    assert list_page_budget(1000, list_rate=30, read_rate=120, concurrency=8) == 166
    assert list_page_budget(1, list_rate=30, read_rate=120, concurrency=8) == 0


@pytest.mark.parametrize("usernames,expected", [
    (["user001", "user002", "user120"], 'username ^= "user"'),
    (["alice", "bob"], None),
    (["alice"], None),
    (['a"1', 'a"2'], None),
])
def test_username_prefix_filter(usernames, expected):
    assert username_prefix_filter(usernames) == expected
