"""Virtual patients drawn from a model, for simulation-estimation tests of ``baclo.pk.bayes``.

Each patient has log-normal ka, CL/F, V/F around the typical values (the model's CVs), takes a
daily dose of 30-120 mg in three intakes a little off schedule for five days, and has one or two
levels drawn on day 5, measured with the model's residual error (proportional + additive).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np

from baclo.pk import Dose, PKModel, concentration
from baclo.pk.bayes import LevelUnit, MeasuredLevel, TimedIntake
from baclo.pk.population import omega

START = dt.datetime(2026, 3, 2)
NOW = START + dt.timedelta(days=6)
_CLOCKS_H = (8.0, 13.0, 20.0)


@dataclass(frozen=True)
class VirtualPatient:
    true: dict[str, float]
    intakes: list[TimedIntake]
    samples: list[MeasuredLevel]


def true_concentration(
    model: PKModel, true: dict[str, float], intakes: list[TimedIntake], when: dt.datetime
) -> float:
    """The patient's own concentration (mg/L), by the engine (independent of the estimator)."""
    person = dataclasses.replace(model, ka_per_h=true["ka"], cl_l_per_h=true["cl"], v_l=true["v"])
    doses = [Dose(time_h=_hours(i.taken_at), dose_mg=i.dose_mg) for i in intakes]
    return float(concentration(person, doses, [_hours(when)])[0])


def _hours(when: dt.datetime) -> float:
    return (when - START).total_seconds() / 3600


def draw_patient(model: PKModel, rng: np.random.Generator, n_samples: int) -> VirtualPatient:
    typical = {"ka": model.ka_per_h, "cl": model.cl_l_per_h, "v": model.v_l}
    true = {
        name: value * float(np.exp(omega(model.cv.get(name, 0.0)) * rng.standard_normal()))
        for name, value in typical.items()
    }
    daily_mg = float(rng.choice([30.0, 60.0, 90.0, 120.0]))
    intakes = [
        TimedIntake(
            taken_at=START + dt.timedelta(days=day, hours=clock + rng.uniform(-0.5, 0.5)),
            dose_mg=daily_mg / 3,
        )
        for day in range(5)
        for clock in _CLOCKS_H
    ]
    samples = []
    for hours in sorted(rng.uniform(4 * 24 + 8.5, 5 * 24 + 8, size=n_samples)):
        when = START + dt.timedelta(hours=float(hours))
        conc = true_concentration(model, true, intakes, when)
        residual = model.residual
        while True:
            level = conc * (1 + residual.proportional * rng.standard_normal())
            level += residual.additive_mg_l * rng.standard_normal()
            if level > 0.002:
                break
        samples.append(MeasuredLevel(taken_at=when, value=level, unit=LevelUnit.MG_L))
    return VirtualPatient(true=true, intakes=intakes, samples=samples)
