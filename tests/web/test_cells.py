"""Cells formatted in the view show exactly what the template filters they replace show."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from baclo.web.cells import Cells

NUMBERS = [None, 0, 0.0, 1, 12.5, 80.0, -2.25, 1234.56]


def _rendered(text: str, value: object) -> str:
    return Template(text).render(Context({"value": value}))


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("places", ["", "0", "1"], ids=["default", "no-decimal", "one-decimal"])
@pytest.mark.parametrize("value", NUMBERS, ids=[repr(value) for value in NUMBERS])
def test_a_number_cell_is_what_floatformat_and_default_render(
    language: str, places: str, value: float | None
) -> None:
    argument = f':"{places}"' if places else ""
    with translation.override(language):
        expected = _rendered(f'{{{{ value|floatformat{argument}|default:"–" }}}}', value)
        assert Cells().number(value, places) == expected


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("value", NUMBERS, ids=[repr(value) for value in NUMBERS])
def test_a_localized_cell_is_what_the_template_prints(language: str, value: float | None) -> None:
    with translation.override(language):
        expected = _rendered("{% if value is None %}–{% else %}{{ value }}{% endif %}", value)
        cells = Cells()
        assert (cells.localized(value), cells.localized(value)) == (expected,) * 2


DAYS = [dt.date(2026, 3, 8), dt.date(2026, 12, 31), dt.date(909, 1, 2)]
DATE_FORMATS = ["SHORT_DATE_FORMAT", "DATE_FORMAT", "j/n/y", r"d \d\e m", "Y-m-d"]


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("format_name", DATE_FORMATS)
@pytest.mark.parametrize("day", DAYS, ids=[day.isoformat() for day in DAYS])
def test_a_date_cell_is_what_the_date_filter_renders(
    language: str, format_name: str, day: dt.date
) -> None:
    with translation.override(language):
        expected = _rendered(f'{{{{ value|date:"{format_name}" }}}}', day)
        cells = Cells()
        assert (cells.date(day, format_name), cells.date(day, format_name)) == (expected,) * 2


def test_a_number_cell_is_in_the_active_language() -> None:
    with translation.override("en"):
        english = Cells().number(12.5)
    with translation.override("fr"):
        french = Cells().number(12.5)
    assert (english, french) == ("12.5", "12,5")
