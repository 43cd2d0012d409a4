"""The prescriber's patient list (care.views.patients): linked, consenting patients only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.care.invitations import revoke_link
from baclo.web.care.models import CareLink
from baclo.web.journal.services import save_entry

from .conftest import NOT_PRESCRIBERS, TODAY

URL = reverse("care:patients")


def test_it_lists_linked_patients_with_dose_last_entry_and_trends(
    prescriber_client: Client, patient, plan
) -> None:
    for back, craving in ((1, 3), (9, 7)):
        day = TODAY - dt.timedelta(days=back)
        save_entry(patient, day, {"craving": {"intensity": craving}}, today=day)
    response = prescriber_client.get(URL)
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row["patient"] == patient
    assert row["dose_mg"] == 60
    assert row["last_entry"] == TODAY - dt.timedelta(days=1)
    assert row["craving"] == {"recent": 3, "before": 7, "delta": -4}


def test_the_trends_are_means_of_the_logged_days_of_each_week(
    prescriber_client: Client, patient, plan
) -> None:
    # back: (craving, beers); 6 days back is the oldest of "recent", 7 the newest of "before",
    # 13 the oldest of "before"; 14 days back is left out; a day without craving is not a 0.
    days = {0: (2, 0), 6: (None, 2), 7: (6, 1), 13: (5, 0), 14: (10, 9)}
    for back, (craving, beers) in days.items():
        day = TODAY - dt.timedelta(days=back)
        data = {"drinks": [{"kind": "beer"}] * beers}
        if craving is not None:
            data["craving"] = {"intensity": craving}
        save_entry(patient, day, data, today=day)
    [row] = prescriber_client.get(URL).context["rows"]
    assert row["craving"] == {"recent": 2, "before": 5.5, "delta": -3.5}
    beer_g = 250 * 0.05 * 0.789  # 250 mL at 5 % (baclo.alcohol defaults)
    recent, before = round(beer_g, 1), round(beer_g / 2, 1)
    assert row["alcohol"] == pytest.approx(
        {"recent": recent, "before": before, "delta": round(recent - before, 1)}
    )


def test_it_never_lists_unlinked_or_pending_patients(
    unlinked_prescriber_client: Client, unlinked_prescriber, other_patient, patient
) -> None:
    CareLink.objects.create(patient=other_patient, prescriber=unlinked_prescriber)
    response = unlinked_prescriber_client.get(URL)
    assert response.context["rows"] == []
    assert [link.patient for link in response.context["pending"]] == [other_patient]


def test_a_revoked_patient_disappears(prescriber_client: Client, prescriber, patient) -> None:
    revoke_link(patient, CareLink.objects.get(prescriber=prescriber).pk)
    assert prescriber_client.get(URL).context["rows"] == []


def test_it_rejects_post(prescriber_client: Client) -> None:
    assert prescriber_client.post(URL).status_code == 405


@NOT_PRESCRIBERS
def test_it_is_only_for_prescribers(request: pytest.FixtureRequest, client_name: str) -> None:
    assert request.getfixturevalue(client_name).get(URL).status_code == 404
