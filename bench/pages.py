"""Public pages against static files: the shipped nginx site (deploy/nginx/gongkai.conf) in front of gunicorn on
production settings, measured beside nginx serving the same pages saved as files, in one run.

Run: python bench/pages.py [--seconds 5] [--rounds 3] [--connections 32] [--workers 2]   (or `make bench-pages`)
     python bench/pages.py --items 100000 ...   the list-page growth table (bench/lists.py)

Self-contained, in a temporary directory on free ports of 127.0.0.1, stopped at the end:
- a demo database (SQLite in the temporary GONGKAI_VAR_DIR: migrate + load_demo; or --database-url, which must
  name an empty database) and `collectstatic`;
- gunicorn (deploy/gunicorn.conf.py) with production settings: debug off, SECRET_KEY, GONGKAI_AUDIT_KEY and
  ALLOWED_HOSTS set, GONGKAI_PROXY_COUNT=1, HTTPS redirect off (nginx listens on plain HTTP here);
- Debian's nginx (`nginx -p <tmp> -c <tmp>/nginx.conf`, not a daemon) including the SHIPPED site with only its
  paths, ports and TLS lines replaced, plus a second server serving the pages saved as files (the baseline);
- wrk (Debian's) for the load: the same connections and duration for every column, in rounds (static,
  uncached, cached, again), the best round of each reported: the machine may be shared, and another process
  can only lower a rate.

Per page it prints: static req/s, Gongkai direct to gunicorn (uncached), Gongkai through nginx's cache, the
ratio cached/static and what nginx's cache did (X-Cache-Status counts over the cached run: HIT, MISS, BYPASS,
EXPIRED, UPDATING, REVALIDATED, STALE). Then: seconds from a publish (the scanner's publishing path, run in a
subprocess) until the cached home page shows the new title, and the gunicorn workers' resident memory
after the load (from /proc).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import datetime as dt
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from support import free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SHIPPED_SITE = ROOT / "deploy" / "nginx" / "gongkai.conf"
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so")


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read()


def site_config(
    text: str, *, port: int, redirect_port: int, upstream: str, var_dir: Path, cache_dir: Path
) -> str:
    """The shipped site with its production paths, ports and TLS lines replaced (each must be found)."""
    replacements = [
        ("127.0.0.1:8000", upstream),
        ("/var/cache/nginx/gongkai", str(cache_dir)),
        ("/srv/gongkai/app", str(ROOT)),
        ("/srv/gongkai/var", str(var_dir)),
        ("listen 80;", f"listen 127.0.0.1:{redirect_port};"),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{port};"),
    ]
    for old, new in replacements:
        if old not in text:
            raise RuntimeError(f"deploy/nginx/gongkai.conf no longer contains {old!r}: update bench/pages.py")
        text = text.replace(old, new)
    dropped = ("listen [::]", "ssl_")
    if not BROTLI_MODULE.exists():
        dropped += ("brotli",)
    kept = []
    skipping = False
    for line in text.splitlines():
        stripped = line.strip()
        if skipping or stripped.startswith(dropped):
            skipping = not stripped.endswith(";")  # a directive continued on the next lines
            continue
        kept.append(line)
    return "\n".join(kept) + "\n"


class Bench:
    def __init__(self, args):
        self.args = args
        self.tmp = Path(tempfile.mkdtemp(prefix="gongkai-bench-pages-"))
        self.tmp.chmod(0o755)  # nginx's workers (nobody) read the saved pages and static files
        self.var = self.tmp / "var"
        self.web_port, self.nginx_port, self.static_port, self.redirect_port = (free_port() for _ in range(4))
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_") and k != "DATABASE_URL"},
            "PYTHONPATH": str(ROOT),
            "GONGKAI_VAR_DIR": str(self.var),
            "SECRET_KEY": secrets.token_urlsafe(40),
            "GONGKAI_AUDIT_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "GONGKAI_SSL_REDIRECT": "0",
            "GONGKAI_PROXY_COUNT": "1",
            "GONGKAI_ACCEL_REDIRECT": "/_protected-media/",
            "GONGKAI_BIND": f"127.0.0.1:{self.web_port}",
            "GONGKAI_WEB_WORKERS": str(args.workers),
        }
        if args.database_url:
            self.env["DATABASE_URL"] = args.database_url
        self.procs: list[subprocess.Popen] = []

    def gongkai(self, *args: str, debug: bool = False) -> str:
        env = dict(self.env, GONGKAI_DEBUG="1") if debug else self.env
        done = subprocess.run(
            [PYTHON, "-m", "gongkai", *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=900
        )
        if done.returncode:
            sys.stderr.write(done.stdout[-3000:] + done.stderr[-3000:])
            raise RuntimeError(f"gongkai {' '.join(args)} failed")
        return done.stdout

    def start(self, argv: list[str], log: str) -> subprocess.Popen:
        out = (self.tmp / log).open("ab")
        proc = subprocess.Popen(argv, env=self.env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
        self.procs.append(proc)
        return proc

    def setup(self) -> None:
        print(f"Demo database and static files in {self.tmp} ...", flush=True)
        self.gongkai("migrate", "--noinput", "-v0")
        self.gongkai("load_demo", debug=True)  # it refuses production settings (demo passwords)
        self.gongkai("collectstatic", "--noinput", "-v0")
        self.web = self.start(
            [PYTHON, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "gongkai.wsgi"], "web.log"
        )
        wait_until(lambda: fetch(self.direct("/"))[0] == 200, 120, "gunicorn")
        self.write_nginx()
        self.nginx = self.start(
            ["nginx", "-p", str(self.tmp / "nginx"), "-c", str(self.tmp / "nginx" / "nginx.conf")],
            "nginx.log",
        )
        wait_until(lambda: fetch(self.static("/"))[0] in {200, 403, 404}, 30, "nginx")

    def write_nginx(self) -> None:
        conf_dir = self.tmp / "nginx"
        for sub in ("cache", "temp", "pages"):
            (conf_dir / sub).mkdir(parents=True, exist_ok=True)
        site = site_config(
            SHIPPED_SITE.read_text(),
            port=self.nginx_port,
            redirect_port=self.redirect_port,
            upstream=f"127.0.0.1:{self.web_port}",
            var_dir=self.var,
            cache_dir=conf_dir / "cache",
        )
        (conf_dir / "gongkai.conf").write_text(site)
        temp = conf_dir / "temp"
        modules = f"load_module {BROTLI_MODULE};" if BROTLI_MODULE.exists() else ""
        user = "user root root;" if os.geteuid() == 0 else ""
        (conf_dir / "nginx.conf").write_text(f"""
{modules}
{user}
daemon off;
worker_processes auto;
pid {conf_dir}/nginx.pid;
error_log {conf_dir}/error.log warn;
events {{ worker_connections 4096; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    tcp_nopush on;
    keepalive_requests 100000;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    log_format cache_status "$uri $upstream_cache_status";
    access_log {conf_dir}/cache.log cache_status buffer=256k flush=1s;
    include {conf_dir}/gongkai.conf;
    # The baseline: the same pages saved as files.
    server {{
        listen 127.0.0.1:{self.static_port};
        access_log off;
        root {conf_dir}/pages;
        types {{ text/html html; application/rss+xml xml; }}
    }}
}}
""")
        check = subprocess.run(
            ["nginx", "-t", "-p", str(conf_dir), "-c", str(conf_dir / "nginx.conf")],
            capture_output=True,
            text=True,
        )
        if check.returncode:
            raise RuntimeError(f"nginx refused the configuration:\n{check.stderr}")

    def direct(self, path: str) -> str:
        return f"http://127.0.0.1:{self.web_port}{path}"

    def cached(self, path: str) -> str:
        return f"http://127.0.0.1:{self.nginx_port}{path}"

    def static(self, path: str) -> str:
        return f"http://127.0.0.1:{self.static_port}{path}"

    def pages(self) -> list[tuple[str, str]]:
        """The five pages of the issue's table, found by following the site's own links."""
        _status, _headers, body = fetch(self.direct("/xxgk/"))
        html = body.decode()
        columns = re.findall(r'href="(/xxgk/\d+/columns/\d+/)"', html)
        if not columns:
            unit = re.search(r'href="(/xxgk/\d+/)"', html)
            html += fetch(self.direct(unit.group(1)))[2].decode() if unit else ""
            columns = re.findall(r'href="(/xxgk/\d+/columns/\d+/)"', html)
        column = columns[0]
        column_html = fetch(self.direct(column))[2].decode()
        item = re.search(r'href="(/xxgk/items/\d+/)"', column_html) or re.search(
            r'href="(/xxgk/items/\d+/)"', fetch(self.direct("/"))[2].decode()
        )
        return [
            ("home /", "/"),
            ("item page", item.group(1)),
            ("/xxgk/", "/xxgk/"),
            ("column listing", column),
            ("RSS", column + "rss/"),
        ]

    def save(self, pages) -> dict[str, str]:
        """Each page as gunicorn renders it, written where the baseline server finds it."""
        saved = {}
        for n, (_label, path) in enumerate(pages):
            status, headers, body = fetch(self.direct(path))
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
            name = f"/page{n}.{'xml' if 'xml' in headers.get('Content-Type', '') else 'html'}"
            (self.tmp / "nginx" / "pages" / name.lstrip("/")).write_bytes(body)
            saved[path] = name
        return saved

    def wrk(self, url: str) -> float:
        done = subprocess.run(
            ["wrk", "-t", "2", "-c", str(self.args.connections), "-d", f"{self.args.seconds}s", url],
            capture_output=True,
            text=True,
            timeout=self.args.seconds + 60,
        )
        found = re.search(r"Requests/sec:\s+([\d.]+)", done.stdout)
        if not found:
            raise RuntimeError(f"wrk printed no rate:\n{done.stdout}{done.stderr}")
        non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", done.stdout)
        if non2xx:
            print(f"  note: {non2xx.group(1)} non-2xx answers from {url}", flush=True)
        return float(found.group(1))

    def cache_statuses(self, path: str, since: int) -> collections.Counter:
        time.sleep(1.2)  # the access log's buffer flushes every second
        log = self.tmp / "nginx" / "cache.log"
        with log.open("rb") as handle:
            handle.seek(since)
            lines = handle.read().decode(errors="replace").splitlines()
        return collections.Counter(
            (line.split(" ", 1)[1] or "-") for line in lines if line.split(" ", 1)[0] == path and " " in line
        )

    def log_size(self) -> int:
        log = self.tmp / "nginx" / "cache.log"
        return log.stat().st_size if log.exists() else 0

    def freshness(self) -> float | None:
        """Seconds from a publish's commit until the cached home page shows the new title."""
        title = f"基准测试新发布信息{secrets.token_hex(3)}"
        # Keep the home page in the cache meanwhile, as a visitor would.
        for _ in range(3):
            fetch(self.cached("/"))
        script = f"""
import time
from django.utils import timezone
from gongkai.core.actors import SYSTEM
from gongkai.publishing import services
from gongkai.publishing.models import InformationItem, Status
source = InformationItem.objects.filter(status=Status.PUBLISHED).order_by("-published_at").first()
item = services.create_item(
    actor=SYSTEM, unit=source.unit, columns=list(source.columns.all()), title={title!r},
    summary="基准测试发布的信息。", written_on=timezone.localdate(), topic=source.topic, genre=source.genre,
    body="<p>基准测试发布的信息。</p>",
)
InformationItem.objects.filter(pk=item.pk).update(status=Status.SCHEDULED, scheduled_at=timezone.now())
services.publish_due_items(actor=SYSTEM)
print("PUBLISHED_AT", time.time())
"""
        out = self.gongkai("shell", "-c", script)
        published_at = float(re.search(r"PUBLISHED_AT ([\d.]+)", out).group(1))
        deadline = published_at + self.args.freshness_timeout
        while time.time() < deadline:
            _status, headers, body = fetch(self.cached("/"))
            if title.encode() in body:
                self.fresh_status = headers.get("X-Cache-Status", "-")
                return time.time() - published_at
            time.sleep(0.05)
        if title.encode() not in fetch(self.direct("/"))[2]:
            print("  note: the home page does not list the newly published item even uncached", flush=True)
        return None

    def download(self) -> str:
        """A published attachment through nginx: the application only allows it (X-Accel-Redirect, no body)
        and nginx sends the file from its internal location; both checked against the file on disk."""
        url = self.gongkai(
            "shell",
            "-c",
            "from gongkai.publishing.models import Attachment, InformationItem\n"
            "public = InformationItem.objects.published().values('pk')\n"
            "found = Attachment.objects.filter(item__in=public).order_by('pk').first()\n"
            "print('URL', found.get_absolute_url() if found else '')",
        )
        url = next((line.split()[1] for line in url.splitlines() if line.startswith("URL /")), "")
        if not url:
            return "the demo has no published attachment"
        status, headers, body = fetch(self.direct(url))
        accel = headers.get("X-Accel-Redirect", "")
        if status != 200 or not accel or body:
            return f"the application streamed {url} itself ({status}, {len(body)} bytes)"
        on_disk = (self.var / "media" / urllib.parse.unquote(accel.split("/", 2)[2])).read_bytes()
        status, headers, body = fetch(self.cached(url))
        if status != 200 or body != on_disk:
            return f"nginx answered {status} with {len(body)} bytes for {url} ({len(on_disk)} on disk)"
        return f"{url}: allowed by the application, {len(body):,} bytes sent by nginx ({accel})"

    def worker_rss_mb(self) -> list[float]:
        """Resident memory of gunicorn's workers (the master's children), from /proc."""
        sizes = []
        for status in Path("/proc").glob("[0-9]*/status"):
            with contextlib.suppress(OSError):
                text = status.read_text()
                ppid = int(re.search(r"PPid:\s+(\d+)", text).group(1))
                rss = re.search(r"VmRSS:\s+(\d+) kB", text)
                if ppid == self.web.pid and rss:
                    sizes.append(int(rss.group(1)) / 1024)
        return sorted(sizes)

    def stop(self) -> None:
        for proc in reversed(self.procs):
            with contextlib.suppress(ProcessLookupError):
                proc.send_signal(signal.SIGQUIT if proc is getattr(self, "nginx", None) else signal.SIGTERM)
        for proc in self.procs:
            with contextlib.suppress(subprocess.TimeoutExpired):
                proc.wait(timeout=30)
        if not self.args.keep:
            shutil.rmtree(self.tmp, ignore_errors=True)


def run(args) -> None:
    for tool in ("nginx", "wrk"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed: run `make bench-pages` (it installs Debian's nginx and wrk)")
    bench = Bench(args)
    try:
        bench.setup()
        pages = bench.pages()
        saved = bench.save(pages)
        rows = []
        for label, path in pages:
            print(f"{label}: {path}", flush=True)
            # Rounds of static, uncached, cached one after the other; the best of each counts. The machine is
            # shared: others' work can only lower a rate, so the best round is the least disturbed.
            static = uncached = cached = 0.0
            statuses = collections.Counter()
            for _round in range(args.rounds):
                uncached = max(uncached, bench.wrk(bench.direct(path)))
                # One request through nginx: it waits behind the requests gunicorn still has queued from the
                # uncached run (wrk stops sending, gunicorn keeps answering), and leaves the page in the cache.
                fetch(bench.cached(path))
                static = max(static, bench.wrk(bench.static(saved[path])))
                since = bench.log_size()
                cached = max(cached, bench.wrk(bench.cached(path)))
                statuses += bench.cache_statuses(path, since)
            rows.append((label, path, static, uncached, cached, statuses))
        rss = bench.worker_rss_mb()
        download = bench.download()
        fresh = bench.freshness()
    finally:
        bench.stop()
    print()
    print(
        f"Pages, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, wrk {args.connections} "
        f"connections, best of {args.rounds} rounds × {args.seconds} s, gunicorn {args.workers} sync workers, "
        f"{'PostgreSQL' if args.database_url else 'SQLite'} demo database"
    )
    print()
    print(
        "| page | nginx static (req/s) | Gongkai uncached (req/s) | Gongkai cached (req/s) | cached/static "
        "| cache status (cached run) |"
    )
    print("|---|---:|---:|---:|---:|---|")
    for label, path, static, uncached, cached, statuses in rows:
        total = sum(statuses.values()) or 1
        shares = ", ".join(f"{name} {count / total:.0%}" for name, count in statuses.most_common(3))
        print(
            f"| {label} `{path}` | {static:,.0f} | {uncached:,.0f} | {cached:,.0f} | {cached / static:.2%} "
            f"| {shares} |"
        )
    print()
    shown = f"{fresh:.2f} s" if fresh is not None else f"not within {args.freshness_timeout:.0f} s"
    print(
        f"Freshness: a published item appears on the cached home page after {shown} "
        f"(X-Cache-Status of the first answer showing it: {getattr(bench, 'fresh_status', '-')})."
    )
    print(f"gunicorn workers' resident memory after the load: {', '.join(f'{mb:.0f} MB' for mb in rss)}.")
    print(f"Downloads: {download}.")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--seconds", type=int, default=5, help="wrk duration per page and column")
    parser.add_argument("--rounds", type=int, default=3, help="rounds per page (the best round counts)")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument(
        "--database-url", default="", help="an EMPTY database to fill with the demo (default SQLite)"
    )
    parser.add_argument("--freshness-timeout", type=float, default=15.0)
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory (logs, configuration)"
    )
    parser.add_argument("--items", type=int, help="the list-page growth table instead (bench/lists.py)")
    args, rest = parser.parse_known_args(argv)
    if args.items is not None:
        # bench/lists.py (the list-page growth benchmark) is written separately; only this mode needs it.
        if not (Path(__file__).resolve().parent / "lists.py").exists():
            sys.exit(
                "--items needs bench/lists.py (the list-page growth benchmark), which is not in this checkout"
            )
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import lists

        sys.exit(lists.main(argv if argv is not None else sys.argv[1:]))
    if rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)}")
    run(args)


if __name__ == "__main__":
    main()
