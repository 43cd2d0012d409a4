"""The taper of a stored plan (care.services start_taper/cancel_taper, set_plan): what is
stored, who set it, and that a refusal saves nothing. The taper's rules themselves are the
course's, tested without a database in tests/protocols/test_course.py.

Numbers: de Beaurepaire from 2 March 2026 (Association Baclofène 2014 table: +10 mg every 3
days) is 60 mg/day on 17 March; the ``fast`` preset (baclo.protocols.taper) takes 10 mg off
every 7 days from the taper's start, so a taper from 18 March gives 50, 40, 30, 20, 10, 0.
"""

from __future__ import annotations

import datetime as dt

import pytest

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
    return services.course_of(plan).dose_on(day)


def fields_of(error: ValidationError) -> set[str]:
    return {e.field for e in error.errors}


def test_a_taper_starts_from_the_dose_of_the_day_before(patient, plan):
    plan = services.start_taper(patient, patient, FAST, today=TAPER)
    [stored] = plan.tapers
    assert (stored["from_mg"], stored["speed"], stored["set_by"]) == (60, "fast", "alice")
    assert [dose(plan, on(7 * k)) for k in range(6)] == [50, 40, 30, 20, 10, 0]
    assert dose(plan, on(-1)) == 60, "the titration up to the day before"
    assert dose(plan, on(60)) == 0, "after the last step, the residual dose (0 here)"


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
            "not_takeable",
            id="step-the-tablets-cannot-make",
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
        pytest.param(
            {**FAST, "start": "2026-03-17"}, "taper.start", "in_past", id="starts-yesterday"
        ),
        pytest.param(
            {**FAST, "from_mg": 70}, "taper.from_mg", "above_current_dose", id="above-60-mg"
        ),
        pytest.param({**FAST, "from_mg": 10}, "taper.from_mg", "abrupt_drop", id="plunge"),
    ],
)
def test_it_refuses_bad_input_and_saves_nothing(patient, plan, body, field, code):
    with pytest.raises(ValidationError) as caught:
        services.start_taper(patient, patient, body, today=TAPER)
    assert (field, code) in {(e.field, e.code) for e in caught.value.errors}
    plan.refresh_from_db()
    assert plan.tapers == []


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


def test_the_same_request_twice_changes_nothing(patient, prescriber, plan):
    services.start_taper(patient, patient, FAST, today=TAPER)
    plan = services.start_taper(prescriber, patient, FAST, today=TAPER)
    assert len(plan.tapers) == 1


def test_cancelling_without_a_taper_is_refused(patient, plan):
    with pytest.raises(ValidationError) as caught:
        services.cancel_taper(patient, patient, today=TAPER)
    assert caught.value.errors[0].code == "no_taper"


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
    doses = services.course_of(plan).doses(dt.date(2026, 4, 18), dt.date(2026, 4, 21))
    assert list(doses.values()) == [30, 40, 30, 30]


def test_a_plan_change_that_would_raise_the_dose_into_a_begun_taper_is_refused(patient, plan):
    services.start_taper(patient, patient, SLOW_20_APRIL, today=START)
    with pytest.raises(ValidationError) as caught:
        services.set_plan(patient, patient, LATE_START, now=at_noon(dt.date(2026, 4, 25)))
    [error] = caught.value.errors
    assert (error.field, error.code) == ("plan", "below_taper")
    assert "40 mg/day on 2026-04-19" in error.message
    plan.refresh_from_db()
    assert (plan.start_date, plan.tapers[0]["from_mg"]) == (START, 80)


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


def test_new_tablets_that_cannot_make_the_coming_taper_doses_are_refused_and_nothing_saved(
    patient, plan
):
    # 60 -> 45 -> 35 in 15 mg steps: 20 mg tablets make 10 mg steps only.
    custom = {"start": TAPER.isoformat(), "speed": "custom", "step_mg": 15, "interval_days": 7}
    services.start_taper(patient, patient, custom, today=TAPER)
    with pytest.raises(ValidationError) as caught:
        services.set_plan(patient, patient, {"tablets": [20]}, today=on(1))
    assert [(e.field, e.code) for e in caught.value.errors] == [("tablets", "not_takeable")]
    assert Plan.objects.get(patient=patient).tablets == [10]


def test_new_tablets_remake_the_taper_with_them(patient, plan):
    services.start_taper(patient, patient, FAST, today=TAPER)
    plan, _ = services.set_plan(patient, patient, {"tablets": [20]}, today=on(1))
    course = services.course_of(plan)
    assert course.tapers[0].taper.tablets == course.tablets
    assert all(course.tablets.can_make(d) for d in course.doses(TAPER, on(60)).values())


def test_a_taper_stored_for_other_tablets_stays_readable_and_its_untakeable_days_say_why(patient):
    # 10 mg steps stored before the patient's tablets were part of the course, for a patient on
    # 40 mg tablets (half tablets: 20 mg steps).
    stored = {"start": TAPER.isoformat(), "speed": "fast", "from_mg": 80, "to_mg": 0}
    plan = Plan.objects.create(
        patient=patient,
        protocol="custom",
        params={"start_mg": 20, "increment_mg": 20, "days_per_step": 3},
        start_date=START,
        tablets=[40],
        tapers=[stored],
    )
    assert services.readable_plan(patient) == plan
    today = services.today_plan(plan, TAPER)
    assert (today["dose_mg"], today["intakes"]) == (70, [])
    assert "70 mg cannot be made" in today["split_warnings"][0]
    steps = services.plan_payload(plan, TAPER)["taper"]["steps"]
    assert [(s["dose_mg"], s["tablets"]) for s in steps[:2]] == [(70, None), (60, "1½ × 40 mg")]
    with pytest.raises(ValidationError) as caught:
        services.set_plan(patient, patient, {"ceiling_mg": 80}, today=TAPER)
    assert caught.value.errors[0].code == "not_takeable"
    services.set_plan(patient, patient, {"tablets": [10, 40]}, today=TAPER)
    assert services.today_plan(Plan.objects.get(patient=patient), TAPER)["intakes"]
