"""The timing card (baclo.web.coverage) on the patient's charts page and the prescriber's patient
page, and "apply to my plan": a timing suggestion re-aims the plan's split, nothing else."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import numpy as np
import pytest
from django.test import Client
from django.urls import reverse

from baclo.coverage.journal_csv import read_journal_csv
from baclo.coverage.synthetic import draw_patient, rising_staircase, write_journal
from baclo.journal import entry_to_dict
from baclo.web.care.models import Plan
from baclo.web.coverage import services
from baclo.web.demo import load_demo
from baclo.web.journal.services import save_entry
from baclo.web.journal.stored import domain_entries
from baclo.web.levels.models import IndividualEstimate
from baclo.web.privacy.export_csv import export_zip

TODAY = dt.date(2026, 3, 18)
CHARTS = reverse("journal:charts")
APPLY = reverse("coverage:apply")
ENTERED = ("intakes", "craving", "side_effects")


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    monkeypatch.setattr("baclo.web.journal.services.local_today", lambda: TODAY)
    monkeypatch.setattr("baclo.web.clock.local_today", lambda: TODAY)
    return TODAY


@pytest.fixture
def plan(patient) -> Plan:
    return Plan.objects.create(
        patient=patient,
        protocol="beaurepaire",
        start_date=TODAY - dt.timedelta(days=30),
        ceiling_mg=80,
        craving_onset=dt.time(19),
    )


def log_days(patient, count: int, *, moving: bool = True) -> None:
    """``count`` days of 3 x 20 mg (08:00, 13:00, 19:00), onset 18:00 moving to 16:30."""
    for n in range(count):
        day = TODAY - dt.timedelta(days=count - 1 - n)
        minute = 18 * 60 - (round(90 * n / (count - 1)) if moving else 0)
        save_entry(
            patient,
            day,
            {
                "intakes": [{"time": f"{h:02d}:00", "dose_mg": 20} for h in (8, 13, 19)],
                "craving": {"intensity": 5, "onset": f"{minute // 60:02d}:{minute % 60:02d}"},
            },
            today=day,
        )


def test_the_patient_sees_a_moved_onset_and_can_apply_it(patient_client: Client, patient, plan):
    log_days(patient, 14)
    html = patient_client.get(CHARTS).content.decode()
    assert 'id="timing"' in html
    assert "Votre craving commence maintenant vers 16:30 au lieu de 18:00" in html
    assert 'name="onset" value="16:30"' in html
    assert "Appliquer à mon plan" in html


def test_apply_aims_the_plan_at_the_new_onset(patient_client: Client, patient, plan):
    log_days(patient, 14)
    response = patient_client.post(APPLY, {"onset": "16:30"}, follow=True)
    assert response.redirect_chain[-1][0] == CHARTS
    plan.refresh_from_db()
    assert plan.craving_onset == dt.time(16, 30)
    assert plan.split_mode == "targeted"
    assert "Votre plan place désormais vos prises avant 16:30." in response.content.decode()


@pytest.mark.parametrize("onset", ["12:00", "25:00", ""], ids=["not-offered", "bad", "empty"])
def test_an_onset_the_journal_does_not_suggest_changes_nothing(
    patient_client: Client, patient, plan, onset
):
    log_days(patient, 14)
    response = patient_client.post(APPLY, {"onset": onset}, follow=True)
    plan.refresh_from_db()
    assert plan.craving_onset == dt.time(19)
    assert "plus proposée : rien n" in response.content.decode()


def test_apply_rejects_get(patient_client: Client, plan):
    assert patient_client.get(APPLY).status_code == 405


@pytest.mark.parametrize(
    "client_name", ["prescriber_client", "analyst_client", "staff_client"], ids=str
)
def test_only_a_patient_may_apply(request, client_name, patient, plan):
    log_days(patient, 14)
    response = request.getfixturevalue(client_name).post(APPLY, {"onset": "16:30"})
    assert response.status_code == 404
    plan.refresh_from_db()
    assert plan.craving_onset == dt.time(19)


def test_another_patient_applies_nothing_to_this_plan(other_patient_client: Client, patient, plan):
    log_days(patient, 14)
    other_patient_client.post(APPLY, {"onset": "16:30"})
    plan.refresh_from_db()
    assert plan.craving_onset == dt.time(19)


def test_the_prescriber_sees_the_card_without_the_apply_button(
    prescriber_client: Client, patient, plan
):
    log_days(patient, 14)
    url = reverse("care:patient", args=[patient.pk])
    html = prescriber_client.get(url).content.decode()
    assert "Le craving commence maintenant vers 16:30 au lieu de 18:00" in html
    assert "Votre craving" not in html
    assert "Appliquer à mon plan" not in html


def test_a_short_journal_says_not_enough_data(patient_client: Client, patient, plan):
    log_days(patient, 4, moving=False)
    html = patient_client.get(CHARTS).content.decode()
    assert "Pas encore assez de données." in html
    assert "il en faut 10" in html


def test_without_a_journal_the_card_says_what_to_log(patient_client: Client, plan):
    html = patient_client.get(CHARTS).content.decode()
    assert "Notez vos prises et l'heure où votre craving commence" in html


def test_the_card_speaks_english_to_an_english_reader(patient_client: Client, patient, plan):
    log_days(patient, 14)
    patient_client.cookies["django_language"] = "en"
    html = patient_client.get(CHARTS).content.decode()
    assert "Your craving onset moved from 18:00 to 16:30" in html
    assert "Apply to my plan" in html


def test_the_card_is_computed_again_only_when_the_journal_changes(
    patient_client: Client, patient, plan, monkeypatch
):
    log_days(patient, 14)
    calls = []
    real = services.coverage_of
    monkeypatch.setattr(services, "coverage_of", lambda *a: calls.append(a) or real(*a))
    patient_client.get(CHARTS)
    patient_client.get(CHARTS)
    assert len(calls) == 1
    save_entry(patient, TODAY, {"craving": {"intensity": 1, "onset": "16:30"}}, today=TODAY)
    patient_client.get(CHARTS)
    assert len(calls) == 2


def test_a_measured_level_puts_the_patients_own_kinetics_in_the_card(patient, plan):
    log_days(patient, 14)
    typical = services.coverage_of(patient, TODAY)
    IndividualEstimate.objects.create(
        patient=patient,
        model_id="simon-2018",
        samples=[],
        result={},
        ka_per_h=1.64,
        cl_l_per_h=5.8,
        v_l=72.8,
    )
    own = services.coverage_of(patient, TODAY)
    assert own.kinetics.individual
    assert own.days[-1].onset_mg_l > 1.5 * typical.days[-1].onset_mg_l


def test_the_curve_keeps_dot_decimals_on_a_french_page(patient_client: Client, patient, plan):
    log_days(patient, 14)
    html = patient_client.get(CHARTS).content.decode()
    svg = html[html.index('<svg class="timing-curve"') : html.index("</svg>")]
    positions = re.findall(r' (?:x|x1|x2|y|y1|y2)="([^"]*)"', svg)
    assert positions
    assert all(re.fullmatch(r"-?[0-9.]+", value) for value in positions), positions


def test_the_demo_patient_and_prescriber_see_the_card(db, client: Client):
    accounts = load_demo(TODAY)
    client.force_login(accounts["patient-demo"])
    response = client.get(CHARTS)
    assert response.status_code == 200
    assert 'id="timing"' in response.content.decode()
    client.force_login(accounts["prescriber-demo"])
    url = reverse("care:patient", args=[accounts["patient-demo"].pk])
    assert 'id="timing"' in client.get(url).content.decode()


def test_a_plan_the_course_cannot_read_gives_no_card_and_no_error(patient, plan):
    log_days(patient, 14)
    Plan.objects.filter(pk=plan.pk).update(protocol="no-such-protocol")
    assert services.coverage_of(patient, TODAY) is None
    assert services.card_of(patient, TODAY) is None


def test_side_effects_rising_with_the_peak_give_the_peak_where_they_become_mild(
    patient_client: Client, patient, plan
):
    true_patient = draw_patient(np.random.default_rng(11))
    start = TODAY - dt.timedelta(days=27)
    journal, _ = write_journal(true_patient, rising_staircase, 28, seed=11, start=start)
    for entry in journal:
        data = {k: v for k, v in entry_to_dict(entry).items() if k in ENTERED}
        save_entry(patient, entry.date, data, today=entry.date)
    html = patient_client.get(CHARTS).content.decode()
    assert "Les effets indésirables deviennent légers en moyenne à partir d'un pic" in html


def test_the_accounts_csv_export_reads_back_as_the_same_journal(patient, plan):
    log_days(patient, 14)
    with zipfile.ZipFile(io.BytesIO(export_zip(patient))) as archive:
        text = archive.read("journal.csv").decode("utf-8")
    entries = read_journal_csv(text)
    stored = domain_entries(patient, TODAY - dt.timedelta(days=13), TODAY)
    assert [(e.date, e.intakes, e.craving) for e in entries] == [
        (e.date, e.intakes, e.craving) for e in stored
    ]
