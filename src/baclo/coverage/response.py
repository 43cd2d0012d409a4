"""Per-patient exposure-response: craving intensity against the concentration at craving onset.

Model (docs/coverage-model.md, section 2). On day ``d`` the craving intensity ``y_d`` (0-10) at a
predicted concentration ``c_d`` at onset is beta-binomial on 10 points:

    y_d ~ BetaBinomial(10, mu_d phi, (1 - mu_d) phi),   mu_d = b / (1 + (c_d / C50) ** h)

``b`` is the craving without baclofen (as a fraction of 10), ``C50`` the concentration that
halves it, ``h`` the steepness (Hill coefficient), ``phi`` the day-to-day consistency (the larger,
the less the days scatter around the curve). The inhibitory sigmoid Emax form is the one Imbert
et al. 2015 (Alcohol Clin Exp Res 39:1602, doi:10.1111/acer.12823) found to describe craving
against baclofen exposure; here the maximal effect is full suppression, the "indifference" that
patients report at their effective dose. The beta-binomial keeps the 0-10 scale bounded and lets
days scatter more than a binomial would.

Fit: maximum a posteriori with scipy (BFGS on the unconstrained parameters ``logit b``,
``log C50``, ``log h``, ``log phi``) under independent normal priors (:data:`CRAVING_PRIOR`), so
that 10-20 days already give an answer that the prior anchors; uncertainty by the Laplace
approximation (the inverse Hessian of the negative log posterior at the mode, by central
differences), propagated to the needed level by 2,000 seeded draws.

The **needed level** is the concentration at onset at which the expected craving falls to
:data:`CRAVING_GONE_MAX` /10 (the journal's "craving gone" threshold):
``C50 x (10 b / 2 - 1) ** (1 / h)``, 0 when the craving is already that low without baclofen.

Side effects: the day's worst severity ``s_d`` (0-3) is binomial on 3 points against the day's
peak concentration, ``logit p = a + slope x ln(peak / 0.5 mg/L)``, same MAP and Laplace; its
**tolerable peak** is the peak at which the expected severity is 1 (mild).

Below the minimum, the fit returns :class:`NotEnoughData` with every reason, never an exception.
"""

from __future__ import annotations

import enum
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import optimize, special

from baclo.coverage.exposure import MAX_IMPUTED_SHARE, DayExposure

__all__ = [
    "CRAVING_GONE_MAX",
    "CRAVING_PRIOR",
    "MIN_CONCENTRATION_SPREAD",
    "MIN_ONSET_DAYS",
    "MIN_SIDE_EFFECT_DAYS",
    "SIDE_EFFECT_PRIOR",
    "CravingFit",
    "Interval",
    "NotEnoughData",
    "Prior",
    "Shortfall",
    "ShortfallCode",
    "SideEffectFit",
    "fit_craving",
    "fit_side_effects",
    "observed_level",
]

FloatArray = npt.NDArray[np.float64]

#: Craving at or below this intensity (0-10) counts as gone, as in the effective-dose rule.
CRAVING_GONE_MAX = 2
SCALE = 10
SEVERITY_SCALE = 3
#: Fewest days with onset, intensity and a trustworthy concentration for a craving fit.
MIN_ONSET_DAYS = 10
#: Ratio of the 90th to the 10th percentile of those days' onset concentrations below which the
#: days cannot separate the curve from its level (a titration step of 10 mg on 20 mg is 1.5).
MIN_CONCENTRATION_SPREAD = 1.5
MIN_SIDE_EFFECT_DAYS = 10
SIDE_EFFECT_REFERENCE_MG_L = 0.5
#: Draws from the Laplace approximation for intervals of derived quantities.
DRAWS = 2000
SEED = 2026
_FLOOR_MG_L = 1e-4


@dataclass(frozen=True, kw_only=True)
class Prior:
    """Independent normal priors on the unconstrained parameters: names, means, SDs."""

    names: tuple[str, ...]
    mean: tuple[float, ...]
    sd: tuple[float, ...]


#: logit b ~ N(logit 0.7, 1): craving without baclofen around 7/10 (95 %: 2.4-9.5/10);
#: log C50 ~ N(log 0.33 mg/L, 0.8): with b = 0.7 and h = 2 the needed level is 1.58 C50, i.e.
#: 0.52 mg/L, the steady-state mean concentration (Simon et al. 2018 CL/F) of the mean effective
#: dose of 147 mg/day (de Beaurepaire 2012, Front Psychiatry 3:103); the SD spans the reported
#: 30-300 mg/day; log h ~ N(log 2, 0.5) (95 %: 0.75-5.3, covers the plain Emax, h = 1, of Imbert
#: et al. 2015); log phi ~ N(log 8, 0.7): days scatter about +-2 points around the curve.
CRAVING_PRIOR = Prior(
    names=("logit_b", "log_c50", "log_h", "log_phi"),
    mean=(math.log(0.7 / 0.3), math.log(0.33), math.log(2.0), math.log(8.0)),
    sd=(1.0, 0.8, 0.5, 0.7),
)
#: a ~ N(logit 0.15, 1.5): mild side effects at a 0.5 mg/L peak are common; slope ~ N(1, 1): side
#: effects of baclofen rise with dose (Chaignot et al. 2018, Pharmacoepidemiol Drug Saf 27:1239,
#: dose-dependent risk of hospitalisation); both weakly informative.
SIDE_EFFECT_PRIOR = Prior(
    names=("a", "slope"),
    mean=(math.log(0.15 / 0.85), 1.0),
    sd=(1.5, 1.0),
)


class ShortfallCode(enum.StrEnum):
    """Why a fit was not made; a UI translates the code."""

    TOO_FEW_ONSET_DAYS = "too_few_onset_days"
    TOO_LITTLE_VARIATION = "too_little_variation"
    TOO_FEW_DAYS = "too_few_days"
    NO_FIT = "no_fit"


@dataclass(frozen=True, kw_only=True)
class Shortfall:
    code: ShortfallCode
    message: str


@dataclass(frozen=True, kw_only=True)
class NotEnoughData:
    """No fit yet, and every reason why."""

    reasons: tuple[Shortfall, ...]
    days_used: int


@dataclass(frozen=True, kw_only=True)
class Interval:
    """A median and a central 90 % interval."""

    median: float
    low: float
    high: float


@dataclass(frozen=True, kw_only=True)
class CravingFit:
    """The MAP craving curve of one patient, its Laplace covariance and what follows from it."""

    baseline: float
    c50_mg_l: float
    hill: float
    phi: float
    mode: tuple[float, ...]
    covariance: tuple[tuple[float, ...], ...]
    needed_mg_l: Interval
    days: tuple[DayExposure, ...]

    def expected_intensity(self, c_mg_l: npt.ArrayLike) -> FloatArray:
        """Expected craving (0-10) at concentrations ``c_mg_l`` at onset."""
        return SCALE * _mean(np.asarray(self.mode), np.asarray(c_mg_l, dtype=np.float64))

    def intensity_band(self, c_mg_l: npt.ArrayLike) -> FloatArray:
        """5th, 50th, 95th percentiles of the expected craving over the Laplace posterior.

        Shape (3, len(c_mg_l)); the parameter uncertainty only, not the day-to-day scatter.
        """
        c = np.asarray(c_mg_l, dtype=np.float64)
        draws = _draws(np.asarray(self.mode), np.asarray(self.covariance))
        curves = SCALE * _mean(draws[:, None, :], c[None, :])
        band: FloatArray = np.quantile(curves, [0.05, 0.5, 0.95], axis=0)
        return band


@dataclass(frozen=True, kw_only=True)
class SideEffectFit:
    """The MAP side-effect curve against the day's peak, and its tolerable peak."""

    intercept: float
    slope: float
    covariance: tuple[tuple[float, ...], ...]
    tolerable_peak_mg_l: Interval | None
    days: tuple[DayExposure, ...]

    def expected_severity(self, peak_mg_l: npt.ArrayLike) -> FloatArray:
        peak = np.maximum(np.asarray(peak_mg_l, dtype=np.float64), _FLOOR_MG_L)
        logit = self.intercept + self.slope * np.log(peak / SIDE_EFFECT_REFERENCE_MG_L)
        result: FloatArray = SEVERITY_SCALE * special.expit(logit)
        return result


def _mean(theta: FloatArray, c: FloatArray) -> FloatArray:
    """``b / (1 + (c / C50) ** h)`` for parameter rows ``theta`` (..., 4), stable in logs."""
    b = special.expit(theta[..., 0])
    log_ratio = np.log(np.maximum(c, _FLOOR_MG_L)) - theta[..., 1]
    result: FloatArray = b * special.expit(-np.exp(theta[..., 2]) * log_ratio)
    return result


def _beta_binomial_logpmf(y: FloatArray, n: int, alpha: FloatArray, beta: FloatArray) -> float:
    """Sum of beta-binomial log-probabilities (the binomial coefficient left out: a constant)."""
    return float(np.sum(special.betaln(y + alpha, n - y + beta) - special.betaln(alpha, beta)))


def _log_prior(theta: FloatArray, prior: Prior) -> float:
    z = (theta - np.asarray(prior.mean)) / np.asarray(prior.sd)
    return float(-0.5 * np.sum(z * z))


def _craving_objective(
    c: FloatArray, y: FloatArray
) -> tuple[Callable[[FloatArray], float], Callable[[FloatArray], FloatArray]]:
    """Negative log posterior of the craving model and its analytic gradient."""
    log_c = np.log(np.maximum(c, _FLOOR_MG_L))
    mean, sd = np.asarray(CRAVING_PRIOR.mean), np.asarray(CRAVING_PRIOR.sd)

    def parts(theta: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, float]:
        b = special.expit(theta[0])
        s = special.expit(-math.exp(theta[2]) * (log_c - theta[1]))
        mu = np.clip(b * s, 1e-6, 1 - 1e-6)
        return s, mu, np.full_like(mu, b), math.exp(min(theta[3], 30.0))

    def negative_log_posterior(theta: FloatArray) -> float:
        _, mu, _, phi = parts(theta)
        likelihood = _beta_binomial_logpmf(y, SCALE, mu * phi, (1 - mu) * phi)
        return -(likelihood + _log_prior(theta, CRAVING_PRIOR))

    def gradient(theta: FloatArray) -> FloatArray:
        s, mu, b, phi = parts(theta)
        alpha, beta = mu * phi, (1 - mu) * phi
        common = special.digamma(alpha + beta) - special.digamma(SCALE + alpha + beta)
        d_alpha = special.digamma(y + alpha) - special.digamma(alpha) + common
        d_beta = special.digamma(SCALE - y + beta) - special.digamma(beta) + common
        d_mu = phi * (d_alpha - d_beta)
        h = math.exp(theta[2])
        slope = b * s * (1 - s)
        grad = np.array(
            [
                np.sum(d_mu * mu * (1 - b)),
                np.sum(d_mu * slope * h),
                np.sum(d_mu * slope * -h * (log_c - theta[1])),
                np.sum(d_alpha * alpha + d_beta * beta),
            ]
        )
        result: FloatArray = -(grad - (theta - mean) / sd**2)
        return result

    return negative_log_posterior, gradient


def _hessian(f: Callable[[FloatArray], float], x: FloatArray, step: float = 1e-3) -> FloatArray:
    """Central-difference Hessian of ``f`` at ``x`` (unconstrained, unit-scale parameters)."""
    n = x.size
    h: FloatArray = np.empty((n, n))
    eye = np.eye(n) * step
    for i in range(n):
        for j in range(i, n):
            value = (
                f(x + eye[i] + eye[j])
                - f(x + eye[i] - eye[j])
                - f(x - eye[i] + eye[j])
                + f(x - eye[i] - eye[j])
            ) / (4 * step * step)
            h[i, j] = h[j, i] = value
    return h


def _laplace(
    f: Callable[[FloatArray], float],
    starts: Sequence[FloatArray],
    gradient: Callable[[FloatArray], FloatArray] | None = None,
) -> tuple[FloatArray, FloatArray] | None:
    """Mode (best of several BFGS starts) and Laplace covariance; None if not a proper mode."""
    best: optimize.OptimizeResult | None = None
    for start in starts:
        result = optimize.minimize(f, start, jac=gradient, method="BFGS", options={"gtol": 1e-6})
        if np.all(np.isfinite(result.x)) and (best is None or result.fun < best.fun):
            best = result
    if best is None:
        return None
    mode = np.asarray(best.x, dtype=np.float64)
    try:
        covariance = np.asarray(np.linalg.inv(_hessian(f, mode)), dtype=np.float64)
        np.linalg.cholesky(covariance)
    except np.linalg.LinAlgError:
        return None
    return mode, covariance


def _needed(theta: FloatArray) -> FloatArray:
    """Concentration at onset where the expected craving is CRAVING_GONE_MAX (rows of theta)."""
    b = special.expit(theta[..., 0])
    excess = np.maximum(b * SCALE / CRAVING_GONE_MAX - 1.0, 0.0)
    with np.errstate(divide="ignore"):
        result: FloatArray = np.exp(theta[..., 1] + np.log(excess) / np.exp(theta[..., 2]))
    return result


def _interval(values: FloatArray) -> Interval:
    low, median, high = np.quantile(values, [0.05, 0.5, 0.95])
    return Interval(median=float(median), low=float(low), high=float(high))


def _draws(mode: FloatArray, covariance: FloatArray) -> FloatArray:
    rng = np.random.default_rng(SEED)
    draws: FloatArray = rng.multivariate_normal(mode, covariance, size=DRAWS, method="cholesky")
    return draws


def _tuple(matrix: FloatArray) -> tuple[tuple[float, ...], ...]:
    return tuple(tuple(float(v) for v in row) for row in matrix)


def _spread(values: FloatArray) -> float:
    low, high = np.quantile(values, [0.1, 0.9])
    return math.inf if low <= 0 else float(high / low)


def _shortfalls(
    values: FloatArray, needed: int, too_few: ShortfallCode, counted: str, measured: str
) -> list[Shortfall]:
    """Why ``values`` (one per usable day) cannot carry a fit yet: too few, or too alike."""
    reasons: list[Shortfall] = []
    if values.size < needed:
        reasons.append(
            Shortfall(
                code=too_few,
                message=f"{values.size} {counted}; at least {needed} are needed",
            )
        )
    spread = _spread(values) if values.size else 1.0
    if spread < MIN_CONCENTRATION_SPREAD:
        reasons.append(
            Shortfall(
                code=ShortfallCode.TOO_LITTLE_VARIATION,
                message=(
                    f"{measured} varied only {spread:.2f}-fold over these days (10th to 90th "
                    f"percentile); at least {MIN_CONCENTRATION_SPREAD:g}-fold is needed to tell "
                    "how craving or side effects follow it"
                ),
            )
        )
    return reasons


def fit_craving(days: Sequence[DayExposure]) -> CravingFit | NotEnoughData:
    """Fit the craving curve of one patient from the usable days (see :attr:`DayExposure.usable`).

    Returns :class:`NotEnoughData` when fewer than :data:`MIN_ONSET_DAYS` days are usable or
    their onset concentrations vary less than :data:`MIN_CONCENTRATION_SPREAD` fold.
    """
    usable = tuple(d for d in days if d.usable)
    c = np.array([d.onset_mg_l for d in usable], dtype=np.float64)
    reasons = _shortfalls(
        c,
        MIN_ONSET_DAYS,
        ShortfallCode.TOO_FEW_ONSET_DAYS,
        "day(s) with a craving onset, its intensity and the intakes logged",
        "the concentration at onset",
    )
    if reasons:
        return NotEnoughData(reasons=tuple(reasons), days_used=len(usable))
    y = np.array([d.intensity for d in usable], dtype=np.float64)
    objective, gradient = _craving_objective(c, y)
    prior_mean = np.asarray(CRAVING_PRIOR.mean)
    data_start = prior_mean.copy()
    data_start[1] = float(np.log(np.median(np.maximum(c, _FLOOR_MG_L))))
    found = _laplace(objective, [prior_mean, data_start], gradient)
    if found is None:
        return _no_fit(len(usable))
    mode, covariance = found
    return CravingFit(
        baseline=float(special.expit(mode[0])),
        c50_mg_l=float(math.exp(mode[1])),
        hill=float(math.exp(mode[2])),
        phi=float(math.exp(mode[3])),
        mode=tuple(float(v) for v in mode),
        covariance=_tuple(covariance),
        needed_mg_l=_interval(_needed(_draws(mode, covariance))),
        days=usable,
    )


def _no_fit(days_used: int) -> NotEnoughData:
    return NotEnoughData(
        reasons=(
            Shortfall(
                code=ShortfallCode.NO_FIT,
                message="the days do not determine a curve (no proper posterior mode)",
            ),
        ),
        days_used=days_used,
    )


def observed_level(days: Sequence[DayExposure], *, min_days: int = 3) -> float | None:
    """The lowest onset concentration above which every usable day had craving <= 2/10.

    Only an observation (no model): None when fewer than ``min_days`` days lie above it.
    """
    usable = sorted((d for d in days if d.usable), key=lambda d: d.onset_mg_l or 0.0, reverse=True)
    level: float | None = None
    for count, day in enumerate(usable, start=1):
        if (day.intensity or 0) > CRAVING_GONE_MAX:
            break
        if count >= min_days:
            level = day.onset_mg_l
    return level


def _side_effect_objective(peak: FloatArray, s: FloatArray) -> Callable[[FloatArray], float]:
    x = np.log(np.maximum(peak, _FLOOR_MG_L) / SIDE_EFFECT_REFERENCE_MG_L)

    def negative_log_posterior(theta: FloatArray) -> float:
        logit = theta[0] + theta[1] * x
        # binomial log-likelihood: s log p + (3 - s) log(1 - p), in a stable form
        likelihood = np.sum(
            s * -np.logaddexp(0.0, -logit) + (SEVERITY_SCALE - s) * -np.logaddexp(0.0, logit)
        )
        return -(float(likelihood) + _log_prior(theta, SIDE_EFFECT_PRIOR))

    return negative_log_posterior


def fit_side_effects(days: Sequence[DayExposure]) -> SideEffectFit | NotEnoughData:
    """Fit the worst daily side-effect severity against the day's peak concentration.

    Uses every day with intakes logged (a logged day without side effects counts as none) and
    a trustworthy peak; needs :data:`MIN_SIDE_EFFECT_DAYS` days and a
    :data:`MIN_CONCENTRATION_SPREAD`-fold spread of peaks.
    """
    usable = tuple(d for d in days if d.intakes and d.imputed_share <= MAX_IMPUTED_SHARE)
    peak = np.array([d.peak_mg_l for d in usable], dtype=np.float64)
    reasons = _shortfalls(
        peak,
        MIN_SIDE_EFFECT_DAYS,
        ShortfallCode.TOO_FEW_DAYS,
        "day(s) with intakes logged",
        "the daily peak",
    )
    if reasons:
        return NotEnoughData(reasons=tuple(reasons), days_used=len(usable))
    s = np.array([d.side_effect_max for d in usable], dtype=np.float64)
    found = _laplace(_side_effect_objective(peak, s), [np.asarray(SIDE_EFFECT_PRIOR.mean)])
    if found is None:
        return _no_fit(len(usable))
    mode, covariance = found
    draws = _draws(mode, covariance)
    rising = draws[:, 1] > 0
    # expected severity 1 of 3: logit p = logit(1/3) = -ln 2
    log_ratio = (-math.log(2.0) - draws[rising, 0]) / draws[rising, 1]
    tolerable = SIDE_EFFECT_REFERENCE_MG_L * np.exp(np.clip(log_ratio, -20.0, 20.0))
    return SideEffectFit(
        intercept=float(mode[0]),
        slope=float(mode[1]),
        covariance=_tuple(covariance),
        tolerable_peak_mg_l=_interval(tolerable) if rising.mean() > 0.9 else None,
        days=usable,
    )
