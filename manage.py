#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys
from pathlib import Path

# `make run` writes this checkout's development settings here (DEBUG on, a generated key), so
# that every manage.py command works in it. Only manage.py reads the file, and the real
# environment wins; a deployed portal starts through portal.wsgi and never reads it.
LOCAL_SETTINGS = Path(os.environ.get("KOPA_ENV_FILE", Path(__file__).with_name(".env")))


def load_local_settings(path: Path) -> None:
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        name, equals, value = line.strip().partition("=")
        if equals and name and not name.startswith("#"):
            os.environ.setdefault(name.strip(), value.strip())


def main() -> None:
    load_local_settings(LOCAL_SETTINGS)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
