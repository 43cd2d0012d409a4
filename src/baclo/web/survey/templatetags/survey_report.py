"""Filters that print the published report: rates, intervals, table cells with their names."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from baclo.web.wording import protocol_title

register = template.Library()

CELL_NAMES = {
    "abstinent": _("Abstinent"),
    "controlled": _("Moderate, in control"),
    "halved": _("At least halved"),
    "unchanged": _("No change"),
    "abstinent_or_controlled": _("Abstinent or in control"),
    "at_least_halved": _("At least halved (all three)"),
    "none": _("None"),
    "mild_moderate": _("Weak to moderate"),
    "strong": _("Strong"),
    "very_strong": _("Very strong or unbearable"),
    "any": _("Any side effect"),
}
SEX_NAMES = {"f": _("Women"), "m": _("Men"), "other": _("Other or not said")}
SUPPRESSED = "—"


@register.simple_tag
def group_name(dimension: str, name: str) -> str:
    """A subgroup as people name it: "Femmes", "RTU 2014", never the code ``f`` or ``rtu-2014``."""
    if dimension == "sex":
        return str(SEX_NAMES.get(name, name))
    return protocol_title(name)


def _missing(value: object) -> bool:
    """None, or "" for a statistic of a suppressed group (the template engine's default)."""
    return not isinstance(value, int | float)


@register.filter
def percent(rate: float | None) -> str:
    return SUPPRESSED if _missing(rate) else f"{number_format(100 * rate, 1)} %"


@register.filter
def number(value: float | None, digits: int = 1) -> str:
    return SUPPRESSED if _missing(value) else number_format(value, digits)


@register.filter
def pvalue(p: float | None) -> str:
    """A p-value to 4 decimals; below that, "< 0.0001" rather than a misleading 0."""
    if _missing(p):
        return SUPPRESSED
    return f"< {number_format(0.0001, 4)}" if p < 0.0001 else number_format(p, 4)


@register.filter
def interval(pair: list[float] | None, digits: int = 1) -> str:
    if not pair:
        return SUPPRESSED
    # No spaces around the dash: an interval reads as one figure and fits a phone's column.
    return f"{number_format(pair[0], digits)}–{number_format(pair[1], digits)}"


@register.filter
def percent_interval(pair: list[float] | None) -> str:
    if not pair:
        return SUPPRESSED
    return f"{number_format(100 * pair[0], 1)}–{number_format(100 * pair[1], 1)} %"


@register.filter
def cells(table: dict[str, Any] | None) -> list[tuple[str, dict[str, Any]]]:
    """The named cells of a published frequency table, in the stats core's order."""
    if not table:
        return []
    return [(str(CELL_NAMES.get(name, name)), cell) for name, cell in table.items() if name != "n"]
