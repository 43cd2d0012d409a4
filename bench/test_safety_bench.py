"""The safety rules, run in the request that saves a journal day.

Workloads: a quiet patient (two weeks of ordinary days: every rule reads, none fires) and a busy
one (the state of tests/safety/test_honest.py: 15 rules fire, among them a missed day whose
message runs the PK engine's next-intake scenarios on the logged intakes), and a late intake
close to the next one (its message runs the scenarios too). No timing is asserted.
"""

from __future__ import annotations

import pytest
from tests.safety.make import entry, state
from tests.safety.test_honest import busy_patient
from tests.safety.test_late import late_afternoon

from baclo.safety import Phase, evaluate


@pytest.mark.benchmark(group="safety")
@pytest.mark.parametrize(
    "patient",
    [
        pytest.param(
            state(
                [entry(n, dose=150, craving=4, alcohol=1) for n in range(-7, 7)],
                plan=dict.fromkeys(range(-7, 7), 150),
                phase=Phase.MAINTENANCE,
            ),
            id="quiet-two-weeks",
        ),
        pytest.param(busy_patient("Dr Anne M."), id="busy-15-rules-fire"),
        pytest.param(late_afternoon(), id="late-intake-close-to-the-next"),
    ],
)
def test_evaluate(benchmark, patient):
    benchmark(evaluate, patient)
