"""The taper of a web plan (care.services start_taper/cancel_taper, plan_days, today_plan).

Numbers: de Beaurepaire from 2 March 2026 (Association Baclofène 2014 table: +10 mg every 3
days) is 60 mg/day on 17 March; the ``fast`` preset (baclo.protocols.taper) takes 10 mg off
every 7 days from the taper's start, so a taper from 18 March gives 50, 40, 30, 20, 10, 0.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclo.errors import ValidationError
from baclo.web.care import services
from baclo.web.care.models import Plan
from baclo.web.safety.models import Alert

START = dt.date(2026, 3, 2)
TAPER = dt.date(2026, 3, 18)
FAST = {"start": TAPER.isoformat(), "speed": "fast"}


def on(n: int) -> dt.date:
    """``n`` days after the taper's first day."""
    return TAPER + dt.timedelta(days=n)


@pytest.fixture
def plan(patient) -> Plan:
    return services.set_plan(patient, patient, {"protocol": "beaurepaire", "start": "2026-03-02"})[
        0
    ]


def dose(plan: Plan, day: dt.date) -> float:
    return dict(services.plan_days(plan, horizon_days=90))[day]


def fields_of(error: ValidationError) -> set[str]:
    return {e.field for e in error.errors}


def test_a_taper_starts_from_the_dose_of_the_day_before(patient, plan):
    plan = services.start_taper(patient, patient, FAST, today=TAPER)
    [stored] = plan.tapers
    assert (stored["from_mg"], stored["speed"], stored["set_by"]) == (60, "fast", "alice")
    assert [dose(plan, on(7 * k)) for k in range(6)] == [50, 40, 30, 20, 10, 0]
    assert dose(plan, on(-1)) == 60, "the titration up to the day before"
    assert dose(plan, on(60)) == 0, "after the last step, the residual dose (0 here)"


def test_todays_dose_and_intakes_follow_the_taper(patient, plan):
    services.start_taper(patient, patient, FAST, today=TAPER)
    plan.refresh_from_db()
    today = services.today_plan(plan, on(8))
    assert (today["phase"], today["dose_mg"], today["step"]) == ("taper", 40, 1)
    assert sum(i["dose_mg"] for i in today["intakes"]) == 40
    before = services.today_plan(plan, on(-1))
    assert (before["phase"], before["dose_mg"]) == ("titration", 60)


def test_a_custom_taper_uses_its_own_step_and_interval(patient, plan):
    body = {**FAST, "speed": "custom", "step_mg": 5, "interval_days": 14, "to_mg": 40}
    plan = services.start_taper(patient, patient, body, today=TAPER)
    payload = services.plan_payload(plan, TAPER)["taper"]
    assert [s["dose_mg"] for s in payload["steps"]] == [55, 50, 45, 40]
    assert payload["interval_days"] == 14
    assert dose(plan, on(14)) == 50


def test_the_payload_shows_the_domains_withdrawal_warnings_without_storing_alerts(patient, plan):
    plan = services.start_taper(patient, patient, FAST, today=TAPER)
    taper = services.plan_payload(plan, TAPER)["taper"]
    # 10 mg off 30, 20 and 10 mg/day is more than 25 % of the dose (baclo.protocols.taper).
    assert [w["date"] for w in taper["warnings"]] == [
        on(21).isoformat(),
        on(28).isoformat(),
        on(35).isoformat(),
    ]
    assert {w["code"] for w in taper["warnings"]} == {"large_step"}
    assert not Alert.objects.exists()


@pytest.mark.parametrize(
    ("body", "field", "code"),
    [
        pytest.param({"speed": "fast"}, "taper.start", "required", id="no-start"),
        pytest.param({**FAST, "start": "2026-02-30"}, "taper.start", "invalid_date", id="bad-date"),
        pytest.param(
            {**FAST, "start": "2026-03-02"}, "taper.start", "before_plan", id="on-plan-start"
        ),
        pytest.param({**FAST, "speed": "turbo"}, "taper.speed", "choice", id="unknown-speed"),
        pytest.param({**FAST, "step_mg": 5}, "taper.step_mg", "preset", id="preset-with-step"),
        pytest.param(
            {**FAST, "speed": "custom", "step_mg": 5},
            "taper.interval_days",
            "required",
            id="custom-without-interval",
        ),
        pytest.param(
            {**FAST, "speed": "custom", "step_mg": "5", "interval_days": 7},
            "taper.step_mg",
            "type",
            id="text-step",
        ),
        pytest.param(
            {**FAST, "speed": "custom", "step_mg": 5, "interval_days": 1.5},
            "taper.interval_days",
            "type",
            id="fractional-interval",
        ),
        pytest.param(
            {**FAST, "speed": "custom", "step_mg": 0.5, "interval_days": 7},
            "taper.step_mg",
            "range",
            id="step-below-1-mg",
        ),
        pytest.param(
            {**FAST, "speed": "custom", "step_mg": 5, "interval_days": 0},
            "taper.interval_days",
            "range",
            id="zero-interval",
        ),
        pytest.param(
            {**FAST, "to_mg": 60}, "taper.to_mg", "out_of_range", id="residual-not-below-start"
        ),
        pytest.param({**FAST, "to_mg": -5}, "taper.to_mg", "out_of_range", id="negative-residual"),
        pytest.param(
            {**FAST, "from_mg": 90}, "taper.from_mg", "above_ceiling", id="above-the-ceiling"
        ),
        pytest.param({**FAST, "from_mg": True}, "taper.from_mg", "type", id="boolean-dose"),
        pytest.param({**FAST, "every": 3}, "taper.every", "unknown", id="unknown-field"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(patient, plan, body, field, code):
    with pytest.raises(ValidationError) as caught:
        services.start_taper(patient, patient, body, today=TAPER)
    assert (field, code) in {(e.field, e.code) for e in caught.value.errors}
    plan.refresh_from_db()
    assert plan.tapers == []


def test_it_reports_every_bad_field_at_once(patient, plan):
    body = {"start": "soon", "speed": "turbo", "to_mg": "x"}
    with pytest.raises(ValidationError) as caught:
        services.start_taper(patient, patient, body, today=TAPER)
    assert fields_of(caught.value) == {"taper.start", "taper.speed", "taper.to_mg"}


def test_without_a_plan_there_is_nothing_to_taper(patient):
    with pytest.raises(ValidationError) as caught:
        services.start_taper(patient, patient, FAST, today=TAPER)
    assert caught.value.errors[0].code == "no_plan"


def test_a_lower_ceiling_caps_the_taper(patient, prescriber, plan):
    plan = services.start_taper(prescriber, patient, FAST, today=TAPER)
    plan, _ = services.set_plan(prescriber, patient, {"ceiling_mg": 40})
    assert [dose(plan, on(7 * k)) for k in range(3)] == [40, 40, 30]


def test_a_plan_cannot_move_its_start_onto_its_taper(patient, plan):
    services.start_taper(patient, patient, FAST, today=TAPER)
    with pytest.raises(ValidationError) as caught:
        services.set_plan(patient, patient, {"start": TAPER.isoformat()})
    assert caught.value.errors[0].code == "after_taper"


def test_cancelling_a_taper_not_started_removes_it(patient, plan):
    services.start_taper(patient, patient, FAST, today=on(-5))
    plan = services.cancel_taper(patient, patient, today=on(-5))
    assert plan.tapers == []
    assert dose(plan, on(7)) == 80, "the titration again: de Beaurepaire climbs to the ceiling"


def test_stopping_a_taper_under_way_holds_the_dose_of_that_day(patient, plan):
    services.start_taper(patient, patient, FAST, today=TAPER)
    plan = services.cancel_taper(patient, patient, today=on(8))
    assert plan.tapers[0]["stopped_on"] == on(8).isoformat()
    assert [dose(plan, on(n)) for n in (0, 7, 8, 30, 60)] == [50, 40, 40, 40, 40]
    assert services.today_plan(plan, on(30))["dose_mg"] == 40


def test_a_new_taper_after_a_stop_starts_from_the_held_dose_and_keeps_the_past(patient, plan):
    services.start_taper(patient, patient, FAST, today=TAPER)
    services.cancel_taper(patient, patient, today=on(8))
    plan = services.start_taper(
        patient, patient, {"start": on(20).isoformat(), "speed": "slow"}, today=on(10)
    )
    assert [t["from_mg"] for t in plan.tapers] == [60, 40]
    assert [dose(plan, on(n)) for n in (0, 7, 19, 20, 47, 48)] == [50, 40, 40, 30, 30, 20]


def test_a_new_taper_cannot_start_before_the_previous_stop(patient, plan):
    # Whatever ``today`` the caller passes (here a clock behind the stop's): the held days stay.
    services.start_taper(patient, patient, FAST, today=TAPER)
    services.cancel_taper(patient, patient, today=on(8))
    with pytest.raises(ValidationError) as caught:
        services.start_taper(
            patient, patient, {"start": on(5).isoformat(), "speed": "slow"}, today=on(4)
        )
    assert caught.value.errors[0].code == "before_stop"


def test_a_second_taper_waits_until_the_first_is_stopped(patient, plan):
    services.start_taper(patient, patient, FAST, today=TAPER)
    with pytest.raises(ValidationError) as caught:
        services.start_taper(
            patient, patient, {"start": on(3).isoformat(), "speed": "slow"}, today=on(1)
        )
    assert caught.value.errors[0].code == "in_progress"


def test_a_taper_not_started_yet_is_replaced(patient, plan):
    services.start_taper(patient, patient, FAST, today=on(-5))
    plan = services.start_taper(patient, patient, {**FAST, "speed": "slow"}, today=on(-5))
    assert [t["speed"] for t in plan.tapers] == ["slow"]


def test_the_same_request_twice_changes_nothing(patient, prescriber, plan):
    services.start_taper(patient, patient, FAST, today=TAPER)
    plan = services.start_taper(prescriber, patient, FAST, today=TAPER)
    assert len(plan.tapers) == 1


def test_cancelling_without_a_taper_is_refused(patient, plan):
    with pytest.raises(ValidationError) as caught:
        services.cancel_taper(patient, patient, today=TAPER)
    assert caught.value.errors[0].code == "no_taper"


def test_a_stopped_taper_cannot_be_cancelled_again(patient, plan):
    services.start_taper(patient, patient, FAST, today=TAPER)
    services.cancel_taper(patient, patient, today=on(1))
    with pytest.raises(ValidationError):
        services.cancel_taper(patient, patient, today=on(2))


def test_a_taper_two_years_after_the_start_follows_its_own_dates(patient):
    # The titration is computed for 730 days and holds its last dose after that (80, the
    # ceiling, for de Beaurepaire); the taper, from 80 mg/day, takes 10 mg off every 7 days.
    services.set_plan(patient, patient, {"protocol": "beaurepaire", "start": "2024-01-01"})
    plan = services.start_taper(patient, patient, FAST, today=TAPER)
    doses = services.doses_between(plan, on(-1), on(8))
    assert [doses[on(n)] for n in (-1, 0, 6, 7, 8)] == [80, 70, 70, 60, 60]
    assert services.today_plan(plan, on(7))["dose_mg"] == 60


@settings(max_examples=60, deadline=None)
@given(
    ceiling=st.integers(min_value=10, max_value=300),
    from_mg=st.integers(min_value=2, max_value=60).map(lambda n: n * 5),
    to_fraction=st.sampled_from([0, 0.25, 0.5]),
    speed=st.sampled_from(["slow", "fast", "custom"]),
    step_mg=st.sampled_from([5, 10, 15, 20, 40]),
    interval_days=st.integers(min_value=1, max_value=30),
    stop_after=st.none() | st.integers(min_value=0, max_value=200),
)
def test_a_taper_never_goes_above_the_ceiling_nor_up(
    ceiling, from_mg, to_fraction, speed, step_mg, interval_days, stop_after
):
    """Whatever the pace, a stop, or a ceiling lowered under the taper's starting dose after it
    began: no day above the ceiling, and no day above the one before it from the taper's start.
    An unsaved plan: the doses need no database."""
    custom = speed == "custom"
    plan = Plan(
        protocol="beaurepaire",
        start_date=START,
        ceiling_mg=ceiling,
        tapers=[
            {
                "start": TAPER.isoformat(),
                "speed": speed,
                "from_mg": from_mg,
                "to_mg": int(from_mg * to_fraction) // 5 * 5,
                "step_mg": step_mg if custom else None,
                "interval_days": interval_days if custom else None,
                "stopped_on": None if stop_after is None else on(stop_after).isoformat(),
            }
        ],
    )
    doses = services.doses_between(plan, START, on(400))
    assert max(doses.values()) <= ceiling
    tapering = [doses[on(n)] for n in range(401)]
    assert all(later <= earlier for earlier, later in itertools.pairwise(tapering))


@pytest.mark.parametrize(
    ("start", "today"),
    [
        # -10 mg every day from 3 March, asked on 25 November: that day's dose would be 0 at once.
        pytest.param(dt.date(2026, 3, 3), dt.date(2026, 11, 25), id="months-back"),
        pytest.param(on(-1), TAPER, id="yesterday"),
    ],
)
def test_a_taper_cannot_start_in_the_past(patient, plan, start, today):
    body = {"start": start.isoformat(), "speed": "custom", "step_mg": 10, "interval_days": 1}
    with pytest.raises(ValidationError) as caught:
        services.start_taper(patient, patient, body, today=today)
    assert [(e.field, e.code) for e in caught.value.errors] == [("taper.start", "in_past")]
    assert today.isoformat() in caught.value.errors[0].message
    plan.refresh_from_db()
    assert plan.tapers == []


def test_a_new_taper_after_a_stop_cannot_rewrite_the_held_days(patient, plan):
    services.start_taper(patient, patient, FAST, today=TAPER)
    services.cancel_taper(patient, patient, today=on(1))
    with pytest.raises(ValidationError) as caught:
        services.start_taper(patient, patient, {"start": on(1).isoformat()}, today=on(30))
    assert caught.value.errors[0].code == "in_past"
    plan.refresh_from_db()
    assert [t["stopped_on"] for t in plan.tapers] == [on(1).isoformat()]


def test_a_taper_never_starts_above_the_dose_of_the_day_before(patient, plan):
    # De Beaurepaire on 4 March (day 3) is 10 mg/day: from 80, the taper would give 70 on 5 March.
    body = {"start": "2026-03-05", "speed": "slow", "from_mg": 80}
    with pytest.raises(ValidationError) as caught:
        services.start_taper(patient, patient, body, today=dt.date(2026, 3, 4))
    [error] = caught.value.errors
    assert (error.field, error.code) == ("taper.from_mg", "above_current_dose")
    assert "80" in error.message
    assert "10 mg/day on 2026-03-04" in error.message
    plan.refresh_from_db()
    assert plan.tapers == []


@pytest.mark.parametrize("from_mg", [60, 55], ids=["the-dose-of-the-day-before", "below-it"])
def test_a_taper_may_start_from_the_current_dose_or_below(patient, plan, from_mg):
    plan = services.start_taper(patient, patient, {**FAST, "from_mg": from_mg}, today=TAPER)
    assert dose(plan, on(0)) == from_mg - 10


@pytest.mark.parametrize(
    "from_mg",
    # 60 mg/day the day before; fast steps of 10: 50 -> 40 is a 20 mg (33 %) cut, 10 -> 0 a stop
    [50, 10],
    ids=["more-than-25-percent", "near-stop"],
)
def test_a_taper_started_far_below_the_current_dose_is_refused(patient, plan, from_mg):
    with pytest.raises(ValidationError) as caught:
        services.start_taper(patient, patient, {**FAST, "from_mg": from_mg}, today=TAPER)
    [error] = caught.value.errors
    assert (error.field, error.code) == ("taper.from_mg", "abrupt_drop")
    assert "60 mg/day" in error.message
    plan.refresh_from_db()
    assert plan.tapers == []


def at_noon(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


SLOW_20_APRIL = {"start": "2026-04-20", "speed": "slow"}
LATE_START = {"start": "2026-04-10"}


def test_a_plan_change_lowers_the_start_of_a_taper_not_begun(patient, plan):
    # From 2 March the plan reaches 80 by 19 April; from 10 April, de Beaurepaire gives 30 on
    # 18 April and 40 on 19 April (day 10): the taper now starts from 40, not 80, so the dose
    # never goes up on 20 April (the slow preset takes 10 mg off every 28 days).
    services.start_taper(patient, patient, SLOW_20_APRIL, today=START)
    plan, _ = services.set_plan(patient, patient, LATE_START, now=at_noon(START))
    assert plan.tapers[0]["from_mg"] == 40
    doses = services.doses_between(plan, dt.date(2026, 4, 18), dt.date(2026, 4, 21))
    assert list(doses.values()) == [30, 40, 30, 30]


def test_a_plan_change_that_would_make_a_planned_taper_start_with_a_plunge_is_refused(patient):
    # From 10 April the day before the taper (19 April) is at 40, the taper starts from 40; moved
    # back to 2 March the plan is at 80 on 19 April, and the taper's first day would cut 50 mg.
    services.set_plan(patient, patient, {"protocol": "beaurepaire", **LATE_START})
    services.start_taper(patient, patient, SLOW_20_APRIL, today=START)
    with pytest.raises(ValidationError) as caught:
        services.set_plan(patient, patient, {"start": START.isoformat()}, now=at_noon(START))
    [error] = caught.value.errors
    assert (error.field, error.code) == ("plan", "abrupt_drop")
    assert "80 mg/day on 2026-04-19" in error.message


def test_a_plan_change_that_would_raise_the_dose_into_a_begun_taper_is_refused(patient, plan):
    services.start_taper(patient, patient, SLOW_20_APRIL, today=START)
    with pytest.raises(ValidationError) as caught:
        services.set_plan(patient, patient, LATE_START, now=at_noon(dt.date(2026, 4, 25)))
    [error] = caught.value.errors
    assert (error.field, error.code) == ("plan", "below_taper")
    assert "40 mg/day on 2026-04-19" in error.message
    plan.refresh_from_db()
    assert (plan.start_date, plan.tapers[0]["from_mg"]) == (START, 80)


def test_a_plan_change_that_leaves_a_planned_taper_no_room_is_refused(patient, plan):
    # Down to 40 mg/day: from the new 40 mg/day there would be nothing to take off.
    services.start_taper(patient, patient, {**SLOW_20_APRIL, "to_mg": 40}, today=START)
    with pytest.raises(ValidationError) as caught:
        services.set_plan(patient, patient, LATE_START, now=at_noon(START))
    assert caught.value.errors[0].code == "below_taper"
    plan.refresh_from_db()
    assert plan.tapers[0]["from_mg"] == 80


def test_a_split_change_is_not_refused_for_a_taper_stored_before_these_checks(patient, plan):
    # A begun taper from 80 while the plan gave 60 the day before (stored before from_mg was
    # checked): changing the intake times must still work; changing the doses must not.
    stored = services.start_taper(patient, patient, FAST, today=TAPER).tapers
    Plan.objects.filter(pk=plan.pk).update(tapers=[{**stored[0], "from_mg": 80}])
    later = at_noon(on(3))
    plan, _ = services.set_plan(patient, patient, {"split": {"wake": "06:30"}}, now=later)
    assert plan.wake_time == dt.time(6, 30)
    with pytest.raises(ValidationError) as caught:
        services.set_plan(patient, patient, {"ceiling_mg": 70}, now=later)
    assert caught.value.errors[0].code == "below_taper"
