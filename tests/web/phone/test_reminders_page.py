"""The Reminders page (phone.views.page): calendar address with its QR code, e-mail settings."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.phone.models import CalendarFeed, ReminderSettings

URL = reverse("phone:reminders")


def test_it_offers_to_make_a_calendar_address(patient_client: Client) -> None:
    page = patient_client.get(URL).content.decode()
    assert 'id="make-feed"' in page
    assert reverse("phone:download") in page


def test_with_an_address_it_shows_the_webcal_link_and_a_qr_code(
    patient_client: Client, patient
) -> None:
    patient_client.post(reverse("phone:new_feed"))
    token = CalendarFeed.objects.get(patient=patient).token
    page = patient_client.get(URL).content.decode()
    assert f'href="webcal://testserver/calendar/{token}.ics"' in page
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert "<script" not in page.split("<main", 1)[1].split("</main>", 1)[0]


def test_it_saves_the_email_settings(patient_client: Client, patient) -> None:
    response = patient_client.post(
        URL, {"email_enabled": "on", "email": "new@example.org", "minutes_before": "15"}
    )
    assert response.status_code == 302
    settings = ReminderSettings.objects.get(patient=patient)
    assert (settings.email_enabled, settings.minutes_before) == (True, 15)
    patient.refresh_from_db()
    assert patient.email == "new@example.org"


@pytest.mark.parametrize(
    ("post", "field"),
    [
        pytest.param(
            {"email_enabled": "on", "email": "", "minutes_before": "0"}, "email", id="no-address"
        ),
        pytest.param({"email": "not-an-address", "minutes_before": "0"}, "email", id="bad-address"),
        pytest.param({"minutes_before": "999"}, "minutes_before", id="too-early"),
    ],
)
def test_bad_settings_are_refused_with_a_field_error(
    patient_client: Client, patient, post, field
) -> None:
    patient.email = ""
    patient.save()
    response = patient_client.post(URL, post)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not ReminderSettings.objects.exists()


def test_the_menu_leads_to_the_page(patient_client: Client) -> None:
    assert f'href="{URL}"' in patient_client.get(reverse("journal:today")).content.decode()


@pytest.mark.parametrize("client_name", ["prescriber_client", "analyst_client", "staff_client"])
def test_other_roles_get_404(request, client_name: str) -> None:
    client = request.getfixturevalue(client_name)
    assert client.get(URL).status_code == 404
    assert client.post(reverse("phone:new_feed")).status_code == 404
    assert client.get(reverse("phone:download")).status_code == 404
