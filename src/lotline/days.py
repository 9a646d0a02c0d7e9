"""The business's days: what "today" is, and which dates a person may give.

Two "todays" exist: the computer's calendar day and the business's, in settings.TIME_ZONE. A
bakery in Auckland recording at 8 am is on a day UTC has not reached, so Lotline always means the
business's: `today()`. Every verb defaults to it, and the commands' "today" is the same day.

A date of something that happened (received, made, shipped, discarded, held) may be at most one
day ahead of that today (the person may be a time zone ahead of the business; a week ahead is a
typo) and not before FIRST_DAY. FIRST_DAY is 1 January 2000: a food business keeps traceability
records for two years (FSMA 204) and nothing it still holds is older, yet decades of old
spreadsheets still fit; while a year typed wrong (0202, 1926, 0001) is caught. A best-by date looks
ahead, up to BEST_BY_YEARS after today (honey, salt and tins keep for years; 9999 is a placeholder).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from lotline.errors import ErrorCode

FIRST_DAY = dt.date(2000, 1, 1)
AHEAD = dt.timedelta(days=1)
BEST_BY_YEARS = 30


def today() -> dt.date:
    """The business's today. settings.LOTLINE_TODAY fixes it (a synthetic dataset that runs into
    the future, such as the benchmark's, is replayed as of its last day)."""
    return getattr(settings, "LOTLINE_TODAY", None) or timezone.localdate()


def latest_day() -> dt.date:
    """The latest date a person may give for something that happened: tomorrow."""
    return today() + AHEAD


def latest_best_by() -> dt.date:
    day = today()
    try:
        return day.replace(year=day.year + BEST_BY_YEARS)
    except ValueError:  # 29 February
        return day.replace(year=day.year + BEST_BY_YEARS, day=28)


def day_problem(day: dt.date, *, latest: dt.date | None = None) -> tuple[ErrorCode, str] | None:
    """(code, message) when `day` cannot be the date of something that happened, else None."""
    if day < FIRST_DAY:
        return ErrorCode.DATE_TOO_OLD, f"{day} is before {FIRST_DAY}: check the year"
    latest = latest or latest_day()
    if day > latest:
        return ErrorCode.FUTURE_DATE, f"{day} is in the future (the latest date is {latest}): check the date"
    return None


def best_by_problem(day: dt.date, *, latest: dt.date | None = None) -> tuple[ErrorCode, str] | None:
    """(code, message) when `day` cannot be a best-by date, else None."""
    if day < FIRST_DAY:
        return ErrorCode.DATE_TOO_OLD, f"{day} is before {FIRST_DAY}: check the year"
    latest = latest or latest_best_by()
    if day > latest:
        return ErrorCode.FUTURE_DATE, f"best-by {day} is more than {BEST_BY_YEARS} years ahead: check the year"
    return None
