"""The consultation report reads as a person reads it: no internal word, code or ISO date, and
no English in a French report except its references, which keep their own language."""

from __future__ import annotations

from tests.web.reports.conftest import choose_language, pdf_text
from tests.wording import french_document_findings


def test_the_french_consultation_report_has_no_internal_word_nor_english(
    prescriber_client, treated
):
    choose_language(prescriber_client, "fr")
    response = prescriber_client.get(f"/patients/{treated.pk}/report.pdf")
    assert response.status_code == 200
    assert french_document_findings(pdf_text(response.content), "patient report") == []
