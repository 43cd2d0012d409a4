"""Cohort data: one row per person, held as numpy columns (docs/architecture.md, Contracts).

The same columns come from an association survey export, from pooled patient summaries and
from the synthetic generator; the statistics only ever see a :class:`Cohort`. Categorical
columns are small integer codes (``UNKNOWN`` = -1 for an empty cell), numeric columns are
float64 with NaN for an empty cell, so that every statistic is a vectorised numpy expression.
A web view can fill a :class:`Cohort` straight from a database query; a CSV file goes through
:func:`baclo.stats.csvfile.read_cohort`.
"""

from __future__ import annotations

import enum
import itertools
from dataclasses import dataclass, field, fields
from typing import Final, cast

import numpy as np
from numpy.typing import NDArray

from baclo.errors import InputError

__all__ = [
    "AGE_BANDS",
    "OUTCOMES",
    "SEVERITIES",
    "SEXES",
    "SYNTHETIC_ID_PREFIX",
    "UNKNOWN",
    "AgeBand",
    "Cohort",
    "Outcome",
    "Severity",
    "Sex",
]

UNKNOWN: Final = -1
"""Code of an unknown (empty) cell in a categorical column."""

SYNTHETIC_ID_PREFIX: Final = "syn-"
"""Every synthetic person's id starts with this, so a synthetic file can never pass for a survey."""


class Sex(enum.StrEnum):
    F = "f"
    M = "m"
    OTHER = "other"


class AgeBand(enum.StrEnum):
    FROM_18_TO_29 = "18-29"
    FROM_30_TO_44 = "30-44"
    FROM_45_TO_59 = "45-59"
    FROM_60 = "60+"


class Outcome(enum.StrEnum):
    """Drinking at 6 months, the four classes of the Granger/Dussère observational study
    quoted by the association's document (lines 201-205): abstinent, controlled (moderate)
    drinking, drinking reduced by at least half, no change."""

    ABSTINENT = "abstinent"
    CONTROLLED = "controlled"
    HALVED = "halved"
    UNCHANGED = "unchanged"


class Severity(enum.IntEnum):
    """Worst side-effect severity felt, on the association's scale (lines 375-377): none,
    weak to moderate, strong, very strong or unbearable."""

    NONE = 0
    MILD_MODERATE = 1
    STRONG = 2
    VERY_STRONG = 3


SEXES: Final = tuple(Sex)
AGE_BANDS: Final = tuple(AgeBand)
OUTCOMES: Final = tuple(Outcome)
SEVERITIES: Final = tuple(Severity)

FloatColumn = NDArray[np.float64]
CodeColumn = NDArray[np.int16]


def _codes(values: NDArray[np.integer] | list[int], size: int, name: str) -> CodeColumn:
    codes = np.asarray(values, dtype=np.int16)
    if codes.shape != (len(codes),) or (len(codes) and not (codes >= UNKNOWN).all()):
        raise InputError(f"{name}: codes must be a 1-D array of integers >= {UNKNOWN}")
    if len(codes) and codes.max() >= size:
        raise InputError(f"{name}: code {int(codes.max())} is outside 0..{size - 1}")
    return codes


@dataclass(frozen=True, kw_only=True, eq=False)
class Cohort:
    """Columns of a cohort, all of the same length ``n``.

    Categorical columns hold codes: ``sex[i]`` indexes :data:`SEXES`, ``age_band`` indexes
    :data:`AGE_BANDS`, ``outcome_6m`` indexes :data:`OUTCOMES`, ``side_effects_max`` is the
    severity 0-3 itself, ``protocol`` indexes ``protocols`` (ids such as ``"ameisen"``);
    -1 means unknown. ``ids`` is an object array of ``str`` (a numpy unicode array would cost
    a quarter of a second more per million rows to build). Numeric columns are float64, NaN
    when unknown:
    ``audit_before`` (score 0-40), ``grams_per_day_before`` (g of ethanol per day),
    ``effective_dose_mg`` (mg/day), ``days_to_effective`` (NaN: not reached yet),
    ``followup_days`` (days since the start of treatment).

    >>> c = Cohort.from_columns(ids=["a", "b"], effective_dose_mg=[150.0, np.nan])
    >>> len(c), int(np.isnan(c.effective_dose_mg).sum())
    (2, 1)
    """

    ids: NDArray[np.object_]
    sex: CodeColumn
    age_band: CodeColumn
    audit_before: FloatColumn
    grams_per_day_before: FloatColumn
    protocol: CodeColumn
    protocols: tuple[str, ...]
    effective_dose_mg: FloatColumn
    days_to_effective: FloatColumn
    followup_days: FloatColumn
    side_effects_max: CodeColumn
    outcome_6m: CodeColumn
    synthetic: bool | None = None
    """Whether every row comes from the generator, when the producer knows it without the ids
    (a database count); None: decided from the ids (see :attr:`is_synthetic`)."""
    n: int = field(init=False)

    def __post_init__(self) -> None:
        n = len(self.ids)
        object.__setattr__(self, "n", n)
        for name in _COLUMN_ATTRIBUTES:
            column = getattr(self, name)
            if column.shape != (n,):
                raise InputError(f"{name}: expected {n} values, got shape {column.shape}")

    def __len__(self) -> int:
        return self.n

    @classmethod
    def from_columns(
        cls,
        *,
        ids: list[str] | NDArray[np.str_] | NDArray[np.object_],
        sex: list[int] | NDArray[np.integer] | None = None,
        age_band: list[int] | NDArray[np.integer] | None = None,
        audit_before: list[float] | NDArray[np.floating] | None = None,
        grams_per_day_before: list[float] | NDArray[np.floating] | None = None,
        protocol: list[int] | NDArray[np.integer] | None = None,
        protocols: tuple[str, ...] = (),
        effective_dose_mg: list[float] | NDArray[np.floating] | None = None,
        days_to_effective: list[float] | NDArray[np.floating] | None = None,
        followup_days: list[float] | NDArray[np.floating] | None = None,
        side_effects_max: list[int] | NDArray[np.integer] | None = None,
        outcome_6m: list[int] | NDArray[np.integer] | None = None,
        synthetic: bool | None = None,
    ) -> Cohort:
        """Build a cohort from whatever columns are known (a database query, a test);
        a column left out is unknown for everyone. Codes are checked against their categories;
        an object array of ids is taken as it is."""
        n = len(ids)

        def floats(values: list[float] | NDArray[np.floating] | None) -> FloatColumn:
            return np.full(n, np.nan) if values is None else np.asarray(values, dtype=np.float64)

        def codes(
            values: list[int] | NDArray[np.integer] | None, size: int, name: str
        ) -> CodeColumn:
            return np.full(n, UNKNOWN, np.int16) if values is None else _codes(values, size, name)

        return cls(
            ids=_object_ids(ids),
            sex=codes(sex, len(SEXES), "sex"),
            age_band=codes(age_band, len(AGE_BANDS), "age_band"),
            audit_before=floats(audit_before),
            grams_per_day_before=floats(grams_per_day_before),
            protocol=codes(protocol, len(protocols), "protocol"),
            protocols=protocols,
            effective_dose_mg=floats(effective_dose_mg),
            days_to_effective=floats(days_to_effective),
            followup_days=floats(followup_days),
            side_effects_max=codes(side_effects_max, len(SEVERITIES), "side_effects_max"),
            outcome_6m=codes(outcome_6m, len(OUTCOMES), "outcome_6m"),
            synthetic=synthetic,
        )

    def subset(self, mask: NDArray[np.bool_]) -> Cohort:
        """The people where ``mask`` is true (a subgroup), same categories."""
        picked = {name: getattr(self, name)[mask] for name in _COLUMN_ATTRIBUTES}
        return Cohort(protocols=self.protocols, synthetic=self.synthetic, **picked)

    @property
    def is_synthetic(self) -> bool:
        """True when every id carries the synthetic prefix (see :mod:`baclo.stats.synthetic`),
        or when the producer said so (:attr:`synthetic`)."""
        if self.synthetic is not None:
            return self.n > 0 and self.synthetic
        return self.n > 0 and all(
            map(str.startswith, self.ids, itertools.repeat(SYNTHETIC_ID_PREFIX))
        )


def _object_ids(ids: list[str] | NDArray[np.str_] | NDArray[np.object_]) -> NDArray[np.object_]:
    if isinstance(ids, np.ndarray) and ids.dtype == object:
        return cast("NDArray[np.object_]", ids)
    return np.asarray(ids, dtype=np.str_).astype(object)


#: The per-person columns of a :class:`Cohort` (every field but the category list, the synthetic
#: flag and ``n``),
#: taken from the class itself so that a new column cannot be left out of checks and subsets.
_COLUMN_ATTRIBUTES: Final = tuple(
    f.name for f in fields(Cohort) if f.name not in {"protocols", "synthetic", "n"}
)
