"""Working days in Latvia: weekends and the public holidays of the law "Par svētku, atceres
un atzīmējamām dienām" are not counted when a follow-up waits "5 working days"."""

import datetime
from functools import cache

# (month, day) of every year.
FIXED_HOLIDAYS = (
    (1, 1),  # Jaungada diena
    (5, 1),  # Darba svētki
    (5, 4),  # Latvijas Republikas Neatkarības atjaunošanas diena
    (6, 23),  # Līgo diena
    (6, 24),  # Jāņu diena
    (11, 18),  # Latvijas Republikas proklamēšanas diena
    (12, 24),  # Ziemassvētku vakars
    (12, 25),  # Pirmie Ziemassvētki
    (12, 26),  # Otrie Ziemassvētki
    (12, 31),  # Vecgada diena
)
# When these fall on a Saturday or Sunday, the next Monday is a day off instead.
MOVED_WHEN_ON_WEEKEND = ((5, 4), (11, 18))


def easter_sunday(year: int) -> datetime.date:
    """Western Easter (the Anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * ell) // 451
    month, day = divmod(h + ell - 7 * m + 114, 31)
    return datetime.date(year, month, day + 1)


@cache
def public_holidays(year: int) -> frozenset[datetime.date]:
    days = {datetime.date(year, month, day) for month, day in FIXED_HOLIDAYS}
    easter = easter_sunday(year)
    days |= {easter - datetime.timedelta(days=2), easter + datetime.timedelta(days=1)}
    for month, day in MOVED_WHEN_ON_WEEKEND:
        date = datetime.date(year, month, day)
        if date.weekday() >= 5:
            days.add(date + datetime.timedelta(days=7 - date.weekday()))
    return frozenset(days)


def is_working_day(date: datetime.date) -> bool:
    return date.weekday() < 5 and date not in public_holidays(date.year)


def add_working_days(date: datetime.date, days: int) -> datetime.date:
    """The working day ``days`` working days after ``date`` (before it when negative)."""
    step = datetime.timedelta(days=1 if days >= 0 else -1)
    remaining = abs(days)
    while remaining:
        date += step
        if is_working_day(date):
            remaining -= 1
    return date
