"""The plan engine: ceiling, capped flag, notices, events, JSON round trip, properties."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclo.errors import FieldError, InputError, ValidationError
from baclo.pk.renal import half_life_h
from baclo.protocols.ceiling import NoticeCode
from baclo.protocols.plan import EventKind, Plan, PlanEvent, PlanSpec, build_plan
from baclo.protocols.tablets import TabletSet
from baclo.protocols.titration import make_titration

START = dt.date(2026, 1, 5)


def _plan(protocol="beaurepaire", *, ceiling=80.0, days=21, events=()):
    return build_plan(
        PlanSpec(
            titration=make_titration(protocol),
            start=START,
            ceiling_mg=ceiling,
            horizon_days=days,
            events=tuple(events),
        )
    )


def _doses(plan):
    return [day.dose_mg for day in plan.days]


def _on(day_number):
    """The date of day ``day_number`` of the plan (1-based, as people count)."""
    return START + dt.timedelta(days=day_number - 1)


def test_the_ceiling_cuts_the_protocol_and_the_plan_says_so():
    plan = _plan("ameisen")
    assert _doses(plan)[:12] == [30, 30, 30, 50, 50, 50, 70, 70, 70, 80, 80, 80]
    assert max(_doses(plan)) == 80
    assert plan.capped
    assert plan.capped_from == _on(10)


def test_a_plan_that_stays_under_the_ceiling_is_not_capped():
    plan = _plan("beaurepaire", days=21)
    assert max(_doses(plan)) == 70
    assert not plan.capped


def test_the_default_ceiling_is_the_label_maximum():
    spec = PlanSpec(titration=make_titration("ameisen"), start=START)
    assert spec.ceiling_mg == 80


@pytest.mark.parametrize(
    ("ceiling", "codes"),
    [
        pytest.param(80, [], id="80-none"),
        pytest.param(100, [NoticeCode.PRESCRIBER_ONLY], id="100-prescriber"),
        pytest.param(
            150, [NoticeCode.PRESCRIBER_ONLY, NoticeCode.SPECIALIST_OPINION], id="150-specialist"
        ),
        pytest.param(
            300,
            [
                NoticeCode.PRESCRIBER_ONLY,
                NoticeCode.SPECIALIST_OPINION,
                NoticeCode.COLLEGIAL_OPINION,
            ],
            id="300-collegial",
        ),
    ],
)
def test_a_ceiling_above_80_carries_tiered_notices(ceiling, codes):
    assert [notice.code for notice in _plan(ceiling=ceiling).notices] == codes


@pytest.mark.parametrize(
    ("ceiling", "fragment"),
    [
        pytest.param(301, "hard limit", id="above-300"),
        pytest.param(0, "positive", id="zero"),
        pytest.param(-10, "-10", id="negative"),
        pytest.param(20, "below the first dose", id="below-first-dose"),
    ],
)
def test_it_refuses_impossible_ceilings(ceiling, fragment):
    with pytest.raises(InputError, match=fragment):
        _plan("ameisen", ceiling=ceiling)


def test_a_hold_keeps_the_current_step_n_more_days_then_resumes():
    plan = _plan(events=[PlanEvent(kind=EventKind.HOLD, on=_on(5), days=2)])
    assert _doses(plan)[:10] == [10, 10, 10, 20, 20, 20, 20, 20, 30, 30]


def test_a_step_back_returns_to_the_previous_step_for_a_full_step_then_resumes():
    plan = _plan(events=[PlanEvent(kind=EventKind.STEP_BACK, on=_on(8))])
    assert _doses(plan)[:14] == [10, 10, 10, 20, 20, 20, 30, 20, 20, 20, 30, 30, 30, 40]


def test_effective_dose_reached_stops_the_climb():
    plan = _plan(events=[PlanEvent(kind=EventKind.EFFECTIVE_DOSE, on=_on(11))])
    assert _doses(plan)[9:] == [40] * 12


def test_a_step_back_after_the_effective_dose_returns_to_it_and_no_higher():
    plan = _plan(
        events=[
            PlanEvent(kind=EventKind.EFFECTIVE_DOSE, on=_on(10)),
            PlanEvent(kind=EventKind.STEP_BACK, on=_on(13)),
        ]
    )
    assert _doses(plan)[9:] == [40, 40, 40, 30, 30, 30] + [40] * 6


def test_a_step_back_from_the_ceiling_plateau_lowers_the_dose():
    plan = _plan("ameisen", days=18, events=[PlanEvent(kind=EventKind.STEP_BACK, on=_on(16))])
    assert _doses(plan)[12:] == [80, 80, 80, 70, 70, 70]


def test_a_step_back_on_the_first_step_is_refused():
    with pytest.raises(InputError, match="first step"):
        _plan(events=[PlanEvent(kind=EventKind.STEP_BACK, on=_on(2))])


def test_an_event_before_the_start_is_refused():
    with pytest.raises(InputError, match="before the plan starts"):
        _plan(events=[PlanEvent(kind=EventKind.EFFECTIVE_DOSE, on=_on(0))])


def test_a_hold_needs_at_least_one_day():
    with pytest.raises(InputError, match="1 day"):
        PlanEvent(kind=EventKind.HOLD, on=START, days=0)


def test_a_plan_with_events_survives_a_json_round_trip():
    plan = build_plan(
        PlanSpec(
            titration=make_titration("label", start_mg=20, days_per_step=4),
            start=START,
            ceiling_mg=60,
            horizon_days=40,
            events=(
                PlanEvent(kind=EventKind.HOLD, on=_on(6), days=3),
                PlanEvent(kind=EventKind.STEP_BACK, on=_on(15)),
                PlanEvent(kind=EventKind.EFFECTIVE_DOSE, on=_on(30)),
            ),
        )
    )
    text = json.dumps(plan.to_dict())
    assert Plan.from_dict(json.loads(text)) == plan


def test_a_spec_survives_a_json_round_trip():
    spec = PlanSpec(
        titration=make_titration(
            "custom",
            start_mg=15,
            increment_mg=5,
            days_per_step=2,
            second_increment_mg=10,
            second_increment_from_mg=40,
        ),
        start=START,
        ceiling_mg=120,
        horizon_days=50,
        events=(PlanEvent(kind=EventKind.HOLD, on=_on(3), days=1),),
    )
    assert PlanSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec


def test_the_plan_json_has_the_cli_contract_keys():
    data = _plan("ameisen", days=3).to_dict()
    assert data["protocol"] == "ameisen"
    assert data["ceiling_mg"] == 80
    assert data["days"][0] == {"date": "2026-01-05", "dose_mg": 30}
    assert data["capped"] is False


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        pytest.param({"protocol": "nope"}, "unknown protocol", id="protocol"),
        pytest.param({"protocol": "ameisen", "start": "2026-13-01"}, "2026-13-01", id="date"),
        pytest.param(
            {"protocol": "ameisen", "start": "2026-01-05", "ceiling_mg": "high"},
            "high",
            id="ceiling",
        ),
        pytest.param(
            {"protocol": "ameisen", "start": "2026-01-05", "events": [{"kind": "pause"}]},
            "pause",
            id="event-kind",
        ),
        pytest.param(
            {"protocol": "label", "start": "2026-01-05", "parameters": {"speed": 2}},
            "speed",
            id="parameter",
        ),
        pytest.param(
            {"protocol": "label", "start": "2026-01-05", "parameters": {"days_per_step": 3.5}},
            "3.5",
            id="fractional-days",
        ),
        pytest.param(
            {"protocol": "ameisen", "start": "2026-01-05", "events": {"kind": "hold"}},
            "expected a list",
            id="events-not-a-list",
        ),
    ],
)
def test_a_bad_spec_is_refused_with_the_bad_value_named(data, fragment):
    with pytest.raises(InputError, match=fragment):
        PlanSpec.from_dict(data)


def test_every_bad_field_of_a_spec_is_reported_at_once():
    data = {
        "protocol": "custom",
        "parameters": {"start_mg": "ten", "increment_mg": 5, "days_per_step": 3},
        "start": "2026-02-30",
        "ceiling_mg": True,
        "events": [{"kind": "hold", "date": "2026-03-01", "days": 2}, "step back"],
    }
    with pytest.raises(ValidationError) as raised:
        PlanSpec.from_dict(data)
    assert [error.field for error in raised.value.errors] == [
        "start_mg",
        "start",
        "ceiling_mg",
        "events",
    ]


protocols = st.sampled_from(["ameisen", "beaurepaire", "rtu-2014", "label"])


@given(
    protocol=protocols,
    ceiling=st.integers(min_value=30, max_value=300),
    days=st.integers(min_value=1, max_value=200),
)
def test_without_events_a_plan_never_decreases_and_never_exceeds_the_ceiling(
    protocol, ceiling, days
):
    doses = _doses(_plan(protocol, ceiling=ceiling, days=days))
    assert all(a <= b for a, b in itertools.pairwise(doses))
    assert max(doses) <= ceiling


@given(
    start=st.integers(min_value=1, max_value=30).map(lambda n: n * 5.0),
    increment=st.integers(min_value=1, max_value=8).map(lambda n: n * 5.0),
    step_days=st.integers(min_value=1, max_value=7),
    second=st.one_of(
        st.none(),
        st.tuples(
            st.integers(min_value=1, max_value=8).map(lambda n: n * 5.0),
            st.integers(min_value=1, max_value=100).map(lambda n: n * 2.5),
        ),
    ),
    ceiling=st.integers(min_value=150, max_value=300),
)
def test_a_custom_plan_never_decreases_and_never_exceeds_the_ceiling(
    start, increment, step_days, second, ceiling
):
    titration = make_titration(
        "custom",
        start_mg=start,
        increment_mg=increment,
        days_per_step=step_days,
        second_increment_mg=None if second is None else second[0],
        second_increment_from_mg=None if second is None else second[1],
    )
    spec = PlanSpec(titration=titration, start=START, ceiling_mg=ceiling, horizon_days=120)
    doses = _doses(build_plan(spec))
    assert all(a <= b for a, b in itertools.pairwise(doses))
    assert max(doses) <= ceiling


@given(
    protocol=protocols,
    ceiling=st.integers(min_value=30, max_value=300),
    events=st.lists(
        st.tuples(
            st.integers(min_value=1, max_value=60),
            st.sampled_from(list(EventKind)),
            st.integers(min_value=1, max_value=10),
        ),
        max_size=5,
    ),
)
def test_with_any_events_a_plan_never_exceeds_the_ceiling(protocol, ceiling, events):
    plan_events = [
        PlanEvent(kind=kind, on=_on(day), days=hold if kind is EventKind.HOLD else 0)
        for day, kind, hold in events
    ]
    try:
        outcome: list[float] | str = _doses(
            _plan(protocol, ceiling=ceiling, days=60, events=plan_events)
        )
    except InputError as error:
        outcome = str(error)
    if isinstance(outcome, str):  # a step back on the first step is legitimately refused
        assert "first step" in outcome
    else:
        assert max(outcome) <= ceiling


def _spec(protocol="ameisen", **kwargs):
    return PlanSpec(titration=make_titration(protocol), start=START, **kwargs)


def test_a_step_the_tablets_cannot_make_is_refused_never_rounded():
    # rtu-2014 starts at 15 mg/day: 20 mg tablets make 10 mg steps only.
    with pytest.raises(FieldError) as caught:
        build_plan(_spec("rtu-2014", tablets=TabletSet(strengths_mg=(20,))))
    assert (caught.value.field, caught.value.code) == ("tablets", "not_takeable")
    assert "15 mg" in caught.value.message


def test_a_ceiling_the_tablets_cannot_make_holds_the_largest_takeable_dose_under_it():
    plan = build_plan(_spec(ceiling_mg=75, tablets=TabletSet(strengths_mg=(20,)), horizon_days=30))
    assert max(_doses(plan)) == 70
    assert NoticeCode.TABLETS_ROUND_CEILING in {n.code for n in plan.notices}


@pytest.mark.parametrize(
    ("crcl", "days_per_step"),
    [
        pytest.param(None, 3, id="normal"),
        pytest.param(90, 3, id="90-normal-steps"),
        pytest.param(65, 3, id="65-note-only"),
        pytest.param(59, 4, id="59-longer"),
        pytest.param(40, 4, id="40-longer"),
        pytest.param(20, 5, id="20-longer-still"),
    ],
)
def test_reduced_renal_function_lengthens_the_steps(crcl, days_per_step):
    plan = build_plan(_spec(ceiling_mg=300, crcl_ml_min=crcl, horizon_days=30))
    assert plan.days_per_step == days_per_step
    assert _doses(plan)[: days_per_step + 1] == [30] * days_per_step + [50]


def test_below_60_the_plan_shows_the_renal_ceiling_advice():
    plan = build_plan(_spec(ceiling_mg=300, crcl_ml_min=40))
    advice = [n.message for n in plan.notices if n.code is NoticeCode.RENAL_CEILING_ADVICE]
    assert len(advice) == 1
    assert "Vlavonou" in advice[0]
    assert "150 mg/day" in advice[0]


def test_between_60_and_90_the_plan_carries_an_information_note():
    plan = build_plan(_spec(crcl_ml_min=65))
    assert [n.code for n in plan.notices if n.code.value.startswith("renal")] == [
        NoticeCode.RENAL_MILD
    ]


def test_an_impossible_clearance_names_its_field():
    with pytest.raises(FieldError) as caught:
        PlanSpec.from_dict({**_spec().to_dict(), "crcl_ml_min": -3})
    assert caught.value.field == "crcl_ml_min"


def test_tablets_and_clearance_round_trip_through_json():
    spec = _spec(tablets=TabletSet(strengths_mg=(10, 40)), crcl_ml_min=45.0)
    assert PlanSpec.from_dict(json.loads(json.dumps(spec.to_dict()))) == spec


tablet_sets = st.sampled_from(
    [
        TabletSet(),
        TabletSet(strengths_mg=(10, 20, 30, 40)),
        TabletSet(strengths_mg=(20, 40)),
        TabletSet(strengths_mg=(10,), scored=False),
    ]
)


@settings(max_examples=80, deadline=None)
@given(
    protocol=protocols,
    ceiling=st.integers(min_value=30, max_value=300),
    tablets=tablet_sets,
    crcl=st.one_of(st.none(), st.floats(min_value=5, max_value=150)),
)
def test_every_planned_dose_is_takeable_under_the_ceiling_with_steps_long_enough(
    protocol, ceiling, tablets, crcl
):
    spec = _spec(protocol, ceiling_mg=ceiling, tablets=tablets, crcl_ml_min=crcl, horizon_days=90)
    refusal = None
    try:
        plan = build_plan(spec)
    except FieldError as error:
        refusal = error.code
    if refusal is not None:
        # the protocol needs a dose these tablets cannot make, or starts above the largest
        # dose they make under the ceiling
        assert refusal in ("not_takeable", "below_first_dose")
        return
    doses = _doses(plan)
    assert all(tablets.can_make(dose) for dose in doses)
    assert max(doses) <= ceiling
    assert plan.days_per_step >= spec.titration.days_per_step
    if crcl is not None and crcl < 60:
        assert plan.days_per_step * 24 >= 5 * half_life_h(crcl)
