"""Daily metrics read on a sampled curve."""

from __future__ import annotations

import numpy as np
import pytest

from baclo.errors import InputError
from baclo.pk import concentration_at_clock, daily_metrics, time_above

T = np.linspace(0.0, 48.0, 481)
# A triangle on day 2: 0 until 30 h, peak 1.0 at 32 h, back to 0 at 36 h.
TRIANGLE = np.interp(T, [0.0, 30.0, 32.0, 36.0, 48.0], [0.0, 0.0, 1.0, 0.0, 0.0])


def test_daily_metrics_of_a_triangle():
    metrics = daily_metrics(T, TRIANGLE, day=2)
    assert metrics.cmax_mg_l == 1.0
    assert metrics.tmax == "08:00"
    assert metrics.cmin_mg_l == 0.0
    assert metrics.auc_mg_h_l == pytest.approx(3.0)  # (36 - 30) x 1 / 2
    assert metrics.to_dict() == {
        "cmax_mg_l": 1.0,
        "tmax": "08:00",
        "cmin_mg_l": 0.0,
        "auc_mg_h_l": 3.0,
    }


@pytest.mark.parametrize(
    ("clock", "expected"), [(6.0, 0.0), (7.0, 0.5), (10.0, 0.5)], ids=["06", "07", "10"]
)
def test_concentration_at_clock_interpolates(clock, expected):
    assert concentration_at_clock(T, TRIANGLE, clock, day=2) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("level", "hours"), [(0.5, 3.0), (0.0, 6.0), (1.0, 0.0)], ids=["half", "zero", "peak"]
)
def test_time_above_a_level_interpolates_crossings(level, hours):
    assert time_above(T, TRIANGLE, level, day=2) == pytest.approx(hours)


@pytest.mark.parametrize(
    "call",
    [
        lambda: daily_metrics(T, TRIANGLE, day=3),
        lambda: daily_metrics(T, TRIANGLE, day=0),
        lambda: daily_metrics(T, TRIANGLE[:-1], day=1),
        lambda: concentration_at_clock(T, TRIANGLE, 25.0, day=1),
    ],
    ids=["day-not-simulated", "day-0", "shapes-differ", "clock-25"],
)
def test_metrics_refuse_what_the_curve_does_not_cover(call):
    with pytest.raises(InputError):
        call()
