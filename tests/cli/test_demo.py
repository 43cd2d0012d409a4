"""``baclo demo``: three demo accounts and a patient on day 42 of an Ameisen plan, idempotent."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import authenticate

from baclo.web.accounts.models import User
from baclo.web.care.access import linked_patients
from baclo.web.care.services import get_plan, today_plan
from baclo.web.demo import DEMO_PASSWORD
from baclo.web.journal.models import JournalEntry
from baclo.web.journal.services import local_today

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def test_it_creates_the_accounts_and_prints_them(run_cli):
    result = run_cli("demo")
    assert result.exit_code == 0, result.stderr
    for name in ("patient-demo", "prescriber-demo", "association-demo", DEMO_PASSWORD):
        assert name in result.stdout
    for name in ("patient-demo", "prescriber-demo", "association-demo"):
        assert authenticate(username=name, password=DEMO_PASSWORD) is not None


def test_the_patient_is_six_weeks_into_ameisen_with_a_prescriber_ceiling(run_cli):
    run_cli("demo")
    patient = User.objects.get(username="patient-demo")
    prescriber = User.objects.get(username="prescriber-demo")
    assert list(linked_patients(prescriber)) == [patient]
    plan = get_plan(patient)
    assert (plan.protocol, plan.ceiling_mg, plan.ceiling_ack_by) == ("ameisen", 150, prescriber)
    today = today_plan(plan, local_today())
    assert (today["day"], today["dose_mg"]) == (42, 150)
    entries = JournalEntry.objects.filter(patient=patient).order_by("date")
    assert entries.count() == 42
    assert entries.last().date == local_today()


def test_craving_and_drinking_fall_as_the_dose_climbs(run_cli):
    run_cli("demo")
    entries = list(JournalEntry.objects.filter(patient__username="patient-demo").order_by("date"))
    first, last = entries[:14], entries[-14:]

    def mean(rows, attr):
        return sum(getattr(r, attr) for r in rows) / len(rows)

    assert mean(last, "craving_intensity") < mean(first, "craving_intensity") - 3
    assert mean(last, "alcohol_g") < mean(first, "alcohol_g") / 2
    assert any(e.data["side_effects"] for e in entries)


def test_running_it_twice_gives_the_same_data(run_cli):
    def snapshot():
        return [
            (e.date, e.data)
            for e in JournalEntry.objects.filter(patient__username="patient-demo").order_by("date")
        ]

    run_cli("demo")
    first = snapshot()
    assert run_cli("demo").exit_code == 0
    assert snapshot() == first
    assert User.objects.filter(username__endswith="-demo").count() == 3


def test_the_association_gets_the_ready_made_survey_with_synthetic_answers(run_cli):
    from baclo.web.survey.models import Survey
    from baclo.web.survey.ready_made import DEMO_ANSWERS, READY_MADE_KEY, SYNTHETIC_ID_PREFIX

    run_cli("demo")
    run_cli("demo")
    survey = Survey.objects.get(key=READY_MADE_KEY, created_by__username="association-demo")
    answers = survey.answers.all()
    assert answers.count() == DEMO_ANSWERS
    assert all(ref.startswith(SYNTHETIC_ID_PREFIX) for ref in answers.values_list("ref", flat=True))


def test_the_demo_password_is_refused_by_the_password_rules_outside_the_demo():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        validate_password(DEMO_PASSWORD)
    assert "password_is_demo" in {error.code for error in refused.value.error_list}


def test_population_adds_synthetic_patients_and_prescribers(run_cli):
    from baclo.web.population import PATIENT_PREFIX, PRESCRIBER_PREFIX

    result = run_cli(
        "demo", "--population", "4", "--days", "6", "--prescribers", "2", "--linked", "3"
    )
    assert result.exit_code == 0, result.stderr
    assert "Population: 4 patients" in result.stdout
    assert "3 followed by load-prescriber-1" in result.stdout
    assert User.objects.filter(username__startswith=PATIENT_PREFIX).count() == 4
    assert User.objects.filter(username__startswith=PRESCRIBER_PREFIX).count() == 2
    assert User.objects.filter(username__endswith="-demo").count() == 3


@pytest.mark.parametrize(
    "option",
    [("--population", "-1"), ("--days", "0"), ("--prescribers", "0")],
    ids=["negative population", "no day", "no prescriber"],
)
def test_population_sizes_out_of_range_exit_2_with_one_line(run_cli, option):
    result = run_cli("demo", "--population", "2", *option)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert option[0] in result.stderr
    assert not User.objects.filter(username__startswith="load-").exists()


def test_population_run_twice_leaves_one_population(run_cli):
    sizes = ("--population", "5", "--days", "10", "--prescribers", "2", "--linked", "3")
    first = run_cli("demo", *sizes)
    again = run_cli("demo", *sizes)
    assert (first.exit_code, again.exit_code) == (0, 0)
    assert first.stdout == again.stdout
    patients = User.objects.filter(username__startswith="load-patient-")
    assert patients.count() == 5
    days = re.search(r"Population: 5 patients \((\d+) journal days\)", again.stdout)
    assert days is not None
    assert JournalEntry.objects.filter(patient__in=patients).count() == int(days[1])
