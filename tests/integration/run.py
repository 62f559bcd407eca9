#!/usr/bin/env python
# -*- coding: utf-8 -*-
"""Run the integration targets with ``ansible-test integration``, against local Cognitos or a real AWS account.

``make integration-<leg>`` runs this with the leg's virtualenv first on PATH::

    python tests/integration/run.py --collections build/collections-py311 --work-dir build/integration-py311 \
        --backend moto,cognito_local,moto_cognito_rules

``--backend`` names the Cognitos the targets run against, all at once (``BACKENDS``): a plain
moto server, whose answers nothing rewrites; cognito-local (an independent emulator from npm); moto
behind the functional harness's proxy playing Cognito's documented rules (``COGNITO_RULES``). Each
backend works in ``<work-dir>/<backend>``, and the targets get its name as the variable ``backend``:
a step an emulator cannot play is skipped on that backend only (``when: backend != 'cognito_local'``,
with the reason and the emulator's source file next to it).

1. Copies the files git would commit into ``<work-dir>/ansible_collections/cognito/user_pool`` (with a
   git repository of its own, so that ansible-test sees them) beside the leg's amazon.aws: ansible-test
   only runs a collection from inside an ``ansible_collections/<namespace>/<name>`` tree.
2. Without ``--cloud-config``: starts the backend on a free loopback port. On moto (``python -m
   moto.server``) it creates an IAM user that holds only the policy ``--print-policy`` prints, and turns
   on moto's IAM checks, so that every run also proves the documented policy sufficient; cognito-local
   checks no IAM. With ``--cloud-config``: takes credentials and region from that file and no
   endpoint: the real account (backend ``aws``).
3. Writes ``tests/integration/cloud-config-aws.ini`` in the copy. ansible-test's aws plugin hands every
   key of its ``[default]`` section to the targets as a variable: ``aws_access_key``, ``aws_secret_key``,
   ``security_token``, ``aws_region``, ``aws_endpoint_url`` (local backends only), ``backend`` and
   ``resource_prefix``, which this script sets to a fresh ``cognito-it-<random>`` so that it knows every
   pool name of the run.
4. Runs ``ansible-test integration --local`` in the copy, with HOME pointed into the work directory
   (ansible-test refuses to run beside a ``~/.aws``, and the credentials must come from the config
   file only) and every ``AWS_*`` variable dropped.
5. Whatever happened: deletes every pool whose name starts with the run's prefix, and fails the run
   if there was one (each target deletes its own pool in an ``always:`` section, so a pool left is a
   teardown bug); removes the config file; stops the backend.

Extra arguments go to ansible-test: target names, ``-v``, ``--tags``. ``--print-policy`` prints the
IAM policy (docs/testing.md holds a copy, tests/integration/test_runner.py keeps the two equal);
``--cloud-config FILE --sweep`` deletes whatever killed runs left in that account (``cognito-it-*``).
"""

from __future__ import annotations

import argparse
import ast
import concurrent.futures
import configparser
import contextlib
import importlib.util
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional

import boto3

# The Makefile puts the leg's collections tree (this collection and amazon.aws) and tests/functional
# (the harness) on PYTHONPATH; nothing here edits sys.path.
from ansible_collections.cognito.user_pool.plugins.module_utils._operations import OPERATIONS
from functional_harness.cognito_rules import rules_from_spec
from functional_harness.moto_server import FAKE_CREDENTIALS
from functional_harness.moto_server import MotoServer
from functional_harness.moto_server import aws_free_environment
from functional_harness.proxy import ThrottlingProxy

REPO = Path(__file__).resolve().parents[2]
INTEGRATION = Path("tests") / "integration"
CLOUD_CONFIG = INTEGRATION / "cloud-config-aws.ini"
TEMPLATE = INTEGRATION / "cloud-config-aws.ini.template"
FIXTURE_MODULE = REPO / INTEGRATION / "targets" / "setup_cognito_pool" / "library" / "cognito_test_pool.py"
NAMESPACE, NAME = "cognito", "user_pool"
# moto's region and the IAM user whose policy is the documented one.
MOTO_REGION = "us-east-1"
MOTO_TEST_USER = "cognito-user-pool-integration"
REQUIRED_KEYS = ("aws_access_key", "aws_secret_key", "aws_region")
# Every run's resource prefix starts with this; --sweep deletes the pools of every run.
RUN_PREFIX = "cognito-it"

# The Cognitos the targets run against, by the name the targets see as ``backend``.
BACKENDS = {
    "moto": "a plain moto server: moto's own answers, nothing rewritten",
    "cognito_local": "cognito-local (npm), an emulator nobody on the project wrote",
    "moto_cognito_rules": "moto behind the harness's proxy playing Cognito's rules (COGNITO_RULES)",
}
# The proxy rules of the moto_cognito_rules backend (tests/functional/functional_harness/cognito_rules.py):
# those that play behaviour AWS documents for the pools the targets create (each rule's docstring quotes
# the text), and Cognito's words for moto's errors. Left out: TokenBuckets (the targets do not run at a
# rate that meets a quota); LaggingListUsers (its window would only slow every target down; the
# functional tests prove the lag); PasswordHistory, which gives every pool a setting
# (PasswordHistorySize) the targets' pools do not have: with a password history, cognito_user_password's update_password: always is refused, as it should be.
COGNITO_RULES = ("CognitoWording,SecretHashCheck,AuthFlowsEnforced,CaseInsensitiveUsernames,AliasesResolved,Lockout,"
                 "TemporaryPasswordValidated,SchemaEnforced,ChangedAddressUnverified")
DEFAULT_BACKENDS = ",".join(BACKENDS)
# cognito-local's package, where the Makefile installs it (npm i cognito-local@5.3.0 into build/node).
COGNITO_LOCAL = REPO / "build" / "node" / "node_modules" / "cognito-local"


# -- the IAM policy -------------------------------------------------------------------------------------


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fixture_operations() -> List[str]:
    """The Cognito calls of the test fixture module, read from its source without importing it."""
    for node in ast.parse(FIXTURE_MODULE.read_text()).body:
        if isinstance(node, ast.Assign) and [target.id for target in node.targets] == ["FIXTURE_OPERATIONS"]:
            return list(ast.literal_eval(node.value))
    raise LookupError(f"{FIXTURE_MODULE} defines no FIXTURE_OPERATIONS")


def iam_policy() -> Dict:
    """The policy of the test identity: every operation of the collection, and the fixture's."""
    actions = sorted({operation.iam_action for operation in OPERATIONS.values()}
                     | {f"cognito-idp:{name}" for name in fixture_operations()})
    return {
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "CognitoUserPoolIntegrationTests",
            "Effect": "Allow",
            "Action": actions,
            # The run creates its pools, so their ids are not known beforehand; ListUserPools and
            # CreateUserPool act on no pool at all.
            "Resource": "*",
        }],
    }


def policy_json() -> str:
    return json.dumps(iam_policy(), indent=2)


# -- the cloud config ansible-test reads -----------------------------------------------------------------


def read_cloud_config(path: Path) -> Dict[str, str]:
    """The ``[default]`` section of a maintainer's cloud config, checked for what the targets need.

    Empty values are dropped (an empty ``security_token`` means none). ``resource_prefix`` is the
    run's to choose: run() overwrites it.
    """
    parser = configparser.ConfigParser()  # as ansible-test's aws plugin reads it
    if not parser.read(path):
        raise SystemExit(f"cannot read the cloud config {path}")
    if not parser.has_section("default"):
        raise SystemExit(f"{path} has no [default] section; start from {TEMPLATE}")
    values = {key: value for key, value in parser.items("default") if value.strip()}
    placeholders = sorted(key for key, value in values.items() if value.startswith("@"))
    missing = [key for key in REQUIRED_KEYS if key not in values]
    if placeholders or missing:
        raise SystemExit(f"{path}: fill in {', '.join(missing + placeholders)} in [default] (see {TEMPLATE})")
    return values


def write_cloud_config(path: Path, values: Dict[str, str]) -> None:
    """``values`` as ansible-test's ``[default]`` section; readable by its owner only."""
    parser = configparser.ConfigParser(interpolation=None)
    parser["default"] = values
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    with path.open("w") as stream:
        parser.write(stream)


def new_resource_prefix() -> str:
    """A prefix no other run shares: every pool of the run is named ``<prefix>-<target>-<random>``."""
    return f"{RUN_PREFIX}-{secrets.token_hex(4)}"


def cognito_client(values: Dict[str, str]):
    return boto3.client(
        "cognito-idp", region_name=values["aws_region"], endpoint_url=values.get("aws_endpoint_url") or None,
        aws_access_key_id=values["aws_access_key"], aws_secret_access_key=values["aws_secret_key"],
        aws_session_token=values.get("security_token") or None,
    )


def sweep(values: Dict[str, str], prefix: str) -> List[str]:
    """Delete every pool whose name starts with ``<prefix>-``; their ids.

    The same function the setup target's teardown uses, from the fixture module, which imports
    amazon.aws (on PYTHONPATH, from the leg's collections tree).
    """
    fixture = _load(FIXTURE_MODULE, "_cognito_test_pool")
    return fixture.delete_pools(cognito_client(values), lambda name: name.startswith(f"{prefix}-"))


# -- moto ------------------------------------------------------------------------------------------------


def moto_test_identity(url: str) -> Dict[str, str]:
    """An IAM user on moto that holds only the documented policy; its access key."""
    iam = boto3.client("iam", region_name=MOTO_REGION, endpoint_url=url,
                       aws_access_key_id=FAKE_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                       aws_secret_access_key=FAKE_CREDENTIALS["AWS_SECRET_ACCESS_KEY"])
    iam.create_user(UserName=MOTO_TEST_USER)
    iam.put_user_policy(UserName=MOTO_TEST_USER, PolicyName="integration-tests", PolicyDocument=policy_json())
    key = iam.create_access_key(UserName=MOTO_TEST_USER)["AccessKey"]
    return {"aws_access_key": key["AccessKeyId"], "aws_secret_key": key["SecretAccessKey"]}


def enforce_iam(url: str) -> None:
    """From now on moto checks every request against IAM (``0`` requests left unchecked)."""
    import urllib.request  # pylint: disable=import-outside-toplevel

    request = urllib.request.Request(f"{url}/moto-api/reset-auth", data=b"0", headers={"Content-Type": "text/plain"},
                                     method="POST")
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()


# -- cognito-local ---------------------------------------------------------------------------------------


class CognitoLocal:
    """cognito-local in a child process, on a loopback port the system picks.

    Its README documents the config: ``.cognito/config.json`` in its working directory, merged over its
    defaults (lib/server/config.js); ``UserPoolDefaults.UsernameAttributes: []`` gives pools with ordinary
    usernames (the default is ``["email"]``). lib/server/config.js reads ``PORT`` and ``HOST``; with port 0
    the system picks a free port, and lib/bin/start.js logs the address it listens on, which is read
    from the log: no port is ever guessed.
    """

    READY = re.compile(r"Cognito Local running on (http://[0-9.]+:[0-9]+)")

    def __init__(self, package: Path, work_dir: Path, ready_timeout: float = 60.0) -> None:
        self.package = package
        self.work_dir = work_dir
        self.log_path = work_dir / "cognito_local.log"
        self.ready_timeout = ready_timeout
        self.url: Optional[str] = None
        self._process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        start_script = self.package / "lib" / "bin" / "start.js"
        if not start_script.is_file():
            raise SystemExit(f"cognito-local is not installed: no {start_script} (make integration installs it: "
                             "npm install cognito-local@5.3.0 in build/node)")
        config = self.work_dir / ".cognito" / "config.json"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text(json.dumps({"UserPoolDefaults": {"UsernameAttributes": []}}))
        env = {**aws_free_environment(), "PORT": "0", "HOST": "127.0.0.1"}
        with self.log_path.open("wb") as log:
            self._process = subprocess.Popen(["node", str(start_script)], cwd=self.work_dir, env=env,
                                             stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline and self._process.poll() is None:
            found = self.READY.search(re.sub(r"\x1b\[[0-9;]*m", "", self.log_path.read_text(errors="replace")))
            if found:
                self.url = found.group(1)
                return
            time.sleep(0.1)
        self.stop()
        raise SystemExit(f"cognito-local did not start; see {self.log_path}:\n"
                         + self.log_path.read_text(errors="replace")[-4000:])

    def stop(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        self._process = None


# -- the backends ----------------------------------------------------------------------------------------


def start_backend(backend: str, work_dir: Path, stack: contextlib.ExitStack, say) -> Dict[str, str]:
    """Start ``backend`` (stopped when ``stack`` closes); the cloud-config values that reach it."""
    if backend == "cognito_local":
        emulator = CognitoLocal(COGNITO_LOCAL, work_dir)
        stack.callback(emulator.stop)
        emulator.start()
        say(f"cognito-local on {emulator.url} (no IAM checks)")
        # cognito-local takes any credentials; its pools are local_<id>, whose region the modules take from
        # the region option (plugins/module_utils/_partitions.py). The secret key is one no answer contains:
        # Ansible masks its value wherever it appears in a result, and "local" would mask the pool ids.
        return {"aws_region": MOTO_REGION, "aws_endpoint_url": emulator.url,
                "aws_access_key": "cognito-local-key", "aws_secret_key": secrets.token_hex(16)}
    moto = MotoServer(log_path=work_dir / "moto_server.log")
    stack.callback(moto.stop)
    moto.start()
    url = moto.url
    if backend == "moto_cognito_rules":
        proxy = ThrottlingProxy(moto.url)
        for rule in rules_from_spec(COGNITO_RULES):
            proxy.add_rule(rule)
        stack.callback(proxy.stop)
        proxy.start()
        url = proxy.url
    values = {"aws_region": MOTO_REGION, "aws_endpoint_url": url, **moto_test_identity(moto.url)}
    enforce_iam(moto.url)
    say(f"moto on {moto.url}" + (f" behind {url} with the rules {COGNITO_RULES}" if url != moto.url else "")
        + ", IAM checked against the documented policy")
    return values


# -- the run ---------------------------------------------------------------------------------------------


def copy_collection(work_dir: Path, collections: Path) -> Path:
    """The files git would commit, under ``ansible_collections/cognito/user_pool``, beside amazon.aws."""
    root = work_dir / "ansible_collections" / NAMESPACE / NAME
    files = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO,
                           check=True, capture_output=True).stdout.decode().split("\0")
    for relative in filter(None, files):
        source = REPO / relative
        if source.is_file():  # a file deleted but not yet staged is still listed
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, root / relative)
    subprocess.run(["git", "init", "--quiet"], cwd=root, check=True)
    shutil.copytree(collections / "ansible_collections" / "amazon" / "aws", work_dir / "ansible_collections" / "amazon" / "aws")
    return root


def ansible_test_environment(home: Path) -> Dict[str, str]:
    """This environment without AWS settings or collection paths, and with a HOME of the run's own."""
    drop = ("ANSIBLE_COLLECTIONS_PATH", "ANSIBLE_COLLECTIONS_PATHS", "PYTHONPATH")
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_") and name not in drop}
    home.mkdir(parents=True, exist_ok=True)
    env["HOME"] = str(home)
    return env


def target_times(root: Path) -> Dict[str, int]:
    """Seconds each target took, from ansible-test's own record of the run."""
    times = {}
    for path in sorted((root / "tests" / "output" / "data").glob("integration-*.json")):
        for name, target in json.loads(path.read_text()).get("targets", {}).items():
            times[name] = target.get("run_time_seconds")
    return times


def sweep_after_run(values: Dict[str, str], prefix: str, say) -> int:
    """1 if the run left a pool (now deleted) or the sweep itself failed, else 0."""
    try:
        left = sweep(values, prefix)
    except Exception as e:  # pylint: disable=broad-exception-caught  # report it, and let the run clean up the rest
        say(f"FAIL: could not sweep the pools named {prefix}-*: {e}")
        return 1
    if left:
        say(f"FAIL: the targets left pools behind (a teardown bug); deleted now: {', '.join(left)}")
        return 1
    say(f"no pool named {prefix}-* left")
    return 0


def run_backend(args: argparse.Namespace, backend: str, work_dir: Path, say, output=None) -> int:
    """Every target against one backend, in a copy of its own under ``work_dir``; ansible-test's status.

    ansible-test's output goes to ``output`` (a file) when given, else to this process's.
    """
    shutil.rmtree(work_dir, ignore_errors=True)
    root = copy_collection(work_dir, args.collections)
    prefix = new_resource_prefix()
    values: Optional[Dict[str, str]] = None
    status = 1
    with contextlib.ExitStack() as stack:
        stack.callback((root / CLOUD_CONFIG).unlink, missing_ok=True)
        try:
            if args.cloud_config:
                values = read_cloud_config(args.cloud_config)
                say(f"real account: credentials and region {values['aws_region']} from {args.cloud_config}")
            else:
                values = start_backend(backend, work_dir, stack, say)
            values.update(resource_prefix=prefix, backend=backend)
            write_cloud_config(root / CLOUD_CONFIG, values)

            command = ["ansible-test", "integration", "--local", "--python", "%d.%d" % sys.version_info[:2],
                       "--color", "no", "--continue-on-error", *args.ansible_test_args]
            say(f"{backend}: resource prefix {prefix}: {' '.join(command)}")
            status = subprocess.run(command, cwd=root, env=ansible_test_environment(work_dir / "home"), check=False,
                                    stdout=output, stderr=subprocess.STDOUT if output else None).returncode
            times = target_times(root)
            say(f"{backend}: ansible-test exited {status}; seconds per target: "
                + ", ".join(f"{name} {seconds}" for name, seconds in times.items()))
        finally:
            if values is not None:
                status = sweep_after_run(values, prefix, say) or status
    return status


def run(args: argparse.Namespace) -> int:
    started = time.monotonic()

    def say(message: str) -> None:
        print(f"[integration {time.monotonic() - started:5.1f}s] {message}", flush=True)

    work_dir = args.work_dir.resolve()
    work_dir.mkdir(parents=True, exist_ok=True)
    results = {}

    def run_one(backend: str) -> None:
        # Backends run at the same time, each in its own copy, on its own port; ansible-test's
        # output of each is printed whole when that backend ends, so the outputs never interleave.
        began = time.monotonic()
        log = work_dir / f"{backend}.log"
        with open(log, "w", encoding="utf-8") as output:
            status = run_backend(args, backend, work_dir / backend, say, output if len(args.backends) > 1 else None)
        if len(args.backends) > 1:
            print(f"---- ansible-test against {backend} ----\n{log.read_text(encoding='utf-8')}", end="", flush=True)
        results[backend] = (status, time.monotonic() - began)
        say(f"{backend}: {'passed' if status == 0 else 'FAILED'} in {results[backend][1]:.0f} s")

    with concurrent.futures.ThreadPoolExecutor(max_workers=len(args.backends)) as pool:
        for done in [pool.submit(run_one, backend) for backend in args.backends]:
            done.result()
    say("; ".join(f"{backend} {'passed' if status == 0 else 'FAILED'} ({seconds:.0f} s)"
                  for backend, (status, seconds) in results.items()))
    return max(status for status, dummy in results.values())


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--collections", type=Path, help="a leg's collections tree, for amazon.aws (build/collections-<leg>)")
    parser.add_argument("--work-dir", type=Path, help="where the copy is made, emptied first (build/integration-<leg>)")
    parser.add_argument("--cloud-config", type=Path, help="run against the real account of this cloud-config-aws.ini")
    parser.add_argument("--backend", default=DEFAULT_BACKENDS,
                        help="the local Cognitos to run against, comma-separated, all at once: "
                             + "; ".join(f"{name}: {text}" for name, text in BACKENDS.items()) + f" (default {DEFAULT_BACKENDS})")
    parser.add_argument("--print-policy", action="store_true", help="print the IAM policy the test identity needs")
    parser.add_argument("--sweep", action="store_true",
                        help=f"with --cloud-config: only delete the pools every run may have left ({RUN_PREFIX}-*)")
    args, ansible_test_args = parser.parse_known_args(argv)
    args.ansible_test_args = ansible_test_args
    if args.print_policy:
        print(policy_json())
        return 0
    if not args.collections:
        parser.error("--collections is required: the leg's tree holds amazon.aws")
    args.collections = args.collections.resolve()
    if args.sweep:
        if not args.cloud_config:
            parser.error("--sweep needs --cloud-config")
        deleted = sweep(read_cloud_config(args.cloud_config), RUN_PREFIX)
        print(f"deleted {len(deleted)} pools named {RUN_PREFIX}-*: {', '.join(deleted) or 'none'}")
        return 0
    if not args.work_dir:
        parser.error("--work-dir is required to run the targets")
    args.backends = ["aws"] if args.cloud_config else [name.strip() for name in args.backend.split(",") if name.strip()]
    unknown = [name for name in args.backends if name not in BACKENDS and name != "aws"]
    if unknown or not args.backends:
        parser.error(f"--backend {args.backend!r}: choose among {', '.join(BACKENDS)}")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
