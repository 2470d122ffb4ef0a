import argparse
import datetime
import textwrap
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter
from django.utils import translation
from django.utils.translation import gettext as _

from enterprises.register_import import (
    COLUMNS,
    CellError,
    ImportReport,
    Outcome,
    RegisterFileError,
    import_register,
    parse_date,
    show,
    tally,
    verdict,
)


def column_help() -> str:
    with translation.override("en"):
        return "\n".join(
            f"  {column.header} ({column.english}){' — required' if column.required else ''}\n"
            + textwrap.fill(
                str(column.description), width=88, initial_indent=" " * 6, subsequent_indent=" " * 6
            )
            for column in COLUMNS
        )


HELP = f"""\
Refresh enterprises' register status from a CSV export of the Ministry of Welfare's
register of social enterprises. Rows are matched by registration number: new ones become
pending enterprises (hidden until verified), known ones get the register's status and dates,
and every enterprise in the file is marked as checked on --checked-on (today by default).
Nothing is written unless every row is valid, or --partial is given. Running it again with
the same file on the same day changes nothing. The report lists every row that changes or
has errors; -v 2 lists the unchanged rows too.

The file: UTF-8 (with or without BOM), ";" or "," between cells, a header row, dates as
DD.MM.YYYY or YYYY-MM-DD. Columns, by their Latvian or English header (others are ignored):

{column_help()}

See docs/register-import.md."""


class HelpFormatter(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's order of options, with the column list kept as written."""


def day(text: str) -> datetime.date:
    try:
        value = parse_date(text.strip())
    except CellError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    if value is None:
        raise argparse.ArgumentTypeError("a date is required")
    return value


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The register's CSV export.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would change; write nothing."
        )
        parser.add_argument(
            "--partial",
            action="store_true",
            help="Write the valid rows even when other rows have errors.",
        )
        parser.add_argument(
            "--checked-on",
            type=day,
            metavar="DATE",
            help="The day the register was checked (its export date); today by default.",
        )
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="The report's language.",
        )

    def handle(self, *args, path, dry_run, partial, checked_on, language, **options):
        with translation.override(language):
            try:
                data = path.read_bytes()
            except OSError as error:
                raise CommandError(error) from error
            try:
                report = import_register(
                    data=data, checked_on=checked_on, dry_run=dry_run, partial=partial
                )
            except RegisterFileError as error:
                raise CommandError("\n".join(error.messages)) from error
            self.write_report(report, verbosity=options["verbosity"])
            if report.has_errors and not partial:
                raise CommandError(
                    _("Fix the rows with errors, or use --partial to write the valid rows.")
                )

    def write_report(self, report: ImportReport, *, verbosity: int) -> None:
        """Every row that changes or has errors (with -v 2 every row, with -v 0 none), then
        the counts."""
        self.stdout.write(_("Register checked on %(day)s.") % {"day": show(report.checked_on)})
        for row in report.rows:
            if verbosity == 0 or (row.outcome == Outcome.UNCHANGED and verbosity < 2):
                continue
            changes = "; ".join(f"{c.label}: {c.old} → {c.new}" for c in row.changes)
            self.stdout.write(
                _("line %(line)d") % {"line": row.line}
                + f" · {row.registration_number or '—'} · {row.name or '—'} · {row.outcome.label}"
                + (f" · {changes}" if changes else "")
            )
            for error in row.errors:
                where = f"“{error.column}”: " if error.column else ""
                self.stdout.write(self.style.ERROR(f"    {where}{error.message}"))
        self.stdout.write(tally(report))
        style = self.style.SUCCESS if report.written else self.style.WARNING
        self.stdout.write(style(verdict(report)))
