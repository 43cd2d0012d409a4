"""GET /me/report.pdf: a patient's own report, in their language, not in the access log."""

from __future__ import annotations

import pytest
from django.utils import formats, translation
from django.utils.translation import gettext

from baclo.web.care.models import AccessLog
from tests.web.reports.conftest import choose_language, pdf_text

URL = "/me/report.pdf"


@pytest.mark.parametrize("language", ["en", "fr"])
def test_a_patient_gets_their_report_in_their_language(patient_client, treated, today, language):
    choose_language(patient_client, language)
    response = patient_client.get(URL)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response.content)
    with translation.override(language):
        title = gettext("Treatment report")
        date = formats.date_format(today, "DATE_FORMAT")
    assert title in text
    assert f"{date}" in text
    assert "55" in text
    # The access log answers "who else saw my data": the patient's own download is not in it.
    assert not AccessLog.objects.exists()
    if language == "fr":
        assert (title, date) != ("Treatment report", f"{today:%b}. {today.day}, {today.year}")


@pytest.mark.parametrize("role", ["prescriber", "analyst", "staff"])
def test_other_roles_have_no_own_report(client_of, treated, role):
    assert client_of(role).get(URL).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(anonymous_client):
    response = anonymous_client.get(URL)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_progress_page_links_to_the_report(patient_client, treated):
    assert URL in patient_client.get("/progress/").content.decode()


def test_a_patient_with_no_plan_and_no_entry_still_gets_a_report(patient_client, patient):
    choose_language(patient_client, "en")
    response = patient_client.get(URL)
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "No plan recorded." in text
    assert "No intake planned today: nothing to simulate." in text
