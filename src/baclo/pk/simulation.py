"""``simulate``: a daily schedule repeated N days, its typical curve, band, metrics and warnings.

This is what ``baclo simulate`` prints and what ``POST /api/v1/pk/simulate`` returns
(docs/architecture.md, Contracts); :meth:`Simulation.to_dict` is that json.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from baclo.pk.engine import individual_parameters, repeated_daily_concentration
from baclo.pk.metrics import DailyMetrics, daily_metrics
from baclo.pk.model import PKModel, list_models, load_model
from baclo.pk.population import Band, grid, measurement_band, population_band, uncertainty_sd
from baclo.pk.renal import mild_note
from baclo.pk.schedule import DailyIntake, check_daily, check_days, daily_dose_mg

__all__ = [
    "DISAGREEMENT_RATIO",
    "HARD_LIMIT_MG_PER_DAY",
    "INTOXICATION_MG_L",
    "Disagreement",
    "ModelComparison",
    "Simulation",
    "SimulationWarning",
    "WarningCode",
    "simulate",
]

FloatArray = npt.NDArray[np.float64]

#: No data beyond 300 mg/day; baclo's hard ceiling (ANSM 2014 and 2021: ``ansm-rtu-2014``,
#: ``ansm-2021``).
HARD_LIMIT_MG_PER_DAY = 300.0
#: Intoxications have been reported from about 0.7 mg/L (700 ng/mL), e.g. coma at 0.70 mg/L in
#: Brvar et al. 2007, Eur J Clin Pharmacol 63:1143. Not a validated threshold: healthy volunteers
#: reach ~0.74 mg/L after one 50 mg dose (Foroutan et al. 2003, Iran J Pharm Res 2(3)).
INTOXICATION_MG_L = 0.7

ASSUMPTIONS = (
    "Linear one-compartment model with first-order absorption: concentrations scale with dose "
    "(linearity shown up to 240-300 mg/day).",
    "Apparent parameters (CL/F, V/F): doses are the milligrams swallowed; oral bioavailability "
    "(~74%, Agarwal 2015) is included.",
    "The same intakes, on time, every day; no food effect, no interaction, no adherence gaps.",
    "conc_mg_l is the typical subject; the band shows the 5th-95th percentiles of virtual "
    "subjects of the model's population, drawn with the published between-subject variability "
    "and, where the source gives a 95% CI, the uncertainty of the typical values.",
    "measurement_band adds the residual error of the model: it is what a measured level falls "
    "in 90% of the time, the band to read a laboratory result against.",
    "No validated therapeutic concentration range exists for alcohol dependence.",
)


#: Bundled models whose last-day peak, trough or AUC differ by more than this factor are flagged.
DISAGREEMENT_RATIO = 1.25
#: A trough below this fraction of the peak is left out of the comparison: relative differences
#: of a near-zero level say nothing useful.
_TROUGH_FLOOR = 0.1


@dataclass(frozen=True, kw_only=True)
class ModelComparison:
    """The typical last-day metrics of one bundled model at the simulated schedule."""

    model_id: str
    reference: str
    last_day: DailyMetrics

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.model_id, "reference": self.reference, **self.last_day.to_dict()}


@dataclass(frozen=True, kw_only=True)
class Disagreement:
    """The bundled models differ by more than ``DISAGREEMENT_RATIO`` on ``metric``."""

    metric: str
    ratio: float
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "metric": self.metric,
            "spread_percent": round(100 * (self.ratio - 1), 1),
            "message": self.message,
        }


def compare_models(
    daily: Sequence[DailyIntake],
    *,
    days: int,
    t_h: FloatArray,
    crcl_ml_min: float | None,
    drug: str,
) -> tuple[ModelComparison, ...]:
    """Every bundled model's typical last-day metrics for the same schedule."""
    return tuple(
        ModelComparison(
            model_id=model.id,
            reference=model.reference,
            last_day=daily_metrics(
                t_h,
                repeated_daily_concentration(model, daily, days, t_h, crcl_ml_min=crcl_ml_min),
                day=days,
            ),
        )
        for model in list_models(drug=drug)
    )


def disagreement(comparisons: Sequence[ModelComparison]) -> Disagreement | None:
    """The metric on which the bundled models differ most, if by more than 25%; else None."""
    metrics = {
        "peak": [c.last_day.cmax_mg_l for c in comparisons],
        "AUC(0-24)": [c.last_day.auc_mg_h_l for c in comparisons],
    }
    troughs = [c.last_day.cmin_mg_l for c in comparisons]
    if min(troughs) >= _TROUGH_FLOOR * min(metrics["peak"]):
        metrics["trough"] = troughs
    ratios = {name: max(v) / min(v) for name, v in metrics.items() if min(v) > 0}
    if not ratios:
        return None
    worst = max(ratios, key=lambda name: ratios[name])
    if ratios[worst] <= DISAGREEMENT_RATIO:
        return None
    values = ", ".join(
        f"{c.model_id} {value:.3g}" for c, value in zip(comparisons, metrics[worst], strict=True)
    )
    unit = "mg.h/L" if worst == "AUC(0-24)" else "mg/L"
    return Disagreement(
        metric=worst,
        ratio=ratios[worst],
        message=(
            f"the bundled models differ by {100 * (ratios[worst] - 1):.0f}% on the typical "
            f"{worst} at this schedule ({values} {unit}): the curve depends on which published "
            "population the patient resembles; read it as an order of magnitude"
        ),
    )


class WarningCode(enum.StrEnum):
    """Why a simulation deserves caution; a UI translates the code, the message is English."""

    DOSE_ABOVE_VALIDITY = "dose_above_validity"
    DOSE_BELOW_VALIDITY = "dose_below_validity"
    DOSE_ABOVE_HARD_LIMIT = "dose_above_hard_limit"
    RENAL_OUTSIDE_VALIDITY = "renal_outside_validity"
    RENAL_AVOID = "renal_avoid"
    RENAL_MILD = "renal_mild"
    """Information: clearance 60-90 mL/min, see :func:`baclo.pk.renal.mild_note`."""
    PEAK_NEAR_INTOXICATION = "peak_near_intoxication"


@dataclass(frozen=True, kw_only=True)
class SimulationWarning:
    """One caution attached to a simulation."""

    code: WarningCode
    message: str

    def to_dict(self) -> dict[str, str]:
        return {"code": self.code.value, "message": self.message}


@dataclass(frozen=True, kw_only=True, eq=False)
class Simulation:
    """A simulated daily schedule: typical curve, percentile band, last-day metrics, warnings."""

    model: PKModel
    daily: tuple[DailyIntake, ...]
    days: int
    crcl_ml_min: float | None
    step_min: float
    t_h: FloatArray
    conc_mg_l: FloatArray
    last_day: DailyMetrics
    band: Band
    measurement: Band
    comparisons: tuple[ModelComparison, ...]
    disagreement: Disagreement | None
    warnings: tuple[SimulationWarning, ...]

    @property
    def daily_dose_mg(self) -> float:
        return daily_dose_mg(self.daily)

    def model_dict(self) -> dict[str, Any]:
        """The model, its parameters with sources, covariates applied and assumptions."""
        model, validity = self.model, self.model.validity
        person = individual_parameters(model, self.crcl_ml_min)
        factor = model.renal.clearance_factor(self.crcl_ml_min)
        return {
            "id": model.id,
            "drug": model.drug,
            "name": model.name,
            "structure": model.structure,
            "citation": model.citation,
            "parameters": model.parameters(),
            "simulated": {
                "ka_per_h": person.ka_per_h,
                "cl_l_per_h": round(person.k_per_h * person.v_l, 6),
                "v_l": person.v_l,
                "lag_h": person.lag_h,
                "half_life_h": round(float(np.log(2.0) / person.k_per_h), 4),
            },
            "renal": {
                "crcl_ml_min": self.crcl_ml_min,
                "clearance_factor": round(factor, 6),
                "relation": model.renal.relation,
                "calibration": True,
                "source": model.renal.source,
            },
            "validity": {
                "population": validity.population,
                "daily_dose_mg": [
                    validity.daily_dose_min_mg,
                    validity.daily_dose_max_mg,
                ],
                "crcl_ml_min": [validity.crcl_min_ml_min, validity.crcl_max_ml_min],
            },
            "sources": [model.citation, model.renal.source, model.renal.excretion_source],
            "assumptions": list(ASSUMPTIONS),
            "intakes": [{"time": f"{i.time:%H:%M}", "dose_mg": i.dose_mg} for i in self.daily],
            "days": self.days,
            "step_min": self.step_min,
        }

    def to_dict(self) -> dict[str, Any]:
        """The json of ``baclo simulate`` (docs/pk-model.md) plus ``band`` and ``warnings``."""
        return {
            "model": self.model_dict(),
            "t_h": _rounded(self.t_h),
            "conc_mg_l": _rounded(self.conc_mg_l),
            "last_day": self.last_day.to_dict(),
            "band": {
                "n_subjects": self.band.n_subjects,
                "seed": self.band.seed,
                "population": self.model.validity.population,
                "variability": self.variability(),
                "p5": _rounded(self.band.p5),
                "p50": _rounded(self.band.p50),
                "p95": _rounded(self.band.p95),
            },
            "measurement_band": self.measurement_dict(),
            "models": [c.to_dict() for c in self.comparisons],
            "model_disagreement": None
            if self.disagreement is None
            else self.disagreement.to_dict(),
            "warnings": [w.to_dict() for w in self.warnings],
        }

    def variability(self) -> str:
        """What the band's spread is made of, in words."""
        cv = ", ".join(f"{k} {v:g}%" for k, v in self.model.cv.items() if k != "lag" and v > 0)
        uncertain = [
            f"{name} {uncertainty_sd(self.model, name):.2f}"
            for name in ("ka", "cl", "v")
            if name in self.model.ci95
        ]
        text = f"between-subject variability (CV {cv})"
        if uncertain:
            text += (
                "; uncertainty of the typical values from the source's 95% CI (SD of the log "
                f"typical value: {', '.join(uncertain)})"
            )
        return text + "; no residual error (see measurement_band)"

    def measurement_dict(self) -> dict[str, Any]:
        """The band a measured level on the last day is read against (last day's grid)."""
        last = self.t_h >= self.t_h[-1] - 24.0 - 1e-9
        residual = self.model.residual
        return {
            "day": self.days,
            "t_h": _rounded(self.t_h[last]),
            "p5": _rounded(self.measurement.p5),
            "p50": _rounded(self.measurement.p50),
            "p95": _rounded(self.measurement.p95),
            "residual": {
                "proportional": residual.proportional,
                "additive_mg_l": residual.additive_mg_l,
                "source": residual.source,
            },
        }


def _rounded(values: FloatArray) -> list[float]:
    """Values to 6 decimals as JSON numbers, in numpy (no Python work per point: a month on a
    6-minute grid is 7,440 points per series)."""
    rounded: list[float] = np.round(values, 6).tolist()
    return rounded


def _warnings(
    model: PKModel, total_mg: float, crcl_ml_min: float | None, typical_peak_mg_l: float
) -> tuple[SimulationWarning, ...]:
    found: list[SimulationWarning] = []
    validity = model.validity

    def add(code: WarningCode, message: str) -> None:
        found.append(SimulationWarning(code=code, message=message))

    if total_mg > HARD_LIMIT_MG_PER_DAY:
        add(
            WarningCode.DOSE_ABOVE_HARD_LIMIT,
            f"daily dose {total_mg:g} mg is above {HARD_LIMIT_MG_PER_DAY:g} mg/day, the maximum "
            "ever studied: the curve is an extrapolation",
        )
    if total_mg > validity.daily_dose_max_mg:
        add(
            WarningCode.DOSE_ABOVE_VALIDITY,
            f"daily dose {total_mg:g} mg is above the {validity.daily_dose_max_mg:g} mg/day "
            f"studied for model {model.id}",
        )
    if total_mg < validity.daily_dose_min_mg:
        add(
            WarningCode.DOSE_BELOW_VALIDITY,
            f"daily dose {total_mg:g} mg is below the {validity.daily_dose_min_mg:g} mg/day "
            f"studied for model {model.id}",
        )
    if crcl_ml_min is not None and crcl_ml_min < model.renal.avoid_below_crcl_ml_min:
        add(
            WarningCode.RENAL_AVOID,
            f"creatinine clearance {crcl_ml_min:g} mL/min is below "
            f"{model.renal.avoid_below_crcl_ml_min:g}: baclofen should be avoided "
            "(accumulation, intoxication risk); the curve is an extrapolation",
        )
    if crcl_ml_min is not None and not (
        validity.crcl_min_ml_min <= crcl_ml_min <= validity.crcl_max_ml_min
    ):
        add(
            WarningCode.RENAL_OUTSIDE_VALIDITY,
            f"creatinine clearance {crcl_ml_min:g} mL/min is outside the normal renal function "
            f"of the {model.id} population; clearance lowered by the calibrated relation "
            f"{model.renal.relation}",
        )
    note = mild_note(crcl_ml_min, model)
    if note is not None:
        add(WarningCode.RENAL_MILD, note)
    if typical_peak_mg_l >= INTOXICATION_MG_L:
        add(
            WarningCode.PEAK_NEAR_INTOXICATION,
            f"the typical peak, {typical_peak_mg_l:.2f} mg/L, is in the range where "
            f"intoxications have been reported (from about {INTOXICATION_MG_L:g} mg/L); "
            "not a validated threshold: a single 50 mg dose gives ~0.74 mg/L in healthy volunteers",
        )
    return tuple(found)


def simulate(
    daily: Sequence[DailyIntake],
    *,
    days: int = 7,
    crcl_ml_min: float | None = None,
    model_id: str | None = None,
    drug: str = "baclofen",
    step_min: float = 6,
    n_subjects: int = 1000,
    seed: int = 2026,
) -> Simulation:
    """Simulate ``daily`` taken on days 1..``days``; times on a ``step_min`` grid.

    Raises :class:`~baclo.errors.InputError` (message echoing the value) for an empty schedule,
    a dose that is not positive, ``days`` outside 1-365, a creatinine clearance outside
    (0, 250] mL/min, an unknown model or drug, a step that does not divide 24 h.

    >>> import datetime as dt
    >>> from baclo.pk import DailyIntake, simulate
    >>> sim = simulate([DailyIntake(time=dt.time(8), dose_mg=20)], days=3, n_subjects=200)
    >>> sim.to_dict()["last_day"]["tmax"]
    '09:36'
    """
    model = load_model(model_id, drug=drug)
    check_daily(daily)
    check_days(days)
    if crcl_ml_min is not None:
        model.renal.check_crcl(crcl_ml_min)
    t = grid(days, step_min)
    conc = repeated_daily_concentration(model, daily, days, t, crcl_ml_min=crcl_ml_min)
    band = population_band(
        model,
        daily,
        days=days,
        step_min=step_min,
        crcl_ml_min=crcl_ml_min,
        n_subjects=n_subjects,
        seed=seed,
    )
    measurement = measurement_band(
        model,
        daily,
        days=days,
        step_min=step_min,
        crcl_ml_min=crcl_ml_min,
        n_subjects=n_subjects,
        seed=seed,
    )
    comparisons = compare_models(daily, days=days, t_h=t, crcl_ml_min=crcl_ml_min, drug=drug)
    last_day = daily_metrics(t, conc, day=days)
    return Simulation(
        model=model,
        daily=tuple(sorted(daily, key=lambda i: i.time)),
        days=days,
        crcl_ml_min=crcl_ml_min,
        step_min=step_min,
        t_h=t,
        conc_mg_l=conc,
        last_day=last_day,
        band=band,
        measurement=measurement,
        comparisons=comparisons,
        disagreement=disagreement(comparisons),
        warnings=_warnings(model, daily_dose_mg(daily), crcl_ml_min, last_day.cmax_mg_l),
    )
