# -*- coding: utf-8 -*-
"""Faults the functional tests inject through the proxy, and the pool read back to judge what a run reported.

- ``KillModule``: a rule that holds the n-th request of an operation (moto
  never sees it) and SIGKILLs the module process that sent it, as a crash, an
  OOM kill or a lost CI runner would stop a run half-way.
- ``AnotherWriter``: a rule that, when the n-th request of an operation
  arrives, lets another process write to the pool (boto3 straight to moto)
  before that request goes on.
- ``run_in_parallel``: start several blocking calls (playbook runs) together.
- ``read_pool`` and ``untruths``: the pool as boto3 reads it back, and every
  claim of a module's or the role's per-user report that the pool contradicts.

The module process is found among the descendants of this test process only
(``/proc``), so that nothing a colleague runs on the same machine is touched.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Dict, FrozenSet, Iterable, List, Mapping, NamedTuple, Optional, Sequence

from .cognito_rules import username_of
from .proxy import Exchange, Reply, Rule

PROC = Path("/proc")
SUMMARY_COUNTS = ("created", "updated", "unchanged", "deleted", "failed", "partially_applied", "total")


# -- processes ---------------------------------------------------------------------------------

class ModuleNotRunning(RuntimeError):
    """No process of this test run runs the module the fault was meant to kill."""


def _parent_of(pid: int) -> Optional[int]:
    try:
        stat = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ")".
    return int(stat.rsplit(")", 1)[1].split()[1])


def _state_of(pid: int) -> Optional[str]:
    try:
        return (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return None


def _command_line(pid: int) -> List[str]:
    try:
        return [part.decode("utf-8", "replace") for part in (PROC / str(pid) / "cmdline").read_bytes().split(b"\0") if part]
    except OSError:
        return []


def descendants(ancestor: int) -> List[int]:
    """Every live process below ``ancestor``, parents before their children."""
    children: Dict[int, List[int]] = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            parent = _parent_of(int(entry.name))
            if parent is not None:
                children.setdefault(parent, []).append(int(entry.name))
    found, queue = [], [ancestor]
    while queue:
        for child in sorted(children.get(queue.pop(0), [])):
            found.append(child)
            queue.append(child)
    return found


def module_processes(module: str, ancestor: Optional[int] = None) -> List[int]:
    """The processes below ``ancestor`` (this test process) running ``AnsiballZ_<module>.py``.

    Only the interpreter running the module matches: its command line names the
    script as one argument, while the ``/bin/sh -c`` wrapping it holds the script
    inside a longer one.
    """
    script = f"AnsiballZ_{module}.py"
    return [pid for pid in descendants(os.getpid() if ancestor is None else ancestor)
            if any(Path(argument).name == script for argument in _command_line(pid)[1:])]


def kill_module(module: str, ancestor: Optional[int] = None, timeout: float = 10.0) -> List[int]:
    """SIGKILL every process of this test run running ``module``; wait until each is dead; their pids.

    Raises ``ModuleNotRunning`` when there is none (for example with pipelining
    on, the script is read from stdin and its name is on no command line).
    """
    pids = module_processes(module, ancestor)
    if not pids:
        raise ModuleNotRunning(f"no process of this test runs AnsiballZ_{module}.py")
    for pid in reversed(pids):  # children first
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + timeout
    while any(_state_of(pid) not in (None, "Z", "X") for pid in pids):
        if time.monotonic() > deadline:
            raise RuntimeError(f"AnsiballZ_{module}.py (pids {pids}) still runs {timeout} s after SIGKILL")
        time.sleep(0.01)
    return pids


# -- the rules -----------------------------------------------------------------------------------

class KillPoint(NamedTuple):
    """Where to kill: the ``nth`` request of ``operation`` that names one of ``usernames`` (any user when None)."""

    operation: str
    nth: int
    usernames: Optional[FrozenSet[str]] = None
    label: str = ""

    def counts(self, exchange: Exchange) -> bool:
        if self.usernames is None:
            return True
        return username_of(exchange) in frozenset(self.usernames)


@dataclass
class Kill:
    """One kill: where, the user the held request named, the pids killed, and what the proxy saw before."""

    point: KillPoint
    username: Optional[str]
    pids: List[int]
    request: Dict[str, Any] = field(default_factory=dict, repr=False)  # the held request (it may hold a password)
    seen_before: Counter = field(default_factory=Counter)  # operations of the point's users before the held one

    def describe(self) -> str:
        before = ", ".join(f"{operation} {count}" for operation, count in sorted(self.seen_before.items()))
        return (f"{self.point.label or self.point.operation}: killed on {self.point.operation} "
                f"#{self.point.nth} (user {self.username}), held, never sent to moto; before it: {before}")


class KillModule(Rule):
    """Hold the request at each kill point and SIGKILL the module process that sent it.

    The held request is answered by this rule, never forwarded: moto never sees
    it, and the answer goes to a connection whose process is dead.  Requests the
    module's other threads had already sent reach moto after the kill, as they
    would reach Cognito.  Each point fires once; ``kills`` says what happened.
    """

    name = "KillModule"
    precedence = 10  # after throttling, before Cognito's rules: the held request changes no rule's state

    def __init__(self, *points: KillPoint, module: str = "cognito_user",
                 killer: Callable[[str], List[int]] = kill_module) -> None:
        self.points = list(points)
        self.module = module
        self._killer = killer
        self._seen: Dict[int, Counter] = {index: Counter() for index in range(len(self.points))}
        self._fired: set = set()
        self.kills: List[Kill] = []

    def __repr__(self) -> str:
        return f"KillModule({', '.join(f'{point.operation}#{point.nth}' for point in self.points)})"

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        if exchange.operation is None:
            return None
        for index, point in enumerate(self.points):
            if index in self._fired or not point.counts(exchange):
                continue
            seen = self._seen[index]
            if exchange.operation == point.operation and seen[point.operation] + 1 == point.nth:
                pids = self._killer(self.module)
                self._fired.add(index)
                self.kills.append(Kill(point, username_of(exchange), pids, dict(exchange.params), Counter(seen)))
                return self.refuse("InternalErrorException", "The module that sent this request was killed.")
            seen[exchange.operation] += 1
        return None


class AnotherWriter(Rule):
    """When the ``nth`` request of ``operation`` arrives, another process writes to the pool; then it goes on.

    ``action`` runs once, before the request is forwarded and while the proxy
    holds every other request back, so what it writes is in moto before the
    run's next request, whatever the run's threads do.  It should write
    straight to moto (the ``cognito`` fixture's client): a request through the
    proxy would wait for the proxy's lock forever.
    """

    name = "AnotherWriter"
    precedence = 10

    def __init__(self, operation: str, nth: int, action: Callable[[], Any]) -> None:
        self.operation = operation
        self.nth = nth
        self.action = action
        self.seen = 0
        self.done: Optional[Any] = None  # what ``action`` returned, once it ran

    def __repr__(self) -> str:
        return f"AnotherWriter({self.operation}#{self.nth})"

    def on_request(self, exchange: Exchange) -> Optional[Reply]:
        if exchange.operation == self.operation:
            self.seen += 1
            if self.seen == self.nth:
                self.done = self.action()
        return None


def run_in_parallel(*calls: Callable[[], Any]) -> List[Any]:
    """Start every call at once, each in its own thread; their results, in order (the first error is raised)."""
    results: List[Any] = [None] * len(calls)
    errors: List[Exception] = []
    start = threading.Barrier(len(calls))

    def one(index: int, call: Callable[[], Any]) -> None:
        start.wait()
        try:
            results[index] = call()
        except Exception as e:  # noqa: BLE001 - handed to the calling thread below
            errors.append(e)

    threads = [threading.Thread(target=one, args=(index, call), daemon=True) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results


# -- the pool read back, and the report judged against it --------------------------------------

class PoolUser(NamedTuple):
    """A user as boto3 reads it back from moto."""

    user_status: str
    enabled: bool
    groups: FrozenSet[str]


def read_pool(client, user_pool_id: str) -> Dict[str, PoolUser]:
    """Every user of the pool with its status, enabled flag and groups (boto3 straight to moto)."""
    users: Dict[str, Dict[str, Any]] = {}
    for page in client.get_paginator("list_users").paginate(UserPoolId=user_pool_id):
        for user in page["Users"]:
            users[user["Username"]] = user
    groups: Dict[str, set] = {name: set() for name in users}
    for page in client.get_paginator("list_groups").paginate(UserPoolId=user_pool_id):
        for group in page["Groups"]:
            members = client.get_paginator("list_users_in_group").paginate(UserPoolId=user_pool_id,
                                                                           GroupName=group["GroupName"])
            for member_page in members:
                for member in member_page["Users"]:
                    groups.setdefault(member["Username"], set()).add(group["GroupName"])
    return {name: PoolUser(user["UserStatus"], user["Enabled"], frozenset(groups[name])) for name, user in users.items()}


def outcome_of(entry: Mapping[str, Any]) -> Optional[str]:
    """What was done to one user, by its reported actions: created, deleted, updated, unchanged; None if it failed
    before any change."""
    actions = entry.get("actions") or []
    if entry.get("error") and not actions:
        return None
    if "create" in actions:
        return "created"
    if "delete" in actions:
        return "deleted"
    return "updated" if actions else "unchanged"


def counts_of(entries: Iterable[Mapping[str, Any]]) -> Dict[str, int]:
    """The summary counts the per-user entries imply, counted here independently of the collection's code."""
    counts = dict.fromkeys(SUMMARY_COUNTS, 0)
    for entry in entries:
        counts["total"] += 1
        outcome = outcome_of(entry)
        if entry.get("error"):
            counts["failed"] += 1
            counts["partially_applied"] += outcome is not None
        if outcome is not None:
            counts[outcome] += 1
    return counts


def untruths(summary: Mapping[str, Any], entries: Sequence[Mapping[str, Any]], declared: Sequence[str],
             pool: Mapping[str, PoolUser]) -> List[str]:
    """Every claim of a run's report (``summary`` counts, per-user ``entries``) that the pool or the arithmetic denies.

    - the counts add up: created + updated + unchanged + deleted + failed - partially_applied = total = the
      declared users, each reported once, in order;
    - the counts are the ones the entries imply;
    - a user reported present is in the pool with the reported status and enabled flag; one reported absent is
      not; one reported with no state (``state: None``, its outcome unknown) has no status either, and the pool
      may or may not hold it;
    - every user of the pool is one of the declared users.
    """
    problems = []
    counts = {key: int(summary.get(key, 0)) for key in SUMMARY_COUNTS}
    added = counts["created"] + counts["updated"] + counts["unchanged"] + counts["deleted"] + counts["failed"] \
        - counts["partially_applied"]
    if not added == counts["total"] == len(declared):
        problems.append(f"counts do not add up to the {len(declared)} declared users: {counts}")
    names = [entry.get("username") for entry in entries]
    if names != list(declared):
        problems.append(f"the entries are not the declared users in order ({len(names)} entries, {len(declared)} declared)")
    implied = counts_of(entries)
    if implied != counts:
        problems.append(f"the counts {counts} are not what the entries imply: {implied}")
    for entry in entries:
        name, state = entry.get("username"), entry.get("state")
        live = pool.get(name)
        if state == "present":
            if live is None:
                problems.append(f"{name} is reported present ({entry.get('user_status')}) but is not in the pool")
            elif (live.user_status, live.enabled) != (entry.get("user_status"), entry.get("enabled")):
                problems.append(f"{name} is reported {entry.get('user_status')} (enabled {entry.get('enabled')}) "
                                f"but the pool has it {live.user_status} (enabled {live.enabled})")
        elif state == "absent":
            if live is not None:
                problems.append(f"{name} is reported absent but the pool has it ({live.user_status})")
            if entry.get("user_status") is not None:
                problems.append(f"{name} is reported absent with a status ({entry.get('user_status')})")
        elif state is None:
            if entry.get("user_status") is not None or entry.get("enabled") is not None:
                problems.append(f"{name} has no reported state but a status ({entry.get('user_status')})")
            if not entry.get("error"):
                problems.append(f"{name} has no reported state and no error")
        else:
            problems.append(f"{name} has the state {state!r}")
    strangers = sorted(set(pool) - set(declared))
    if strangers:
        problems.append(f"the pool holds {len(strangers)} users nobody declared: {strangers[:5]}")
    return problems
