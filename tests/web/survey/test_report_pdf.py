"""/survey/dashboard/report.pdf: the published report as a PDF, k-anonymous like the page."""

from __future__ import annotations

import pytest

from baclo.stats.synthetic import generate
from baclo.web.survey import pdf
from baclo.web.survey.dataset import store_cohort
from baclo.web.survey.models import Answer, Source
from baclo.web.survey.report import published_report
from tests.web.reports.conftest import choose_language, pdf_text
from tests.wording import french_document_findings

URL = "/survey/dashboard/report.pdf"
RARE = "rare-protocol"


@pytest.fixture
def dataset(ready_made):
    store_cohort(generate(120, seed=5), survey=ready_made, source=Source.IMPORT)
    four = list(Answer.objects.order_by("pk").values_list("pk", flat=True)[:4])
    Answer.objects.filter(pk__in=four).update(protocol=RARE)
    return ready_made


def test_it_sends_a_pdf(analyst_client, dataset):
    response = analyst_client.get(URL, {"survey": dataset.pk})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert f"survey-{dataset.pk}-report-k5.pdf" in response["Content-Disposition"]


def test_the_pdf_page_holds_only_published_groups(dataset):
    html = pdf.render_html(published_report(dataset, 5), title="t", k=5)
    assert RARE not in html
    assert "<th>Ameisen</th>" in html
    assert html.count("data:image/svg+xml;base64,") == 2


def test_fewer_than_k_people_give_a_pdf_that_publishes_nothing(analyst_client, ready_made):
    store_cohort(generate(3, seed=1), survey=ready_made, source=Source.IMPORT)
    html = pdf.render_html(published_report(ready_made, 5), title="t", k=5)
    assert "data:image" not in html
    assert analyst_client.get(URL).content.startswith(b"%PDF-")


@pytest.mark.parametrize("role", ["patient", "prescriber"])
def test_other_roles_get_a_404(client_of, role, dataset):
    assert client_of(role).get(URL).status_code == 404


def test_it_refuses_a_bad_k(analyst_client, dataset):
    assert analyst_client.get(URL, {"k": "2"}).status_code == 422


def test_the_french_pdf_has_no_internal_word_nor_english(analyst_client, dataset):
    choose_language(analyst_client, "fr")
    response = analyst_client.get(URL, {"survey": dataset.pk})
    assert french_document_findings(pdf_text(response.content), "statistics report") == []
