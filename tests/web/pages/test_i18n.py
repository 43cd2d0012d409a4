"""French by default, English on demand, and a compiled catalog that matches its source.

The compiled ``django.mo`` is committed (as Django itself does), so that a fresh clone shows
French without GNU gettext installed; these tests catch a ``.po`` edited without recompiling.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

import baclo.web
from baclo.web.journal.services import save_entry
from tests.web.conftest import PASSWORD

from .conftest import TODAY

WEB = Path(baclo.web.__file__).parent
LOCALE = WEB / "locale" / "fr" / "LC_MESSAGES"
#: The project's catalogue and each app's own: every one must be complete and compiled.
CATALOGUES = sorted(WEB.glob("**/locale/fr/LC_MESSAGES/django.po"))


def po_entries(path: Path) -> dict[str, str]:
    """msgid -> msgstr (first form for plurals) of a ``--no-wrap`` .po file.

    A fuzzy entry (a guess of ``makemessages``, ignored when compiling) counts as untranslated.
    """
    entries: dict[str, str] = {}
    msgid = None
    fuzzy = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif match := re.fullmatch(r'msgid "(.*)"', line):
            msgid = ast.literal_eval(f'"{match.group(1)}"')
        elif msgid and (match := re.fullmatch(r'msgstr(?:\[0\])? "(.*)"', line)):
            entries[msgid] = "" if fuzzy else ast.literal_eval(f'"{match.group(1)}"')
            msgid, fuzzy = None, False
    return entries


def _catalogue_id(path: Path) -> str:
    return str(path.relative_to(WEB).parents[2])


def test_there_is_a_catalogue_for_the_project_and_for_apps() -> None:
    assert LOCALE / "django.po" in CATALOGUES
    assert len(CATALOGUES) > 1


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_catalogue_id)
def test_every_message_has_a_french_translation_neither_missing_nor_fuzzy(catalogue) -> None:
    untranslated = [msgid for msgid, msgstr in po_entries(catalogue).items() if not msgstr]
    assert untranslated == []


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=_catalogue_id)
def test_the_compiled_catalog_matches_its_source(catalogue) -> None:
    with catalogue.with_suffix(".mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = {
        msgid: msgstr
        for msgid, msgstr in po_entries(catalogue).items()
        if compiled.gettext(msgid) != msgstr
    }
    assert stale == {}, "run `make messages` to recompile the catalog"


def test_pages_are_in_french_by_default(anonymous_client: Client) -> None:
    html = anonymous_client.get(reverse("login")).content.decode()
    assert '<html lang="fr">' in html
    assert "Mot de passe oublié ?" in html


def test_a_browser_that_prefers_english_still_gets_french_first(anonymous_client: Client) -> None:
    html = anonymous_client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content
    assert '<html lang="fr">' in html.decode()


def test_the_language_switcher_turns_the_site_to_english(anonymous_client: Client) -> None:
    response = anonymous_client.post(
        reverse("set_language"), {"language": "en", "next": reverse("login")}
    )
    assert response.status_code == 302
    html = anonymous_client.get(response["Location"]).content.decode()
    assert '<html lang="en">' in html
    assert "Forgot your password?" in html


def test_logging_in_applies_the_users_language(anonymous_client: Client, patient) -> None:
    patient.language = "en"
    patient.save()
    anonymous_client.post(reverse("login"), {"username": "alice", "password": PASSWORD})
    html = anonymous_client.get(reverse("journal:today")).content.decode()
    assert '<html lang="en">' in html
    assert "Today" in html


@pytest.mark.parametrize(
    ("language", "expected"),
    [("fr", "18/03/2026"), ("en", "03/18/2026")],
    ids=["french-day-first", "english-month-first"],
)
def test_dates_are_localised(patient_client: Client, plan, language: str, expected: str) -> None:
    save_entry(plan.patient, TODAY, {"mood": 5}, today=TODAY)
    patient_client.cookies["django_language"] = language
    html = patient_client.get(reverse("journal:charts")).content.decode()
    assert expected in html


def test_numbers_use_a_decimal_comma_in_french(patient_client: Client, patient) -> None:
    # One custom drink of 100 mL at 10 %: 100 x 0.10 x 0.789 = 7.89 g, shown rounded to 7,9.
    drink = {"kind": "custom", "volume_ml": 100, "abv_percent": 10}
    save_entry(patient, TODAY, {"drinks": [drink]}, today=TODAY)
    assert "7,9 g" in patient_client.get(reverse("journal:today")).content.decode()


def test_switching_language_is_kept_in_the_account(patient_client: Client, patient) -> None:
    patient_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    patient.refresh_from_db()
    assert patient.language == "en"


def test_an_unknown_language_changes_nothing(patient_client: Client, patient) -> None:
    response = patient_client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.language == "fr"


def test_the_switcher_needs_a_post(anonymous_client: Client) -> None:
    assert anonymous_client.get(reverse("set_language")).status_code == 405
