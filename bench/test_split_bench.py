"""The daily split, without and with its guards binding.

Workloads (default tablets, craving at 18:00): 60 mg/day, where no guard binds (the plain
search); 90 mg/day, where the peak guard binds and the search widens to every count of intakes
and wider gaps; 240 mg/day, where the maximum per intake binds and no targeted split meets the
peak guard (the lowest-peak choice plus the fractionated comparison); 240 mg/day fractionated.
A split is computed for every distinct dose of a plan or a calendar, so this is the cost a page
or an .ics export pays per dose. No timing is asserted.
"""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.protocols.split import SplitMode, SplitRequest, split_daily_dose


@pytest.mark.benchmark(group="split")
@pytest.mark.parametrize(
    ("daily", "mode"),
    [
        pytest.param(60, SplitMode.TARGETED, id="60-targeted-no-guard-binds"),
        pytest.param(90, SplitMode.TARGETED, id="90-targeted-peak-guard-binds"),
        pytest.param(240, SplitMode.TARGETED, id="240-targeted-guards-cannot-be-met"),
        pytest.param(240, SplitMode.FRACTIONATED, id="240-fractionated"),
    ],
)
def test_split(benchmark, daily, mode):
    request = SplitRequest(daily_mg=daily, craving=dt.time(18, 0), mode=mode)
    result = benchmark(split_daily_dose, request)
    assert sum(i.dose_mg for i in result.intakes) == daily
