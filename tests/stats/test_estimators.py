"""Estimators against independently computed or published reference values."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from baclo.stats.estimators import (
    average_ranks,
    correlation,
    dose_stats,
    kaplan_meier,
    share,
)

# Freireich et al. 1963 (Blood 21:699), 6-MP arm, remission times in weeks, "+" = censored;
# the worked Kaplan-Meier example of Kleinbaum & Klein, Survival Analysis (3rd ed.), ch. 2:
# S(6)=0.857, S(7)=0.807, S(10)=0.753, S(13)=0.690, S(16)=0.627, S(22)=0.538, S(23)=0.448,
# median 23 weeks.
SIX_MP_EVENTS = [6, 6, 6, 7, 10, 13, 16, 22, 23]
SIX_MP_CENSORED = [6, 9, 10, 11, 17, 19, 20, 25, 32, 32, 34, 35]


def _six_mp():
    times = np.array(SIX_MP_EVENTS + SIX_MP_CENSORED, dtype=float)
    reached = np.array([True] * len(SIX_MP_EVENTS) + [False] * len(SIX_MP_CENSORED))
    return kaplan_meier(np.where(reached, times, np.nan), times)


def test_kaplan_meier_reproduces_the_six_mp_median_of_23_weeks():
    km = _six_mp()
    assert (km.n, km.events) == (21, 9)
    assert km.km_median_days == 23


@pytest.mark.parametrize(
    ("day", "survival"),
    [
        pytest.param(7, 0.807, id="S(7)"),
        pytest.param(14, 0.690, id="S(13)-held-to-14"),
        pytest.param(21, 0.627, id="S(16)-held-to-21"),
        pytest.param(28, 0.448, id="S(23)-held-to-28"),
        pytest.param(35, 0.448, id="flat-after-last-event"),
    ],
)
def test_kaplan_meier_curve_matches_the_textbook_survival(day, survival):
    point = {p.day: p for p in _six_mp().curve}[day]
    assert point.reached == pytest.approx(1 - survival, abs=5e-4)


def test_kaplan_meier_counts_the_risk_set_at_each_week():
    at_risk = {p.day: p.at_risk for p in _six_mp().curve}
    # times >= 7: 21 minus the four 6s (3 events, 1 censored); >= 28: 32, 32, 34, 35
    assert (at_risk[0], at_risk[7], at_risk[28]) == (21, 17, 4)


def test_kaplan_meier_without_any_event_reports_no_median_and_nobody_reached():
    km = kaplan_meier(np.array([np.nan, np.nan]), np.array([150.0, 200.0]))
    assert (km.events, km.km_median_days, km.reached_by_120_days) == (0, None, 0.0)


def test_kaplan_meier_gives_no_four_month_share_when_nobody_was_followed_that_long():
    km = kaplan_meier(np.array([10.0, np.nan]), np.array([30.0, 90.0]))
    assert km.reached_by_120_days is None


def test_kaplan_meier_leaves_out_people_with_neither_time_nor_follow_up():
    km = kaplan_meier(np.array([10.0, np.nan, 20.0]), np.array([30.0, np.nan, 40.0]))
    assert (km.n, km.events) == (2, 2)


def test_kaplan_meier_four_month_share_and_interval_match_scipy_called_directly():
    times = np.array([20.0, 45, 60, 90, 130, 150, 100, 200])
    reached = np.array([True, True, True, True, True, False, False, False])
    km = kaplan_meier(np.where(reached, times, np.nan), times)
    direct = scipy.stats.ecdf(
        scipy.stats.CensoredData(uncensored=times[reached], right=times[~reached])
    ).sf
    assert km.reached_by_120_days == pytest.approx(1 - direct.evaluate(120), abs=1e-12)
    # by hand: S(120) = (7/8)(6/7)(5/6)(4/5) = 0.5, one censored at 100 does not change it
    assert km.reached_by_120_days == pytest.approx(0.5, abs=1e-12)
    low, high = km.reached_by_120_days_ci95
    assert 0 < low < 0.5 < high < 1


def _scipy_kaplan_meier(events, waits, grid):
    """The reference: scipy's product-limit and its exponential-Greenwood interval."""
    survival = scipy.stats.ecdf(scipy.stats.CensoredData(uncensored=events, right=waits)).sf
    below_half = np.flatnonzero(survival.probabilities <= 0.5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        band = survival.confidence_interval(0.95, method="log-log")
    low, high = (float(1 - b.evaluate(120)) for b in (band.high, band.low))
    return {
        "reached": 1 - survival.evaluate(grid),
        "median": float(survival.quantiles[below_half[0]]) if len(below_half) else None,
        "by_120": float(1 - survival.evaluate(120)),
        "ci": None if np.isnan(low) or np.isnan(high) else (low, high),
    }


@settings(max_examples=300, deadline=None)
@given(
    events=st.lists(st.integers(0, 400), min_size=1, max_size=60),
    waits=st.lists(st.integers(0, 400), max_size=60),
    scale=st.sampled_from([1.0, 0.5, 1.7]),
)
def test_kaplan_meier_is_scipys_ecdf_on_censored_data(events, waits, scale):
    # scale 1: whole days (counted); 0.5 and 1.7: fractional times (sorted), same estimator
    events, waits = np.array(events) * scale, np.array(waits) * scale
    times = np.concatenate((events, waits))
    reached = np.arange(len(times)) < len(events)
    km = kaplan_meier(np.where(reached, times, np.nan), times)
    expected = _scipy_kaplan_meier(events, waits, np.array([p.day for p in km.curve]))
    assert [p.reached for p in km.curve] == pytest.approx(expected["reached"], abs=1e-12)
    assert [p.at_risk for p in km.curve] == [int((times >= p.day).sum()) for p in km.curve]
    assert km.km_median_days == expected["median"]
    if times.max() >= 120:
        assert km.reached_by_120_days == pytest.approx(expected["by_120"], abs=1e-12)
        if expected["ci"] is None:
            assert km.reached_by_120_days_ci95 is None
        else:
            assert km.reached_by_120_days_ci95 == pytest.approx(expected["ci"], abs=1e-12)


def test_dose_stats_match_hand_computed_values():
    # 30, 60, ..., 300: mean 165, sd 90.83, t(0.975, 9) = 2.2622 -> 165 +/- 64.97;
    # linear quartiles at positions 2.25 and 6.75: 97.5 and 232.5
    stats = dose_stats(np.arange(30.0, 301.0, 30.0))
    assert (stats.n, stats.mean, stats.median, stats.q1, stats.q3) == (10, 165, 165, 97.5, 232.5)
    assert stats.ci95 == pytest.approx((100.03, 229.97), abs=0.01)


def test_dose_ci_matches_scipy_one_sample_t_interval():
    rng = np.random.default_rng(3)
    values = rng.lognormal(5, 0.3, 57)
    reference = scipy.stats.ttest_1samp(values, 0).confidence_interval(0.95)
    assert dose_stats(values).ci95 == pytest.approx((reference.low, reference.high), rel=1e-12)


def test_dose_histogram_uses_fixed_20_mg_bins_and_an_open_last_bin():
    stats = dose_stats(np.array([10.0, 19.9, 20.0, 299.0, 300.0, 450.0, np.nan]))
    counts = {(b.low, b.high): b.count for b in stats.histogram}
    assert counts[(0.0, 20.0)] == 2
    assert counts[(20.0, 40.0)] == 1
    assert counts[(280.0, 300.0)] == 1
    assert counts[(300.0, None)] == 2
    assert sum(counts.values()) == stats.n == 6


def test_dose_stats_of_one_value_have_no_interval_and_of_none_nothing():
    assert dose_stats(np.array([150.0])).ci95 is None
    empty = dose_stats(np.array([np.nan]))
    assert (empty.n, empty.mean, empty.histogram) == (0, None, ())


def test_identical_doses_give_an_interval_collapsed_on_the_mean_without_a_warning():
    # pytest turns warnings into errors: scipy's NaN interval for a zero scale would fail here.
    assert dose_stats(np.array([150.0] * 10)).ci95 == (150.0, 150.0)


def _with_exact_r(r: float, n: int, seed: int = 0):
    rng = np.random.default_rng(seed)
    x, noise = rng.standard_normal((2, n))
    x = (x - x.mean()) / x.std()
    noise -= noise.mean()
    noise -= (noise @ x) / (x @ x) * x
    noise /= noise.std()
    return x * 40 + 170, (r * x + math.sqrt(1 - r * r) * noise) * 50 + 120


def test_correlation_reproduces_the_seed_figure_for_de_beaurepaire_2012():
    # de Beaurepaire 2012 (de-beaurepaire-2012): r = 0.315 (0.127; 0.482), p = 0.001; a Fisher-z
    # interval that wide around 0.315 means n = 100 (sqrt(n - 3) = 2 x 1.96 / (atanh 0.482 - atanh
    # 0.127) = 9.85)
    c = correlation(*_with_exact_r(0.315, 100))
    assert c.pearson_r == pytest.approx(0.315, abs=1e-12)
    assert c.ci95 == pytest.approx((0.127, 0.482), abs=6e-4)
    assert c.p == pytest.approx(0.0014, abs=1e-4)


def test_correlation_matches_the_textbook_formulas():
    x, y = _with_exact_r(0.3, 40, seed=5)
    y[::7] = np.nan
    c = correlation(x, y)
    known = ~np.isnan(y)
    n = int(known.sum())
    r = float(np.corrcoef(x[known], y[known])[0, 1])
    half = 1.959964 / math.sqrt(n - 3)
    t = r * math.sqrt((n - 2) / (1 - r * r))
    assert c.n == n
    assert c.pearson_r == pytest.approx(r, abs=1e-12)
    assert c.ci95 == pytest.approx(
        (math.tanh(math.atanh(r) - half), math.tanh(math.atanh(r) + half))
    )
    assert c.p == pytest.approx(2 * scipy.stats.t.sf(abs(t), n - 2), rel=1e-9)
    rho = scipy.stats.spearmanr(x[known], y[known]).statistic
    assert c.spearman_rho == pytest.approx(rho, abs=1e-12)


@pytest.mark.parametrize(
    ("x", "y"),
    [
        pytest.param([1.0, 2.0, 3.0], [2.0, 1.0, 3.0], id="three-pairs"),
        pytest.param([1.0, 2.0, 3.0, 4.0], [5.0, 5.0, 5.0, 5.0], id="constant"),
    ],
)
def test_correlation_is_undefined_for_too_few_pairs_or_constant_data(x, y):
    c = correlation(np.array(x), np.array(y))
    assert (c.pearson_r, c.ci95, c.p, c.spearman_rho) == (None, None, None, None)


@pytest.mark.parametrize(
    ("count", "n", "low", "high"),
    [
        # Newcombe 1998, Stat Med 17:857, table I, method 3 (Wilson score, no continuity)
        pytest.param(81, 263, 0.2553, 0.3662, id="81-of-263"),
        pytest.param(15, 148, 0.0624, 0.1605, id="15-of-148"),
        pytest.param(0, 20, 0.0, 0.1611, id="0-of-20"),
        pytest.param(1, 29, 0.0061, 0.1718, id="1-of-29"),
    ],
)
def test_wilson_interval_matches_newcombe_1998(count, n, low, high):
    s = share(count, n)
    assert s.rate == count / n
    assert s.ci95 == pytest.approx((low, high), abs=5e-5)


@given(n=st.integers(1, 100_000), fraction=st.floats(0, 1))
def test_wilson_interval_is_scipys(n, fraction):
    count = round(n * fraction)
    expected = scipy.stats.binomtest(count, n).proportion_ci(0.95, method="wilson")
    assert share(count, n).ci95 == pytest.approx((expected.low, expected.high), abs=1e-12)


WHOLE_NUMBERS = st.integers(0, 6).map(float)
ANY_NUMBERS = st.one_of(WHOLE_NUMBERS, st.floats(-1e3, 1e3), st.just(1e9))


@pytest.mark.parametrize(
    "elements",
    [
        pytest.param(WHOLE_NUMBERS, id="whole-numbers-ranked-by-counting"),
        pytest.param(ANY_NUMBERS, id="any-numbers-ranked-by-sorting"),
    ],
)
@settings(deadline=None)
@given(data=st.data())
def test_average_ranks_equal_scipy_rankdata(elements, data):
    values = data.draw(arrays(np.float64, st.integers(1, 60), elements=elements))
    np.testing.assert_array_equal(average_ranks(values), scipy.stats.rankdata(values))
