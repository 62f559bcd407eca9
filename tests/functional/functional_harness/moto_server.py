# -*- coding: utf-8 -*-
"""A moto server in a child process, on a free loopback port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Dict, Optional

# Credentials and region for everything that talks to moto; never real AWS.
FAKE_CREDENTIALS: Dict[str, str] = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
}


def free_port() -> int:
    """A loopback TCP port that was free a moment ago (another process may still take it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def aws_free_environment(base: Optional[Dict[str, str]] = None) -> Dict[str, str]:
    """``base`` (default ``os.environ``) without any AWS setting, plus fake credentials.

    Dropping every ``AWS_*`` variable keeps a developer's profile, region or
    session token from leaking into the tests and from reaching real AWS.
    """
    env = {name: value for name, value in (os.environ if base is None else base).items() if not name.startswith("AWS_")}
    env.update(FAKE_CREDENTIALS)
    env["AWS_EC2_METADATA_DISABLED"] = "true"
    return env


class MotoServerError(RuntimeError):
    """moto_server did not come up."""


class MotoServer:
    """``python -m moto.server`` with the running interpreter, bound to 127.0.0.1.

    The port is found by binding port 0; if another process takes it before
    moto does, moto exits and ``start`` tries again on a new port.
    """

    def __init__(self, log_path: Path, python: str = sys.executable, start_attempts: int = 5,
                 ready_timeout: float = 60.0) -> None:
        self.log_path = log_path
        self.python = python
        self.start_attempts = start_attempts
        self.ready_timeout = ready_timeout
        self.port: Optional[int] = None
        self._process: Optional[subprocess.Popen] = None

    @property
    def url(self) -> str:
        if self.port is None:
            raise MotoServerError("moto_server is not running")
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        for attempt in range(1, self.start_attempts + 1):
            port = free_port()
            process = self._spawn(port, attempt)
            if self._wait_until_ready(process, port):
                self._process, self.port = process, port
                return
            _stop(process)
        raise MotoServerError(
            f"moto_server did not start after {self.start_attempts} attempts; see {self.log_path}:\n"
            + self.log_path.read_text(errors="replace")[-4000:]
        )

    def stop(self) -> None:
        if self._process is not None:
            _stop(self._process)
        self._process, self.port = None, None

    def reset(self) -> None:
        """Forget every pool, client and user (moto's own reset endpoint)."""
        request = urllib.request.Request(f"{self.url}/moto-api/reset", data=b"", method="POST")
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()

    def _spawn(self, port: int, attempt: int) -> subprocess.Popen:
        with self.log_path.open("ab") as log:
            log.write(f"--- attempt {attempt}: starting moto_server on port {port}\n".encode())
            return subprocess.Popen(
                [self.python, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env=aws_free_environment(),
            )

    def _wait_until_ready(self, process: subprocess.Popen, port: int) -> bool:
        deadline = time.monotonic() + self.ready_timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                return False  # most likely lost the port to another process
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=2) as response:
                    if response.status == 200:
                        # The port answered; make sure it is our process that answered.
                        return process.poll() is None
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.1)
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
