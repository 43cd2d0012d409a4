"""The patient's tablets in the treatment course (baclo.protocols.course): every dose the course
proposes, titration and tapers, is made of whole or half tablets of the patient's strengths.

Numbers: de Beaurepaire from 2 March 2026 (+10 mg every 3 days) is 60 mg/day on 17 March; a
custom protocol from 20 mg, +20 mg every 3 days, reaches the 80 mg/day ceiling on 11 March.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from baclo.errors import InputError
from baclo.protocols.course import (
    LEGACY_TABLETS,
    Course,
    CourseSpec,
    NotTakeableError,
    TaperRequest,
)
from baclo.protocols.tablets import TabletSet

START = dt.date(2026, 3, 2)
TAPER = dt.date(2026, 3, 18)
BY_TWENTY = {
    "protocol": "custom",
    "parameters": {"start_mg": 20, "increment_mg": 20, "days_per_step": 3},
}


def course(tablets: list[float] | dict, protocol: dict | None = None, **fields) -> Course:
    data = {
        "start": START.isoformat(),
        "tablets": tablets,
        **(protocol or {"protocol": "beaurepaire"}),
    }
    return Course(CourseSpec.from_dict({**data, **fields}))


def with_tablets(tapering: Course, strengths: tuple[float, ...]) -> Course:
    plan = dataclasses.replace(tapering.spec.plan, tablets=TabletSet(strengths_mg=strengths))
    return tapering.change(today=TAPER + dt.timedelta(days=1), plan=plan)


def custom(step_mg: float, interval_days: int = 7, to_mg: float = 0.0) -> TaperRequest:
    return TaperRequest(
        start=TAPER, speed="custom", step_mg=step_mg, interval_days=interval_days, to_mg=to_mg
    )


def taper_doses(tapering: Course) -> list[float]:
    return [step.dose_mg for step in tapering.tapers[-1].taper.steps]


@pytest.mark.parametrize(
    "request_",
    [
        pytest.param(TaperRequest(start=TAPER, speed="fast"), id="fast"),
        pytest.param(TaperRequest(start=TAPER, speed="slow"), id="slow"),
        pytest.param(custom(10, 3), id="custom-10-every-3-days"),
    ],
)
def test_a_taper_for_20_mg_tablets_has_only_whole_or_half_20_mg_doses(request_):
    tapering = course([20], ceiling_mg=120).start_taper(request_, today=TAPER)
    doses = taper_doses(tapering)
    assert all(dose % 10 == 0 for dose in doses), doses
    assert tapering.tapers[0].taper.tablets == TabletSet(strengths_mg=(20,))
    stored = CourseSpec.from_dict(
        {
            "protocol": "beaurepaire",
            "start": START.isoformat(),
            "ceiling_mg": 120,
            "tablets": [20],
            "tapers": [t.to_dict() for t in tapering.tapers],
        }
    )
    assert stored.tapers[0].taper.tablets == TabletSet(strengths_mg=(20,))
    assert [s.dose_mg for s in stored.tapers[0].taper.steps] == doses


def test_a_taper_step_the_20_mg_tablets_cannot_make_is_refused():
    with pytest.raises(InputError) as caught:
        course([20]).start_taper(custom(15), today=TAPER)
    assert caught.value.code == "not_takeable"


def test_new_tablets_remake_the_tapers_of_the_course_with_them():
    tapering = course([10]).start_taper(TaperRequest(start=TAPER, speed="fast"), today=TAPER)
    changed = with_tablets(tapering, (20,))
    assert changed.tapers[0].taper.tablets == changed.tablets
    assert all(changed.tablets.can_make(dose) for _, dose in changed.days(120))


def test_new_tablets_that_cannot_make_a_coming_taper_dose_are_refused():
    # 60 -> 45 -> 30 in 15 mg steps: 45 mg is not made of whole or half 20 mg tablets.
    tapering = course([10]).start_taper(custom(15), today=TAPER)
    with pytest.raises(NotTakeableError) as caught:
        with_tablets(tapering, (20,))
    assert (caught.value.field, caught.value.code) == ("tablets", "not_takeable")
    assert "45 mg/day on 2026-03-18" not in caught.value.message, "the past is not checked"
    assert "45 mg/day on 2026-03-19" in caught.value.message
    assert "45 mg/jour le 19/03/2026" in caught.value.text.fr


def test_new_tablets_are_accepted_once_the_taper_doses_they_cannot_make_are_past():
    tapering = course([10]).start_taper(custom(15, to_mg=30), today=TAPER)
    assert taper_doses(tapering) == [45, 35, 30]
    later = TAPER + dt.timedelta(days=14)
    plan = dataclasses.replace(tapering.spec.plan, tablets=TabletSet(strengths_mg=(20,)))
    changed = tapering.change(today=later, plan=plan)
    assert changed.dose_on(later) == 30
    assert changed.untakeable_from(later) is None


def stored_taper(tablets: list[float]) -> Course:
    """A fast taper (-10 mg a week) stored before the patient's tablets were in the course."""
    taper = {"start": TAPER.isoformat(), "speed": "fast", "from_mg": 80, "to_mg": 0}
    return course(tablets, BY_TWENTY, tapers=[taper])


def test_a_stored_taper_the_tablets_cannot_make_keeps_the_doses_it_was_planned_with():
    legacy = stored_taper([40])
    [taper] = legacy.tapers
    assert taper.taper.tablets == LEGACY_TABLETS
    assert legacy.dose_on(TAPER) == 70
    assert legacy.untakeable_from(TAPER) == (TAPER, 70)


def test_a_stored_dose_the_tablets_cannot_make_has_no_intakes_and_says_why():
    day = stored_taper([40]).today(TAPER)
    assert (day.dose_mg, day.intakes.intakes) == (70, ())
    assert "70 mg cannot be made of whole or half tablets of 40 mg" in day.intakes.warnings[0]


def test_a_plan_change_is_refused_while_a_stored_taper_gives_doses_the_tablets_cannot_make():
    legacy = stored_taper([40])
    with pytest.raises(NotTakeableError):
        legacy.change(today=TAPER, plan=legacy.spec.plan)
    fixed = dataclasses.replace(legacy.spec.plan, tablets=TabletSet(strengths_mg=(10, 40)))
    assert legacy.change(today=TAPER, plan=fixed).untakeable_from(TAPER) is None


def test_a_stored_taper_kept_with_other_tablets_shows_its_steps_in_the_patients_tablets():
    legacy = stored_taper([40])
    summary = legacy.tapers[0].summary(TAPER, tablets=legacy.tablets)
    assert summary["tablets"] == {"strengths_mg": [40], "scored": True}
    shown = {step["dose_mg"]: step["tablets"] for step in summary["steps"]}
    assert (shown[70], shown[60], shown[40], shown[0]) == (
        None,
        "1½ × 40 mg",
        "1 × 40 mg",
        "no tablet",
    )


def test_without_a_craving_onset_a_high_dose_still_has_its_even_intakes():
    # The targeted search around a made-up 15:00 onset has no time for 250 mg; the even split
    # (all the course uses without an onset) spreads it over the day.
    planned = course([10], ceiling_mg=300).intakes(250)
    assert planned.split == "even"
    assert sum(intake.dose_mg for intake in planned.intakes) == 250


def test_a_third_of_the_dose_the_tablets_cannot_make_does_not_refuse_the_split():
    # Unscored 20 and 25 mg tablets: doses go in 5 mg units, but 20 mg is one 20 mg tablet.
    unscored = {"strengths_mg": [20, 25], "scored": False}
    planned = course(unscored, BY_TWENTY, ceiling_mg=300).intakes(20)
    assert [intake.dose_mg for intake in planned.intakes] == [20]


def test_a_stored_taper_the_tablets_make_is_not_a_legacy_one():
    assert stored_taper([20]).tapers[0].taper.tablets == TabletSet(strengths_mg=(20,))


STRENGTHS = st.lists(st.sampled_from([10, 20, 25, 30, 40]), min_size=1, max_size=3, unique=True)


@st.composite
def tablet_sets(draw) -> TabletSet:
    return TabletSet(strengths_mg=tuple(draw(STRENGTHS)), scored=draw(st.booleans()))


@st.composite
def courses(draw) -> tuple[Course, dt.date]:
    """A course of any tablets (a titration in 20 or 40 mg steps), a taper of any pace,
    maybe stopped then followed by another, maybe the tablets changed while it goes on. Returns
    the course and the first day from which its doses are the course's proposal."""
    tablets = draw(tablet_sets())
    first = draw(st.sampled_from([20, 40]))
    increment = draw(st.sampled_from([20, 40]))
    data = {
        "protocol": "custom",
        "parameters": {"start_mg": first, "increment_mg": increment, "days_per_step": 3},
        "start": START.isoformat(),
        "ceiling_mg": draw(st.integers(min_value=int(first) + 1, max_value=300)),
        "tablets": tablets.to_dict(),
    }
    try:
        base = Course(CourseSpec.from_dict(data))
        base.titration()
    except InputError:
        return course([10]), START  # tablets that cannot make the protocol are refused
    taper_day = START + dt.timedelta(days=draw(st.integers(min_value=1, max_value=60)))
    speed = draw(st.sampled_from(["slow", "fast", "custom"]))
    step = tablets.step_mg * draw(st.integers(min_value=1, max_value=4))
    request = TaperRequest(
        start=taper_day,
        speed=speed,
        step_mg=step if speed == "custom" else None,
        interval_days=draw(st.integers(min_value=2, max_value=21)) if speed == "custom" else None,
    )
    try:
        tapering = base.start_taper(request, today=taper_day)
    except InputError:
        return base, START
    since = START
    stop_after = draw(st.none() | st.integers(min_value=0, max_value=90))
    if stop_after is not None:
        stop = taper_day + dt.timedelta(days=stop_after)
        tapering = tapering.stop_taper(today=stop)
        second = TaperRequest(start=stop + dt.timedelta(days=draw(st.integers(0, 20))))
        with contextlib.suppress(InputError):
            tapering = tapering.start_taper(second, today=second.start)
    new_tablets = draw(st.none() | tablet_sets())
    if new_tablets is not None:
        change_day = taper_day + dt.timedelta(days=draw(st.integers(min_value=0, max_value=30)))
        plan = dataclasses.replace(tapering.spec.plan, tablets=new_tablets)
        with contextlib.suppress(InputError):
            tapering, since = tapering.change(today=change_day, plan=plan), change_day
    return tapering, since


@settings(max_examples=150, deadline=None)
@given(drawn=courses())
def test_every_dose_of_the_course_titration_and_tapers_is_made_of_the_tablets(drawn):
    proposed, since = drawn
    days = [(day, dose) for day, dose in proposed.days(400) if day >= since]
    assert all(proposed.tablets.can_make(dose) for _, dose in days)
    assert max((dose for _, dose in days), default=0) <= proposed.ceiling_mg
    # Each intake of a split too (a search over intake times: a sample of the doses suffices);
    # a dose the split cannot spread has no intake and says why, it is never planned silently.
    for dose in sorted({dose for _, dose in days if dose > 0})[::4]:
        planned = proposed.intakes(dose)
        assert all(proposed.tablets.can_make(intake.dose_mg) for intake in planned.intakes)
        if planned.intakes:
            assert sum(intake.dose_mg for intake in planned.intakes) == pytest.approx(dose)
        else:
            assert planned.warnings
