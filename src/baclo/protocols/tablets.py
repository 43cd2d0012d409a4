"""The patient's tablets: which doses can be swallowed, and how.

Every dose baclo proposes (a titration step, an intake of a split, a taper step) must be made of
whole tablets, or of half tablets when they are scored, of the strengths the patient has.
Baclofen tablets sold in France are scored: 10 mg (Lioresal and its generics) and 10, 20, 30 and
40 mg (Baclocur SmPC, ANSM 2018, section 3: "scored tablet; the tablet can be divided into equal
doses"). The default set is one 10 mg scored tablet, so doses go in 5 mg steps.

A dose is made of *pieces*: a whole tablet or, for a scored tablet, a half.
:meth:`TabletSet.compose` chooses the fewest pieces (fewer things to count and swallow), then
the fewest halves (fewer tablets to cut), then the larger strengths. Two halves of one strength
are never chosen: one whole tablet is one piece fewer.

>>> tablets = TabletSet(strengths_mg=(10, 20))
>>> tablets.describe(55).en
'2 × 20 mg + 1½ × 10 mg'
>>> tablets.can_make(7), tablets.round_down(7), tablets.nearest(8)
(False, 5.0, 10.0)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from baclo.errors import FieldError
from baclo.questionnaires import Text
from baclo.text import number_fr

__all__ = [
    "DEFAULT_TABLETS",
    "FRENCH_STRENGTHS_MG",
    "STRENGTH_RESOLUTION_MG",
    "Portion",
    "TabletCode",
    "TabletSet",
    "parse_strengths",
]

FRENCH_STRENGTHS_MG = (10.0, 20.0, 30.0, 40.0)
"""Strengths sold in France: 10 mg (generics, Lioresal), 10-40 mg (Baclocur SmPC, ANSM 2018)."""

STRENGTH_RESOLUTION_MG = 0.5
"""A strength must be a positive multiple of this (a half tablet is then a multiple of 0.25 mg)."""

_QUARTER = 4  # doses are computed in whole quarter milligrams: halves of 0.5 mg multiples
_TOLERANCE_MG = 1e-6


class TabletCode:
    """Machine codes of the errors this module raises (a UI translates them)."""

    EMPTY = "tablets_empty"
    NOT_HALF_MG = "tablet_not_half_mg"
    DUPLICATE = "tablet_duplicate"
    CAP_BELOW_TABLET = "cap_below_smallest_tablet"
    NOT_TAKEABLE = "not_takeable"


@dataclass(frozen=True, kw_only=True)
class Portion:
    """``halves`` half tablets of ``strength_mg``: 3 halves of 10 mg is 1½ tablets, 15 mg."""

    strength_mg: float
    halves: int

    @property
    def dose_mg(self) -> float:
        return self.strength_mg * self.halves / 2


@dataclass(frozen=True, kw_only=True)
class TabletSet:
    """The strengths (mg) a patient has, and whether they may be halved (scored tablets).

    Raises :class:`~baclo.errors.FieldError` (field ``tablets``) on an empty set, a strength
    that is not a positive multiple of 0.5 mg, or a strength given twice.
    """

    strengths_mg: tuple[float, ...] = (10.0,)
    scored: bool = True

    def __post_init__(self) -> None:
        strengths = tuple(sorted(_checked_strength(s) for s in self.strengths_mg))
        if not strengths:
            raise FieldError(
                "tablets",
                Text(
                    en="give at least one tablet strength",
                    fr="indiquez au moins un dosage de comprimé",
                ),
                code=TabletCode.EMPTY,
            )
        for low, high in itertools.pairwise(strengths):
            if low == high:
                raise FieldError(
                    "tablets",
                    Text(
                        en=f"strength {low:g} mg is given twice",
                        fr=f"le dosage de {number_fr(low)} mg est donné deux fois",
                    ),
                    code=TabletCode.DUPLICATE,
                )
        object.__setattr__(self, "strengths_mg", strengths)

    def __repr__(self) -> str:
        kind = "scored" if self.scored else "unscored"
        return f"TabletSet({', '.join(f'{s:g}' for s in self.strengths_mg)} mg, {kind})"

    @property
    def smallest_mg(self) -> float:
        """The smallest dose that can be taken: half the smallest tablet when scored."""
        return self.strengths_mg[0] / 2 if self.scored else self.strengths_mg[0]

    @property
    def step_mg(self) -> float:
        """The resolution of the doses these tablets make (every takeable dose is a multiple)."""
        return math.gcd(*_piece_units(self)[0]) / _QUARTER

    def can_make(self, dose_mg: float) -> bool:
        """Whether ``dose_mg`` (0 included: no tablet) is made of whole or half pieces."""
        units = _units(dose_mg)
        return units is not None and _best(_piece_units(self), units) is not None

    def round_down(self, dose_mg: float) -> float:
        """The largest takeable dose at or below ``dose_mg`` (0 when none is)."""
        units = math.floor(max(dose_mg, 0.0) * _QUARTER + _TOLERANCE_MG)
        pieces = _piece_units(self)
        while units > 0 and _best(pieces, units) is None:
            units -= 1
        return units / _QUARTER

    def round_up(self, dose_mg: float) -> float:
        """The smallest takeable dose at or above ``dose_mg``."""
        units = math.ceil(max(dose_mg, 0.0) * _QUARTER - _TOLERANCE_MG)
        pieces = _piece_units(self)
        while _best(pieces, units) is None:
            units += 1
        return units / _QUARTER

    def nearest(self, dose_mg: float) -> float:
        """The takeable dose nearest ``dose_mg``; a tie goes to the lower dose (the safer)."""
        low, high = self.round_down(dose_mg), self.round_up(dose_mg)
        return high if high - dose_mg < dose_mg - low else low

    def compose(self, dose_mg: float, *, field: str = "dose_mg") -> tuple[Portion, ...]:
        """The pieces of ``dose_mg``, largest strength first (fewest pieces, then fewest halves).

        Raises ``FieldError`` (code ``not_takeable``) naming ``field`` when the dose cannot be
        made, with the nearest takeable doses in the message.
        """
        units = _units(dose_mg)
        plan = None if units is None else _best(_piece_units(self), units)
        if plan is None:
            raise FieldError(
                field, self.not_takeable_message(dose_mg), code=TabletCode.NOT_TAKEABLE
            )
        halves = dict.fromkeys(self.strengths_mg, 0)
        for piece in plan.pieces:
            strength, half = self._piece(piece)
            halves[strength] += 1 if half else 2
        return tuple(
            Portion(strength_mg=s, halves=n) for s, n in sorted(halves.items(), reverse=True) if n
        )

    def check(self, dose_mg: float, *, field: str = "dose_mg") -> float:
        """``dose_mg`` as a float if it is takeable, else the ``not_takeable`` ``FieldError``."""
        self.compose(dose_mg, field=field)
        return float(dose_mg)

    def check_cap(self, cap_mg: float, *, field: str = "per_intake_max_mg") -> float:
        """A per-intake cap must allow at least the smallest piece; returns it as a float."""
        if not math.isfinite(cap_mg) or cap_mg < self.smallest_mg - _TOLERANCE_MG:
            smallest = self.describe(self.smallest_mg)
            raise FieldError(
                field,
                Text(
                    en=f"{cap_mg:g} mg is below the smallest dose these tablets make "
                    f"({self.smallest_mg:g} mg, {smallest.en})",
                    fr=f"{number_fr(cap_mg)} mg est en dessous de la plus petite dose que ces "
                    f"comprimés permettent ({number_fr(self.smallest_mg)} mg, {smallest.fr})",
                ),
                code=TabletCode.CAP_BELOW_TABLET,
            )
        return float(cap_mg)

    def not_takeable_message(self, dose_mg: float) -> Text:
        """Why ``dose_mg`` is refused, with the nearest takeable doses either side."""
        low, high = self.round_down(dose_mg), self.round_up(dose_mg)
        label = self.label()
        return Text(
            en=f"{dose_mg:g} mg cannot be made of {label.en}; the nearest takeable doses are "
            f"{low:g} and {high:g} mg",
            fr=f"{number_fr(dose_mg)} mg ne peut pas être fait de {label.fr} ; les doses "
            f"possibles les plus proches sont {number_fr(low)} et {number_fr(high)} mg",
        )

    def describe(self, dose_mg: float) -> Text:
        """The tablets of ``dose_mg`` in words: ``2 × 20 mg + ½ × 10 mg`` (French: decimal comma).

        Raises the ``not_takeable`` ``FieldError`` when the dose cannot be made.
        """
        portions = self.compose(dose_mg)
        if not portions:
            return Text(en="no tablet", fr="aucun comprimé")
        return Text(
            en=" + ".join(_portion_text(p, decimal=".") for p in portions),
            fr=" + ".join(_portion_text(p, decimal=",") for p in portions),
        )

    def label(self) -> Text:
        """``whole or half tablets of 10, 20 mg`` in both languages (used in messages)."""
        strengths = ", ".join(f"{s:g}" for s in self.strengths_mg)
        strengths_fr = " ; ".join(number_fr(s) for s in self.strengths_mg)
        if self.scored:
            return Text(
                en=f"whole or half tablets of {strengths} mg",
                fr=f"comprimés entiers ou coupés en deux de {strengths_fr} mg",
            )
        return Text(
            en=f"whole tablets of {strengths} mg", fr=f"comprimés entiers de {strengths_fr} mg"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "strengths_mg": [int(s) if s.is_integer() else s for s in self.strengths_mg],
            "scored": self.scored,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, field: str = "tablets") -> TabletSet:
        """The set from :meth:`to_dict`'s JSON; errors name ``field``."""
        strengths = data.get("strengths_mg")
        scored = data.get("scored", True)
        if not isinstance(strengths, Sequence) or isinstance(strengths, str):
            raise FieldError(field, f"expected a list of strengths in mg, got {strengths!r}")
        if not all(isinstance(s, int | float) and not isinstance(s, bool) for s in strengths):
            raise FieldError(
                field, f"strengths must be numbers, got {strengths!r}", code=TabletCode.NOT_HALF_MG
            )
        if not isinstance(scored, bool):
            raise FieldError(field, f"scored must be true or false, got {scored!r}")
        try:
            return cls(strengths_mg=tuple(float(s) for s in strengths), scored=scored)
        except FieldError as error:
            raise error.for_field(field) from None

    def _piece(self, units: int) -> tuple[float, bool]:
        """Strength and whether it is a half, for a piece of ``units`` quarter mg."""
        for strength in self.strengths_mg:
            if units == round(strength * _QUARTER):
                return strength, False
        return units * 2 / _QUARTER, True


def parse_strengths(text: str, *, field: str = "tablets", scored: bool = True) -> TabletSet:
    """``"10,20"`` to a :class:`TabletSet`; a value that is not a number is a ``FieldError``."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    try:
        strengths = tuple(float(part) for part in parts)
    except ValueError:
        raise FieldError(
            field,
            f"expected tablet strengths in mg separated by commas, e.g. 10,20; got {text!r}",
            code=TabletCode.NOT_HALF_MG,
        ) from None
    try:
        return TabletSet(strengths_mg=strengths, scored=scored)
    except FieldError as error:
        raise error.for_field(field) from None


def _checked_strength(value: float) -> float:
    steps = value / STRENGTH_RESOLUTION_MG if math.isfinite(value) else math.nan
    if not (value > 0 and math.isfinite(value) and abs(steps - round(steps)) < 1e-9):
        raise FieldError(
            "tablets",
            Text(
                en=f"a tablet strength must be a positive multiple of "
                f"{STRENGTH_RESOLUTION_MG:g} mg, got {value:g}",
                fr=f"un dosage de comprimé est un multiple positif de "
                f"{number_fr(STRENGTH_RESOLUTION_MG)} mg, reçu {number_fr(value)}",
            ),
            code=TabletCode.NOT_HALF_MG,
        )
    return round(steps) * STRENGTH_RESOLUTION_MG


def _units(dose_mg: float) -> int | None:
    """``dose_mg`` in whole quarter mg, or None when it is not a whole number of them."""
    if not math.isfinite(dose_mg) or dose_mg < -_TOLERANCE_MG:
        return None
    units = round(dose_mg * _QUARTER)
    return units if abs(units - dose_mg * _QUARTER) < _TOLERANCE_MG * _QUARTER else None


_TABLE_UNITS = 1200
"""Composition tables are built in blocks of 300 mg (in quarter mg), so few are cached."""


@dataclass(frozen=True)
class _Choice:
    count: int
    halves: int
    pieces: tuple[int, ...]

    def cost(self) -> tuple[int, int, tuple[int, ...]]:
        return (self.count, self.halves, tuple(-p for p in self.pieces))


_Pieces = tuple[tuple[int, ...], frozenset[int]]
"""Sizes of the pieces (quarter mg, largest first) and which of them are whole tablets."""


def _piece_units(tablets: TabletSet) -> _Pieces:
    wholes = frozenset(round(s * _QUARTER) for s in tablets.strengths_mg)
    halves = {w // 2 for w in wholes} if tablets.scored else set()
    return tuple(sorted(wholes | halves, reverse=True)), wholes


def _best(pieces: _Pieces, units: int) -> _Choice | None:
    """The best composition of ``units`` quarter mg; None when it is impossible."""
    if units < 0:
        return None
    return _table(pieces, (units // _TABLE_UNITS + 1) * _TABLE_UNITS)[units]


@cache
def _table(pieces: _Pieces, limit: int) -> Sequence[_Choice | None]:
    """Best composition of every amount 0..limit (quarter mg) from ``pieces``.

    Unbounded change-making by dynamic programming; the cost is (number of pieces, number of
    halves, then larger pieces first), compared lexicographically.
    """
    sizes, wholes = pieces
    best: list[_Choice | None] = [None] * (limit + 1)
    best[0] = _Choice(count=0, halves=0, pieces=())
    for amount in range(1, limit + 1):
        candidates = [
            _Choice(
                count=prior.count + 1,
                halves=prior.halves + (size not in wholes),
                pieces=tuple(sorted((*prior.pieces, size), reverse=True)),
            )
            for size in sizes
            if size <= amount and (prior := best[amount - size]) is not None
        ]
        best[amount] = min(candidates, key=_Choice.cost, default=None)
    return best


def _portion_text(portion: Portion, *, decimal: str) -> str:
    wholes, half = divmod(portion.halves, 2)
    count = ("" if wholes == 0 else str(wholes)) + ("½" if half else "")
    strength = f"{portion.strength_mg:g}".replace(".", decimal)
    return f"{count} × {strength} mg"


DEFAULT_TABLETS = TabletSet()
"""One 10 mg scored tablet: doses in 5 mg steps."""
