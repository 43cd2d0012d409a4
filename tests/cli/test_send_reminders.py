"""``baclo send-reminders``: sends the e-mail reminders due now and says how many."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_it_reports_how_many_reminders_it_sent(run_cli):
    result = run_cli("send-reminders")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "0 reminder(s) sent\n"
