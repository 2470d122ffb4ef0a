"""Gunicorn settings for Kopā: one app server process group per port, behind nginx.

    gunicorn --config deploy/gunicorn.conf.py --bind 127.0.0.1:8001 portal.wsgi

Every setting can be overridden from the environment (see docs/deployment.md); the app
itself reads its settings from the environment too (portal/settings.py).
"""

import datetime
import json
import os

from gunicorn import glogging


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))  # the CPUs this process may run on
    except AttributeError:
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# The classic 2 × CPUs + 1 synchronous workers: a worker waits on PostgreSQL about as long as
# it computes, so two per CPU keep it busy. GUNICORN_THREADS > 1 switches to threaded workers.
workers = int(os.environ.get("GUNICORN_WORKERS", 2 * _cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
# A request taking longer than this is stuck: the worker is killed and replaced, and nginx
# answers 502 (or retries a GET on the other server).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (systemctl stop/restart, deployments) workers finish their requests first.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# nginx keeps upstream connections open; keep them a little longer than nginx does.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))
# Recycle workers now and then, so a slow leak can never take a server down.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Heartbeat files in memory: a worker blocked on a slow disk is not taken for a stuck one.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108
# The proxy's address: only from there are X-Forwarded-Proto headers believed, which tell
# Django that the visitor came over HTTPS (secure cookies, CSRF origin checks).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
# Several instances run side by side and are managed by signals (systemd), not gunicornc.
control_socket_disable = True
proc_name = "kopa"


def client_address(environ: dict, trusted_proxies: list[str]) -> str | None:
    """The address the request came from, as our own proxy saw it.

    X-Forwarded-For is what the client says plus what each proxy appended; only the entry
    our proxy appended (the last) is a fact, and only when the request came from that proxy.
    Anyone else's header is the client's word and is not logged as its address.
    """
    peer = environ.get("REMOTE_ADDR")
    forwarded = environ.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and ("*" in trusted_proxies or peer in trusted_proxies):
        return forwarded.rsplit(",", 1)[-1].strip() or peer
    return peer


class JsonLogger(glogging.Logger):
    """One JSON object per request on stdout, for journald or any log collector."""

    def access(self, resp, req, environ, request_time):
        if not self.access_log_enabled:
            return
        status = resp.status.split(None, 1)[0] if isinstance(resp.status, str) else resp.status
        record = {
            "time": datetime.datetime.now(datetime.UTC).isoformat(timespec="milliseconds"),
            "server": ",".join(self.cfg.bind),
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "query": environ.get("QUERY_STRING") or None,
            "status": int(status),
            "bytes": getattr(resp, "sent", None),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "client": client_address(environ, self.cfg.forwarded_allow_ips),
            "user_agent": environ.get("HTTP_USER_AGENT"),
        }
        self.access_log.info(json.dumps(record, ensure_ascii=False))


logger_class = JsonLogger
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")  # "-": stdout
errorlog = "-"  # stderr
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
