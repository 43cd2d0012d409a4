"""Pharmacokinetics of baclofen: parameter sets with sources, closed-form engine, variability.

Public API (stable: other modules, the CLI and the web app code against it)::

    load_model, list_models, PKModel        parameter sets of drugs/baclofen.toml
    Dose, DailyIntake                       a dose on the time line; an intake taken every day
    concentration                           any schedule, by superposition (mg/L)
    repeated_daily_concentration            a daily schedule taken on days 1..N (mg/L)
    steady_state_concentration              a daily schedule taken for ever (mg/L)
    simulate, Simulation                    what ``baclo simulate`` and the API return
    daily_metrics, concentration_at_clock, time_above, DailyMetrics   metrics of a curve
    population_band, Band                   5th/50th/95th percentiles of N virtual subjects

Units: hours, milligrams, litres, mg/L (1 mg/L = 1000 ng/mL).
"""

from baclo.pk.engine import (
    concentration,
    individual_parameters,
    repeated_daily_concentration,
    steady_state_concentration,
)
from baclo.pk.metrics import DailyMetrics, concentration_at_clock, daily_metrics, time_above
from baclo.pk.model import PKModel, list_models, load_model
from baclo.pk.population import Band, population_band
from baclo.pk.schedule import DailyIntake, Dose, format_clock
from baclo.pk.simulation import Simulation, SimulationWarning, WarningCode, simulate

__all__ = [
    "Band",
    "DailyIntake",
    "DailyMetrics",
    "Dose",
    "PKModel",
    "Simulation",
    "SimulationWarning",
    "WarningCode",
    "concentration",
    "concentration_at_clock",
    "daily_metrics",
    "format_clock",
    "individual_parameters",
    "list_models",
    "load_model",
    "population_band",
    "repeated_daily_concentration",
    "simulate",
    "steady_state_concentration",
    "time_above",
]
