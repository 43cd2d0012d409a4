"""A patient with a plan and three weeks of journal, and how to read a PDF's text.

``pdf_text`` uses ``pdftotext`` (poppler-utils, installed by ``.ci/run``), the same text a
screen reader or a search gets from the file.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.conf import settings
from django.utils import timezone

from baclo.web.accounts.models import User
from baclo.web.care.services import set_plan
from baclo.web.journal import services

#: Doses nobody would plan by chance, so that finding them in the PDF proves they come from the
#: journal: 20 + 35 = 55 mg on the first days, 25 + 40 = 65 mg on the last ones.
EARLY_DAY = {
    "intakes": [{"time": "08:00", "dose_mg": 20}, {"time": "16:00", "dose_mg": 35}],
    "craving": {"intensity": 7, "onset": "18:00"},
    "drinks": [{"kind": "wine"}, {"kind": "wine"}, {"kind": "wine"}],
    "side_effects": [{"kind": "somnolence", "severity": 2}],
    "mood": 4,
}
LATE_DAY = {
    "intakes": [{"time": "08:00", "dose_mg": 25}, {"time": "16:00", "dose_mg": 40}],
    "craving": {"intensity": 2, "onset": "19:00"},
    "drinks": [],
    "side_effects": [{"kind": "somnolence", "severity": 3}, {"kind": "fatigue", "severity": 1}],
    "mood": 7,
}


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def treated(patient: User, today: dt.date) -> User:
    """``patient`` on day 10 of a ``beaurepaire`` plan (40 mg/day today), logged on 3 days.

    The days are at most 7 days back: the journal only takes that window (``check_editable``).
    """
    start = today - dt.timedelta(days=9)
    set_plan(
        patient,
        patient,
        {
            "protocol": "beaurepaire",
            "start": start.isoformat(),
            "split": {"craving_onset": "18:00"},
        },
    )
    for days_back, data in ((6, EARLY_DAY), (5, EARLY_DAY), (1, LATE_DAY)):
        day = today - dt.timedelta(days=days_back)
        services.save_entry(patient, day, data, today=today)
    return patient


def pdf_text(pdf: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: install poppler-utils (.ci/run does)")
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True, timeout=60
    )
    return done.stdout.decode()


def choose_language(client, language: str) -> None:
    """Record the user's language choice as the app does at login and in the switcher (the
    language cookie): the browser's Accept-Language does not choose it (French first)."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
