"""Dark thoughts in the journal open the crisis panel on the very next page
and alert the linked prescriber (and nobody else); sleep attacks add "do not drive"."""

from __future__ import annotations

import pytest
from django.urls import reverse

from baclo.web.safety.models import Alert

from ..conftest import send_json
from .conftest import TODAY

DAY_URL = reverse("journal:day_today")


def post_day(client, **effects: str):
    form = {"intake-0-taken": "on", "intake-0-time": "08:00", "intake-0-dose_mg": "60"}
    form.update({f"effect-{kind}": severity for kind, severity in effects.items()})
    return client.post(DAY_URL, form, follow=True)


def test_saving_dark_thoughts_shows_the_crisis_panel_on_the_next_page(patient_client, plan):
    response = post_day(patient_client, dark_thoughts="1")
    html = response.content.decode()
    assert response.redirect_chain, "the journal page redirects after a save"
    assert 'id="crisis-panel"' in html
    assert "Appelez maintenant" in html, "French by default"
    for number in ("3114", "15", "112"):
        assert f'href="tel:{number}"' in html


def test_the_dark_thoughts_alert_is_urgent_and_visible_to_the_linked_prescriber(
    patient, patient_client, prescriber_client, plan
):
    post_day(patient_client, dark_thoughts="2")
    alert = Alert.objects.get(patient=patient, rule="dark_thoughts")
    assert alert.severity == "urgent"
    page = prescriber_client.get(reverse("safety:patient_alerts", args=[patient.pk]))
    assert page.status_code == 200
    assert f'id="alert-{alert.pk}"' in page.content.decode()
    listing = prescriber_client.get(reverse("care:patients")).content.decode()
    assert "severity urgent" in listing


@pytest.mark.parametrize("intruder", ["unlinked_prescriber", "other_patient", "analyst", "staff"])
def test_nobody_else_sees_the_alert(patient, patient_client, plan, client_of, intruder):
    post_day(patient_client, dark_thoughts="1")
    response = client_of(intruder).get(reverse("safety:patient_alerts", args=[patient.pk]))
    assert response.status_code == 404


def test_an_unlinked_prescriber_cannot_see_the_patient_in_the_triage(
    patient_client, unlinked_prescriber_client, plan
):
    post_day(patient_client, dark_thoughts="1")
    listing = unlinked_prescriber_client.get(reverse("care:patients")).content.decode()
    assert "alice" not in listing


def test_sleep_attacks_say_do_not_drive_on_the_next_page(patient_client, plan):
    html = post_day(patient_client, sleep_attacks="1").content.decode()
    assert 'id="no-driving"' in html
    assert 'id="crisis-panel"' not in html


def test_a_quiet_day_shows_no_alert(patient_client, plan):
    html = post_day(patient_client).content.decode()
    assert 'id="safety-alerts"' not in html


def test_the_api_entry_response_lists_the_alerts_of_that_save(patient_client, plan):
    body = {
        "intakes": [{"time": "08:00", "dose_mg": 60}],
        "side_effects": [{"kind": "dark_thoughts", "severity": 1}],
    }
    response = send_json(patient_client, "PUT", f"/api/v1/journal/{TODAY.isoformat()}", body)
    assert response.status_code == 201
    (alert,) = response.json()["alerts"]
    assert (alert["rule"], alert["severity"], alert["crisis"]) == ("dark_thoughts", "urgent", True)
    assert [r["number"] for r in alert["crisis_resources"]] == ["3114", "15", "112"]


def test_the_patient_can_put_the_panel_away_but_the_prescriber_still_sees_it_open(
    patient, patient_client, prescriber_client, plan
):
    post_day(patient_client, dark_thoughts="1")
    alert = Alert.objects.get(patient=patient)
    patient_client.post(reverse("safety:dismiss", args=[alert.pk]))
    html = patient_client.get(reverse("journal:today")).content.decode()
    assert 'id="crisis-panel"' not in html
    alert.refresh_from_db()
    assert alert.status == "open"
