"""The rules read the course every page shows, at the clearance the patient declared.

``build_state`` reads the declared clearance from the health profile it reads anyway, instead of
asking the course's clearance reader again: over random journals and clearances, its planned
doses, intake times, tablets and phase are those of ``care.services.course_of`` (the pages'
course), and the alerts that fire are those of a state built that way.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baclo import safety
from baclo.journal import SideEffectKind, parse_entry
from baclo.safety.state import LOOKBACK_DAYS
from baclo.web.accounts.models import User
from baclo.web.care import services as care_services
from baclo.web.care.models import Plan
from baclo.web.journal.services import save_entry
from baclo.web.safety import services
from baclo.web.safety.models import HealthProfile

from .conftest import TODAY, entry

FIRST = TODAY - dt.timedelta(days=LOOKBACK_DAYS - 1)

#: No profile, a profile without a clearance, or a declared clearance (normal, mild, moderate,
#: severe: the course's steps lengthen below 60 mL/min).
clearances = st.one_of(
    st.just("no profile"), st.none(), st.sampled_from([95.0, 75.0, 45.0, 25.0, 12.0])
)
days = st.dictionaries(
    st.integers(0, LOOKBACK_DAYS - 1),
    st.tuples(
        st.sampled_from([0, 10, 30, 60, 90]),
        st.dictionaries(st.sampled_from(list(SideEffectKind)), st.integers(0, 3), max_size=3),
    ),
    max_size=LOOKBACK_DAYS,
)


def _pages_state(patient: User, plan: Plan, journal: dict[dt.date, dict]) -> safety.PatientState:
    """The state as the pages see the patient: the journal as saved, the course of
    ``course_of``; the other facts (questionnaires, prescriber) from ``build_state``."""
    course = care_services.course_of(plan)
    doses = course.doses(FIRST, TODAY)
    return dataclasses.replace(
        services.build_state(patient, TODAY),
        entries=[parse_entry(data, entry_date=day) for day, data in journal.items()],
        crcl_ml_min=care_services.declared_clearance(patient.pk),
        plan_doses=doses,
        phase=services._PHASES[course.phase_on(TODAY)],
        tablets=course.tablets,
        usual_intake_times=[intake.time for intake in course.intakes(doses[TODAY]).intakes],
    )


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(crcl=clearances, logged=days)
def test_the_rules_see_the_pages_course_and_raise_the_same_alerts(
    patient: User, plan: Plan, crcl: float | str | None, logged: dict
) -> None:
    with transaction.atomic():
        if crcl != "no profile":
            HealthProfile.objects.create(patient=patient, crcl_ml_min=crcl)
        journal = {}
        for back, (dose, effects) in sorted(logged.items()):
            day = TODAY - dt.timedelta(days=back)
            journal[day] = entry(dose=dose, effects=effects)
            # Each day saved on that day (older days are past the edit window), rules run.
            save_entry(patient, day, journal[day], today=day)
        state = services.build_state(patient, TODAY)
        reference = _pages_state(patient, plan, journal)
        assert state == dataclasses.replace(reference, entries=state.entries)
        assert sorted(state.entries, key=lambda e: e.date) == sorted(
            reference.entries, key=lambda e: e.date
        )
        fired = services.run_rules(patient, TODAY)
        assert {row.key for row in fired} == {alert.key for alert in safety.evaluate(reference)}
        transaction.set_rollback(True)
