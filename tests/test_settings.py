import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def settings_import(env: dict) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", "import portal.settings"],
        cwd=ROOT,
        env={**clean_env, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = settings_import({"DJANGO_DEBUG": "0"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_development_and_production_with_a_key_start():
    assert settings_import({"DJANGO_DEBUG": "1"}).returncode == 0
    assert settings_import({"DJANGO_SECRET_KEY": "k" * 50}).returncode == 0


@pytest.mark.django_db
def test_root_redirects_by_the_browsers_language(client):
    assert client.get("/", headers={"accept-language": "lv"}).url == "/lv/"
    assert client.get("/", headers={"accept-language": "en-GB,en;q=0.9"}).url == "/en/"
    assert client.get("/").url == "/lv/"


@pytest.mark.django_db
def test_home_is_served_in_latvian_and_english(client):
    latvian = client.get("/lv/")
    assert latvian.status_code == 200
    assert '<html lang="lv">' in latvian.content.decode()
    assert "Pāriet uz saturu" in latvian.content.decode()
    english = client.get("/en/")
    assert '<html lang="en">' in english.content.decode()
    assert "Skip to content" in english.content.decode()


def run_in_checkout(command: list[str], env_file: Path) -> subprocess.CompletedProcess:
    """A command as a newcomer types it, with none of the DJANGO_ variables set."""
    clean_env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(  # noqa: S603 - this interpreter with the project's own files
        [sys.executable, *command],
        cwd=ROOT,
        env={**clean_env, "KOPA_ENV_FILE": str(env_file)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_manage_py_command_works_in_the_checkout_make_run_set_up(tmp_path):
    env_file = tmp_path / ".env"
    without = run_in_checkout(["manage.py", "check"], env_file)
    assert without.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in without.stderr

    # make with the project's Makefile, as a person runs it.
    make = subprocess.run(  # noqa: S603
        ["make", "--silent", "-f", str(ROOT / "Makefile"), f"PYTHON={sys.executable}", ".env"],  # noqa: S607
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert make.returncode == 0
    written = env_file.read_text()
    assert "DJANGO_DEBUG=1" in written
    key = next(line for line in written.splitlines() if line.startswith("DJANGO_SECRET_KEY="))
    assert len(key.split("=", 1)[1]) >= 50
    assert run_in_checkout(["manage.py", "check"], env_file).returncode == 0


def test_a_deployed_portal_never_reads_the_development_settings(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DJANGO_DEBUG=1\nDJANGO_SECRET_KEY=" + "k" * 50 + "\n")
    started = run_in_checkout(["-c", "import portal.wsgi"], env_file)
    assert started.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in started.stderr
