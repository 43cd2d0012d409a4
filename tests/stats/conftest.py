"""Small cohort CSV files written by hand for the statistics tests."""

from __future__ import annotations

import pytest

HEADER = (
    "id,sex,age_band,audit_before,grams_per_day_before,protocol,effective_dose_mg,"
    "days_to_effective,followup_days,side_effects_max,outcome_6m"
)


def csv_bytes(*rows: str, header: str = HEADER) -> bytes:
    """A cohort file: the contract's header then ``rows``, one per line."""
    return ("\n".join((header, *rows)) + "\n").encode()


@pytest.fixture
def good_row() -> str:
    return "p1,f,30-44,28,120,ameisen,150,40,200,2,abstinent"
