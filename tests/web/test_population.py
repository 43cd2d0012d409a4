"""The synthetic population (``baclo.web.population``): realistic sizes for the load benchmark
and for trying the prescriber's pages with many patients."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse

from baclo.errors import InputError
from baclo.web.accounts.models import Role, User
from baclo.web.care.access import linked_patients
from baclo.web.demo import DEMO_PASSWORD
from baclo.web.journal.models import JournalEntry
from baclo.web.population import (
    PATIENT_PREFIX,
    PRESCRIBER_PREFIX,
    START_SPREAD_DAYS,
    load_population,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 3, 20)
DAYS = 12


@pytest.fixture
def population():
    return load_population(patients=7, days=DAYS, prescribers=3, linked=4, today=TODAY)


def test_it_creates_the_patients_and_prescribers_with_the_demo_password(population) -> None:
    patients = User.objects.filter(username__startswith=PATIENT_PREFIX)
    prescribers = User.objects.filter(username__startswith=PRESCRIBER_PREFIX)
    assert (patients.count(), prescribers.count()) == (7, 3)
    assert set(patients.values_list("role", flat=True)) == {Role.PATIENT}
    assert set(prescribers.values_list("role", flat=True)) == {Role.PRESCRIBER}
    assert authenticate(username=population.first_prescriber, password=DEMO_PASSWORD)
    assert authenticate(username=f"{PATIENT_PREFIX}7", password=DEMO_PASSWORD)


def test_every_patient_keeps_a_journal_up_to_today(population) -> None:
    for patient in User.objects.filter(username__startswith=PATIENT_PREFIX):
        dates = list(JournalEntry.objects.filter(patient=patient).values_list("date", flat=True))
        assert max(dates) == TODAY
        assert DAYS - START_SPREAD_DAYS < len(dates) <= DAYS
        assert len(set(dates)) == len(dates)
    assert JournalEntry.objects.count() == population.journal_days


def test_the_first_prescriber_follows_the_linked_patients(population) -> None:
    first = User.objects.get(username=population.first_prescriber)
    followed = sorted(patient.username for patient in linked_patients(first))
    assert followed == [f"{PATIENT_PREFIX}{number}" for number in range(1, 5)]
    others = User.objects.filter(username__startswith=PRESCRIBER_PREFIX).exclude(pk=first.pk)
    assert sum(len(linked_patients(prescriber)) for prescriber in others) == 3


def test_the_triage_list_shows_the_linked_patients_with_their_dose(population) -> None:
    client = Client()
    client.force_login(User.objects.get(username=population.first_prescriber))
    response = client.get(reverse("care:patients"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert sorted(row["patient"].username for row in rows) == [
        f"{PATIENT_PREFIX}{number}" for number in range(1, 5)
    ]
    assert all(row["dose_mg"] and row["last_entry"] == TODAY for row in rows)


def test_running_it_again_replaces_the_population(population) -> None:
    again = load_population(patients=5, days=DAYS, prescribers=2, linked=2, today=TODAY)
    assert User.objects.filter(username__startswith=PATIENT_PREFIX).count() == 5
    assert User.objects.filter(username__startswith=PRESCRIBER_PREFIX).count() == 2
    assert JournalEntry.objects.count() == again.journal_days


@pytest.mark.parametrize(
    "sizes",
    [
        {"patients": 0, "days": 5, "prescribers": 1, "linked": 0},
        {"patients": 3, "days": 0, "prescribers": 1, "linked": 0},
        {"patients": 3, "days": 5, "prescribers": 0, "linked": 0},
        {"patients": 3, "days": 5, "prescribers": 1, "linked": 4},
        {"patients": 3, "days": 5, "prescribers": 1, "linked": -1},
    ],
    ids=["no patient", "no day", "no prescriber", "more linked than patients", "negative linked"],
)
def test_impossible_sizes_are_refused(sizes) -> None:
    with pytest.raises(InputError):
        load_population(**sizes, today=TODAY)
    assert not User.objects.filter(username__startswith=PATIENT_PREFIX).exists()
