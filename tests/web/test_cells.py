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
def test_a_date_cell_is_what_the_date_filter_renders(language: str) -> None:
    day = dt.date(2026, 3, 8)
    with translation.override(language):
        expected = _rendered('{{ value|date:"SHORT_DATE_FORMAT" }}', day)
        assert Cells().date(day) == expected


def test_a_number_cell_is_in_the_active_language() -> None:
    with translation.override("en"):
        english = Cells().number(12.5)
    with translation.override("fr"):
        french = Cells().number(12.5)
    assert (english, french) == ("12.5", "12,5")
