"""The deployment pieces in deploy/: the environment reference is complete, and gunicorn
serves the portal with its configuration, logging one JSON object per request."""

import ast
import http.client
import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def environment_variables(path: Path) -> set[str]:
    """Names a Python file reads from the environment: os.environ.get("X"), os.environ["X"],
    os.getenv("X"), and the settings' env_bool("X") and env_list("X")."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            function = node.func
            called = getattr(function, "attr", getattr(function, "id", None))
            reads_environ = called in {"env_bool", "env_list", "getenv"} or (
                called == "get" and ast.unparse(function.value) == "os.environ"
            )
            if reads_environ:
                names.add(node.args[0].value)
        elif (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value) == "os.environ"
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    return names


def test_every_environment_variable_is_in_the_deployment_reference():
    reference = (ROOT / "docs" / "deployment.md").read_text()
    read = environment_variables(ROOT / "portal" / "settings.py") | environment_variables(
        ROOT / "deploy" / "gunicorn.conf.py"
    )

    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "GUNICORN_WORKERS"} <= read
    assert sorted(name for name in read if f"`{name}`" not in reference) == []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_serves_the_portal_and_logs_json(tmp_path):
    port = free_port()
    access_log = tmp_path / "access.json"
    # As in a deployment: pages name the collected, hashed static files.
    environment = {**os.environ, "DJANGO_STATIC_ROOT": str(tmp_path / "static")}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    server = subprocess.Popen(  # noqa: S603 - gunicorn with the project's configuration
        [
            Path(sys.executable).parent / "gunicorn",
            "--config",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{port}",
            "portal.wsgi",
        ],
        cwd=ROOT,
        env={
            **environment,
            "GUNICORN_WORKERS": "1",
            "GUNICORN_ACCESS_LOG": str(access_log),
            # Our proxy is elsewhere: this test's requests come straight from a client.
            "FORWARDED_ALLOW_IPS": "192.0.2.1",
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                connection.request(
                    "GET",
                    '/?q="kopa"',
                    headers={"User-Agent": "test", "X-Forwarded-For": "198.51.100.7"},
                )
                response = connection.getresponse()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not start"
                time.sleep(0.2)
            finally:
                connection.close()
        while not access_log.exists() or not access_log.read_text():
            assert time.monotonic() < deadline, "gunicorn logged nothing"
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=30)

    # The portal answered (the root redirects to the visitor's language).
    assert response.status == 302
    assert response.getheader("Location").startswith("/lv/")
    record = json.loads(access_log.read_text().splitlines()[0])
    assert record["method"] == "GET"
    assert record["path"] == "/"
    assert record["status"] == 302
    assert record["server"] == f"127.0.0.1:{port}"
    assert record["user_agent"] == "test"
    assert '"' in record["query"]  # quotes in the URL cannot break the JSON
    assert record["duration_ms"] >= 0
    # A client's own X-Forwarded-For is its word, not its address.
    assert record["client"] == "127.0.0.1"


def gunicorn_config():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", ROOT / "deploy/gunicorn.conf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("peer", "forwarded", "logged"),
    [
        # Through our proxy: the address it appended, not what the client claimed before it.
        ("127.0.0.1", "10.0.0.1, 203.0.113.9", "203.0.113.9"),
        ("127.0.0.1", "203.0.113.9", "203.0.113.9"),
        ("127.0.0.1", "", "127.0.0.1"),
        # Straight from a client: its header is ignored.
        ("198.51.100.7", "203.0.113.9", "198.51.100.7"),
    ],
)
def test_the_access_log_records_the_address_our_proxy_saw(peer, forwarded, logged):
    environ = {"REMOTE_ADDR": peer, "HTTP_X_FORWARDED_FOR": forwarded}
    assert gunicorn_config().client_address(environ, ["127.0.0.1", "::1"]) == logged
