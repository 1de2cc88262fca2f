"""A prefilled date field shows its date: ``<input type="date">`` takes only YYYY-MM-DD, and Django renders a
form's date with the locale's first input format (zh_Hans: 2026/12/08, which the browser shows as empty)."""

import datetime as dt

from django import forms


class DateForm(forms.Form):
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))


def test_a_prefilled_date_field_carries_an_iso_date():
    assert 'value="2026-12-08"' in str(DateForm(initial={"day": dt.date(2026, 12, 8)})["day"])


def test_dates_typed_with_slashes_are_still_read():
    for typed in ("2026-12-08", "2026/12/08"):
        form = DateForm({"day": typed})
        assert form.is_valid(), typed
        assert form.cleaned_data["day"] == dt.date(2026, 12, 8)
