"""The whole cohort summary and its JSON contract (docs/architecture.md, Contracts)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from baclo.stats.cohort import Cohort, Sex
from baclo.stats.csvfile import read_cohort
from baclo.stats.estimators import correlation, dose_stats
from baclo.stats.summary import summarize, to_json
from tests.stats.conftest import csv_bytes


def _cohort() -> Cohort:
    return read_cohort(
        csv_bytes(
            "a,f,30-44,20,80,ameisen,120,30,200,0,abstinent",
            "b,m,45-59,25,100,ameisen,150,60,200,1,controlled",
            "c,m,45-59,30,150,beaurepaire,180,,90,2,",
            "d,f,60+,35,200,beaurepaire,210,100,300,3,unchanged",
            "e,m,18-29,,120,,240,150,400,1,halved",
            "f,,,18,,ameisen,,,,,",
        )
    ).cohort


def test_the_json_has_the_keys_of_the_design_contract():
    body = to_json(summarize(_cohort()))
    assert {"n", "effective_dose_mg", "correlations", "time_to_effective"} <= body.keys()
    assert {"outcomes", "side_effects", "subgroups", "synthetic"} <= body.keys()
    assert {"n", "mean", "ci95", "median", "q1", "q3"} <= body["effective_dose_mg"].keys()
    for name in ("dose_vs_audit", "dose_vs_grams"):
        assert {"n", "pearson_r", "ci95", "p", "spearman_rho"} <= body["correlations"][name].keys()
    assert {"n", "events", "km_median_days", "reached_by_120_days"} <= body[
        "time_to_effective"
    ].keys()
    json.dumps(body, allow_nan=False)


def test_each_statistic_uses_the_people_for_whom_it_is_known():
    body = to_json(summarize(_cohort()))
    assert body["n"] == 6
    assert body["effective_dose_mg"]["n"] == 5
    assert body["effective_dose_mg"]["mean"] == pytest.approx(180)
    assert body["correlations"]["dose_vs_audit"]["n"] == 4
    assert body["correlations"]["dose_vs_grams"]["n"] == 5
    # c not reached, censored at 90 days; f has neither time nor follow-up
    assert body["time_to_effective"]["n"] == 5
    assert body["time_to_effective"]["events"] == 4
    assert body["outcomes"]["n"] == 4
    assert body["outcomes"]["halved"]["count"] == 1
    assert body["outcomes"]["at_least_halved"]["count"] == 3
    assert body["side_effects"]["n"] == 5
    assert body["side_effects"]["any"]["count"] == 4


def test_subgroups_by_protocol_and_sex_are_summaries_of_their_people():
    cohort = _cohort()
    summary = summarize(cohort)
    assert set(summary.subgroups["protocol"]) == {"ameisen", "beaurepaire"}
    assert set(summary.subgroups["sex"]) == {"f", "m"}
    men = summary.subgroups["sex"]["m"]
    assert men.n == 3
    assert men.effective_dose_mg == dose_stats(np.array([150.0, 180.0, 240.0]))
    ameisen = summary.subgroups["protocol"]["ameisen"]
    assert ameisen.correlations["dose_vs_audit"] == correlation(
        np.array([120.0, 150.0, np.nan]), np.array([20.0, 25.0, 18.0])
    )


def test_a_subgroup_with_nobody_is_left_out():
    cohort = Cohort.from_columns(ids=["a", "b"], sex=[0, 0], effective_dose_mg=[100.0, 120.0])
    assert list(summarize(cohort).subgroups["sex"]) == [str(Sex.F)]


def test_an_empty_cohort_summarises_to_empty_sections():
    body = to_json(summarize(Cohort.from_columns(ids=[])))
    assert body["n"] == 0
    assert body["effective_dose_mg"]["mean"] is None
    assert body["outcomes"] is None
    assert body["subgroups"] == {"by_protocol": {}, "by_sex": {}}
    assert body["synthetic"] is False
