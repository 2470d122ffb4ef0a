"""Refresh enterprises' register status from the Ministry of Welfare's register export.

The Ministry of Welfare (Labklājības ministrija) keeps the register of social enterprises;
curators export it as CSV and load it with the ``import_register`` command or the upload
page in admin. Both call :func:`import_register`, which works in four steps:

``read_table``
    decode the file, find the delimiter and map its header to our columns;
``parse_row``
    read one row's cells into an :class:`Entry`, saying what is wrong with each cell;
``plan_import``
    decide against the database what each entry does (create, update, cease, record another
    check, or nothing) and validate each changed enterprise with ``full_clean()``;
``apply_plan``
    write the plan, and what the register said of each valid row (``RegisterEntry``); the
    caller holds the transaction.

Every run that was meant to write is kept as a ``RegisterImport`` with its counts and row
errors, so failed imports wait on the curators' desk until a clean one follows.

Nothing is written unless every row is valid, or the caller asks for ``partial``: then the
valid rows are written and the others reported. ``docs/register-import.md`` describes the
file for curators.
"""

import csv
import datetime
import functools
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Choices, TextChoices
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from matching.services import refresh_enterprise_matches
from municipalities.models import Municipality, MunicipalityKind
from portal.search import fold

from .filter_index import refresh_filter_index
from .models import (
    LegalForm,
    RegisterEntry,
    RegisterImport,
    RegisterStatus,
    SocialEnterprise,
    Verification,
)
from .services import unique_slug

# The register holds a few hundred rows; this keeps a mistaken upload from filling memory.
MAX_FILE_BYTES = 2 * 1024 * 1024
DELIMITERS = (";", ",")
# Recorded in the enterprises' history (simple-history's column holds 100 characters).
CHANGE_REASON = "Ministry of Welfare register import"
REGISTER_FIELDS = ("register_status", "status_granted_on", "status_ended_on")
# The ministry publishes the register as one page (a table and its export), with no address
# per enterprise: curators look the registration number up there.
REGISTER_URL = "https://www.lm.gov.lv/lv/socialo-uznemumu-registrs"
# How many row errors a kept import run holds: a whole file of bad rows is fixed at its source.
MAX_KEPT_ERRORS = 500
# The register's name for an enterprise is kept at most this long (RegisterEntry.name).
MAX_REGISTER_NAME = 300

T = TypeVar("T")


class RegisterFileError(ValueError):
    """The file as a whole cannot be read: too large, not UTF-8, empty, missing columns."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(" ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Column:
    """A column of the register export: the Ministry's Latvian header, its English
    equivalent and other spellings we accept, compared folded ("Reģ. nr." = "reg nr")."""

    key: str
    header: str
    english: str
    description: Promise
    required: bool = False
    aliases: tuple[str, ...] = ()

    def spellings(self) -> set[str]:
        return {fold(name) for name in (self.header, self.english, *self.aliases)}


COLUMNS: tuple[Column, ...] = (
    Column(
        "registration_number",
        "Reģistrācijas numurs",
        "Registration number",
        gettext_lazy("The 11-digit number in the Register of Enterprises; rows are matched by it."),
        required=True,
        aliases=("Reģistrācijas Nr.", "Reģ. nr.", "Registration No."),
    ),
    Column(
        "name",
        "Nosaukums",
        "Name",
        gettext_lazy("The enterprise's name; used only for enterprises new to the portal."),
        required=True,
    ),
    Column(
        "status",
        "Statuss",
        "Status",
        gettext_lazy(
            "“aktīvs” (active) or “izslēgts” (ceased). Without this column, or when it is "
            "empty, a row with an end date has ceased and any other row is active."
        ),
    ),
    Column(
        "granted_on",
        "Statusa piešķiršanas datums",
        "Status granted on",
        gettext_lazy("When the status was granted: DD.MM.YYYY or YYYY-MM-DD."),
        required=True,
        aliases=("Piešķiršanas datums", "Date granted"),
    ),
    Column(
        "ended_on",
        "Statusa izbeigšanas datums",
        "Status ended on",
        gettext_lazy("When the status ended, if it has: DD.MM.YYYY or YYYY-MM-DD."),
        aliases=("Izslēgšanas datums", "Izbeigšanas datums", "Date ended"),
    ),
    Column(
        "address",
        "Juridiskā adrese",
        "Legal address",
        gettext_lazy(
            "A new enterprise's home municipality is read from it when the municipality "
            "column is missing or empty."
        ),
        aliases=("Adrese", "Address"),
    ),
    Column(
        "municipality",
        "Pašvaldība",
        "Municipality",
        gettext_lazy("A new enterprise's home municipality, e.g. “Gulbenes novads” or “Rīga”."),
        aliases=("Novads",),
    ),
)
COLUMN = {column.key: column for column in COLUMNS}
# The model field each row error of full_clean() belongs to, as a column.
FIELD_COLUMNS = {
    "registration_number": "registration_number",
    "name": "name",
    "register_status": "status",
    "status_granted_on": "granted_on",
    "status_ended_on": "ended_on",
}

# Words of the status column, folded.
ACTIVE_WORDS = {"aktivs", "registrets", "pieskirts", "active", "registered", "granted"}
CEASED_WORDS = {"izslegts", "izbeigts", "zaudets", "anulets", "ceased", "excluded", "ended"}
_LATVIAN_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\.?")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# Characters no text column can hold (PostgreSQL refuses NUL outright); a tab may stand
# inside a quoted cell and is harmless.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Outcome(TextChoices):
    CREATED = "created", gettext_lazy("created")
    UPDATED = "updated", gettext_lazy("updated")
    CEASED = "ceased", gettext_lazy("ceased")
    CONFIRMED = "confirmed", gettext_lazy("checked again")
    UNCHANGED = "unchanged", gettext_lazy("unchanged")
    INVALID = "invalid", gettext_lazy("invalid")


WRITTEN = frozenset({Outcome.CREATED, Outcome.UPDATED, Outcome.CEASED, Outcome.CONFIRMED})


@dataclass(frozen=True)
class RowError:
    """What is wrong in a row: the file's line, the column's header as the file spells it
    (empty when it is about the whole row) and the message in the active language."""

    line: int
    column: str
    message: str


@dataclass(frozen=True)
class Change:
    """A field as it was and as it will be. Planning keeps the values; they are put into
    words (the field's label, dates and choices in the active language) only when read, so
    a file of thousands of rows formats only the rows the preview lists."""

    field_name: str
    before: object
    after: object

    @property
    def label(self) -> str:
        return label(self.field_name)

    @property
    def old(self) -> str:
        return show(self.before)

    @property
    def new(self) -> str:
        return show(self.after)


@dataclass(frozen=True)
class Table:
    """The file's data rows, each with the line it starts on, and where our columns are."""

    headers: dict[str, str]
    positions: dict[str, int]
    width: int
    rows: list[tuple[int, list[str]]]

    def header(self, key: str) -> str:
        """The column's header as the file spells it; empty when the file lacks it."""
        return self.headers.get(key, "")


@dataclass(frozen=True)
class Entry:
    """What one row of the register says; None where a cell is empty or unreadable."""

    line: int
    registration_number: str
    name: str
    number_as_written: str
    status: RegisterStatus | None
    granted_on: datetime.date | None
    ended_on: datetime.date | None
    municipality: str
    address: str


@dataclass
class PlannedRow:
    line: int
    registration_number: str
    name: str
    outcome: Outcome
    changes: list[Change] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    # The enterprise the row changes; of a new one, set when the plan is written.
    enterprise: SocialEnterprise | None = None
    # What the register's row said, for RegisterEntry; set on every valid row.
    entry: Entry | None = None
    # A new enterprise's fields: it is built only when written, as building thousands of
    # model instances cost a preview (which writes nothing) a sixth of its time.
    new_fields: dict[str, object] | None = None

    def build_enterprise(self) -> SocialEnterprise:
        """The new enterprise a row planned as created writes."""
        assert self.new_fields is not None, "only a row planned as created builds one"
        return SocialEnterprise(**self.new_fields)


@dataclass
class ImportReport:
    """What the import did, or in a dry run would do: every row with its outcome."""

    rows: list[PlannedRow]
    checked_on: datetime.date
    dry_run: bool
    partial: bool
    written: bool = False

    @property
    def counts(self) -> dict[Outcome, int]:
        counted = Counter(row.outcome for row in self.rows)
        return {outcome: counted[outcome] for outcome in Outcome}

    @property
    def errors(self) -> list[RowError]:
        return [error for row in self.rows for error in row.errors]

    @property
    def has_errors(self) -> bool:
        return any(row.outcome == Outcome.INVALID for row in self.rows)

    @property
    def can_apply(self) -> bool:
        """Whether applying the file would write anything."""
        has_changes = any(row.outcome in WRITTEN for row in self.rows)
        return has_changes and (self.partial or not self.has_errors)


@dataclass
class Plan:
    """What planning each row needs to know."""

    table: Table
    checked_on: datetime.date
    checked_at: datetime.datetime
    by: User | None
    existing: dict[str, SocialEnterprise]
    places: "Places"  # defined with the planning below
    seen: dict[str, int] = field(default_factory=dict)


class CellError(ValueError):
    """A cell cannot be read; the message says why, in the active language."""


# Showing values.


def show(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Choices):
        return str(value.label)
    if isinstance(value, str) and value in RegisterStatus.values:
        return str(RegisterStatus(value).label)
    return str(value)


def label(field_name: str) -> str:
    return str(SocialEnterprise._meta.get_field(field_name).verbose_name)


# Reading the file.


def decode(data: bytes) -> str:
    if len(data) > MAX_FILE_BYTES:
        raise RegisterFileError(
            [_("The file is larger than 2 MB; the register has a few hundred rows.")]
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RegisterFileError(
            [_("The file is not UTF-8 text. Save it from the spreadsheet as “CSV UTF-8”.")]
        ) from None


def map_header(header: list[str]) -> dict[str, int]:
    """Where each of our columns is: {column key: index}. Other columns are ignored."""
    by_spelling = {spelling: column for column in COLUMNS for spelling in column.spellings()}
    positions: dict[str, int] = {}
    errors = []
    for index, cell in enumerate(header):
        column = by_spelling.get(fold(cell))
        if column is None:
            continue
        if column.key in positions:
            errors.append(
                _("The columns “%(first)s” and “%(second)s” mean the same; keep one.")
                % {"first": header[positions[column.key]].strip(), "second": cell.strip()}
            )
        positions[column.key] = index
    for column in COLUMNS:
        if column.required and column.key not in positions:
            errors.append(
                _("The column “%(header)s” (or “%(english)s”) is missing.")
                % {"header": column.header, "english": column.english}
            )
    if "status" not in positions and "ended_on" not in positions:
        errors.append(
            _("The file needs a “%(status)s” or a “%(ended)s” column.")
            % {"status": COLUMN["status"].header, "ended": COLUMN["ended_on"].header}
        )
    if errors:
        raise RegisterFileError(errors)
    return positions


def read_table(data: bytes) -> Table:
    """The file's header and rows. Lines are counted from 1, the header's included, and
    rows with only empty cells are skipped."""
    text = decode(data)
    first = next((line for line in text.splitlines() if line.strip(" \t;,")), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=max(DELIMITERS, key=first.count))
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                if header is None:
                    header = cells
                else:
                    rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error:
        # In practice an unclosed quote: the rest of the file reads as one huge cell.
        raise RegisterFileError(
            [
                _(
                    "From line %(line)d on, the file cannot be read: a cell is longer than "
                    "128 KB. Is a quotation mark left unclosed?"
                )
                % {"line": line}
            ]
        ) from None
    if header is None:
        raise RegisterFileError([_("The file is empty.")])
    positions = map_header(header)
    return Table(
        headers={key: header[index].strip() for key, index in positions.items()},
        positions=positions,
        width=len(header),
        rows=rows,
    )


# Reading a row.


def parse_registration_number(text: str) -> str:
    number = re.sub(r"\s", "", text)
    if number.upper().startswith("LV"):  # written as the VAT number
        number = number[2:]
    if not re.fullmatch(r"[0-9]{11}", number):
        raise CellError(
            _("“%(value)s” is not a registration number: it must have exactly 11 digits.")
            % {"value": text}
        )
    return number


def parse_date(text: str) -> datetime.date | None:
    """A date written DD.MM.YYYY (a trailing dot allowed) or YYYY-MM-DD; None when empty."""
    if not text:
        return None
    if match := _LATVIAN_DATE.fullmatch(text):
        day, month, year = match.groups()
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    else:
        year = month = day = "0"
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(
            _("“%(value)s” is not a date: write it as DD.MM.YYYY or YYYY-MM-DD.") % {"value": text}
        ) from None


# A register spells its status a handful of ways; each is folded once, not once a row.
@functools.lru_cache(maxsize=256)
def parse_status(text: str) -> RegisterStatus | None:
    words = set(fold(text).split())
    if not words:
        return None
    active, ceased = bool(words & ACTIVE_WORDS), bool(words & CEASED_WORDS)
    if active != ceased:
        return RegisterStatus.ACTIVE if active else RegisterStatus.CEASED
    raise CellError(
        _("“%(value)s” is not a status we know: write “aktīvs” or “izslēgts”.") % {"value": text}
    )


def parse_row(
    table: Table, line: int, cells: list[str], checked_on: datetime.date
) -> tuple[Entry, list[RowError]]:
    errors: list[RowError] = []
    if any(cell.strip() for cell in cells[table.width :]):
        errors.append(
            RowError(
                line,
                "",
                _(
                    "The row has %(cells)d cells but the header has %(columns)d: does a value "
                    "with a delimiter in it lack quotes?"
                )
                % {"cells": len(cells), "columns": table.width},
            )
        )
    values = {
        key: cells[index].strip() if index < len(cells) else ""
        for key, index in table.positions.items()
    }
    for key, value in values.items():
        if _CONTROL.search(value):
            errors.append(
                RowError(
                    line,
                    table.header(key),
                    _(
                        "The cell holds an invisible control character (such as NUL) that "
                        "text cannot contain. Remove it, or save the file from the "
                        "spreadsheet again as “CSV UTF-8”."
                    ),
                )
            )
            values[key] = ""  # nothing more to say about what cannot be stored

    def read(key: str, parse: Callable[[str], T]) -> T | None:
        try:
            return parse(values.get(key, ""))
        except CellError as error:
            errors.append(RowError(line, table.header(key), str(error)))
            return None

    entry = Entry(
        line=line,
        registration_number=read("registration_number", parse_registration_number) or "",
        name=values["name"],
        number_as_written=values["registration_number"],
        status=read("status", parse_status),
        granted_on=read("granted_on", parse_date),
        ended_on=read("ended_on", parse_date),
        municipality=values.get("municipality", ""),
        address=values.get("address", ""),
    )
    for key, date in (("granted_on", entry.granted_on), ("ended_on", entry.ended_on)):
        if date is not None and date > checked_on:
            errors.append(
                RowError(
                    line,
                    table.header(key),
                    _("%(date)s is after the day the register was checked, %(day)s.")
                    % {"date": show(date), "day": show(checked_on)},
                )
            )
    return entry, errors


# Planning.


def place_names(municipality: Municipality) -> set[str]:
    """How an address names the municipality, folded: "gulbenes novads", "gulbenes nov";
    "riga", "rigas pilseta"."""
    name = fold(municipality.name)
    if municipality.kind == MunicipalityKind.COUNTY:
        return {name, name.removesuffix(" novads") + " nov"}
    genitive = name if name.endswith("s") else f"{name}s"
    return {name, f"{genitive} pilseta", f"{genitive} valstspilseta"}


class Places:
    """Today's municipalities by every folded name an address may give them, read once per
    import: finding a row's municipality is a few dictionary lookups, and a text met before
    (the same municipality on many rows) none."""

    def __init__(self, municipalities: Iterable[Municipality]) -> None:
        self.by_name: dict[str, Municipality] = {}
        for municipality in municipalities:
            for name in place_names(municipality):
                self.by_name.setdefault(name, municipality)
        self.most_words = max((len(name.split()) for name in self.by_name), default=1)
        self.found: dict[str, Municipality | None] = {}

    def find(self, text: str) -> Municipality | None:
        """The municipality the text names. An address names the place last ("Brīvības
        iela 1, Ventspils nov."), so the name that ends last wins, and of those the longest."""
        if text not in self.found:
            self.found[text] = self._find(fold(text).split())
        return self.found[text]

    def _find(self, words: list[str]) -> Municipality | None:
        for end in range(len(words), 0, -1):
            for size in range(min(self.most_words, end), 0, -1):
                found = self.by_name.get(" ".join(words[end - size : end]))
                if found is not None:
                    return found
        return None


def home_municipality(entry: Entry, plan: Plan) -> tuple[Municipality | None, RowError | None]:
    table = plan.table
    # The message is worded only for a row whose municipality is not found.
    if entry.municipality:
        found = plan.places.find(entry.municipality)
        if found is None:
            message = _("“%(value)s” is not one of today's municipalities.") % {
                "value": entry.municipality
            }
            return None, RowError(entry.line, table.header("municipality"), message)
    elif entry.address:
        found = plan.places.find(entry.address)
        if found is None:
            message = _(
                "The address names none of today's municipalities: fill in the “%(column)s” column."
            ) % {"column": COLUMN["municipality"].header}
            return None, RowError(entry.line, table.header("address"), message)
    else:
        message = _(
            "A new enterprise needs its municipality: fill in “%(column)s” or “%(address)s”."
        ) % {
            "column": COLUMN["municipality"].header,
            "address": COLUMN["address"].header,
        }
        column = table.header("municipality") or table.header("address")
        return None, RowError(entry.line, column, message)
    return found, None


def register_values(
    entry: Entry, current: SocialEnterprise | None, table: Table
) -> tuple[dict[str, object], list[RowError]]:
    """The status and dates the entry sets. An empty grant date keeps the one we have; the
    end date is cleared for an active status and kept for a ceased one the file gives none."""
    errors = []

    def error(key: str, message: str) -> None:
        errors.append(RowError(entry.line, table.header(key), message))

    status = entry.status or (RegisterStatus.CEASED if entry.ended_on else RegisterStatus.ACTIVE)
    granted_on = entry.granted_on or (current.status_granted_on if current else None)
    ended_on = None
    if status == RegisterStatus.ACTIVE:
        if entry.ended_on:
            error("ended_on", _("The status is active, but the row gives the date it ended."))
        if granted_on is None:
            error("granted_on", _("An active status needs the date it was granted."))
    else:
        ended_on = entry.ended_on or (current.status_ended_on if current else None)
        if ended_on is None:
            error(
                "ended_on" if table.header("ended_on") else "status",
                _("A ceased status needs the date it ended."),
            )
    if granted_on and ended_on and ended_on < granted_on:
        error("ended_on", _("The status cannot end before it was granted."))
    values = {
        "register_status": status,
        "status_granted_on": granted_on,
        "status_ended_on": ended_on,
    }
    return values, errors


def validate(enterprise: SocialEnterprise, line: int, table: Table) -> list[RowError]:
    """The model's own validation (fields and database constraints) as row errors."""
    try:
        enterprise.full_clean()
    except ValidationError as error:
        return [
            RowError(line, table.header(FIELD_COLUMNS.get(name, "")), message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def plan_new(entry: Entry, plan: Plan) -> PlannedRow:
    row = PlannedRow(entry.line, entry.registration_number, entry.name, Outcome.INVALID)
    values, row.errors = register_values(entry, None, plan.table)
    if not entry.name:
        row.errors.append(
            RowError(entry.line, plan.table.header("name"), _("A new enterprise needs a name."))
        )
    municipality, error = home_municipality(entry, plan)
    if error is not None:
        row.errors.append(error)
    # Of a new enterprise the file gives only the name, number, status and dates; the rest
    # is ours. A full_clean() per row cost a third of a 2 MB file's preview, and what it
    # would check is known already: the number is well formed (parse_row), new
    # (plan.existing) and once in the file (plan.seen), the municipality and the curator
    # were read from the database, register_values() keeps every constraint the register
    # fields take part in (a new enterprise is an SIA with a check date), and every other
    # field holds our own valid value. What is left is the name, checked here by the
    # model's own field (its length and the line breaks it refuses), with its messages.
    # The slug is chosen when the row is written, so two new rows never get the same.
    # tests/test_register_import_scale.py checks that every row planned as created passes
    # the whole validation.
    row.errors += clean_name(entry, plan.table)
    if row.errors:
        return row
    # Its name, number, status and dates are the register's own, so it is verified against
    # the register from the start (Verification says exactly that). Nobody acts for it until
    # a curator approves a representative: that check is of people, not of the register.
    row.new_fields = {
        "name": entry.name,
        "registration_number": entry.registration_number,
        "legal_form": LegalForm.SIA,
        "verification": Verification.VERIFIED,
        "home_municipality": municipality,
        "checked_at": plan.checked_at,
        "checked_by": plan.by,
        **values,
    }
    row.outcome, row.entry = Outcome.CREATED, entry
    row.changes = [Change(name, None, values[name]) for name in REGISTER_FIELDS if values[name]]
    row.changes += [
        Change("home_municipality", None, municipality),
        Change("verification", None, Verification.VERIFIED),
    ]
    return row


NAME_FIELD = SocialEnterprise._meta.get_field("name")


def clean_name(entry: Entry, table: Table) -> list[RowError]:
    """A new enterprise's name as the model's field validates it, as row errors."""
    if not entry.name:
        return []  # said already: "A new enterprise needs a name."
    try:
        NAME_FIELD.clean(entry.name, None)
    except ValidationError as error:
        return [RowError(entry.line, table.header("name"), message) for message in error.messages]
    return []


def plan_existing(entry: Entry, enterprise: SocialEnterprise, plan: Plan) -> PlannedRow:
    row = PlannedRow(entry.line, entry.registration_number, enterprise.name, Outcome.INVALID)
    values, row.errors = register_values(entry, enterprise, plan.table)
    if row.errors:
        return row
    was_ceased = enterprise.register_status == RegisterStatus.CEASED
    row.changes = [
        Change(name, getattr(enterprise, name), value)
        for name, value in values.items()
        if getattr(enterprise, name) != value
    ]
    register_changed = bool(row.changes)
    if register_changed:
        for name, value in values.items():
            setattr(enterprise, name, value)
        row.errors = validate(enterprise, entry.line, plan.table)
        if row.errors:
            return row
    # The check date only moves forward, by whole days: the same file on the same day,
    # or after a curator's check that day, changes nothing.
    checked_again = (
        enterprise.checked_at is None or timezone.localdate(enterprise.checked_at) < plan.checked_on
    )
    if checked_again:
        row.changes.append(Change("checked_at", enterprise.checked_at, plan.checked_on))
        enterprise.checked_at, enterprise.checked_by = plan.checked_at, plan.by
    if register_changed:
        ceased = values["register_status"] == RegisterStatus.CEASED and not was_ceased
        row.outcome = Outcome.CEASED if ceased else Outcome.UPDATED
    else:
        row.outcome = Outcome.CONFIRMED if checked_again else Outcome.UNCHANGED
    row.enterprise, row.entry = enterprise, entry
    return row


def check_moment(checked_on: datetime.date) -> datetime.datetime:
    """When the register was checked: now for today, the day's start for an earlier day."""
    if checked_on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(checked_on, datetime.time.min))


def plan_import(table: Table, *, checked_on: datetime.date, by: User | None) -> list[PlannedRow]:
    parsed = [parse_row(table, line, cells, checked_on) for line, cells in table.rows]
    numbers = {entry.registration_number for entry, _errors in parsed}
    # The portal's numbers are one narrow column, read whole; sending every number of a
    # large file as a parameter of the query cost a quarter of planning it.
    known = set(SocialEnterprise.objects.values_list("registration_number", flat=True))
    existing = SocialEnterprise.objects.in_bulk(numbers & known, field_name="registration_number")
    places = Places(Municipality.objects.current())
    plan = Plan(table, checked_on, check_moment(checked_on), by, existing, places)
    rows = []
    for entry, errors in parsed:
        number = entry.registration_number
        if number in plan.seen:
            errors.append(
                RowError(
                    entry.line,
                    table.header("registration_number"),
                    _("This registration number is already on line %(line)d.")
                    % {"line": plan.seen[number]},
                )
            )
        elif number:
            plan.seen[number] = entry.line
        if errors:
            shown = number or entry.number_as_written
            rows.append(PlannedRow(entry.line, shown, entry.name, Outcome.INVALID, errors=errors))
        elif number in existing:
            rows.append(plan_existing(entry, existing[number], plan))
        else:
            rows.append(plan_new(entry, plan))
    return rows


# Writing.


def apply_plan(rows: list[PlannedRow], checked_on: datetime.date) -> None:
    """Write the valid rows' changes and rescore changed enterprises' matches: the register
    status and the check date both count in matching."""
    created = []
    for row in rows:
        if row.outcome == Outcome.CREATED:
            row.enterprise = row.build_enterprise()
            created.append(row.enterprise)
    if created:
        taken = set(SocialEnterprise.objects.values_list("slug", flat=True))
        for enterprise in created:
            enterprise.slug = unique_slug(enterprise.name, taken)
        # In bulk, history included: a whole register of new enterprises is written in
        # seconds. They have no offerings yet: nothing to match.
        created = bulk_create_with_history(
            created,
            SocialEnterprise,
            batch_size=500,
            default_user=created[0].checked_by,
            default_change_reason=CHANGE_REASON,
        )
        refresh_filter_index([enterprise.pk for enterprise in created])
    for row in rows:
        enterprise = row.enterprise
        if row.outcome not in WRITTEN - {Outcome.CREATED} or enterprise is None:
            continue
        enterprise._change_reason = CHANGE_REASON
        # Only what the register tells is written, so a curator's edit of the profile made
        # meanwhile stands; a new check date alone does not make the profile "updated".
        fields = ["checked_at", "checked_by"]
        if row.outcome != Outcome.CONFIRMED:
            fields += [*REGISTER_FIELDS, "updated_at"]
        enterprise.save(update_fields=fields)
        refresh_enterprise_matches(enterprise)
    keep_entries(rows, checked_on)


def keep_entries(rows: list[PlannedRow], checked_on: datetime.date) -> None:
    """Keep what the register said of each valid row, unless an entry from a later export
    is kept already (an older file does not overwrite what a newer one said)."""
    valid = [row for row in rows if row.entry is not None and row.enterprise is not None]
    if not valid:
        return
    kept = dict(
        RegisterEntry.objects.filter(
            registration_number__in=[row.registration_number for row in valid]
        ).values_list("registration_number", "checked_on")
    )
    entries = [
        RegisterEntry(
            registration_number=row.registration_number,
            # An existing enterprise's row may leave the name empty; the file's spelling
            # is what a curator compares, so an empty one stays empty.
            name=row.entry.name[:MAX_REGISTER_NAME],
            checked_on=checked_on,
            **{name: getattr(row.enterprise, name) for name in REGISTER_FIELDS},
        )
        for row in valid
        if kept.get(row.registration_number, checked_on) <= checked_on
    ]
    RegisterEntry.objects.bulk_create(
        entries,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["registration_number"],
        update_fields=["name", *REGISTER_FIELDS, "checked_on"],
    )


def import_register(
    *,
    data: bytes,
    checked_on: datetime.date | None = None,
    by: User | None = None,
    dry_run: bool = False,
    partial: bool = False,
) -> ImportReport:
    """Read the Ministry's register export and refresh the enterprises it lists.

    ``checked_on`` is the day the register was checked (the export's date), today by
    default. ``by`` is the curator who uploaded it, recorded as ``checked_by``. A dry run
    only reports. Unless ``partial``, a single invalid row means nothing is written.
    Raises :class:`RegisterFileError` when the file as a whole cannot be read.
    """
    checked_on = checked_on or timezone.localdate()
    try:
        if checked_on > timezone.localdate():
            raise RegisterFileError([_("The register cannot have been checked on a future day.")])
        table = read_table(data)
    except RegisterFileError as error:
        if not dry_run:
            keep_failed_file(error, checked_on=checked_on, partial=partial, by=by)
        raise
    if dry_run:
        rows = plan_import(table, checked_on=checked_on, by=by)
        return ImportReport(rows, checked_on, dry_run=True, partial=partial)
    with transaction.atomic():
        rows = plan_import(table, checked_on=checked_on, by=by)
        report = ImportReport(rows, checked_on, dry_run=False, partial=partial)
        if report.can_apply:
            apply_plan(rows, checked_on)
            report.written = True
        keep_run(report, by=by)
    return report


def keep_run(report: ImportReport, *, by: User | None) -> RegisterImport:
    """Record the run for the curators' desk: its counts and (the first) row errors."""
    return RegisterImport.objects.create(
        by=by,
        checked_on=report.checked_on,
        partial=report.partial,
        written=report.written,
        row_count=len(report.rows),
        invalid_rows=report.counts[Outcome.INVALID],
        has_errors=report.has_errors,
        counts={outcome.value: count for outcome, count in report.counts.items()},
        errors=[
            {"line": error.line, "column": error.column, "message": error.message}
            for error in report.errors[:MAX_KEPT_ERRORS]
        ],
    )


def keep_failed_file(
    error: RegisterFileError, *, checked_on: datetime.date, partial: bool, by: User | None
) -> RegisterImport:
    """Record a run whose file could not be read at all (e.g. a scheduled command's)."""
    return RegisterImport.objects.create(
        by=by,
        checked_on=checked_on,
        partial=partial,
        has_errors=True,
        errors=[{"line": 0, "column": "", "message": message} for message in error.messages],
    )


# Reporting.


def tally(report: ImportReport) -> str:
    """The counts, e.g. "created: 2, updated: 1, ceased: 1, ..."."""
    return ", ".join(f"{outcome.label}: {count}" for outcome, count in report.counts.items())


def verdict(report: ImportReport) -> str:
    """One sentence on what happened to the database."""
    invalid = report.counts[Outcome.INVALID]
    if report.dry_run:
        return _("Dry run: nothing was written.")
    if report.written and invalid:
        return _("The valid rows were written; the rows with errors were not.")
    if report.written:
        return _("The register file was imported.")
    if invalid:
        return ngettext(
            "Nothing was written: %(count)d row has errors.",
            "Nothing was written: %(count)d rows have errors.",
            invalid,
        ) % {"count": invalid}
    return _("Nothing was written: the file changes nothing.")
