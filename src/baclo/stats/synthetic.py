"""A synthetic cohort calibrated to the association's figures: demo data, tests, benchmarks.

SYNTHETIC: no row describes a person. Every id starts with ``syn-``, ``baclo stats`` says
"synthetic" for such a file, and the CSV keeps the plain contract (no marker row to strip).

Calibration targets, from the association's document (``association-baclofene`` in
:mod:`baclo.sources`):

- effective dose: mean "a little above 170 mg/day" over 415 answers (l. 179), "25% of patients
  needed more than 200 mg" (l. 209-210). A log-normal fits both exactly: with z = the 75th
  normal percentile and t = 200.5 (doses are whole mg, so "above 200" starts at 200.5),
  ``sigma = z - sqrt(z^2 - 2 ln(t/170))`` (0.321) and ``mu = ln t - z sigma`` (median
  161 mg/day); the other root (sigma 1.03, median 99) is implausibly wide for doses reported
  between 30 and 300 mg/day (l. 171).
- correlations with the dose: r = 0.28 with the AUDIT score (l. 191) and r = 0.315 with grams of
  alcohol per day before treatment (de Beaurepaire 2012, l. 159-163), produced by a Gaussian
  copula whose latent correlations are solved (Gauss-Hermite quadrature, Brent's method) so that
  the Pearson r of the *transformed* values hits the targets.
- time to the effective dose: "on average 2 months, nearly 80% within 4 months" (l. 333). No
  right-skewed log-normal has mean 60 days with 20% beyond 120 days (the equation has no real
  root), so "on average" is taken as the typical value: log-normal with median 60 days and
  P(T <= 120) = 0.80, i.e. ``sigma = ln 2 / z_0.80`` (0.824).
- side effects: 80% have some, weak to moderate for 50%, very strong or unbearable for 15%
  (l. 375-377); the remaining 15% are "strong". Worst severity 0/1/2/3 = 20/50/15/15%.
- outcome at 6 months: 68% abstinent or controlled, 83% with those who at least halved their
  drinking (Granger/Dussère, l. 203-205): halved 15%, unchanged 17%; the association's document
  does not split abstinent from controlled, assumed 34% each.

Assumptions with no figure in the association's document (documented in docs/statistics.md): AUDIT
before treatment normal(27, 7) rounded and clipped to 0-40 (most treated drinkers score 20+, the
AUDIT manual's "possible dependence" zone); grams per day log-normal, median 100 g, sigma 0.6 (the
label indication starts at 40-60 g/day); latent correlation AUDIT-grams 0.4; follow-up uniform
60-720 days, people past their follow-up have not reached the dose yet (dose unknown); the outcome
is known from 180 days of follow-up; sex, age band and protocol mixes below; all other variables
independent. Independence of time and dose keeps the mean dose of those who reached it unbiased by
censoring.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np
import scipy.optimize
import scipy.special
import scipy.stats
from numpy.typing import NDArray

from baclo.errors import InputError
from baclo.stats.cohort import (
    AGE_BANDS,
    OUTCOMES,
    SEXES,
    SYNTHETIC_ID_PREFIX,
    AgeBand,
    Cohort,
    Outcome,
    Sex,
)
from baclo.stats.csvfile import MAX_DOSE_MG, MAX_GRAMS_PER_DAY

__all__ = ["MAX_N", "TARGETS", "Targets", "generate"]

MAX_N: Final = 10_000_000


@dataclass(frozen=True, kw_only=True)
class Targets:
    """The association's figures the generator reproduces (see the module docstring for lines)."""

    mean_dose_mg: float = 170.0
    share_above_200_mg: float = 0.25
    r_dose_audit: float = 0.28
    r_dose_grams: float = 0.315
    median_days_to_effective: float = 60.0
    reached_by_120_days: float = 0.80
    any_side_effect: float = 0.80
    very_strong_side_effect: float = 0.15
    abstinent_or_controlled: float = 0.68
    at_least_halved: float = 0.83


TARGETS: Final = Targets()

AUDIT_MEAN: Final = 27.0
AUDIT_SD: Final = 7.0
GRAMS_MEDIAN: Final = 100.0
GRAMS_SIGMA: Final = 0.6
LATENT_R_AUDIT_GRAMS: Final = 0.4
FOLLOWUP_DAYS: Final = (60, 720)
OUTCOME_KNOWN_FROM_DAYS: Final = 180

SEX_MIX: Final = {Sex.F: 0.30, Sex.M: 0.69, Sex.OTHER: 0.01}
AGE_MIX: Final = {
    AgeBand.FROM_18_TO_29: 0.08,
    AgeBand.FROM_30_TO_44: 0.35,
    AgeBand.FROM_45_TO_59: 0.42,
    AgeBand.FROM_60: 0.15,
}
PROTOCOL_MIX: Final = {
    "ameisen": 0.35,
    "beaurepaire": 0.35,
    "rtu-2014": 0.15,
    "label": 0.10,
    "custom": 0.05,
}
SEVERITY_MIX: Final = (0.20, 0.50, 0.15, 0.15)
OUTCOME_MIX: Final = {
    Outcome.ABSTINENT: 0.34,
    Outcome.CONTROLLED: 0.34,
    Outcome.HALVED: 0.15,
    Outcome.UNCHANGED: 0.17,
}


def _lognormal_from_mean_and_tail(
    mean: float, threshold: float, tail: float
) -> tuple[float, float]:
    """(mu, sigma) of the log-normal with this mean and P(X > threshold) = tail (narrow root)."""
    z = float(scipy.stats.norm.ppf(1.0 - tail))
    sigma = z - math.sqrt(z * z - 2.0 * math.log(threshold / mean))
    return math.log(threshold) - z * sigma, sigma


# doses are whole mg: "above 200" means a drawn value of 200.5 or more before rounding
DOSE_MU, DOSE_SIGMA = _lognormal_from_mean_and_tail(
    TARGETS.mean_dose_mg, 200.5, TARGETS.share_above_200_mg
)
DAYS_MU: Final = math.log(TARGETS.median_days_to_effective)
DAYS_SIGMA: Final = math.log(120.0 / TARGETS.median_days_to_effective) / float(
    scipy.stats.norm.ppf(TARGETS.reached_by_120_days)
)


def _dose(z: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.minimum(np.round(np.exp(DOSE_MU + DOSE_SIGMA * z)), MAX_DOSE_MG)


def _audit(z: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.clip(np.round(AUDIT_MEAN + AUDIT_SD * z), 0, 40)


def _grams(z: NDArray[np.float64]) -> NDArray[np.float64]:
    # the contract's bound; the quadrature below sees the clipping too
    return np.minimum(np.round(GRAMS_MEDIAN * np.exp(GRAMS_SIGMA * z)), MAX_GRAMS_PER_DAY)


_NODES, _WEIGHTS = scipy.special.roots_hermitenorm(80)
_WEIGHTS = _WEIGHTS / _WEIGHTS.sum()


Transform = Callable[[NDArray[np.float64]], NDArray[np.float64]]


def _pearson_after_transform(rho: float, transform: Transform) -> float:
    """Pearson r of (dose(Z1), transform(Z2)) for standard normals with correlation ``rho``,
    by Gauss-Hermite quadrature on an 80 x 80 grid (exact to ~1e-6 for these transforms)."""
    z1 = _NODES[:, None]
    z2 = rho * z1 + math.sqrt(1.0 - rho * rho) * _NODES[None, :]
    weights = _WEIGHTS[:, None] * _WEIGHTS[None, :]
    x = np.broadcast_to(_dose(z1), z2.shape)
    y = transform(z2)
    mean_x, mean_y = (weights * x).sum(), (weights * y).sum()
    cov = (weights * (x - mean_x) * (y - mean_y)).sum()
    var_x = (weights * (x - mean_x) ** 2).sum()
    var_y = (weights * (y - mean_y) ** 2).sum()
    return float(cov / math.sqrt(var_x * var_y))


def _latent_rho(target: float, transform: Transform) -> float:
    return float(
        scipy.optimize.brentq(
            lambda rho: _pearson_after_transform(rho, transform) - target, 0.0, 0.99, xtol=1e-9
        )
    )


LATENT_R_DOSE_AUDIT: Final = _latent_rho(TARGETS.r_dose_audit, _audit)
LATENT_R_DOSE_GRAMS: Final = _latent_rho(TARGETS.r_dose_grams, _grams)
_LATENT: Final = np.array(
    [
        [1.0, LATENT_R_DOSE_AUDIT, LATENT_R_DOSE_GRAMS],
        [LATENT_R_DOSE_AUDIT, 1.0, LATENT_R_AUDIT_GRAMS],
        [LATENT_R_DOSE_GRAMS, LATENT_R_AUDIT_GRAMS, 1.0],
    ]
)


def generate(n: int, seed: int) -> Cohort:
    """``n`` synthetic people, reproducible from ``seed`` (numpy's PCG64 generator).

    >>> cohort = generate(3, seed=1)
    >>> cohort.ids.tolist(), cohort.is_synthetic
    (['syn-000001', 'syn-000002', 'syn-000003'], True)
    """
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_N:
        raise InputError(f"n must be an integer from 1 to {MAX_N}, got {n!r}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError(f"seed must be a non-negative integer, got {seed!r}")
    rng = np.random.default_rng(seed)
    latent = rng.standard_normal((n, 3)) @ np.linalg.cholesky(_LATENT).T
    days = np.round(np.exp(DAYS_MU + DAYS_SIGMA * rng.standard_normal(n)))
    followup = rng.integers(FOLLOWUP_DAYS[0], FOLLOWUP_DAYS[1], size=n, endpoint=True)
    reached = days <= followup
    outcome = rng.choice(len(OUTCOMES), size=n, p=[OUTCOME_MIX[o] for o in OUTCOMES])
    width = max(6, len(str(n)))
    numbers = np.arange(1, n + 1).astype(np.str_)
    return Cohort.from_columns(
        ids=np.strings.add(SYNTHETIC_ID_PREFIX, np.strings.zfill(numbers, width)).astype(object),
        sex=rng.choice(len(SEXES), size=n, p=[SEX_MIX[s] for s in SEXES]),
        age_band=rng.choice(len(AGE_BANDS), size=n, p=[AGE_MIX[a] for a in AGE_BANDS]),
        audit_before=_audit(latent[:, 1]),
        grams_per_day_before=_grams(latent[:, 2]),
        protocol=rng.choice(len(PROTOCOL_MIX), size=n, p=list(PROTOCOL_MIX.values())),
        protocols=tuple(PROTOCOL_MIX),
        effective_dose_mg=np.where(reached, _dose(latent[:, 0]), np.nan),
        days_to_effective=np.where(reached, days, np.nan),
        followup_days=followup.astype(np.float64),
        side_effects_max=rng.choice(len(SEVERITY_MIX), size=n, p=SEVERITY_MIX),
        outcome_6m=np.where(followup >= OUTCOME_KNOWN_FROM_DAYS, outcome, -1),
    )
