"""/survey/<pk>/import/: good rows stored, each bad row reported with its line and reason."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from baclo.web.survey.models import Answer, Survey

from .conftest import HEADER

MIXED = "\n".join(
    [
        HEADER,
        "a1,f,30-44,25,100,ameisen,150,60,200,1,abstinent",
        "a2,x,30-44,25,100,ameisen,150,60,200,1,abstinent",
        "a3,m,45-59,30,80,beaurepaire,120,300,200,0,halved",
        "a4,m,45-59",
        "a5,m,60+,,,,,,90,,",
        "a6,f,18-29,41,100,ameisen,150,60,200,1,abstinent",
    ]
).encode()
# Expected reasons: the stats core reader's messages (baclo.stats.csvfile), one per bad line.
EXPECTED_ISSUES = [
    (3, "sex 'x' is not one of f, m, other"),
    (4, "days_to_effective 300 exceeds followup_days 200"),
    (5, "expected 11 fields, found 3"),
    (7, "audit_before '41' is not an integer from 0 to 40"),
]


def upload(client, survey, content: bytes, name: str = "cohort.csv"):
    return client.post(
        f"/survey/{survey.pk}/import/", {"file": SimpleUploadedFile(name, content, "text/csv")}
    )


def test_it_stores_the_good_rows_and_reports_each_bad_one(analyst_client, ready_made):
    response = upload(analyst_client, ready_made, MIXED)
    assert response.status_code == 200
    assert sorted(ready_made.answers.values_list("ref", flat=True)) == ["a1", "a5"]
    issues = [(i.line, i.reason) for i in response.context["issues"]]
    assert issues == EXPECTED_ISSUES
    html = response.content.decode()
    for line, reason in EXPECTED_ISSUES:
        assert f'<td class="num">{line}</td><td>{escape(reason)}</td>' in html


def test_imported_rows_keep_their_values(analyst_client, ready_made):
    upload(analyst_client, ready_made, MIXED)
    a1 = Answer.objects.get(ref="a1")
    assert (a1.sex, a1.age_band, a1.audit_before, a1.protocol, a1.outcome_6m) == (
        0,
        1,
        25,
        "ameisen",
        0,
    )
    assert (a1.effective_dose_mg, a1.days_to_effective, a1.followup_days) == (150.0, 60, 200)
    assert a1.source == "import"
    a5 = Answer.objects.get(ref="a5")
    assert (a5.audit_before, a5.protocol, a5.effective_dose_mg, a5.outcome_6m) == (
        None,
        "",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(b"", "errorlist", id="empty"),
        pytest.param(b"name,age\nx,1\n", "unknown column", id="wrong-header"),
        pytest.param(b"\xff\xfe\x00garbage", "errorlist", id="binary"),
    ],
)
def test_a_file_that_is_not_a_cohort_csv_stores_nothing(
    analyst_client, ready_made, content, message
):
    response = upload(analyst_client, ready_made, content)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Answer.objects.exists()


def test_it_requires_a_file(analyst_client, ready_made):
    response = analyst_client.post(f"/survey/{ready_made.pk}/import/", {})
    assert response.status_code == 422


def test_it_shows_the_form(analyst_client, ready_made):
    assert analyst_client.get(f"/survey/{ready_made.pk}/import/").status_code == 200


@pytest.mark.parametrize("role", ["patient", "prescriber"])
def test_other_roles_get_a_404(client_of, role, ready_made):
    response = upload(client_of(role), ready_made, MIXED)
    assert response.status_code == 404
    assert not Answer.objects.exists()


TWO_PEOPLE = "\n".join(
    [HEADER, "b1,f,30-44,25,100,ameisen,150,60,200,1,abstinent", "b2,m,45-59,,,,,,90,,"]
).encode()


@pytest.mark.parametrize(
    ("language", "stored", "already"),
    [
        pytest.param("fr", "0 ligne enregistrée.", "2 lignes déjà importées, ignorées.", id="fr"),
        pytest.param("en", "0 rows stored.", "2 rows already imported, skipped.", id="en"),
    ],
)
def test_importing_the_same_file_twice_stores_it_once(
    analyst_client, ready_made, language, stored, already
):
    analyst_client.cookies["django_language"] = language
    assert upload(analyst_client, ready_made, TWO_PEOPLE).context["result"].stored == 2
    response = upload(analyst_client, ready_made, TWO_PEOPLE)
    assert response.status_code == 200
    assert ready_made.answers.count() == 2
    result = response.context["result"]
    assert (result.stored, result.already_imported, result.repeated_lines) == (0, 2, ())
    html = response.content.decode()
    assert stored in html
    assert already in html


def test_a_file_overlapping_an_earlier_one_stores_only_the_new_people(analyst_client, ready_made):
    upload(analyst_client, ready_made, TWO_PEOPLE)
    overlapping = TWO_PEOPLE + b"\nb3,f,60+,,,,,,90,,"
    result = upload(analyst_client, ready_made, overlapping).context["result"]
    assert (result.stored, result.already_imported) == (1, 2)
    assert sorted(ready_made.answers.values_list("ref", flat=True)) == ["b1", "b2", "b3"]


@pytest.mark.parametrize(
    ("language", "message"),
    [
        pytest.param(
            "fr",
            "2 lignes reprennent l'identifiant d'une ligne précédente, ignorées : lignes 4, 6.",
            id="fr",
        ),
        pytest.param(
            "en", "2 rows repeat the id of an earlier line, skipped: lines 4, 6.", id="en"
        ),
    ],
)
def test_an_id_repeated_in_one_file_is_stored_once_and_the_repeats_named(
    analyst_client, ready_made, language, message
):
    analyst_client.cookies["django_language"] = language
    content = "\n".join(
        [
            HEADER,
            "c1,f,30-44,25,100,ameisen,150,60,200,1,abstinent",  # line 2: stored
            "c2,m,45-59,,,,,,90,,",  # line 3: stored
            "c1,m,60+,,,,,,90,,",  # line 4: repeats c1
            "c3,x,60+,,,,,,90,,",  # line 5: bad sex, rejected (not a repeat)
            "c2,f,60+,,,,,,90,,",  # line 6: repeats c2
        ]
    ).encode()
    response = upload(analyst_client, ready_made, content)
    result = response.context["result"]
    assert (result.stored, result.already_imported, result.repeated_lines) == (2, 0, (4, 6))
    assert [i.line for i in response.context["issues"]] == [5]
    assert Answer.objects.get(ref="c1").sex == 0  # the first line wins
    assert message in response.content.decode()


def test_a_long_list_of_repeated_lines_is_cut_in_the_report(analyst_client, ready_made):
    content = "\n".join([HEADER, *["d1,f,60+,,,,,,90,,"] * 60]).encode()
    response = upload(analyst_client, ready_made, content)
    assert response.context["result"].repeated_lines == tuple(range(3, 62))
    html = response.content.decode()
    assert ", 52, …." in html  # the first 50 of lines 3-61
    assert ", 53" not in html


def test_the_same_id_in_two_surveys_is_two_people(analyst_client, ready_made):
    other = Survey.objects.create(title="autre enquête")
    upload(analyst_client, ready_made, TWO_PEOPLE)
    result = upload(analyst_client, other, TWO_PEOPLE).context["result"]
    assert (result.stored, result.already_imported) == (2, 0)
    assert Answer.objects.filter(ref="b1").count() == 2
