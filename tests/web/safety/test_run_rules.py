"""services.run_rules: the core rules over the database state, stored once per evidence key."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from baclo.safety.state import LOOKBACK_DAYS
from baclo.web.accounts.models import Role, User
from baclo.web.care.models import CareLink, LinkStatus, Plan
from baclo.web.journal.models import JournalEntry
from baclo.web.safety import services
from baclo.web.safety.models import Alert, HealthProfile, QuestionnaireResponse
from baclo.web.safety.services import entries_payload

from ..conftest import make_user, send_json
from .conftest import PLAN_START, TODAY, entry, save


def rules_of(patient: User) -> set[str]:
    return set(Alert.objects.filter(patient=patient).values_list("rule", flat=True))


def test_saving_dark_thoughts_stores_an_urgent_crisis_alert(patient, plan):
    save(patient, entry(effects={"dark_thoughts": 1}))
    alert = Alert.objects.get(patient=patient, rule="dark_thoughts")
    assert (alert.severity, alert.crisis, alert.source_date) == ("urgent", True, TODAY)
    assert "3114" in alert.patient_message["fr"]


def test_saving_the_same_day_twice_raises_the_alert_once(patient, plan):
    save(patient, entry(effects={"dark_thoughts": 2}))
    save(patient, entry(effects={"dark_thoughts": 3}))
    assert Alert.objects.filter(patient=patient, rule="dark_thoughts").count() == 1


def test_an_acknowledged_alert_is_not_raised_again_for_the_same_evidence(patient, plan):
    save(patient, entry(effects={"confusion": 1}))
    Alert.objects.filter(patient=patient).update(status="acknowledged")
    save(patient, entry(effects={"confusion": 2}))
    assert list(Alert.objects.filter(patient=patient).values_list("status", flat=True)) == [
        "acknowledged"
    ]


def test_new_evidence_for_a_rule_updates_its_open_alert(patient, plan):
    """One open alert per rule: yesterday's report, then today's, keep one alert."""
    save(patient, entry(effects={"agitation_euphoria": 1}), TODAY - dt.timedelta(days=1))
    save(patient, entry(effects={"agitation_euphoria": 1}))
    alert = Alert.objects.get(patient=patient, rule="mania")
    assert alert.key == f"mania:{TODAY.isoformat()}"
    assert alert.dates == [(TODAY - dt.timedelta(days=1)).isoformat(), TODAY.isoformat()]


def test_sleep_attacks_carry_the_no_driving_flag(patient, plan):
    save(patient, entry(effects={"sleep_attacks": 1}))
    assert Alert.objects.get(patient=patient, rule="sleep_attacks").no_driving


def test_a_severe_side_effect_during_titration_offers_hold_and_step_back(patient, plan):
    save(patient, entry(effects={"nausea": 3}))
    alert = Alert.objects.get(patient=patient, rule="severe_side_effect")
    assert [a["event"]["kind"] for a in alert.actions] == ["hold", "step_back"]


@pytest.mark.parametrize(
    "setup",
    [
        pytest.param({}, id="nothing-at-all"),
        pytest.param({"plan": True}, id="plan-only"),
        pytest.param({"entry": True}, id="entry-without-plan"),
        pytest.param({"plan": True, "future_start": True}, id="plan-not-started"),
        pytest.param({"profile": True}, id="empty-health-profile"),
    ],
)
def test_rules_never_crash_on_missing_data(patient, setup):
    if setup.get("plan"):
        start = TODAY + dt.timedelta(days=5) if setup.get("future_start") else PLAN_START
        Plan.objects.create(patient=patient, protocol="ameisen", start_date=start)
    if setup.get("entry"):
        save(patient, {})
    if setup.get("profile"):
        HealthProfile.objects.create(patient=patient)
    assert services.run_rules(patient, TODAY) == []


def test_an_unreadable_stored_row_counts_as_a_missing_day(patient, plan):
    save(patient, entry(effects={"dark_thoughts": 1}))
    Alert.objects.all().delete()
    patient.journal_entries.update(data={"intakes": "garbage"})
    assert services.run_rules(patient, TODAY) == []


def test_phq9_item9_above_zero_raises_the_crisis_alert(patient):
    QuestionnaireResponse.objects.create(
        patient=patient,
        instrument="phq9",
        answers=[0] * 8 + [1],
        score=1,
        band="minimal",
        date=TODAY,
    )
    (alert,) = services.run_rules(patient, TODAY)
    assert (alert.rule, alert.crisis, alert.source_date) == ("dark_thoughts", True, None)


def test_declared_benzodiazepines_raise_the_sedative_mix_warning(patient):
    HealthProfile.objects.create(patient=patient, co_medications=["benzodiazepines"])
    assert rules_of_after_run(patient) == {"sedative_comedication"}


def test_a_declared_low_clearance_raises_the_renal_notice(patient):
    HealthProfile.objects.create(patient=patient, crcl_ml_min=45)
    assert rules_of_after_run(patient) == {"renal_function"}


def rules_of_after_run(patient: User) -> set[str]:
    services.run_rules(patient, TODAY)
    return rules_of(patient)


def test_the_state_reads_plan_doses_phase_and_usual_times(patient, plan):
    state = services.build_state(patient, TODAY)
    assert state.phase.value == "titration"
    assert state.planned(TODAY) == 60
    assert state.usual_intake_times
    assert state.ceiling_mg == 80


def test_the_state_holds_only_the_days_the_rules_look_back_over(patient, plan):
    for back in range(30):
        day = TODAY - dt.timedelta(days=back)
        JournalEntry.objects.create(patient=patient, date=day, data={"date": day.isoformat()})
    state = services.build_state(patient, TODAY)
    first = TODAY - dt.timedelta(days=LOOKBACK_DAYS - 1)
    assert [e.date for e in state.entries] == [
        first + dt.timedelta(days=n) for n in range(LOOKBACK_DAYS)
    ]
    assert min(state.plan_doses) == max(first, PLAN_START)


def test_the_effective_dose_event_ends_titration(patient, plan):
    plan.events = [{"kind": "effective_dose", "date": TODAY.isoformat()}]
    plan.save()
    assert services.build_state(patient, TODAY).phase.value == "maintenance"


def test_a_daily_side_effect_is_one_alert_for_the_prescriber_not_one_a_day(patient, plan):
    for back in range(6, -1, -1):
        day = TODAY - dt.timedelta(days=back)
        save(patient, entry(effects={"sleep_attacks": 1}), day)
    assert Alert.objects.filter(patient=patient, rule="sleep_attacks").count() == 1


def test_after_acknowledgement_new_evidence_opens_a_new_alert(patient, plan):
    save(patient, entry(effects={"confusion": 1}), TODAY - dt.timedelta(days=1))
    Alert.objects.update(status="acknowledged")
    save(patient, entry(effects={"confusion": 1}))
    statuses = Alert.objects.filter(patient=patient).order_by("pk").values_list("status", flat=True)
    assert list(statuses) == ["acknowledged", "open"]


def test_new_urgent_evidence_shows_the_alert_to_the_patient_again(patient, plan):
    save(patient, entry(effects={"dark_thoughts": 1}), TODAY - dt.timedelta(days=1))
    alert = Alert.objects.get(patient=patient)
    services.dismiss(patient, alert.pk)
    save(patient, entry(effects={"dark_thoughts": 1}))
    assert services.banner_alerts(patient) == [alert]


def test_an_info_suggestion_put_away_stays_away_when_its_evidence_grows(patient, plan):
    for back in (4, 3, 2):
        save(patient, entry(dose=50, effects={"fatigue": 2}), TODAY - dt.timedelta(days=back))
    alert = Alert.objects.get(patient=patient, rule="fractionate_split")
    services.dismiss(patient, alert.pk)
    save(patient, entry(effects={"fatigue": 2}))
    alert.refresh_from_db()
    assert alert.key == f"fractionate_split:{TODAY.isoformat()}"
    assert services.banner_alerts(patient) == []


def test_an_entrys_alerts_are_those_about_that_day(patient, plan):
    save(patient, entry(dose=50, effects={"confusion": 1}), TODAY - dt.timedelta(days=3))
    save(patient, entry(), TODAY - dt.timedelta(days=1))
    payloads = entries_payload(patient, patient.journal_entries.order_by("date"))
    assert [[a["rule"] for a in p["alerts"]] for p in payloads] == [["confusion"], []]


@pytest.mark.parametrize(
    "corrupt",
    [
        pytest.param({"plan": {"split_mode": "zigzag"}}, id="unknown-split-mode"),
        pytest.param({"plan": {"events": "not a list"}}, id="events-not-a-list"),
        pytest.param({"plan": {"events": [{"kind": "hold", "date": "x"}]}}, id="bad-event"),
        pytest.param({"plan": {"protocol": "gone"}}, id="unknown-protocol"),
        pytest.param({"plan": {"params": {"start_mg": "a lot"}}}, id="bad-parameters"),
        pytest.param({"profile": {"co_medications": [{"x": 1}, "opioids"]}}, id="odd-co-meds"),
        pytest.param({"profile": {"co_medications": "benzodiazepines"}}, id="co-meds-a-string"),
        pytest.param({"profile": {"crcl_ml_min": -3.0}}, id="negative-clearance"),
        pytest.param({"phq9": [1, 2]}, id="phq9-too-short"),
        pytest.param({"phq9": {"q9": 3}}, id="phq9-not-a-list"),
    ],
)
def test_rules_never_crash_on_corrupted_rows(patient, plan, corrupt):
    """Rows written by hand or an older version: the rules treat what they cannot read as
    unknown rather than failing the journal save."""
    Plan.objects.filter(pk=plan.pk).update(**corrupt.get("plan", {}))
    if "profile" in corrupt:
        HealthProfile.objects.create(patient=patient, **corrupt["profile"])
    if "phq9" in corrupt:
        QuestionnaireResponse.objects.create(
            patient=patient,
            instrument="phq9",
            answers=corrupt["phq9"],
            score=27,
            band="severe",
            date=TODAY,
        )
    save(patient, entry(effects={"dark_thoughts": 1}))
    assert Alert.objects.filter(patient=patient, rule="dark_thoughts").exists()


def _broken_rules(state):
    raise RuntimeError("a bug in a rule")


def test_a_failing_rule_keeps_the_save_and_shows_a_warning_instead(patient, plan, monkeypatch):
    monkeypatch.setattr(services.safety, "evaluate", _broken_rules)
    save(patient, entry(effects={"dark_thoughts": 1}))
    assert patient.journal_entries.filter(date=TODAY).exists()
    alert = Alert.objects.get(patient=patient)
    assert (alert.rule, alert.severity) == (services.RULES_UNAVAILABLE, "warning")
    assert "3114" in alert.advice["fr"]


def test_the_api_answers_201_with_the_warning_when_the_rules_fail(
    patient, patient_client, plan, fixed_today, monkeypatch
):
    monkeypatch.setattr(services.safety, "evaluate", _broken_rules)
    response = send_json(patient_client, "PUT", f"/api/v1/journal/{TODAY}", entry())
    assert response.status_code == 201
    assert [a["rule"] for a in response.json()["alerts"]] == [services.RULES_UNAVAILABLE]


def test_the_state_names_each_active_prescriber_by_name_and_no_revoked_one(patient):
    for username, first, last, status in [
        ("dr-b", "Bea", "Roy", LinkStatus.ACTIVE),
        ("dr-a", "", "", LinkStatus.ACTIVE),
        ("dr-c", "Cyril", "Roy", LinkStatus.REVOKED),
    ]:
        prescriber = make_user(username, Role.PRESCRIBER, first_name=first, last_name=last)
        CareLink.objects.create(
            patient=patient, prescriber=prescriber, status=status, accepted_at=timezone.now()
        )
    assert services.build_state(patient, TODAY).prescriber == "Bea Roy, dr-a"
