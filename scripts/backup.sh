#!/usr/bin/env bash
# Back up the portal's database.
#
#   DATABASE_URL=postgres://kopa@db.example.lv:5432/kopa scripts/backup.sh [FILE]
#
# PostgreSQL: pg_dump's custom format (compressed, restored table by table with pg_restore).
# SQLite: an online copy of the database file. Next to FILE goes FILE.counts, the number of
# rows in every table, counted in the very snapshot the dump was taken from; restore.sh
# checks the restored database against it.
#
# FILE defaults to $BACKUP_DIR/kopa-<UTC time>.dump (BACKUP_DIR defaults to ./backups). With
# BACKUP_KEEP_DAYS set, older kopa-*.dump files in BACKUP_DIR are deleted afterwards.
set -euo pipefail

url=${DATABASE_URL:?DATABASE_URL must name the database to back up}
backup_dir=${BACKUP_DIR:-backups}
out=${1:-$backup_dir/kopa-$(date -u +%Y%m%dT%H%M%SZ).dump}
mkdir -p "$(dirname "$out")"
umask 077  # a backup holds personal data: readable by its owner only

partial="$out.partial"
counts_partial="$out.counts.partial"
trap 'rm -f "$partial" "$counts_partial"' EXIT

# Rows of every table, one "schema.table|rows" line each, in name order.
count_rows_sql=$(<"$(dirname "$0")/row-counts.sql")

backup_postgresql() {
  local libpq_url=${url/#pgsql:/postgresql:}  # dj-database-url's alias, unknown to libpq
  # A read-only transaction exports its snapshot; pg_dump dumps exactly that snapshot, and
  # the rows are counted in it, so the counts match the dump even while the portal writes.
  coproc PSQL { psql --no-psqlrc --quiet --tuples-only --no-align -v ON_ERROR_STOP=1 "$libpq_url"; }
  local to_psql=${PSQL[1]} from_psql=${PSQL[0]} snapshot line
  printf '%s\n' "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY;" \
    "SELECT pg_export_snapshot();" >&"$to_psql"
  read -r -t 60 snapshot <&"$from_psql" || { echo "backup: no snapshot from psql" >&2; exit 1; }
  pg_dump --format=custom --snapshot="$snapshot" --file="$partial" "$libpq_url"
  printf '%s\n' "$count_rows_sql" "SELECT '-- end --';" >&"$to_psql"
  while read -r -t 600 line <&"$from_psql"; do
    [[ $line == "-- end --" ]] && break
    printf '%s\n' "$line"
  done >"$counts_partial"
  [[ $line == "-- end --" ]] || { echo "backup: counting rows failed" >&2; exit 1; }
  printf '%s\n' "COMMIT;" '\q' >&"$to_psql"
  wait "$PSQL_PID"
  pg_restore --list "$partial" >/dev/null  # the archive reads back
}

backup_sqlite() {
  local path=${url#sqlite://}
  path=${path#/}  # sqlite:///db.sqlite3 is relative, sqlite:////srv/db.sqlite3 absolute
  "${PYTHON:-python3}" - "$path" "$partial" "$counts_partial" <<'PY'
import sqlite3
import sys

source, target, counts = sys.argv[1:]
src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
dst = sqlite3.connect(target)
src.backup(dst)  # a consistent copy, even while the portal writes
dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
tables = [row[0] for row in dst.execute(
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
with open(counts, "w") as file:
    for table in tables:
        rows = dst.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
        file.write(f"main.{table}|{rows}\n")
dst.close()
PY
}

case $url in
  postgres://* | postgresql://* | pgsql://*) backup_postgresql ;;
  sqlite://*) backup_sqlite ;;
  *) echo "backup: DATABASE_URL must be postgres://... or sqlite://..." >&2; exit 2 ;;
esac

mv "$partial" "$out"
mv "$counts_partial" "$out.counts"
tables=$(wc -l <"$out.counts")
rows=$(awk -F'|' '{ total += $2 } END { print total + 0 }' "$out.counts")
echo "Backed up $tables tables with $rows rows to $out ($(du -h "$out" | cut -f1))."

if [[ -n ${BACKUP_KEEP_DAYS:-} && $# -eq 0 ]]; then
  find "$backup_dir" -maxdepth 1 -name 'kopa-*.dump' -mtime "+$BACKUP_KEEP_DAYS" -print \
    | while read -r old; do rm -f "$old" "$old.counts" && echo "Deleted $old."; done
fi
