"""GET /api/v1/me: who the caller is, for every role."""

from __future__ import annotations

import pytest

CAST = ["patient", "other_patient", "prescriber", "unlinked_prescriber", "analyst", "staff"]


@pytest.mark.parametrize("role", CAST)
def test_it_describes_the_caller(request, client_of, role):
    user = request.getfixturevalue(role)
    response = client_of(role).get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {
        "id": user.pk,
        "username": user.username,
        "role": user.role,
        "language": "fr",
    }


def test_it_needs_credentials(anonymous_client):
    assert anonymous_client.get("/api/v1/me").status_code == 401


def test_it_refuses_other_methods(patient_client):
    assert patient_client.post("/api/v1/me").status_code == 405
