"""/survey/<pk>/export.csv: every answer in the cohort CSV contract, readable back."""

from __future__ import annotations

import numpy as np
import pytest

from baclo.stats.csvfile import COLUMNS, read_cohort
from baclo.stats.synthetic import generate
from baclo.web.survey.dataset import store_cohort
from baclo.web.survey.models import Answer, Source

from .conftest import valid_answer


def test_it_exports_the_contract_columns_that_read_back_equal(analyst_client, ready_made):
    cohort = generate(40, seed=3)
    store_cohort(cohort, survey=ready_made, source=Source.IMPORT)
    response = analyst_client.get(f"/survey/{ready_made.pk}/export.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines()[0] == ",".join(COLUMNS)
    back = read_cohort(response.content).cohort
    order = np.argsort(back.ids)
    assert back.ids[order].tolist() == cohort.ids.tolist()
    np.testing.assert_allclose(back.effective_dose_mg[order], cohort.effective_dose_mg, rtol=1e-6)
    np.testing.assert_array_equal(back.outcome_6m[order], cohort.outcome_6m)


def test_free_text_never_leaves_in_the_export(analyst_client, ready_made, anonymous_client):
    anonymous_client.get(f"/s/{ready_made.slug}/")
    anonymous_client.post(f"/s/{ready_made.slug}/", valid_answer(ready_made))
    assert Answer.objects.count() == 1
    body = analyst_client.get(f"/survey/{ready_made.pk}/export.csv").content.decode()
    assert "Merci" not in body
    assert len(body.splitlines()) == 2


@pytest.mark.parametrize("role", ["patient", "prescriber"])
def test_other_roles_get_a_404(client_of, role, ready_made):
    assert client_of(role).get(f"/survey/{ready_made.pk}/export.csv").status_code == 404


def test_it_rejects_a_post(analyst_client, ready_made):
    assert analyst_client.post(f"/survey/{ready_made.pk}/export.csv").status_code == 405
