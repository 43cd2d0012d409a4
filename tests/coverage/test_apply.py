"""A timing suggestion goes into the course through its change; a dose suggestion is refused."""

import dataclasses
import datetime as dt

import pytest

from baclo.coverage import Kinetics, Limits, SuggestionKind, suggest
from baclo.coverage.apply import PrescriberDecidesError, apply_timing
from baclo.coverage.limits import limits_from_course
from baclo.protocols.course import Course, CourseSpec, SplitSettings, TaperRequest
from tests.coverage.test_suggest import EVEN_60, habit

START = dt.date(2026, 1, 5)


@pytest.fixture
def course():
    spec = CourseSpec.from_dict({"protocol": "beaurepaire", "start": START.isoformat()})
    return Course(dataclasses.replace(spec, split=SplitSettings(craving_onset=dt.time(19))))


def timing():
    days = [habit(n, 18 * 60 - round(90 * n / 13), EVEN_60) for n in range(14)]
    (suggestion, *_) = suggest(days, Kinetics.population(), Limits(ceiling_mg=80))[0]
    assert suggestion.kind is SuggestionKind.FOLLOW_ONSET
    return suggestion


def test_a_timing_suggestion_moves_the_planned_intakes_before_the_new_onset(course):
    suggestion = timing()
    day = START + dt.timedelta(days=20)
    changed = apply_timing(course, suggestion, today=day)
    assert changed.spec.split.craving_onset == dt.time(16, 30)
    assert changed.dose_on(day) == course.dose_on(day)
    intakes = changed.today(day).intakes.intakes
    assert intakes
    assert all(i.time < dt.time(16, 30) for i in intakes)


def test_a_dose_suggestion_is_for_the_prescriber(course):
    level = dataclasses.replace(timing(), kind=SuggestionKind.REACH_LEVEL)
    with pytest.raises(PrescriberDecidesError) as refused:
        apply_timing(course, level, today=START)
    assert refused.value.code == "prescriber_decides"


def test_during_a_taper_the_course_allows_no_rise(course):
    day = START + dt.timedelta(days=20)
    tapering = course.start_taper(TaperRequest(start=day, speed="slow"), today=day)
    assert limits_from_course(course, day).may_rise
    limits = limits_from_course(tapering, day)
    assert not limits.may_rise
    assert limits.largest_rise_mg() == 0
    assert limits.ceiling_mg == course.ceiling_mg
