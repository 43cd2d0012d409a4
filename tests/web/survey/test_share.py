"""/sharing/association/: a patient shares the anonymous summary of their course, or revokes it."""

from __future__ import annotations

import datetime as dt

import pytest

from baclo.web.care.models import Plan
from baclo.web.journal.services import save_entry
from baclo.web.survey.models import Answer, PoolConsent

URL = "/sharing/association/"
TODAY = dt.date(2026, 3, 18)
START = dt.date(2026, 2, 1)  # 45 days before TODAY


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    monkeypatch.setattr("baclo.web.survey.views.pooling.local_today", lambda: TODAY)


@pytest.fixture
def plan(patient) -> Plan:
    return Plan.objects.create(
        patient=patient, protocol="beaurepaire", start_date=START, ceiling_mg=80
    )


@pytest.fixture
def good_week(patient, plan):
    """Days 20-26: 60 mg a day, craving 1/10, no alcohol: the journal's effective-dose criterion
    (baclo.journal.threshold) is met from day 20; one day of severe somnolence (journal 3)."""
    for offset in range(20, 27):
        day = START + dt.timedelta(days=offset)
        data = {
            "intakes": [{"time": "08:00", "dose_mg": 30}, {"time": "18:00", "dose_mg": 30}],
            "craving": {"intensity": 1, "onset": "18:00"},
            "side_effects": [{"kind": "somnolence", "severity": 3 if offset == 22 else 1}],
        }
        save_entry(patient, day, data, today=day)


CONSENT = {"action": "share", "consent": "on", "sex": "0", "age_band": "2", "audit_before": "27"}


def test_it_shares_the_summary_built_from_plan_and_journal(patient_client, patient, good_week):
    response = patient_client.post(URL, {**CONSENT, "outcome_6m": ""})
    assert response.status_code == 302
    row = Answer.objects.get()
    assert (row.survey, row.source, row.protocol, row.followup_days) == (
        None,
        "pooled",
        "beaurepaire",
        45,
    )
    assert (row.effective_dose_mg, row.days_to_effective) == (60.0, 20)
    # journal "severe" (3) is the cohort's "strong" (2): the journal cannot say "unbearable"
    assert row.side_effects_max == 2
    assert (row.sex, row.age_band, row.audit_before, row.outcome_6m) == (0, 2, 27, None)
    assert PoolConsent.objects.get().patient == patient


def test_the_pooled_row_names_nobody(patient_client, patient, good_week):
    patient_client.post(URL, CONSENT)
    row = Answer.objects.values().get()
    assert patient.username not in repr(row)
    assert row["extra"] == {}
    assert row["submitted_on"] is None


def test_a_confirmed_effective_dose_in_the_plan_wins(patient_client, plan, good_week):
    # de Beaurepaire: 10 mg on days 0-2, 20 on 3-5, 30 on 6-8, 40 from day 9 (Association Baclofène
    # 2014)
    plan.events = [{"kind": "effective_dose", "date": (START + dt.timedelta(days=9)).isoformat()}]
    plan.save()
    patient_client.post(URL, CONSENT)
    row = Answer.objects.get()
    assert (row.effective_dose_mg, row.days_to_effective) == (40.0, 9)


def test_without_an_effective_dose_the_person_is_censored(patient_client, plan):
    patient_client.post(URL, CONSENT)
    row = Answer.objects.get()
    assert (row.effective_dose_mg, row.days_to_effective, row.followup_days) == (None, None, 45)
    assert row.side_effects_max is None


def test_sharing_again_updates_the_same_row(patient_client, good_week):
    patient_client.post(URL, CONSENT)
    patient_client.post(URL, {**CONSENT, "outcome_6m": "1"})
    assert Answer.objects.get().outcome_6m == 1
    assert PoolConsent.objects.count() == 1


def test_revoking_deletes_the_row(patient_client, good_week):
    patient_client.post(URL, CONSENT)
    response = patient_client.post(URL, {"action": "revoke"})
    assert response.status_code == 302
    assert not Answer.objects.exists()
    assert not PoolConsent.objects.exists()


def test_revoking_only_touches_ones_own_row(patient_client, other_patient_client, good_week):
    patient_client.post(URL, CONSENT)
    other_patient_client.post(URL, {"action": "revoke"})
    assert Answer.objects.count() == 1


def test_nothing_is_shared_without_the_consent_box(patient_client, good_week):
    response = patient_client.post(URL, {**CONSENT, "consent": ""})
    assert response.status_code == 422
    assert not Answer.objects.exists()


@pytest.mark.parametrize(
    "field",
    [
        pytest.param({"audit_before": "41"}, id="audit-above-40"),
        pytest.param({"sex": "9"}, id="unknown-sex"),
        pytest.param({"outcome_6m": "x"}, id="unknown-outcome"),
    ],
)
def test_it_refuses_bad_input(patient_client, good_week, field):
    assert patient_client.post(URL, {**CONSENT, **field}).status_code == 422
    assert not Answer.objects.exists()


def test_without_a_plan_there_is_nothing_to_share(patient_client, patient):
    page = patient_client.get(URL)
    assert 'id="no-plan"' in page.content.decode()
    assert patient_client.post(URL, CONSENT).status_code == 422
    assert not Answer.objects.exists()


def test_the_page_shows_the_summary_and_the_revoke_button(patient_client, good_week):
    assert 'id="revoke"' not in patient_client.get(URL).content.decode()
    patient_client.post(URL, CONSENT)
    html = patient_client.get(URL).content.decode()
    assert 'id="summary"' in html
    assert 'id="revoke"' in html


def test_an_unknown_action_is_not_found(patient_client, good_week):
    assert patient_client.post(URL, {"action": "explode"}).status_code == 404


@pytest.mark.parametrize("role", ["analyst", "prescriber", "staff"])
def test_other_roles_get_a_404(client_of, role):
    assert client_of(role).get(URL).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(anonymous_client):
    assert anonymous_client.get(URL).status_code == 302


def test_deleting_the_account_deletes_the_pooled_row(patient_client, patient, good_week):
    patient_client.post(URL, CONSENT)
    patient.delete()
    assert not Answer.objects.exists()
    assert not PoolConsent.objects.exists()
