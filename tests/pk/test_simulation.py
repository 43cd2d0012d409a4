"""``simulate``: the object behind ``baclo simulate`` and the API."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from baclo.errors import InputError
from baclo.pk import DailyIntake, WarningCode, load_model, simulate, steady_state_concentration

TWICE = [DailyIntake(time=dt.time(17), dose_mg=30.0), DailyIntake(time=dt.time(8), dose_mg=20.0)]


def test_typical_curve_of_the_last_day_approaches_the_steady_state():
    sim = simulate(TWICE, days=10, n_subjects=50)
    last = sim.t_h >= 24.0 * 9
    clock = sim.t_h[last][:-1] - 24.0 * 9
    expected = steady_state_concentration(load_model(), TWICE, clock)
    np.testing.assert_allclose(sim.conc_mg_l[last][:-1], expected, rtol=1e-6)


def test_intakes_are_reported_in_clock_order():
    sim = simulate(TWICE, days=1, n_subjects=10)
    assert [i["time"] for i in sim.to_dict()["model"]["intakes"]] == ["08:00", "17:00"]


@pytest.mark.parametrize(
    ("daily", "crcl", "model_id", "codes"),
    [
        ([DailyIntake(time=dt.time(8), dose_mg=20.0)], None, None, set()),
        (
            [DailyIntake(time=dt.time(8), dose_mg=320.0)],
            None,
            None,
            {"dose_above_hard_limit", "dose_above_validity", "peak_near_intoxication"},
        ),
        (
            [DailyIntake(time=dt.time(8), dose_mg=260.0)],
            None,
            "marsot-2014",
            {"dose_above_validity", "peak_near_intoxication"},
        ),
        (
            [DailyIntake(time=dt.time(8), dose_mg=10.0)],
            None,
            "chevillard-2018",
            {"dose_below_validity"},
        ),
        (
            [DailyIntake(time=dt.time(8), dose_mg=10.0)],
            25.0,
            None,
            {"renal_avoid", "renal_outside_validity"},
        ),
        ([DailyIntake(time=dt.time(8), dose_mg=10.0)], 45.0, None, {"renal_outside_validity"}),
        ([DailyIntake(time=dt.time(8), dose_mg=10.0)], 200.0, None, set()),
    ],
    ids=[
        "ordinary",
        "above-300",
        "above-marsot-range",
        "below-chevillard-range",
        "crcl-25",
        "crcl-45",
        "crcl-200",
    ],
)
def test_warnings_flag_what_lies_outside_the_model(daily, crcl, model_id, codes):
    sim = simulate(daily, days=2, crcl_ml_min=crcl, model_id=model_id, n_subjects=20)
    assert {w.code.value for w in sim.warnings} == codes
    assert all(isinstance(w.code, WarningCode) for w in sim.warnings)


def test_simulation_is_reproducible_and_states_n_and_seed():
    first = simulate(TWICE, days=2, n_subjects=100, seed=9).to_dict()
    assert first == simulate(TWICE, days=2, n_subjects=100, seed=9).to_dict()
    assert (first["band"]["n_subjects"], first["band"]["seed"]) == (100, 9)


@pytest.mark.parametrize(
    ("kwargs", "echoed"),
    [
        ({"days": 0}, "days 0"),
        ({"crcl_ml_min": 0.0}, "0 mL/min"),
        ({"model_id": "x-2000"}, "x-2000"),
        ({"drug": "aspirin"}, "aspirin"),
        ({"step_min": 7}, "step 7"),
    ],
    ids=["days", "crcl", "model", "drug", "step"],
)
def test_bad_requests_raise_input_error_echoing_the_value(kwargs, echoed):
    with pytest.raises(InputError, match=echoed):
        simulate(TWICE, **kwargs)


def test_an_empty_schedule_is_refused():
    with pytest.raises(InputError, match="no intake"):
        simulate([])
