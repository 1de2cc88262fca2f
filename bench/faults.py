"""Fault drill: concurrent public submissions through a production-style server while PostgreSQL restarts,
a worker is killed and Redis stops; prints what was requested, acknowledged, stored and lost per fault.

Run: .venv/bin/python bench/faults.py [--clients 16] [--phase-seconds 20] [--workers 3]   (or `make bench-faults`)

Self-contained: everything runs in a temporary directory on free ports of 127.0.0.1 and is stopped at the end
(also on Ctrl-C or an error): its own PostgreSQL cluster (initdb/pg_ctl, trust authentication, as the
`postgres` user when run as root), its own redis-server, a fresh database migrated and loaded with the demo,
and gunicorn (deploy/gunicorn.conf.py) with production settings (debug off, SECRET_KEY and ALLOWED_HOSTS
set, rate limits off: the drill measures durability, not throttling). The machine's own PostgreSQL and
Redis are never touched.

Clients (threads) submit FOI applications, messages and consultation comments through the public API with
unique submission keys; a failed submission is retried with the same key and content (bounded, with
backoff), as a well-behaved client does. A submission is acknowledged when a 200/201 with its tracking or
query code arrived. After the run the drill counts what is stored (its database, by submission key): lost =
acknowledged but not stored (or stored under another code); it must be 0, and the exit status is 1 if not.
Phases, each with the same load: a baseline without fault, a PostgreSQL restart (pg_ctl restart -m fast),
kill -9 of one gunicorn worker, Redis stopped for a while and started again.
"""

from __future__ import annotations

import argparse
import atexit
import base64
import contextlib
import dataclasses
import glob
import hashlib
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import free_port, wait_until

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

# Challenges ------------------------------------------------------------------------------------------

DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
NUMBER = r"[零〇一二两三四五六七八九十百\d]+"
QUESTION = re.compile(rf"({NUMBER})\s*(加上?|减去?|乘以?)\s*({NUMBER})")


def chinese_number(text: str) -> int:
    """'八' -> 8, '十二' -> 12, '二十' -> 20, '三十五' -> 35, '一百零三' -> 103; Arabic digits pass through."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    total, current = 0, 0
    for char in text:
        if char in DIGITS:
            current = DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


def answer_question(question: str) -> str:
    """The answer, in Arabic digits, to a question such as '三加五等于几？（请填写阿拉伯数字）'."""
    found = QUESTION.search(question)
    if not found:
        raise ValueError(f"cannot read the challenge question: {question!r}")
    a, op, b = chinese_number(found.group(1)), found.group(2), chinese_number(found.group(3))
    result = a + b if op.startswith("加") else a - b if op.startswith("减") else a * b
    return str(result)


def altcha_payload(challenge: dict) -> str:
    """Solve an ALTCHA proof-of-work challenge; the base64 payload the server verifies. Uses the `altcha`
    package when it is installed, else the same search (hash of salt + number equals the challenge)."""
    salt, target = challenge["salt"], challenge["challenge"]
    algorithm = challenge.get("algorithm", "SHA-256")
    maxnumber = int(challenge.get("maxnumber") or challenge.get("maxNumber") or 1_000_000)
    number = None
    try:
        from altcha import solve_challenge_v1
    except ImportError:
        name = algorithm.replace("-", "").lower()
        for n in range(maxnumber + 1):
            if hashlib.new(name, (salt + str(n)).encode()).hexdigest() == target:
                number = n
                break
    else:
        solution = solve_challenge_v1(target, salt=salt, algorithm=algorithm, max_number=maxnumber)
        number = solution.number if solution else None
    if number is None:
        raise ValueError("the ALTCHA challenge has no solution up to maxnumber")
    payload = {
        "algorithm": algorithm,
        "challenge": target,
        "number": number,
        "salt": salt,
        "signature": challenge["signature"],
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


def solve(challenge: dict | None, prefer: str = "altcha") -> dict:
    """The fields to add to a submission's body for a challenge as a GET endpoint answers it: the ALTCHA
    payload when the challenge offers one, else the token and the answer to its question (prefer="question":
    the question when both are offered, the path without JavaScript); nothing when there is no challenge
    (None: the endpoint does not exist)."""
    if not challenge:
        return {}
    question = bool(challenge.get("question") and challenge.get("token"))
    if challenge.get("altcha") and not (prefer == "question" and question):
        return {"altcha": altcha_payload(challenge["altcha"])}
    if question:
        return {"token": challenge["token"], "answer": answer_question(challenge["question"])}
    return {}


# Identities: distinct and valid for every submission -------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(n: int) -> str:
    """The n-th of 18 million distinct valid resident ID numbers (Beijing Chaoyang, born 1950-1999)."""
    born = time.gmtime(-631152000 + (n // 1000 % 18000) * 86400)  # from 1950-01-01, one day per 1000
    first17 = f"110105{born.tm_year:04d}{born.tm_mon:02d}{born.tm_mday:02d}{n % 1000:03d}"
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def mobile(n: int) -> str:
    """The n-th mainland mobile number 139xxxxxxxx."""
    return f"139{n % 10**8:08d}"


def address(n: int) -> str:
    """A distinct client address (10.x.y.z) for the n-th challenge or submission, sent as X-Forwarded-For."""
    return f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"


# Records and the table (pure: tested in tests/bench/test_faults.py) ----------------------------------


@dataclasses.dataclass
class Attempt:
    """One HTTP request a client made: when it was sent and answered, its status (None: no response)."""

    endpoint: str
    sent: float
    received: float
    status: int | None
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status in (200, 201)

    @property
    def user_error(self) -> bool:
        """What a citizen would see as a failure: a 5xx or no answer at all."""
        return self.status is None or self.status >= 500


@dataclasses.dataclass
class Submission:
    key: str
    kind: str
    started: float
    acknowledged: bool = False
    code: str = ""
    acknowledged_at: float | None = None
    gave_up: str = ""


@dataclasses.dataclass
class Phase:
    name: str
    started: float = 0.0
    load_ended: float = 0.0
    fault_at: float | None = None
    fault_end: float | None = None
    submissions: list[Submission] = dataclasses.field(default_factory=list)
    attempts: list[Attempt] = dataclasses.field(default_factory=list)
    note: str = ""


def lost(submissions: list[Submission], stored: dict[str, str]) -> list[Submission]:
    """Acknowledged submissions the database does not hold, or holds under another code than the one the
    client was given (its code would find nothing). ``stored``: submission key -> code ('' if none)."""
    return [
        s
        for s in submissions
        if s.acknowledged and (s.key not in stored or (s.code and stored[s.key] != s.code))
    ]


def recovery_seconds(phase: Phase) -> float | None:
    """From the fault to the first acknowledgement after the last user-facing error it caused (0 when no
    error was seen: service went on); None without a fault or if nothing succeeded afterwards."""
    if phase.fault_at is None:
        return None
    errors = [a.received for a in phase.attempts if a.user_error and a.received >= phase.fault_at]
    after = max(errors) if errors else phase.fault_at
    oks = [
        a.received for a in phase.attempts if a.ok and a.received >= after and a.endpoint.startswith("POST")
    ]
    if not errors:
        return 0.0
    return min(oks) - phase.fault_at if oks else None


def summarize(phase: Phase, stored: dict[str, str]) -> dict:
    """One row of the table."""
    subs = phase.submissions
    acknowledged = [s for s in subs if s.acknowledged]
    seconds = max(phase.load_ended - phase.started, 1e-9)
    while_down = None
    if phase.fault_at is not None and phase.fault_end is not None:
        while_down = sum(
            1 for s in acknowledged if phase.fault_at <= (s.acknowledged_at or 0) <= phase.fault_end
        )
    return {
        "phase": phase.name,
        "requested": len(subs),
        "acknowledged": len(acknowledged),
        "stored": sum(1 for s in subs if s.key in stored),
        "lost": len(lost(subs, stored)),
        "gave_up": len(subs) - len(acknowledged),
        "user_errors": sum(1 for a in phase.attempts if a.user_error),
        "refused_4xx": sum(1 for a in phase.attempts if a.status is not None and 400 <= a.status < 500),
        "recovery": recovery_seconds(phase),
        "while_down": while_down,
        "down_seconds": (phase.fault_end - phase.fault_at)
        if phase.fault_at is not None and phase.fault_end is not None
        else None,
        "throughput": len(acknowledged) / seconds,
    }


COLUMNS = [
    ("phase", "phase", "<", "{}"),
    ("requested", "requested", ">", "{:,}"),
    ("acknowledged", "acknowledged", ">", "{:,}"),
    ("stored", "stored", ">", "{:,}"),
    ("lost", "lost", ">", "{:,}"),
    ("gave_up", "not acked", ">", "{:,}"),
    ("user_errors", "5xx/conn errors", ">", "{:,}"),
    ("refused_4xx", "4xx", ">", "{:,}"),
    ("recovery", "recovery (s)", ">", "{:.2f}"),
    ("while_down", "acked in fault", ">", "{:,}"),
    ("throughput", "acks/s", ">", "{:.1f}"),
]


def format_table(rows: list[dict]) -> str:
    """The rows as a fixed-width table like the other benches print ('–' where a value does not apply)."""

    def cell(row, key, fmt):
        value = row.get(key)
        if value is None:
            return "–"
        if key == "while_down" and row.get("down_seconds") is not None:
            return f"{fmt.format(value)} in {row['down_seconds']:.1f} s"
        return fmt.format(value)

    cells = [[title for _key, title, _align, _fmt in COLUMNS]]
    cells += [[cell(row, key, fmt) for key, _title, _align, fmt in COLUMNS] for row in rows]
    widths = [max(len(line[i]) for line in cells) for i in range(len(COLUMNS))]
    lines = []
    for line in cells:
        parts = [
            f"{text:{align}{width}}"
            for text, (_k, _t, align, _f), width in zip(line, COLUMNS, widths, strict=True)
        ]
        lines.append("  ".join(parts).rstrip())
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def error_breakdown(phase: Phase) -> list[str]:
    """'POST /api/v1/interaction/messages: 500 ×12' lines for the errors and refusals of a phase."""
    counts = Counter(
        (a.endpoint, str(a.status) if a.status is not None else a.error)
        for a in phase.attempts
        if a.status is None or a.status >= 400
    )
    return [f"{endpoint}: {what} ×{n}" for (endpoint, what), n in sorted(counts.items())]


# The servers -----------------------------------------------------------------------------------------


RATE_LIMIT_NAMES = ("foi.address", "foi.identity", "message.address", "message.identity", "comment.address")


def postgres_bin() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    if which:
        return Path(which).parent
    sys.exit("PostgreSQL's initdb was not found (Debian: apt-get install postgresql)")


class Servers:
    """PostgreSQL, Redis and gunicorn of this drill, in its own temporary directory; stop() ends them all."""

    def __init__(self, workers: int, keep: bool, rate_limits: bool):
        self.tmp = Path(tempfile.mkdtemp(prefix="gongkai-faults-"))
        self.tmp.chmod(0o755)  # the postgres user must reach its data directory inside
        self.keep, self.workers = keep, workers
        self.pg_bin = postgres_bin()
        self.pg_port, self.redis_port, self.web_port = free_port(), free_port(), free_port()
        self.pg_data, self.pg_run = self.tmp / "pg", self.tmp / "pg-run"
        self.redis: subprocess.Popen | None = None
        self.web: subprocess.Popen | None = None
        self.web_log = self.tmp / "gunicorn.log"
        self.pg_started = False
        self.stopped = False
        self.database_url = f"postgres://postgres@127.0.0.1:{self.pg_port}/gongkai"
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
        self.env.update(
            DJANGO_SETTINGS_MODULE="gongkai.settings",
            SECRET_KEY=secrets.token_urlsafe(50),
            GONGKAI_AUDIT_KEY=secrets.token_urlsafe(48),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            GONGKAI_SSL_REDIRECT="0",
            DATABASE_URL=self.database_url,
            REDIS_URL=f"redis://127.0.0.1:{self.redis_port}/0",
            GONGKAI_VAR_DIR=str(self.tmp / "var"),
            GONGKAI_STATIC_ROOT=str(self.tmp / "static"),
            # The clients stand for many citizens behind one reverse proxy (distinct X-Forwarded-For).
            GONGKAI_PROXY_COUNT="1",
            GONGKAI_RATE_LIMITS=",".join(f"{name}=1000000/60" for name in RATE_LIMIT_NAMES),
            GONGKAI_BIND=f"127.0.0.1:{self.web_port}",
            GONGKAI_WEB_WORKERS=str(workers),
            GONGKAI_LOG_LEVEL="WARNING",
        )
        if not rate_limits:
            self.env["GONGKAI_RATE_LIMITS_OFF"] = "1"

    # PostgreSQL, as the postgres user when we are root (it refuses to run as root).
    def _as_postgres(self, command: list[str]) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *command]
        return command

    def _pg_ctl(self, *args: str, timeout: float = 90) -> None:
        command = [
            str(self.pg_bin / "pg_ctl"),
            "-D",
            str(self.pg_data),
            "-l",
            str(self.tmp / "pg" / "log"),
            "-w",
        ]
        subprocess.run(
            self._as_postgres([*command, *args]),
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
            cwd=self.tmp,
        )

    def start_postgres(self) -> None:
        for path in (self.pg_data, self.pg_run):
            path.mkdir(mode=0o700)
            if os.geteuid() == 0:
                shutil.chown(path, "postgres", "postgres")
        subprocess.run(
            self._as_postgres(
                [
                    str(self.pg_bin / "initdb"),
                    "-D",
                    str(self.pg_data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
            start_new_session=True,
            cwd=self.tmp,
        )
        self._configure_postgres(durable=False)  # migrating and loading the demo need no durability
        self._pg_ctl("start")
        self.pg_started = True
        subprocess.run(
            self._as_postgres(
                [
                    str(self.pg_bin / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(self.pg_port),
                    "-U",
                    "postgres",
                    "gongkai",
                ]
            ),
            check=True,
            timeout=60,
            start_new_session=True,
            cwd=self.tmp,
        )

    def _configure_postgres(self, durable: bool) -> None:
        (self.pg_data / "postgresql.auto.conf").write_text(
            f"port = {self.pg_port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{self.pg_run}'\n"
            "shared_buffers = '32MB'\nmax_connections = 100\n"
            + (
                "fsync = on\nsynchronous_commit = on\nfull_page_writes = on\n"
                if durable
                else "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            )
        )

    def make_postgres_durable(self) -> None:
        """Before the drill: fsync and synchronous commit on, as in production (a restart applies them)."""
        self._configure_postgres(durable=True)
        self._pg_ctl("-m", "fast", "restart")
        import psycopg

        with psycopg.connect(self.database_url.replace("postgres://", "postgresql://")) as conn:
            settings = [
                conn.execute(f"SHOW {name}").fetchone()[0] for name in ("fsync", "synchronous_commit")
            ]
        if settings != ["on", "on"]:
            raise RuntimeError(
                f"PostgreSQL is not durable for the drill: fsync, synchronous_commit = {settings}"
            )

    def restart_postgres(self) -> None:
        self._pg_ctl("-m", "fast", "restart")

    # Redis
    def start_redis(self) -> None:
        log = (self.tmp / "redis.log").open("ab")
        self.redis = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(self.redis_port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.tmp),
                "--daemonize",
                "no",
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(self.redis_alive, 20, "redis-server")

    def redis_alive(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.redis_port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")

    def stop_redis(self) -> None:
        if self.redis and self.redis.poll() is None:
            self.redis.terminate()
            try:
                self.redis.wait(10)
            except subprocess.TimeoutExpired:
                self.redis.kill()
                self.redis.wait(5)

    # The application
    def gongkai(self, *args: str, debug: bool = False) -> None:
        """Run a management command; its output goes to setup.log (printed if it fails)."""
        env = dict(self.env, GONGKAI_DEBUG="1") if debug else self.env
        log_path = self.tmp / "setup.log"
        with log_path.open("ab") as log:
            done = subprocess.run(
                [str(BIN / "gongkai"), *args],
                env=env,
                cwd=ROOT,
                timeout=600,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if done.returncode:
            print(log_path.read_text(errors="replace")[-4000:], file=sys.stderr)
            raise RuntimeError(f"gongkai {' '.join(args)} failed")

    def start_web(self) -> None:
        gunicorn = BIN / "gunicorn"
        if not gunicorn.exists():
            sys.exit("gunicorn is not installed in this environment: run `make deps` first")
        log = self.web_log.open("ab")
        self.web = subprocess.Popen(
            [str(gunicorn), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), "gongkai.wsgi:application"],
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(lambda: http_get(self.web_port, "/api/v1/interaction/challenge")[0] == 200, 90, "gunicorn")
        wait_until(lambda: len(self.ready_workers()) >= self.workers, 90, "gunicorn's workers")

    def worker_pids(self) -> list[int]:
        """gunicorn's workers: the processes whose parent is its master."""
        assert self.web is not None
        pids = []
        for stat in glob.glob("/proc/[0-9]*/stat"):
            with contextlib.suppress(OSError, ValueError, IndexError):
                fields = Path(stat).read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) == self.web.pid:
                    pids.append(int(stat.split("/")[2]))
        return sorted(pids)

    def ready_workers(self) -> set[int]:
        """Workers that logged they are ready (deploy/gunicorn.conf.py's post_worker_init)."""
        text = self.web_log.read_text(errors="replace")
        return {int(pid) for pid in re.findall(r"Worker ready \(pid: (\d+)\)", text)}

    def kill_worker(self) -> int:
        pid = self.worker_pids()[0]
        os.kill(pid, signal.SIGKILL)
        return pid

    def stop(self) -> None:
        if self.stopped:
            return
        self.stopped = True
        if self.web and self.web.poll() is None:
            self.web.terminate()  # gunicorn's master stops its workers
            try:
                self.web.wait(30)
            except subprocess.TimeoutExpired:
                self.web.kill()
                self.web.wait(5)
        self.stop_redis()
        if self.pg_started:
            try:
                self._pg_ctl("-m", "fast", "stop", timeout=60)
            except (subprocess.SubprocessError, OSError):
                with contextlib.suppress(subprocess.SubprocessError, OSError):
                    self._pg_ctl("-m", "immediate", "stop", timeout=30)
        if not self.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)


def http_request(
    port: int,
    method: str,
    path: str,
    body: dict | None = None,
    forwarded_for: str = "",
    cookie: str = "",
    timeout: float = 15,
) -> tuple[int, object, str]:
    """One request to 127.0.0.1 on a fresh connection: (status, parsed JSON or None, the cookies it set as a
    Cookie header)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Accept": "application/json", "Connection": "close"}
        if forwarded_for:
            headers["X-Forwarded-For"] = forwarded_for
        if cookie:
            headers["Cookie"] = cookie
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        raw = response.read()
        try:
            parsed = json.loads(raw) if raw else None
        except ValueError:
            parsed = None
        cookies = "; ".join(value.split(";", 1)[0] for value in response.headers.get_all("Set-Cookie") or [])
        return response.status, parsed, cookies
    finally:
        conn.close()


def http_get(port: int, path: str) -> tuple[int, object]:
    return http_request(port, "GET", path)[:2]


# The load --------------------------------------------------------------------------------------------

CHALLENGE_PATHS = {
    "foi": "/api/v1/foi/challenge",
    "message": "/api/v1/interaction/challenge",
    "comment": "/api/v1/consultations/challenge",
}
KINDS = ("foi", "message", "comment")


@dataclasses.dataclass
class Options:
    port: int
    run: str
    unit_id: int
    channel_id: int
    consultation_id: int | None
    challenged: dict[str, bool]
    prefer: str = "altcha"  # or "question": the answer to the sum when a challenge offers both
    min_fill: float = 3.2  # the server refuses a challenge answered sooner than 3 s after it was shown
    pool: int = 4
    attempts: int = 10
    retry_seconds: float = 25.0
    max_submissions: int = 5000


class Serial:
    """A thread-safe counter for the distinct addresses and identities."""

    def __init__(self):
        self._n, self._lock = 0, threading.Lock()

    def next(self) -> int:
        with self._lock:
            self._n += 1
            return self._n


SERIAL = Serial()


class ClientState:
    """One citizen-like client: its pool of challenges (fetched ahead, as a form shown before it is sent)."""

    def __init__(self, n: int, options: Options):
        self.n, self.options = n, options
        self.pools: dict[str, deque] = {kind: deque() for kind in KINDS}
        self.seq = 0
        self.kind_turn = n % len(self.kinds())

    def kinds(self) -> tuple[str, ...]:
        return KINDS if self.options.consultation_id else KINDS[:2]

    def request(self, phase: Phase, method: str, path: str, body=None, forwarded_for="", cookie="", label=""):
        sent = time.monotonic()
        try:
            status, data, cookies = http_request(self.options.port, method, path, body, forwarded_for, cookie)
            error = ""
        except (OSError, http.client.HTTPException) as exc:
            status, data, cookies, error = None, None, "", type(exc).__name__
        phase.attempts.append(Attempt(f"{method} {label or path}", sent, time.monotonic(), status, error))
        return status, data, cookies

    def fetch_challenge(self, phase: Phase, kind: str) -> bool:
        """Fetch and solve a challenge into the pool, with the address and cookies it was fetched with."""
        forwarded_for = address(SERIAL.next())
        status, data, cookies = self.request(phase, "GET", CHALLENGE_PATHS[kind], forwarded_for=forwarded_for)
        if status == 200 and isinstance(data, dict):
            fetched = time.monotonic()
            self.pools[kind].append((fetched, solve(data, self.options.prefer), forwarded_for, cookies))
            return True
        return False

    def fill(self, phase: Phase) -> None:
        for kind in self.kinds():
            if self.options.challenged[kind]:
                while len(self.pools[kind]) < self.options.pool and self.fetch_challenge(phase, kind):
                    pass

    def take_challenge(self, phase: Phase, kind: str):
        """(fields, address, cookies) of a solved challenge aged at least min_fill, or None if none could be
        fetched."""
        pool = self.pools[kind]
        if not pool and not self.fetch_challenge(phase, kind):
            return None
        fetched, fields, forwarded_for, cookies = pool.popleft()
        self.fetch_challenge(phase, kind)  # its replacement ages while this one is used
        wait = fetched + self.options.min_fill - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        return fields, forwarded_for, cookies

    def payload(self, kind: str, key: str, serial: int) -> tuple[str, dict]:
        o = self.options
        if kind == "foi":
            return "/api/v1/foi/applications", {
                "unit_id": o.unit_id,
                "applicant_type": "natural_person",
                "applicant_name": f"演练申请人{serial}",
                "id_type": "resident_id",
                "id_number": resident_id(serial),
                "phone": mobile(serial),
                "email": f"drill{serial}@example.com",
                "address": "临沂市兰山区演练路1号",
                "description": f"申请公开本单位2025年度财政预算执行情况（演练{serial}）。",
                "purpose": "了解政府预算执行情况",
                "form": "electronic",
                "delivery": "email",
                "submission_key": key,
            }
        if kind == "message":
            return "/api/v1/interaction/messages", {
                "channel_id": o.channel_id,
                "subject": f"演练留言{serial}",
                "name": f"演练市民{serial}",
                "body": f"建议在演练路口增设人行横道信号灯，方便群众出行（演练{serial}）。",
                "phone": mobile(serial),
                "public_consent": False,
                "submission_key": key,
            }
        return f"/api/v1/consultations/{o.consultation_id}/comments", {
            "body": f"建议公园夏季开放至晚上十点（演练{serial}）。",
            "name": f"演练市民{serial}",
            "contact": mobile(serial),
            "submission_key": key,
        }

    def submit(self, phase: Phase, kind: str) -> Submission:
        self.seq += 1
        serial = SERIAL.next()
        key = f"drill-{self.options.run}-{phase.name[:8]}-{self.n}-{self.seq}"
        path, body = self.payload(kind, key, serial)
        label = path if kind != "comment" else "/api/v1/consultations/{id}/comments"
        submission = Submission(key, kind, time.monotonic())
        phase.submissions.append(submission)
        own_address = address(serial)
        for attempt in range(self.options.attempts):
            fields, forwarded_for, cookies = {}, own_address, ""
            if self.options.challenged[kind]:
                taken = self.take_challenge(phase, kind)
                if taken is None:
                    submission.gave_up = "no challenge"
                    if time.monotonic() - submission.started > self.options.retry_seconds:
                        return submission
                    self._backoff(attempt)
                    continue
                fields, forwarded_for, cookies = taken
            status, data, _cookies = self.request(
                phase, "POST", path, {**body, **fields}, forwarded_for, cookies, label
            )
            code = self._code(kind, data)
            if status in (200, 201) and code is not None:
                submission.acknowledged, submission.code = True, code
                submission.acknowledged_at, submission.gave_up = time.monotonic(), ""
                return submission
            submission.gave_up = str(status or "no response")
            if (
                status is not None
                and 400 <= status < 500
                and status != 429
                and not self._challenge_refused(data)
            ):
                return submission  # the request itself is wrong: retrying it would not help
            if time.monotonic() - submission.started > self.options.retry_seconds:
                return submission
            self._backoff(attempt)
        return submission

    @staticmethod
    def _code(kind: str, data) -> str | None:
        if not isinstance(data, dict):
            return None
        if kind == "foi":
            return data.get("tracking_code") or None
        if kind == "message":
            return data.get("query_code") or None
        return "" if data.get("received") else None

    @staticmethod
    def _challenge_refused(data) -> bool:
        text = json.dumps(data, ensure_ascii=False) if data is not None else ""
        return any(word in text for word in ("answer", "altcha", "token", "challenge", "验证"))

    @staticmethod
    def _backoff(attempt: int) -> None:
        time.sleep(min(0.2 * 2**attempt, 2.0) * (0.5 + random.random()))

    def run(self, phase: Phase, stop_at: float) -> None:
        kinds = self.kinds()
        for _ in range(self.options.max_submissions):
            if time.monotonic() >= stop_at:
                return
            kind = kinds[self.kind_turn % len(kinds)]
            self.kind_turn += 1
            self.submit(phase, kind)


def run_phase(
    name: str, clients: list[ClientState], seconds: float, fault=None, fault_after: float = 5.0
) -> Phase:
    phase = Phase(name)
    phase.started = time.monotonic()
    stop_at = phase.started + seconds
    threads = [threading.Thread(target=c.run, args=(phase, stop_at), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    if fault is not None:
        time.sleep(fault_after)
        phase.fault_at = time.monotonic()
        phase.note = fault(phase) or ""
        phase.fault_end = phase.fault_end or time.monotonic()
    for thread in threads:
        thread.join(max(stop_at - time.monotonic(), 0) + clients[0].options.retry_seconds + 30)
    phase.load_ended = stop_at
    return phase


def stored_keys(database_url: str, run: str) -> dict[str, str]:
    import psycopg

    pattern = f"drill-{run}-%"
    stored: dict[str, str] = {}
    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        for table, code in (
            ("foi_application", "tracking_code"),
            ("interaction_message", "query_code"),
            ("participation_comment", "''"),
        ):
            rows = conn.execute(
                f"SELECT submission_key, {code} FROM {table} WHERE submission_key LIKE %s", [pattern]
            ).fetchall()
            stored.update(dict(rows))
    return stored


def discover(database_url: str) -> tuple[int, int, int | None]:
    """A unit that takes applications, a message channel and an open consultation from the demo data."""
    import psycopg

    with psycopg.connect(database_url.replace("postgres://", "postgresql://")) as conn:
        unit = conn.execute("SELECT id FROM core_organization WHERE is_active ORDER BY id LIMIT 1").fetchone()
        channel = conn.execute(
            "SELECT id FROM interaction_channel WHERE is_active ORDER BY sort_order, id LIMIT 1"
        ).fetchone()
        consultation = conn.execute(
            "SELECT id FROM participation_consultation WHERE is_published AND starts_at <= now() "
            "AND ends_at > now() ORDER BY id LIMIT 1"
        ).fetchone()
    if not unit or not channel:
        raise RuntimeError("the demo data has no unit or no message channel")
    return unit[0], channel[0], consultation[0] if consultation else None


APP_FRAME = re.compile(r'File "[^"]*/(gongkai/[^"]+\.py)", line (\d+), in (\w+)')
RECORD_START = re.compile(r"^(Internal Server Error|Bad Request|Service Unavailable|\[\d{4}-\d\d-\d\d )")


def log_records(text: str) -> list[str]:
    """The log split into records: gunicorn's lines ('[2026-…] [pid] [LEVEL] …') and Django's request errors
    ('Internal Server Error: /path' and the traceback below it)."""
    records: list[list[str]] = []
    for line in text.splitlines():
        if RECORD_START.match(line) or not records:
            records.append([line])
        else:
            records[-1].append(line)
    return ["\n".join(lines) for lines in records]


def server_errors(text: str) -> list[tuple[str, int, str]]:
    """(what, how many, first full record) for each distinct error in gunicorn's log: a traceback by its
    first line (the path) and its last line (the exception), and worker terminations."""
    found: dict[str, list] = {}
    for record in log_records(text):
        lines = [line for line in record.splitlines() if line.strip()]
        if "Traceback" in record:
            head = re.sub(r"^\[[^]]*\] \[\d+\] ", "", lines[0])[:120]
            exception = [line for line in lines[1:] if not line[0].isspace()][-1]
            frames = APP_FRAME.findall(record)
            where = f" at {frames[-1][0]}:{frames[-1][1]} {frames[-1][2]}" if frames else ""
            what = f"{head}{where} -> {exception.strip()[:200]}"
        elif "Worker (pid:" in record or "WORKER TIMEOUT" in record:
            what = re.sub(r"^\[[^]]*\] \[\d+\] ", "", lines[0])
            what = re.sub(r"pid:\d+", "pid:…", what)[:200]
        else:
            continue
        entry = found.setdefault(what, [0, record])
        entry[0] += 1
    return [(what, n, first) for what, (n, first) in sorted(found.items(), key=lambda kv: -kv[1][0])]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--phase-seconds", type=float, default=20.0, help="load per phase (default 20)")
    parser.add_argument(
        "--fault-after", type=float, default=5.0, help="seconds into a phase the fault begins"
    )
    parser.add_argument("--redis-down", type=float, default=8.0, help="seconds Redis stays stopped")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers (at least 2)")
    parser.add_argument(
        "--with-rate-limits",
        action="store_true",
        help="keep the rate limiter on (generous limits) so it is exercised too",
    )
    parser.add_argument(
        "--prefer-question",
        action="store_true",
        help="answer the question, not the ALTCHA proof-of-work, when a challenge offers both",
    )
    parser.add_argument("--tracebacks", action="store_true", help="print the first traceback of each error")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs) at the end")
    args = parser.parse_args()
    if args.workers < 2:
        parser.error("--workers must be at least 2: one is killed")
    if shutil.which("redis-server") is None:
        sys.exit("redis-server was not found (Debian: apt-get install redis-server)")

    servers = Servers(args.workers, args.keep, args.with_rate_limits)
    atexit.register(servers.stop)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(
        signal.SIGINT, signal.default_int_handler
    )  # Ctrl-C stops the drill (also when backgrounded)
    began = time.monotonic()
    try:
        print(
            f"drill directory {servers.tmp}; PostgreSQL :{servers.pg_port}, Redis :{servers.redis_port}, "
            f"gunicorn :{servers.web_port} with {args.workers} workers",
            flush=True,
        )
        for what, step in (
            ("PostgreSQL", servers.start_postgres),
            ("Redis", servers.start_redis),
            ("migrate", lambda: servers.gongkai("migrate", "--noinput")),
            ("load_demo", lambda: servers.gongkai("load_demo", debug=True)),
            ("fsync on", servers.make_postgres_durable),
            ("gunicorn", servers.start_web),
        ):
            started = time.monotonic()
            step()
            print(f"  {what}: {time.monotonic() - started:.1f} s", flush=True)
        unit_id, channel_id, consultation_id = discover(servers.database_url)
        challenged = {}
        for kind, path in CHALLENGE_PATHS.items():
            status, _data = http_get(servers.web_port, path)
            challenged[kind] = status == 200
        print(
            f"servers up in {time.monotonic() - began:.0f} s; challenges: "
            + ", ".join(f"{k} {'yes' if v else 'none'}" for k, v in challenged.items()),
            flush=True,
        )
        options = Options(
            servers.web_port,
            secrets.token_hex(3),
            unit_id,
            channel_id,
            consultation_id,
            challenged,
            prefer="question" if args.prefer_question else "altcha",
        )
        clients = [ClientState(n, options) for n in range(args.clients)]
        warmup = Phase("warm-up")
        for client in clients:
            client.fill(warmup)

        def restart_postgres(phase: Phase) -> str:
            servers.restart_postgres()
            return "pg_ctl restart -m fast"

        def kill_worker(phase: Phase) -> str:
            before = set(servers.worker_pids())
            pid = servers.kill_worker()
            wait_until(lambda: servers.ready_workers() - before, 60, "a replacement worker")
            return f"worker {pid} killed; fault window = until its replacement had loaded the application"

        def stop_redis(phase: Phase) -> str:
            servers.stop_redis()
            time.sleep(args.redis_down)
            phase.fault_end = time.monotonic()
            servers.start_redis()
            return f"Redis stopped for {args.redis_down:.0f} s, then started again (empty)"

        phases = []
        for name, fault in (
            ("baseline", None),
            ("postgres restart", restart_postgres),
            ("worker kill -9", kill_worker),
            ("redis stopped", stop_redis),
        ):
            print(f"phase {name} ({args.phase_seconds:.0f} s of load)…", flush=True)
            phases.append(run_phase(name, clients, args.phase_seconds, fault, args.fault_after))
        stored = stored_keys(servers.database_url, options.run)
        rows = [summarize(phase, stored) for phase in phases]
        print()
        print(
            f"{args.clients} clients, {args.workers} gunicorn workers, {args.phase_seconds:.0f} s of load per phase, "
            f"fault {args.fault_after:.0f} s into it; run {options.run} took {time.monotonic() - began:.0f} s"
        )
        print(format_table(rows))
        for phase in phases:
            details = error_breakdown(phase)
            if details or phase.note:
                print(f"\n{phase.name}: {phase.note}")
                for line in details:
                    print(f"  {line}")
            for submission in lost(phase.submissions, stored):
                print(
                    f"  LOST {submission.kind} {submission.key} (acknowledged with code {submission.code!r})"
                )
        errors = (
            server_errors(servers.web_log.read_text(errors="replace")) if servers.web_log.exists() else []
        )
        if errors:
            print("\ngunicorn's log (errors by path and exception, worker events):")
            for what, n, _first in errors:
                print(f"  {what} ×{n}")
            for what, _n, first in errors if args.tracebacks else ():
                if "Traceback" in first:
                    print(f"\nfirst traceback of: {what}")
                    print("\n".join(first.splitlines()[-40:]))
        if args.keep:
            print(f"\nlogs kept in {servers.tmp}")
        return 1 if any(row["lost"] for row in rows) else 0
    finally:
        servers.stop()


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("interrupted: the drill's servers are stopped and its directory removed")
