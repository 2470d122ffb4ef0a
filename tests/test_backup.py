"""Backups: scripts/backup.sh dumps the database, scripts/restore.sh restores the dump into a
fresh database, where every row of every table must be found again.

The scripts run against a scratch database of the configured engine (SQLite in the first CI
run, PostgreSQL in the second), migrated and filled with demo data by manage.py.
"""

import os
import sqlite3
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@dataclass(frozen=True)
class Backup:
    source_url: str
    dump: Path


class ScratchDatabases:
    """Databases for one test module, on the configured engine, dropped afterwards."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.postgresql_names: list[str] = []

    def new_url(self, *, create: bool) -> str:
        name = f"kopa_backup_{uuid.uuid4().hex[:10]}"
        if not POSTGRESQL:
            return f"sqlite:///{self.directory / name}.sqlite3"
        self.postgresql_names.append(name)
        if create:
            with self.server() as connection:
                connection.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def url(self, name: str) -> str:
        db = settings.DATABASES["default"]
        user = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
        return f"postgres://{user}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"

    def server(self) -> psycopg.Connection:
        return psycopg.connect(
            self.url("postgres").replace("postgres://", "postgresql://", 1), autocommit=True
        )

    def drop_all(self) -> None:
        with self.server() as connection:
            for name in self.postgresql_names:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run(command: list[str], database_url: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - the project's own scripts
        command,
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": database_url, "PYTHON": sys.executable},
        capture_output=True,
        text=True,
        timeout=120,
    )


def manage(*args: str, database_url: str) -> None:
    result = run([sys.executable, "manage.py", *args], database_url)
    assert result.returncode == 0, result.stderr


def connect(url: str):
    if url.startswith("sqlite:///"):
        return sqlite3.connect(url.removeprefix("sqlite:///"))
    return psycopg.connect(url.replace("postgres://", "postgresql://", 1))


def table_rows(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order."""
    connection = connect(url)
    try:
        if isinstance(connection, sqlite3.Connection):
            tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            tables_sql = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        tables = [row[0] for row in connection.execute(tables_sql).fetchall()]
        rows = {}
        for table in tables:
            query = f'SELECT * FROM "{table}"'  # noqa: S608 - a name from the catalogue
            rows[table] = sorted(connection.execute(query).fetchall(), key=repr)
        return rows
    finally:
        connection.close()


def sequence_positions(url: str) -> dict[str, tuple]:
    """Where each PostgreSQL sequence stands: a restore that lost them would hand out ids
    that are taken. (SQLite keeps them in a table, compared with the rows.)"""
    if url.startswith("sqlite:///"):
        return {}
    with connect(url) as connection:
        names = [
            row[0]
            for row in connection.execute(
                "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'"
            )
        ]
        positions = {}
        for name in names:
            query = f'SELECT last_value, is_called FROM "{name}"'  # noqa: S608 - from the catalogue
            positions[name] = connection.execute(query).fetchone()
        return positions


@pytest.fixture(scope="module")
def databases(tmp_path_factory):
    scratch = ScratchDatabases(tmp_path_factory.mktemp("databases"))
    yield scratch
    if POSTGRESQL:
        scratch.drop_all()


@pytest.fixture(scope="module")
def backup(databases, tmp_path_factory) -> Backup:
    """A database with demo data, an administrator and their email address, backed up."""
    source_url = databases.new_url(create=True)
    manage("migrate", "--noinput", database_url=source_url)
    manage(
        "seed_demo",
        "--enterprises",
        "20",
        "--offerings",
        "50",
        "--needs",
        "8",
        database_url=source_url,
    )
    manage("ensure_demo_admin", database_url=source_url)
    dump = tmp_path_factory.mktemp("backups") / "kopa.dump"
    result = run(["scripts/backup.sh", str(dump)], source_url)
    assert result.returncode == 0, result.stderr
    assert f"to {dump}" in result.stdout
    return Backup(source_url=source_url, dump=dump)


def test_restore_finds_every_row_of_every_table(backup, databases):
    target_url = databases.new_url(create=False)

    result = run(["scripts/restore.sh", str(backup.dump)], target_url)

    assert result.returncode == 0, result.stderr
    assert "every table has the rows counted at backup time" in result.stdout
    source, restored = table_rows(backup.source_url), table_rows(target_url)
    assert restored.keys() == source.keys()
    for table, rows in source.items():
        assert restored[table] == rows, f"{table} differs after the restore"
    for table in [
        "enterprises_socialenterprise",
        "enterprises_offering",
        "municipalities_need",
        "matching_match",
        "accounts_user",
        "account_emailaddress",
        "cooperation_cpvcode",
    ]:
        assert source[table], f"the demo data has no {table} rows to restore"
    assert sequence_positions(target_url) == sequence_positions(backup.source_url)


def test_restore_refuses_a_database_that_has_tables(backup):
    before = table_rows(backup.source_url)

    result = run(["scripts/restore.sh", str(backup.dump)], backup.source_url)

    assert result.returncode == 1
    assert "restore into a new" in result.stderr
    assert table_rows(backup.source_url) == before


def test_restore_fails_when_rows_are_missing(backup, databases, tmp_path):
    """The check is real: a table with fewer rows than were counted at backup time fails
    the restore, and the table is named."""
    dump = tmp_path / "kopa.dump"
    dump.write_bytes(backup.dump.read_bytes())
    counts = Path(f"{backup.dump}.counts").read_text().splitlines()
    tampered = [
        f"{line.rsplit('|', 1)[0]}|{int(line.rsplit('|', 1)[1]) + 1}"
        if line.split("|")[0].endswith(".enterprises_offering")
        else line
        for line in counts
    ]
    Path(f"{dump}.counts").write_text("\n".join(tampered) + "\n")

    result = run(["scripts/restore.sh", str(dump)], databases.new_url(create=False))

    assert result.returncode == 1
    assert "differ from the backup's counts" in result.stderr
    assert "enterprises_offering" in result.stderr
