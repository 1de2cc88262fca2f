"""Django's zh_Hans formats with ISO dates first among the input formats: a date field
(``<input type="date">``) accepts only YYYY-MM-DD, and Django renders a form's date value with the first input
format, so with Django's own order (``%Y/%m/%d`` first) every prefilled date field showed empty. Dates typed with
slashes (2026/12/08) are still read."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403
from django.conf.locale.zh_Hans.formats import DATE_INPUT_FORMATS as _DJANGO_DATES

DATE_INPUT_FORMATS = ["%Y-%m-%d", *[f for f in _DJANGO_DATES if f != "%Y-%m-%d"]]
