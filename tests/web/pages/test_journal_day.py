"""The journal page of one day (journal.views.day): prefilled from the plan, saved at once.

Validation is the journal's single validator (``baclo.journal.parse_entry``); these tests check
that its errors come back next to the right HTML field and that nothing is half-saved.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from baclo.web.journal.models import JournalEntry
from baclo.web.journal.services import save_entry

from .conftest import TODAY

URL = reverse("journal:day_today")


def day_url(day: dt.date) -> str:
    return reverse("journal:day", args=[day.isoformat()])


USUAL_DAY = {
    "intake-0-taken": "on",
    "intake-0-time": "08:00",
    "intake-0-dose_mg": "20",
    "intake-1-taken": "on",
    "intake-1-time": "13:00",
    "intake-1-dose_mg": "20",
    "intake-2-time": "18:30",
    "intake-2-dose_mg": "20",
    "craving_set": "on",
    "craving_intensity": "4",
    "craving_onset": "17:30",
    "drinks-beer": "2",
    "drinks-wine": "0",
    "drinks-spirits": "",
    "custom-0-volume_ml": "330",
    "custom-0-abv_percent": "8,5",
    "effect-somnolence": "2",
    "effect-fatigue": "0",
    "mood_set": "on",
    "mood": "6",
    "note": "  fine day  ",
}


def test_it_prefills_the_intakes_from_the_plan_unticked(patient_client: Client, plan) -> None:
    response = patient_client.get(URL)
    assert response.status_code == 200
    rows = response.context["intake_rows"]
    planned = [r for r in rows if r["time"]]
    assert sum(float(r["dose"]) for r in planned) == 60
    assert not any(r["taken"] for r in rows)
    assert len(rows) == len(planned) + 1  # one empty row for an unplanned intake


def test_it_saves_a_usual_day_in_one_post(patient_client: Client, patient) -> None:
    response = patient_client.post(URL, USUAL_DAY)
    assert response.status_code == 302
    entry = JournalEntry.objects.get(patient=patient, date=TODAY)
    data = entry.data
    assert [i["time"] for i in data["intakes"]] == ["08:00", "13:00"]  # 18:30 was not ticked
    assert entry.dose_mg == 40
    assert data["craving"] == {"intensity": 4, "onset": "17:30"}
    kinds = [d["kind"] for d in data["drinks"]]
    assert kinds == ["beer", "beer", "custom"]
    # 2 beers of 250 mL at 5 % + 330 mL at 8.5 %: 0.789 g/mL (baclo.alcohol) -> 19.7 + 22.1 g.
    assert entry.alcohol_g == pytest.approx(2 * 250 * 0.05 * 0.789 + 330 * 0.085 * 0.789)
    assert data["side_effects"] == [{"kind": "somnolence", "severity": 2}]
    assert data["mood"] == 6
    assert data["note"] == "fine day"


def test_it_shows_a_saved_day_as_it_was_entered(patient_client: Client) -> None:
    patient_client.post(URL, USUAL_DAY)
    response = patient_client.get(URL + "?saved=1")
    values = response.context["v"]
    assert response.context["saved"]
    assert values["intake-0-taken"] == "on"
    assert values["drinks-beer"] == "2"
    assert values["custom-0-abv_percent"] == "8.5"
    assert values["effect-somnolence"] == "2"


def test_it_replaces_the_entry_when_posted_again(patient_client: Client, patient) -> None:
    patient_client.post(URL, USUAL_DAY)
    cleared = {"drinks-beer": "0", "custom-0-volume_ml": "", "custom-0-abv_percent": ""}
    assert patient_client.post(URL, {**USUAL_DAY, **cleared}).status_code == 302
    assert JournalEntry.objects.get(patient=patient, date=TODAY).alcohol_g == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"craving_intensity": "11"}, "craving_intensity"),
        ({"intake-0-dose_mg": "-5"}, "intake-0-dose_mg"),
        ({"intake-1-dose_mg": "abc"}, "intake-1-dose_mg"),
        ({"intake-0-time": "25:00"}, "intake-0-time"),
        ({"custom-0-abv_percent": "120"}, "custom-0-abv_percent"),
        ({"custom-0-volume_ml": "0"}, "custom-0-volume_ml"),
        ({"effect-somnolence": "7"}, "effect-somnolence"),
        ({"mood": "5.5"}, "mood"),
        ({"note": "x" * 5001}, "note"),
        ({"drinks-beer": "-1"}, "drinks-beer"),
        ({"custom-0-kind": "whisky"}, "custom-0-kind"),
    ],
    ids=[
        "craving-11",
        "negative-dose",
        "dose-not-a-number",
        "bad-time",
        "abv-over-100",
        "zero-volume",
        "severity-7",
        "mood-not-whole",
        "note-too-long",
        "negative-drink-count",
        "unknown-drink-kind",
    ],
)
def test_it_shows_bad_input_next_to_its_field_and_saves_nothing(
    patient_client: Client, patient, changes: dict[str, str], field: str
) -> None:
    response = patient_client.post(URL, {**USUAL_DAY, **changes})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {field}, errors
    assert 'class="field-error"' in response.content.decode()
    assert not JournalEntry.objects.filter(patient=patient).exists()


def test_it_reports_every_bad_field_at_once(patient_client: Client) -> None:
    response = patient_client.post(
        URL, {**USUAL_DAY, "craving_intensity": "11", "mood": "-1", "intake-0-dose_mg": "0"}
    )
    assert set(response.context["form"].errors) == {
        "craving_intensity",
        "mood",
        "intake-0-dose_mg",
    }


def test_it_shows_errors_in_french(patient_client: Client) -> None:
    response = patient_client.post(URL, {**USUAL_DAY, "craving_intensity": "11"})
    assert "Entrez une valeur de 0 à 10." in response.content.decode()


def test_it_accepts_each_of_the_last_seven_days(patient_client: Client, patient) -> None:
    oldest = TODAY - dt.timedelta(days=7)
    response = patient_client.post(day_url(oldest), USUAL_DAY)
    assert response.status_code == 302
    assert JournalEntry.objects.filter(patient=patient, date=oldest).exists()


def test_it_refuses_a_day_in_the_future(patient_client: Client) -> None:
    url = day_url(TODAY + dt.timedelta(days=1))
    assert patient_client.get(url).status_code == 404
    assert patient_client.post(url, USUAL_DAY).status_code == 404


@pytest.mark.parametrize("offset", [8, 40, 400], ids=["eight-days-ago", "weeks-ago", "a-year-ago"])
def test_it_shows_an_older_day_read_only(patient_client: Client, patient, offset: int) -> None:
    old = TODAY - dt.timedelta(days=offset)
    JournalEntry.objects.create(patient=patient, date=old, data={"note": "x"}, dose_mg=10)
    response = patient_client.get(day_url(old))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="read-only"' in page
    assert '<fieldset class="read-only" disabled>' in page
    assert "Enregistrer la journée" not in page


def test_it_refuses_to_save_an_older_day(patient_client: Client, patient) -> None:
    url = day_url(TODAY - dt.timedelta(days=8))
    assert patient_client.post(url, USUAL_DAY).status_code == 404
    assert not JournalEntry.objects.filter(patient=patient).exists()


def test_the_date_picker_opens_the_chosen_day(patient_client: Client) -> None:
    response = patient_client.get(URL, {"date": "2026-01-05"})
    assert response.status_code == 302
    assert response["Location"] == day_url(dt.date(2026, 1, 5))


@pytest.mark.parametrize(
    "value", ["2026-02-30", "soon", "2026-03-19"], ids=["no-such-day", "text", "tomorrow"]
)
def test_the_date_picker_answers_a_bad_date_with_a_message(
    patient_client: Client, value: str
) -> None:
    response = patient_client.get(URL, {"date": value}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == URL
    assert "messages" in response.content.decode()


def test_a_save_based_on_the_version_loaded_replaces_the_entry(
    patient_client: Client, patient
) -> None:
    patient_client.post(URL, USUAL_DAY)
    version = patient_client.get(URL).context["version"]
    response = patient_client.post(URL, {**USUAL_DAY, "note": "later", "version": version})
    assert response.status_code == 302
    assert JournalEntry.objects.get(patient=patient).data["note"] == "later"


def test_a_day_changed_elsewhere_since_it_was_loaded_is_not_overwritten(
    patient_client: Client, patient
) -> None:
    loaded = patient_client.get(URL).context["version"]
    patient_client.post(URL, {**USUAL_DAY, "note": "from the other phone"})
    response = patient_client.post(URL, {**USUAL_DAY, "note": "mine", "version": loaded})
    assert response.status_code == 200
    assert "changé ailleurs" in response.content.decode()
    assert JournalEntry.objects.get(patient=patient).data["note"] == "from the other phone"


def test_it_answers_404_for_a_date_that_does_not_exist(patient_client: Client) -> None:
    assert patient_client.get("/journal/2026-02-30/").status_code == 404


def test_it_rejects_other_methods(patient_client: Client) -> None:
    assert patient_client.put(URL).status_code == 405


@pytest.mark.parametrize(
    "client_name",
    ["prescriber_client", "unlinked_prescriber_client", "analyst_client", "staff_client"],
    ids=["linked-prescriber", "unlinked-prescriber", "analyst", "staff"],
)
def test_it_is_only_for_patients(request: pytest.FixtureRequest, client_name: str) -> None:
    client = request.getfixturevalue(client_name)
    assert client.get(URL).status_code == 404
    assert client.post(URL, USUAL_DAY).status_code == 404


def test_it_sends_anonymous_users_to_login(anonymous_client: Client) -> None:
    assert anonymous_client.get(URL).status_code == 302


def test_a_patient_never_writes_into_another_patients_journal(
    other_patient_client: Client, patient
) -> None:
    other_patient_client.post(URL, USUAL_DAY)
    assert not JournalEntry.objects.filter(patient=patient).exists()


@pytest.mark.parametrize(
    "garbage",
    [
        {"intake-999999-taken": "on"},
        {"intake-x-taken": "on", "craving_set": "on"},
        {"craving_set": "on", "craving_intensity": "nan"},
        {"mood_set": "on", "mood": "inf"},
        {"effect-unknown": "3"},
        {"custom-0-volume_ml": "1e400"},
    ],
    ids=["huge-row-index", "bad-row-name", "nan", "inf", "unknown-effect", "overflow"],
)
def test_it_never_fails_with_a_server_error(
    patient_client: Client, garbage: dict[str, str]
) -> None:
    assert patient_client.post(URL, garbage).status_code in {200, 302}


def test_three_side_effects_are_in_view_and_the_others_one_tap_away(patient_client: Client) -> None:
    response = patient_client.get(URL)
    shown = [e["name"] for e in response.context["effects"]]
    assert shown == ["effect-fatigue", "effect-somnolence", "effect-insomnia"]
    assert len(response.context["more_effects"]) == 10
    assert '<details class="effects-box">' in response.content.decode()


def test_the_side_effects_in_view_are_the_patients_most_frequent(
    patient_client: Client, patient
) -> None:
    for back, kinds in enumerate([["nausea", "dizziness"], ["nausea"], ["dizziness", "sexual"]], 1):
        effects = [{"kind": kind, "severity": 1} for kind in kinds]
        save_entry(patient, TODAY - dt.timedelta(days=back), {"side_effects": effects}, today=TODAY)
    shown = [e["name"] for e in patient_client.get(URL).context["effects"]]
    assert shown == ["effect-dizziness", "effect-nausea", "effect-sexual"]


def test_a_side_effect_noted_today_stays_in_view(patient_client: Client, patient) -> None:
    save_entry(
        patient, TODAY, {"side_effects": [{"kind": "confusion", "severity": 2}]}, today=TODAY
    )
    shown = [e["name"] for e in patient_client.get(URL).context["effects"]]
    assert "effect-confusion" in shown


def test_each_drink_counter_has_a_minus_button(patient_client: Client) -> None:
    page = patient_client.get(URL).content.decode()
    for kind in ("beer", "wine", "spirits"):
        assert f'data-sub="drinks-{kind}"' in page
