"""CSV files that a spreadsheet opens without evaluating anything in them.

Spreadsheets read a cell that starts with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage
return before one) as a formula, so text people typed could run ``=HYPERLINK(...)`` in the
reader's spreadsheet (OWASP: CSV injection). Such a cell is written with a leading apostrophe,
which spreadsheets show as text. A plain number such as ``-5`` or a phone number such as
``+371 26 123 456`` stays as it is: it evaluates to itself. Every CSV the portal writes goes
through ``Writer``; JSON needs none of this and stays exact.
"""

import csv
import re
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d[\d .,()]*")


def neutralise(value):
    """The cell as a spreadsheet should show it: text that would be a formula gets an
    apostrophe in front."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


class Writer:
    """``csv.writer`` (rows as sequences) and ``csv.DictWriter`` (rows as dicts, with
    ``fieldnames``) in one, neutralising every cell. ``writerow`` returns what the file's
    ``write`` returned, so a streaming response can yield it."""

    def __init__(self, file, fieldnames: Sequence[str] | None = None) -> None:
        self._writer = csv.writer(file)
        self.fieldnames = list(fieldnames) if fieldnames is not None else None

    def writeheader(self):
        return self._writer.writerow(self.fieldnames)

    def writerow(self, row: Sequence | dict):
        if isinstance(row, dict):
            if unknown := set(row) - set(self.fieldnames):
                raise ValueError(f"fields not in fieldnames: {sorted(unknown)}")
            row = [row.get(name, "") for name in self.fieldnames]
        return self._writer.writerow(["" if cell is None else neutralise(cell) for cell in row])

    def writerows(self, rows: Iterable[Sequence | dict]) -> None:
        for row in rows:
            self.writerow(row)
