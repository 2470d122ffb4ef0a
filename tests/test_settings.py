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
