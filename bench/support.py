"""What the benchmarks that start servers share: a free port, and waiting for a server to come up."""

from __future__ import annotations

import contextlib
import socket
import time


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, seconds: float, what: str, every: float = 0.1) -> None:
    """Call ``check`` every ``every`` seconds until it returns true (an exception counts as not yet)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(every)
    raise RuntimeError(f"{what} did not come up within {seconds:.0f} s")
