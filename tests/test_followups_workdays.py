"""Latvia's working days: weekends, public holidays, Easter, and holidays moved to Monday."""

import datetime

import pytest

from followups.workdays import add_working_days, easter_sunday, is_working_day, public_holidays

D = datetime.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2026, D(2026, 4, 5)), (2027, D(2027, 3, 28))],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_holidays_of_2026():
    assert sorted(public_holidays(2026)) == [
        D(2026, 1, 1),
        D(2026, 4, 3),  # Lielā Piektdiena
        D(2026, 4, 6),  # Otrās Lieldienas
        D(2026, 5, 1),
        D(2026, 5, 4),
        D(2026, 6, 23),
        D(2026, 6, 24),
        D(2026, 11, 18),
        D(2026, 12, 24),
        D(2026, 12, 25),
        D(2026, 12, 26),
        D(2026, 12, 31),
    ]


def test_a_holiday_on_a_weekend_moves_to_monday_only_for_4_may_and_18_november():
    assert D(2025, 5, 4).weekday() == 6 and not is_working_day(D(2025, 5, 5))
    assert D(2028, 11, 18).weekday() == 5 and not is_working_day(D(2028, 11, 20))
    # Christmas on a weekend is not moved.
    assert D(2027, 12, 25).weekday() == 5 and is_working_day(D(2027, 12, 27))
    assert is_working_day(D(2026, 5, 5))  # 4 May 2026 is a Monday itself


def test_weekends_are_not_working_days():
    assert not is_working_day(D(2026, 12, 5))
    assert not is_working_day(D(2026, 12, 6))
    assert is_working_day(D(2026, 12, 7))


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (D(2026, 12, 7), 0, D(2026, 12, 7)),
        (D(2026, 12, 4), 1, D(2026, 12, 7)),  # Friday → Monday
        (D(2026, 12, 23), 1, D(2026, 12, 28)),  # over Christmas
        (D(2026, 12, 30), 1, D(2027, 1, 4)),  # over New Year
        (D(2026, 4, 30), 5, D(2026, 5, 11)),  # 1 and 4 May
        (D(2026, 4, 2), 1, D(2026, 4, 7)),  # Easter
        (D(2026, 6, 26), -3, D(2026, 6, 19)),  # back over Līgo and Jāņi
        (D(2026, 12, 7), -1, D(2026, 12, 4)),
    ],
)
def test_add_working_days(start, days, expected):
    assert add_working_days(start, days) == expected
