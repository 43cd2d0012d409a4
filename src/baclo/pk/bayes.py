"""A patient's own pharmacokinetic parameters from measured plasma levels (Bayesian MAP).

Given the intakes a patient took (date, time, milligrams, over as many days as logged) and one or
more measured plasma concentrations with their sampling times, :func:`individualise` returns the
maximum a posteriori (MAP) estimate of the patient's CL/F and V/F (and ka when the samples inform
absorption), with its uncertainty. This is the "a posteriori" adjustment of therapeutic drug
monitoring software (e.g. Tucuxi; mapbayr over mrgsolve models, Le Louedec et al. 2021, CPT
Pharmacometrics Syst Pharmacol, doi:10.1002/psp4.12689).

Model. Each parameter is ``P = P_typ x exp(eta)``, ``eta ~ N(0, omega^2)`` with ``omega`` from
the between-subject CV of the data file (the prior: the population the model was estimated in,
after the renal covariate). A measurement is ``y = C + e``, ``e ~ N(0, (prop x C)^2 + add^2)``,
the residual error of the same data file (:class:`~baclo.pk.model.ResidualError`). The MAP
minimises, over the estimated ``eta``::

    sum_j [ (y_j - C_j)^2 / var_j + log var_j ] / 2  +  sum_p eta_p^2 / (2 omega_p^2)

(the -2 log-likelihood of NONMEM's ``POSTHOC`` step with interaction, halved). The uncertainty is
the Laplace approximation: a normal distribution in log-parameter space centred on the mode, with
covariance the inverse Hessian of that objective at the mode (central finite differences). A
parameter without between-subject variability in the source (ka of Chevillard and Marsot) is
fixed; ka is also fixed at its typical value unless at least two samples are available and one
of them was drawn during absorption (before 1.5 typical tmax after the latest intake), since a
single level, or levels far from a dose, cannot separate absorption from elimination.

Concentrations at the few sampling times are summed dose by dose in the cancellation-free
Bateman form of :mod:`baclo.pk.engine` (``tau exp(-min(k, ka) tau) phi(|ka - k| tau)``), for a
batch of parameter sets at once: the optimiser, the Hessian stencil and a sampler all call it.

Refused inputs (``FieldError`` codes, all reported at once in a ``ValidationError``): no level or
no intake (``required``), a time in the future (``in_future``), a sample drawn before any
logged intake (``before_first_dose``), more than 7 days without any logged intake before a sample
(``intake_gap``: the journal cannot tell a pause from forgotten entries), a level outside what an
assay can report (``out_of_range``), and a level 1,000 times off the model's expectation that the
other unit would explain (``unit_suspected``, ng/mL vs mg/L: the user is asked to confirm).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

import numpy as np
import numpy.typing as npt

from baclo.errors import DataError, FieldError, InputError, ValidationError
from baclo.pk.engine import individual_parameters, repeated_daily_concentration
from baclo.pk.model import PKModel, load_model
from baclo.pk.population import Band, Subjects, grid, omega, percentile_rows, subject_curves
from baclo.pk.schedule import DailyIntake

__all__ = [
    "ESTIMABLE",
    "MAX_UNLOGGED_GAP_H",
    "PLAUSIBLE_LEVEL_MG_L",
    "POOR_FIT_RATIO",
    "FitWarning",
    "Individualisation",
    "LevelUnit",
    "MeasuredLevel",
    "Posterior",
    "PosteriorSummary",
    "SampleFit",
    "TimedIntake",
    "individual_band",
    "individualise",
    "posterior_for",
]

FloatArray = npt.NDArray[np.float64]

#: Parameters a measured level can inform, in the order of every array of this module.
ESTIMABLE = ("ka", "cl", "v")
#: More than this without a logged intake, before a sample, is refused: baclofen leaves the body
#: within about two days (half-life 3-7 h), so the data cannot tell a pause from unlogged intakes.
MAX_UNLOGGED_GAP_H = 7 * 24.0
#: What a plasma assay can report, mg/L. Design bounds of baclo, not from a source: below 1 ng/mL
#: no published chromatographic assay quantifies baclofen; 20 mg/L is about 30 times the levels at
#: which intoxications have been reported (~0.7 mg/L, Brvar et al. 2007, Eur J Clin Pharmacol
#: 63:1143).
PLAUSIBLE_LEVEL_MG_L = (0.001, 20.0)
#: A level more than sqrt(1000) times off the typical prediction, that the other unit would bring
#: closer (on a log scale), is suspected of a unit confusion: the geometric midpoint between
#: "right unit" and "a factor 1,000 off".
_UNIT_SUSPICION_RATIO = math.sqrt(1000.0)
#: A sample drawn before this many typical tmax after its latest intake informs absorption (ka).
_ABSORPTION_WINDOW = 1.5
#: A level more than this factor off the patient's own fitted curve is flagged (``poor_fit``):
#: about three residual SDs of the proportional 24% error (exp(3 x 0.24) = 2.05). The
#: proportional error lets such a level weigh little, so the estimate stays near the population
#: and the user must hear why: a wrong sample time, unlogged or missed intakes.
POOR_FIT_RATIO = 2.0
_LOG_POOR_FIT = math.log(POOR_FIT_RATIO)
#: Step of the finite-difference Hessian in log-parameter space.
_HESSIAN_STEP = 1e-3
_Z90 = 1.6448536269514722


class LevelUnit(enum.StrEnum):
    """Units in which laboratories report a baclofen level."""

    MG_L = "mg/L"
    NG_ML = "ng/mL"

    @property
    def to_mg_l(self) -> float:
        """Factor from this unit to mg/L (1 ng/mL = 1 ug/L = 0.001 mg/L)."""
        return 1.0 if self is LevelUnit.MG_L else 0.001

    @property
    def other(self) -> LevelUnit:
        return LevelUnit.NG_ML if self is LevelUnit.MG_L else LevelUnit.MG_L


@dataclass(frozen=True, kw_only=True)
class TimedIntake:
    """One intake the patient took: when (a datetime) and how many milligrams."""

    taken_at: dt.datetime
    dose_mg: float


@dataclass(frozen=True, kw_only=True)
class MeasuredLevel:
    """One measured plasma concentration, as the laboratory reported it."""

    taken_at: dt.datetime
    value: float
    unit: LevelUnit = LevelUnit.NG_ML

    @property
    def level_mg_l(self) -> float:
        return self.value * self.unit.to_mg_l


@dataclass(frozen=True, kw_only=True)
class SampleFit:
    """A measured level beside the population and the individual predictions (mg/L)."""

    taken_at: dt.datetime
    observed_mg_l: float
    population_mg_l: float
    individual_mg_l: float


@dataclass(frozen=True, kw_only=True)
class FitWarning:
    """A caution about the estimate (``code`` for a UI to translate, English ``message``)."""

    code: str
    message: str


def _fit_warnings(fits: Sequence[SampleFit]) -> tuple[FitWarning, ...]:
    far = [f for f in fits if abs(math.log(f.observed_mg_l / f.individual_mg_l)) > _LOG_POOR_FIT]
    if not far:
        return ()
    worst = max(far, key=lambda f: abs(math.log(f.observed_mg_l / f.individual_mg_l)))
    ratio = worst.observed_mg_l / worst.individual_mg_l
    return (
        FitWarning(
            code="poor_fit",
            message=(
                f"the level of {worst.taken_at:%Y-%m-%d %H:%M} is {ratio:.2g} times what the "
                "fitted curve gives: the model cannot explain it with plausible parameters; check "
                "the sampling time, the logged intakes (missed or unlogged) and the unit"
            ),
        ),
    )


@dataclass(frozen=True, kw_only=True, eq=False)
class Posterior:
    """The data and priors of one individualisation, as a function of log-parameters.

    ``log_typical`` are the log typical ka, CL/F, V/F (after the renal covariate); ``estimated``
    indexes those that are estimated. ``tau`` (samples x doses, hours) is the time since each
    dose's absorption start, 0 for doses not yet absorbing; ``amounts`` in mg.
    """

    model: PKModel
    log_typical: FloatArray
    estimated: tuple[int, ...]
    omegas: FloatArray
    tau: FloatArray
    amounts: FloatArray
    observed_mg_l: FloatArray

    def full(self, eta: FloatArray) -> FloatArray:
        """Log ka, CL, V of each row of ``eta`` (rows x estimated), shape (rows, 3)."""
        theta = np.tile(self.log_typical, (eta.shape[0], 1))
        theta[:, list(self.estimated)] += eta
        return theta

    def concentrations(self, theta: FloatArray) -> FloatArray:
        """Concentration (mg/L) at each sample for each row of log-parameters, (rows, samples)."""
        ka, cl, v = np.exp(theta).T
        k = cl / v
        tau = self.tau[None, :, :]
        x = np.abs(ka - k)[:, None, None] * tau
        safe = np.where(x > 0.0, x, 1.0)
        phi = np.where(x > 0.0, -np.expm1(-safe) / safe, 1.0)
        terms = tau * np.exp(-np.minimum(ka, k)[:, None, None] * tau) * phi
        result: FloatArray = (terms @ self.amounts) * (ka / v)[:, None]
        return result

    def objective(self, eta: FloatArray) -> FloatArray:
        """Minus the log posterior (up to a constant) of each row of ``eta``, shape (rows,)."""
        conc = self.concentrations(self.full(eta))
        sd = self.model.residual.sd_mg_l(conc)
        misfit = ((self.observed_mg_l - conc) / sd) ** 2
        prior = (eta / self.omegas) ** 2
        result: FloatArray = 0.5 * (misfit.sum(axis=1) + prior.sum(axis=1)) + np.log(sd).sum(axis=1)
        return result

    def log_density(self, eta: FloatArray) -> FloatArray:
        """The log posterior of each row of ``eta`` (for a sampler: vectorised over walkers)."""
        result: FloatArray = -self.objective(np.atleast_2d(eta))
        return result


@dataclass(frozen=True, kw_only=True, eq=False)
class Individualisation:
    """The patient's MAP parameters, their Laplace uncertainty and the fit to each level.

    ``mode`` and ``typical`` map ka, cl, v to 1/h, L/h, L; ``covariance`` is over the log of the
    ``estimated`` parameters (same order); ``origin`` is the day-1 midnight of the time line.
    """

    posterior: Posterior
    mode_eta: FloatArray
    covariance: FloatArray
    crcl_ml_min: float | None
    samples: tuple[SampleFit, ...]
    origin: dt.datetime
    warnings: tuple[FitWarning, ...] = ()

    @property
    def model(self) -> PKModel:
        return self.posterior.model

    @property
    def estimated(self) -> tuple[str, ...]:
        return tuple(ESTIMABLE[i] for i in self.posterior.estimated)

    @property
    def typical(self) -> dict[str, float]:
        return dict(zip(ESTIMABLE, np.exp(self.posterior.log_typical).tolist(), strict=True))

    @property
    def mode(self) -> dict[str, float]:
        theta = self.posterior.full(self.mode_eta[None, :])[0]
        return dict(zip(ESTIMABLE, np.exp(theta).tolist(), strict=True))

    @property
    def log_sd(self) -> dict[str, float]:
        """Posterior standard deviation of each log-parameter (0 for a fixed one)."""
        sd = dict.fromkeys(ESTIMABLE, 0.0)
        for row, name in enumerate(self.estimated):
            sd[name] = math.sqrt(float(self.covariance[row, row]))
        return sd

    def interval_90(self, name: str) -> tuple[float, float]:
        """The Laplace 90% credible interval of ``name`` (ka, cl or v), in its unit."""
        centre, spread = self.mode[name], _Z90 * self.log_sd[name]
        return centre * math.exp(-spread), centre * math.exp(spread)

    @property
    def half_life_h(self) -> float:
        mode = self.mode
        return math.log(2.0) * mode["v"] / mode["cl"]

    @property
    def summary(self) -> PosteriorSummary:
        """What is kept of the estimate: the mode and the Laplace covariance."""
        return PosteriorSummary(
            model=self.model,
            mode=self.mode,
            estimated=self.estimated,
            covariance=self.covariance,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data for json (API, storage): parameters, intervals, fit, sources."""
        mode, typical = self.mode, self.typical
        parameters = {
            name: {
                "typical": round(typical[name], 6),
                "estimate": round(mode[name], 6),
                "interval_90": [round(b, 6) for b in self.interval_90(name)],
                "estimated": name in self.estimated,
            }
            for name in ESTIMABLE
        }
        residual = self.model.residual
        return {
            "model": self.model.id,
            "crcl_ml_min": self.crcl_ml_min,
            "parameters": parameters,
            "half_life_h": round(self.half_life_h, 4),
            "log_covariance": np.round(self.covariance, 8).tolist(),
            "samples": [
                {
                    "taken_at": s.taken_at.isoformat(),
                    "observed_mg_l": round(s.observed_mg_l, 6),
                    "population_mg_l": round(s.population_mg_l, 6),
                    "individual_mg_l": round(s.individual_mg_l, 6),
                }
                for s in self.samples
            ],
            "method": "maximum a posteriori, Laplace approximation (log-parameters)",
            "residual": {
                "proportional": residual.proportional,
                "additive_mg_l": residual.additive_mg_l,
                "source": residual.source,
            },
            "citation": self.model.citation,
            "warnings": [{"code": w.code, "message": w.message} for w in self.warnings],
        }


@dataclass(frozen=True, kw_only=True, eq=False)
class PosteriorSummary:
    """A stored individual estimate: MAP values and the Laplace covariance of their logs.

    ``mode`` maps ka, cl, v to 1/h, L/h, L (the renal covariate is already in it); ``covariance``
    is over the log of the ``estimated`` parameters, in that order. Rebuilt from the json of
    :meth:`Individualisation.to_dict` by :meth:`from_dict`.
    """

    model: PKModel
    mode: Mapping[str, float]
    estimated: tuple[str, ...]
    covariance: FloatArray

    def person(self) -> PKModel:
        """The model with this patient's MAP parameters (simulate it without a renal factor)."""
        return dataclasses.replace(
            self.model,
            ka_per_h=self.mode["ka"],
            cl_l_per_h=self.mode["cl"],
            v_l=self.mode["v"],
            cv=MappingProxyType({}),
        )

    def draw(self, n_subjects: int, seed: int) -> Subjects:
        """``n_subjects`` parameter sets from the Laplace posterior (correlations kept)."""
        rng = np.random.default_rng(seed)
        theta = np.tile(np.log([self.mode[name] for name in ESTIMABLE]), (n_subjects, 1))
        if self.estimated:
            columns = [ESTIMABLE.index(name) for name in self.estimated]
            mean = np.zeros(len(columns))
            theta[:, columns] += rng.multivariate_normal(mean, self.covariance, size=n_subjects)
        ka, cl, v = np.exp(theta).T
        return Subjects(ka_per_h=ka, k_per_h=cl / v, v_l=v, lag_h=self.model.lag_h)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PosteriorSummary:
        """The summary of a stored :meth:`Individualisation.to_dict`; DataError if malformed."""
        try:
            parameters = data["parameters"]
            mode = {name: float(parameters[name]["estimate"]) for name in ESTIMABLE}
            estimated = tuple(name for name in ESTIMABLE if parameters[name]["estimated"])
            covariance = np.array(data["log_covariance"], dtype=np.float64)
            model = load_model(str(data["model"]))
        except (KeyError, TypeError, ValueError, InputError) as error:
            raise DataError(f"stored individual estimate is malformed: {error}") from error
        if covariance.shape != (len(estimated), len(estimated)) or min(mode.values()) <= 0:
            raise DataError("stored individual estimate is malformed: covariance or values")
        return cls(model=model, mode=mode, estimated=estimated, covariance=covariance)


def _hours(when: dt.datetime, origin: dt.datetime) -> float:
    return (when - origin).total_seconds() / 3600.0


def _check_times(
    intakes: Sequence[TimedIntake], samples: Sequence[MeasuredLevel], now: dt.datetime
) -> list[FieldError]:
    """Every refusal that needs no model: missing data, future times, order, gaps."""
    errors: list[FieldError] = []
    if not intakes:
        errors.append(
            FieldError("intakes", "at least one logged intake is needed", code="required")
        )
    if not samples:
        errors.append(
            FieldError("samples", "at least one measured level is needed", code="required")
        )
    if errors:
        return errors
    awareness = {t.tzinfo is None for t in [now, *(i.taken_at for i in intakes)]}
    awareness |= {s.taken_at.tzinfo is None for s in samples}
    if len(awareness) > 1:
        raise InputError("times mix time zones and local times: give all of them one way")
    for index, intake in enumerate(intakes):
        where = f"intakes[{index}]"
        if not (math.isfinite(intake.dose_mg) and intake.dose_mg > 0):
            errors.append(
                FieldError(f"{where}.dose_mg", f"dose {intake.dose_mg:g} mg must be positive")
            )
        if intake.taken_at > now:
            errors.append(
                FieldError(
                    f"{where}.taken_at",
                    f"intake at {intake.taken_at:%Y-%m-%d %H:%M} is in the future",
                    code="in_future",
                )
            )
    first = min(i.taken_at for i in intakes)
    for index, sample in enumerate(samples):
        where = f"samples[{index}].taken_at"
        if sample.taken_at > now:
            errors.append(
                FieldError(
                    where,
                    f"sample at {sample.taken_at:%Y-%m-%d %H:%M} is in the future",
                    code="in_future",
                )
            )
        elif sample.taken_at <= first:
            errors.append(
                FieldError(
                    where,
                    f"sample at {sample.taken_at:%Y-%m-%d %H:%M} was drawn before the first "
                    f"logged intake ({first:%Y-%m-%d %H:%M})",
                    code="before_first_dose",
                )
            )
    errors.extend(_gaps(intakes, samples))
    return errors


def _gaps(intakes: Sequence[TimedIntake], samples: Sequence[MeasuredLevel]) -> list[FieldError]:
    """A stretch of more than 7 days without a logged intake that ends before the last sample."""
    last_sample = max(s.taken_at for s in samples)
    times = sorted(i.taken_at for i in intakes if i.taken_at < last_sample)
    times.append(last_sample)
    for before, after in itertools.pairwise(times):
        if _hours(after, before) > MAX_UNLOGGED_GAP_H:
            return [
                FieldError(
                    "intakes",
                    f"no intake logged from {before:%Y-%m-%d %H:%M} to {after:%Y-%m-%d %H:%M}, "
                    f"more than {MAX_UNLOGGED_GAP_H / 24:g} days before a sample: log the "
                    "missing intakes, or sample again once treatment has restarted",
                    code="intake_gap",
                )
            ]
    return []


def _check_levels(
    samples: Sequence[MeasuredLevel], typical_mg_l: FloatArray, *, units_confirmed: bool
) -> list[FieldError]:
    """Levels an assay cannot report, and levels a unit confusion would explain."""
    errors: list[FieldError] = []
    low, high = PLAUSIBLE_LEVEL_MG_L
    for index, (sample, expected) in enumerate(zip(samples, typical_mg_l, strict=True)):
        where = f"samples[{index}].level"
        level = sample.level_mg_l
        if not (math.isfinite(level) and level > 0):
            errors.append(
                FieldError(where, f"level {sample.value:g} must be positive", code="out_of_range")
            )
            continue
        converted = _other_unit_level(sample)
        if not units_confirmed and _unit_suspected(level, converted, float(expected)):
            errors.append(
                FieldError(
                    where,
                    f"level {sample.value:g} {sample.unit} is about 1,000 times what the intakes "
                    f"explain (typical {expected / sample.unit.to_mg_l:.3g} "
                    f"{sample.unit}); was it {sample.value:g} {sample.unit.other}? Correct the "
                    "unit, or confirm it",
                    code="unit_suspected",
                )
            )
        elif not low <= level <= high:
            errors.append(
                FieldError(
                    where,
                    f"level {sample.value:g} {sample.unit} is outside what an assay reports "
                    f"({low * 1000:g} ng/mL to {high:g} mg/L)",
                    code="out_of_range",
                )
            )
    return errors


def _other_unit_level(sample: MeasuredLevel) -> float:
    """The level in mg/L had the value been reported in the other unit."""
    return sample.value * sample.unit.other.to_mg_l


def _unit_suspected(level: float, converted: float, expected: float) -> bool:
    if expected <= 0:
        return False
    off = abs(math.log(level / expected))
    return off > math.log(_UNIT_SUSPICION_RATIO) and abs(math.log(converted / expected)) < off


def posterior_for(
    model: PKModel,
    intakes: Sequence[TimedIntake],
    samples: Sequence[MeasuredLevel],
    *,
    origin: dt.datetime,
    crcl_ml_min: float | None = None,
) -> Posterior:
    """The posterior of ``model``'s parameters given valid intakes and samples (no checks)."""
    typical = individual_parameters(model, crcl_ml_min)
    cl = typical.k_per_h * typical.v_l
    log_typical = np.log([typical.ka_per_h, cl, typical.v_l])
    sample_h = np.array([_hours(s.taken_at, origin) for s in samples])
    dose_h = np.array([_hours(i.taken_at, origin) for i in intakes]) + model.lag_h
    tau = np.maximum(sample_h[:, None] - dose_h[None, :], 0.0)
    acting = tau.max(axis=0) > 0.0
    omegas = np.array([omega(model.cv.get(name, 0.0)) for name in ESTIMABLE])
    estimated = [i for i, w in enumerate(omegas) if w > 0]
    if not _informs_absorption(model, tau, typical.ka_per_h, typical.k_per_h):
        estimated = [i for i in estimated if ESTIMABLE[i] != "ka"]
    return Posterior(
        model=model,
        log_typical=log_typical,
        estimated=tuple(estimated),
        omegas=omegas[estimated],
        tau=tau[:, acting],
        amounts=np.array([i.dose_mg for i in intakes])[acting],
        observed_mg_l=np.array([s.level_mg_l for s in samples]),
    )


def _informs_absorption(model: PKModel, tau: FloatArray, ka: float, k: float) -> bool:
    """Two samples or more, one of them drawn while the latest intake is still absorbing."""
    if tau.shape[0] < 2 or model.cv.get("ka", 0.0) <= 0:
        return False
    tmax = math.log(ka / k) / (ka - k) if not math.isclose(ka, k) else 1.0 / k
    latest = np.where(tau > 0, tau, np.inf).min(axis=1)
    return bool(np.any(latest < _ABSORPTION_WINDOW * tmax))


def _hessian(function: Callable[[FloatArray], FloatArray], at: FloatArray) -> FloatArray:
    """Central finite-difference Hessian of ``function`` (vectorised over rows) at ``at``."""
    n, h = at.size, _HESSIAN_STEP
    steps = np.eye(n) * h
    points = [at]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    points += [at + s for s in steps] + [at - s for s in steps]
    for i, j in pairs:
        points += [
            at + steps[i] + steps[j],
            at + steps[i] - steps[j],
            at - steps[i] + steps[j],
            at - steps[i] - steps[j],
        ]
    values = function(np.array(points))
    centre, plus, minus = values[0], values[1 : n + 1], values[n + 1 : 2 * n + 1]
    hessian = np.diag((plus - 2 * centre + minus) / h**2)
    for index, (i, j) in enumerate(pairs):
        pp, pm, mp, mm = values[2 * n + 1 + 4 * index : 2 * n + 5 + 4 * index]
        hessian[i, j] = hessian[j, i] = (pp - pm - mp + mm) / (4 * h**2)
    result: FloatArray = hessian
    return result


def individualise(
    model: PKModel,
    intakes: Sequence[TimedIntake],
    samples: Sequence[MeasuredLevel],
    *,
    now: dt.datetime,
    crcl_ml_min: float | None = None,
    units_confirmed: bool = False,
) -> Individualisation:
    """MAP estimate of the patient's parameters from measured levels, with Laplace uncertainty.

    ``intakes``: every intake taken before the last sample (multi-day; order free); ``samples``:
    the measured levels; ``now``: the present, later times are refused. ``units_confirmed``
    skips the unit-confusion check once the user has confirmed the unit. Raises
    :class:`~baclo.errors.ValidationError` listing every bad field (codes in the module doc).

    >>> import datetime as dt
    >>> from baclo.pk import load_model
    >>> day = dt.datetime(2026, 3, 2)
    >>> intakes = [TimedIntake(taken_at=day + dt.timedelta(hours=h), dose_mg=30) for h in (8, 20)]
    >>> level = MeasuredLevel(taken_at=day + dt.timedelta(hours=19), value=250)
    >>> result = individualise(load_model(), intakes, [level], now=day + dt.timedelta(days=1))
    >>> result.estimated, round(result.mode["cl"], 1)
    (('cl', 'v'), 6.6)
    """
    errors = _check_times(intakes, samples, now)
    if errors:
        raise ValidationError(errors)
    if crcl_ml_min is not None:
        model.renal.check_crcl(crcl_ml_min)
    first = min(i.taken_at for i in intakes)
    origin = first.replace(hour=0, minute=0, second=0, microsecond=0)
    posterior = posterior_for(model, intakes, samples, origin=origin, crcl_ml_min=crcl_ml_min)
    typical_mg_l = posterior.concentrations(posterior.log_typical[None, :])[0]
    errors = _check_levels(samples, typical_mg_l, units_confirmed=units_confirmed)
    if errors:
        raise ValidationError(errors)
    mode, covariance = _laplace(posterior)
    individual_mg_l = posterior.concentrations(posterior.full(mode[None, :]))[0]
    fits = tuple(
        SampleFit(
            taken_at=s.taken_at,
            observed_mg_l=s.level_mg_l,
            population_mg_l=float(p),
            individual_mg_l=float(i),
        )
        for s, p, i in zip(samples, typical_mg_l, individual_mg_l, strict=True)
    )
    return Individualisation(
        posterior=posterior,
        mode_eta=mode,
        covariance=covariance,
        crcl_ml_min=crcl_ml_min,
        samples=fits,
        origin=origin,
        warnings=_fit_warnings(fits),
    )


def _laplace(posterior: Posterior) -> tuple[FloatArray, FloatArray]:
    """The posterior mode (in eta) and the inverse Hessian there."""
    # imported here: the CLI imports this module, and must start without loading scipy
    from scipy import optimize

    def scalar(eta: FloatArray) -> float:
        return float(posterior.objective(eta[None, :])[0])

    start = np.zeros(len(posterior.estimated))
    found = optimize.minimize(scalar, start, method="BFGS", options={"gtol": 1e-6})
    mode: FloatArray = found.x
    hessian = _hessian(posterior.objective, mode)
    try:
        np.linalg.cholesky(hessian)
    except np.linalg.LinAlgError:
        # not a strict minimum on the stencil: BFGS's own curvature estimate is positive definite
        return mode, np.asarray(found.hess_inv, dtype=np.float64)
    covariance: FloatArray = np.asarray(np.linalg.inv(hessian), dtype=np.float64)
    return mode, covariance


def individual_band(
    result: PosteriorSummary,
    daily: Sequence[DailyIntake],
    *,
    days: int,
    step_min: float,
    n_subjects: int = 1000,
    seed: int = 2026,
) -> tuple[FloatArray, Band]:
    """The patient's MAP curve and 5-50-95% band of ``daily`` repeated ``days`` days.

    The band is over parameter sets drawn from the Laplace posterior: what the levels leave
    uncertain about this patient, not the spread of a population. Shapes: ``grid(days, step)``.
    """
    t = grid(days, step_min)
    curve = repeated_daily_concentration(result.person(), daily, days, t)
    curves = subject_curves(result.draw(n_subjects, seed), daily, days=days, step_min=step_min)
    p5, p50, p95 = percentile_rows(curves)
    band = Band(n_subjects=n_subjects, seed=seed, p5=p5, p50=p50, p95=p95)
    return curve, band
