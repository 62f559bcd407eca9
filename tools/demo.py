#!/usr/bin/env python
"""make demo: a local moto server, a user in FORCE_CHANGE_PASSWORD, and the module fixing it.

Runs with the Python of a venv made by `make venv`: boto3, moto and
ansible-playbook come from there.  Nothing here talks to real AWS.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import boto3

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_moto() -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for dummy in range(100):
        try:
            urllib.request.urlopen(url + "/moto-api/", timeout=1)
            return server, url
        except OSError:
            if server.poll() is not None:
                raise SystemExit("moto server did not start")
            time.sleep(0.1)
    server.terminate()
    raise SystemExit("moto server did not answer")


def playbook(name: str, pool: str, url: str, env: dict, title: str) -> None:
    print(f"\n--- ansible-playbook docs/examples/{name}: {title}", flush=True)
    subprocess.run([str(BIN / "ansible-playbook"), str(ROOT / "docs" / "examples" / name),
                    "-e", f"user_pool_id={pool}", "-e", f"endpoint_url={url}",
                    "-e", f"ansible_python_interpreter={sys.executable}"], env=env, check=True)


def confirm_one_user(cognito, url: str, env: dict) -> None:
    """cognito_user_password: a user in FORCE_CHANGE_PASSWORD made sign-in ready, then left alone."""
    pool = cognito.create_user_pool(PoolName="demo-password")["UserPool"]["Id"]
    cognito.admin_create_user(UserPoolId=pool, Username="demo-user", MessageAction="SUPPRESS")

    def status() -> str:
        return cognito.admin_get_user(UserPoolId=pool, Username="demo-user")["UserStatus"]

    print(f"\n=== cognito_user_password, user pool {pool}\nbefore: demo-user is {status()}")
    for title in ("first run", "second run (nothing to change)"):
        playbook("confirm_user.yml", pool, url, env, title)
        print(f"after the {title}: demo-user is {status()}")


def seed_users(cognito, url: str, env: dict) -> None:
    """The seed_users role: a handful of users seeded, shown, and re-run without change."""
    pool = cognito.create_user_pool(PoolName="demo-seed")["UserPool"]["Id"]
    for group in ("admins", "readers"):
        cognito.create_group(UserPoolId=pool, GroupName=group)
    print(f"\n=== seed_users role, user pool {pool}")
    playbook("seed_users.yml", pool, url, env, "seed docs/examples/seed_users_vars.yml")
    print(f"\n{'username':<10} {'user_status':<22} {'enabled':<8} groups")
    for user in cognito.list_users(UserPoolId=pool)["Users"]:
        groups = cognito.admin_list_groups_for_user(UserPoolId=pool, Username=user["Username"])["Groups"]
        names = ", ".join(sorted(group["GroupName"] for group in groups)) or "-"
        print(f"{user['Username']:<10} {user['UserStatus']:<22} {str(user['Enabled']).lower():<8} {names}")
    playbook("seed_users.yml", pool, url, env, "re-run: nothing changes")


def main() -> int:
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", ANSIBLE_NOCOLOR="1",
               ANSIBLE_LOCALHOST_WARNING="false", ANSIBLE_INVENTORY_UNPARSED_WARNING="false")
    for name in ("AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_REGION"):
        env.pop(name, None)
    os.environ.update({k: env[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY")})
    server, url = start_moto()
    try:
        cognito = boto3.client("cognito-idp", region_name="us-east-1", endpoint_url=url)
        print(f"moto server at {url}")
        confirm_one_user(cognito, url, env)
        seed_users(cognito, url, env)
    finally:
        server.terminate()
        server.wait(timeout=10)
        print("\nmoto server stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
