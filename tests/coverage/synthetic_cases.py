"""Synthetic journals shared by the coverage tests: a plain titration staircase."""

import datetime as dt

import numpy as np

from baclo.coverage import day_exposures
from baclo.coverage.synthetic import draw_patient, even_intakes, write_journal

CLOCKS = (dt.time(8), dt.time(13), dt.time(19))


def staircase(day, journal):
    """20 mg/day, +10 mg every 3 days up to 150, in three intakes: a plain titration."""
    return even_intakes(min(20 + 10 * (day // 3), 150), CLOCKS)


def synthetic_days(seed, days, **options):
    """(true patient, exposures of the journal it wrote over ``days`` days)."""
    patient = draw_patient(np.random.default_rng(seed), **options)
    journal, _ = write_journal(patient, staircase, days, seed=seed)
    return patient, day_exposures(journal, patient.kinetics)
