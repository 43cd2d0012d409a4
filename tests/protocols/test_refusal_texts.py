"""Refusals a person can see are written in both languages by the core (``FieldError.text``):
the French sentence keeps the numbers and dates of the English one, in French form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from baclo.errors import FieldError, ValidationError
from baclo.protocols.ceiling import check_ceiling
from baclo.protocols.course import Course, CourseSpec, TaperRequest
from baclo.protocols.plan import PlanSpec, build_plan
from baclo.protocols.tablets import TabletSet
from baclo.protocols.taper import TaperSpeed, build_taper

START = dt.date(2026, 3, 2)
TAPER = dt.date(2026, 3, 18)


def course() -> Course:
    spec = PlanSpec.from_dict({"protocol": "beaurepaire", "start": START.isoformat()})
    return Course(CourseSpec(plan=spec))


def taper(**request) -> Callable[[], object]:
    fields = {"start": TAPER, "speed": "fast", **request}
    return lambda: course().start_taper(TaperRequest(**fields), today=TAPER)


def step_back_on_the_first_day() -> object:
    events = [{"kind": "step_back", "date": START.isoformat()}]
    spec = PlanSpec.from_dict({"protocol": "ameisen", "start": START.isoformat(), "events": events})
    return build_plan(spec)


REFUSALS = {
    "taper-before-the-plan": (taper(start=START), "02/03/2026"),
    "taper-in-the-past": (
        lambda: course().start_taper(
            TaperRequest(start=TAPER, speed="fast"), today=TAPER + dt.timedelta(days=1)
        ),
        "19/03/2026",
    ),
    "taper-above-the-ceiling": (taper(from_mg=90), "plafond"),
    "no-taper-to-cancel": (lambda: course().stop_taper(today=TAPER), "aucune diminution"),
    "ceiling-above-the-hard-limit": (lambda: check_ceiling(350), "limite absolue"),
    "step-back-on-the-first-step": (step_back_on_the_first_day, "02/03/2026"),
    "taper-step-beyond-the-limits": (
        lambda: build_taper(
            from_mg=80, start=TAPER, speed=TaperSpeed.FAST, step_mg=40, interval_days=14
        ),
        "dépasse les limites",
    ),
    "tablets-cannot-make-a-dose": (
        lambda: TabletSet(strengths_mg=(40.0,), scored=True).check(7.5),
        "7,5 mg",
    ),
}


@pytest.mark.parametrize("name", REFUSALS)
def test_the_refusal_is_written_in_french_too(name) -> None:
    refuse, french = REFUSALS[name]
    with pytest.raises((FieldError, ValidationError)) as caught:
        refuse()
    error = caught.value
    [refusal] = error.errors if isinstance(error, ValidationError) else [error]
    assert refusal.text is not None
    assert refusal.text.en == refusal.message
    assert french in refusal.text.fr
