"""Gunicorn settings for running Gongkai in production: `gunicorn -c deploy/gunicorn.conf.py gongkai.wsgi`.

Everything can be set from the environment (values below are the defaults):
    GONGKAI_BIND              address(es) to listen on, comma-separated   127.0.0.1:8000
                              (another host's nginx in front: 0.0.0.0:8000 or the private address; a Unix
                              socket: unix:/run/gongkai/web.sock)
    GONGKAI_WEB_WORKERS       worker processes                            2 × cores + 1
    GONGKAI_WEB_THREADS       threads per worker (gthread when > 1)       1 (sync workers)
    GONGKAI_WEB_TIMEOUT       seconds a request may take before its worker is restarted   30
    GONGKAI_WEB_MAX_REQUESTS  requests a worker serves before it is replaced (0: never)   2000
    GONGKAI_ACCESS_LOG        "1" writes one JSON line per request to stdout             off
    GONGKAI_FORWARDED_ALLOW_IPS  proxies whose X-Forwarded-* gunicorn believes   127.0.0.1,::1
                              (nginx on another machine: its address)

Memory: each sync worker holds about 180-230 MB after warm-up (bench/pages.py reports it), so on a small
machine size GONGKAI_WEB_WORKERS by memory, not only by cores. systemd: deploy/systemd/gongkai-web.service.

Put a reverse proxy (nginx) in front for TLS, slow clients and static files' caching; set
GONGKAI_PROXY_COUNT=1 so the client address comes from its X-Forwarded-For.
"""

import multiprocessing
import os

bind = [part.strip() for part in os.environ.get("GONGKAI_BIND", "127.0.0.1:8000").split(",") if part.strip()]
workers = int(os.environ.get("GONGKAI_WEB_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("GONGKAI_WEB_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"

# A stuck request frees its worker after `timeout`; a graceful restart (SIGHUP, a deploy) lets requests
# in flight finish for up to `graceful_timeout`.
timeout = int(os.environ.get("GONGKAI_WEB_TIMEOUT", "30"))
graceful_timeout = 30
# Only nginx may tell gunicorn the scheme and client (Django reads them with GONGKAI_PROXY_COUNT=1).
forwarded_allow_ips = os.environ.get("GONGKAI_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
keepalive = 5

# Each worker imports the application itself (no preloading): a worker that dies or is replaced starts
# clean, and database connections are never shared across a fork.
preload_app = False

# Replace workers now and then (jittered, so not all at once), bounding any slow leak.
max_requests = int(os.environ.get("GONGKAI_WEB_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10

# Requests bigger than this are refused by gunicorn before Django sees them.
limit_request_line = 8190
limit_request_fields = 100

# Errors to stderr; the access log only when asked, as JSON lines (no personal data beyond the address).
errorlog = "-"
loglevel = os.environ.get("GONGKAI_WEB_LOG_LEVEL", "info")
accesslog = "-" if os.environ.get("GONGKAI_ACCESS_LOG", "") in {"1", "true", "yes", "on"} else None
access_log_format = (
    '{"time": "%(t)s", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", '
    '"status": %(s)s, "bytes": "%(B)s", "duration_us": %(D)s}'
)

# Work files in memory, not on a possibly slow disk (gunicorn's heartbeat files).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's own files
proc_name = "gongkai"


def post_worker_init(worker):
    """Log when a worker has loaded the application and takes requests (bench/faults.py waits for it). Loading
    gongkai.wsgi has warmed it (gongkai/search/warmup.py: views, segmenter, domain words), so its first search
    answers like the rest."""
    worker.log.info("Worker ready (pid: %s)", worker.pid)


# --- operations (issue 19): Prometheus metrics from several workers -----------------------------------------
# Each worker counts its own requests; prometheus_client's multiprocess mode has them write their counters
# to files in PROMETHEUS_MULTIPROC_DIR, which /metrics adds up whichever worker answers it. Set it to a
# directory only this service uses (systemd: RuntimeDirectory=gongkai, PROMETHEUS_MULTIPROC_DIR=
# /run/gongkai/prometheus) and for the web service only (a management command would write there too);
# unset, a fresh directory in /dev/shm is made and removed at exit. It is emptied when gunicorn starts (old
# workers' files would count twice) and a dead worker's live gauges are dropped.
_own_prometheus_dir = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _own_prometheus_dir:
    import tempfile

    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(
        prefix="gongkai-prometheus-", dir=worker_tmp_dir
    )


def on_starting(server):
    import pathlib

    directory = pathlib.Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.db"):
        old.unlink()


def child_exit(server, worker):
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server):
    if _own_prometheus_dir:
        import shutil

        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


# --- end operations -----------------------------------------------------------------------------------------
