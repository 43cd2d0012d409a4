"""Per-day exposure: the concentration at craving onset from the intakes logged, by superposition
over the days (engine: Simon et al. 2018 parameters; renal calibration after Vlavonou 2014)."""

import dataclasses
import datetime as dt

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from baclo.coverage import Kinetics, day_exposures
from baclo.coverage.exposure import MAX_IMPUTED_SHARE
from baclo.errors import FieldError
from baclo.journal import Craving, Intake, JournalEntry
from baclo.pk import Dose, concentration, load_model
from baclo.pk.bayes import LevelUnit, MeasuredLevel, TimedIntake, individualise

MONDAY = dt.date(2026, 1, 5)


def logged(day, intakes, *, onset=dt.time(18), intensity=5):
    return JournalEntry(
        date=MONDAY + dt.timedelta(days=day),
        intakes=tuple(Intake(time=dt.time(h), dose_mg=mg) for h, mg in intakes),
        craving=Craving(intensity=intensity, onset=onset),
    )


def test_the_onset_concentration_is_the_engines_for_the_intakes_logged():
    days = [logged(0, [(8, 20), (16, 30)]), logged(1, [(8, 20), (16, 30)])]
    kinetics = Kinetics.population()
    second = day_exposures(days, kinetics)[1]
    # the journal starts three imputed days earlier; with logged days only, day 2 starts at 96 h
    doses = [Dose(time_h=h + 24 * d, dose_mg=mg) for d in range(5) for h, mg in ((8, 20), (16, 30))]
    expected = concentration(kinetics.as_model(), doses, [4 * 24 + 18.0])[0]
    assert second.onset_mg_l == pytest.approx(expected, rel=1e-12)


def test_yesterdays_evening_intake_still_counts_at_todays_onset():
    without = [logged(0, []), logged(1, [(16, 30)])]
    with_evening = [logged(0, [(22, 30)]), logged(1, [(16, 30)])]
    kinetics = Kinetics.population(crcl_ml_min=30)
    plain = day_exposures(without, kinetics)[1].onset_mg_l
    carried = day_exposures(with_evening, kinetics)[1].onset_mg_l
    assert carried > plain * 1.05


def test_a_lower_creatinine_clearance_raises_the_predicted_concentration():
    days = [logged(d, [(8, 20), (16, 30)]) for d in range(3)]
    normal = day_exposures(days, Kinetics.population())[-1].onset_mg_l
    impaired = day_exposures(days, Kinetics.population(crcl_ml_min=40))[-1].onset_mg_l
    assert impaired > normal * 1.3


def test_own_kinetics_replace_the_typical_ones():
    days = [logged(d, [(16, 30)]) for d in range(3)]
    typical = Kinetics.population()
    fast = Kinetics.own(
        ka_per_h=typical.ka_per_h, cl_l_per_h=2 * typical.cl_l_per_h, v_l=typical.v_l
    )
    assert day_exposures(days, fast)[-1].onset_mg_l < day_exposures(days, typical)[-1].onset_mg_l


def test_a_day_after_an_unlogged_day_says_how_much_rests_on_the_guess():
    days = [logged(0, [(8, 30), (20, 30)]), logged(2, [(8, 30), (20, 30)], onset=dt.time(7))]
    exposure = day_exposures(days, Kinetics.population(crcl_ml_min=20))[1]
    assert exposure.imputed_share > MAX_IMPUTED_SHARE
    assert not exposure.usable


def test_the_window_runs_from_onset_to_a_bedtime_after_midnight():
    days = [logged(d, [(8, 20), (16, 30)], onset=dt.time(21)) for d in range(3)]
    late = day_exposures(days, Kinetics.population(), bedtime=dt.time(1))[-1]
    early = day_exposures(days, Kinetics.population(), bedtime=dt.time(22))[-1]
    assert late.window_min_mg_l < early.window_min_mg_l <= early.onset_mg_l
    assert late.window_min_mg_l <= late.window_mean_mg_l <= late.onset_mg_l


def test_a_day_without_onset_has_a_peak_but_no_onset_concentration():
    exposure = day_exposures([logged(0, [(8, 20)], onset=None)], Kinetics.population())[0]
    assert exposure.onset_mg_l is None
    assert exposure.window_min_mg_l is None
    assert exposure.peak_mg_l > 0
    assert not exposure.usable


def test_a_day_without_intakes_has_zero_concentration():
    exposure = day_exposures([logged(0, [])], Kinetics.population())[0]
    assert (exposure.onset_mg_l, exposure.peak_mg_l, exposure.dose_mg) == (0.0, 0.0, 0.0)


def test_the_same_date_twice_is_refused():
    with pytest.raises(FieldError, match="appears twice"):
        day_exposures([logged(0, [(8, 20)]), logged(0, [(9, 20)])], Kinetics.population())


def test_an_empty_journal_has_no_days():
    assert day_exposures([], Kinetics.population()) == ()


@pytest.mark.parametrize("value", [0.0, -1.0, float("nan")], ids=["zero", "negative", "nan"])
def test_own_kinetics_must_be_positive(value):
    with pytest.raises(FieldError, match="positive"):
        Kinetics.own(ka_per_h=1.0, cl_l_per_h=value, v_l=70.0)


def test_days_come_back_in_date_order():
    days = [logged(2, [(8, 20)]), logged(0, [(8, 20)])]
    dates = [d.date for d in day_exposures(days, Kinetics.population())]
    assert dates == sorted(dates)
    assert np.isfinite([d.peak_mg_l for d in day_exposures(days, Kinetics.population())]).all()


def test_kinetics_from_measured_levels_take_the_individual_estimates():
    start = dt.datetime(2026, 1, 5)
    intakes = [
        TimedIntake(taken_at=start + dt.timedelta(days=d, hours=h), dose_mg=20.0)
        for d in range(3)
        for h in (8, 13, 18)
    ]
    level = MeasuredLevel(
        taken_at=start + dt.timedelta(days=2, hours=20), value=600.0, unit=LevelUnit.NG_ML
    )
    result = individualise(load_model(), intakes, [level], now=start + dt.timedelta(days=3))
    kinetics = Kinetics.from_levels(result)
    assert kinetics.individual
    assert kinetics.cl_l_per_h == pytest.approx(result.mode["cl"])
    assert "individual estimates" in kinetics.describe()


DAY_INTAKES = st.lists(
    st.tuples(st.integers(6, 22), st.sampled_from([5.0, 10.0, 20.0, 40.0])),
    max_size=4,
    unique_by=lambda item: item[0],
)


@settings(max_examples=60, deadline=None)
@given(
    days=st.lists(st.none() | DAY_INTAKES, min_size=1, max_size=10),
    extra=st.tuples(st.integers(0, 9), st.integers(6, 22)),
)
def test_an_extra_intake_never_lowers_a_predicted_concentration(days, extra):
    journal = [logged(n, sorted(intakes)) for n, intakes in enumerate(days) if intakes is not None]
    assume(journal)
    kinetics = Kinetics.population()
    plain = day_exposures(journal, kinetics)
    target = journal[extra[0] % len(journal)]
    hour = extra[1]
    more = [
        dataclasses.replace(
            e,
            intakes=tuple(
                sorted(
                    (*e.intakes, Intake(time=dt.time(hour, 30), dose_mg=10.0)), key=lambda i: i.time
                )
            ),
        )
        if e is target
        else e
        for e in journal
    ]
    for before, after in zip(plain, day_exposures(more, kinetics), strict=True):
        assert after.onset_mg_l >= before.onset_mg_l - 1e-12
        assert after.peak_mg_l >= before.peak_mg_l - 1e-12
        assert 0.0 <= after.imputed_share <= 1.0
