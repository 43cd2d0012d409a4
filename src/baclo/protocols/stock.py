"""Tablets in stock: counted down from the intakes taken, and how long they last.

A patient counts what they have (boxes or loose tablets of each strength). From then on, each
intake recorded in the journal takes its tablets out: the pieces
:meth:`~baclo.protocols.tablets.TabletSet.compose` chooses for its dose (a half tablet takes
half a tablet). The forecast then walks the course's coming days, intake by intake, until a
piece is missing: a titration raises the doses, so the stock runs out sooner than today's dose
suggests; a taper makes it last longer. Counts are kept in half tablets, whole numbers, so that
halving never rounds.

>>> import datetime as dt
>>> tablets = TabletSet(strengths_mg=(10,))
>>> left = {10.0: 2 * 30}  # 30 tablets of 10 mg
>>> days = [(dt.date(2026, 3, d), (20.0, 20.0)) for d in range(1, 31)]  # 40 mg/day
>>> forecast(left, days, tablets, today=dt.date(2026, 3, 1)).days_left
7
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from baclo.errors import FieldError
from baclo.protocols.inputs import finite_number
from baclo.protocols.tablets import TabletSet

__all__ = [
    "MAX_TABLETS",
    "RUN_OUT_WARNING_DAYS",
    "Forecast",
    "StockCode",
    "count_halves",
    "forecast",
    "pieces",
    "remaining",
]

#: More tablets than anyone keeps at home (a year at 300 mg/day of 10 mg tablets is 11,000):
#: a larger count is a typing error.
MAX_TABLETS = 10_000
#: The patient is warned this many days before the stock runs out: time to see the prescriber
#: and the pharmacy.
RUN_OUT_WARNING_DAYS = 7


class StockCode:
    """Machine codes of the errors this module raises (a UI translates them)."""

    NEGATIVE = "stock_negative"
    TOO_MANY = "stock_too_many"
    NOT_A_NUMBER = "stock_not_a_number"
    NOT_HALF = "stock_not_half"


def _quantity(value: Any, field: str, *, whole: bool) -> float:
    try:
        value = finite_number(field, value)  # also an integer too large for a float
    except FieldError:
        raise FieldError(
            field, f"expected a number, got {value!r:.40}", code=StockCode.NOT_A_NUMBER
        ) from None
    if value < 0:
        raise FieldError(field, f"{value:g} is below zero", code=StockCode.NEGATIVE)
    if value > MAX_TABLETS:
        raise FieldError(field, f"{value:g} is over {MAX_TABLETS}", code=StockCode.TOO_MANY)
    step = 1 if whole else 0.5
    if value % step:
        raise FieldError(field, f"{value:g} is not a multiple of {step:g}", code=StockCode.NOT_HALF)
    return float(value)


def count_halves(*, boxes: Any = 0, per_box: Any = 0, loose: Any = 0, field: str = "stock") -> int:
    """Half tablets in ``boxes`` full boxes of ``per_box`` tablets plus ``loose`` tablets.

    Raises :class:`~baclo.errors.FieldError` naming ``field.boxes``, ``field.per_box`` or
    ``field.loose`` for a value below zero, not a number, or over :data:`MAX_TABLETS`, and
    ``field`` when the total is over :data:`MAX_TABLETS`.
    """
    total = _quantity(boxes, f"{field}.boxes", whole=True) * _quantity(
        per_box, f"{field}.per_box", whole=True
    ) + _quantity(loose, f"{field}.loose", whole=False)
    if total > MAX_TABLETS:
        raise FieldError(field, f"{total:g} tablets is over {MAX_TABLETS}", code=StockCode.TOO_MANY)
    return round(total * 2)


def pieces(tablets: TabletSet, dose_mg: float) -> dict[float, int]:
    """Half tablets of each strength that ``dose_mg`` takes; a dose that cannot be made of the
    tablets (typed by hand) counts as the next one that can: that is what was swallowed."""
    takeable = dose_mg if tablets.can_make(dose_mg) else tablets.round_up(dose_mg)
    return {p.strength_mg: p.halves for p in tablets.compose(takeable)}


def remaining(
    halves: Mapping[float, int],
    taken: Iterable[float],
    tablets: TabletSet,
) -> dict[float, int]:
    """What is left of ``halves`` after the intakes ``taken`` (mg each), never below zero."""
    left = dict(halves)
    for dose in taken:
        for strength, used in pieces(tablets, dose).items():
            left[strength] = max(0, left.get(strength, 0) - used)
    return left


@dataclass(frozen=True, kw_only=True)
class Forecast:
    """When the stock runs out: the first day one of its planned intakes cannot be taken in
    full (``None``: not within the days given), ``days_left`` from today, and which strength
    is missing."""

    run_out_on: dt.date | None
    days_left: int | None
    missing_strength_mg: float | None

    @property
    def warn(self) -> bool:
        return self.days_left is not None and self.days_left <= RUN_OUT_WARNING_DAYS


def forecast(
    halves: Mapping[float, int],
    days: Iterable[tuple[dt.date, Sequence[float]]],
    tablets: TabletSet,
    *,
    today: dt.date,
) -> Forecast:
    """Walk ``days`` (date, the intakes still to take that day in mg) in order, taking each
    intake's tablets out of ``halves``, until one cannot be taken in full."""
    left = dict(halves)
    for day, intakes in days:
        for dose in intakes:
            need = pieces(tablets, dose)
            short = [s for s, n in need.items() if left.get(s, 0) < n]
            if short:
                return Forecast(
                    run_out_on=day, days_left=(day - today).days, missing_strength_mg=short[0]
                )
            for strength, n in need.items():
                left[strength] -= n
    return Forecast(run_out_on=None, days_left=None, missing_strength_mg=None)
