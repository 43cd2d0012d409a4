"""Alcohol arithmetic: drinks -> grams of ethanol -> standard drinks, and the low-risk guideline.

Facts (sources ``spf-inca-2017`` in :mod:`baclo.sources`):

- grams of ethanol = volume (mL) x ABV (fraction) x 0.789 g/mL, the density of ethanol at 20 C.
- In France one standard drink ("verre standard") holds 10 g of ethanol.
- Low-risk guideline, Sante publique France and INCa, "Avis d'experts relatif a l'evolution du
  discours public en matiere de consommation d'alcool en France" (May 2017): at most 10 standard
  drinks a week, at most 2 a day, and not every day.

The default servings are the usual French bar measures, each close to one standard drink
(beer 250 mL at 5 %, wine 100 mL at 12 %, spirits 30 mL at 40 %).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "DEFAULT_SERVINGS",
    "ETHANOL_DENSITY_G_PER_ML",
    "GUIDELINE_MAX_DRINKS_PER_DAY",
    "GUIDELINE_MAX_DRINKS_PER_WEEK",
    "STANDARD_DRINK_G",
    "Drink",
    "DrinkKind",
    "GuidelineCheck",
    "check_week",
    "ethanol_grams",
    "standard_drinks",
]

ETHANOL_DENSITY_G_PER_ML = 0.789
STANDARD_DRINK_G = 10.0
GUIDELINE_MAX_DRINKS_PER_DAY = 2.0
GUIDELINE_MAX_DRINKS_PER_WEEK = 10.0


class DrinkKind(enum.StrEnum):
    """What a drink was; ``custom`` needs its own volume and ABV."""

    BEER = "beer"
    WINE = "wine"
    SPIRITS = "spirits"
    CUSTOM = "custom"


@dataclass(frozen=True, slots=True, kw_only=True)
class Serving:
    """A usual serving: volume in mL and alcohol by volume in percent."""

    volume_ml: float
    abv_percent: float


DEFAULT_SERVINGS: dict[DrinkKind, Serving] = {
    DrinkKind.BEER: Serving(volume_ml=250, abv_percent=5),
    DrinkKind.WINE: Serving(volume_ml=100, abv_percent=12),
    DrinkKind.SPIRITS: Serving(volume_ml=30, abv_percent=40),
}


def ethanol_grams(volume_ml: float, abv_percent: float) -> float:
    """Grams of ethanol in ``volume_ml`` of a drink at ``abv_percent`` % alcohol by volume.

    >>> round(ethanol_grams(250, 5), 2)
    9.86
    """
    return volume_ml * abv_percent / 100.0 * ETHANOL_DENSITY_G_PER_ML


def standard_drinks(grams: float) -> float:
    """Number of French standard drinks (10 g of ethanol each) in ``grams`` of ethanol."""
    return grams / STANDARD_DRINK_G


@dataclass(frozen=True, slots=True, kw_only=True)
class Drink:
    """One drink as logged in the journal."""

    kind: DrinkKind
    volume_ml: float
    abv_percent: float

    @property
    def grams(self) -> float:
        """Grams of ethanol in this drink."""
        return ethanol_grams(self.volume_ml, self.abv_percent)


@dataclass(frozen=True, slots=True, kw_only=True)
class GuidelineCheck:
    """The low-risk guideline applied to one week of daily standard drinks."""

    weekly_drinks: float
    days_over_daily_limit: int
    drinking_days: int
    days_known: int

    @property
    def within(self) -> bool:
        """True when the week respects all three parts of the guideline."""
        return (
            self.weekly_drinks <= GUIDELINE_MAX_DRINKS_PER_WEEK
            and self.days_over_daily_limit == 0
            and self.drinking_days < 7
        )


def check_week(daily_drinks: Sequence[float | None]) -> GuidelineCheck:
    """Check up to 7 days of standard drinks (``None`` = day not logged) against the guideline.

    Unlogged days count as unknown, not as zero: ``days_known`` says how many were logged, and
    "not every day" can only be judged false when all 7 days are logged and all had a drink.
    """
    if len(daily_drinks) > 7:
        raise ValueError(f"a week has at most 7 days, got {len(daily_drinks)}")
    known = [d for d in daily_drinks if d is not None]
    return GuidelineCheck(
        weekly_drinks=sum(known),
        days_over_daily_limit=sum(1 for d in known if d > GUIDELINE_MAX_DRINKS_PER_DAY),
        drinking_days=sum(1 for d in known if d > 0),
        days_known=len(known),
    )
