"""``baclo migrate``: applies the migrations (here on the already migrated test database)."""

from __future__ import annotations

import pytest


@pytest.mark.django_db
def test_it_reports_an_up_to_date_database(run_cli):
    result = run_cli("migrate")
    assert result.exit_code == 0, result.stderr
    assert "No migrations to apply" in result.stdout
