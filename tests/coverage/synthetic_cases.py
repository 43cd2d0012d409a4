"""Synthetic journals shared by the coverage tests."""

import numpy as np

from baclo.coverage import day_exposures
from baclo.coverage.synthetic import draw_patient, rising_staircase, write_journal


def synthetic_days(seed, days, **options):
    """(true patient, exposures of the journal it wrote over ``days`` days of a staircase)."""
    patient = draw_patient(np.random.default_rng(seed), **options)
    journal, _ = write_journal(patient, rising_staircase, days, seed=seed)
    return patient, day_exposures(journal, patient.kinetics)
