"""The rules' latest valid PHQ-9 and ESS answers, read together in one query, are those each
questionnaire's own query finds (the latest of its 10 latest answers that still validates)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from baclo.questionnaires import ESS, PHQ9
from baclo.web.accounts.models import User
from baclo.web.safety import services
from baclo.web.safety.models import QuestionnaireResponse

from .conftest import TODAY

ITEMS = {PHQ9.id: 9, ESS.id: 8, "audit": 10}

#: (questionnaire, answers still valid?, days before today: negative is after today, item value).
responses = st.lists(
    st.tuples(
        st.sampled_from(sorted(ITEMS)), st.booleans(), st.integers(-2, 30), st.integers(0, 3)
    ),
    max_size=40,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(answered=responses)
def test_reading_both_questionnaires_together_finds_what_each_finds_alone(
    patient: User, answered: list[tuple[str, bool, int, int]]
) -> None:
    with transaction.atomic():
        for instrument, valid, back, value in answered:
            QuestionnaireResponse.objects.create(
                patient=patient,
                instrument=instrument,
                # An invalid row: one item too many (written under older rules, say).
                answers=[value] * (ITEMS[instrument] + (0 if valid else 1)),
                score=0,
                band="-",
                date=TODAY - dt.timedelta(days=back),
            )
        together = services._latest_valid_each(patient, (PHQ9, ESS), TODAY)
        alone = {i.id: services._latest_valid(patient, i, TODAY) for i in (PHQ9, ESS)}
        assert together == alone
        transaction.set_rollback(True)


def test_an_instrument_with_only_invalid_recent_answers_still_finds_an_older_valid_one(
    patient: User,
) -> None:
    # 20 newer ESS answers fill the shared rows; the PHQ-9's valid answer is older than all.
    older = TODAY - dt.timedelta(days=5)
    QuestionnaireResponse.objects.create(
        patient=patient, instrument=PHQ9.id, answers=[2] * 9, score=18, band="-", date=older
    )
    for _ in range(20):
        QuestionnaireResponse.objects.create(
            patient=patient, instrument=ESS.id, answers=[1] * 8, score=8, band="-", date=TODAY
        )
    phq9 = services._latest_valid_each(patient, (PHQ9, ESS), TODAY)[PHQ9.id]
    assert phq9 is not None
    assert phq9[1] == older
