#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""make bench: seeding users with the ways people do it today, against one moto server.

Every method talks to the same moto server through the recording proxy the
functional tests use, so each figure comes with the API calls it made, by
operation.  Nothing here talks to real AWS.

    python benchmarks/run.py                 # the full run; writes docs/performance.md and .png
    python benchmarks/run.py --smoke --out build/bench-smoke   # tiny N, one repetition (make test)
    python benchmarks/run.py --rows i,j,k --out build/bench    # some rows only (make bench BENCH_ARGS=...)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Optional, Sequence, Tuple

import boto3
import botocore.config
import yaml

# make bench puts the collections tree and tests/functional (the harness) on PYTHONPATH.
from functional_harness.cognito_rules import cognito_quota_buckets
from functional_harness.faults import run_in_parallel
from functional_harness.moto_server import FAKE_CREDENTIALS, MotoServer, aws_free_environment
from functional_harness.playbook import CALLBACK_DIR, ansible_playbook_executable, build_play, playbook_environment
from functional_harness.playbook import read_results, run_playbook
from functional_harness.proxy import ForwardAll, ThrottlingProxy

from ansible_collections.cognito.user_pool.plugins.module_utils._client import LIST_USERS_PAGE_SIZE
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import DEFAULT_RATE_LIMITS
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import QUOTA_CATEGORIES
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import BETA
from ansible_collections.cognito.user_pool.plugins.module_utils._pacing import RECOVERY_REQUESTS

ROOT = Path(__file__).resolve().parents[1]
COLLECTIONS_PATH = os.environ["ANSIBLE_COLLECTIONS_PATH"]

REPOSITORY = re.search(r"^repository:\s*(\S+)", (ROOT / "galaxy.yml").read_text(), re.MULTILINE).group(1)
REGION = "us-east-1"
PASSWORD = "Bench-Passw0rd!"
CONCURRENCY = 8
# moto has no request quotas; the role runs unpaced, like an account with raised quotas.
UNPACED = {category: 0 for category in DEFAULT_RATE_LIMITS}
REPEAT_UNDER_SECONDS = 60.0
# Where the benchmark's own callback (each task's wall time) lives.
TIMES_CALLBACK_DIR = Path(__file__).resolve().parent / "callback_plugins"
# Rows (i) and (j): this many runs, one per pool, in one account.
ACCOUNT_RUNS = 3
ROWS = ("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k")


@dataclass
class Figure:
    """One measured run (or the median of several)."""

    method: str
    label: str
    users: int
    seconds: float
    calls: Counter
    runs: int = 1
    peak_rss_mb: Optional[float] = None
    failed_users: int = 0
    throttled: int = 0
    notes: List[str] = field(default_factory=list)
    by_category: Dict[str, Tuple[int, int]] = field(default_factory=dict)  # category -> (attempts, throttled)
    task_times: Dict[str, float] = field(default_factory=dict)  # the role's or playbook's tasks, seconds
    series: Dict[str, List[Tuple[float, str, bool]]] = field(default_factory=dict)  # pool -> (second, operation, throttled)

    @property
    def per_user_ms(self) -> float:
        return 1000.0 * self.seconds / self.users if self.users else float("nan")


class PeakMemory:
    """The highest resident set (VmHWM) of any module process while it runs."""

    def __init__(self, marker: str = "AnsiballZ_cognito_user") -> None:
        self.marker = marker
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    @property
    def peak_mb(self) -> float:
        return self.peak_kb / 1024.0

    def _watch(self) -> None:
        while not self._stop.wait(0.02):
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    if self.marker not in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                        continue
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            self.peak_kb = max(self.peak_kb, int(line.split()[1]))
                except OSError:
                    continue


class Bench:
    """A moto server, the recording proxy in front of it, and the methods to measure."""

    def __init__(self, workdir: Path, aws_cli: Optional[str]) -> None:
        self.workdir = workdir
        self.aws_cli = aws_cli
        self.server = MotoServer(log_path=workdir / "moto_server.log")
        self.proxy: Optional[ThrottlingProxy] = None
        self._runs = 0

    def __enter__(self) -> "Bench":
        self.server.start()
        self.proxy = ThrottlingProxy(self.server.url)
        self.proxy.start()
        os.environ.update(FAKE_CREDENTIALS)
        return self

    def __exit__(self, *exc) -> None:
        self.proxy.stop()
        self.server.stop()

    # -- set-up ------------------------------------------------------------

    def fresh_pool(self) -> str:
        """A new pool with Cognito's default password policy, made past the proxy."""
        client = boto3.client("cognito-idp", region_name=REGION, endpoint_url=self.server.url)
        self._runs += 1
        return client.create_user_pool(PoolName=f"bench-{self._runs}")["UserPool"]["Id"]

    def crowded_pool(self, others: int) -> Callable[[], str]:
        """A pool factory: one pool holding ``others`` users named ``other…``, made past the proxy once; each
        call after the first deletes the users a run seeded into it, so that every run seeds into the same crowd."""
        client = boto3.client("cognito-idp", region_name=REGION, endpoint_url=self.server.url,
                              config=botocore.config.Config(max_pool_connections=CONCURRENCY))
        pool = self.fresh_pool()
        with ThreadPoolExecutor(max_workers=CONCURRENCY) as workers:
            list(workers.map(lambda i: client.admin_create_user(UserPoolId=pool, Username=f"other{i:05d}",
                                                                MessageAction="SUPPRESS"), range(others)))

        def factory() -> str:
            seeded = [user["Username"] for page in client.get_paginator("list_users").paginate(
                UserPoolId=pool, Filter='username ^= "role"') for user in page["Users"]]
            for username in seeded:
                client.admin_delete_user(UserPoolId=pool, Username=username)
            return pool

        return factory

    def measure(self, method: str, label: str, users: int, run: Callable[[str], Optional[dict]],
                policy=None, pool: Optional[Callable[[], str]] = None, repeat: int = 1, memory: bool = False) -> Figure:
        """Time ``run(pool)``; repeat (median) when one run is quick, each time on a fresh pool or one ``pool()`` gives."""
        seconds, calls, extra = [], Counter(), {}
        for attempt in range(repeat):
            target = pool() if pool else self.fresh_pool()
            self.proxy.reset(policy or ForwardAll())
            with PeakMemory() as peak:
                started = time.perf_counter()
                extra = run(target) or {}
                seconds.append(time.perf_counter() - started)
            calls = Counter(self.proxy.operations(throttled=False))
            extra.setdefault("throttled", len(self.proxy.operations(throttled=True)))
            extra["peak_rss_mb"] = peak.peak_mb if memory else None
            if attempt == 0 and seconds[0] >= REPEAT_UNDER_SECONDS:
                break
        figure = Figure(method, label, users, statistics.median(seconds), calls, runs=len(seconds),
                        peak_rss_mb=extra.get("peak_rss_mb"), failed_users=extra.get("failed", 0),
                        throttled=extra.get("throttled", 0), by_category=self.proxy.attempts_by_category(),
                        task_times=extra.get("task_times") or {})
        print(f"{method} {label}: N={users} {figure.seconds:.2f}s (runs {figure.runs}) "
              f"{sum(calls.values())} calls {dict(calls)}", flush=True)
        return figure

    def measure_account(self, method: str, label: str, users: int, run: Callable[[List[str]], dict],
                        runs: int = ACCOUNT_RUNS) -> Figure:
        """Time ``run(pools)`` once, ``runs`` fresh pools of one account, Cognito's default quotas enforced account-wide."""
        pools = [self.fresh_pool() for dummy in range(runs)]
        self.proxy.reset(cognito_quota_buckets())
        started = time.perf_counter()
        extra = run(pools) or {}
        seconds = time.perf_counter() - started
        calls = Counter(self.proxy.operations(throttled=False))
        begin = min((request.at for request in self.proxy.requests()), default=0.0)
        series: Dict[str, List[Tuple[float, str, bool]]] = {}
        for request in self.proxy.requests():
            if request.operation in OPERATIONS and request.user_pool_id:
                series.setdefault(request.user_pool_id, []).append((request.at - begin, request.operation, request.throttled))
        figure = Figure(method, label, users * runs, seconds, calls, failed_users=extra.get("failed", 0),
                        throttled=len(self.proxy.operations(throttled=True)), by_category=self.proxy.attempts_by_category(),
                        series={f"pool {index + 1}": series.get(pool, []) for index, pool in enumerate(pools)})
        shares = ", ".join(f"{category} {throttled}/{attempts}" for category, (attempts, throttled)
                           in sorted(figure.by_category.items()))
        print(f"{method} {label}: N={figure.users} {seconds:.2f}s, {figure.failed_users} failed, throttled {shares}",
              flush=True)
        return figure

    # -- the methods -------------------------------------------------------

    def cli_loop(self, users: int) -> Callable[[str], dict]:
        """(a) a shell loop of AWS CLI calls: create (SUPPRESS) and set a permanent password."""

        def run(pool: str) -> dict:
            env = aws_free_environment()
            env.update(FAKE_CREDENTIALS, AWS_DEFAULT_REGION=REGION)
            common = ["--user-pool-id", pool, "--endpoint-url", self.proxy.url, "--region", REGION, "--output", "json"]
            for i in range(users):
                name = f"cli{i:05d}"
                subprocess.run([self.aws_cli, "cognito-idp", "admin-create-user", "--username", name,
                                "--message-action", "SUPPRESS", *common], env=env, check=True, stdout=subprocess.DEVNULL)
                subprocess.run([self.aws_cli, "cognito-idp", "admin-set-user-password", "--username", name,
                                "--password", PASSWORD, "--permanent", *common], env=env, check=True, stdout=subprocess.DEVNULL)
            return {}

        return run

    def ansible_loop(self, users: int) -> Callable[[str], dict]:
        """(b) an Ansible ``loop:`` over cognito_user in its single form."""

        def run(pool: str) -> dict:
            task = {"name": "one user per loop item", "loop": [f"loop{i:05d}" for i in range(users)],
                    "cognito.user_pool.cognito_user": {"user_pool_id": pool, "username": "{{ item }}",
                                                       "password": PASSWORD}}
            return self._playbook([task])

        return run

    def boto3_floor(self, users: int) -> Callable[[str], dict]:
        """(c) bare boto3: the minimum calls, with the role's concurrency."""

        def run(pool: str) -> dict:
            client = boto3.client("cognito-idp", region_name=REGION, endpoint_url=self.proxy.url,
                                  config=botocore.config.Config(max_pool_connections=CONCURRENCY))

            def seed(i: int) -> None:
                name = f"floor{i:05d}"
                client.admin_create_user(UserPoolId=pool, Username=name, MessageAction="SUPPRESS")
                client.admin_set_user_password(UserPoolId=pool, Username=name, Password=PASSWORD, Permanent=True)

            with ThreadPoolExecutor(max_workers=CONCURRENCY) as workers:
                list(workers.map(seed, range(users)))
            return {}

        return run

    def role(self, users: int, rate_limits: Optional[Dict[str, float]] = UNPACED) -> Callable[[str], dict]:
        """(d)-(g), (k) the seed_users role."""

        def run(pool: str) -> dict:
            return self._playbook(role_play(pool, users, rate_limits))

        return run

    def one_task(self, users: int) -> Callable[[str], dict]:
        """(k) a playbook of one task: cognito_user in its batch form, as the role calls it."""

        def run(pool: str) -> dict:
            task = {"name": "the users", "cognito.user_pool.cognito_user": {
                "user_pool_id": pool, "max_concurrency": CONCURRENCY, "rate_limits": UNPACED,
                "users": [{"username": f"task{i:05d}", "password": PASSWORD} for i in range(users)]}}
            return self._playbook([task])

        return run

    def concurrent_roles(self, users: int) -> Callable[[List[str]], dict]:
        """(i) one role run per pool, started together, each with the role's default pacing."""

        def run(pools: List[str]) -> dict:
            outcomes = run_in_parallel(*[lambda pool=pool: self._playbook(role_play(pool, users, None), users_may_fail=True)
                                         for pool in pools])
            return {"failed": sum(outcome["failed"] for outcome in outcomes)}

        return run

    def forked_play(self, users: int) -> Callable[[List[str]], dict]:
        """(j) one play over one inventory host per pool, ``forks`` as many, the role's default pacing."""

        def run(pools: List[str]) -> dict:
            self._runs += 1
            workdir = self.workdir / f"run-{self._runs}"
            workdir.mkdir(parents=True)
            inventory = workdir / "inventory.ini"
            inventory.write_text("[pools]\n" + "".join(
                f"pool{index + 1} ansible_connection=local ansible_python_interpreter={sys.executable} "
                f"seed_users_user_pool_id={pool}\n" for index, pool in enumerate(pools)))
            play = role_play(None, users, None)
            play["hosts"] = "pools"
            playbook = workdir / "playbook.yml"
            playbook.write_text(yaml.safe_dump([build_play(play, self.proxy.url)], sort_keys=False))
            results = workdir / "results.json"
            completed = subprocess.run(
                [ansible_playbook_executable(), "-i", str(inventory), "--forks", str(len(pools)), str(playbook)],
                cwd=workdir, env=playbook_environment(workdir, COLLECTIONS_PATH, results), stdin=subprocess.DEVNULL,
                capture_output=True, text=True, check=False)
            summaries = [record.result["ansible_facts"]["seed_users_result"] for record in read_results(results)
                         if "seed_users_result" in record.result.get("ansible_facts", {})]
            if len(summaries) != len(pools):
                raise SystemExit(f"ansible-playbook failed:\n{(completed.stdout + completed.stderr)[-4000:]}")
            return {"failed": sum(failed_users(summary) for summary in summaries)}

        return run

    def _playbook(self, play, users_may_fail: bool = False) -> dict:
        self._runs += 1
        workdir = self.workdir / f"run-{self._runs}"
        times = workdir / "task-times.json"
        env = {"ANSIBLE_CALLBACK_PLUGINS": f"{CALLBACK_DIR}:{TIMES_CALLBACK_DIR}",
               "ANSIBLE_CALLBACKS_ENABLED": "functional_results,bench_task_times", "BENCH_TASK_TIMES_FILE": str(times)}
        outcome = run_playbook(workdir, play, endpoint_url=self.proxy.url, collections_path=COLLECTIONS_PATH, env=env)
        summary = next((r.result.get("ansible_facts", {}).get("seed_users_result", {}) for r in outcome.results
                        if "seed_users_result" in r.result.get("ansible_facts", {})), None)
        if outcome.rc != 0 and not (users_may_fail and summary):
            raise SystemExit(f"ansible-playbook failed:\n{outcome.output[-4000:]}")
        recorded = json.loads(times.read_text()) if times.exists() else {}
        task_times = dict(recorded.get("tasks") or {})
        return {"failed": failed_users(summary or {}), "task_times": task_times}


def role_play(pool: Optional[str], users: int, rate_limits: Optional[Dict[str, float]]) -> dict:
    """A play running the seed_users role for ``users`` users (``rate_limits`` None: the role's default pacing)."""
    variables = {"seed_users_users": [{"username": f"role{i:05d}"} for i in range(users)],
                 "seed_users_default_password": PASSWORD, "seed_users_max_concurrency": CONCURRENCY}
    if pool is not None:
        variables["seed_users_user_pool_id"] = pool
    if rate_limits is not None:
        variables["seed_users_rate_limits"] = rate_limits
    return {"roles": [{"role": "cognito.user_pool.seed_users"}], "vars": variables}


def failed_users(summary: dict) -> int:
    return int((summary.get("summary") or summary).get("failed", 0) or 0)


def quota_bound_seconds(calls: Counter) -> float:
    """The least time Cognito's default quotas allow for ``calls``: the slowest category."""
    needed: Counter = Counter()
    for operation, count in calls.items():
        if operation in OPERATIONS:
            needed[OPERATIONS[operation].category] += count
    return max((count / DEFAULT_RATE_LIMITS[category] for category, count in needed.items()), default=0.0)


def run_all(bench: Bench, smoke: bool, rows: Sequence[str] = ROWS) -> Dict[str, Figure]:
    """Measure the methods of ``rows``; ``smoke`` shrinks N to a handful and repeats nothing."""
    size = (lambda n: min(n, 10)) if smoke else (lambda n: n)
    repeat = 1 if smoke else 3
    figures: Dict[str, Figure] = {}
    if "k" in rows:  # first: the other rows' targets take the fixed cost from it
        figures["k"] = bench.measure("k", "fixed cost: seed_users role", 10, bench.role(10), repeat=repeat)
        figures["k1"] = bench.measure("k", "fixed cost: one cognito_user task", 10, bench.one_task(10), repeat=repeat)
    if "a" in rows and bench.aws_cli:
        figures["a"] = bench.measure("a", "AWS CLI loop", size(50), bench.cli_loop(size(50)), repeat=repeat)
    if "b" in rows:
        figures["b"] = bench.measure("b", "Ansible loop over cognito_user", size(100), bench.ansible_loop(size(100)),
                                     repeat=repeat)
    if "c" in rows:
        figures["c"] = bench.measure("c", "bare boto3 (floor)", size(1000), bench.boto3_floor(size(1000)), repeat=repeat)
    if "d" in rows or "e" in rows:
        figures["d"] = bench.measure("d", "seed_users role", size(1000), bench.role(size(1000)), repeat=repeat, memory=True)
    if "e" in rows:
        rerun_pool = bench.fresh_pool()
        bench.role(size(1000))(rerun_pool)
        figures["e"] = bench.measure("e", "seed_users re-run, nothing to change", size(1000), bench.role(size(1000)),
                                     pool=lambda: rerun_pool, repeat=repeat, memory=True)
    if "h" in rows:
        figures["h0"] = bench.measure("h", "seed_users role, empty pool", size(200), bench.role(size(200)), repeat=repeat)
        figures["h"] = bench.measure("h", f"seed_users role, pool holding {size(20000):,} other users", size(200),
                                     bench.role(size(200)), pool=bench.crowded_pool(size(20000)), repeat=repeat)
    if "f" in rows:
        figures["f"] = bench.measure("f", "seed_users role", size(10000), bench.role(size(10000)), memory=True)
    if "g" in rows:
        figures["g"] = bench.measure("g", "seed_users role, Cognito's default quotas enforced", size(1000),
                                     bench.role(size(1000), rate_limits=None), policy=cognito_quota_buckets(),
                                     repeat=repeat, memory=True)
    if "i" in rows:
        figures["i"] = bench.measure_account("i", f"{ACCOUNT_RUNS} seed_users runs started together, one per pool, "
                                             "quotas enforced account-wide", size(500), bench.concurrent_roles(size(500)))
    if "j" in rows:
        figures["j"] = bench.measure_account("j", f"one play, forks: {ACCOUNT_RUNS}, one inventory host per pool, "
                                             "quotas enforced account-wide", size(500), bench.forked_play(size(500)))
    # Small-N points, so that every method draws a line on the chart.
    if not smoke:
        for key, label, run in (("a10", "AWS CLI loop", bench.cli_loop(10) if bench.aws_cli else None),
                                ("b10", "Ansible loop over cognito_user", bench.ansible_loop(10)),
                                ("c10", "bare boto3 (floor)", bench.boto3_floor(10))):
            if run is not None and key[0] in rows:
                figures[key] = bench.measure(key[0], label, 10, run, repeat=repeat)
    return figures


def machine() -> List[str]:
    import ansible
    import botocore
    import moto

    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    return [
        f"- {os.cpu_count()} cores ({cpu}), {memory_gb:.0f} GiB memory, {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, ansible-core {ansible.__version__}, boto3 {boto3.__version__}, "
        f"botocore {botocore.__version__}, moto {moto.__version__} (server mode, one process)",
        f"- measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
        f"{' / '.join(f'{load:.1f}' for load in os.getloadavg())} at the end (other work on the machine slows every row)",
    ]


THROTTLED_AT_MOST = 0.10  # rows (i) and (j): of each category's attempts


def targets(f: Dict[str, Figure]) -> List[str]:
    """Each target of the issues, as a ratio of figures from this one run, and whether it was met."""
    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    def have(*keys: str) -> bool:
        return all(key in f for key in keys)

    lines = []
    fixed = f["k"].seconds if "k" in f else None
    if have("a", "d"):
        ratio = f["a"].per_user_ms / f["d"].per_user_ms
        lines.append(f"| (d) per user at least 40x cheaper than (a) | {ratio:.0f}x | {verdict(ratio >= 40)} |")
    if have("b", "d"):
        ratio = f["b"].per_user_ms / f["d"].per_user_ms
        lines.append(f"| (d) per user at least 20x cheaper than (b) | {ratio:.0f}x | {verdict(ratio >= 20)} |")
    if have("c", "d"):
        ratio = f["d"].per_user_ms / f["c"].per_user_ms
        lines.append(f"| (d) per user at most 1.3x (c), the bare-boto3 floor | {ratio:.2f}x | {verdict(ratio <= 1.3)} |")
    if have("e", "d", "k"):
        calls, reads = sum(f["e"].calls.values()), f["e"].calls.get("AdminGetUser", 0)
        target = "(e) at most 20 API calls, no `AdminGetUser`; (e) minus the fixed cost (k) at most 1/10 of (d) minus it"
        if f["e"].seconds <= fixed:
            lines.append(f"| {target} | {calls} calls, {reads} `AdminGetUser`; (e) took {f['e'].seconds:.2f}s, less than "
                         f"the fixed cost (k) measured before it, {fixed:.2f}s: the machine's load changed between the "
                         "rows | **not measured** |")
        else:
            share = (f["e"].seconds - fixed) / (f["d"].seconds - fixed)
            lines.append(f"| {target} | {calls} calls, {reads} `AdminGetUser`, {f['e'].seconds - fixed:.2f}s against "
                         f"{f['d'].seconds - fixed:.2f}s: {share:.2f} | "
                         f"{verdict(calls <= 20 and reads == 0 and share <= 0.1)} |")
    if have("h", "h0"):
        ratio = f["h"].seconds / f["h0"].seconds
        lines.append(f"| (h) {f['h'].users} users into a pool of {f['h'].label.split('holding ')[-1]}: at most 1.2x an "
                     f"empty pool | {ratio:.2f}x, {sum(f['h'].calls.values())} calls against "
                     f"{sum(f['h0'].calls.values())} | {verdict(ratio <= 1.2)} |")
    if have("f", "d"):
        growth = f["f"].seconds / f["d"].seconds
        peak = f["f"].peak_rss_mb or 0.0
        lines.append(f"| (f) at most 10.5x (d), module peak memory under 100 MB | {growth:.1f}x, {peak:.0f} MB | "
                     f"{verdict(growth <= 10.5 and peak < 100)} |")
    if have("g", "k"):
        bound = quota_bound_seconds(f["g"].calls)
        ratio = (f["g"].seconds - fixed) / bound if bound else float("nan")
        lines.append(f"| (g) no failed user; (g) minus the fixed cost (k) at most 1.05x the quota-bound minimum "
                     f"({bound:.1f}s) | {f['g'].failed_users} failed, {ratio:.2f}x | "
                     f"{verdict(f['g'].failed_users == 0 and ratio <= 1.05)} |")
    for key in ("i", "j"):
        if not have(key, "k"):
            continue
        figure = f[key]
        bound = quota_bound_seconds(figure.calls)
        allowed = 1.2 * bound + fixed
        shares = {category: throttled / attempts for category, (attempts, throttled) in figure.by_category.items()
                  if attempts}
        worst = max(shares, key=shares.get) if shares else "-"
        ok = figure.failed_users == 0 and all(share <= THROTTLED_AT_MOST for share in shares.values()) \
            and figure.seconds <= allowed
        lines.append(f"| ({key}) no failed user; at most {THROTTLED_AT_MOST:.0%} of each category's attempts throttled; "
                     f"at most 1.2x the account-wide quota-bound minimum ({bound:.1f}s) plus the fixed cost (k) | "
                     f"{figure.failed_users} failed; at most {shares.get(worst, 0.0):.1%} throttled ({worst}); "
                     f"{figure.seconds:.1f}s against {allowed:.1f}s | {verdict(ok)} |")
    if have("k", "k1"):
        ratio = f["k"].seconds / f["k1"].seconds
        lines.append(f"| (k) the role's fixed cost at most 1.5x a one-task playbook's | {f['k'].seconds:.2f}s against "
                     f"{f['k1'].seconds:.2f}s: {ratio:.2f}x | {verdict(ratio <= 1.5)} |")
    return lines


def report(figures: Dict[str, Figure], out: Path, smoke: bool, measured: Sequence[str] = ROWS) -> None:
    """Write performance.md and performance.png into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    rows = []
    for key in sorted(figures, key=lambda k: (k[0], figures[k].users)):
        figure = figures[key]
        calls = ", ".join(f"{operation} {count}" for operation, count in sorted(figure.calls.items()))
        peak = f"{figure.peak_rss_mb:.0f}" if figure.peak_rss_mb else "-"
        rows.append(f"| ({figure.method}) {figure.label} | {figure.users} | {figure.seconds:.2f} | {figure.runs} | "
                    f"{figure.per_user_ms:.2f} | {sum(figure.calls.values())} | {calls} | {figure.throttled} | {peak} |")
    chart = _chart(figures, out / "performance.png")
    contended = _rate_chart(figures["i"], out / "performance-contended.png") if "i" in figures else None
    text = [
        "# Performance",
        "",
        "Seeding users with the ways people do it today, against one local moto server, measured by the",
        f"source repository's [benchmarks/run.py]({REPOSITORY}/blob/main/benchmarks/run.py). Every method goes",
        "through the same recording proxy, which counts the API calls by operation. Figures are from one run",
        "on this machine:"
        if not smoke else "Smoke run at tiny N: the figures mean nothing, the report's shape is what is checked.",
        "",
        *machine(),
        *([f"- rows measured in this run: {', '.join(f'({row})' for row in measured)}; `make bench` measures every row"]
          if tuple(measured) != ROWS else []),
        "",
        "| method | users | seconds (median) | runs | ms per user | API calls | calls by operation | throttled | module peak RSS (MB) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |",
        *rows,
        "",
        "## Targets",
        "",
        "| target | measured | |",
        "| --- | --- | --- |",
        *targets(figures),
        "",
        f"![time against number of users]({chart.name})",
        "",
        *account_section(figures, contended),
        *fixed_cost_section(figures),
        *scale_section(figures),
        "## How the role reads",
        "",
        "The role runs `cognito_user` once per batch of `seed_users_batch_size` users (1,000 by default), and",
        "each run reads its own users once: `DescribeUserPool`, then the `ListUsers` pages of the username",
        "prefixes its users share (`ListUsers` is free of monthly-active-user billing; `AdminGetUser` is not),",
        "then, since `ListUsers` is eventually consistent, `AdminGetUser` only where the list cannot settle it: a",
        "listed user about to be written, a user Cognito refuses to create as existing, or a miss in a pool where a",
        "name can stand for another user (case-insensitive usernames, aliases). Reads follow the batch, not the",
        "pool: (h) seeds 200 users into a pool that",
        "holds other users under other prefixes, and lists only the pages of its own prefix.",
        "",
        "## How the methods run",
        "",
        "- (a) `aws cognito-idp admin-create-user --message-action SUPPRESS` and",
        "  `admin-set-user-password --permanent` per user, one process each.",
        "- (b) an Ansible `loop:` over `cognito.user_pool.cognito_user` in its single form.",
        f"- (c) boto3 with {CONCURRENCY} threads, `AdminCreateUser` + `AdminSetUserPassword` per user: the floor.",
        f"- (d) the `seed_users` role, {CONCURRENCY} workers, client-side pacing off (`seed_users_rate_limits: 0`",
        "  for every category), as on an account whose quotas were raised; moto has no quotas.",
        "- (e) (d) again on the same users: nothing to change. Most of what it costs past the fixed cost is",
        "  ansible-core hiding the 1,000 passwords (no_log values) in the module's result: its `remove_values` calls",
        "  `str.replace` once per no_log value on every string of the result, about 7 million calls, 1.7 s of the",
        "  module's 2.7 s when profiled in process (2026-12-03), a cost the collection cannot cut while it returns every user.",
        "- (h) (d) for 200 users, into an empty pool and into one holding other users (named `other…`,",
        "  created beforehand past the proxy; the seeded users are deleted between repetitions).",
        "- (f) (d) at ten times the users.",
        "- (g) (d) with the module's default pacing (Cognito's default quotas) through a proxy that enforces",
        "  those quotas with token buckets and answers `TooManyRequestsException` when a bucket is empty. The",
        "  quota-bound minimum is, for each quota category of AWS's quotas page (the operations table in",
        "  `plugins/module_utils/_operations.py`), the calls made divided by its rate; the largest.",
        f"- (i) {ACCOUNT_RUNS} runs of the role (as (g): default pacing), started together, each into its own pool;",
        "  the proxy's token buckets are the account's: every pool draws from them, as the quotas page says",
        "  (\"Each Amazon Cognito quota represents a maximum volume of requests in one AWS Region in one AWS",
        "  account\").",
        f"- (j) the same through one `ansible-playbook` run: one play over {ACCOUNT_RUNS} inventory hosts, one per pool",
        f"  (`seed_users_user_pool_id` a host variable), `--forks {ACCOUNT_RUNS}`.",
        "- (k) the fixed cost of a run: the role for 10 users (pacing off), and beside it a playbook of one",
        "  `cognito_user` task in its batch form for 10 users. Targets state (e), (g), (i) and (j) with the",
        "  role's fixed cost apart.",
        "",
        "Runs under a minute are repeated three times on fresh pools and the median is shown. Peak memory is",
        "the highest `VmHWM` of the module process (`AnsiballZ_cognito_user`), sampled every 20 ms.",
        "",
        "## Reproduce",
        "",
        f"In a clone of the [source repository]({REPOSITORY}):",
        "",
        "```bash",
        "make bench   # make test-scale first, then writes docs/performance.md and docs/performance.png",
        "make bench BENCH_ARGS='--rows i,j,k'   # some rows only",
        "```",
        "",
    ]
    (out / "performance.md").write_text("\n".join(text))
    print(f"wrote {out / 'performance.md'} and {chart}")


def account_section(figures: Dict[str, Figure], chart: Optional[Path]) -> List[str]:
    """How pacing adapts when runs share an account, with rows (i) and (j)'s throttles per category."""
    rows = []
    for key in ("i", "j"):
        if key in figures:
            for category, (attempts, throttled) in sorted(figures[key].by_category.items()):
                rows.append(f"| ({key}) | {category} | {attempts} | {throttled} | {throttled / attempts:.1%} |")
    text = [
        "## Several runs in one account",
        "",
        "Cognito's request-rate quotas hold per account and region, across all its pools, and a run cannot",
        "see the others. Each run paces every quota category at most at its `rate_limits` ceiling (AWS's",
        "default quota), and adapts under it: a throttled attempt lowers the category's rate to",
        f"{BETA:g} times the rate it was paced at; the rate then grows back along a cubic curve, the scheme of",
        "botocore's adaptive retry mode (after CUBIC), flat around the rate where the throttle came and steeper",
        "beyond it, up to the ceiling. The curve is back at that rate after the time the category's whole quota",
        f"takes to serve {RECOVERY_REQUESTS} requests ({RECOVERY_REQUESTS / 30:.1f} s at 30 requests a second), so the runs sharing an",
        "account see about one throttle between them in that many requests, whatever the quota. A throttle",
        "lowers the rate once for all the attempts that were sent before it, and the slots already booked at",
        "the old rate are booked again at the new one. There is still one retry layer, and every attempt is",
        "paced.",
        "",
    ]
    if rows:
        text += [
            "| row | quota category | attempts | throttled | share |",
            "| --- | --- | ---: | ---: | ---: |",
            *rows,
            "",
        ]
    if chart is not None:
        text += [
            "Row (i) over time: each pool's `AdminSetUserPassword` requests Cognito took, a second at a time,",
            "their sum against the account's `UserAccountRecovery` quota, and the throttled ones:",
            "",
            f"![requests a second over time in row (i)]({chart.name})",
            "",
        ]
    return text


def fixed_cost_section(figures: Dict[str, Figure]) -> List[str]:
    """Where the fixed cost of a run goes, task by task, for the role and for one task."""
    text: List[str] = []
    for key in ("k", "k1"):
        if key not in figures or not figures[key].task_times:
            continue
        figure = figures[key]
        if not text:
            text = ["## Where a run's fixed cost goes", "",
                    "Wall time per task of the last repetition of (k) ([bench_task_times.py]"
                    f"({REPOSITORY}/blob/main/benchmarks/callback_plugins/bench_task_times.py)):", ""]
        text += [f"{figure.label}, {figure.seconds:.2f}s (median):", "", "| task | seconds |", "| --- | ---: |"]
        for task, seconds in sorted(figure.task_times.items(), key=lambda item: -item[1]):
            if seconds >= 0.01:
                text.append(f"| {task} | {seconds:.2f} |")
        outside = figure.seconds - sum(figure.task_times.values())
        text += [f"| outside any task: `ansible-playbook` starting, loading the play, exiting (about) | {outside:.2f} |", ""]
    return text


def scale_section(figures: Dict[str, Figure]) -> List[str]:
    """How to seed 100,000 users and more within an account's quotas, with the arithmetic from the operations table."""
    users = 100_000
    create, recover = OPERATIONS["AdminCreateUser"].quota, OPERATIONS["AdminSetUserPassword"].quota
    listing = OPERATIONS["ListUsers"].quota

    def hours(seconds: float) -> str:
        return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.0f} min"

    permanent = users / recover.default_rate
    temporary = users / create.default_rate
    pages = users / LIST_USERS_PAGE_SIZE
    fixed = figures["k"].seconds if "k" in figures else None
    batch = 1000
    return [
        f"## Seeding {users:,} users and beyond",
        "",
        "Each new user costs one `AdminCreateUser` and, with a permanent password (`seed_users_permanent: true`,",
        "the default), one `AdminSetUserPassword`; the reads are one `DescribeUserPool` a run and one `ListUsers`",
        f"page per {LIST_USERS_PAGE_SIZE} users. Cognito's default quotas (the operations table,",
        "`plugins/module_utils/_operations.py`, from AWS's quotas page) make the least time:",
        "",
        "| calls | quota category | default rate | adjustable | time for 100,000 users |",
        "| --- | --- | ---: | --- | ---: |",
        f"| `AdminSetUserPassword` | {recover.name} | {recover.default_rate:g}/s | "
        f"{'yes' if recover.adjustable else 'no'} | {users:,} / {recover.default_rate:g} = {hours(permanent)} |",
        f"| `AdminCreateUser` | {create.name} | {create.default_rate:g}/s | {'yes' if create.adjustable else 'no'} | "
        f"{users:,} / {create.default_rate:g} = {hours(temporary)} |",
        f"| `ListUsers`, {LIST_USERS_PAGE_SIZE} users a page | {listing.name} | {listing.default_rate:g}/s | "
        f"{'yes' if listing.adjustable else 'no'} | {pages:,.0f} / {listing.default_rate:g} = {hours(pages / listing.default_rate)} |",
        "",
        f"- With permanent passwords, {users:,} users take at least {hours(permanent)}, and no quota increase",
        f"  shortens it: {recover.name} is not adjustable. A million take {hours(10 * permanent)}. The",
        f"  categories run side by side, so `AdminCreateUser` ({hours(temporary)}) hides under it.",
        "- With temporary passwords (`seed_users_permanent: false`: users in `FORCE_CHANGE_PASSWORD`, who set",
        f"  their own at first sign-in), only `AdminCreateUser` counts: {hours(temporary)} at the default",
        f"  {create.name} quota, which is adjustable: raise it in Service Quotas (per account and region) and",
        "  set `seed_users_rate_limits.UserCreation` to the new quota.",
        f"- A re-run that changes nothing reads only: {pages:,.0f} `ListUsers` pages, {hours(pages / listing.default_rate)}.",
        f"- Batches: the role runs `cognito_user` once per `seed_users_batch_size` users ({batch:,} by default),",
        f"  {users // batch} module runs for {users:,} users, each reading its own users once, each holding",
        "  only its batch in memory (row (f)); a batch that fails does not stop the next.",
        "- Forks and AWX: the quota is the account's, so more runs in parallel (`forks` over one inventory",
        "  host per pool or tenant, or parallel jobs in AWX / Automation Controller) do not seed faster than",
        "  the table above; they share it. Each run's pacing adapts to the others (rows (i) and (j): the",
        "  three runs together take about the account's quota-bound time), so parallel runs are safe, and",
        "  worth it where the fixed cost of a run"
        + (f" ({fixed:.1f}s here, row (k))" if fixed is not None else "")
        + " or other work dominates, not to beat the quota.",
        "- Keep `max_attempts` (8) for runs that share an account: a throttled attempt is retried, and the",
        "  rate lowered, and attempts that keep being throttled are what fails a user.",
        "",
    ]


def _rate_chart(figure: Figure, path: Path) -> Path:
    """Requests a second Cognito took from each pool, their sum, and the throttled ones, in a contended run."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    operation = "AdminSetUserPassword"
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    end = int(max((at for points in figure.series.values() for at, dummy, dummy2 in points), default=0.0)) + 1
    total = [0] * end
    throttled = [0] * end
    for pool, points in figure.series.items():
        taken = [0] * end
        for at, name, was_throttled in points:
            if name != operation:
                continue
            if was_throttled:
                throttled[int(at)] += 1
            else:
                taken[int(at)] += 1
                total[int(at)] += 1
        ax.plot(range(end), taken, label=f"{pool}: taken", linewidth=1)
    ax.plot(range(end), total, label="all pools: taken", color="black", linewidth=1.5)
    ax.plot(range(end), throttled, label="all pools: throttled", color="red", linewidth=1)
    quota = QUOTA_CATEGORIES[OPERATIONS[operation].category]
    ax.axhline(quota.default_rate, color="grey", linestyle="--", label=f"account quota ({quota.name})")
    ax.set_xlabel("seconds since the first request")
    ax.set_ylabel(f"{operation} requests a second")
    ax.set_title(f"Row (i): {len(figure.series)} runs sharing one account's quota")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _chart(figures: Dict[str, Figure], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5), dpi=100)
    lines: Dict[str, List[Figure]] = {}
    for key in ("a", "a10", "b", "b10", "c", "c10", "d", "k", "f", "g"):
        if key in figures:
            name = figures[key].label if key != "g" else "seed_users role, quotas enforced"
            name = "seed_users role" if key in ("f", "k") else name
            lines.setdefault(name, []).append(figures[key])
    for name, points in lines.items():
        points.sort(key=lambda figure: figure.users)
        ax.plot([p.users for p in points], [p.seconds for p in points], marker="o", label=name)
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("users seeded")
    ax.set_ylabel("wall time (s)")
    ax.set_title("Seeding Cognito users against moto: time against users")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny N, one repetition: checks the script, not speed")
    parser.add_argument("--out", type=Path, default=ROOT / "docs", help="where performance.md and .png go")
    parser.add_argument("--aws-cli", default=os.environ.get("BENCH_AWS_CLI") or shutil.which("aws"),
                        help="the aws executable for method (a); without one, (a) is skipped")
    parser.add_argument("--rows", default=",".join(ROWS),
                        help=f"the rows to measure, comma-separated (default: all of {','.join(ROWS)})")
    args = parser.parse_args()
    rows = [row.strip() for row in args.rows.split(",") if row.strip()]
    unknown = sorted(set(rows) - set(ROWS))
    if unknown:
        parser.error(f"unknown rows {', '.join(unknown)}; the rows are {', '.join(ROWS)}")
    with tempfile.TemporaryDirectory(prefix="cognito-bench-") as workdir, Bench(Path(workdir), args.aws_cli) as bench:
        figures = run_all(bench, args.smoke, rows)
    report(figures, args.out, args.smoke, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
