"""A web worker's resident memory after warm-up: gunicorn with deploy/gunicorn.conf.py, production settings
(debug off), one worker, on a demo database; a few public pages requested, then the worker's VmRSS read from
/proc/<pid>/status.

Variants in the same run:
- "pypinyin at start" (the baseline, the code before): the WSGI module imports pypinyin before the
  application, as the code before did on a worker's first search (every search imported gongkai.search.pinyin,
  which imported pypinyin at module level; the warm-up here includes a search);
- "pypinyin and weasyprint at start": what a module-level WeasyPrint import would add as well;
- "loaded where used" (the code as it is): both load only in the functions that need them (indexing spells
  pinyin; a PDF notice renders with WeasyPrint), which a reading worker does not call.

    python bench/memory.py [--keep]       (about a minute; the demo database is built once in a temp dir)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import glob
import http.client
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import free_port

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PAGES = ["/", "/xxgk/", "/policy/", "/foi/", "/interaction/", "/reports/", "/search/?q=%E7%A4%BE%E4%BF%9D"]
ROUNDS = 3


def http_get(port: int, path: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        return response.status, response.read()
    except OSError:
        return 0, b""
    finally:
        connection.close()


def children(pid: int) -> list[int]:
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.split("/")[2]))
    return found


def status_kb(pid: int, field: str) -> int:
    text = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE).group(1))


def item_links(port: int) -> list[str]:
    """A few item pages, taken from the information-openness index."""
    _status, body = http_get(port, "/xxgk/")
    links = re.findall(r'href="(/xxgk/[^"?#]*\d+/?)"', body.decode(errors="replace"))
    return list(dict.fromkeys(links))[:5]


def measure(env: dict, eager: str, label: str, log: Path) -> dict:
    port = free_port()
    env = dict(env, GONGKAI_BIND=f"127.0.0.1:{port}", BENCH_EAGER=eager)
    app = "eager_wsgi:application" if eager else "gongkai.wsgi:application"
    with log.open("ab") as out:
        web = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"), app],
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while http_get(port, "/healthz")[0] != 200:
            if time.monotonic() > deadline or web.poll() is not None:
                raise RuntimeError(f"gunicorn did not start; see {log}")
            time.sleep(0.3)
        (worker,) = children(web.pid)
        started = status_kb(worker, "VmRSS")
        pages = PAGES + item_links(port)
        statuses = []
        for _round in range(ROUNDS):
            statuses += [http_get(port, page)[0] for page in pages]
        return {
            "variant": label,
            "pages": len(pages),
            "requests": len(statuses),
            "ok": sum(status == 200 for status in statuses),
            "start": started,
            "rss": status_kb(worker, "VmRSS"),
            "anon": status_kb(worker, "RssAnon"),
        }
    finally:
        web.terminate()
        try:
            web.wait(timeout=30)
        except subprocess.TimeoutExpired:
            web.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args()
    if not (BIN / "gunicorn").exists():
        sys.exit("gunicorn is not installed in this environment: run `make deps` first")
    tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-memory-"))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DATABASE_URL", "REDIS_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "bench")]),
        SECRET_KEY=secrets.token_urlsafe(50),
        GONGKAI_AUDIT_KEY=secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        GONGKAI_SSL_REDIRECT="0",
        GONGKAI_VAR_DIR=str(tmp / "var"),
        GONGKAI_STATIC_ROOT=str(tmp / "static"),
        GONGKAI_WEB_WORKERS="1",
        GONGKAI_WEB_MAX_REQUESTS="0",
        GONGKAI_LOG_LEVEL="WARNING",
    )
    try:
        setup = dict(env, GONGKAI_DEBUG="1", GONGKAI_TASKS="immediate")
        for command in (["migrate", "-v0"], ["load_demo"], ["collectstatic", "--noinput", "-v0"]):
            subprocess.run(
                [sys.executable, "-m", "gongkai", *command],
                env=setup,
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
        log = tmp / "gunicorn.log"
        rows = [
            measure(env, "pypinyin", "pypinyin loaded (baseline: the code before, after any search)", log),
            measure(env, "pypinyin,weasyprint", "pypinyin and weasyprint at start", log),
            measure(env, "", "loaded where used (now)", log),
        ]
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    base = rows[0]["rss"]
    print(
        f"Worker memory after warm-up — gunicorn, 1 sync worker, production settings, demo data ({dt.date.today()})"
    )
    print()
    print(
        "| variant | pages × rounds | 200s | RSS at start (MB) | RSS after warm-up (MB) | anonymous (MB) | vs baseline |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        change = (row["rss"] - base) / base * 100
        print(
            f"| {row['variant']} | {row['pages']} × {ROUNDS} | {row['ok']}/{row['requests']} | "
            f"{row['start'] / 1024:.1f} | {row['rss'] / 1024:.1f} | {row['anon'] / 1024:.1f} | {change:+.1f} % |"
        )


if __name__ == "__main__":
    main()
