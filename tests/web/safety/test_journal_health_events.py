"""The journal page records fluid losses and new medicines (health events) for the kidney rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from baclo.errors import ValidationError
from baclo.web.journal.models import JournalEntry
from baclo.web.safety.models import Alert

from .conftest import TODAY, entry, save

pytestmark = pytest.mark.django_db

URL = reverse("journal:day_today")
DAY = {
    "intake-0-taken": "on",
    "intake-0-time": "08:00",
    "intake-0-dose_mg": "80",
    "health-vomiting": "on",
    "health-diarrhoea": "on",
}


def test_ticked_events_are_saved_with_the_day(patient, patient_client):
    patient_client.post(URL, DAY)
    saved = JournalEntry.objects.get(patient=patient, date=TODAY)
    assert saved.data["health_events"] == ["vomiting", "diarrhoea"]


def test_the_page_shows_the_saved_events_ticked(patient, patient_client):
    save(patient, entry(dose=80, health_events=["new_nsaid"]))
    html = patient_client.get(URL).content.decode()
    assert 'name="health-new_nsaid" id="health-new_nsaid" checked' in html
    assert 'name="health-vomiting" id="health-vomiting">' in html


def test_a_second_day_of_losses_at_80_mg_raises_the_kidney_warning(patient, patient_client):
    save(patient, entry(dose=80, health_events=["vomiting"]), TODAY - dt.timedelta(days=1))
    response = patient_client.post(URL, DAY, follow=True)
    assert Alert.objects.filter(patient=patient, rule="kidney_risk").exists()
    assert 'data-rule="kidney_risk"' in response.content.decode()


def test_an_unknown_event_is_refused_by_name(patient):
    with pytest.raises(ValidationError, match="health_events"):
        save(patient, entry(health_events=["headache"]))
