"""GET /patients/<id>/report.pdf: the consultation report for a linked prescriber."""

from __future__ import annotations

import pytest
from django.utils import timezone

from baclo.web.care.models import AccessAction, AccessLog, CareLink, LinkStatus
from tests.web.reports.conftest import choose_language, pdf_text


def url(patient_id: int) -> str:
    return f"/patients/{patient_id}/report.pdf"


def test_a_linked_prescriber_gets_the_pdf_and_the_download_is_logged(
    prescriber_client, prescriber, treated
):
    choose_language(prescriber_client, "en")
    response = prescriber_client.get(url(treated.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    assert "alice" in text
    # Logged doses (conftest: 55 mg twice, then 65 mg), today's planned 40 mg, the 80 mg ceiling.
    assert "55" in text
    assert "65" in text
    assert "day 10: 40 mg/day" in text
    assert "80 mg/day" in text
    assert "baclo assists; it does not prescribe." in text
    log = AccessLog.objects.get(patient=treated)
    assert (log.actor, log.action, log.path) == (prescriber, AccessAction.EXPORT, url(treated.pk))


@pytest.mark.parametrize("role", ["unlinked_prescriber", "other_patient", "analyst", "staff"])
def test_anyone_else_gets_a_404_and_nothing_is_logged(client_of, treated, role):
    response = client_of(role).get(url(treated.pk))
    assert response.status_code == 404
    assert not AccessLog.objects.filter(patient=treated).exists()


def test_a_revoked_link_gives_a_404(prescriber_client, prescriber, treated):
    CareLink.objects.filter(prescriber=prescriber).update(
        status=LinkStatus.REVOKED, revoked_at=timezone.now()
    )
    assert prescriber_client.get(url(treated.pk)).status_code == 404


def test_an_unknown_patient_gives_a_404(prescriber_client, treated):
    assert prescriber_client.get(url(treated.pk + 1000)).status_code == 404


def test_the_patient_uses_their_own_address_not_this_one(patient_client, treated):
    assert patient_client.get(url(treated.pk)).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(anonymous_client, treated):
    response = anonymous_client.get(url(treated.pk))
    assert response.status_code == 302
    assert "login" in response["Location"]


@pytest.mark.parametrize(
    ("query", "named"),
    [
        pytest.param("from=yesterday", "from", id="malformed"),
        pytest.param("to=2999-01-01", "to", id="future"),
        pytest.param("from=2026-03-01&to=2026-02-01", "from", id="reversed"),
        pytest.param("from=2024-01-01&to=2026-01-01", "from", id="too-long"),
    ],
)
def test_a_bad_period_gives_a_400_naming_it(prescriber_client, treated, query, named):
    response = prescriber_client.get(f"{url(treated.pk)}?{query}")
    assert response.status_code == 400
    assert named in response.content.decode()


def test_it_rejects_post(prescriber_client, treated):
    assert prescriber_client.post(url(treated.pk)).status_code == 405


def test_the_patient_page_links_to_the_report(prescriber_client, treated):
    page = prescriber_client.get(f"/patients/{treated.pk}/")
    assert url(treated.pk) in page.content.decode()
