#!/usr/bin/env bash
# Restore a backup made by backup.sh into a fresh database, and check that every row is there.
#
#   DATABASE_URL=postgres://kopa@db.example.lv:5432/kopa_restored scripts/restore.sh FILE
#
# PostgreSQL: the database is created when it does not exist (the role needs CREATEDB) and
# must be empty when it does; the dump is restored in one transaction, so a failed restore
# leaves nothing behind. SQLite: DATABASE_URL names a file that must not exist yet.
# Afterwards the rows of every table are counted and compared with FILE.counts.
set -euo pipefail

dump=${1:?usage: restore.sh FILE (the database to restore into is DATABASE_URL)}
url=${DATABASE_URL:?DATABASE_URL must name the database to restore into}
[[ -r $dump ]] || { echo "restore: cannot read $dump" >&2; exit 2; }

counts_sql=$(<"$(dirname "$0")/row-counts.sql")

restored_counts=$(mktemp)
sqlite_partial=""
trap 'rm -f "$restored_counts" ${sqlite_partial:+"$sqlite_partial"}' EXIT

sql() {  # sql URL [psql options...]: runs the SQL on stdin, prints unaligned rows
  local target=$1
  shift
  psql --no-psqlrc --quiet --tuples-only --no-align -v ON_ERROR_STOP=1 "$@" "$target"
}

restore_postgresql() {
  local libpq_url=${url/#pgsql:/postgresql:}
  local base=${libpq_url%%\?*} query=""
  [[ $libpq_url == *\?* ]] && query="?${libpq_url#*\?}"
  local name=${base##*/}
  local server_url="${base%/*}/postgres$query"  # the maintenance database, to create ours
  [[ -n $name && $name != "$base" ]] || { echo "restore: DATABASE_URL names no database" >&2; exit 2; }

  local exists
  exists=$(sql "$server_url" -v name="$name" <<<"SELECT 1 FROM pg_database WHERE datname = :'name';")
  if [[ -z $exists ]]; then
    sql "$server_url" -v name="$name" <<<'CREATE DATABASE :"name";'
    echo "Created database $name."
  else
    local tables
    tables=$(sql "$libpq_url" <<<"$counts_sql" | wc -l)
    if ((tables > 0)); then
      echo "restore: database $name already has $tables tables; restore into a new one." >&2
      exit 1
    fi
  fi
  # Objects belong to whoever restores; grants are the new server's business.
  pg_restore --exit-on-error --single-transaction --no-owner --no-privileges \
    --dbname="$libpq_url" "$dump"
  sql "$libpq_url" <<<"SET client_min_messages = error; ANALYZE;"  # statistics are not dumped
  sql "$libpq_url" <<<"$counts_sql" >"$restored_counts"
}

restore_sqlite() {
  local path=${url#sqlite://}
  path=${path#/}
  if [[ -e $path ]]; then
    echo "restore: $path already exists; restore into a new file." >&2
    exit 1
  fi
  mkdir -p "$(dirname "$path")"
  sqlite_partial="$path.partial"
  "${PYTHON:-python3}" - "$dump" "$sqlite_partial" "$restored_counts" <<'PY'
import re
import sqlite3
import sys

dump, target, counts = sys.argv[1:]
src = sqlite3.connect(f"file:{dump}?mode=ro", uri=True)
dst = sqlite3.connect(target)
src.backup(dst)
# Django's CHECK constraints use REGEXP, which the integrity check evaluates.
dst.create_function(
    "REGEXP", 2, lambda pattern, value: value is not None and bool(re.search(pattern, str(value)))
)
if dst.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
    sys.exit("restore: the restored database fails SQLite's integrity check")
tables = [row[0] for row in dst.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
with open(counts, "w") as file:
    for table in tables:
        rows = dst.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        file.write(f"main.{table}|{rows}\n")
dst.close()
PY
  mv "$sqlite_partial" "$path"
}

case $url in
  postgres://* | postgresql://* | pgsql://*) restore_postgresql ;;
  sqlite://*) restore_sqlite ;;
  *) echo "restore: DATABASE_URL must be postgres://... or sqlite://..." >&2; exit 2 ;;
esac

tables=$(wc -l <"$restored_counts")
rows=$(awk -F'|' '{ total += $2 } END { print total + 0 }' "$restored_counts")
if [[ ! -r $dump.counts ]]; then
  echo "Restored $tables tables with $rows rows, unchecked: $dump.counts is missing." >&2
  exit 0
fi
if ! diff -u --label "backup ($dump.counts)" --label restored "$dump.counts" "$restored_counts" >&2; then
  echo "restore: the restored rows differ from the backup's counts (above)." >&2
  exit 1
fi
echo "Restored $tables tables with $rows rows; every table has the rows counted at backup time."
