"""Reading the query string of public pages: numbers that may be missing or mistyped never cause an error."""

from __future__ import annotations

from django.utils import timezone

# The largest integer the databases store (bigint): a larger ?unit= or ?page= is no record, never an overflow.
LARGEST = 2**63 - 1


def int_param(value, default=None):
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if -LARGEST <= number <= LARGEST else default


def chosen_year(request, years: list[int]) -> int:
    """The year asked for with ``?year=``, else the latest year that has something, else this year."""
    fallback = years[0] if years else timezone.localdate().year
    return int_param(request.GET.get("year"), fallback) or fallback
