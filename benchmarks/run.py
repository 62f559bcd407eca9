#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""make bench: seeding users with the ways people do it today, against one moto server.

Every method talks to the same moto server through the recording proxy the
functional tests use, so each figure comes with the API calls it made, by
operation.  Nothing here talks to real AWS.

    python benchmarks/run.py                 # the full run; writes docs/performance.md and .png
    python benchmarks/run.py --smoke --out build/bench-smoke   # tiny N, one repetition (make test)
"""

from __future__ import annotations

import argparse
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
from typing import Callable, Dict, List, Optional

import boto3
import botocore.config

# make bench puts the collections tree and tests/functional (the harness) on PYTHONPATH.
from functional_harness.moto_server import FAKE_CREDENTIALS, MotoServer, aws_free_environment
from functional_harness.playbook import run_playbook
from functional_harness.proxy import ForwardAll, ThrottlingProxy, TokenBuckets

from ansible_collections.cognito.user_pool.plugins.module_utils._operations import DEFAULT_RATE_LIMITS
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS

ROOT = Path(__file__).resolve().parents[1]
COLLECTIONS_PATH = os.environ["ANSIBLE_COLLECTIONS_PATH"]

REPOSITORY = re.search(r"^repository:\s*(\S+)", (ROOT / "galaxy.yml").read_text(), re.MULTILINE).group(1)
REGION = "us-east-1"
PASSWORD = "Bench-Passw0rd!"
CONCURRENCY = 8
# moto has no request quotas; the role runs unpaced, like an account with raised quotas.
UNPACED = {category: 0 for category in DEFAULT_RATE_LIMITS}
REPEAT_UNDER_SECONDS = 60.0


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
                        throttled=extra.get("throttled", 0))
        print(f"{method} {label}: N={users} {figure.seconds:.2f}s (runs {figure.runs}) "
              f"{sum(calls.values())} calls {dict(calls)}", flush=True)
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
        """(d)-(g) the seed_users role."""
        declared = [{"username": f"role{i:05d}"} for i in range(users)]

        def run(pool: str) -> dict:
            variables = {"seed_users_user_pool_id": pool, "seed_users_users": declared,
                         "seed_users_default_password": PASSWORD, "seed_users_max_concurrency": CONCURRENCY}
            if rate_limits is not None:
                variables["seed_users_rate_limits"] = rate_limits
            play = {"roles": [{"role": "cognito.user_pool.seed_users"}], "vars": variables}
            return self._playbook(play)

        return run

    def _playbook(self, play) -> dict:
        self._runs += 1
        outcome = run_playbook(self.workdir / f"run-{self._runs}", play, endpoint_url=self.proxy.url,
                               collections_path=COLLECTIONS_PATH)
        if outcome.rc != 0:
            raise SystemExit(f"ansible-playbook failed:\n{outcome.output[-4000:]}")
        summary = next((r.result.get("ansible_facts", {}).get("seed_users_result", {}) for r in outcome.results
                        if "seed_users_result" in r.result.get("ansible_facts", {})), {})
        return {"failed": int((summary.get("summary") or summary).get("failed", 0) or 0)}


def quota_bound_seconds(calls: Counter) -> float:
    """The least time Cognito's default quotas allow for ``calls``: the slowest category."""
    needed: Counter = Counter()
    for operation, count in calls.items():
        if operation in OPERATIONS:
            needed[OPERATIONS[operation].category] += count
    return max((count / DEFAULT_RATE_LIMITS[category] for category, count in needed.items()), default=0.0)


def run_all(bench: Bench, smoke: bool) -> Dict[str, Figure]:
    """Measure every method; ``smoke`` shrinks N to a handful and repeats nothing."""
    size = (lambda n: min(n, 10)) if smoke else (lambda n: n)
    repeat = 1 if smoke else 3
    figures: Dict[str, Figure] = {}
    if bench.aws_cli:
        figures["a"] = bench.measure("a", "AWS CLI loop", size(50), bench.cli_loop(size(50)), repeat=repeat)
    figures["b"] = bench.measure("b", "Ansible loop over cognito_user", size(100), bench.ansible_loop(size(100)), repeat=repeat)
    figures["c"] = bench.measure("c", "bare boto3 (floor)", size(1000), bench.boto3_floor(size(1000)), repeat=repeat)
    figures["d"] = bench.measure("d", "seed_users role", size(1000), bench.role(size(1000)), repeat=repeat, memory=True)
    rerun_pool = bench.fresh_pool()
    bench.role(size(1000))(rerun_pool)
    figures["e"] = bench.measure("e", "seed_users re-run, nothing to change", size(1000), bench.role(size(1000)),
                                 pool=lambda: rerun_pool, repeat=repeat, memory=True)
    figures["h0"] = bench.measure("h", "seed_users role, empty pool", size(200), bench.role(size(200)), repeat=repeat)
    figures["h"] = bench.measure("h", f"seed_users role, pool holding {size(20000):,} other users", size(200),
                                 bench.role(size(200)), pool=bench.crowded_pool(size(20000)), repeat=repeat)
    figures["f"] = bench.measure("f", "seed_users role", size(10000), bench.role(size(10000)), memory=True)
    figures["g"] = bench.measure("g", "seed_users role, Cognito's default quotas enforced", size(1000),
                                 bench.role(size(1000), rate_limits=None),
                                 policy=TokenBuckets(DEFAULT_RATE_LIMITS), repeat=repeat, memory=True)
    # Small-N points, so that every method draws a line on the chart.
    if not smoke:
        for key, label, run in (("a10", "AWS CLI loop", bench.cli_loop(10) if bench.aws_cli else None),
                                ("b10", "Ansible loop over cognito_user", bench.ansible_loop(10)),
                                ("c10", "bare boto3 (floor)", bench.boto3_floor(10)),
                                ("d10", "seed_users role", bench.role(10))):
            if run is not None:
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
        f"- measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
    ]


def targets(f: Dict[str, Figure]) -> List[str]:
    """Each target of the issues, as a ratio of figures from this one run, and whether it was met."""
    def verdict(ok: bool) -> str:
        return "met" if ok else "**missed**"

    lines = []
    if "a" in f:
        ratio = f["a"].per_user_ms / f["d"].per_user_ms
        lines.append(f"| (d) per user at least 40x cheaper than (a) | {ratio:.0f}x | {verdict(ratio >= 40)} |")
    ratio = f["b"].per_user_ms / f["d"].per_user_ms
    lines.append(f"| (d) per user at least 20x cheaper than (b) | {ratio:.0f}x | {verdict(ratio >= 20)} |")
    ratio = f["d"].per_user_ms / f["c"].per_user_ms
    lines.append(f"| (d) per user at most 1.3x (c), the bare-boto3 floor | {ratio:.2f}x | {verdict(ratio <= 1.3)} |")
    calls, share = sum(f["e"].calls.values()), f["e"].seconds / f["d"].seconds
    reads = f["e"].calls.get("AdminGetUser", 0)
    lines.append(f"| (e) at most 20 API calls, no `AdminGetUser`, under 1/5 of (d)'s time | {calls} calls, "
                 f"{reads} `AdminGetUser`, {share:.2f} of (d) | {verdict(calls <= 20 and reads == 0 and share < 0.2)} |")
    ratio = f["h"].seconds / f["h0"].seconds
    lines.append(f"| (h) {f['h'].users} users into a pool of {f['h'].label.split('holding ')[-1]}: at most 1.2x an "
                 f"empty pool | {ratio:.2f}x, {sum(f['h'].calls.values())} calls against {sum(f['h0'].calls.values())} | "
                 f"{verdict(ratio <= 1.2)} |")
    growth = f["f"].seconds / f["d"].seconds
    peak = f["f"].peak_rss_mb or 0.0
    lines.append(f"| (f) at most 10.5x (d), module peak memory under 100 MB | {growth:.1f}x, {peak:.0f} MB | "
                 f"{verdict(growth <= 10.5 and peak < 100)} |")
    bound = quota_bound_seconds(f["g"].calls)
    ratio = f["g"].seconds / bound if bound else float("nan")
    lines.append(f"| (g) no failed user, at most 1.1x the quota-bound minimum ({bound:.1f}s) | "
                 f"{f['g'].failed_users} failed, {ratio:.2f}x | {verdict(f['g'].failed_users == 0 and ratio <= 1.1)} |")
    return lines


def report(figures: Dict[str, Figure], out: Path, smoke: bool) -> None:
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
        "- (e) (d) again on the same users: nothing to change.",
        "- (h) (d) for 200 users, into an empty pool and into one holding other users (named `other…`,",
        "  created beforehand past the proxy; the seeded users are deleted between repetitions).",
        "- (f) (d) at ten times the users.",
        "- (g) (d) with the module's default pacing (Cognito's default quotas) through a proxy that enforces",
        "  those quotas with token buckets and answers `TooManyRequestsException` when a bucket is empty. The",
        "  quota-bound minimum is, for each quota category of AWS's quotas page (the operations table in",
        "  `plugins/module_utils/_operations.py`), the calls made divided by its rate; the largest.",
        "",
        "Runs under a minute are repeated three times on fresh pools and the median is shown. Peak memory is",
        "the highest `VmHWM` of the module process (`AnsiballZ_cognito_user`), sampled every 20 ms.",
        "",
        "## Reproduce",
        "",
        f"In a clone of the [source repository]({REPOSITORY}):",
        "",
        "```bash",
        "make bench   # writes docs/performance.md and docs/performance.png",
        "```",
        "",
    ]
    (out / "performance.md").write_text("\n".join(text))
    print(f"wrote {out / 'performance.md'} and {chart}")


def _chart(figures: Dict[str, Figure], path: Path) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(8, 5), dpi=100)
    lines: Dict[str, List[Figure]] = {}
    for key in ("a", "a10", "b", "b10", "c", "c10", "d", "d10", "f", "g"):
        if key in figures:
            name = figures[key].label if key != "g" else "seed_users role, quotas enforced"
            name = "seed_users role" if key in ("f", "d10") else name
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cognito-bench-") as workdir, Bench(Path(workdir), args.aws_cli) as bench:
        figures = run_all(bench, args.smoke)
    report(figures, args.out, args.smoke)
    return 0


if __name__ == "__main__":
    sys.exit(main())
