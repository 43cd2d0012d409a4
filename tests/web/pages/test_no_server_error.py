"""Every page, every role, odd input: the answer is a page, a redirect or a 4xx, never a 500."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

GARBAGE = [
    {},
    {"action": "accept", "link": "-1", "code": "\x00", "protocol": ["a", "b"]},
    {"ceiling_mg": "1e999", "start": "0000-00-00", "wake": "99:99", "tablets": "NaN"},
    {"craving_set": "on", "craving_intensity": "", "mood_set": "on", "mood": "", "note": "\x00"},
    {"intake-0-taken": "on", "custom-49-volume_ml": "5", "drinks-beer": "9" * 30},
]
ROLES = [
    "anonymous_client",
    "patient_client",
    "other_patient_client",
    "prescriber_client",
    "unlinked_prescriber_client",
    "analyst_client",
    "staff_client",
]


def page_urls(patient) -> list[str]:
    return [
        reverse("home"),
        reverse("register"),
        reverse("journal:today"),
        reverse("journal:day_today"),
        reverse("journal:charts"),
        reverse("journal:planner"),
        reverse("journal:dashboard"),
        reverse("care:plan"),
        reverse("care:sharing"),
        reverse("care:patients"),
        reverse("care:enter_code"),
        reverse("care:patient", args=[patient.pk]),
        reverse("care:patient_plan", args=[patient.pk]),
    ]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("data", GARBAGE, ids=["empty", "odd-types", "odd-plan", "blanks", "big"])
def test_no_page_answers_with_a_server_error(
    request: pytest.FixtureRequest, role: str, data: dict[str, object], patient, prescriber, plan
) -> None:
    client: Client = request.getfixturevalue(role)
    for url in page_urls(patient):
        for method in ("get", "post"):
            response = getattr(client, method)(url, data)
            assert response.status_code < 500, (role, method, url, response.status_code)
