"""Titration protocols: the association's three tables day by day, the label, custom staircases."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.errors import InputError
from baclo.protocols.plan import PlanSpec, build_plan
from baclo.protocols.titration import PROTOCOLS, ProtocolId, make_titration

# The association's tables ("Posologie", Association Baclofene document), rows Monday..Sunday of
# weeks 1-3, copied from that document.
SEED_TABLES = {
    "ameisen": [
        30, 30, 30, 50, 50, 50, 70,
        70, 70, 90, 90, 90, 110, 110,
        110, 130, 130, 130, 150, 150, 150,
    ],
    "beaurepaire": [
        10, 10, 10, 20, 20, 20, 30,
        30, 30, 40, 40, 40, 50, 50,
        50, 60, 60, 60, 70, 70, 70,
    ],
    "rtu-2014": [
        15, 15, 15, 20, 20, 20, 25,
        25, 25, 30, 30, 30, 40, 40,
        40, 50, 50, 50, 60, 60, 60,
    ],
}  # fmt: skip

SEED_MONDAY = dt.date(2026, 1, 5)

GOLDEN_DAYS = [
    pytest.param(protocol, day, dose, id=f"{protocol}-day{day + 1:02d}")
    for protocol, doses in SEED_TABLES.items()
    for day, dose in enumerate(doses)
]


def _seed_plan(protocol: str, days: int = 21) -> list[float]:
    spec = PlanSpec(
        titration=make_titration(protocol), start=SEED_MONDAY, ceiling_mg=300, horizon_days=days
    )
    return [day.dose_mg for day in build_plan(spec).days]


@pytest.mark.parametrize(("protocol", "day", "dose"), GOLDEN_DAYS)
def test_it_reproduces_the_published_table_day_by_day(protocol, day, dose):
    assert _seed_plan(protocol)[day] == dose


@pytest.mark.parametrize(
    ("protocol", "days_22_to_27"),
    [
        pytest.param("ameisen", [170, 170, 170, 190, 190, 190], id="ameisen-plus-20"),
        pytest.param("beaurepaire", [80, 80, 80, 90, 90, 90], id="beaurepaire-plus-10"),
        pytest.param("rtu-2014", [70, 70, 70, 80, 80, 80], id="rtu-2014-plus-10"),
    ],
)
def test_it_continues_the_seed_rule_after_day_21(protocol, days_22_to_27):
    assert _seed_plan(protocol, days=27)[21:] == days_22_to_27


def test_the_label_climbs_10_mg_every_3_days_from_15_and_stops_at_80():
    doses = [make_titration("label").step_dose(step) for step in range(10)]
    # Baclocur SmPC 4.2: 15-20 mg/day for 3 days, then +10 mg every 3-4 days, 80 mg/day at most.
    assert doses == [15, 25, 35, 45, 55, 65, 75, 80, 80, 80]


def test_the_label_stops_at_80_even_under_a_higher_ceiling():
    spec = PlanSpec(
        titration=make_titration("label"), start=SEED_MONDAY, ceiling_mg=200, horizon_days=60
    )
    plan = build_plan(spec)
    assert max(day.dose_mg for day in plan.days) == 80
    assert not plan.capped


def test_the_label_accepts_a_20_mg_start_and_4_day_steps():
    spec = PlanSpec(
        titration=make_titration("label", start_mg=20, days_per_step=4),
        start=SEED_MONDAY,
        horizon_days=9,
    )
    assert [day.dose_mg for day in build_plan(spec).days] == [20] * 4 + [30] * 4 + [40]


@pytest.mark.parametrize(
    ("parameters", "fragment"),
    [
        pytest.param({"start_mg": 10}, "15-20", id="start-below-range"),
        pytest.param({"start_mg": 25}, "15-20", id="start-above-range"),
        pytest.param({"days_per_step": 2}, "3 or 4", id="steps-too-short"),
        pytest.param({"increment_mg": 20}, "10 mg", id="increment-fixed"),
    ],
)
def test_the_label_refuses_parameters_outside_its_ranges(parameters, fragment):
    with pytest.raises(InputError, match=fragment):
        make_titration("label", **parameters)


def test_a_custom_protocol_switches_increment_like_the_rtu():
    custom = make_titration(
        "custom",
        start_mg=15,
        increment_mg=5,
        days_per_step=3,
        second_increment_mg=10,
        second_increment_from_mg=30,
    )
    rtu = make_titration("rtu-2014")
    assert [custom.step_dose(k) for k in range(12)] == [rtu.step_dose(k) for k in range(12)]


def test_a_custom_protocol_starting_above_the_switch_uses_the_second_increment():
    custom = make_titration(
        "custom",
        start_mg=40,
        increment_mg=5,
        days_per_step=2,
        second_increment_mg=10,
        second_increment_from_mg=30,
    )
    assert [custom.step_dose(k) for k in range(3)] == [40, 50, 60]


@pytest.mark.parametrize(
    ("parameters", "fragment"),
    [
        pytest.param({"increment_mg": 10, "days_per_step": 3}, "start_mg", id="no-start"),
        pytest.param({"start_mg": 10, "days_per_step": 3}, "increment_mg", id="no-increment"),
        pytest.param({"start_mg": 10, "increment_mg": 10}, "days_per_step", id="no-days"),
        pytest.param(
            {"start_mg": -5, "increment_mg": 10, "days_per_step": 3}, "-5", id="negative-start"
        ),
        pytest.param(
            {"start_mg": 10, "increment_mg": 0, "days_per_step": 3}, "above 0", id="zero-increment"
        ),
        pytest.param(
            {"start_mg": 10, "increment_mg": 10, "days_per_step": 0}, "1-28", id="zero-days"
        ),
        pytest.param(
            {"start_mg": 10, "increment_mg": 10, "days_per_step": 3, "second_increment_mg": 5},
            "both",
            id="half-second-increment",
        ),
    ],
)
def test_a_custom_protocol_refuses_incomplete_or_impossible_parameters(parameters, fragment):
    with pytest.raises(InputError, match=fragment):
        make_titration("custom", **parameters)


def test_a_fixed_table_takes_no_parameter():
    with pytest.raises(InputError, match="fixed table"):
        make_titration("ameisen", start_mg=20)


def test_an_unknown_protocol_is_named_in_the_error():
    with pytest.raises(InputError, match="'ameisn'"):
        make_titration("ameisn")


@pytest.mark.parametrize("protocol", list(ProtocolId), ids=str)
def test_every_protocol_has_a_name_a_description_and_a_source(protocol):
    info = PROTOCOLS[protocol]
    assert info.id is protocol
    assert info.name
    assert info.source
    assert "\n" not in info.description
