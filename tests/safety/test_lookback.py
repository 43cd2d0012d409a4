"""The rules read only the last LOOKBACK_DAYS days: a state built from those days alone raises
exactly the alerts of the whole journal, so the web builds it from a bounded query."""

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from baclo.safety import evaluate
from baclo.safety.state import LOOKBACK_DAYS
from tests.safety.test_evaluate import TODAY, entries, states

JOURNAL_DAYS = 60


#: Up to two months of entries ending today, some days left out.
long_journals = entries(days=st.sets(st.integers(-(JOURNAL_DAYS - 1), 0), min_size=1, max_size=40))


@settings(max_examples=150, deadline=None)
@given(states, long_journals)
def test_days_before_the_lookback_change_no_alert(patient, journal):
    whole = dataclasses.replace(patient, entries=journal)
    first = TODAY - dt.timedelta(days=LOOKBACK_DAYS - 1)
    recent = dataclasses.replace(patient, entries=[e for e in journal if e.date >= first])
    assert [a.to_dict() for a in evaluate(recent)] == [a.to_dict() for a in evaluate(whole)]
