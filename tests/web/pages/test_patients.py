"""The prescriber's patient list (care.views.patients): linked, consenting patients only, in
triage order, a page at a time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from baclo.web.accounts.models import Role, User
from baclo.web.care.invitations import revoke_link
from baclo.web.care.models import CareLink, LinkStatus
from baclo.web.journal.services import save_entry
from baclo.web.patients import views

from ..conftest import make_user
from .conftest import NOT_PRESCRIBERS, TODAY, main_content

URL = reverse("care:patients")


def test_it_lists_linked_patients_with_dose_last_entry_and_trends(
    prescriber_client: Client, patient, plan
) -> None:
    for back, craving in ((1, 3), (9, 7)):
        day = TODAY - dt.timedelta(days=back)
        save_entry(patient, day, {"craving": {"intensity": craving}}, today=day)
    response = prescriber_client.get(URL)
    assert response.status_code == 200
    [row] = response.context["rows"]
    assert row["patient"] == patient
    assert row["dose_mg"] == 60
    assert row["last_entry"] == TODAY - dt.timedelta(days=1)
    assert row["craving"] == {"recent": 3, "before": 7, "delta": -4}


def test_the_trends_are_means_of_the_logged_days_of_each_week(
    prescriber_client: Client, patient, plan
) -> None:
    # back: (craving, beers); 6 days back is the oldest of "recent", 7 the newest of "before",
    # 13 the oldest of "before"; 14 days back is left out; a day without craving is not a 0.
    days = {0: (2, 0), 6: (None, 2), 7: (6, 1), 13: (5, 0), 14: (10, 9)}
    for back, (craving, beers) in days.items():
        day = TODAY - dt.timedelta(days=back)
        data = {"drinks": [{"kind": "beer"}] * beers}
        if craving is not None:
            data["craving"] = {"intensity": craving}
        save_entry(patient, day, data, today=day)
    [row] = prescriber_client.get(URL).context["rows"]
    assert row["craving"] == {"recent": 2, "before": 5.5, "delta": -3.5}
    beer_g = 250 * 0.05 * 0.789  # 250 mL at 5 % (baclo.alcohol defaults)
    recent, before = round(beer_g, 1), round(beer_g / 2, 1)
    assert row["alcohol"] == pytest.approx(
        {"recent": recent, "before": before, "delta": round(recent - before, 1)}
    )


def test_it_never_lists_unlinked_or_pending_patients(
    unlinked_prescriber_client: Client, unlinked_prescriber, other_patient, patient
) -> None:
    CareLink.objects.create(patient=other_patient, prescriber=unlinked_prescriber)
    response = unlinked_prescriber_client.get(URL)
    assert response.context["rows"] == []
    assert [link.patient for link in response.context["pending"]] == [other_patient]


def test_a_revoked_patient_disappears(prescriber_client: Client, prescriber, patient) -> None:
    revoke_link(patient, CareLink.objects.get(prescriber=prescriber).pk)
    assert prescriber_client.get(URL).context["rows"] == []


def test_it_rejects_post(prescriber_client: Client) -> None:
    assert prescriber_client.post(URL).status_code == 405


@NOT_PRESCRIBERS
def test_it_is_only_for_prescribers(request: pytest.FixtureRequest, client_name: str) -> None:
    assert request.getfixturevalue(client_name).get(URL).status_code == 404


def link(prescriber: User, username: str, status: str = LinkStatus.ACTIVE) -> User:
    """A patient linked to ``prescriber`` (active: consented)."""
    someone = make_user(username, Role.PATIENT)
    CareLink.objects.create(
        patient=someone, prescriber=prescriber, status=status, accepted_at=timezone.now()
    )
    return someone


def listed(client: Client, page: object = None) -> list[str]:
    response = client.get(URL, {} if page is None else {"page": page})
    assert response.status_code == 200
    return [row["patient"].username for row in response.context["rows"]]


@pytest.fixture
def two_per_page(monkeypatch: pytest.MonkeyPatch) -> int:
    """Pages of two patients, so that a handful of patients spans several pages."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    return 2


@pytest.fixture
def five_patients(prescriber: User, patient: User) -> list[str]:
    """alice and four more linked patients, in the list's order: never logged first (by
    username), then the one who logged longest ago, alice (logged today) last."""
    for username, back in (("carl", 5), ("dora", 2), ("bob", None), ("eve", None)):
        someone = link(prescriber, username)
        if back is not None:
            day = TODAY - dt.timedelta(days=back)
            save_entry(someone, day, {"mood": 5}, today=day)
    save_entry(patient, TODAY, {"mood": 5}, today=TODAY)
    return ["bob", "eve", "carl", "dora", "alice"]


def test_page_two_shows_the_next_patients_in_the_same_order(
    prescriber_client: Client, two_per_page: int, five_patients: list[str]
) -> None:
    pages = [listed(prescriber_client, n) for n in (1, 2, 3)]
    assert pages == [five_patients[:2], five_patients[2:4], five_patients[4:]]


def test_the_first_page_is_shown_without_a_page_number(
    prescriber_client: Client, two_per_page: int, five_patients: list[str]
) -> None:
    assert listed(prescriber_client) == five_patients[:2]


@pytest.mark.parametrize(
    ("page", "shown"),
    [("0", 3), ("-1", 3), ("4", 3), ("99999999999999999999", 3), ("abc", 1), ("1.5", 1), ("", 1)],
    ids=["zero", "negative", "past-the-end", "huge", "word", "decimal", "empty"],
)
def test_a_bad_page_number_shows_the_first_or_last_page_never_an_error(
    prescriber_client: Client, two_per_page: int, five_patients: list[str], page: str, shown: int
) -> None:
    response = prescriber_client.get(URL, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == shown


def test_no_page_ever_lists_an_unlinked_pending_or_revoked_patient(
    prescriber_client: Client,
    prescriber: User,
    unlinked_prescriber: User,
    two_per_page: int,
    five_patients: list[str],
) -> None:
    link(unlinked_prescriber, "stranger")
    link(prescriber, "waiting", LinkStatus.PENDING)
    gone = link(prescriber, "gone")
    revoke_link(gone, CareLink.objects.get(patient=gone).pk)
    response = prescriber_client.get(URL)
    pages = response.context["page"].paginator.num_pages
    everyone = [name for n in range(1, pages + 1) for name in listed(prescriber_client, n)]
    assert everyone == five_patients


def test_patients_with_open_alerts_come_first_across_pages(
    prescriber_client: Client, two_per_page: int, five_patients: list[str]
) -> None:
    dark_thoughts = {"mood": 5, "side_effects": [{"kind": "dark_thoughts", "severity": 1}]}
    save_entry(User.objects.get(username="alice"), TODAY, dark_thoughts, today=TODAY)
    assert listed(prescriber_client) == ["alice", "bob"]


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        (
            "fr",
            [
                "Pages de la liste des patients",
                "Page 2 sur 3",
                "Page précédente",
                "5 patients liés.",
            ],
        ),
        ("en", ["Pages of the patient list", "Page 2 of 3", "Next page", "5 linked patients."]),
    ],
    ids=["french", "english"],
)
def test_the_page_links_and_the_count_are_in_the_page_language(
    prescriber_client: Client,
    two_per_page: int,
    five_patients: list[str],
    language: str,
    labels: list[str],
) -> None:
    prescriber_client.cookies["django_language"] = language
    html = main_content(prescriber_client.get(URL, {"page": 2}))
    nav = html[html.index("<nav") :]
    assert all(label in html for label in labels), labels
    assert 'rel="prev" href="?page=1"' in nav
    assert 'rel="next" href="?page=3"' in nav


def test_one_page_of_patients_shows_no_page_links(prescriber_client: Client, patient: User) -> None:
    html = main_content(prescriber_client.get(URL))
    assert "<nav" not in html


@pytest.fixture
def named_patients(prescriber: User, unlinked_prescriber: User) -> None:
    """Linked: Jeanne Martin, Jean Dupont, Paul Martin; another prescriber's Jeanne Martine."""
    for username, first, last in (
        ("jm", "Jeanne", "Martin"),
        ("jd", "Jean", "Dupont"),
        ("pm", "Paul", "Martin"),
    ):
        User.objects.filter(pk=link(prescriber, username).pk).update(
            first_name=first, last_name=last
        )
    stranger = link(unlinked_prescriber, "jm2")
    User.objects.filter(pk=stranger.pk).update(first_name="Jeanne", last_name="Martine")


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("martin", ["jm", "pm"]),
        ("  JEAN   martin ", ["jm"]),
        ("jean", ["jd", "jm"]),
        ("pm", ["pm"]),
        ("", ["alice", "jd", "jm", "pm"]),
    ],
    ids=["last-name", "words-in-any-case", "part-of-a-name", "login", "empty"],
)
def test_the_search_keeps_the_linked_patients_whose_name_holds_every_word(
    prescriber_client: Client, patient: User, named_patients: None, search: str, found: list[str]
) -> None:
    response = prescriber_client.get(URL, {"q": search})
    assert sorted(row["patient"].username for row in response.context["rows"]) == found


def test_a_search_that_finds_nobody_says_so(
    prescriber_client: Client, named_patients: None
) -> None:
    response = prescriber_client.get(URL, {"q": "durand"})
    assert response.context["rows"] == []
    html = main_content(response)
    assert "Aucun patient lié ne porte un nom contenant ces mots." in html
    assert 'value="durand"' in html


def test_a_very_long_search_is_cut_not_refused(prescriber_client: Client) -> None:
    response = prescriber_client.get(URL, {"q": "a " * 5000})
    assert response.status_code == 200
    assert len(response.context["search"]) <= views.SEARCH_MAX_CHARS


def test_the_page_links_keep_the_search(
    prescriber_client: Client, two_per_page: int, named_patients: None
) -> None:
    prescriber_client.cookies["django_language"] = "en"
    response = prescriber_client.get(URL, {"q": "n"})
    html = main_content(response)
    assert 'rel="next" href="?q=n&amp;page=2"' in html
    assert "3 linked patients match this search." in html
