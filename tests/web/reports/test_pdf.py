"""HTML to PDF: the report fetches nothing outside itself."""

from __future__ import annotations

import pytest
from weasyprint.urls import FatalURLFetchingError

from baclo.web.reports.pdf import html_to_pdf
from tests.web.reports.conftest import pdf_text


def test_embedded_images_are_drawn():
    pixel = (
        "data:image/svg+xml;base64,"
        "PHN2ZyB4bWxucz0naHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmcnIHdpZHRoPScxJyBoZWlnaHQ9JzEnLz4="
    )
    pdf = html_to_pdf(f'<p>45 mg</p><img src="{pixel}">')
    assert "45 mg" in pdf_text(pdf)


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("file:///etc/hostname", id="local-file"),
        pytest.param("http://127.0.0.1:9/secret.png", id="network"),
    ],
)
def test_it_refuses_to_fetch_a_file_or_an_address(url):
    with pytest.raises(FatalURLFetchingError):
        html_to_pdf(f'<img src="{url}">')
