"""Declared renal function: longer titration steps, Vlavonou's ceiling advice, the 60-90 note."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from baclo.errors import FieldError
from baclo.pk import load_model
from baclo.pk.renal import (
    STEADY_STATE_HALF_LIVES,
    ceiling_advice,
    check_crcl,
    half_life_h,
    mild_note,
    renal_days_per_step,
)


def test_the_half_life_follows_the_models_clearance_factor():
    model = load_model()
    assert half_life_h(None) == pytest.approx(model.half_life_h)
    # 0.15 + 0.85 x 40/100 = 0.49: the half-life is about twice as long
    assert half_life_h(40) == pytest.approx(model.half_life_h / 0.49)


@pytest.mark.parametrize(
    ("crcl", "days"),
    [
        pytest.param(None, 3, id="normal"),
        pytest.param(60, 3, id="60-unchanged"),
        pytest.param(59, 4, id="59"),
        pytest.param(40, 4, id="40"),
        pytest.param(30, 5, id="30"),
        pytest.param(10, 6, id="10"),
    ],
)
def test_below_60_ml_min_three_day_steps_are_lengthened(crcl, days):
    assert renal_days_per_step(3, crcl) == days


@given(
    days=st.integers(min_value=1, max_value=28),
    crcl=st.floats(min_value=1, max_value=59.99),
)
def test_a_lengthened_step_reaches_steady_state_and_keeps_the_protocols_watch(days, crcl):
    lengthened = renal_days_per_step(days, crcl)
    hours = lengthened * 24
    assert lengthened >= days
    assert hours >= STEADY_STATE_HALF_LIVES * half_life_h(crcl)
    watch_normal = days * 24 - STEADY_STATE_HALF_LIVES * half_life_h(None)
    assert hours - STEADY_STATE_HALF_LIVES * half_life_h(crcl) >= watch_normal - 1e-9


@pytest.mark.parametrize(
    ("crcl", "group", "ceiling"),
    [
        pytest.param(55, "mild", 200, id="mild"),
        pytest.param(40, "moderate", 150, id="moderate"),
        pytest.param(20, "severe", 100, id="severe"),
    ],
)
def test_the_ceiling_advice_applies_vlavonous_cut_for_the_group(crcl, group, ceiling):
    advice = ceiling_advice(crcl, 300)
    assert advice is not None
    assert (advice.group, advice.suggested_ceiling_mg) == (group, pytest.approx(ceiling))
    assert advice.avoid is (crcl < 30)
    assert "Vlavonou" in advice.message


@pytest.mark.parametrize("crcl", [None, 60, 95], ids=["normal", "60", "95"])
def test_no_ceiling_advice_from_60_ml_min(crcl):
    assert ceiling_advice(crcl, 300) is None


@pytest.mark.parametrize(
    ("crcl", "noted"),
    [
        pytest.param(59, False, id="59-advice-instead"),
        pytest.param(60, True, id="60"),
        pytest.param(89, True, id="89"),
        pytest.param(90, False, id="90"),
        pytest.param(None, False, id="normal"),
    ],
)
def test_the_information_note_covers_60_to_90_ml_min(crcl, noted):
    assert (mild_note(crcl) is not None) is noted


@pytest.mark.parametrize("crcl", [0, -5, 300, math.nan], ids=["zero", "negative", "300", "nan"])
def test_an_impossible_clearance_names_the_field(crcl):
    with pytest.raises(FieldError) as caught:
        check_crcl(crcl, field="--crcl")
    assert caught.value.field == "--crcl"
