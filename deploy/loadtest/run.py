"""The scale-out test: two gunicorn instances behind nginx, with PostgreSQL and Redis, the
benchmark's demo data, and a bounded locust run during which one instance is killed.

    scripts/scale-out.sh --size L

Everything listens on 127.0.0.1 only and lives in a temporary directory (nginx runs with its
own prefix, Redis on a Unix socket); every process is stopped on exit. The PostgreSQL
database (kopa_scale by default) is kept, so a second run need not seed again. Writes
report.md and report.json to --report-dir and exits 1 when a goal is missed:

- zero 5xx answers, apart from writes cut off by the kill (counted apart, never completed);
- zero lost writes: every write answered 2xx/3xx is in the database, once;
- a person logged in through one instance is logged in on the other;
- the failed-login limit holds across instances;
- while one instance is down, the proxy keeps serving from the other.
"""

import argparse
import contextlib
import datetime
import http.client
import json
import os
import platform
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PROXY_PORT = 8100
APP_PORTS = (8101, 8102)
KILLED_PORT = APP_PORTS[1]
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
TOO_MANY = "Too many failed login attempts"


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


class Processes:
    """The servers this run starts, each in its own process group, so a kill takes the
    whole instance (master and workers) at once, as when a machine dies."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.running: dict[str, subprocess.Popen] = {}

    def start(self, name: str, command: list[str], env: dict | None = None) -> None:
        output = (self.directory / f"{name}.log").open("ab")
        self.running[name] = subprocess.Popen(  # noqa: S603 - our own commands
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self, name: str, sig: signal.Signals = signal.SIGKILL) -> None:
        process = self.running.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        process.wait(timeout=60)

    def stop_all(self) -> None:
        for process in self.running.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for process in self.running.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        self.running.clear()


def http_request(
    port: int, method: str, path: str, *, headers=None, body=None, tls=False, timeout=30
) -> tuple[int, http.client.HTTPMessage, str]:
    if tls:
        context = ssl._create_unverified_context()  # noqa: S323 - our own throwaway certificate
        connection = http.client.HTTPSConnection(HOST, port, timeout=timeout, context=context)
    else:
        connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def tool(*command, env: dict | None = None, quiet: bool = True) -> None:
    """Run one of our own commands to completion; fail loudly, with its output."""
    result = subprocess.run(  # noqa: S603 - our own commands
        [str(part) for part in command], cwd=ROOT, env=env, capture_output=quiet, text=True
    )
    if result.returncode:
        raise SystemExit(f"{command[0]} failed:\n{result.stdout or ''}{result.stderr or ''}")


def wait_until_serving(port: int, *, tls: bool = False, seconds: int = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            http_request(port, "GET", "/lv/", tls=tls, timeout=5)
            return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"Nothing answers on port {port}; see its log.") from None
            time.sleep(0.5)


class Browser:
    """A person's cookies, sent straight to one app server as nginx would send the request
    (Host, X-Forwarded-Proto), or to nginx over TLS."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, data: dict | None = None):
        tls = port == PROXY_PORT
        origin = f"https://{HOST}:{PROXY_PORT}" if tls else f"https://{HOST}"
        headers = {"Referer": f"{origin}{path}", "Origin": origin}
        if not tls:
            headers |= {"Host": HOST, "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, response_headers, text = http_request(
            port, method, path, headers=headers, body=body, tls=tls
        )
        for cookie in response_headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return status, response_headers, text

    def log_in(self, port: int, email: str, password: str, language: str = "lv"):
        path = f"/{language}/auth/login/"
        _, _, form = self.request(port, "GET", path)
        token = CSRF_TOKEN.search(form)
        data = {"login": email, "password": password, "csrfmiddlewaretoken": token and token[1]}
        return self.request(port, "POST", path, data)


def check_shared_sessions(fixture: dict) -> dict:
    """Log in through one instance; the session cookie works on the other and through nginx."""
    email = fixture["session"]["email"]
    browser = Browser()
    status, _, _ = browser.log_in(APP_PORTS[0], email, fixture["password"])
    logged_in = status == 302 and "sessionid" in browser.cookies
    other_status, _, other_page = browser.request(APP_PORTS[1], "GET", "/lv/account/")
    proxy_status, _, proxy_page = browser.request(PROXY_PORT, "GET", "/lv/account/")
    stranger_status, stranger_headers, _ = Browser().request(APP_PORTS[1], "GET", "/lv/account/")
    passed = (
        logged_in
        and other_status == 200
        and email in other_page
        and proxy_status == 200
        and email in proxy_page
        and stranger_status == 302
        and "/auth/login/" in stranger_headers.get("Location", "")
    )
    return {
        "passed": passed,
        "detail": (
            f"logged in through :{APP_PORTS[0]} (HTTP {status}); the same cookie opened "
            f"“My account” on :{APP_PORTS[1]} (HTTP {other_status}) and through nginx "
            f"(HTTP {proxy_status}); without it :{APP_PORTS[1]} sends to the login form "
            f"(HTTP {stranger_status})"
        ),
    }


def check_rate_limit(fixture: dict) -> dict:
    """Fail to log in as often as allowed, alternating instances; then even the right password
    is refused, on either instance: the attempts are counted in the shared Redis."""
    email, limit = fixture["rate_limit"]["email"], fixture["login_failed_limit"]
    answers = []
    for attempt in range(limit):
        port = APP_PORTS[attempt % 2]
        status, _, page = Browser().log_in(port, email, "not-the-password", language="en")
        answers.append((port, status, TOO_MANY in page))
    port = APP_PORTS[limit % 2]
    browser = Browser()
    status, _, page = browser.log_in(port, email, fixture["password"], language="en")
    refused = status == 200 and TOO_MANY in page and "sessionid" not in browser.cookies
    passed = refused and all(status == 200 and not limited for _, status, limited in answers)
    return {
        "passed": passed,
        "detail": (
            f"{limit} wrong passwords for one address, alternating :{APP_PORTS[0]} and "
            f":{APP_PORTS[1]}, were each answered “wrong password”; then the right password "
            f"on :{port} was {'refused: “' + TOO_MANY + '”' if refused else 'accepted'}"
        ),
    }


def nginx_config(directory: Path) -> Path:
    prefix = directory / "nginx"
    prefix.mkdir()
    upstreams = "\n".join(
        f"        server {HOST}:{port} max_fails=1 fail_timeout=10s;" for port in APP_PORTS
    )
    config = prefix / "nginx.conf"
    config.write_text(
        f"""# Generated by deploy/loadtest/run.py: deploy/nginx/kopa.conf on loopback.
worker_processes auto;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    log_format kopa_test escape=json
        '{{"time":$msec,"status":$status,"method":"$request_method","uri":"$uri",'
        '"upstream":"$upstream_addr","upstream_status":"$upstream_status",'
        '"seconds":$request_time}}';
    access_log {prefix}/access.log kopa_test;

    upstream kopa {{
{upstreams}
        keepalive 16;
    }}

    server {{
        listen {HOST}:{PROXY_PORT} ssl;
        server_name {HOST};
        ssl_certificate {directory}/cert.pem;
        ssl_certificate_key {directory}/key.pem;

        location /static/ {{
            alias {ROOT / "staticfiles"}/;
            gzip_static on;
            expires max;
            add_header Cache-Control "public, max-age=31536000, immutable";
            add_header X-Content-Type-Options nosniff;
        }}

        include {ROOT / "deploy" / "nginx" / "kopa-proxy.conf"};
    }}
}}
"""
    )
    return config


def percentile(sorted_values: list[float], share: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_values:
        return 0.0
    rank = max(1, round(share * len(sorted_values) + 0.5 - 1e-9))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def summarise(requests: list, names: list[str] | None = None) -> list[dict]:
    by_name: dict[str, list] = defaultdict(list)
    for request in requests:
        by_name[request[1]].append(request)
    rows = []
    for name in names or sorted(by_name):
        group = by_name.get(name, [])
        times = sorted(request[4] for request in group)
        rows.append(
            {
                "name": name,
                "method": group[0][2] if group else "",
                "requests": len(group),
                "p50_ms": round(percentile(times, 0.50), 1),
                "p95_ms": round(percentile(times, 0.95), 1),
                "p99_ms": round(percentile(times, 0.99), 1),
                "max_ms": round(times[-1], 1) if times else 0,
                "status_5xx": sum(1 for request in group if request[3] >= 500),
                "failed": sum(1 for request in group if request[5]),
            }
        )
    return rows


def analyse(args, fixture, locust_log, writes, checks, timeline, nginx_log) -> dict:
    requests = locust_log["requests"]
    first = min(request[0] for request in requests)
    last = max(request[0] + request[4] / 1000 for request in requests)
    seconds = last - first
    killed, restarted = timeline["killed"], timeline["restarted"]

    def ends(request) -> float:
        return request[0] + request[4] / 1000

    def failed_answer(request) -> bool:
        return request[3] >= 500 or request[3] == 0  # 0: no answer at all

    # A write in flight on the instance when it was killed cannot complete: nginx does not
    # resend a POST that reached an app server. Such writes are counted apart.
    interrupted = {
        index
        for index, r in enumerate(requests)
        if r[2] == "POST"
        and r[1].startswith("write:")
        and failed_answer(r)
        and r[0] <= killed + 1
        and ends(r) >= killed - 1
    }
    others = [r for index, r in enumerate(requests) if index not in interrupted]
    other_5xx = [r for r in others if r[3] >= 500]
    errors = Counter(r[5] for r in others if r[5])
    outage = [r for r in others if killed <= ends(r) and r[0] <= restarted]
    served_in_outage = [r for r in outage if 200 <= r[3] < 400]
    statuses = Counter(str(request[3]) for request in requests)
    upstreams = Counter()
    retried = 0
    for entry in nginx_log:
        addresses = [address.strip() for address in entry["upstream"].split(",")]
        if addresses[-1]:
            upstreams[addresses[-1]] += 1
        retried += len(addresses) > 1
    total = summarise(requests, None)
    overall = summarise([(*r[:1], "all", *r[2:]) for r in requests], ["all"])[0]
    overall["method"] = ""
    goals = {
        "zero 5xx": {
            "passed": not other_5xx,
            "detail": (
                f"{len(other_5xx)} 5xx answers; {len(interrupted)} writes were in flight on "
                f":{KILLED_PORT} when it was killed and failed (not completed, counted apart)"
            ),
        },
        "zero lost writes": {
            "passed": not writes["lost"] and not writes["duplicated"] and writes["completed"] > 0,
            "detail": (
                f"{writes['completed_found']} of {writes['completed']} completed writes are in "
                f"the database exactly once ({', '.join(f'{n} {k}' for k, n in writes['completed_by_kind'].items())}); "  # noqa: E501
                f"{len(writes['lost'])} lost, {len(writes['duplicated'])} duplicated; of "
                f"{writes['failed']} failed writes {len(writes['failed_but_saved'])} were saved"
            ),
        },
        "logged in on one instance, logged in on the other": {
            "passed": checks["sessions"]["passed"]
            and not any(r[5] and "logged out" in r[5] for r in requests),
            "detail": checks["sessions"]["detail"]
            + f"; {sum(1 for r in requests if r[5] and 'logged out' in r[5])} logged-out "
            "answers to logged-in people during the run",
        },
        "rate limits hold across instances": checks["rate_limit"],
        "the proxy keeps serving when an instance dies": {
            "passed": bool(served_in_outage) and not any(failed_answer(r) for r in outage),
            "detail": (
                f":{KILLED_PORT} killed (SIGKILL, master and workers) "
                f"{killed - first:.0f} s into the run and restarted {restarted - killed:.0f} s "
                f"later; meanwhile {len(served_in_outage)} of {len(outage)} requests were "
                f"answered 2xx/3xx; nginx passed {retried} requests on to the other server"
            ),
        },
        "no other failed requests": {
            "passed": not errors,
            "detail": ", ".join(f"{n} × {e}" for e, n in errors.most_common(10)) or "none",
        },
    }
    return {
        "size": args.size,
        "data": fixture["data"],
        "started": datetime.datetime.fromtimestamp(first, datetime.UTC).isoformat(
            timespec="seconds"
        ),
        "machine": {"cpus": os.cpu_count(), "system": platform.platform()},
        "setup": {
            "app_servers": len(APP_PORTS),
            "workers_per_server": args.workers,
            "threads_per_worker": args.threads,
            "users": args.users,
            "wait_seconds": args.wait,
            "duration_seconds": args.duration,
        },
        "logins": sum(1 for request in requests if request[1] == "login"),
        "interrupted_writes": len(interrupted),
        "seconds": round(seconds, 1),
        "requests": len(requests),
        "requests_per_second": round(len(requests) / seconds, 1),
        "overall": overall,
        "by_request": total,
        "statuses": dict(sorted(statuses.items())),
        "upstreams": dict(upstreams),
        "writes": writes,
        "goals": goals,
        "passed": all(goal["passed"] for goal in goals.values()),
    }


def markdown(report: dict) -> str:
    data, setup = report["data"], report["setup"]
    lines = [
        f"Size **{report['size']}** ({data['enterprises']:,} enterprises, "
        f"{data['offerings']:,} offerings, {data['needs']:,} needs), run {report['started']} "
        f"on {report['machine']['cpus']} CPUs: {setup['app_servers']} gunicorn instances × "
        f"{setup['workers_per_server']} workers behind nginx (TLS), PostgreSQL, Redis; "
        f"{setup['users']} simulated people ({report['logins']} of them logged in as officers "
        "or representatives, the rest anonymous), "
        f"{setup['wait_seconds'].replace(',', '–')} s between requests, "
        f"{setup['duration_seconds']} s.",
        "",
        f"**{report['requests']:,} requests in {report['seconds']} s: "
        f"{report['requests_per_second']} requests/s; p50 {report['overall']['p50_ms']} ms, "
        f"p95 {report['overall']['p95_ms']} ms, p99 {report['overall']['p99_ms']} ms; "
        f"{report['overall']['status_5xx']} answers 5xx, {report['overall']['failed']} failed"
        + (
            f" ({report['interrupted_writes']} of them writes cut off by the kill)"
            if report["interrupted_writes"]
            else ""
        )
        + ".**",
        "",
        "| request | method | count | p50 ms | p95 ms | p99 ms | max ms | 5xx | failed |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in [*report["by_request"], report["overall"]]:
        lines.append(
            f"| {row['name']} | {row['method']} | {row['requests']:,} | {row['p50_ms']} | "
            f"{row['p95_ms']} | {row['p99_ms']} | {row['max_ms']} | {row['status_5xx']} | "
            f"{row['failed']} |"
        )
    lines += ["", "| goal | met | how |", "| --- | --- | --- |"]
    for goal, result in report["goals"].items():
        lines.append(f"| {goal} | {'yes' if result['passed'] else '**no**'} | {result['detail']} |")
    statuses = ", ".join(f"{status}: {n:,}" for status, n in report["statuses"].items())
    upstreams = ", ".join(f"{address}: {n:,}" for address, n in report["upstreams"].items())
    lines += ["", f"Statuses: {statuses}. Answered by: {upstreams}."]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=["S", "L"], default="L", help="demo data set (benchmark)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "KOPA_SCALE_DATABASE_URL", f"postgres://kopa@{HOST}:5432/kopa_scale"
        ),
        help="PostgreSQL database to use (created if missing; its demo data is replaced)",
    )
    parser.add_argument("--users", type=int, default=40, help="simulated people")
    parser.add_argument("--spawn-rate", type=float, default=2, help="people started per second")
    parser.add_argument("--duration", type=int, default=120, help="seconds of load")
    parser.add_argument("--wait", default="0.5,2", help="seconds between a person's requests")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per instance")
    parser.add_argument("--threads", type=int, default=1, help="threads per gunicorn worker")
    parser.add_argument("--kill-at", type=float, default=0.4, help="share of the run")
    parser.add_argument("--down", type=int, default=20, help="seconds the instance stays dead")
    parser.add_argument("--report-dir", type=Path, default=Path("scale-out-report"))
    parser.add_argument("--keep-temp", action="store_true", help="keep logs and configuration")
    args = parser.parse_args()

    for tool in ["nginx", "redis-server", "openssl"]:
        if not shutil.which(tool):
            raise SystemExit(f"{tool} is missing: apt-get install nginx-light redis-server openssl")
    for tool in ["gunicorn", "locust", "pybabel"]:
        if not (BIN / tool).exists():
            raise SystemExit(f"{BIN / tool} is missing: pip install '.[load]'")

    directory = Path(tempfile.mkdtemp(prefix="kopa-scale-"))
    directory.chmod(0o755)  # nginx's workers (nobody) reach their temporary files
    processes = Processes(directory)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        return run(args, directory, processes)
    finally:
        processes.stop_all()
        if args.keep_temp:
            log(f"Logs and configuration kept in {directory}")
        else:
            shutil.rmtree(directory, ignore_errors=True)


def run(args, directory: Path, processes: Processes) -> int:
    run_id = f"LT{datetime.datetime.now():%m%d%H%M%S}"
    password = secrets.token_urlsafe(16)
    env = {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": args.database_url,
        "REDIS_URL": f"unix://{directory}/redis.sock",
        "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://{HOST}:{PROXY_PORT}",
        "DJANGO_TRUSTED_PROXY_COUNT": "1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
        "SITE_URL": f"https://{HOST}:{PROXY_PORT}",
        "GUNICORN_WORKERS": str(args.workers),
        "GUNICORN_THREADS": str(args.threads),
        "GUNICORN_ACCESS_LOG": str(directory / "access-{port}.json"),
    }

    def manage(*command: str) -> None:
        tool(sys.executable, *command, env=env, quiet=False)

    log(f"Redis on {directory}/redis.sock")
    processes.start(
        "redis",
        [
            "redis-server",
            "--port",
            "0",
            "--unixsocket",
            f"{directory}/redis.sock",
            "--unixsocketperm",
            "700",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(directory),
        ],
    )

    url = urlsplit(args.database_url)
    name = url.path.lstrip("/")
    server = url._replace(scheme="postgresql", path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as connection:
        if not connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone():
            connection.execute(f'CREATE DATABASE "{name}"')
            log(f"Created database {name}")

    log("Compiling translations, migrating, collecting static files")
    tool(BIN / "pybabel", "compile", "-d", "locale", "-D", "django")
    manage("manage.py", "migrate", "--noinput", "-v0")
    manage("manage.py", "collectstatic", "--noinput", "-v0")
    log(f"Demo data of size {args.size} and the load test's people (seeding can take long)")
    fixture_path = directory / "fixture.json"
    manage(
        "-m",
        "deploy.loadtest.prepare",
        "--size",
        args.size,
        "--fixture",
        str(fixture_path),
        "--password",
        password,
    )
    fixture = json.loads(fixture_path.read_text())
    log(f"Data: {fixture['data']}")

    for port in APP_PORTS:
        start_app_server(processes, env, port)
    for port in APP_PORTS:
        wait_until_serving(port)
    tool(
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
        "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=IP:{HOST}",
        "-keyout", directory / "key.pem", "-out", directory / "cert.pem",
    )  # fmt: skip
    config = nginx_config(directory)
    nginx = ["nginx", "-p", f"{directory}/nginx", "-c", str(config)]
    tool(*nginx, "-t", "-q")
    processes.start("nginx", [*nginx, "-g", "daemon off;"])
    wait_until_serving(PROXY_PORT, tls=True)
    log(f"nginx on https://{HOST}:{PROXY_PORT} → app servers on {APP_PORTS}")

    for path in ["/lv/", "/lv/enterprises/", "/lv/needs/", "/lv/statistics/"] * 4:
        http_request(PROXY_PORT, "GET", path, tls=True)  # warm each worker up
    checks = {"sessions": check_shared_sessions(fixture), "rate_limit": check_rate_limit(fixture)}
    for name, check in checks.items():
        log(f"Check {name}: {'passed' if check['passed'] else 'FAILED'} ({check['detail']})")

    locust_log = directory / "locust-log.json"
    log(f"Load: {args.users} people for {args.duration} s")
    processes.start(
        "locust",
        [
            BIN / "locust",
            "-f",
            ROOT / "deploy" / "loadtest" / "locustfile.py",
            "--headless",
            "--users",
            str(args.users),
            "--spawn-rate",
            str(args.spawn_rate),
            "--run-time",
            f"{args.duration}s",
            "--stop-timeout",
            "30",
            "--host",
            f"https://{HOST}:{PROXY_PORT}",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ],
        env={
            **os.environ,
            "KOPA_LOADTEST_FIXTURE": str(fixture_path),
            "KOPA_LOADTEST_RUN": run_id,
            "KOPA_LOADTEST_LOG": str(locust_log),
            "KOPA_LOADTEST_WAIT": args.wait,
        },
    )
    started = time.time()
    time.sleep(args.duration * args.kill_at)
    processes.kill(f"app-{KILLED_PORT}")
    killed = time.time()
    log(f"Killed the instance on :{KILLED_PORT} (SIGKILL to master and workers)")
    time.sleep(args.down)
    start_app_server(processes, env, KILLED_PORT)
    wait_until_serving(KILLED_PORT)
    restarted = time.time()
    log(f"Restarted the instance on :{KILLED_PORT}")
    locust = processes.running["locust"]
    try:
        locust.wait(timeout=max(0, started + args.duration - time.time()) + 120)
    except subprocess.TimeoutExpired:
        raise SystemExit("locust did not stop in time") from None
    processes.running.pop("locust")
    if not locust_log.exists():
        raise SystemExit(f"locust wrote no log; see {directory}/locust.log")

    writes_path = directory / "writes.json"
    manage(
        "-m",
        "deploy.loadtest.verify",
        "--log",
        str(locust_log),
        "--run",
        run_id,
        "--out",
        str(writes_path),
    )
    nginx_log = [
        json.loads(line)
        for line in (directory / "nginx" / "access.log").read_text().splitlines()
        if line.strip()
    ]
    report = analyse(
        args,
        fixture,
        json.loads(locust_log.read_text()),
        json.loads(writes_path.read_text()),
        checks,
        {"killed": killed, "restarted": restarted},
        nginx_log,
    )
    args.report_dir.mkdir(parents=True, exist_ok=True)
    (args.report_dir / "report.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    text = markdown(report)
    (args.report_dir / "report.md").write_text(text)
    print(text)
    log(f"Report in {args.report_dir}/report.md; goals {'met' if report['passed'] else 'MISSED'}")
    return 0 if report["passed"] else 1


def start_app_server(processes: Processes, env: dict, port: int) -> None:
    processes.start(
        f"app-{port}",
        [
            BIN / "gunicorn",
            "--config",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"{HOST}:{port}",
            "portal.wsgi",
        ],
        env={**env, "GUNICORN_ACCESS_LOG": env["GUNICORN_ACCESS_LOG"].format(port=port)},
    )


if __name__ == "__main__":
    sys.exit(main())
