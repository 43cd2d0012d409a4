"""/survey/dashboard/ and its CSV export: published (k-anonymous) statistics only."""

from __future__ import annotations

import csv
import io

import pytest
from django.utils import translation

from baclo.stats.synthetic import generate
from baclo.web.survey.dataset import store_cohort
from baclo.web.survey.models import Answer, Source
from baclo.web.survey.templatetags.survey_report import pvalue

URL = "/survey/dashboard/"
CSV_URL = "/survey/dashboard/report.csv"
RARE = "rare-protocol"


@pytest.fixture
def dataset(ready_made):
    """200 synthetic people, then 4 of them moved to a protocol and a sex nobody else has."""
    store_cohort(generate(200, seed=11), survey=ready_made, source=Source.IMPORT)
    Answer.objects.filter(sex=2).update(sex=0)
    four = list(Answer.objects.order_by("pk").values_list("pk", flat=True)[:4])
    Answer.objects.filter(pk__in=four).update(protocol=RARE, sex=2)
    return ready_made


def rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("role", ["analyst", "staff"])
def test_the_association_and_staff_see_the_statistics(client_of, role, dataset):
    response = client_of(role).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<span class="value" id="n">200</span>' in html
    for table in ("histogram-table", "km-table", "correlations", "side-effects", "outcomes"):
        assert f'id="{table}"' in html
    assert "vendor/chartjs/chart.umd.min.js" in html


@pytest.mark.parametrize("role", ["patient", "prescriber"])
@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_other_roles_get_a_404(client_of, role, url, dataset):
    assert client_of(role).get(url).status_code == 404


def test_a_subgroup_of_four_never_appears_in_the_page(analyst_client, dataset):
    html = analyst_client.get(URL).content.decode()
    assert RARE not in html
    assert ": other</th>" not in html
    subgroups = analyst_client.get(URL).context["subgroups"]
    assert {(d, name) for d, name, _ in subgroups}.isdisjoint(
        {("protocol", RARE), ("sex", "other")}
    )
    assert all(group["n"] >= 5 for _, _, group in subgroups)


def test_a_subgroup_of_four_never_appears_in_the_csv_export(analyst_client, dataset):
    response = analyst_client.get(CSV_URL)
    assert response.status_code == 200
    body = response.content.decode()
    assert RARE not in body
    groups = {row[0] for row in rows(response)[1:]}
    assert "sex=other" not in groups
    assert "overall" in groups
    # publish.py also drops the next smallest sex, or "other" = n - f - m would give it away
    assert "sex=m" in groups
    assert any(group.startswith("protocol=") for group in groups)


def test_the_csv_export_is_the_published_report(analyst_client, dataset):
    table = rows(analyst_client.get(CSV_URL))
    assert table[0] == ["group", "statistic", "value"]
    assert ["overall", "n", "200"] in table
    assert ["overall", "k_anonymity", "5"] in table
    statistics = {row[1] for row in table if row[0] == "overall"}
    assert {"effective_dose_mg.mean", "correlations.dose_vs_audit.pearson_r"} <= statistics
    assert "outcomes.abstinent_or_controlled.ci95" in statistics


def test_a_larger_k_hides_more(analyst_client, dataset):
    response = analyst_client.get(URL, {"k": "150"})
    assert response.status_code == 200
    assert response.context["k"] == 150
    assert all(group["n"] >= 150 for _, _, group in response.context["subgroups"])


def test_fewer_than_k_people_publish_nothing(analyst_client, ready_made):
    store_cohort(generate(4, seed=1), survey=ready_made, source=Source.IMPORT)
    response = analyst_client.get(URL)
    assert response.status_code == 200
    assert 'id="too-small"' in response.content.decode()
    assert ["overall", "n", ""] in rows(analyst_client.get(CSV_URL))


@pytest.mark.parametrize(
    "query",
    [
        pytest.param({"k": "4"}, id="k-below-5"),
        pytest.param({"k": "abc"}, id="k-not-a-number"),
        pytest.param({"k": "-5"}, id="k-negative"),
        pytest.param({"survey": "999999"}, id="unknown-survey"),
        pytest.param({"survey": "x"}, id="survey-not-a-number"),
    ],
)
@pytest.mark.parametrize("url", [URL, CSV_URL])
def test_it_refuses_a_bad_query_with_422(analyst_client, dataset, query, url):
    assert analyst_client.get(url, query).status_code == 422


def test_it_shows_one_survey_or_the_whole_dataset(analyst_client, dataset):
    Answer.objects.create(survey=None, source=Source.POOLED)
    whole = analyst_client.get(URL).context["report"]["n"]
    one = analyst_client.get(URL, {"survey": dataset.pk}).context["report"]["n"]
    assert (whole, one) == (201, 200)


def test_synthetic_data_is_labelled_so(analyst_client, dataset):
    assert 'id="synthetic-note"' in analyst_client.get(URL).content.decode()


def test_real_answers_are_not_labelled_synthetic(analyst_client, ready_made):
    for dose in (100, 120, 150, 180, 200):
        Answer.objects.create(survey=ready_made, source=Source.WEB, effective_dose_mg=dose)
    assert 'id="synthetic-note"' not in analyst_client.get(URL).content.decode()


def test_free_text_never_appears(analyst_client, dataset):
    Answer.objects.filter(pk=Answer.objects.first().pk).update(extra={"99": "Mon secret"})
    assert "Mon secret" not in analyst_client.get(URL).content.decode()
    assert "Mon secret" not in analyst_client.get(CSV_URL).content.decode()


def test_it_rejects_a_post(analyst_client, dataset):
    assert analyst_client.post(URL).status_code == 405


@pytest.mark.parametrize(
    ("p", "shown"),
    [
        pytest.param(None, "—", id="suppressed"),
        pytest.param(0.0, "< 0.0001", id="zero"),
        pytest.param(0.03125, "0.0312", id="ordinary"),
    ],
)
def test_p_values_never_print_as_zero(p, shown):
    with translation.override("en"):
        assert pvalue(p) == shown


def test_a_missing_correlation_prints_as_suppressed(analyst_client, ready_made):
    for dose in (100, 120, 150, 180, 200):
        Answer.objects.create(survey=ready_made, source=Source.WEB, effective_dose_mg=dose)
    html = analyst_client.get(URL).content.decode()
    table = html[
        html.index('id="correlations"') : html.index("</table>", html.index('id="correlations"'))
    ]
    assert table.count(">—</td>") == 10
